package org.hyperflux.core.ops.properties;

import java.math.BigDecimal;
import java.util.Arrays;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * The reference model of the lazy-equals-eager suite: a tiny dense n-d array in C order, with no
 * chunks and no tiles. Every element is held as a double ({@link #d}) and, for bool and integer
 * dtypes, also as its exact value ({@link #l}: the value for bool/signed/uint8..uint32, the bit
 * pattern for uint64), so wraparound and uint64 compare exactly. An element may be
 * <em>undefined</em> ({@link #undefined}): numpy leaves its value to the C compiler (a float cast
 * to an integer type it does not fit); such elements are never compared, and everything computed
 * from them is undefined too. {@link #tol} is the absolute tolerance an implementation may differ
 * by (0: exact), set by the reference operations that round (sums, means, variances, exp, log).
 *
 * <p>The casts here are written independently of {@code org.hyperflux.core.array.Casts}: they go
 * through {@link BigDecimal} where Java's primitive conversions would not round like C.
 */
final class Dense {
  final long[] shape;
  final DType dtype;
  final double[] d;
  final long[] l;
  final boolean[] undefined;
  final double[] tol;

  Dense(long[] shape, DType dtype, double[] d, long[] l, boolean[] undefined, double[] tol) {
    this.shape = shape.clone();
    this.dtype = dtype;
    this.d = d;
    this.l = l;
    this.undefined = undefined;
    this.tol = tol;
    int n = size(shape);
    if (d.length != n || (l != null && l.length != n) || undefined.length != n || tol.length != n) {
      throw new IllegalArgumentException("inconsistent reference array of shape " + Arrays.toString(shape));
    }
    if ((l == null) != dtype.isFloat()) {
      throw new IllegalArgumentException("exact values are kept exactly for non-float dtypes");
    }
  }

  /** An empty (all zero, all defined, exact) array to fill. */
  static Dense zeros(long[] shape, DType dtype) {
    int n = size(shape);
    return new Dense(shape, dtype, new double[n], dtype.isFloat() ? null : new long[n],
        new boolean[n], new double[n]);
  }

  /** A bool or integer array from exact values (wrapped into the dtype). */
  static Dense ofLongs(long[] shape, DType dtype, long[] values) {
    Dense out = zeros(shape, dtype);
    for (int i = 0; i < values.length; i++) out.setLong(i, values[i]);
    return out;
  }

  /** A float array (float32 values are rounded to float). */
  static Dense ofDoubles(long[] shape, DType dtype, double[] values) {
    Dense out = zeros(shape, dtype);
    for (int i = 0; i < values.length; i++) out.setDouble(i, values[i]);
    return out;
  }

  static int size(long[] shape) {
    long n = 1;
    for (long s : shape) n *= s;
    return Math.toIntExact(n);
  }

  int size() {
    return d.length;
  }

  int rank() {
    return shape.length;
  }

  /** Stores an exact integer value, wrapped into the (non-float) dtype. */
  void setLong(int i, long v) {
    long w = wrap(dtype, v);
    l[i] = w;
    d[i] = exactToDouble(dtype, w);
  }

  /** Stores a float value (rounded to float32 for float32). */
  void setDouble(int i, double v) {
    d[i] = dtype == DType.FLOAT32 ? (double) (float) v : v;
  }

  /** C-order strides. */
  static int[] strides(long[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= (int) shape[i];
    }
    return s;
  }

  /** The multi-index of C-order position {@code linear}. */
  static int[] unravel(long[] shape, int linear) {
    int[] idx = new int[shape.length];
    for (int a = shape.length - 1; a >= 0; a--) {
      idx[a] = (int) (linear % shape[a]);
      linear /= (int) shape[a];
    }
    return idx;
  }

  /** The block holding this array in C order (for building sources). */
  Block toBlock() {
    Block b = Block.allocate(dtype, size());
    fill(b, 0);
    return b;
  }

  /** Writes the elements into {@code b} from element {@code from}. */
  void fill(Block b, int from) {
    for (int i = 0; i < size(); i++) {
      if (dtype.isFloat()) b.setDouble(from + i, d[i]);
      else b.setLong(from + i, l[i]);
    }
  }

  // ---- numpy casts, written the obvious way ----

  /** Wraps an integer into a non-float dtype: low bits, two's complement; bool is {@code != 0}. */
  static long wrap(DType t, long v) {
    switch (t) {
      case BOOL: return v != 0 ? 1 : 0;
      case INT8: return (byte) v;
      case UINT8: return v & 0xFFL;
      case INT16: return (short) v;
      case UINT16: return v & 0xFFFFL;
      case INT32: return (int) v;
      case UINT32: return v & 0xFFFF_FFFFL;
      case INT64: case UINT64: return v;
      default: throw new IllegalArgumentException("not an integer dtype: " + t);
    }
  }

  /** An exact integer value of dtype {@code t} as the nearest double (uint64 from its bit pattern). */
  static double exactToDouble(DType t, long v) {
    if (t == DType.UINT64 && v < 0) return new BigDecimal(Long.toUnsignedString(v)).doubleValue();
    return v;
  }

  /** An exact integer value of dtype {@code t} as the nearest float, rounded once as C does. */
  static float exactToFloat(DType t, long v) {
    if (t == DType.UINT64 && v < 0) return new BigDecimal(Long.toUnsignedString(v)).floatValue();
    return v; // long -> float is one round-to-nearest conversion in Java, as in C
  }

  /** Element {@code i} as the value of dtype {@code to} under numpy's cast; null if undefined. */
  Long castToLong(int i, DType to) {
    if (!dtype.isFloat()) return wrap(to, l[i]);
    double v = d[i];
    if (to == DType.BOOL) return v != 0 || Double.isNaN(v) ? 1L : 0L;
    if (!Double.isFinite(v)) return null;
    BigDecimal t = new BigDecimal(v).setScale(0, java.math.RoundingMode.DOWN);
    BigDecimal lo = new BigDecimal(String.valueOf((long) to.minValue()));
    BigDecimal hi = to == DType.UINT64 ? new BigDecimal("18446744073709551615")
        : to == DType.INT64 ? BigDecimal.valueOf(Long.MAX_VALUE)
        : new BigDecimal(String.valueOf((long) to.maxValue()));
    if (t.compareTo(lo) < 0 || t.compareTo(hi) > 0) return null; // C leaves it undefined
    return t.toBigInteger().longValue(); // low 64 bits: the uint64 bit pattern
  }

  /** Element {@code i} cast to float dtype {@code to} (rounded once to the target precision). */
  double castToDouble(int i, DType to) {
    if (dtype.isFloat()) return to == DType.FLOAT32 ? (double) (float) d[i] : d[i];
    return to == DType.FLOAT32 ? (double) exactToFloat(dtype, l[i]) : exactToDouble(dtype, l[i]);
  }

  /** The whole array cast to {@code to} with numpy's {@code astype}. */
  Dense astype(DType to) {
    Dense out = zeros(shape, to);
    for (int i = 0; i < size(); i++) {
      out.undefined[i] = undefined[i];
      if (to.isFloat()) {
        out.setDouble(i, castToDouble(i, to));
      } else {
        Long v = castToLong(i, to);
        if (v == null) out.undefined[i] = true;
        else out.setLong(i, v);
      }
    }
    return out;
  }

  /** A readable dump: dtype, shape and (up to 64) values; undefined elements print as '?'. */
  String values() {
    StringBuilder b = new StringBuilder("[");
    int n = Math.min(size(), 64);
    for (int i = 0; i < n; i++) {
      if (i > 0) b.append(", ");
      if (undefined[i]) b.append('?');
      else if (dtype.isFloat()) b.append(dtype == DType.FLOAT32 ? Float.toString((float) d[i]) : Double.toString(d[i]));
      else if (dtype == DType.UINT64) b.append(Long.toUnsignedString(l[i]));
      else if (dtype == DType.BOOL) b.append(l[i] != 0 ? "True" : "False");
      else b.append(l[i]);
    }
    if (size() > n) b.append(", ... (").append(size()).append(" elements)");
    return b.append(']').toString();
  }

  @Override
  public String toString() {
    return dtype.numpyName() + shapeString(shape) + " " + values();
  }

  static String shapeString(long[] shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) b.append(", ");
      b.append(shape[i]);
    }
    if (shape.length == 1) b.append(',');
    return b.append(')').toString();
  }
}
