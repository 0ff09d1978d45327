package org.hyperflux.ml.decomposition;

import java.io.Serializable;

/**
 * The state of an online decomposition that learns its subspace sample by sample, in order
 * ({@link OrpcaLearner}, {@link OrnmfLearner}). Serialisable; not thread-safe.
 */
interface OnlineLearner extends Serializable {
  /** Learns the sample {@code x[offset, offset + features)}. */
  void accept(double[] x, int offset);

  /** Learns what is still pending and returns the subspace: k column arrays over the features. */
  double[][] finish();

  /** The subspace as learnt so far (live, not a copy; null before the first one), pending samples not learnt. */
  double[][] current();

  /** Samples accepted so far. */
  long samples();
}
