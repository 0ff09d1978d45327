package org.hyperflux.examples;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * The largest principal angle between two subspaces of R^n, each spanned by the columns of an
 * {@code n × k} matrix (row-major, as decomposition factors are stored: {@code factors[j * k +
 * c]}): the columns are orthonormalised (thin QR), then the angle is {@code acos} of the smallest
 * singular value of {@code Q1ᵀ Q2} (Björck and Golub 1973). 0° when the subspaces are equal,
 * 90° when some direction of one is orthogonal to the other. NaN when a value is not finite.
 */
final class SubspaceAngle {
  private SubspaceAngle() {}

  /** The largest principal angle, in degrees, between the column spaces of {@code a} and {@code b}. */
  static double largestDegrees(double[] a, int ka, double[] b, int kb, int n) {
    for (double v : a) if (!Double.isFinite(v)) return Double.NaN;
    for (double v : b) if (!Double.isFinite(v)) return Double.NaN;
    DMatrixRMaj qa = orthonormal(a, n, ka);
    DMatrixRMaj qb = orthonormal(b, n, kb);
    DMatrixRMaj m = new DMatrixRMaj(ka, kb);
    CommonOps_DDRM.multTransA(qa, qb, m);
    double[] s = SingularOps_DDRM.singularValues(m);
    double smallest = Double.POSITIVE_INFINITY;
    for (double v : s) smallest = Math.min(smallest, v);
    if (s.length < Math.min(ka, kb)) smallest = 0;
    return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, smallest))));
  }

  private static DMatrixRMaj orthonormal(double[] values, int n, int k) {
    DMatrixRMaj m = DMatrixRMaj.wrap(n, k, values.clone());
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, k);
    if (!qr.decompose(m)) throw new IllegalStateException("QR of a " + n + " x " + k + " matrix failed");
    return qr.getQ(null, true);
  }
}
