package org.hyperflux.ml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.hyperflux.ml.internal.Linalg;

/**
 * How well a decomposition recovers a subspace: the largest principal angle between the spans of
 * two sets of vectors, and the relative reconstruction error of a model.
 */
final class SubspaceMeasures {
  private SubspaceMeasures() {}

  /** The largest principal angle, in degrees, between the spans of the k vectors {@code a} and of {@code b}. */
  static double largestAngleDegrees(double[][] a, double[][] b) {
    double[] all = anglesDegrees(a, b);
    return all[all.length - 1];
  }

  /** Every principal angle between the two spans, in degrees, ascending. */
  static double[] anglesDegrees(double[][] a, double[][] b) {
    int k = a.length;
    int m = a[0].length;
    double[] qa = Linalg.orthonormalColumns(columns(a), m, k);
    double[] qb = Linalg.orthonormalColumns(columns(b), m, b.length);
    int kb = b.length;
    DMatrixRMaj c = new DMatrixRMaj(k, kb);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < kb; j++) {
        double s = 0;
        for (int p = 0; p < m; p++) s += qa[p * k + i] * qb[p * kb + j];
        c.set(i, j, s);
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(k, kb, false, false, true);
    if (!svd.decompose(c)) throw new ArithmeticException("svd failed");
    double[] sv = svd.getSingularValues();
    double[] angles = new double[Math.min(k, kb)];
    for (int i = 0; i < angles.length; i++) angles[i] = Math.toDegrees(Math.acos(Math.min(1, sv[i])));
    java.util.Arrays.sort(angles);
    return angles;
  }

  private static double[] columns(double[][] v) {
    int k = v.length;
    int m = v[0].length;
    double[] out = new double[m * k];
    for (int c = 0; c < k; c++) for (int j = 0; j < m; j++) out[j * k + c] = v[c][j];
    return out;
  }

  /** The k factors of a result. */
  static double[][] factors(DecompositionResult r) {
    double[][] f = new double[r.components()][];
    for (int c = 0; c < f.length; c++) f[c] = r.factor(c);
    return f;
  }

  /** {@code ‖X − loadings·factorsᵀ‖_F / ‖X‖_F} over the navigation positions with loadings. */
  static double relativeError(DecompositionResult r, float[] data, int m) {
    int k = r.components();
    double[][] f = factors(r);
    double[][] l = new double[k][];
    for (int c = 0; c < k; c++) l[c] = r.loading(c);
    double num = 0;
    double den = 0;
    for (int i = 0; i < l[0].length; i++) {
      if (Double.isNaN(l[0][i])) continue;
      for (int j = 0; j < m; j++) {
        double model = 0;
        for (int c = 0; c < k; c++) model += l[c][i] * f[c][j];
        double x = data[i * m + j];
        num += (x - model) * (x - model);
        den += x * x;
      }
    }
    return Math.sqrt(num / den);
  }
}
