package org.hyperflux.ml.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of a vector with up to eight rows at once, and ORPCA's soft threshold before
 * them, on the incubating Vector API: one sweep over {@code y} loads each of its vectors once and
 * keeps eight vector sums in registers. C2 does not vectorise a reduction loop on its own, so the
 * plain-loop version ({@link SmallMatrices#transposeTimes}) runs one multiply-add per cycle where
 * this runs eight per vector. Load this class only when {@link Simd#available()} says so.
 */
final class VectorProjection {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = S.length();

  private VectorProjection() {}

  /** Whether this machine's preferred vectors hold at least four doubles. */
  static boolean worthwhile() {
    return LANES >= 4;
  }

  /** {@code out[offset + i] = rows[i]·y} (first {@code m} entries) for {@code i < k}. */
  static void project(double[][] rows, int k, double[] y, int m, double[] out, int offset) {
    for (int i0 = 0; i0 < k; i0 += 8) dots8(rows, i0, k, y, m, out, offset);
  }

  /**
   * {@code c = clip(y, ±λ)}, {@code e ← y − c} (the soft threshold {@code S_λ(y)}) and {@code
   * out[i] = rows[i]·c} for {@code i < k}; returns {@code Σ (e_new − e_old)²}. The projection
   * sweeps {@code c} again while it is still in L1.
   */
  static double clipAndProject(double[] y, double[] e, double[] c, double lambda, int m, double[][] rows, int k,
      double[] out) {
    double changes = clip(y, e, c, lambda, m);
    project(rows, k, c, m, out, 0);
    return changes;
  }

  private static double clip(double[] y, double[] e, double[] c, double lambda, int m) {
    DoubleVector changes = DoubleVector.zero(S);
    DoubleVector hi = DoubleVector.broadcast(S, lambda);
    DoubleVector lo = DoubleVector.broadcast(S, -lambda);
    int bound = S.loopBound(m);
    int j = 0;
    for (; j < bound; j += LANES) {
      DoubleVector v = DoubleVector.fromArray(S, y, j);
      DoubleVector cv = v.min(hi).max(lo);
      DoubleVector ev = v.sub(cv);
      DoubleVector d = ev.sub(DoubleVector.fromArray(S, e, j));
      changes = d.fma(d, changes);
      ev.intoArray(e, j);
      cv.intoArray(c, j);
    }
    double change = changes.reduceLanes(VectorOperators.ADD);
    for (; j < m; j++) {
      double v = y[j];
      double cj = v > lambda ? lambda : v < -lambda ? -lambda : v;
      double ej = v - cj;
      double d = ej - e[j];
      change = Math.fma(d, d, change);
      e[j] = ej;
      c[j] = cj;
    }
    return change;
  }

  /** Row {@code i0 + d}, or row {@code i0} standing in for a missing one (its sum is dropped). */
  private static double[] row(double[][] rows, int i0, int d, int k) {
    return i0 + d < k ? rows[i0 + d] : rows[i0];
  }

  private static void dots8(double[][] rows, int i0, int k, double[] y, int m, double[] out, int offset) {
    double[] r0 = row(rows, i0, 0, k);
    double[] r1 = row(rows, i0, 1, k);
    double[] r2 = row(rows, i0, 2, k);
    double[] r3 = row(rows, i0, 3, k);
    double[] r4 = row(rows, i0, 4, k);
    double[] r5 = row(rows, i0, 5, k);
    double[] r6 = row(rows, i0, 6, k);
    double[] r7 = row(rows, i0, 7, k);
    DoubleVector a0 = DoubleVector.zero(S);
    DoubleVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    int bound = S.loopBound(m);
    int j = 0;
    for (; j < bound; j += LANES) {
      DoubleVector v = DoubleVector.fromArray(S, y, j);
      a0 = DoubleVector.fromArray(S, r0, j).fma(v, a0);
      a1 = DoubleVector.fromArray(S, r1, j).fma(v, a1);
      a2 = DoubleVector.fromArray(S, r2, j).fma(v, a2);
      a3 = DoubleVector.fromArray(S, r3, j).fma(v, a3);
      a4 = DoubleVector.fromArray(S, r4, j).fma(v, a4);
      a5 = DoubleVector.fromArray(S, r5, j).fma(v, a5);
      a6 = DoubleVector.fromArray(S, r6, j).fma(v, a6);
      a7 = DoubleVector.fromArray(S, r7, j).fma(v, a7);
    }
    double s0 = a0.reduceLanes(VectorOperators.ADD);
    double s1 = a1.reduceLanes(VectorOperators.ADD);
    double s2 = a2.reduceLanes(VectorOperators.ADD);
    double s3 = a3.reduceLanes(VectorOperators.ADD);
    double s4 = a4.reduceLanes(VectorOperators.ADD);
    double s5 = a5.reduceLanes(VectorOperators.ADD);
    double s6 = a6.reduceLanes(VectorOperators.ADD);
    double s7 = a7.reduceLanes(VectorOperators.ADD);
    for (; j < m; j++) {
      double v = y[j];
      s0 = Math.fma(r0[j], v, s0);
      s1 = Math.fma(r1[j], v, s1);
      s2 = Math.fma(r2[j], v, s2);
      s3 = Math.fma(r3[j], v, s3);
      s4 = Math.fma(r4[j], v, s4);
      s5 = Math.fma(r5[j], v, s5);
      s6 = Math.fma(r6[j], v, s6);
      s7 = Math.fma(r7[j], v, s7);
    }
    store(out, offset, i0, k, s0, s1, s2, s3, s4, s5, s6, s7);
  }

  private static void store(double[] out, int offset, int i0, int k, double s0, double s1, double s2, double s3,
      double s4, double s5, double s6, double s7) {
    int n = Math.min(8, k - i0);
    int o = offset + i0;
    out[o] = s0;
    if (n > 1) out[o + 1] = s1;
    if (n > 2) out[o + 2] = s2;
    if (n > 3) out[o + 3] = s3;
    if (n > 4) out[o + 4] = s4;
    if (n > 5) out[o + 5] = s5;
    if (n > 6) out[o + 6] = s6;
    if (n > 7) out[o + 7] = s7;
  }
}
