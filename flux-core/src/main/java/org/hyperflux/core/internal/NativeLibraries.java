package org.hyperflux.core.internal;

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
 * Loads hyperflux's own JNI libraries: {@code libhyperflux-core.so} (flux-core's sum kernels) and
 * {@code libhyperflux-io.so} (io's libdeflate binding and unshuffle). Each module's build compiles
 * its library on Linux x86-64 where gcc and the JDK's {@code jni.h} are found
 * ({@code native/build-jni.sh}) into {@code native/linux-x86_64/} next to the classes that use it;
 * this class extracts it from the jar and loads it. {@code -Dhyperflux.native=false} leaves every
 * library unloaded: their users then take their Java paths, with the same results.
 *
 * <p>Not API.
 */
public final class NativeLibraries {
  /** The system property that turns the native libraries off ({@code false}). */
  public static final String PROPERTY = "hyperflux.native";

  private NativeLibraries() {}

  /**
   * Loads the library {@code name} (such as {@code libhyperflux-core.so}) found as the resource
   * {@code native/linux-x86_64/}{@code name} of {@code owner}'s package. Call it once per library,
   * from a holder class's static initialiser.
   *
   * @return null when the library is loaded, otherwise why it is not
   */
  public static String load(Class<?> owner, String name) {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
      return "turned off by -D" + PROPERTY + "=false";
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return "no native library for " + os + " " + arch;
    }
    try (InputStream in = owner.getResourceAsStream("native/linux-x86_64/" + name)) {
      if (in == null) return name + " was not built (no gcc or jni.h at build time)";
      // Loaded from a private copy, deleted at once: the mapping outlives the file.
      Path copy = privateCopy(in, name.replaceFirst("^lib", "").replaceFirst("\\.so$", ""));
      try {
        System.load(copy.toAbsolutePath().toString());
      } finally {
        Files.deleteIfExists(copy);
      }
      return null;
    } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
      return "cannot load " + name + ": " + e.getMessage();
    }
  }

  /**
   * A copy of {@code in} in the temporary directory, in a file this call created (never one that
   * was there, nor a link) that only this user may read or write, named {@code prefix-*.so}.
   * Named from the process id and the clock rather than by {@code Files.createTempFile}, whose
   * secure random names cost about 7 ms of each start, on the way to the first chunk. Where the
   * file system has no POSIX permissions, or after eight names already taken, {@code
   * Files.createTempFile} makes it.
   */
  private static Path privateCopy(InputStream in, String prefix) throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    long pid = ProcessHandle.current().pid();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    for (int attempt = 0; posix && attempt < 8; attempt++) {
      Path path = dir.resolve(prefix + "-" + pid + "-" + System.nanoTime() + ".so");
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
    Path path = Files.createTempFile(prefix, ".so");
    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
    return path;
  }
}
