package org.hyperflux.core.exec;

/**
 * A snapshot of an execution's progress: chunks and bytes done out of the total, the pass, and
 * the time since the start. Immutable.
 */
public record Progress(
    String label, int pass, int passes, long chunksDone, long chunksTotal, long bytesDone,
    long bytesTotal, long elapsedNanos) {

  /** Fraction done in [0, 1] (1 when there is nothing to do). */
  public double fraction() {
    return chunksTotal == 0 ? 1 : (double) chunksDone / chunksTotal;
  }

  /** Bytes per second so far. */
  public double bytesPerSecond() {
    return elapsedNanos == 0 ? 0 : bytesDone * 1e9 / elapsedNanos;
  }
}
