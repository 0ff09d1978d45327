package org.hyperflux.core.ops;

/** Elementwise unary operations with numpy's result dtypes. */
public enum UnaryOp {
  /** {@code np.negative}: same dtype (integers wrap, bool is rejected as numpy does). */
  NEGATE,
  /** {@code np.absolute}: same dtype. */
  ABS,
  /** {@code np.square}: same dtype (integers wrap); bool gives int8, as numpy has no bool loop. */
  SQUARE,
  /**
   * {@code np.sqrt}: float32 stays float32, float64 stays float64; int16/uint16 give float32,
   * wider integers float64. Bool and 8-bit integers give float16 in numpy and float32 here (there
   * is no float16 DType).
   */
  SQRT,
  /** {@code np.exp}: float, as SQRT. */
  EXP,
  /** {@code np.log}: float, as SQRT. */
  LOG
}
