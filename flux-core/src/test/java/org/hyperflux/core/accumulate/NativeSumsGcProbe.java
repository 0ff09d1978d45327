package org.hyperflux.core.accumulate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.testing.HumongousAllocations;

/**
 * Run in a forked JVM with a small heap ({@link NativeSumsTest}): two threads run the native sums
 * without pause while two others allocate and drop arrays of 1 and 2 MiB ({@link
 * HumongousAllocations}). Prints {@code sums}, {@code allocations} and {@code error} ({@code
 * none}, or the first failure). Kernels that pinned the arrays ({@code
 * GetPrimitiveArrayCritical}) made the allocating threads fail here within 0.3 s on JDK 17
 * ("Retried waiting for GCLocker too often"), on a heap the same allocations fit without them.
 */
public final class NativeSumsGcProbe {
  private NativeSumsGcProbe() {}

  public static void main(String[] args) throws Exception {
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
    AtomicLong sums = new AtomicLong();
    AtomicLong allocations = new AtomicLong();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < 2; t++) {
      threads[t] = new Thread(() -> {
        short[] frames = new short[4 * 16_384];
        float[] spectra = new float[4 * 1024];
        long[] sumFrame = new long[16_384];
        double[] sumSpectrum = new double[1024];
        long total = 0;
        try {
          while (System.nanoTime() < end && error.get() == null) {
            total += NativeSums.sum(DType.UINT16, frames, 0, frames.length);
            NativeSums.addRuns(DType.UINT16, frames, 0, 16_384, 4, sumFrame, 0, 16_384);
            NativeSums.addFloatRuns(spectra, 0, 1024, 4, sumSpectrum, 0, 1024, false);
            sums.incrementAndGet();
          }
        } catch (Throwable e) {
          error.compareAndSet(null, e);
        }
        if (total != 0) error.compareAndSet(null, new AssertionError("zeros summed to " + total));
      });
    }
    Thread[] allocating = HumongousAllocations.threads(2, end, allocations, error);
    System.arraycopy(allocating, 0, threads, 2, 2);
    for (Thread t : threads) t.start();
    for (Thread t : threads) t.join();
    System.out.println("sums=" + sums.get());
    System.out.println("allocations=" + allocations.get());
    System.out.println("error=" + (error.get() == null ? "none" : error.get().toString()));
  }
}
