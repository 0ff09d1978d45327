package org.hyperflux.ml.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The top-k eigen route agrees with EJML's full symmetric eigen-decomposition, clusters and
 * repeated eigenvalues included.
 */
class LinalgTest {
  /** A symmetric matrix {@code V·diag(λ)·Vᵀ} with the given spectrum and a seeded random basis. */
  static double[] withSpectrum(double[] lambda, long seed) {
    int n = lambda.length;
    Random r = new Random(seed);
    double[] g = new double[n * n];
    for (int i = 0; i < g.length; i++) g[i] = r.nextGaussian();
    double[] q = Linalg.orthonormalColumns(g, n, n);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int c = 0; c < n; c++) s += q[i * n + c] * lambda[c] * q[j * n + c];
        a[i * n + j] = s;
      }
    }
    return a;
  }

  @ParameterizedTest
  @CsvSource({"100, 8, 0", "100, 8, 1", "257, 20, 2", "64, 32, 3", "513, 8, 1", "40, 3, 2"})
  void topEigenpairsMatchTheFullDecomposition(int n, int k, int kind) {
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      switch (kind) {
        case 0: lambda[i] = Math.pow(0.9, i) * 1000; break;
        case 1: lambda[i] = i < 4 ? 1000 - i : 1 + 1e-6 * i; break;   // a flat noise floor
        case 2: lambda[i] = i < 6 ? 50 : (i < 10 ? 7 : 0); break;       // repeated and zero eigenvalues
        default: lambda[i] = n - i; break;
      }
    }
    double[] a = withSpectrum(lambda, 42 + kind);
    Linalg.Eigen top = TopEigen.of(a, n, k);
    Linalg.Eigen full = Linalg.fullEigen(a, n, k);
    double scale = lambda[0];
    for (int c = 0; c < k; c++) {
      assertThat(top.values()[c]).isCloseTo(full.values()[c], within(1e-11 * scale));
    }
    // Eigenvectors: A·v = λ·v and orthonormal (within degenerate clusters the basis is arbitrary).
    for (int c = 0; c < k; c++) {
      double[] v = top.vector(c);
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) s += a[i * n + j] * v[j];
        assertThat(s).isCloseTo(top.values()[c] * v[i], within(1e-9 * scale));
      }
      for (int d = 0; d <= c; d++) {
        double dot = 0;
        double[] w = top.vector(d);
        for (int j = 0; j < n; j++) dot += v[j] * w[j];
        assertThat(dot).isCloseTo(c == d ? 1 : 0, within(1e-9));
      }
      if (c > 0 && top.values()[c - 1] - top.values()[c] > 1e-3 * scale
          && (c + 1 == k || top.values()[c] - top.values()[c + 1] > 1e-3 * scale)) {
        assertThat(top.vector(c)).containsExactly(full.vector(c), within(1e-8));
      }
    }
  }
}
