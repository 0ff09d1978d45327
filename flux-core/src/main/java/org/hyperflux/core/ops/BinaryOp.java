package org.hyperflux.core.ops;

/** Elementwise binary operations, with numpy's broadcasting and dtype promotion. */
public enum BinaryOp {
  /** {@code np.add}. */
  ADD,
  /** {@code np.subtract}. */
  SUBTRACT,
  /** {@code np.multiply}. */
  MULTIPLY,
  /** {@code np.true_divide}: integer inputs give float64. */
  DIVIDE,
  /** {@code np.maximum}: NaN propagates. */
  MAXIMUM,
  /** {@code np.minimum}: NaN propagates. */
  MINIMUM
}
