package org.hyperflux.io.hyperspy;

import java.time.Duration;

/**
 * Counts the chunk writes of one file that are in progress, so that a failed or cancelled save
 * can wait for them before it deletes what was written: after {@link #close()} no new write
 * starts ({@link #enter()} returns false), and {@link #awaitIdle} returns once the writes already
 * running have ended. Without it a write still running on another thread could recreate a
 * directory that the cleanup had just removed.
 */
final class WriteGate {
  private int inFlight;
  private boolean closed;

  /** Registers a write about to start; false (and nothing registered) once closed. */
  synchronized boolean enter() {
    if (closed) return false;
    inFlight++;
    return true;
  }

  /** A write registered by {@link #enter()} has ended (normally or not). */
  synchronized void exit() {
    inFlight--;
    if (inFlight == 0) notifyAll();
  }

  /** Lets no further write start. */
  synchronized void close() {
    closed = true;
  }

  /** Whether {@link #close()} was called. */
  synchronized boolean isClosed() {
    return closed;
  }

  /** Waits until no write is in progress or {@code timeout} passes; true when idle. */
  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long left = end - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
