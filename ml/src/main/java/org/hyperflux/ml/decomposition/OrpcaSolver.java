package org.hyperflux.ml.decomposition;

import org.hyperflux.ml.internal.Simd;
import org.hyperflux.ml.internal.SmallMatrices;

/**
 * ORPCA's inner problem for one sample or one mini-batch (HyperSpy 1.7.3 {@code rpca._solveproj}):
 * given the subspace {@code L} ({@code m × k}), find the coefficients {@code r} and the sparse
 * error {@code e} of each sample {@code z} by alternating
 * {@code r = (LᵀL + λ1·I)⁻¹Lᵀ(z − e)} and {@code e = S_λ2(z − L·r)} (soft threshold) until
 * {@code max(‖Δr‖, ‖Δe‖)/m < 1e-5} or the iteration cap. For a mini-batch the norms are
 * Frobenius norms over the batch (HyperSpy takes the matrix 2-norm; Frobenius is the stricter
 * test).
 *
 * <p>{@link #prepare} computes {@code P = (LᵀL + λ1·I)⁻¹Lᵀ} once per subspace (a k×k inversion
 * by hand). Holds preallocated scratch only: nothing is allocated per sample. Not thread-safe.
 */
final class OrpcaSolver {
  private final int m;
  private final int k;
  private final double lambda1;
  private final double lambda2;
  private final int maxIterations;
  /** P's rows, k arrays of length m. */
  private final double[][] p;
  private final double[] gram;
  private final double[] inverse;
  private final double[] w;
  private final double[] rNew;
  private double[][] l;
  /** P·L, k × k row-major. */
  private final double[] pl;
  /** Per sample of the batch: c = clip(z − L·r, ±λ2) and P·c. */
  private double[][] clipped = new double[0][];
  private double[][] pc = new double[0][];

  OrpcaSolver(int m, int k, double lambda1, double lambda2, int maxIterations) {
    this.m = m;
    this.k = k;
    this.lambda1 = lambda1;
    this.lambda2 = lambda2;
    this.maxIterations = maxIterations;
    this.p = new double[k][m];
    this.gram = new double[k * k];
    this.inverse = new double[k * k];
    this.w = new double[m];
    this.rNew = new double[k];
    this.pl = new double[k * k];
  }

  /** Uses the subspace {@code l} (k column arrays of length m, read, not copied) until the next call. */
  void prepare(double[][] l) {
    this.l = l;
    for (int d = 0; d < k; d++) {
      SmallMatrices.transposeTimes(l, k, l[d], m, rNew);   // column d of LᵀL
      for (int c = 0; c < k; c++) gram[c * k + d] = rNew[c];
    }
    for (int c = 0; c < k; c++) {
      for (int d = c + 1; d < k; d++) gram[d * k + c] = gram[c * k + d];   // exactly symmetric
      gram[c * k + c] += lambda1;
    }
    SmallMatrices.invert(gram, k, inverse);
    for (int c = 0; c < k; c++) {
      java.util.Arrays.fill(p[c], 0);
      System.arraycopy(inverse, c * k, rNew, 0, k);
      SmallMatrices.addTimes(l, k, rNew, p[c], m);
    }
    for (int d = 0; d < k; d++) {
      SmallMatrices.transposeTimes(p, k, l[d], m, rNew);   // column d of P·L
      for (int c = 0; c < k; c++) pl[c * k + d] = rNew[c];
    }
  }

  /**
   * Solves the {@code b} samples {@code z[0..b)} starting from {@code r} ({@code b × k}) and
   * {@code e} ({@code b × m}), which hold the result on return; returns the iterations made.
   *
   * <p>After the first step, {@code z − e = L·r + c} with {@code c = clip(z − L·r, ±λ2)}, so the
   * next {@code r = P·L·r + P·c} ({@code P·L} is k × k): one product with {@code L} and one with
   * {@code P} per iteration, in branch-free loops. The iterates are HyperSpy's up to rounding.
   */
  int solve(double[][] z, double[][] r, double[][] e, int b) {
    ensureBatch(b);
    int it = 0;
    while (it < maxIterations) {
      it++;
      double dr = 0;
      double de = 0;
      for (int s = 0; s < b; s++) {
        double[] zs = z[s];
        double[] es = e[s];
        double[] rs = r[s];
        double[] cs = clipped[s];
        double[] pcs = pc[s];
        if (it == 1) {
          for (int j = 0; j < m; j++) w[j] = zs[j] - es[j];
          SmallMatrices.transposeTimes(p, k, w, m, rNew);
        } else {
          for (int c = 0; c < k; c++) {
            double v = pcs[c];
            for (int d = 0; d < k; d++) v += pl[c * k + d] * rs[d];
            rNew[c] = v;
          }
        }
        for (int c = 0; c < k; c++) {
          double d = rNew[c] - rs[c];
          dr += d * d;
          rs[c] = rNew[c];
          rNew[c] = -rNew[c];
        }
        System.arraycopy(zs, 0, w, 0, m);
        SmallMatrices.addTimes(l, k, rNew, w, m);
        if (Simd.available()) {
          de += Simd.clipAndProject(w, es, cs, lambda2, m, p, k, pcs);
        } else {
          de += clip(w, es, cs, lambda2, m);
          SmallMatrices.transposeTimes(p, k, cs, m, pcs);
        }
      }
      if (Math.max(Math.sqrt(dr), Math.sqrt(de)) / m < 1e-5) break;
    }
    return it;
  }

  /**
   * {@code c = clip(y, ±λ)} and {@code e = y − c = S_λ(y)} (HyperSpy's soft threshold); returns
   * {@code ‖Δe‖²}, in four partial sums so that the loop is not one long dependency chain.
   */
  static double clip(double[] y, double[] e, double[] c, double lambda, int m) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < m; j += 4) {
      s0 = clipOne(y, e, c, lambda, j, s0);
      s1 = clipOne(y, e, c, lambda, j + 1, s1);
      s2 = clipOne(y, e, c, lambda, j + 2, s2);
      s3 = clipOne(y, e, c, lambda, j + 3, s3);
    }
    for (; j < m; j++) s0 = clipOne(y, e, c, lambda, j, s0);
    return (s0 + s1) + (s2 + s3);
  }

  private static double clipOne(double[] y, double[] e, double[] c, double lambda, int j, double sum) {
    double v = y[j];
    double cj = v > lambda ? lambda : v < -lambda ? -lambda : v;
    double ej = v - cj;
    double d = ej - e[j];
    e[j] = ej;
    c[j] = cj;
    return Math.fma(d, d, sum);
  }

  private void ensureBatch(int b) {
    if (clipped.length < b) {
      clipped = new double[b][m];
      pc = new double[b][k];
    }
  }
}
