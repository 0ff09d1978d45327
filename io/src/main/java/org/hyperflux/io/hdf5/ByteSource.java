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
   * Reads exactly {@code dst.remaining()} bytes at absolute position {@code pos} into {@code dst}
   * (a direct buffer: native memory the bytes are decoded from).
   *
   * @throws IOException when the bytes lie past the end (a truncated file) or the read fails
   */
  void read(long pos, ByteBuffer dst) throws IOException;

  /**
   * A file channel read with positional reads only (thread-safe: the channel's position is never
   * used), checking each range against the size {@code size} the file had when it was opened.
   * Reads into arrays go in slices of at most {@link ReadChannel#SLICE_BYTES}; reads into direct
   * buffers go straight in.
   */
  static ByteSource of(FileChannel channel, long size) {
    return new ByteSource() {
      @Override
      public void read(long pos, byte[] dst, int off, int len) throws IOException {
        check(pos, len);
        long p = pos;
        for (int done = 0; done < len; ) {
          int n = channel.read(
              ByteBuffer.wrap(dst, off + done, Math.min(ReadChannel.SLICE_BYTES, len - done)), p);
          if (n < 0) throw endsAt(p, pos, len);
          p += n;
          done += n;
        }
      }

      @Override
      public void read(long pos, ByteBuffer dst) throws IOException {
        int len = dst.remaining();
        check(pos, len);
        long p = pos;
        while (dst.hasRemaining()) {
          int n = channel.read(dst, p);
          if (n < 0) throw endsAt(p, pos, len);
          p += n;
        }
      }

      private void check(long pos, int len) throws IOException {
        if (pos < 0 || pos + len > size) {
          throw new IOException("bytes " + pos + ".." + (pos + len) + " lie past the end of the"
              + " file (" + size + " bytes): the file is truncated or damaged");
        }
      }

      private IOException endsAt(long p, long pos, int len) {
        return new IOException("the file ends at byte " + p + " while reading bytes " + pos + ".."
            + (pos + len) + ": the file is truncated");
      }
    };
  }

  /** Bytes held in memory, positions counted from 0. */
  static ByteSource of(byte[] bytes) {
    return new ByteSource() {
      @Override
      public void read(long pos, byte[] dst, int off, int len) throws IOException {
        check(pos, len);
        System.arraycopy(bytes, (int) pos, dst, off, len);
      }

      @Override
      public void read(long pos, ByteBuffer dst) throws IOException {
        int len = dst.remaining();
        check(pos, len);
        dst.put(bytes, (int) pos, len);
      }

      private void check(long pos, int len) throws IOException {
        if (pos < 0 || pos + len > bytes.length) {
          throw new IOException("bytes " + pos + ".." + (pos + len) + " lie outside the "
              + bytes.length + " stored bytes");
        }
      }
    };
  }
}
