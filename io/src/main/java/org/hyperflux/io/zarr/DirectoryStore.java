package org.hyperflux.io.zarr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.io.internal.ReadChannel;

/**
 * A zarr v2 directory store for one array: chunk {@code (i, j, k)} is the file {@code i.j.k}
 * (separator {@code "."}) or {@code i/j/k} (separator {@code "/"}) under the array's directory,
 * and {@code 0} for a rank-0 array. A missing chunk file means "never written" (the caller reads
 * the fill value). Every read opens its own channel, so no read shares a channel that an
 * interrupt could close. Reads and writes move at most {@link ReadChannel#SLICE_BYTES} at once,
 * so the JDK's per-thread temporary direct buffers stay small. A write goes to a hidden temporary file in the
 * target's directory, which is then renamed over the target atomically, so a reader (ours or
 * zarr-python) sees either the old chunk or the new one, never part of one.
 */
final class DirectoryStore {
  private final Path root;
  private final String separator;

  DirectoryStore(Path root, String separator) {
    this.root = root;
    this.separator = separator;
  }

  /** The key of chunk {@code index}: coordinates joined by the separator; {@code "0"} at rank 0. */
  String key(ChunkIndex index) {
    if (index.rank() == 0) return "0";
    StringBuilder b = new StringBuilder();
    for (int a = 0; a < index.rank(); a++) {
      if (a > 0) b.append(separator);
      b.append(index.get(a));
    }
    return b.toString();
  }

  /** The file holding chunk {@code key}. */
  Path file(String key) {
    return root.resolve(key);
  }

  /** The bytes of chunk {@code key}, or null when the file does not exist. */
  byte[] read(String key) throws IOException {
    Path file = file(key);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException("chunk file " + file + " has " + size + " bytes, more than one Java array holds");
      }
      byte[] out = new byte[(int) size];
      int n = 0;
      while (n < out.length) {
        int k = ch.read(ByteBuffer.wrap(out, n, Math.min(ReadChannel.SLICE_BYTES, out.length - n)));
        if (k < 0) {
          throw new IOException("chunk file " + file + " ended after " + n + " of its " + size
              + " bytes (it changed while being read)");
        }
        n += k;
      }
      return out;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * The bytes of chunk {@code key} in a direct buffer of {@link DirectChunkBuffers} (position 0,
   * limit the file's size), to be released there when no longer read; null when the file does
   * not exist. The file is read straight into the buffer, without the JDK's temporary one.
   */
  ByteBuffer readDirect(String key) throws IOException {
    Path file = file(key);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException("chunk file " + file + " has " + size + " bytes, more than one buffer holds");
      }
      ByteBuffer out = DirectChunkBuffers.acquire((int) size);
      try {
        while (out.hasRemaining()) {
          if (ch.read(out) < 0) {
            throw new IOException("chunk file " + file + " ended after " + out.position()
                + " of its " + size + " bytes (it changed while being read)");
          }
        }
      } catch (IOException | RuntimeException e) {
        DirectChunkBuffers.release(out);
        throw e;
      }
      return out.flip();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Writes chunk {@code key} atomically (temporary file, then rename), creating nested directories. */
  void write(String key, byte[] data, int length) throws IOException {
    Path file = file(key);
    if (separator.equals("/") && file.getParent() != null) Files.createDirectories(file.getParent());
    writeAtomically(file, data, length);
  }

  /**
   * Writes {@code data[0, length)} to a hidden temporary file beside {@code file} and renames it
   * over {@code file}; the temporary file is removed on any failure.
   */
  static void writeAtomically(Path file, byte[] data, int length) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + file.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".partial");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        int n = 0;
        while (n < length) {
          n += ch.write(ByteBuffer.wrap(data, n, Math.min(ReadChannel.SLICE_BYTES, length - n)));
        }
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
