package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The per-sample problem that gives an online decomposition's loadings once its subspace is
 * learnt (HyperSpy's {@code ORPCA.project} and {@code ORNMF.project}: a cold start per sample).
 * Serialisable; its {@link Worker}s hold the scratch and are used by one thread each.
 */
interface SampleProjector extends Serializable {
  /** Components per sample. */
  int k();

  /** A fresh worker with its own scratch. */
  Worker worker();

  /** Solves samples one at a time. Not thread-safe. */
  interface Worker {
    /** Writes the k loadings of the sample {@code x[offset, offset + m)} to {@code out[outOffset, +k)}. */
    void project(double[] x, int offset, double[] out, int outOffset);
  }

  /** An inner solver on a batch of one: {@code sample} (1 × m) in, {@code coefficients} (1 × k) and {@code error} (1 × m) updated in place. */
  interface BatchSolver {
    void solve(double[][] sample, double[][] coefficients, double[][] error);
  }

  /**
   * A worker that solves each sample from a cold start ({@code coefficients = error = 0}) with
   * {@code solver}, on buffers of its own.
   */
  static Worker coldStart(int m, int k, BatchSolver solver) {
    double[][] sample = new double[1][m];
    double[][] coefficients = new double[1][k];
    double[][] error = new double[1][m];
    return (x, offset, out, outOffset) -> {
      System.arraycopy(x, offset, sample[0], 0, m);
      Arrays.fill(coefficients[0], 0);
      Arrays.fill(error[0], 0);
      solver.solve(sample, coefficients, error);
      System.arraycopy(coefficients[0], 0, out, outOffset, k);
    };
  }

  /** The k rows of a row-major {@code k × m} matrix as separate arrays (copies). */
  static double[][] rows(double[] matrix, int k, int m) {
    double[][] rows = new double[k][];
    for (int c = 0; c < k; c++) rows[c] = Arrays.copyOfRange(matrix, c * m, (c + 1) * m);
    return rows;
  }
}
