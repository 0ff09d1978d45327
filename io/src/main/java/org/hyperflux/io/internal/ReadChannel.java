package org.hyperflux.io.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The read-only file channel of one source handle (shared by the file formats of this module), read only with positional reads (which are
 * safe from several threads at once and never move a shared position). Handles never share a
 * channel, so closing one handle never disturbs another. Reads are never interrupted under the
 * {@code SourceHandle} contract; should a reader thread be interrupted anyway, the JDK closes the
 * channel for every thread: the interrupted read fails, and the other readers reopen the file
 * and go on instead of failing with it.
 */
public final class ReadChannel implements Closeable {
  /**
   * Bytes moved through a file channel at once, here and by the formats' own channels: the JDK
   * moves a heap buffer through a temporary direct buffer of the same size, kept per thread, and
   * allocates and zeroes a new one whenever a larger transfer comes. Slices keep it small and
   * reused.
   */
  public static final int SLICE_BYTES = 1 << 18;

  /** Reopens after a foreign close before giving up (only another interrupt can close it again). */
  private static final int REOPENS = 3;

  private final Path file;
  private FileChannel channel;
  private boolean closed;

  public ReadChannel(Path file) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
  }

  /**
   * Reads into {@code buffer} from its position to its limit, starting at file {@code offset},
   * until it is full or the file ends, in slices of at most {@link #SLICE_BYTES}; returns the
   * number of bytes read.
   */
  public int readFully(ByteBuffer buffer, long offset) throws IOException {
    int start = buffer.position();
    int end = buffer.limit();
    int reopens = 0;
    try {
      while (buffer.position() < end) {
        FileChannel ch = current();
        buffer.limit(Math.min(end, buffer.position() + SLICE_BYTES));
        int n;
        try {
          n = ch.read(buffer, offset + (buffer.position() - start));
        } catch (ClosedByInterruptException e) {
          throw e;
        } catch (ClosedChannelException e) {
          if (Thread.currentThread().isInterrupted() || reopens++ >= REOPENS) throw e;
          reopen(ch);
          continue;
        }
        if (n < 0) break;
      }
    } finally {
      buffer.limit(end);
    }
    return buffer.position() - start;
  }

  /** The file's current size. */
  public long size() throws IOException {
    return current().size();
  }

  private synchronized FileChannel current() throws ClosedChannelException {
    if (closed) throw new ClosedChannelException();
    return channel;
  }

  private synchronized void reopen(FileChannel failed) throws IOException {
    if (closed) throw new ClosedChannelException();
    if (channel == failed) channel = FileChannel.open(file, StandardOpenOption.READ);
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) return;
    closed = true;
    channel.close();
  }
}
