package org.hyperflux.ml.internal;

/**
 * Allocation-free helpers for the {@code k × k} matrices and length-{@code m} vectors of the
 * online decompositions' per-sample loops, where a general library call per sample would cost
 * more than the arithmetic. Matrices are row-major {@code double[]}; nothing is allocated.
 */
public final class SmallMatrices {
  private SmallMatrices() {}

  /**
   * Inverts the {@code k × k} matrix {@code a} into {@code inverse} by Gauss-Jordan elimination
   * with partial pivoting; {@code a} is overwritten.
   *
   * @throws ArithmeticException if {@code a} is singular to working precision
   */
  public static void invert(double[] a, int k, double[] inverse) {
    java.util.Arrays.fill(inverse, 0, k * k, 0);
    for (int i = 0; i < k; i++) inverse[i * k + i] = 1;
    double scale = 0;
    for (int i = 0; i < k * k; i++) scale = Math.max(scale, Math.abs(a[i]));
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]) > Math.abs(a[pivot * k + col])) pivot = r;
      double p = a[pivot * k + col];
      if (!(Math.abs(p) > 1e-14 * scale)) {
        throw new ArithmeticException("a " + k + "x" + k + " system is singular (pivot " + p + ")");
      }
      if (pivot != col) {
        swapRows(a, k, pivot, col);
        swapRows(inverse, k, pivot, col);
      }
      double inv = 1 / p;
      for (int j = 0; j < k; j++) {
        a[col * k + j] *= inv;
        inverse[col * k + j] *= inv;
      }
      for (int r = 0; r < k; r++) {
        if (r == col) continue;
        double f = a[r * k + col];
        if (f == 0) continue;
        for (int j = 0; j < k; j++) {
          a[r * k + j] -= f * a[col * k + j];
          inverse[r * k + j] -= f * inverse[col * k + j];
        }
      }
    }
  }

  private static void swapRows(double[] a, int k, int r1, int r2) {
    for (int j = 0; j < k; j++) {
      double t = a[r1 * k + j];
      a[r1 * k + j] = a[r2 * k + j];
      a[r2 * k + j] = t;
    }
  }

  /** {@code Σ x[j]·y[j]} over {@code [0, m)}, in four interleaved partial sums. */
  public static double dot(double[] x, double[] y, int m) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < m; j += 4) {
      s0 = Math.fma(x[j], y[j], s0);
      s1 = Math.fma(x[j + 1], y[j + 1], s1);
      s2 = Math.fma(x[j + 2], y[j + 2], s2);
      s3 = Math.fma(x[j + 3], y[j + 3], s3);
    }
    for (; j < m; j++) s0 = Math.fma(x[j], y[j], s0);
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * {@code out[c] = Σ_j cols[c][j]·y[j]} for every {@code c < k}: the product of the transpose of
   * the {@code m × k} matrix stored as {@code k} column arrays with {@code y}; four columns per
   * sweep over {@code y}.
   */
  public static void transposeTimes(double[][] cols, int k, double[] y, int m, double[] out) {
    if (Simd.available()) {
      Simd.project(cols, k, y, m, out, 0);
      return;
    }
    int c = 0;
    for (; c + 7 < k; c += 8) transposeTimes8(cols, c, y, m, out);
    for (; c + 3 < k; c += 4) {
      double[] x0 = cols[c];
      double[] x1 = cols[c + 1];
      double[] x2 = cols[c + 2];
      double[] x3 = cols[c + 3];
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int j = 0; j < m; j++) {
        double v = y[j];
        s0 = Math.fma(x0[j], v, s0);
        s1 = Math.fma(x1[j], v, s1);
        s2 = Math.fma(x2[j], v, s2);
        s3 = Math.fma(x3[j], v, s3);
      }
      out[c] = s0;
      out[c + 1] = s1;
      out[c + 2] = s2;
      out[c + 3] = s3;
    }
    for (; c < k; c++) out[c] = dot(cols[c], y, m);
  }

  /** {@link #transposeTimes} for the eight columns from {@code c}, in one sweep over {@code y}. */
  private static void transposeTimes8(double[][] cols, int c, double[] y, int m, double[] out) {
    double[] x0 = cols[c];
    double[] x1 = cols[c + 1];
    double[] x2 = cols[c + 2];
    double[] x3 = cols[c + 3];
    double[] x4 = cols[c + 4];
    double[] x5 = cols[c + 5];
    double[] x6 = cols[c + 6];
    double[] x7 = cols[c + 7];
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    for (int j = 0; j < m; j++) {
      double v = y[j];
      s0 = Math.fma(x0[j], v, s0);
      s1 = Math.fma(x1[j], v, s1);
      s2 = Math.fma(x2[j], v, s2);
      s3 = Math.fma(x3[j], v, s3);
      s4 = Math.fma(x4[j], v, s4);
      s5 = Math.fma(x5[j], v, s5);
      s6 = Math.fma(x6[j], v, s6);
      s7 = Math.fma(x7[j], v, s7);
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
    out[c + 4] = s4;
    out[c + 5] = s5;
    out[c + 6] = s6;
    out[c + 7] = s7;
  }

  /**
   * {@code y[j] += Σ_c coef[c]·cols[c][j]}: adds the {@code m × k} matrix (as {@code k} column
   * arrays) times {@code coef} to {@code y}, four columns per sweep.
   */
  public static void addTimes(double[][] cols, int k, double[] coef, double[] y, int m) {
    int c = 0;
    for (; c + 3 < k; c += 4) {
      RowKernels.rank4(y, cols[c], cols[c + 1], cols[c + 2], cols[c + 3], coef[c], coef[c + 1], coef[c + 2],
          coef[c + 3], 0, m);
    }
    for (; c + 1 < k; c += 2) RowKernels.rank2(y, cols[c], cols[c + 1], coef[c], coef[c + 1], 0, m);
    if (c < k) RowKernels.rank1(y, cols[c], coef[c], 0, m);
  }

  /** {@code Σ x[j]²}. */
  public static double squaredNorm(double[] x, int m) {
    return dot(x, x, m);
  }
}
