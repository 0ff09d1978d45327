package org.hyperflux.core.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For probes that check that native code leaves the heap room while it runs: threads that
 * allocate arrays of 1 and 2 MiB (G1's humongous objects, which need collections to find room),
 * keep the last four and drop the rest, until a deadline or until any thread records an error.
 * Code that pins Java arrays ({@code GetPrimitiveArrayCritical}) makes such allocations fail on
 * JDK 17 ("Retried waiting for GCLocker too often"), on a heap they fit without it.
 */
public final class HumongousAllocations {
  private HumongousAllocations() {}

  /**
   * {@code count} threads, not started, allocating until {@code endNanos} ({@link
   * System#nanoTime}) or until {@code error} is set; each allocation is counted in {@code
   * allocations}, and the first failure set in {@code error}.
   */
  public static Thread[] threads(int count, long endNanos, AtomicLong allocations,
      AtomicReference<Throwable> error) {
    Thread[] threads = new Thread[count];
    for (int t = 0; t < count; t++) {
      threads[t] = new Thread(() -> {
        Object[] kept = new Object[4];
        try {
          for (int i = 0; System.nanoTime() < endNanos && error.get() == null; i++) {
            kept[i % kept.length] = new byte[(1 + i % 2) << 20];
            allocations.incrementAndGet();
          }
        } catch (Throwable e) {
          error.compareAndSet(null, e);
        }
      }, "humongous-allocations-" + t);
    }
    return threads;
  }
}
