package org.hyperflux.core.exec;

/**
 * Observes an execution. Called from worker threads, possibly concurrently; implementations
 * must be thread-safe and cheap (a console bar samples, it does not print every call).
 */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** The execution (or one pass of it) starts; {@code p} has the totals and nothing done. */
  default void onStart(Progress p) {}

  /** A chunk has been processed. */
  default void onChunk(Progress p) {}

  /** The execution ended (completed, failed or cancelled); {@code error} is null on success. */
  default void onEnd(Progress p, Throwable error) {}
}
