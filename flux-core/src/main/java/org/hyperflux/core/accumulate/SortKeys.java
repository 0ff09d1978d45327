package org.hyperflux.core.accumulate;

import java.io.Serializable;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.DType;

/**
 * Order-preserving integer keys of array values, for radix selection ({@link QuantileAccumulator})
 * and exact extremes. A value's key is an unsigned 64-bit integer, left-aligned: the dtype's
 * {@link #bits} significant bits are at the top and the rest are zero, so that keys of every
 * dtype compare with {@link Long#compareUnsigned} in the order of the values and their top 16
 * bits are always the first radix digit.
 *
 * <p>Signed integers are offset by {@code 2^(bits-1)}; unsigned integers and bool are their
 * value. Floats use the IEEE trick: non-negative values get their sign bit set, negative values
 * have every bit flipped. {@code -0.0} is given the key of {@code +0.0} (they are equal values;
 * a quantile that falls on zero is {@code +0.0}). NaN has no key: it is skipped, as HyperSpy's
 * summary statistics and histograms drop NaN before computing.
 */
final class SortKeys {
  private SortKeys() {}

  /** Significant bits of the keys of {@code dtype}: 8, 16, 32 or 64. */
  static int bits(DType dtype) {
    switch (dtype) {
      case BOOL: case INT8: case UINT8: return 8;
      case INT16: case UINT16: return 16;
      case INT32: case UINT32: case FLOAT32: return 32;
      case INT64: case UINT64: case FLOAT64: return 64;
      default: throw new AssertionError(dtype);
    }
  }

  /**
   * An inclusive value range {@code [lo, hi]}, compared as numpy 1.24 compares an array with
   * two Python floats ({@code (a >= lo) & (a <= hi)}): float32 data in float32 (the bounds are
   * rounded to float32, numpy's value-based casting), every other dtype in float64.
   */
  record Range(double lo, double hi) implements Serializable {
    static Range of(DType dtype, double lo, double hi) {
      if (dtype == DType.FLOAT32) return new Range((float) lo, (float) hi);
      return new Range(lo, hi);
    }

    boolean contains(double x) {
      return x >= lo && x <= hi;
    }
  }

  /**
   * Writes the keys of the values {@code src[from, from + n)} that are not NaN (and lie in
   * {@code range} when it is not null) to {@code keys[0..)}, in order, and returns how many.
   * {@code scratch} (at least {@code n} doubles) is used only with a range.
   */
  static int keys(Block src, int from, int n, long[] keys, Range range, double[] scratch) {
    if (range != null) Casts.toDouble(src, from, scratch, n);
    Object a = src.array();
    int o = src.offset() + from;
    int m = 0;
    switch (src.dtype()) {
      case BOOL: {
        boolean[] s = (boolean[]) a;
        for (int i = 0; i < n; i++) {
          if (range == null || range.contains(scratch[i])) keys[m++] = (s[o + i] ? 1L : 0L) << 56;
        }
        return m;
      }
      case INT8: {
        byte[] s = (byte[]) a;
        for (int i = 0; i < n; i++) {
          if (range == null || range.contains(scratch[i])) keys[m++] = ((s[o + i] ^ 0x80) & 0xFFL) << 56;
        }
        return m;
      }
      case UINT8: {
        byte[] s = (byte[]) a;
        for (int i = 0; i < n; i++) {
          if (range == null || range.contains(scratch[i])) keys[m++] = (s[o + i] & 0xFFL) << 56;
        }
        return m;
      }
      case INT16: {
        short[] s = (short[]) a;
        for (int i = 0; i < n; i++) {
          if (range == null || range.contains(scratch[i])) keys[m++] = ((s[o + i] ^ 0x8000) & 0xFFFFL) << 48;
        }
        return m;
      }
      case UINT16: {
        short[] s = (short[]) a;
        for (int i = 0; i < n; i++) {
          if (range == null || range.contains(scratch[i])) keys[m++] = (s[o + i] & 0xFFFFL) << 48;
        }
        return m;
      }
      case INT32: {
        int[] s = (int[]) a;
        for (int i = 0; i < n; i++) {
          if (range == null || range.contains(scratch[i])) {
            keys[m++] = ((s[o + i] ^ Integer.MIN_VALUE) & 0xFFFF_FFFFL) << 32;
          }
        }
        return m;
      }
      case UINT32: {
        int[] s = (int[]) a;
        for (int i = 0; i < n; i++) {
          if (range == null || range.contains(scratch[i])) keys[m++] = (s[o + i] & 0xFFFF_FFFFL) << 32;
        }
        return m;
      }
      case INT64: {
        long[] s = (long[]) a;
        for (int i = 0; i < n; i++) {
          if (range == null || range.contains(scratch[i])) keys[m++] = s[o + i] ^ Long.MIN_VALUE;
        }
        return m;
      }
      case UINT64: {
        long[] s = (long[]) a;
        for (int i = 0; i < n; i++) {
          if (range == null || range.contains(scratch[i])) keys[m++] = s[o + i];
        }
        return m;
      }
      case FLOAT32: {
        float[] s = (float[]) a;
        for (int i = 0; i < n; i++) {
          float v = s[o + i];
          if (v != v || (range != null && !range.contains(scratch[i]))) continue;
          int b = v == 0 ? 0 : Float.floatToRawIntBits(v);
          int k = b >= 0 ? b ^ Integer.MIN_VALUE : ~b;
          keys[m++] = (k & 0xFFFF_FFFFL) << 32;
        }
        return m;
      }
      case FLOAT64: {
        double[] s = (double[]) a;
        for (int i = 0; i < n; i++) {
          double v = s[o + i];
          if (v != v || (range != null && !range.contains(scratch[i]))) continue;
          long b = v == 0 ? 0 : Double.doubleToRawLongBits(v);
          keys[m++] = b >= 0 ? b ^ Long.MIN_VALUE : ~b;
        }
        return m;
      }
      default:
        throw new AssertionError(src.dtype());
    }
  }

  /** The value whose key is {@code key}, as a double (uint64 and int64 rounded to nearest). */
  static double value(DType dtype, long key) {
    switch (dtype) {
      case BOOL: case UINT8: return key >>> 56;
      case INT8: return (key >>> 56) - 128;
      case UINT16: return key >>> 48;
      case INT16: return (key >>> 48) - 32768;
      case UINT32: return key >>> 32;
      case INT32: return (key >>> 32) - (1L << 31);
      case INT64: return key ^ Long.MIN_VALUE;
      case UINT64: return Casts.unsignedToDouble(key);
      case FLOAT32: return floatOf(key);
      case FLOAT64: return key < 0 ? Double.longBitsToDouble(key ^ Long.MIN_VALUE) : Double.longBitsToDouble(~key);
      default: throw new AssertionError(dtype);
    }
  }

  private static float floatOf(long key) {
    int k = (int) (key >>> 32);
    return Float.intBitsToFloat(k < 0 ? k ^ Integer.MIN_VALUE : ~k);
  }

  /**
   * numpy 1.24's {@code _lerp(a, b, t)} between the values of keys {@code ka <= kb}, as
   * {@code np.percentile} computes it: {@code a + (b - a) * t} for {@code t < 0.5}, else
   * {@code b - (b - a) * (1 - t)}, with {@code b - a} computed in the data's dtype (float32
   * rounding for float32) and the rest in float64. Integer differences are exact here, where
   * numpy's wrap around when they overflow the dtype (its {@code percentile(int8 [-128, 127], 50)}
   * is 127.5; this gives -0.5).
   */
  static double lerp(DType dtype, long ka, long kb, double t) {
    double a = value(dtype, ka);
    double b = value(dtype, kb);
    double diff;
    if (dtype == DType.FLOAT64) {
      diff = b - a;
    } else if (dtype == DType.FLOAT32) {
      diff = floatOf(kb) - floatOf(ka);
    } else {
      diff = Casts.unsignedToDouble((kb - ka) >>> (64 - bits(dtype)));
    }
    return t < 0.5 ? a + diff * t : b - diff * (1 - t);
  }

  /**
   * numpy's {@code _unsigned_subtract(max, min)} for the values of keys {@code kmin <= kmax}: the
   * exact difference for integers, the float32 difference for float32, as a double.
   */
  static double span(DType dtype, long kmin, long kmax) {
    if (dtype == DType.FLOAT64) return value(dtype, kmax) - value(dtype, kmin);
    if (dtype == DType.FLOAT32) return floatOf(kmax) - floatOf(kmin);
    return Casts.unsignedToDouble((kmax - kmin) >>> (64 - bits(dtype)));
  }
}
