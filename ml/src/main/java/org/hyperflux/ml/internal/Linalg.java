package org.hyperflux.ml.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * The EJML adapter of the ml module: the few dense operations the streaming decompositions
 * reduce to (a symmetric eigen-decomposition of an n×n Gram or covariance matrix, the thin QR of a
 * tall n×l basis). Inputs and outputs are plain row-major {@code double[]}; EJML never appears in
 * a public signature.
 */
public final class Linalg {
  private Linalg() {}

  /** Eigenpairs of a symmetric matrix, eigenvalues in descending order. */
  public record Eigen(double[] values, double[] vectors, int n) {
    /** Component {@code c}'s eigenvector (length n). */
    public double[] vector(int c) {
      return Arrays.copyOfRange(vectors, c * n, (c + 1) * n);
    }
  }

  /**
   * The {@code k} largest eigenpairs of the symmetric {@code n×n} row-major matrix {@code a}
   * (only the upper triangle is read): values descending, vectors row-major {@code k×n} (row c is
   * the c-th eigenvector), each with its largest-magnitude entry positive so that the result is
   * deterministic (HyperSpy's {@code svd_flip} on the factors).
   */
  public static Eigen symmetricEigen(double[] a, int n, int k) {
    if (n > SMALL && k <= n / 2) return TopEigen.of(a, n, k);
    return fullEigen(a, n, k);
  }

  /** Below this size the full EJML eigen-decomposition is cheap; above, {@link TopEigen} computes only k vectors. */
  static final int SMALL = 32;

  /** Every eigenpair by EJML's symmetric QR algorithm, the k largest kept. */
  static Eigen fullEigen(double[] a, int n, int k) {
    DMatrixRMaj m = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double v = a[i * n + j];
        m.unsafe_set(i, j, v);
        m.unsafe_set(j, i, v);
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
    if (!eig.decompose(m)) {
      throw new ArithmeticException("symmetric eigen-decomposition of a " + n + "x" + n + " matrix failed");
    }
    double[] all = new double[n];
    for (int i = 0; i < n; i++) all[i] = eig.getEigenvalue(i).getReal();
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -all[i]).thenComparingInt(i -> i));
    double[] values = new double[k];
    double[] vectors = new double[k * n];
    for (int c = 0; c < k; c++) {
      values[c] = all[order[c]];
      DMatrixRMaj v = eig.getEigenVector(order[c]);
      double norm = 0;
      System.arraycopy(v.data, 0, vectors, c * n, n);
    }
    normaliseSigns(vectors, n, k);
    return new Eigen(values, vectors, n);
  }

  /** Scales each of the k row vectors to unit length with its largest-magnitude entry positive. */
  static void normaliseSigns(double[] vectors, int n, int k) {
    for (int c = 0; c < k; c++) {
      int o = c * n;
      double norm = 0;
      int arg = 0;
      for (int j = 0; j < n; j++) {
        norm += vectors[o + j] * vectors[o + j];
        if (Math.abs(vectors[o + j]) > Math.abs(vectors[o + arg])) arg = j;
      }
      double scale = (vectors[o + arg] < 0 ? -1 : 1) / Math.sqrt(norm);
      for (int j = 0; j < n; j++) vectors[o + j] *= scale;
    }
  }

  /**
   * An orthonormal basis of the columns of the row-major {@code rows×cols} matrix {@code a}
   * (Householder QR, the thin Q), row-major {@code rows×cols}.
   */
  public static double[] orthonormalColumns(double[] a, int rows, int cols) {
    DMatrixRMaj m = DMatrixRMaj.wrap(rows, cols, a.clone());
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(rows, cols);
    if (!qr.decompose(m)) throw new ArithmeticException("QR of a " + rows + "x" + cols + " matrix failed");
    DMatrixRMaj q = qr.getQ(null, true);
    return q.data;
  }
}
