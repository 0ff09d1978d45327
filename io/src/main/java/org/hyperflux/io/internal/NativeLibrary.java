package org.hyperflux.io.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * {@code libhyperflux-io.so}, io's own JNI library ({@code src/main/c}), which io's build compiles
 * on Linux x86-64 where gcc and the JDK's {@code jni.h} are found, and which is extracted from the
 * jar and loaded once, when first needed. It holds {@link Libdeflate}'s binding and {@link
 * NativeUnshuffle}. {@code -Dhyperflux.native=false} leaves it unloaded: both then report
 * themselves unavailable and their callers use the Java paths, with the same results.
 */
final class NativeLibrary {
  static final String PROPERTY = "hyperflux.native";
  private static final String NAME = "libhyperflux-io.so";
  private static final String RESOURCE = "native/linux-x86_64/" + NAME;

  /** Element sizes of the array kinds of {@link #kind}. */
  private static final int[] SIZES = {1, 2, 4, 8, 4, 8};

  private NativeLibrary() {}

  /** Null when the library is loaded, otherwise why it is not. */
  static String unavailable() {
    return Loaded.UNAVAILABLE;
  }

  /**
   * The native side's code for an array class: 0 {@code byte[]}, 1 {@code short[]}, 2 {@code
   * int[]}, 3 {@code long[]}, 4 {@code float[]}, 5 {@code double[]}.
   *
   * @throws IllegalArgumentException for any other object
   */
  static int kind(Object array) {
    if (array instanceof byte[]) return 0;
    if (array instanceof short[]) return 1;
    if (array instanceof int[]) return 2;
    if (array instanceof long[]) return 3;
    if (array instanceof float[]) return 4;
    if (array instanceof double[]) return 5;
    throw new IllegalArgumentException("not a primitive numeric array: "
        + (array == null ? "null" : array.getClass().getSimpleName()));
  }

  /** The element size, in bytes, of the arrays of {@code kind}. */
  static int elementSize(int kind) {
    return SIZES[kind];
  }

  /** Loads the library once, on first use; {@code UNAVAILABLE} is null when it worked. */
  private static final class Loaded {
    static final String UNAVAILABLE = load();

    private static String load() {
      if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
        return "turned off by -D" + PROPERTY + "=false";
      }
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      String arch = System.getProperty("os.arch", "");
      if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
        return "no native library for " + os + " " + arch;
      }
      try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
        if (in == null) return NAME + " was not built (no gcc or jni.h at build time)";
        // Loaded from a private copy, deleted at once: the mapping outlives the file.
        Path copy = Files.createTempFile("hyperflux-io", ".so");
        try {
          Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
          System.load(copy.toAbsolutePath().toString());
        } finally {
          Files.deleteIfExists(copy);
        }
        return null;
      } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
        return "cannot load " + NAME + ": " + e.getMessage();
      }
    }
  }
}
