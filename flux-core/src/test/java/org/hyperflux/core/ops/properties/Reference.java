package org.hyperflux.core.ops.properties;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.ops.BinaryOp;
import org.hyperflux.core.accumulate.Reduction;
import org.hyperflux.core.ops.Scalar;
import org.hyperflux.core.ops.Slice;
import org.hyperflux.core.ops.UnaryOp;

/**
 * Plain-loop reference implementations of the array operations, with numpy 1.24's semantics: one
 * nested loop over the output, no chunks, no tiles, no shared code with the operators under test
 * (only the dtype rules of {@link DType} and {@link Scalar#resultType}, which have their own
 * golden test). Integer results are exact (wraparound included); float results are exact where
 * IEEE arithmetic in the result precision is (+ − × ÷, sqrt, casts: an operation computed in
 * double and rounded once to float32 equals the float32 operation); rounded results carry a
 * tolerance in {@link Dense#tol}, justified where it is set.
 *
 * <p>Two deliberate departures from numpy 1.24, both forced by laziness (dtypes are known before
 * any data is read): a rank-0 array operand promotes as an array ({@code np.promote_types}),
 * where numpy would cast it by value like a Python scalar; and a Python scalar next to a rank-0
 * array follows {@link Scalar#resultType} for the array's dtype, where numpy would treat both
 * as scalars. Values are kept far from float32 overflow, so that the exact (BigDecimal)
 * reductions here and numpy's float32 intermediates agree. The reference was cross-checked
 * against numpy 1.24.2 on 3000 random cases (casts, broadcasting, value-based casting, unary
 * ops, all reductions with ddof 0–2 and their empty-input errors, slices, stacking).
 */
final class Reference {
  /** Unit roundoff of float32 and float64. */
  static final double U32 = 0x1p-24;
  static final double U64 = 0x1p-53;

  /** numpy raises "zero-size array to reduction operation ... which has no identity". */
  static final class EmptyReductionException extends RuntimeException {
    EmptyReductionException(String message) {
      super(message);
    }
  }

  private Reference() {}

  static double unitRoundoff(DType t) {
    return t == DType.FLOAT32 ? U32 : U64;
  }

  // ---- elementwise ----

  /** numpy's broadcast shape; throws IllegalArgumentException when incompatible. */
  static long[] broadcastShape(long[] a, long[] b) {
    int r = Math.max(a.length, b.length);
    long[] out = new long[r];
    for (int i = 0; i < r; i++) {
      long x = i < r - a.length ? 1 : a[i - (r - a.length)];
      long y = i < r - b.length ? 1 : b[i - (r - b.length)];
      if (x != y && x != 1 && y != 1) {
        throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
      }
      out[i] = x == 1 ? y : x;
    }
    return out;
  }

  /** The position in an operand of {@code shape} that broadcasts to output index {@code outIdx}. */
  private static int broadcastSource(long[] shape, int[] outIdx) {
    int lead = outIdx.length - shape.length;
    int linear = 0;
    for (int j = 0; j < shape.length; j++) {
      int k = shape[j] == 1 ? 0 : outIdx[j + lead];
      linear = linear * (int) shape[j] + k;
    }
    return linear;
  }

  /** {@code np.<op>(a, b)}: broadcasting; dtype {@code promote} ({@code true_divide} for DIVIDE). */
  static Dense binary(BinaryOp op, Dense a, Dense b) {
    DType rt = op == BinaryOp.DIVIDE ? a.dtype.trueDivide(b.dtype) : DType.promote(a.dtype, b.dtype);
    long[] shape = broadcastShape(a.shape, b.shape);
    Dense out = Dense.zeros(shape, rt);
    for (int i = 0; i < out.size(); i++) {
      int[] idx = Dense.unravel(shape, i);
      int ia = broadcastSource(a.shape, idx);
      int ib = broadcastSource(b.shape, idx);
      out.undefined[i] = a.undefined[ia] || b.undefined[ib];
      if (rt.isFloat()) {
        out.setDouble(i, floatOp(op, a.castToDouble(ia, rt), b.castToDouble(ib, rt)));
      } else {
        out.setLong(i, intOp(op, rt, a.castToLong(ia, rt), b.castToLong(ib, rt)));
      }
    }
    return out;
  }

  /** The dtype of {@code np.<op>(array, python scalar)} in numpy 1.24 (value-based casting). */
  static DType scalarType(BinaryOp op, DType array, Scalar s) {
    DType rt = s.resultType(array);
    return op == BinaryOp.DIVIDE && !rt.isFloat() ? DType.FLOAT64 : rt;
  }

  /** {@code np.<op>(a, s)} or, with {@code scalarFirst}, {@code np.<op>(s, a)}; the scalar is cast to the result dtype. */
  static Dense scalar(BinaryOp op, Dense a, Scalar s, boolean scalarFirst) {
    DType rt = scalarType(op, a.dtype, s);
    Dense out = Dense.zeros(a.shape, rt);
    for (int i = 0; i < out.size(); i++) {
      out.undefined[i] = a.undefined[i];
      if (rt.isFloat()) {
        double sv = s.isFloat() ? s.doubleValue() : Dense.exactToDouble(DType.INT64, s.longValue());
        if (rt == DType.FLOAT32) sv = s.isFloat() ? (float) s.doubleValue() : (float) s.longValue();
        double av = a.castToDouble(i, rt);
        out.setDouble(i, scalarFirst ? floatOp(op, sv, av) : floatOp(op, av, sv));
      } else {
        long sv = Dense.wrap(rt, s.longValue());
        long av = a.castToLong(i, rt);
        out.setLong(i, scalarFirst ? intOp(op, rt, sv, av) : intOp(op, rt, av, sv));
      }
    }
    return out;
  }

  /** A binary op on two floats already cast to the result dtype; the caller rounds to it. */
  private static double floatOp(BinaryOp op, double x, double y) {
    switch (op) {
      case ADD: return x + y;
      case SUBTRACT: return x - y;
      case MULTIPLY: return x * y;
      case DIVIDE: return x / y;
      case MAXIMUM: return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
      case MINIMUM: return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
      default: throw new AssertionError(op);
    }
  }

  /** A binary op on two exact values of integer (or bool) dtype {@code rt}; the caller wraps. */
  private static long intOp(BinaryOp op, DType rt, long x, long y) {
    if (rt == DType.BOOL) {
      switch (op) {
        case ADD: case MAXIMUM: return x | y;
        case MULTIPLY: case MINIMUM: return x & y;
        default: throw new IllegalStateException("numpy has no bool " + op);
      }
    }
    int c = rt == DType.UINT64 ? Long.compareUnsigned(x, y) : Long.compare(x, y);
    switch (op) {
      case ADD: return x + y;
      case SUBTRACT: return x - y;
      case MULTIPLY: return x * y;
      case MAXIMUM: return c >= 0 ? x : y;
      case MINIMUM: return c <= 0 ? x : y;
      default: throw new AssertionError(op);
    }
  }

  /**
   * The dtype of a unary op: NEGATE/ABS keep it; SQUARE keeps it except bool, which numpy squares
   * to int8; SQRT/EXP/LOG give float32 for bool, 8- and 16-bit integers and float32 (numpy's
   * float16 for bool and 8-bit is float32 here, as {@link UnaryOp#SQRT} documents), float64 for
   * the rest.
   */
  static DType unaryType(UnaryOp op, DType t) {
    switch (op) {
      case NEGATE:
        if (t == DType.BOOL) throw new IllegalArgumentException("numpy has no bool negative");
        return t;
      case ABS: return t;
      case SQUARE: return t == DType.BOOL ? DType.INT8 : t;
      default:
        return t == DType.FLOAT64 || t.itemSize() >= 4 && !t.isFloat() ? DType.FLOAT64 : DType.FLOAT32;
    }
  }

  /**
   * {@code np.<op>(a)}. EXP and LOG carry a tolerance of 4 ulp of the result: neither Java's
   * {@code Math} nor numpy's SIMD float32 loops are correctly rounded (both stay within a few ulp);
   * SQRT is correctly rounded everywhere, so it is exact.
   */
  static Dense unary(UnaryOp op, Dense a) {
    DType rt = unaryType(op, a.dtype);
    Dense out = Dense.zeros(a.shape, rt);
    for (int i = 0; i < out.size(); i++) {
      out.undefined[i] = a.undefined[i];
      if (op == UnaryOp.SQRT || op == UnaryOp.EXP || op == UnaryOp.LOG) {
        double x = a.castToDouble(i, rt);
        double r = op == UnaryOp.SQRT ? Math.sqrt(x) : op == UnaryOp.EXP ? StrictMath.exp(x) : StrictMath.log(x);
        out.setDouble(i, r);
        if (op != UnaryOp.SQRT && Double.isFinite(out.d[i])) {
          out.tol[i] = 4 * (rt == DType.FLOAT32 ? Math.ulp((float) out.d[i]) : Math.ulp(out.d[i]));
        }
      } else if (rt.isFloat()) {
        double x = a.d[i];
        out.setDouble(i, op == UnaryOp.NEGATE ? -x : op == UnaryOp.ABS ? Math.abs(x) : x * x);
      } else {
        long x = a.l[i];
        long r;
        if (op == UnaryOp.NEGATE) r = -x;
        else if (op == UnaryOp.ABS) r = a.dtype.isUnsigned() || a.dtype == DType.BOOL ? x : Math.abs(x);
        else r = x * x;
        out.setLong(i, r);
      }
    }
    return out;
  }

  // ---- reductions ----

  /** The sorted distinct axes a reduction covers: all for an empty list; negative axes count from the end. */
  static int[] reducedAxes(int rank, int[] axes) {
    if (axes.length == 0) {
      int[] all = new int[rank];
      for (int i = 0; i < rank; i++) all[i] = i;
      return all;
    }
    return Arrays.stream(axes).map(x -> x < 0 ? x + rank : x).sorted().distinct().toArray();
  }

  static DType reductionType(Reduction r, DType t) {
    switch (r) {
      case SUM: case NANSUM: return t.sumType();
      case MIN: case MAX: case NANMIN: case NANMAX: return t;
      default: return t.meanType();
    }
  }

  /**
   * {@code np.<r>(a, axis=axes, ddof=ddof)}, numpy 1.24 semantics including its edge cases:
   * an empty sum is 0 and an empty mean/var NaN; var divides by {@code max(n - ddof, 0)} (so a
   * positive sum of squares over 0 is inf), while nanvar of a float array gives NaN when
   * {@code n - ddof <= 0} (numpy's {@code _nanvar}; for integer arrays the nan variants are the
   * plain ones); min/max of an empty set throw {@link EmptyReductionException}.
   */
  static Dense reduce(Reduction r, int ddof, Dense a, int[] axes) {
    int[] red = reducedAxes(a.rank(), axes);
    boolean[] reduced = new boolean[a.rank()];
    for (int x : red) reduced[x] = true;
    List<Long> outDims = new ArrayList<>();
    long perGroup = 1;
    for (int i = 0; i < a.rank(); i++) {
      if (reduced[i]) perGroup *= a.shape[i];
      else outDims.add(a.shape[i]);
    }
    long[] outShape = outDims.stream().mapToLong(Long::longValue).toArray();
    DType rt = reductionType(r, a.dtype);
    boolean minMax = r == Reduction.MIN || r == Reduction.MAX || r == Reduction.NANMIN || r == Reduction.NANMAX;
    if (minMax && perGroup == 0) {
      throw new EmptyReductionException("zero-size array to reduction operation " + r.numpyName() + " which has no identity");
    }
    Dense out = Dense.zeros(outShape, rt);
    int groups = out.size();
    int[][] members = new int[groups][(int) perGroup];
    int[] fill = new int[groups];
    for (int i = 0; i < a.size(); i++) {
      int[] idx = Dense.unravel(a.shape, i);
      int g = 0;
      for (int ax = 0; ax < idx.length; ax++) {
        if (!reduced[ax]) g = g * (int) a.shape[ax] + idx[ax];
      }
      members[g][fill[g]++] = i;
    }
    for (int g = 0; g < groups; g++) {
      for (int i : members[g]) out.undefined[g] |= a.undefined[i];
      reduceGroup(r, ddof, a, members[g], out, g);
    }
    return out;
  }

  private static void reduceGroup(Reduction r, int ddof, Dense a, int[] members, Dense out, int g) {
    DType rt = out.dtype;
    boolean nanFloat = r.ignoresNaN() && a.dtype.isFloat();
    switch (r) {
      case SUM: case NANSUM:
        if (!rt.isFloat()) {
          long s = 0;
          for (int i : members) s += a.l[i];
          out.setLong(g, s);
        } else {
          floatSum(values(a, members, nanFloat), out, g, false);
        }
        return;
      case MEAN: case NANMEAN:
        floatSum(values(a, members, nanFloat), out, g, true);
        return;
      case VAR: case STD: case NANVAR: case NANSTD:
        variance(values(a, members, nanFloat), ddof, nanFloat, r == Reduction.STD || r == Reduction.NANSTD, out, g);
        return;
      default:
        minMax(r, a, members, out, g);
    }
  }

  /** The members as doubles (integers converted as numpy converts them to float64), NaN dropped if asked. */
  private static double[] values(Dense a, int[] members, boolean dropNaN) {
    return Arrays.stream(members).mapToDouble(i -> a.dtype.isFloat() ? a.d[i] : Dense.exactToDouble(a.dtype, a.l[i]))
        .filter(v -> !(dropNaN && Double.isNaN(v))).toArray();
  }

  /** NaN if any NaN or both infinities, the infinity if one, else null (all finite). */
  private static Double special(double[] v) {
    boolean pos = false;
    boolean neg = false;
    for (double x : v) {
      if (Double.isNaN(x)) return Double.NaN;
      pos |= x == Double.POSITIVE_INFINITY;
      neg |= x == Double.NEGATIVE_INFINITY;
    }
    if (pos && neg) return Double.NaN;
    if (pos) return Double.POSITIVE_INFINITY;
    if (neg) return Double.NEGATIVE_INFINITY;
    return null;
  }

  /**
   * Sum (or mean) of finite values computed exactly, then rounded. Tolerance: any summation order
   * in unit roundoff u is within (n − 1)·u·Σ|x| of the exact sum (Higham, Accuracy and Stability
   * of Numerical Algorithms, §4.2) — this covers numpy's own float32 pairwise sums and an
   * implementation that accumulates in double — plus one rounding of each integer to float64
   * (numpy's mean of integers) and the final rounding to the result dtype: (n + 2)·u·Σ|x| + u·|s|,
   * divided by n for a mean.
   */
  private static void floatSum(double[] v, Dense out, int g, boolean mean) {
    int n = v.length;
    if (mean && n == 0) {
      out.setDouble(g, Double.NaN);
      return;
    }
    Double s = special(v);
    if (s != null) {
      out.setDouble(g, s);
      return;
    }
    BigDecimal exact = BigDecimal.ZERO;
    double abs = 0;
    for (double x : v) {
      exact = exact.add(new BigDecimal(x));
      abs += Math.abs(x);
    }
    if (mean) exact = exact.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
    double value = exact.doubleValue();
    out.setDouble(g, value);
    double u = unitRoundoff(out.dtype);
    out.tol[g] = ((n + 2) * u * abs) / (mean ? n : 1) + u * Math.abs(value);
  }

  /**
   * Population variance with {@code ddof}, from the exact mean and exact squared deviations.
   * Tolerance: a two-pass or Chan/Welford updating algorithm in unit roundoff u errs by at most
   * about n·u·κ·S with κ²·S = Σx² (Chan, Golub and LeVeque 1983, "Algorithms for computing the
   * sample variance"), and κ·S ≤ Σ(|x| + |m|)²; we allow 4·(n + 2)·u·Σ(|x| + |m|)² over the
   * divisor, plus the final rounding. std = sqrt(var) inherits |√a − √b| ≤ min(√|a − b|, |a − b|/√b).
   */
  private static void variance(double[] v, int ddof, boolean nanFloat, boolean std, Dense out, int g) {
    int n = v.length;
    double u = unitRoundoff(out.dtype);
    if (n == 0) {
      out.setDouble(g, Double.NaN);
      return;
    }
    if (special(v) != null) {
      out.setDouble(g, Double.NaN); // a NaN propagates; an infinity gives inf - inf
      return;
    }
    // Exact: n·S = n·Σx² − (Σx)², so the sign of S (0 exactly when all values are equal) is exact.
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal squares = BigDecimal.ZERO;
    for (double x : v) {
      BigDecimal b = new BigDecimal(x);
      sum = sum.add(b);
      squares = squares.add(b.multiply(b));
    }
    BigDecimal nS = squares.multiply(BigDecimal.valueOf(n)).subtract(sum.multiply(sum));
    double m = Math.abs(sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue());
    double scale = 0;
    for (double x : v) scale += (Math.abs(x) + m) * (Math.abs(x) + m);
    double var;
    double tol;
    int dof = n - ddof;
    if (nanFloat && dof <= 0) {
      var = Double.NaN;
      tol = 0;
    } else if (dof <= 0) {
      var = nS.signum() > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
      tol = 0;
    } else {
      var = nS.divide(BigDecimal.valueOf((long) n * dof), MathContext.DECIMAL128).doubleValue();
      tol = 4.0 * (n + 2) * u * scale / dof;
    }
    if (!std) {
      out.setDouble(g, var);
      out.tol[g] = Double.isFinite(var) ? tol + u * Math.abs(var) : 0;
      return;
    }
    double sd = Math.sqrt(var);
    out.setDouble(g, sd);
    out.tol[g] = Double.isFinite(sd) ? Math.min(Math.sqrt(tol), var > 0 ? tol / Math.sqrt(var) : Double.POSITIVE_INFINITY) + 2 * u * sd : 0;
  }

  private static void minMax(Reduction r, Dense a, int[] members, Dense out, int g) {
    boolean max = r == Reduction.MAX || r == Reduction.NANMAX;
    if (!a.dtype.isFloat()) {
      long best = a.l[members[0]];
      for (int i : members) {
        int c = a.dtype == DType.UINT64 ? Long.compareUnsigned(a.l[i], best) : Long.compare(a.l[i], best);
        if (max ? c > 0 : c < 0) best = a.l[i];
      }
      out.setLong(g, best);
      return;
    }
    boolean skipNaN = r.ignoresNaN();
    double best = Double.NaN;
    boolean any = false;
    for (int i : members) {
      double x = a.d[i];
      if (Double.isNaN(x)) {
        if (skipNaN) continue;
        best = Double.NaN;
        any = true;
        break;
      }
      if (!any || (max ? x > best : x < best)) best = x;
      any = true;
    }
    out.setDouble(g, any ? best : Double.NaN); // nanmin/nanmax of all-NaN: NaN
  }

  // ---- geometry ----

  /** The indices {@code range(length)[s]} selects, computed as CPython's slice adjustment and a loop. */
  static long[] sliceIndices(long length, Slice s) {
    long step = s.step();
    long start;
    long stop;
    if (step > 0) {
      start = s.start() == null ? 0 : adjust(s.start(), length, 0, length);
      stop = s.stop() == null ? length : adjust(s.stop(), length, 0, length);
    } else {
      start = s.start() == null ? length - 1 : adjust(s.start(), length, -1, length - 1);
      stop = s.stop() == null ? -1 : adjust(s.stop(), length, -1, length - 1);
    }
    List<Long> out = new ArrayList<>();
    for (long i = start; step > 0 ? i < stop : i > stop; i += step) out.add(i);
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static long adjust(long bound, long length, long low, long high) {
    long b = bound < 0 ? bound + length : bound;
    if (b < low) return low;
    return Math.min(b, high);
  }

  /** {@code a[s0, s1, ...]} with missing trailing slices meaning whole axes. */
  static Dense slice(Dense a, Slice... slices) {
    long[][] picks = new long[a.rank()][];
    long[] shape = new long[a.rank()];
    for (int ax = 0; ax < a.rank(); ax++) {
      picks[ax] = sliceIndices(a.shape[ax], ax < slices.length ? slices[ax] : Slice.all());
      shape[ax] = picks[ax].length;
    }
    int[] strides = Dense.strides(a.shape);
    Dense out = Dense.zeros(shape, a.dtype);
    for (int i = 0; i < out.size(); i++) {
      int[] idx = Dense.unravel(shape, i);
      int src = 0;
      for (int ax = 0; ax < idx.length; ax++) src += (int) picks[ax][idx[ax]] * strides[ax];
      copy(a, src, out, i);
    }
    return out;
  }

  /** {@code a.transpose(perm)}: output axis i is input axis perm[i]. */
  static Dense transpose(Dense a, int... perm) {
    long[] shape = new long[a.rank()];
    for (int i = 0; i < perm.length; i++) shape[i] = a.shape[perm[i]];
    int[] strides = Dense.strides(a.shape);
    Dense out = Dense.zeros(shape, a.dtype);
    for (int i = 0; i < out.size(); i++) {
      int[] idx = Dense.unravel(shape, i);
      int src = 0;
      for (int ax = 0; ax < idx.length; ax++) src += idx[ax] * strides[perm[ax]];
      copy(a, src, out, i);
    }
    return out;
  }

  /** {@code np.squeeze(a)}: every axis of length 1 dropped, the values in the same order. */
  static Dense squeeze(Dense a) {
    long[] shape = java.util.Arrays.stream(a.shape).filter(d -> d != 1).toArray();
    Dense out = Dense.zeros(shape, a.dtype);
    for (int i = 0; i < out.size(); i++) copy(a, i, out, i);
    return out;
  }

  /** {@code np.stack(arrays, axis)}: dtype the promotion of all, values cast to it. */
  static Dense stack(int axis, Dense... arrays) {
    int rank = arrays[0].rank() + 1;
    int ax = axis < 0 ? axis + rank : axis;
    DType rt = promoteAll(arrays);
    long[] shape = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) shape[i] = i == ax ? arrays.length : arrays[0].shape[j++];
    Dense[] cast = castAll(arrays, rt);
    Dense out = Dense.zeros(shape, rt);
    for (int i = 0; i < out.size(); i++) {
      int[] idx = Dense.unravel(shape, i);
      Dense src = cast[idx[ax]];
      int linear = 0;
      for (int d = 0, j = 0; d < rank; d++) {
        if (d == ax) continue;
        linear = linear * (int) src.shape[j++] + idx[d];
      }
      copy(src, linear, out, i);
    }
    return out;
  }

  /** {@code np.concatenate(arrays, axis)}: dtype the promotion of all, values cast to it. */
  static Dense concatenate(int axis, Dense... arrays) {
    int rank = arrays[0].rank();
    int ax = axis < 0 ? axis + rank : axis;
    DType rt = promoteAll(arrays);
    long[] shape = arrays[0].shape.clone();
    shape[ax] = 0;
    for (Dense a : arrays) shape[ax] += a.shape[ax];
    Dense[] cast = castAll(arrays, rt);
    Dense out = Dense.zeros(shape, rt);
    for (int i = 0; i < out.size(); i++) {
      int[] idx = Dense.unravel(shape, i);
      int k = 0;
      int along = idx[ax];
      while (along >= cast[k].shape[ax]) along -= (int) cast[k++].shape[ax];
      idx[ax] = along;
      int linear = 0;
      for (int d = 0; d < rank; d++) linear = linear * (int) cast[k].shape[d] + idx[d];
      copy(cast[k], linear, out, i);
    }
    return out;
  }

  private static DType promoteAll(Dense[] arrays) {
    DType rt = arrays[0].dtype;
    for (Dense a : arrays) rt = DType.promote(rt, a.dtype);
    return rt;
  }

  private static Dense[] castAll(Dense[] arrays, DType rt) {
    Dense[] cast = new Dense[arrays.length];
    for (int i = 0; i < arrays.length; i++) cast[i] = arrays[i].dtype == rt ? arrays[i] : arrays[i].astype(rt);
    return cast;
  }

  private static void copy(Dense src, int from, Dense dst, int to) {
    dst.d[to] = src.d[from];
    if (dst.l != null) dst.l[to] = src.l[from];
    dst.undefined[to] = src.undefined[from];
    dst.tol[to] = src.tol[from];
  }
}
