package org.hyperflux.ml.fit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The least-squares solution operator of a design matrix {@code B} ({@code n × p}, the fitted
 * channels), computed once for the whole dataset: the pseudo-inverse {@code P = (BᵀB)⁻¹Bᵀ}, so
 * that every position's parameters are {@code P·y}, and {@code diag((BᵀB)⁻¹)} for the standard
 * errors.
 *
 * <p>Algorithm: the columns are scaled to unit norm ({@code B = Bs·D}), then {@code Bs = U S Vᵀ}
 * (EJML's SVD) and {@code P = D⁻¹ V S⁻¹ Uᵀ}. Working on {@code B} rather than on the normal
 * equations keeps the error at {@code cond(B)·ε} instead of {@code cond(B)²·ε} (a cubic in
 * electronvolts has {@code cond(BᵀB)} far beyond 1e16); the scaling removes the part of the
 * condition that comes from the units. A singular value below {@code max(n, p)·ε·s_max} (numpy's
 * {@code lstsq} {@code rcond} default) means the model is rank-deficient on these channels: numpy
 * would return a minimum-norm solution silently, here it is refused, naming the parameters that
 * span the null space.
 */
final class LeastSquares {
  /** Row-major {@code p × n}. */
  final double[] pinv;
  /** {@code diag((BᵀB)⁻¹)}, length p. */
  final double[] inverseGramDiagonal;

  private LeastSquares(double[] pinv, double[] inverseGramDiagonal) {
    this.pinv = pinv;
    this.inverseGramDiagonal = inverseGramDiagonal;
  }

  /**
   * @param b row-major {@code n × p}
   * @param names the p parameter names ({@code component.parameter}), for the messages
   * @throws IllegalArgumentException if {@code n < p}, a column is zero, or B is rank-deficient
   */
  static LeastSquares of(double[] b, int n, int p, List<String> names) {
    if (n < p) {
      throw new IllegalArgumentException("the model has " + p + " free parameters but only " + n
          + " channels are fitted: a linear fit needs at least as many channels as parameters " + names);
    }
    double[] norm = new double[p];
    for (int i = 0; i < n; i++) for (int k = 0; k < p; k++) norm[k] += b[i * p + k] * b[i * p + k];
    for (int k = 0; k < p; k++) {
      norm[k] = Math.sqrt(norm[k]);
      if (norm[k] == 0) {
        throw new IllegalArgumentException("the model is rank-deficient: " + names.get(k)
            + " is zero on every fitted channel (a component outside the signal range, or a power law whose"
            + " left cutoff excludes every channel); remove it or change its fixed parameters");
      }
    }
    DMatrixRMaj scaled = new DMatrixRMaj(n, p);
    for (int i = 0; i < n; i++) for (int k = 0; k < p; k++) scaled.unsafe_set(i, k, b[i * p + k] / norm[k]);
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, p, true, true, true);
    if (!svd.decompose(scaled)) {
      throw new ArithmeticException("the SVD of the " + n + "x" + p + " design matrix did not converge");
    }
    double[] s = svd.getSingularValues();
    DMatrixRMaj u = svd.getU(null, false);
    DMatrixRMaj v = svd.getV(null, false);
    int rank = svd.numberOfSingularValues();
    double max = 0;
    int argMin = 0;
    for (int j = 0; j < rank; j++) {
      max = Math.max(max, s[j]);
      if (s[j] < s[argMin]) argMin = j;
    }
    double tolerance = Math.max(n, p) * Math.ulp(1.0) * max;
    if (s[argMin] <= tolerance) throw rankDeficient(v, argMin, p, names, s[argMin] / max);
    double[] pinv = new double[p * n];
    double[] diag = new double[p];
    for (int k = 0; k < p; k++) {
      for (int j = 0; j < rank; j++) {
        double vkj = v.unsafe_get(k, j) / (s[j] * norm[k]);
        diag[k] += vkj * vkj;
        for (int i = 0; i < n; i++) pinv[k * n + i] += vkj * u.unsafe_get(i, j);
      }
    }
    return new LeastSquares(pinv, diag);
  }

  /** Names the parameters with weight in the null vector {@code v[:, j]}, and their components. */
  private static IllegalArgumentException rankDeficient(DMatrixRMaj v, int j, int p, List<String> names,
      double ratio) {
    double big = 0;
    for (int k = 0; k < p; k++) big = Math.max(big, Math.abs(v.unsafe_get(k, j)));
    List<String> involved = new ArrayList<>();
    Set<String> components = new LinkedHashSet<>();
    for (int k = 0; k < p; k++) {
      if (Math.abs(v.unsafe_get(k, j)) > 0.05 * big) {
        involved.add(names.get(k));
        String name = names.get(k);
        components.add(name.substring(0, name.lastIndexOf('.')));
      }
    }
    return new IllegalArgumentException("the model is rank-deficient on the fitted channels: the components "
        + components + " are linearly dependent (parameters " + involved + "; smallest/largest singular value of"
        + " the column-scaled design matrix " + String.format("%.3g", ratio) + "); remove one of them, e.g. an"
        + " Offset next to a polynomial, or two Gaussians with the same centre and sigma");
  }
}
