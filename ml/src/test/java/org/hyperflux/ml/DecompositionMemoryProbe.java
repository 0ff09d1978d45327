package org.hyperflux.ml;

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
 * The forked half of {@link DecompositionMemoryBoundTest}: svd, pca and rsvd (2 components) of a
 * generated rank-2 float32 signal of 1024×512|256 (512 MiB) with a 40 MiB budget, printing the
 * explained variances, the closed-form ones, a loading checked against its closed form, and the peak heap.
 *
 * <p>The data is {@code x[i, j] = a(i) + b(i)·cos(2πj/256)} with {@code a(i) = 1 + i mod 7} and
 * {@code b(i) = (i mod 5) - 2}: the two factors are orthogonal with squared norms 256 and 128, so
 * {@code XᵀX} on their span is {@code D·[aᵀa aᵀb; aᵀb bᵀb]·D} with {@code D = diag(16, √128)}, whose
 * eigenvalues are known in closed form (and likewise for the centred data).
 */
public final class DecompositionMemoryProbe {
  static final int NY = 1024;
  static final int NX = 512;
  static final int M = 256;
  /** Under a third of the heap, leaving the GC room (4 MiB chunks are humongous objects in a 128 MiB G1 heap). */
  static final long BUDGET = 40L << 20;

  private DecompositionMemoryProbe() {}

  static double a(long i) {
    return 1 + i % 7;
  }

  static double b(long i) {
    return (i % 5) - 2;
  }

  /** The generated signal, chunked 8 scan rows at a time (4 MiB chunks). */
  static Signal signal() {
    double[] cos = new double[M];
    for (int j = 0; j < M; j++) cos[j] = Math.cos(2 * Math.PI * j / M);
    RegionFunction fill = (region, out) -> {
      int e = 0;
      for (long y = region.offset(0); y < region.end(0); y++) {
        for (long x = region.offset(1); x < region.end(1); x++) {
          long i = y * NX + x;
          double ai = a(i);
          double bi = b(i);
          for (long j = region.offset(2); j < region.end(2); j++) out.setDouble(e++, ai + bi * cos[(int) j]);
        }
      }
    };
    GeneratedSource source = GeneratedSource.ofRegions("rank-2 spectra", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(NY, NX, M), 8, NX, M), fill);
    return Signal.of(LazyArray.of(source), 1);
  }

  /** Eigenvalues (descending) of {@code [[p, q], [q, r]]}. */
  static double[] eigen2(double p, double q, double r) {
    double mean = (p + r) / 2;
    double d = Math.sqrt((p - r) * (p - r) / 4 + q * q);
    return new double[] {mean + d, mean - d};
  }

  public static void main(String[] args) throws Exception {
    long n = (long) NY * NX;
    double saa = 0;
    double sab = 0;
    double sbb = 0;
    double sa = 0;
    double sb = 0;
    for (long i = 0; i < n; i++) {
      saa += a(i) * a(i);
      sab += a(i) * b(i);
      sbb += b(i) * b(i);
      sa += a(i);
      sb += b(i);
    }
    double f2 = M;
    double g2 = M / 2.0;
    double[] exact = eigen2(saa * f2, sab * Math.sqrt(f2 * g2), sbb * g2);
    double caa = saa - sa * sa / n;
    double cab = sab - sa * sb / n;
    double cbb = sbb - sb * sb / n;
    double[] centred = eigen2(caa * f2, cab * Math.sqrt(f2 * g2), cbb * g2);
    System.out.println("svdExpected=" + exact[0] / n + "," + exact[1] / n);
    System.out.println("pcaExpected=" + centred[0] / (n - 1) + "," + centred[1] / (n - 1));
    Signal s = signal();
    System.out.println("bytes=" + s.data().shape().nbytes(s.dtype()));
    PeakMemory peak = PeakMemory.start();
    for (String algorithm : new String[] {"svd", "pca", "rsvd"}) {
      long t0 = System.nanoTime();
      DecompositionResult r = Decomposition.of(s, DecompositionOptions.of(algorithm, 2)
          .withExec(ExecOptions.defaults().withBudgetBytes(BUDGET)));
      double[] ev = r.explainedVariance();
      System.out.println(algorithm + "=" + ev[0] + "," + ev[1]);
      System.out.println(algorithm + "Seconds=" + (System.nanoTime() - t0) / 1e9);
      // The model at the last position equals the data there (rank 2, so 2 components are exact).
      long last = n - 1;
      double[] model = r.decompositionModel(2).inav(NX - 1, NY - 1).compute().memory().orElseThrow().toDoubleArray();
      double worst = 0;
      for (int j = 0; j < M; j++) {
        double x = (float) (a(last) + b(last) * Math.cos(2 * Math.PI * j / M));
        worst = Math.max(worst, Math.abs(model[j] - x));
      }
      System.out.println(algorithm + "ModelError=" + worst);
    }
    System.out.println("peakHeapUsed=" + peak.stop());
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
  }
}
