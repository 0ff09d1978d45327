package org.hyperflux.core.ops;

/**
 * The tight loops of the elementwise operators, on the two working precisions of
 * {@link org.hyperflux.core.array.Casts}: {@code double[]} when the result dtype is a float,
 * {@code long[]} when it is an integer or bool. Each loop reads {@code a[i]} (and {@code b[i]})
 * before writing {@code out[i]}, so {@code out} may alias either input.
 *
 * <p>Integer loops compute modulo 2<sup>64</sup>; narrowing to the result dtype afterwards
 * ({@code Casts.fromLong}) then gives numpy's wrap-around for every width, signed or not. Float
 * loops compute in double and the result is rounded to the result dtype once, which is exact for
 * float32 {@code + - * /} and {@code sqrt} (double carries more than twice float's precision).
 * {@code maximum}/{@code minimum} propagate NaN as numpy's scalar loop
 * ({@code (a >= b || isnan(a)) ? a : b}) and compare uint64 bit patterns unsigned.
 */
final class ElementwiseKernels {
  private ElementwiseKernels() {}

  /** {@code out = a op b} in double precision. */
  static void binary(BinaryOp op, double[] a, double[] b, double[] out, int n) {
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) out[i] = a[i] + b[i];
        break;
      case SUBTRACT:
        for (int i = 0; i < n; i++) out[i] = a[i] - b[i];
        break;
      case MULTIPLY:
        for (int i = 0; i < n; i++) out[i] = a[i] * b[i];
        break;
      case DIVIDE:
        for (int i = 0; i < n; i++) out[i] = a[i] / b[i];
        break;
      case MAXIMUM:
        for (int i = 0; i < n; i++) {
          double x = a[i];
          double y = b[i];
          out[i] = x >= y || x != x ? x : y;
        }
        break;
      case MINIMUM:
        for (int i = 0; i < n; i++) {
          double x = a[i];
          double y = b[i];
          out[i] = x <= y || x != x ? x : y;
        }
        break;
      default:
        throw new AssertionError(op);
    }
  }

  /**
   * {@code out = a op b} modulo 2<sup>64</sup>; {@code unsigned} compares as uint64 for maximum
   * and minimum. True division never runs here: its result is always a float.
   */
  static void binary(BinaryOp op, boolean unsigned, long[] a, long[] b, long[] out, int n) {
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) out[i] = a[i] + b[i];
        break;
      case SUBTRACT:
        for (int i = 0; i < n; i++) out[i] = a[i] - b[i];
        break;
      case MULTIPLY:
        for (int i = 0; i < n; i++) out[i] = a[i] * b[i];
        break;
      case MAXIMUM:
        if (unsigned) {
          for (int i = 0; i < n; i++) out[i] = Long.compareUnsigned(a[i], b[i]) >= 0 ? a[i] : b[i];
        } else {
          for (int i = 0; i < n; i++) out[i] = Math.max(a[i], b[i]);
        }
        break;
      case MINIMUM:
        if (unsigned) {
          for (int i = 0; i < n; i++) out[i] = Long.compareUnsigned(a[i], b[i]) <= 0 ? a[i] : b[i];
        } else {
          for (int i = 0; i < n; i++) out[i] = Math.min(a[i], b[i]);
        }
        break;
      case DIVIDE:
        throw new IllegalStateException("true division has a float result and runs in double");
      default:
        throw new AssertionError(op);
    }
  }

  /** {@code out = op(a)} in double precision. */
  static void unary(UnaryOp op, double[] a, double[] out, int n) {
    switch (op) {
      case NEGATE:
        for (int i = 0; i < n; i++) out[i] = -a[i];
        break;
      case ABS:
        for (int i = 0; i < n; i++) out[i] = Math.abs(a[i]);
        break;
      case SQUARE:
        for (int i = 0; i < n; i++) out[i] = a[i] * a[i];
        break;
      case SQRT:
        for (int i = 0; i < n; i++) out[i] = Math.sqrt(a[i]);
        break;
      case EXP:
        for (int i = 0; i < n; i++) out[i] = Math.exp(a[i]);
        break;
      case LOG:
        for (int i = 0; i < n; i++) out[i] = Math.log(a[i]);
        break;
      default:
        throw new AssertionError(op);
    }
  }

  /**
   * {@code out = op(a)} modulo 2<sup>64</sup>; with {@code unsigned} the absolute value is the
   * identity (a uint64 bit pattern may look negative). sqrt, exp and log never run here: their
   * result is always a float.
   */
  static void unary(UnaryOp op, boolean unsigned, long[] a, long[] out, int n) {
    switch (op) {
      case NEGATE:
        for (int i = 0; i < n; i++) out[i] = -a[i];
        break;
      case ABS:
        if (unsigned) {
          if (out != a) System.arraycopy(a, 0, out, 0, n);
        } else {
          for (int i = 0; i < n; i++) out[i] = Math.abs(a[i]);
        }
        break;
      case SQUARE:
        for (int i = 0; i < n; i++) out[i] = a[i] * a[i];
        break;
      case SQRT:
      case EXP:
      case LOG:
        throw new IllegalStateException(op + " has a float result and runs in double");
      default:
        throw new AssertionError(op);
    }
  }
}
