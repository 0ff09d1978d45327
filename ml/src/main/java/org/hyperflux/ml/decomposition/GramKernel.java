package org.hyperflux.ml.decomposition;

import static org.hyperflux.ml.internal.RowKernels.rank1;
import static org.hyperflux.ml.internal.RowKernels.rank4;

import org.hyperflux.ml.internal.RowKernels;
import org.hyperflux.ml.internal.Simd;

/**
 * The hot loops of the decompositions on sample rows held as separate arrays: the Gram update
 * {@code G += XᵀX} (blocks of G resident in L2, every inner loop a vectorised
 * {@link RowKernels#rank4} over one row segment), projections on a few vectors, and weighted
 * sums of rows. Measured on this project's 2-core AVX-512 Xeon: the Gram update runs at 17
 * GFMA/s per core with {@code rank4} and at 32–35 with the Vector API micro-kernel ({@link Simd}).
 */
final class GramKernel {
  /** Rows of G per block. */
  static final int ROW_BLOCK = 32;
  /** Columns of G per block: a 32 × 1024 block of G is 256 KiB, resident in L2 while the samples stream. */
  static final int COLUMN_BLOCK = 1024;

  private GramKernel() {}

  /** The buffers one caller's {@link #addUpper(double[], int, int, double[][], Work)} reuses; not thread-safe. */
  static final class Work {
    /** The rows as separate arrays (the loop's input). */
    double[][] rows;
    /** The rows packed into panels (the micro-kernel's input). */
    double[][] panels;
  }

  /**
   * {@code G += XᵀX} on the upper triangle ({@code j >= i}) of {@code g} (its rows; entries below
   * the diagonal are never touched), for the {@code n} sample rows of length {@code m} held
   * row-major in {@code values}. Where {@link Simd#gramKernel()}, by the Vector API micro-kernel
   * once it is {@linkplain Simd#gramKernelWarm warm}; until then, and without the Vector API, by
   * {@link #addUpper(double[][], int, int, double[][])} on the rows copied into separate arrays,
   * probing the micro-kernel after each tile.
   */
  static void addUpper(double[] values, int n, int m, double[][] g, Work work) {
    if (Simd.gramKernel() && Simd.gramKernelWarm()) {
      work.panels = Simd.gramAddUpper(values, n, m, g, work.panels);
      return;
    }
    long t0 = System.nanoTime();
    work.rows = rowArrays(values, n, m, work.rows);
    addUpper(work.rows, n, m, g);
    if (Simd.gramKernel()) {
      double fmas = (double) n * m * (m + 1) / 2;
      Simd.probeGram(values, n, m, (System.nanoTime() - t0) / fmas);
    }
  }

  /** Bytes of the {@link Work} that {@link #addUpper(double[], int, int, double[][], Work)} keeps for {@code n × m} rows. */
  static long workBytes(int n, int m) {
    return 8L * n * m + 24L * n + Simd.gramWorkBytes(n, m);
  }

  /**
   * {@code G += XᵀX} on the upper triangle ({@code j >= i}) of {@code g} (its rows), for the
   * sample rows {@code x[0..rows)} of length {@code m}, with the auto-vectorised {@link
   * RowKernels#rank4}.
   */
  static void addUpper(double[][] x, int rows, int m, double[][] g) {
    for (int i0 = 0; i0 < m; i0 += ROW_BLOCK) {
      int i1 = Math.min(m, i0 + ROW_BLOCK);
      for (int j0 = i0; j0 < m; j0 += COLUMN_BLOCK) {
        int j1 = Math.min(m, j0 + COLUMN_BLOCK);
        int p = 0;
        for (; p + 4 <= rows; p += 4) {
          double[] x0 = x[p];
          double[] x1 = x[p + 1];
          double[] x2 = x[p + 2];
          double[] x3 = x[p + 3];
          for (int i = i0; i < i1; i++) {
            int js = Math.max(j0, i);
            if (js < j1) rank4(g[i], x0, x1, x2, x3, x0[i], x1[i], x2[i], x3[i], js, j1);
          }
        }
        for (; p < rows; p++) {
          double[] x0 = x[p];
          for (int i = i0; i < i1; i++) {
            int js = Math.max(j0, i);
            if (js < j1) rank1(g[i], x0, x0[i], js, j1);
          }
        }
      }
    }
  }

  /** {@code y[j] += Σ_p a[p]·x[p][j]} over {@code p < n}, four at a time. */
  static void combine(double[] y, double[][] x, double[] a, int n, int length) {
    int p = 0;
    for (; p + 4 <= n; p += 4) {
      rank4(y, x[p], x[p + 1], x[p + 2], x[p + 3], a[p], a[p + 1], a[p + 2], a[p + 3], 0, length);
    }
    for (; p < n; p++) rank1(y, x[p], a[p], 0, length);
  }

  /**
   * {@code out[p·l + c] = x[p]·b[c]} for {@code p < n}, {@code c < l}: the rows projected on the
   * vectors {@code b[c]} (length m): with the Vector API eight vectors per sweep over a row
   * ({@link Simd#project}); else dot products over two rows and two vectors at once, with four
   * independent sums (C2 does not vectorise a reduction; this keeps both FMA ports busy).
   */
  static void project(double[][] x, int n, int m, double[][] b, int l, double[] out) {
    if (Simd.available()) {
      for (int p = 0; p < n; p++) Simd.project(b, l, x[p], m, out, p * l);
      return;
    }
    int p = 0;
    for (; p + 2 <= n; p += 2) {
      double[] x0 = x[p];
      double[] x1 = x[p + 1];
      int c = 0;
      for (; c + 2 <= l; c += 2) {
        double[] b0 = b[c];
        double[] b1 = b[c + 1];
        double s00 = 0;
        double s01 = 0;
        double s10 = 0;
        double s11 = 0;
        for (int j = 0; j < m; j++) {
          double u = x0[j];
          double v = x1[j];
          double f = b0[j];
          double g = b1[j];
          s00 = Math.fma(u, f, s00);
          s01 = Math.fma(u, g, s01);
          s10 = Math.fma(v, f, s10);
          s11 = Math.fma(v, g, s11);
        }
        out[p * l + c] = s00;
        out[p * l + c + 1] = s01;
        out[(p + 1) * l + c] = s10;
        out[(p + 1) * l + c + 1] = s11;
      }
      for (; c < l; c++) {
        out[p * l + c] = dot(x0, b[c], m);
        out[(p + 1) * l + c] = dot(x1, b[c], m);
      }
    }
    for (; p < n; p++) for (int c = 0; c < l; c++) out[p * l + c] = dot(x[p], b[c], m);
  }

  private static double dot(double[] x, double[] y, int m) {
    double s0 = 0;
    double s1 = 0;
    int j = 0;
    for (; j + 2 <= m; j += 2) {
      s0 = Math.fma(x[j], y[j], s0);
      s1 = Math.fma(x[j + 1], y[j + 1], s1);
    }
    if (j < m) s0 = Math.fma(x[j], y[j], s0);
    return s0 + s1;
  }

  /** The {@code n} rows of a row-major block as separate arrays, reusing {@code rows} when large enough. */
  static double[][] rowArrays(double[] values, int n, int m, double[][] rows) {
    double[][] r = rows;
    if (r == null || r.length < n || (r.length > 0 && r[0].length != m)) {
      r = new double[n][m];
    }
    for (int p = 0; p < n; p++) System.arraycopy(values, p * m, r[p], 0, m);
    return r;
  }

  /** {@code G += w·ddᵀ} on the upper triangle. */
  static void addOuterUpper(double[] d, double w, int m, double[][] g) {
    for (int i = 0; i < m; i++) rank1(g[i], d, w * d[i], i, m);
  }
}
