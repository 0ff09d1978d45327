package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.hyperflux.io.internal.ReadChannel;

/** Positional reads of stored bytes: a file channel shared by concurrent readers, or bytes held in memory. */
interface ByteSource {
  /**
   * Reads exactly {@code len} bytes at absolute position {@code pos} into {@code dst[off..]}.
   *
   * @throws IOException when the bytes lie past the end (a truncated file) or the read fails
   */
  void read(long pos, byte[] dst, int off, int len) throws IOException;

  /**
   * A file channel read with positional reads only (thread-safe: the channel's position is never
   * used), checking each range against the size {@code size} the file had when it was opened,
   * read in slices of at most {@link ReadChannel#SLICE_BYTES}.
   */
  static ByteSource of(FileChannel channel, long size) {
    return (pos, dst, off, len) -> {
      if (pos < 0 || pos + len > size) {
        throw new IOException("bytes " + pos + ".." + (pos + len) + " lie past the end of the file ("
            + size + " bytes): the file is truncated or damaged");
      }
      long p = pos;
      for (int done = 0; done < len; ) {
        int n = channel.read(
            ByteBuffer.wrap(dst, off + done, Math.min(ReadChannel.SLICE_BYTES, len - done)), p);
        if (n < 0) {
          throw new IOException("the file ends at byte " + p + " while reading bytes " + pos + ".."
              + (pos + len) + ": the file is truncated");
        }
        p += n;
        done += n;
      }
    };
  }

  /** Bytes held in memory, positions counted from 0. */
  static ByteSource of(byte[] bytes) {
    return (pos, dst, off, len) -> {
      if (pos < 0 || pos + len > bytes.length) {
        throw new IOException("bytes " + pos + ".." + (pos + len) + " lie outside the "
            + bytes.length + " stored bytes");
      }
      System.arraycopy(bytes, (int) pos, dst, off, len);
    };
  }
}
