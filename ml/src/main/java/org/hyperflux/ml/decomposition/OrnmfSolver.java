package org.hyperflux.ml.decomposition;

import org.hyperflux.ml.internal.SmallMatrices;

/**
 * ORNMF's inner problem for one sample or one mini-batch (HyperSpy 1.7.3 {@code
 * ornmf._solveproj}): given the non-negative subspace {@code W} ({@code m × k}), find the
 * non-negative coefficients {@code h} and the sparse outliers {@code e} of each sample {@code v}
 * by projected gradient steps {@code h = max(0, h − η·Wᵀ(W·h + e − v))}, {@code η = κ/‖W‖²_F},
 * alternating with {@code e = clip(S_λ1(v − W·h), −vmax, vmax)}, until
 * {@code max(‖Δh‖, ‖Δe‖)/m < 1e-5} or the iteration cap (HyperSpy: 1e6, where its learning
 * could run for hours). Frobenius norms over a mini-batch.
 *
 * <p>{@code W·h} is computed once per iteration and reused by the next gradient, so an iteration
 * costs {@code 2·m·k} multiply-adds. Preallocated scratch only. Not thread-safe.
 */
final class OrnmfSolver {
  private final int m;
  private final int k;
  private final double lambda1;
  private final double kappa;
  private final int maxIterations;
  private final double[] residual;
  private final double[] gradient;
  private double[][] w;
  private double eta;
  /** W·h of each sample of the batch, valid for the current h. */
  private double[][] wh = new double[1][];

  OrnmfSolver(int m, int k, double lambda1, double kappa, int maxIterations) {
    this.m = m;
    this.k = k;
    this.lambda1 = lambda1;
    this.kappa = kappa;
    this.maxIterations = maxIterations;
    this.residual = new double[m];
    this.gradient = new double[k];
  }

  /** Uses the subspace {@code w} (k column arrays of length m, read, not copied) until the next call. */
  void prepare(double[][] w) {
    this.w = w;
    double norm = 0;
    for (int c = 0; c < k; c++) norm += SmallMatrices.squaredNorm(w[c], m);
    this.eta = norm > 0 ? kappa / norm : 0;
  }

  /**
   * Solves the {@code b} samples {@code v[0..b)} from {@code h} ({@code b × k}) and {@code e}
   * ({@code b × m}), which hold the result on return; returns the iterations made.
   */
  int solve(double[][] v, double[][] h, double[][] e, int b, double vmax) {
    if (wh.length < b || wh[0] == null) {
      wh = new double[Math.max(b, wh.length)][m];
    }
    for (int s = 0; s < b; s++) product(h[s], wh[s]);
    int it = 0;
    while (it < maxIterations) {
      it++;
      double dh = 0;
      double de = 0;
      for (int s = 0; s < b; s++) {
        double[] vs = v[s];
        double[] es = e[s];
        double[] hs = h[s];
        double[] q = wh[s];
        for (int j = 0; j < m; j++) residual[j] = q[j] + es[j] - vs[j];
        SmallMatrices.transposeTimes(w, k, residual, m, gradient);
        for (int c = 0; c < k; c++) {
          double next = Math.max(0, hs[c] - eta * gradient[c]);
          double d = next - hs[c];
          dh += d * d;
          hs[c] = next;
        }
        product(hs, q);
        de += outliers(vs, q, es, vmax);
      }
      if (Math.max(Math.sqrt(dh), Math.sqrt(de)) / m < 1e-5) break;
    }
    return it;
  }

  /**
   * {@code e = clip(S_λ1(v − q), ±vmax)} (HyperSpy's {@code _thresh}); returns {@code ‖Δe‖²}, in
   * four partial sums so that the loop is not one long dependency chain.
   */
  private double outliers(double[] v, double[] q, double[] e, double vmax) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < m; j += 4) {
      s0 = outlier(v, q, e, vmax, j, s0);
      s1 = outlier(v, q, e, vmax, j + 1, s1);
      s2 = outlier(v, q, e, vmax, j + 2, s2);
      s3 = outlier(v, q, e, vmax, j + 3, s3);
    }
    for (; j < m; j++) s0 = outlier(v, q, e, vmax, j, s0);
    return (s0 + s1) + (s2 + s3);
  }

  private double outlier(double[] v, double[] q, double[] e, double vmax, int j, double sum) {
    double x = v[j] - q[j];
    double t = x > lambda1 ? x - lambda1 : x < -lambda1 ? x + lambda1 : 0;
    t = t > vmax ? vmax : t < -vmax ? -vmax : t;
    double d = t - e[j];
    e[j] = t;
    return Math.fma(d, d, sum);
  }

  private void product(double[] h, double[] out) {
    java.util.Arrays.fill(out, 0, m, 0);
    SmallMatrices.addTimes(w, k, h, out, m);
  }
}
