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
  default void read(long pos, byte[] dst, int off, int len) throws IOException {
    read(pos, ByteBuffer.wrap(dst, off, len));
  }

  /**
   * Reads exactly {@code dst.remaining()} bytes at absolute position {@code pos} into {@code dst}
   * (a heap buffer, or a direct one: native memory the bytes are decoded from).
   *
   * @throws IOException when the bytes lie past the end (a truncated file) or the read fails
   */
  void read(long pos, ByteBuffer dst) throws IOException;

  /**
   * A file channel read with positional reads only (thread-safe: the channel's position is never
   * used), checking each range against the size {@code size} the file had when it was opened.
   * Heap buffers are read in slices of at most {@link ReadChannel#SLICE_BYTES}; direct buffers
   * go straight in.
   */
  static ByteSource of(FileChannel channel, long size) {
    return new ByteSource() {
      @Override
      public void read(long pos, ByteBuffer dst) throws IOException {
        int len = dst.remaining();
        if (pos < 0 || pos + len > size) {
          throw new IOException("bytes " + pos + ".." + (pos + len) + " lie past the end of the"
              + " file (" + size + " bytes): the file is truncated or damaged");
        }
        int end = dst.limit();
        long p = pos;
        try {
          while (dst.position() < end) {
            if (!dst.isDirect()) dst.limit(Math.min(end, dst.position() + ReadChannel.SLICE_BYTES));
            int n = channel.read(dst, p);
            if (n < 0) {
              throw new IOException("the file ends at byte " + p + " while reading bytes " + pos
                  + ".." + (pos + len) + ": the file is truncated");
            }
            p += n;
          }
        } finally {
          dst.limit(end);
        }
      }
    };
  }

  /** Bytes held in memory, positions counted from 0. */
  static ByteSource of(byte[] bytes) {
    return new ByteSource() {
      @Override
      public void read(long pos, ByteBuffer dst) throws IOException {
        int len = dst.remaining();
        if (pos < 0 || pos + len > bytes.length) {
          throw new IOException("bytes " + pos + ".." + (pos + len) + " lie outside the "
              + bytes.length + " stored bytes");
        }
        dst.put(bytes, (int) pos, len);
      }
    };
  }
}
