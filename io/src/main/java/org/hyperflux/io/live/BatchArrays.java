package org.hyperflux.io.live;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Recycles the raw byte arrays of one connection's batches: the event loop fills one, a decoder
 * gives it back once its pixels are converted. Saves allocating and zeroing ~2 MiB per batch (as
 * much memory traffic as the copy itself). Holds at most {@link #CAPACITY} idle arrays; arrays
 * of another size (the scan's last, shorter batch) are not kept. Thread-safe.
 */
final class BatchArrays {
  static final int CAPACITY = 4;
  private final ArrayBlockingQueue<byte[]> idle = new ArrayBlockingQueue<>(CAPACITY);

  /** An array of exactly {@code length} bytes, contents undefined. */
  byte[] take(int length) {
    byte[] a = idle.poll();
    return a != null && a.length == length ? a : new byte[length];
  }

  void give(byte[] array) {
    idle.offer(array);
  }
}
