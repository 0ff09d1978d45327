package org.hyperflux.core.array;

/**
 * Bulk conversions between typed blocks and the two working precisions kernels compute in
 * ({@code double[]} for float results, {@code long[]} for integer and bool results), with numpy's
 * cast semantics: integers wrap, floats truncate toward zero, unsigned values keep their bit
 * pattern. Computing float32 arithmetic in double and rounding once gives the same result as
 * float32 arithmetic for + − × ÷ (double has more than twice float's precision).
 */
public final class Casts {
  private static final double TWO_POW_63 = 9.223372036854775808E18;

  private Casts() {}

  /** An unsigned 64-bit integer's value as a double (rounded to nearest). */
  public static double unsignedToDouble(long v) {
    if (v >= 0) return v;
    // Halve keeping the sticky bit so that rounding of the final value is correct.
    return ((v >>> 1) | (v & 1)) * 2.0;
  }

  /**
   * A C-style cast of a double to a 64-bit integer: truncation toward zero; NaN gives 0 (numpy's
   * result is undefined there). With {@code unsigned}, values in [2^63, 2^64) keep their uint64 bits.
   */
  public static long doubleToLong(double v, boolean unsigned) {
    if (unsigned && v >= TWO_POW_63) {
      return (long) (v - TWO_POW_63) ^ Long.MIN_VALUE;
    }
    return (long) v;
  }

  /** Reads {@code n} elements of {@code src} from element {@code from} into {@code dst[0..n)} as doubles. */
  public static void toDouble(Block src, int from, double[] dst, int n) {
    Object a = src.array();
    int o = src.offset() + from;
    switch (src.dtype()) {
      case BOOL: { boolean[] s = (boolean[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i] ? 1 : 0; break; }
      case INT8: { byte[] s = (byte[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i]; break; }
      case UINT8: { byte[] s = (byte[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i] & 0xFF; break; }
      case INT16: { short[] s = (short[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i]; break; }
      case UINT16: { short[] s = (short[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i] & 0xFFFF; break; }
      case INT32: { int[] s = (int[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i]; break; }
      case UINT32: { int[] s = (int[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i] & 0xFFFFFFFFL; break; }
      case INT64: { long[] s = (long[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i]; break; }
      case UINT64: { long[] s = (long[]) a; for (int i = 0; i < n; i++) dst[i] = unsignedToDouble(s[o + i]); break; }
      case FLOAT32: { float[] s = (float[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i]; break; }
      case FLOAT64: System.arraycopy(a, o, dst, 0, n); break;
      default: throw new AssertionError(src.dtype());
    }
  }

  /** Reads {@code n} elements of {@code src} from element {@code from} into {@code dst[0..n)} as longs (floats truncated). */
  public static void toLong(Block src, int from, long[] dst, int n) {
    Object a = src.array();
    int o = src.offset() + from;
    switch (src.dtype()) {
      case BOOL: { boolean[] s = (boolean[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i] ? 1 : 0; break; }
      case INT8: { byte[] s = (byte[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i]; break; }
      case UINT8: { byte[] s = (byte[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i] & 0xFF; break; }
      case INT16: { short[] s = (short[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i]; break; }
      case UINT16: { short[] s = (short[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i] & 0xFFFF; break; }
      case INT32: { int[] s = (int[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i]; break; }
      case UINT32: { int[] s = (int[]) a; for (int i = 0; i < n; i++) dst[i] = s[o + i] & 0xFFFFFFFFL; break; }
      case INT64: case UINT64: System.arraycopy(a, o, dst, 0, n); break;
      case FLOAT32: { float[] s = (float[]) a; for (int i = 0; i < n; i++) dst[i] = doubleToLong(s[o + i], false); break; }
      case FLOAT64: { double[] s = (double[]) a; for (int i = 0; i < n; i++) dst[i] = doubleToLong(s[o + i], false); break; }
      default: throw new AssertionError(src.dtype());
    }
  }

  /** Writes {@code src[0..n)} into {@code dst} from element {@code from}, cast to dst's dtype. */
  public static void fromDouble(double[] src, Block dst, int from, int n) {
    Object a = dst.array();
    int o = dst.offset() + from;
    switch (dst.dtype()) {
      case BOOL: { boolean[] d = (boolean[]) a; for (int i = 0; i < n; i++) d[o + i] = src[i] != 0; break; }
      case INT8: case UINT8: { byte[] d = (byte[]) a; for (int i = 0; i < n; i++) d[o + i] = (byte) (long) src[i]; break; }
      case INT16: case UINT16: { short[] d = (short[]) a; for (int i = 0; i < n; i++) d[o + i] = (short) (long) src[i]; break; }
      case INT32: case UINT32: { int[] d = (int[]) a; for (int i = 0; i < n; i++) d[o + i] = (int) (long) src[i]; break; }
      case INT64: { long[] d = (long[]) a; for (int i = 0; i < n; i++) d[o + i] = (long) src[i]; break; }
      case UINT64: { long[] d = (long[]) a; for (int i = 0; i < n; i++) d[o + i] = doubleToLong(src[i], true); break; }
      case FLOAT32: { float[] d = (float[]) a; for (int i = 0; i < n; i++) d[o + i] = (float) src[i]; break; }
      case FLOAT64: System.arraycopy(src, 0, a, o, n); break;
      default: throw new AssertionError(dst.dtype());
    }
  }

  /** Writes {@code src[0..n)} into {@code dst} from element {@code from}, cast to dst's dtype (integers wrap). */
  public static void fromLong(long[] src, Block dst, int from, int n) {
    Object a = dst.array();
    int o = dst.offset() + from;
    switch (dst.dtype()) {
      case BOOL: { boolean[] d = (boolean[]) a; for (int i = 0; i < n; i++) d[o + i] = src[i] != 0; break; }
      case INT8: case UINT8: { byte[] d = (byte[]) a; for (int i = 0; i < n; i++) d[o + i] = (byte) src[i]; break; }
      case INT16: case UINT16: { short[] d = (short[]) a; for (int i = 0; i < n; i++) d[o + i] = (short) src[i]; break; }
      case INT32: case UINT32: { int[] d = (int[]) a; for (int i = 0; i < n; i++) d[o + i] = (int) src[i]; break; }
      case INT64: case UINT64: System.arraycopy(src, 0, a, o, n); break;
      case FLOAT32: { float[] d = (float[]) a; for (int i = 0; i < n; i++) d[o + i] = (float) src[i]; break; }
      case FLOAT64: { double[] d = (double[]) a; for (int i = 0; i < n; i++) d[o + i] = src[i]; break; }
      default: throw new AssertionError(dst.dtype());
    }
  }

  /**
   * Casts {@code n} elements of {@code src} into {@code dst} in one pass where a direct loop
   * exists (any dtype but uint64 into float32 or float64: Java's conversions round once, as
   * numpy's do); returns false, touching nothing, for other pairs.
   */
  public static boolean convertToFloat(Block src, Block dst, int n) {
    DType to = dst.dtype();
    if ((to != DType.FLOAT32 && to != DType.FLOAT64) || src.dtype() == DType.UINT64) return false;
    Object a = src.array();
    int o = src.offset();
    int p = dst.offset();
    if (to == DType.FLOAT32) {
      float[] d = (float[]) dst.array();
      switch (src.dtype()) {
        case BOOL: { boolean[] s = (boolean[]) a; for (int i = 0; i < n; i++) d[p + i] = s[o + i] ? 1 : 0; return true; }
        case INT8: { byte[] s = (byte[]) a; for (int i = 0; i < n; i++) d[p + i] = s[o + i]; return true; }
        case UINT8: { byte[] s = (byte[]) a; for (int i = 0; i < n; i++) d[p + i] = s[o + i] & 0xFF; return true; }
        case INT16: { short[] s = (short[]) a; for (int i = 0; i < n; i++) d[p + i] = s[o + i]; return true; }
        case UINT16: { short[] s = (short[]) a; for (int i = 0; i < n; i++) d[p + i] = s[o + i] & 0xFFFF; return true; }
        case INT32: { int[] s = (int[]) a; for (int i = 0; i < n; i++) d[p + i] = s[o + i]; return true; }
        case UINT32: { int[] s = (int[]) a; for (int i = 0; i < n; i++) d[p + i] = s[o + i] & 0xFFFFFFFFL; return true; }
        case INT64: { long[] s = (long[]) a; for (int i = 0; i < n; i++) d[p + i] = s[o + i]; return true; }
        case FLOAT32: System.arraycopy(a, o, d, p, n); return true;
        case FLOAT64: { double[] s = (double[]) a; for (int i = 0; i < n; i++) d[p + i] = (float) s[o + i]; return true; }
        default: return false;
      }
    }
    // Every dtype but uint64 converts to double exactly, which toDouble does in one pass.
    if (p != 0) return false;
    toDouble(src, 0, (double[]) dst.array(), n);
    return true;
  }
}
