package org.hyperflux.ml.fit;

import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.RegionFunction;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.testing.PeakMemory;

/**
 * The forked half of {@link LinearFitMemoryBoundTest}: a linear fit of a generated float32 signal
 * of 512×512|512 (512 MiB) with a 40 MiB budget, printing the largest error of the parameter
 * maps and of chisq against the known coefficients, and the peak heap.
 *
 * <p>The data is {@code y[i, j] = a(i) + b(i)·j + c(i)·step(j)} with small integer coefficients
 * and {@code step(j) = j >= 256}: integers below 2²⁴, exact in float32, so the fit of the model
 * {@code polynomial(1) + step} recovers the coefficients to rounding and chisq is 0.
 */
public final class LinearFitMemoryProbe {
  static final int NY = 512;
  static final int NX = 512;
  static final int M = 512;
  static final long BUDGET = 40L << 20;

  private LinearFitMemoryProbe() {}

  static double a(long i) {
    return 100 + i % 11;
  }

  static double b(long i) {
    return (i % 7) - 3;
  }

  static double c(long i) {
    return 2 * (i % 5);
  }

  static double step(double j) {
    return j >= M / 2 ? 1 : 0;
  }

  /** The generated signal, chunked 4 scan rows at a time (4 MiB chunks). */
  static Signal signal() {
    RegionFunction fill = (region, out) -> {
      int e = 0;
      for (long y = region.offset(0); y < region.end(0); y++) {
        for (long x = region.offset(1); x < region.end(1); x++) {
          long i = y * NX + x;
          for (long j = region.offset(2); j < region.end(2); j++) out.setDouble(e++, a(i) + b(i) * j + c(i) * step(j));
        }
      }
    };
    GeneratedSource source = GeneratedSource.ofRegions("linear spectra", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(NY, NX, M), 4, NX, M), fill);
    return Signal.of(LazyArray.of(source), 1);
  }

  public static void main(String[] args) throws Exception {
    Signal s = signal();
    System.out.println("bytes=" + s.data().shape().nbytes(s.dtype()));
    PeakMemory peak = PeakMemory.start();
    long t0 = System.nanoTime();
    LinearModel model = LinearModel.of(LinearComponent.polynomial(1),
        LinearComponent.function("Step", LinearFitMemoryProbe::step));
    LinearFitResult r = LinearFit.of(s, model,
        LinearFitOptions.defaults().withExec(ExecOptions.defaults().withBudgetBytes(BUDGET)));
    System.out.println("seconds=" + (System.nanoTime() - t0) / 1e9);
    double[] a0 = r.values("1st order Polynomial.a0");
    double[] a1 = r.values("1st order Polynomial.a1");
    double[] step = r.values("Step.scale");
    double[] chisq = r.chisqValues();
    double worst = 0;
    double worstChisq = 0;
    for (int i = 0; i < a0.length; i++) {
      worst = Math.max(worst, Math.abs(a0[i] - a(i)));
      worst = Math.max(worst, Math.abs(a1[i] - b(i)));
      worst = Math.max(worst, Math.abs(step[i] - c(i)));
      worstChisq = Math.max(worstChisq, chisq[i]);
    }
    System.out.println("positions=" + a0.length);
    System.out.println("worstError=" + worst);
    System.out.println("worstChisq=" + worstChisq);
    System.out.println("peakHeapUsed=" + peak.stop());
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
  }
}
