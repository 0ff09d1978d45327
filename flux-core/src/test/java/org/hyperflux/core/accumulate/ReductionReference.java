package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * Plain-loop reductions for tests: every output element is computed from the list of its input
 * elements with the textbook formula (double sums, two-pass variance, wrapped long sums for
 * integers), then compared with a tolerance that fits the result dtype.
 */
public final class ReductionReference {
  private ReductionReference() {}

  /** Expected values: {@code bits} for bool/integer outputs, {@code values} for float outputs. */
  public static final class Expected {
    public final long[] outShape;
    public final DType dtype;
    public final double[] values;
    public final long[] bits;
    /** The magnitude the float error is measured against (sum of |x|, mean of |x|, or |value|). */
    public final double[] scale;

    Expected(long[] outShape, DType dtype, int n) {
      this.outShape = outShape;
      this.dtype = dtype;
      this.values = new double[n];
      this.bits = new long[n];
      this.scale = new double[n];
    }
  }

  /** The reduction of {@code data} (C order of {@code shape}) over normalised {@code axes}. */
  public static Expected reduce(Reduction kind, Block data, long[] shape, int[] axes, int ddof) {
    int rank = shape.length;
    boolean[] reduced = new boolean[rank];
    for (int a : axes) reduced[a] = true;
    long[] outShape = new long[rank - axes.length];
    int k = 0;
    for (int a = 0; a < rank; a++) if (!reduced[a]) outShape[k++] = shape[a];
    int outSize = 1;
    for (long d : outShape) outSize *= (int) d;
    int n = data.length();
    DType dtype = data.dtype();
    DType out = kind.resultType(dtype);
    Expected e = new Expected(outShape, out, outSize);
    // Group input positions by output position.
    int[] outOf = new int[n];
    int[] counts = new int[outSize];
    int[] idx = new int[rank];
    for (int i = 0; i < n; i++) {
      int o = 0;
      for (int a = 0; a < rank; a++) if (!reduced[a]) o = o * (int) shape[a] + idx[a];
      outOf[i] = o;
      counts[o]++;
      for (int a = rank - 1; a >= 0; a--) {
        if (++idx[a] < shape[a]) break;
        idx[a] = 0;
      }
    }
    int[][] groups = new int[outSize][];
    for (int o = 0; o < outSize; o++) groups[o] = new int[counts[o]];
    int[] fill = new int[outSize];
    for (int i = 0; i < n; i++) groups[outOf[i]][fill[outOf[i]]++] = i;

    boolean nan = kind.ignoresNaN() && dtype.isFloat();
    for (int o = 0; o < outSize; o++) {
      int[] g = groups[o];
      double sumAbs = 0;
      double sum = 0;
      long wrapped = 0;
      int c = 0;
      for (int i : g) {
        double x = data.getDouble(i);
        wrapped += data.getLong(i);
        if (nan && Double.isNaN(x)) continue;
        sum += x;
        if (!Double.isNaN(x)) sumAbs += Math.abs(x);
        c++;
      }
      switch (kind.withoutNaN()) {
        case SUM:
          if (out.isFloat()) {
            e.values[o] = round(out, sum);
            e.scale[o] = sumAbs;
          } else {
            e.bits[o] = wrapped;
          }
          break;
        case MEAN:
          e.values[o] = round(out, c == 0 ? Double.NaN : sum / c);
          e.scale[o] = c == 0 ? 0 : sumAbs / c;
          break;
        case VAR:
        case STD: {
          double m = sum / c;
          double ss = 0;
          for (int i : g) {
            double x = data.getDouble(i);
            if (nan && Double.isNaN(x)) continue;
            ss += (x - m) * (x - m);
          }
          double var = c == 0 ? Double.NaN
              : c - ddof > 0 ? ss / (c - ddof)
              : nan || !(ss > 0) ? Double.NaN : Double.POSITIVE_INFINITY;
          double v = kind.withoutNaN() == Reduction.STD ? Math.sqrt(var) : var;
          e.values[o] = round(out, v);
          e.scale[o] = Math.abs(v);
          break;
        }
        case MIN:
        case MAX: {
          boolean max = kind.withoutNaN() == Reduction.MAX;
          if (out.isFloat()) {
            double m = Double.NaN;
            boolean sawNaN = false;
            for (int i : g) {
              double x = data.getDouble(i);
              if (Double.isNaN(x)) {
                sawNaN = true;
                continue;
              }
              if (Double.isNaN(m) || (max ? x > m : x < m)) m = x;
            }
            e.values[o] = sawNaN && !nan ? Double.NaN : m;
          } else {
            long m = data.getLong(g[0]);
            for (int i : g) {
              long x = data.getLong(i);
              int cmp = dtype == DType.UINT64 ? Long.compareUnsigned(x, m) : Long.compare(x, m);
              if (max ? cmp > 0 : cmp < 0) m = x;
            }
            e.bits[o] = m;
          }
          break;
        }
        default:
          throw new AssertionError(kind);
      }
    }
    return e;
  }

  private static double round(DType out, double v) {
    return out == DType.FLOAT32 ? (float) v : v;
  }

  /** Asserts that {@code actual} matches: exact for integers, bool and extrema, relative otherwise. */
  public static void assertMatches(Expected e, Block actual, String what) {
    assertThat(actual.dtype()).as("dtype of %s", what).isEqualTo(e.dtype);
    assertThat(actual.length()).as("length of %s", what).isEqualTo(e.values.length);
    if (!e.dtype.isFloat()) {
      for (int i = 0; i < e.bits.length; i++) {
        long a = actual.getLong(i);
        if (a != e.bits[i]) {
          throw new AssertionError(what + ": element " + i + " is " + a + ", expected " + e.bits[i]
              + " (all expected " + Arrays.toString(e.bits) + ")");
        }
      }
      return;
    }
    double tol = e.dtype == DType.FLOAT32 ? 2e-6 : 1e-10;
    for (int i = 0; i < e.values.length; i++) {
      double a = actual.getDouble(i);
      double x = e.values[i];
      boolean ok = Double.isNaN(x) ? Double.isNaN(a)
          : a == x || Math.abs(a - x) <= tol * (e.scale[i] + Math.abs(x)) + 1e-300;
      if (!ok) {
        throw new AssertionError(what + ": element " + i + " is " + a + ", expected " + x
            + " (scale " + e.scale[i] + ")");
      }
    }
  }

  /** Deterministic test data of {@code dtype}; floats get NaN at about {@code nanRate} of positions. */
  public static Block data(DType dtype, int n, long seed, double nanRate) {
    SplittableRandom r = new SplittableRandom(seed);
    Block b = Block.allocate(dtype, n);
    for (int i = 0; i < n; i++) {
      switch (dtype) {
        case BOOL: b.setLong(i, r.nextInt(2)); break;
        case INT8: case UINT8: b.setLong(i, r.nextInt(256)); break;
        case INT16: case UINT16: b.setLong(i, r.nextInt(65536)); break;
        case INT32: case UINT32: b.setLong(i, r.nextInt()); break;
        case INT64: case UINT64: b.setLong(i, r.nextLong()); break;
        default: {
          double x = r.nextDouble() < nanRate ? Double.NaN : (r.nextDouble() - 0.3) * 200;
          b.setDouble(i, x);
        }
      }
    }
    return b;
  }
}
