package org.hyperflux.ml.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Gram update {@code G += XᵀX} (upper triangle) as a register-blocked SIMD micro-kernel on
 * the incubating Vector API ({@code jdk.incubator.vector}): the sample rows are packed into
 * column panels {@code NR = 3} vectors wide, and each call of the micro-kernel keeps an {@code
 * MR × NR} block of G in registers while it streams the tile's rows, one vector load per vector
 * and one broadcast per G row, so the FMA units, not the loads, set the pace. Measured on this
 * project's 2-core AVX-512 Xeon (JDK 17, 128-row tiles of 1024 channels): 32–35 GFMA/s per core,
 * against 17 for the auto-vectorised {@link RowKernels#rank4} loop.
 *
 * <p>Load this class only when {@link Simd#gramKernel()} says so; everything else uses the
 * {@code RowKernels} path, which gives the same sums up to rounding.
 */
final class VectorGram {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  /** Doubles per vector. */
  static final int LANES = S.length();
  /** Columns of a panel: three vectors. */
  static final int NR = 3 * LANES;
  /** Rows of G per micro-kernel call: 8 × 3 accumulators need 24 of AVX-512's 32 vector registers. */
  static final int MR = 8;

  private VectorGram() {}

  /**
   * Whether this machine's preferred vectors make the micro-kernel worth it: eight doubles
   * (AVX-512). With AVX2's four doubles and sixteen registers a 4 × 3 block ran at 11 GFMA/s per
   * core here ({@code -XX:UseAVX=2}), slower than the {@code rank4} loop's 16.5.
   */
  static boolean worthwhile() {
    return LANES >= 8;
  }

  /** Doubles of the panels for {@code n} rows of {@code m} features. */
  static long panelDoubles(int n, int m) {
    return (long) panelCount(m) * n * NR + MR * NR;
  }

  private static int panelCount(int m) {
    return (m + NR - 1) / NR;
  }

  /**
   * {@code G += XᵀX} on the upper triangle ({@code j >= i}) of {@code g} for the {@code n} rows
   * of length {@code m} held row-major in {@code values}; entries below the diagonal are never
   * touched. {@code work} is reused when large enough; the one in use is returned.
   */
  static double[][] addUpper(double[] values, int n, int m, double[][] g, double[][] work) {
    int np = panelCount(m);
    double[][] panels = work;
    if (panels == null || panels.length != np + 1 || panels[0].length < n * NR) panels = newPanels(np, n);
    pack(values, n, m, m, panels, np);
    double[] spill = panels[np];
    for (int kj = 0; kj < np; kj++) {
      double[] b = panels[kj];
      int j = kj * NR;
      for (int ki = 0; ki <= kj; ki++) {
        double[] a = panels[ki];
        int iBase = ki * NR;
        for (int r0 = 0; r0 < NR && iBase + r0 < m; r0 += MR) {
          kernel8(a, r0, b, n, g, iBase + r0, j, m, spill);
        }
      }
    }
    return panels;
  }

  /**
   * Runs {@code calls} micro-kernel calls on the first {@code n} rows and first {@code min(m,
   * 4·NR)} features, interior and edge blocks in turn (or interior blocks only, where there are
   * some: the steady state of a large G), into a matrix of its own, to warm the kernel up and
   * time it; returns the nanoseconds per multiply-add of the calls alone (packing not counted).
   */
  static double probe(double[] values, int n, int m, int calls, boolean interiorOnly) {
    int columns = Math.min(m, 4 * NR);
    int np = panelCount(columns);
    double[][] panels = newPanels(np, n);
    pack(values, n, m, columns, panels, np);
    double[][] g = new double[columns][columns];
    if (interiorOnly && columns < 2 * NR) interiorOnly = false;
    int done = 0;
    long t0 = System.nanoTime();
    while (done < calls) {
      for (int kj = 0; kj < np && done < calls; kj++) {
        for (int ki = 0; ki <= kj && done < calls; ki++) {
          if (interiorOnly && (ki == kj || (kj + 1) * NR > columns)) continue;
          for (int r0 = 0; r0 < NR && ki * NR + r0 < columns && done < calls; r0 += MR) {
            kernel8(panels[ki], r0, panels[kj], n, g, ki * NR + r0, kj * NR, columns, panels[np]);
            done++;
          }
        }
      }
    }
    return (double) (System.nanoTime() - t0) / ((long) calls * n * MR * NR);
  }

  /** {@code np} panels for {@code n} rows, then the micro-kernel's spill buffer for edge blocks. */
  private static double[][] newPanels(int np, int n) {
    double[][] panels = new double[np + 1][];
    for (int k = 0; k < np; k++) panels[k] = new double[n * NR];
    panels[np] = new double[MR * NR];
    return panels;
  }

  /**
   * {@code panels[k][p·NR + c] = values[p·stride + k·NR + c]} for the first {@code columns}
   * columns, zero beyond.
   */
  private static void pack(double[] values, int n, int stride, int columns, double[][] panels, int np) {
    for (int k = 0; k < np; k++) {
      double[] panel = panels[k];
      int c0 = k * NR;
      int w = Math.min(NR, columns - c0);
      for (int p = 0; p < n; p++) {
        System.arraycopy(values, p * stride + c0, panel, p * NR, w);
        for (int c = w; c < NR; c++) panel[p * NR + c] = 0;
      }
    }
  }

  // The accumulators stay local (never passed to a call that is not inlined): a vector that
  // escapes makes C2 box it on every iteration, a tenth of the speed.

  private static void kernel8(double[] a, int r0, double[] b, int n, double[][] g, int i, int j, int m,
      double[] spill) {
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00, c20 = c00, c21 = c00, c22 = c00;
    DoubleVector c30 = c00, c31 = c00, c32 = c00, c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00;
    DoubleVector c52 = c00, c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
    for (int p = 0; p < n; p++) {
      int o = p * NR;
      DoubleVector b0 = DoubleVector.fromArray(S, b, o);
      DoubleVector b1 = DoubleVector.fromArray(S, b, o + LANES);
      DoubleVector b2 = DoubleVector.fromArray(S, b, o + 2 * LANES);
      int ao = o + r0;
      DoubleVector x = DoubleVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = DoubleVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = DoubleVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = DoubleVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
      x = DoubleVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      c42 = x.fma(b2, c42);
      x = DoubleVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      c52 = x.fma(b2, c52);
      x = DoubleVector.broadcast(S, a[ao + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      c62 = x.fma(b2, c62);
      x = DoubleVector.broadcast(S, a[ao + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      c72 = x.fma(b2, c72);
    }
    if (interior(i, j, m)) {
      int j1 = j + LANES;
      int j2 = j + 2 * LANES;
      double[] row = g[i];
      DoubleVector.fromArray(S, row, j).add(c00).intoArray(row, j);
      DoubleVector.fromArray(S, row, j1).add(c01).intoArray(row, j1);
      DoubleVector.fromArray(S, row, j2).add(c02).intoArray(row, j2);
      row = g[i + 1];
      DoubleVector.fromArray(S, row, j).add(c10).intoArray(row, j);
      DoubleVector.fromArray(S, row, j1).add(c11).intoArray(row, j1);
      DoubleVector.fromArray(S, row, j2).add(c12).intoArray(row, j2);
      row = g[i + 2];
      DoubleVector.fromArray(S, row, j).add(c20).intoArray(row, j);
      DoubleVector.fromArray(S, row, j1).add(c21).intoArray(row, j1);
      DoubleVector.fromArray(S, row, j2).add(c22).intoArray(row, j2);
      row = g[i + 3];
      DoubleVector.fromArray(S, row, j).add(c30).intoArray(row, j);
      DoubleVector.fromArray(S, row, j1).add(c31).intoArray(row, j1);
      DoubleVector.fromArray(S, row, j2).add(c32).intoArray(row, j2);
      row = g[i + 4];
      DoubleVector.fromArray(S, row, j).add(c40).intoArray(row, j);
      DoubleVector.fromArray(S, row, j1).add(c41).intoArray(row, j1);
      DoubleVector.fromArray(S, row, j2).add(c42).intoArray(row, j2);
      row = g[i + 5];
      DoubleVector.fromArray(S, row, j).add(c50).intoArray(row, j);
      DoubleVector.fromArray(S, row, j1).add(c51).intoArray(row, j1);
      DoubleVector.fromArray(S, row, j2).add(c52).intoArray(row, j2);
      row = g[i + 6];
      DoubleVector.fromArray(S, row, j).add(c60).intoArray(row, j);
      DoubleVector.fromArray(S, row, j1).add(c61).intoArray(row, j1);
      DoubleVector.fromArray(S, row, j2).add(c62).intoArray(row, j2);
      row = g[i + 7];
      DoubleVector.fromArray(S, row, j).add(c70).intoArray(row, j);
      DoubleVector.fromArray(S, row, j1).add(c71).intoArray(row, j1);
      DoubleVector.fromArray(S, row, j2).add(c72).intoArray(row, j2);
      return;
    }
    c00.intoArray(spill, 0);
    c01.intoArray(spill, LANES);
    c02.intoArray(spill, 2 * LANES);
    c10.intoArray(spill, NR);
    c11.intoArray(spill, NR + LANES);
    c12.intoArray(spill, NR + 2 * LANES);
    c20.intoArray(spill, 2 * NR);
    c21.intoArray(spill, 2 * NR + LANES);
    c22.intoArray(spill, 2 * NR + 2 * LANES);
    c30.intoArray(spill, 3 * NR);
    c31.intoArray(spill, 3 * NR + LANES);
    c32.intoArray(spill, 3 * NR + 2 * LANES);
    c40.intoArray(spill, 4 * NR);
    c41.intoArray(spill, 4 * NR + LANES);
    c42.intoArray(spill, 4 * NR + 2 * LANES);
    c50.intoArray(spill, 5 * NR);
    c51.intoArray(spill, 5 * NR + LANES);
    c52.intoArray(spill, 5 * NR + 2 * LANES);
    c60.intoArray(spill, 6 * NR);
    c61.intoArray(spill, 6 * NR + LANES);
    c62.intoArray(spill, 6 * NR + 2 * LANES);
    c70.intoArray(spill, 7 * NR);
    c71.intoArray(spill, 7 * NR + LANES);
    c72.intoArray(spill, 7 * NR + 2 * LANES);
    addEdge(spill, g, i, j, m);
  }

  /** Whether the block of rows {@code [i, i+MR)}, columns {@code [j, j+NR)} lies wholly in G's upper triangle. */
  private static boolean interior(int i, int j, int m) {
    return j >= i + MR - 1 && j + NR <= m && i + MR <= m;
  }

  /** Adds the spilled block's entries that lie in G and on or above its diagonal. */
  private static void addEdge(double[] spill, double[][] g, int i, int j, int m) {
    int ce = Math.min(NR, m - j);
    for (int r = 0; r < MR && i + r < m; r++) {
      double[] row = g[i + r];
      for (int c = Math.max(0, i + r - j); c < ce; c++) row[j + c] += spill[r * NR + c];
    }
  }
}
