package org.hyperflux.core.ops;

/**
 * A Python scalar operand (int, float or bool): it takes part in numpy 1.24's value-based
 * casting, so {@code uint8 + 1} stays uint8 while {@code uint8 + 300} becomes uint16.
 */
public final class Scalar {
  private final boolean isFloat;
  private final boolean isBool;
  private final long longValue;
  private final double doubleValue;

  private Scalar(boolean isFloat, boolean isBool, long longValue, double doubleValue) {
    this.isFloat = isFloat;
    this.isBool = isBool;
    this.longValue = longValue;
    this.doubleValue = doubleValue;
  }

  /** A Python int. */
  public static Scalar of(long value) {
    return new Scalar(false, false, value, value);
  }

  /** A Python float. */
  public static Scalar of(double value) {
    return new Scalar(true, false, (long) value, value);
  }

  /** A Python bool. */
  public static Scalar of(boolean value) {
    return new Scalar(false, true, value ? 1 : 0, value ? 1 : 0);
  }

  public boolean isFloat() {
    return isFloat;
  }

  public boolean isBool() {
    return isBool;
  }

  public long longValue() {
    return longValue;
  }

  public double doubleValue() {
    return doubleValue;
  }

  /** numpy's {@code result_type(array of dtype, this scalar)}. */
  public org.hyperflux.core.array.DType resultType(org.hyperflux.core.array.DType arrayType) {
    if (isBool) return org.hyperflux.core.array.DType.resultType(arrayType, longValue != 0);
    if (isFloat) return org.hyperflux.core.array.DType.resultType(arrayType, doubleValue);
    return org.hyperflux.core.array.DType.resultType(arrayType, longValue);
  }

  @Override
  public String toString() {
    if (isBool) return longValue != 0 ? "True" : "False";
    return isFloat ? Double.toString(doubleValue) : Long.toString(longValue);
  }
}
