package org.hyperflux.ml.decomposition;

import java.io.Serializable;

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
}
