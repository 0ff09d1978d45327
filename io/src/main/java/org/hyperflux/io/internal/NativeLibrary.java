package org.hyperflux.io.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
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
        Path copy = privateCopy(in);
        try {
          System.load(copy.toAbsolutePath().toString());
        } finally {
          Files.deleteIfExists(copy);
        }
        return null;
      } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
        return "cannot load " + NAME + ": " + e.getMessage();
      }
    }

    /**
     * A copy of {@code in} in the temporary directory, in a file this call created (never one
     * that was there, nor a link) that only this user may read or write. Named from the
     * process id and the clock rather than by {@code Files.createTempFile}, whose secure random
     * names cost about 7 ms of each start, on the way to the first chunk. Where the file system
     * has no POSIX permissions, or after eight names already taken, {@code Files.createTempFile}
     * makes it.
     */
    private static Path privateCopy(InputStream in) throws IOException {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"));
      long pid = ProcessHandle.current().pid();
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      for (int attempt = 0; posix && attempt < 8; attempt++) {
        Path path = dir.resolve("hyperflux-io-" + pid + "-" + System.nanoTime() + ".so");
        SeekableByteChannel out;
        try {
          out = Files.newByteChannel(path,
              EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
          continue;
        }
        try (OutputStream stream = Channels.newOutputStream(out)) {
          in.transferTo(stream);
        } catch (IOException e) {
          Files.deleteIfExists(path);
          throw e;
        }
        return path;
      }
      Path path = Files.createTempFile("hyperflux-io", ".so");
      Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
      return path;
    }
  }
}
