package org.hyperflux.core.exec;

import java.io.IOException;
import java.util.concurrent.CancellationException;

/**
 * One execution's reference-counted lease on a source's handle: opened on the first read,
 * closed exactly once when the execution has ended and the last in-flight read has returned.
 * A read is never interrupted; cancellation only stops new reads from starting.
 */
final class SourceLease {
  private final Source source;
  private SourceHandle handle;
  private int reads;
  private boolean ending;
  private boolean closed;
  private IOException closeError;

  SourceLease(Source source) {
    this.source = source;
  }

  synchronized SourceHandle acquire() throws IOException {
    if (ending) {
      throw new CancellationException("execution over " + source.description() + " has ended");
    }
    if (handle == null) handle = source.open();
    reads++;
    return handle;
  }

  void release() {
    boolean close;
    synchronized (this) {
      reads--;
      close = ending && reads == 0;
    }
    if (close) closeOnce();
  }

  /** The execution ends: close now, or when the last in-flight read returns. */
  void end() {
    boolean close;
    synchronized (this) {
      ending = true;
      close = reads == 0;
    }
    if (close) closeOnce();
  }

  private void closeOnce() {
    SourceHandle h;
    synchronized (this) {
      if (closed || handle == null) {
        closed = true;
        return;
      }
      closed = true;
      h = handle;
    }
    try {
      h.close();
    } catch (IOException e) {
      synchronized (this) {
        closeError = e;
      }
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  synchronized IOException closeError() {
    return closeError;
  }
}
