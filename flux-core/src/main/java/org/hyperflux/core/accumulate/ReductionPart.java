package org.hyperflux.core.accumulate;

import java.util.Arrays;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.DType;

/**
 * The running reduction of one box of the output (the projection of one input chunk, or an
 * explicitly requested region), in C order of that box. A part folds <em>runs</em>, never single
 * elements through a call: {@link #reduceRun} folds {@code n} contiguous input elements into one
 * output element, {@link #addRun} folds {@code n} contiguous input elements into {@code n}
 * contiguous output elements. One subclass per family of state:
 *
 * <ul>
 *   <li>{@link LongSum}: bool and integer sums, wrapped {@code long} (numpy's int64/uint64);
 *   <li>{@link DoubleSum}: float sums and {@code nansum} in {@code double}, rounded once at the end;
 *   <li>{@link Mean}: {@code double} sum and {@code long} count per element;
 *   <li>{@link Extremum} / {@link LongExtremum}: min and max of floats (NaN propagating or skipped)
 *       and of bool and integers ({@code uint64} compared unsigned);
 *   <li>{@link Moments}: count, mean and M2 per element. A reduced run is folded two-pass (its
 *       mean, then the corrected sum of squared deviations of Chan, Golub and LeVeque 1983) and
 *       merged with Chan et al.'s parallel formula; an element added one at a time is Welford's
 *       update, the same formula with a run of one. Never a naive sum of squares.
 * </ul>
 *
 * <p>Hot paths (sums, means and extrema of float data) loop over the primitive arrays directly;
 * the other combinations convert a run piecewise into a per-state scratch buffer with
 * {@link Casts} (at most {@link #SCRATCH} elements at a time, so the scratch stays small).
 */
abstract class ReductionPart implements OutputParts.Part {
  private static final long serialVersionUID = 1L;

  /** Elements converted at a time into the scratch buffer. */
  static final int SCRATCH = 2048;

  final long[] offset;
  final int[] extent;
  final int size;

  ReductionPart(long[] offset, int[] extent) {
    this.offset = offset;
    this.extent = extent;
    int n = 1;
    for (int e : extent) n *= e;
    this.size = n;
  }

  /** A part for {@code kind} (NaN variants of non-float input already mapped to the plain kind). */
  static ReductionPart create(Reduction kind, DType input, int ddof, long[] offset, int[] extent) {
    boolean nan = kind.ignoresNaN();
    switch (kind.withoutNaN()) {
      case SUM:
        return input.isFloat() ? new DoubleSum(offset, extent, nan) : new LongSum(offset, extent);
      case MEAN:
        return new Mean(offset, extent, nan);
      case MIN:
      case MAX:
        boolean max = kind.withoutNaN() == Reduction.MAX;
        return input.isFloat()
            ? new Extremum(offset, extent, max, nan)
            : new LongExtremum(offset, extent, max, input == DType.UINT64);
      case VAR:
      case STD:
        return new Moments(offset, extent, nan, kind.withoutNaN() == Reduction.STD, ddof);
      default:
        throw new AssertionError(kind);
    }
  }

  /** Bytes of state per output element for {@code kind} of {@code input}. */
  static long bytesPerElement(Reduction kind, DType input) {
    switch (kind.withoutNaN()) {
      case SUM: return input.isInteger() && input.itemSize() <= 2 ? 12 : 8; // + LongSum.narrow
      case MEAN: return 16;
      case VAR: case STD: return 24;
      default: return 8;
    }
  }

  @Override
  public long[] offset() {
    return offset;
  }

  @Override
  public int[] extent() {
    return extent;
  }

  /** Folds {@code b[from, from + n)} into output element {@code o}. */
  abstract void reduceRun(Block b, int from, int n, int o, Scratch s);

  /** Folds {@code b[from + i]} into output element {@code o + i} for {@code i < n}. */
  abstract void addRun(Block b, int from, int n, int o, Scratch s);

  /**
   * Folds {@code runs} runs of {@code n} elements, the {@code r}-th starting at {@code from + r *
   * stride}, into output elements {@code o} to {@code o + n - 1}, as {@code runs} calls of {@link
   * #addRun} in order would (a sum frame: every frame of a tile added into the same output).
   */
  void addRuns(Block b, int from, int n, int stride, int runs, int o, Scratch s) {
    for (int r = 0; r < runs; r++) addRun(b, from + r * stride, n, o, s);
  }

  /** Folds {@code right} (same box, later in grid order) into this part. */
  abstract void merge(ReductionPart right);

  /** The finished values as a block of {@code out} in C order of the box; {@code consume} may reuse the arrays. */
  abstract Block toBlock(DType out, boolean consume);

  /** Per-state buffers for converting runs; a state is used by one thread at a time. */
  static final class Scratch {
    private double[] doubles;
    private long[] longs;

    double[] doubles() {
      if (doubles == null) doubles = new double[SCRATCH];
      return doubles;
    }

    long[] longs() {
      if (longs == null) longs = new long[SCRATCH];
      return longs;
    }
  }

  static Block doubles(double[] values, DType out, boolean owned) {
    if (out == DType.FLOAT64) return Block.wrap(out, owned ? values : values.clone());
    Block b = Block.allocate(out, values.length);
    Casts.fromDouble(values, b, 0, values.length);
    return b;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Bool and integer sums in wrapped {@code long}. {@link NativeSums}, where it is loaded, sums
   * runs of 8-, 16- and 32-bit integers of {@link NativeSums#MIN_RUN} elements or more, and adds
   * {@link NativeSums#MIN_RUNS} or more such runs into one output run, with the same results.
   */
  static final class LongSum extends ReductionPart {
    private static final long serialVersionUID = 1L;
    /**
     * Runs of 8- or 16-bit integers added into {@link #narrow} between carries: 32767 of them
     * reach at most 32767 × 65535 < 2^31 in magnitude.
     */
    static final int NARROW_RUNS = 32_767;
    private final long[] sum;
    /**
     * Where {@link NativeSums} adds runs of 8- or 16-bit integers (allocated on first use): half
     * the bytes of {@link #sum} to copy in and out per call, and twice the lanes; carried into
     * {@link #sum} before {@link #NARROW_RUNS} runs could overflow it, and before it is read.
     */
    private int[] narrow;
    private int narrowRuns;

    LongSum(long[] offset, int[] extent) {
      super(offset, extent);
      sum = new long[size];
    }

    @Override
    void reduceRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      if (NativeSums.covers(b.dtype(), n)) {
        sum[o] += NativeSums.sum(b.dtype(), a, off, n);
        return;
      }
      long v;
      switch (b.dtype()) {
        case BOOL: v = SumKernels.sumBool((boolean[]) a, off, n); break;
        case INT8: v = SumKernels.sumI8((byte[]) a, off, n); break;
        case UINT8: v = SumKernels.sumU8((byte[]) a, off, n); break;
        case INT16: v = SumKernels.sumI16((short[]) a, off, n); break;
        case UINT16: v = SumKernels.sumU16((short[]) a, off, n); break;
        case INT32: v = SumKernels.sumI32((int[]) a, off, n); break;
        case UINT32: v = SumKernels.sumU32((int[]) a, off, n); break;
        case INT64: case UINT64: v = SumKernels.sumI64((long[]) a, off, n); break;
        default: throw new AssertionError(b.dtype());
      }
      sum[o] += v;
    }

    @Override
    void addRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      switch (b.dtype()) {
        case BOOL: SumKernels.addBool((boolean[]) a, off, sum, o, n); break;
        case INT8: SumKernels.addI8((byte[]) a, off, sum, o, n); break;
        case UINT8: SumKernels.addU8((byte[]) a, off, sum, o, n); break;
        case INT16: SumKernels.addI16((short[]) a, off, sum, o, n); break;
        case UINT16: SumKernels.addU16((short[]) a, off, sum, o, n); break;
        case INT32: SumKernels.addI32((int[]) a, off, sum, o, n); break;
        case UINT32: SumKernels.addU32((int[]) a, off, sum, o, n); break;
        case INT64: case UINT64: SumKernels.addI64((long[]) a, off, sum, o, n); break;
        default: throw new AssertionError(b.dtype());
      }
    }

    /** 8- and 16-bit runs four at a time: one pass over the output per four runs. */
    @Override
    void addRuns(Block b, int from, int n, int stride, int runs, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      if (NativeSums.coversRunsToDouble(b.dtype(), n, runs) && runs <= NARROW_RUNS) {
        if (narrow == null) narrow = new int[size];
        if (narrowRuns > NARROW_RUNS - runs) carry();
        NativeSums.addRunsToInt(b.dtype(), a, off, stride, runs, narrow, o, n);
        narrowRuns += runs;
        return;
      }
      if (NativeSums.coversRuns(b.dtype(), n, runs)) {
        NativeSums.addRuns(b.dtype(), a, off, stride, runs, sum, o, n);
        return;
      }
      switch (b.dtype()) {
        case INT8: SumKernels.addI8Runs((byte[]) a, off, stride, runs, sum, o, n); break;
        case UINT8: SumKernels.addU8Runs((byte[]) a, off, stride, runs, sum, o, n); break;
        case INT16: SumKernels.addI16Runs((short[]) a, off, stride, runs, sum, o, n); break;
        case UINT16: SumKernels.addU16Runs((short[]) a, off, stride, runs, sum, o, n); break;
        default: super.addRuns(b, from, n, stride, runs, o, s);
      }
    }

    /** Adds {@link #narrow} into {@link #sum} and clears it. */
    private void carry() {
      if (narrowRuns == 0) return;
      for (int i = 0; i < size; i++) sum[i] += narrow[i];
      Arrays.fill(narrow, 0);
      narrowRuns = 0;
    }

    @Override
    void merge(ReductionPart right) {
      LongSum other = (LongSum) right;
      carry();
      other.carry();
      long[] r = other.sum;
      for (int i = 0; i < size; i++) sum[i] += r[i];
    }

    @Override
    Block toBlock(DType out, boolean consume) {
      carry();
      return Block.wrap(out, consume ? sum : sum.clone());
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Float sums (and {@code nansum}) in {@code double}. {@link NativeSums}, where it is loaded,
   * adds {@link NativeSums#MIN_RUNS} or more float32 runs of {@link NativeSums#MIN_RUN} elements
   * or more into one output run, with the same results.
   */
  static final class DoubleSum extends ReductionPart {
    private static final long serialVersionUID = 1L;
    private final double[] sum;
    private final boolean nan;

    DoubleSum(long[] offset, int[] extent, boolean nan) {
      super(offset, extent);
      this.sum = new double[size];
      this.nan = nan;
    }

    @Override
    void reduceRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      double v;
      if (b.dtype() == DType.FLOAT32) {
        v = nan ? SumKernels.nansumF32((float[]) a, off, n) : SumKernels.sumF32((float[]) a, off, n);
      } else {
        v = nan ? SumKernels.nansumF64((double[]) a, off, n) : SumKernels.sumF64((double[]) a, off, n);
      }
      sum[o] += v;
    }

    @Override
    void addRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      if (b.dtype() == DType.FLOAT32) {
        if (nan) SumKernels.nanaddF32((float[]) a, off, sum, o, n);
        else SumKernels.addF32((float[]) a, off, sum, o, n);
      } else {
        if (nan) SumKernels.nanaddF64((double[]) a, off, sum, o, n);
        else SumKernels.addF64((double[]) a, off, sum, o, n);
      }
    }

    /** float32 runs in one native call where it is loaded: four runs per pass over the output. */
    @Override
    void addRuns(Block b, int from, int n, int stride, int runs, int o, Scratch s) {
      if (b.dtype() == DType.FLOAT32 && NativeSums.coversFloatRuns(n, runs)) {
        NativeSums.addFloatRuns((float[]) b.array(), b.offset() + from, stride, runs, sum, o, n,
            nan);
      } else {
        super.addRuns(b, from, n, stride, runs, o, s);
      }
    }

    @Override
    void merge(ReductionPart right) {
      double[] r = ((DoubleSum) right).sum;
      for (int i = 0; i < size; i++) sum[i] += r[i];
    }

    @Override
    Block toBlock(DType out, boolean consume) {
      return doubles(sum, out, consume);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Mean as a {@code double} sum and a count per element (numpy: {@code add.reduce(dtype=f8) /
   * n}). {@link NativeSums}, where it is loaded, sums long runs of 8- and 16-bit integers and
   * adds many runs of them, or of float32 (NaN not skipped), into one output run, with the same
   * sums.
   */
  static final class Mean extends ReductionPart {
    private static final long serialVersionUID = 1L;
    private final double[] sum;
    private final long[] count;
    private final boolean nan;

    Mean(long[] offset, int[] extent, boolean nan) {
      super(offset, extent);
      this.sum = new double[size];
      this.count = new long[size];
      this.nan = nan;
    }

    @Override
    void reduceRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      if (NativeSums.coversNarrow(b.dtype(), n)) {
        // 8- or 16-bit: the exact sum, as the double additions below give it.
        sum[o] += (double) NativeSums.sum(b.dtype(), a, off, n);
        count[o] += n;
        return;
      }
      switch (b.dtype()) {
        case FLOAT32: {
          float[] x = (float[]) a;
          if (!nan) {
            sum[o] += SumKernels.sumF32(x, off, n);
            count[o] += n;
            return;
          }
          double sm = 0;
          long c = 0;
          for (int i = off, end = off + n; i < end; i++) {
            float v = x[i];
            if (v == v) {
              sm += v;
              c++;
            }
          }
          sum[o] += sm;
          count[o] += c;
          return;
        }
        case FLOAT64: {
          double[] x = (double[]) a;
          if (!nan) {
            sum[o] += SumKernels.sumF64(x, off, n);
            count[o] += n;
            return;
          }
          double sm = 0;
          long c = 0;
          for (int i = off, end = off + n; i < end; i++) {
            double v = x[i];
            if (v == v) {
              sm += v;
              c++;
            }
          }
          sum[o] += sm;
          count[o] += c;
          return;
        }
        default: {
          double[] d = s.doubles();
          double sm = 0;
          for (int k = 0; k < n; k += SCRATCH) {
            int len = Math.min(SCRATCH, n - k);
            Casts.toDouble(b, from + k, d, len);
            sm += SumKernels.sumF64(d, 0, len);
          }
          sum[o] += sm;
          count[o] += n;
        }
      }
    }

    @Override
    void addRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      switch (b.dtype()) {
        case FLOAT32: {
          float[] x = (float[]) a;
          for (int i = 0; i < n; i++) {
            float v = x[off + i];
            if (!nan || v == v) {
              sum[o + i] += v;
              count[o + i]++;
            }
          }
          return;
        }
        case FLOAT64: {
          double[] x = (double[]) a;
          for (int i = 0; i < n; i++) {
            double v = x[off + i];
            if (!nan || v == v) {
              sum[o + i] += v;
              count[o + i]++;
            }
          }
          return;
        }
        default: {
          double[] d = s.doubles();
          for (int k = 0; k < n; k += SCRATCH) {
            int len = Math.min(SCRATCH, n - k);
            Casts.toDouble(b, from + k, d, len);
            int base = o + k;
            for (int i = 0; i < len; i++) {
              sum[base + i] += d[i];
              count[base + i]++;
            }
          }
        }
      }
    }

    /**
     * Many runs of 8- or 16-bit integers, or of float32 (NaN not skipped), into one output run
     * in one native call where it is loaded, with the same sums; each output element counts
     * every run.
     */
    @Override
    void addRuns(Block b, int from, int n, int stride, int runs, int o, Scratch s) {
      DType t = b.dtype();
      int off = b.offset() + from;
      if (NativeSums.coversRunsToDouble(t, n, runs)) {
        NativeSums.addRunsToDouble(t, b.array(), off, stride, runs, sum, o, n);
      } else if (t == DType.FLOAT32 && !nan && NativeSums.coversFloatRuns(n, runs)) {
        NativeSums.addFloatRuns((float[]) b.array(), off, stride, runs, sum, o, n, false);
      } else {
        super.addRuns(b, from, n, stride, runs, o, s);
        return;
      }
      for (int i = 0; i < n; i++) count[o + i] += runs;
    }

    @Override
    void merge(ReductionPart right) {
      Mean r = (Mean) right;
      for (int i = 0; i < size; i++) {
        sum[i] += r.sum[i];
        count[i] += r.count[i];
      }
    }

    @Override
    Block toBlock(DType out, boolean consume) {
      double[] v = consume ? sum : new double[size];
      for (int i = 0; i < size; i++) v[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
      return doubles(v, out, true);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Min or max of float data in {@code double} (float32 widens exactly). Plain: any NaN gives NaN
   * ({@code x < m || x != x}); NaN-ignoring: NaN is the "nothing yet" value and is replaced by the
   * first number ({@code x < m || m != m}), so an all-NaN reduction stays NaN, as {@code fmin}.
   */
  static final class Extremum extends ReductionPart {
    private static final long serialVersionUID = 1L;
    private final double[] v;
    private final boolean max;
    private final boolean nan;

    Extremum(long[] offset, int[] extent, boolean max, boolean nan) {
      super(offset, extent);
      this.max = max;
      this.nan = nan;
      this.v = new double[size];
      Arrays.fill(v, nan ? Double.NaN : max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }

    private double better(double m, double x) {
      boolean take = max ? x > m : x < m;
      if (take || (nan ? m != m : x != x)) return x;
      return m;
    }

    @Override
    void reduceRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      int end = off + n;
      double m = v[o];
      if (b.dtype() == DType.FLOAT32) {
        float[] x = (float[]) a;
        if (!nan && !max) {
          for (int i = off; i < end && m == m; i++) if (x[i] < m || x[i] != x[i]) m = x[i];
        } else if (!nan) {
          for (int i = off; i < end && m == m; i++) if (x[i] > m || x[i] != x[i]) m = x[i];
        } else if (!max) {
          for (int i = off; i < end; i++) if (x[i] < m || m != m) m = x[i];
        } else {
          for (int i = off; i < end; i++) if (x[i] > m || m != m) m = x[i];
        }
      } else {
        double[] x = (double[]) a;
        if (!nan && !max) {
          for (int i = off; i < end && m == m; i++) if (x[i] < m || x[i] != x[i]) m = x[i];
        } else if (!nan) {
          for (int i = off; i < end && m == m; i++) if (x[i] > m || x[i] != x[i]) m = x[i];
        } else if (!max) {
          for (int i = off; i < end; i++) if (x[i] < m || m != m) m = x[i];
        } else {
          for (int i = off; i < end; i++) if (x[i] > m || m != m) m = x[i];
        }
      }
      v[o] = m;
    }

    @Override
    void addRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      if (b.dtype() == DType.FLOAT32) {
        float[] x = (float[]) a;
        for (int i = 0; i < n; i++) v[o + i] = better(v[o + i], x[off + i]);
      } else {
        double[] x = (double[]) a;
        for (int i = 0; i < n; i++) v[o + i] = better(v[o + i], x[off + i]);
      }
    }

    @Override
    void merge(ReductionPart right) {
      double[] r = ((Extremum) right).v;
      for (int i = 0; i < size; i++) v[i] = better(v[i], r[i]);
    }

    @Override
    Block toBlock(DType out, boolean consume) {
      return doubles(v, out, consume);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Min or max of bool and integer data in {@code long}; {@code uint64} compares unsigned. */
  static final class LongExtremum extends ReductionPart {
    private static final long serialVersionUID = 1L;
    private final long[] v;
    private final boolean max;
    private final boolean unsigned64;

    LongExtremum(long[] offset, int[] extent, boolean max, boolean unsigned64) {
      super(offset, extent);
      this.max = max;
      this.unsigned64 = unsigned64;
      this.v = new long[size];
      long init = unsigned64 ? (max ? 0L : -1L) : (max ? Long.MIN_VALUE : Long.MAX_VALUE);
      Arrays.fill(v, init);
    }

    /** Folds {@code x[off, off + n)} into the value {@code m}. */
    private long fold(long[] x, int off, int n, long m) {
      int end = off + n;
      if (unsigned64) {
        // Flipping the sign bit maps unsigned order onto signed order.
        long f = m ^ Long.MIN_VALUE;
        if (max) {
          for (int i = off; i < end; i++) f = Math.max(f, x[i] ^ Long.MIN_VALUE);
        } else {
          for (int i = off; i < end; i++) f = Math.min(f, x[i] ^ Long.MIN_VALUE);
        }
        return f ^ Long.MIN_VALUE;
      }
      if (max) {
        for (int i = off; i < end; i++) m = Math.max(m, x[i]);
      } else {
        for (int i = off; i < end; i++) m = Math.min(m, x[i]);
      }
      return m;
    }

    private long better(long m, long x) {
      if (unsigned64) {
        int c = Long.compareUnsigned(x, m);
        return (max ? c > 0 : c < 0) ? x : m;
      }
      return max ? Math.max(m, x) : Math.min(m, x);
    }

    @Override
    void reduceRun(Block b, int from, int n, int o, Scratch s) {
      if (b.dtype() == DType.INT64 || b.dtype() == DType.UINT64) {
        v[o] = fold((long[]) b.array(), b.offset() + from, n, v[o]);
        return;
      }
      long[] d = s.longs();
      long m = v[o];
      for (int k = 0; k < n; k += SCRATCH) {
        int len = Math.min(SCRATCH, n - k);
        Casts.toLong(b, from + k, d, len);
        m = fold(d, 0, len, m);
      }
      v[o] = m;
    }

    @Override
    void addRun(Block b, int from, int n, int o, Scratch s) {
      if (b.dtype() == DType.INT64 || b.dtype() == DType.UINT64) {
        long[] x = (long[]) b.array();
        int off = b.offset() + from;
        for (int i = 0; i < n; i++) v[o + i] = better(v[o + i], x[off + i]);
        return;
      }
      long[] d = s.longs();
      for (int k = 0; k < n; k += SCRATCH) {
        int len = Math.min(SCRATCH, n - k);
        Casts.toLong(b, from + k, d, len);
        int base = o + k;
        for (int i = 0; i < len; i++) v[base + i] = better(v[base + i], d[i]);
      }
    }

    @Override
    void merge(ReductionPart right) {
      long[] r = ((LongExtremum) right).v;
      for (int i = 0; i < size; i++) v[i] = better(v[i], r[i]);
    }

    @Override
    Block toBlock(DType out, boolean consume) {
      if (out == DType.INT64 || out == DType.UINT64) return Block.wrap(out, consume ? v : v.clone());
      Block b = Block.allocate(out, size);
      Casts.fromLong(v, b, 0, size);
      return b;
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Variance and standard deviation: count, mean and M2 per element, merged with Chan's formula. */
  static final class Moments extends ReductionPart {
    private static final long serialVersionUID = 1L;
    private final long[] count;
    private final double[] mean;
    private final double[] m2;
    private final boolean nan;
    private final boolean std;
    private final int ddof;

    Moments(long[] offset, int[] extent, boolean nan, boolean std, int ddof) {
      super(offset, extent);
      this.count = new long[size];
      this.mean = new double[size];
      this.m2 = new double[size];
      this.nan = nan;
      this.std = std;
      this.ddof = ddof;
    }

    /** Chan et al.'s merge of a run (nb, mb, m2b) into element {@code o}. */
    private void chan(int o, long nb, double mb, double m2b) {
      if (nb == 0) return;
      long na = count[o];
      if (na == 0) {
        count[o] = nb;
        mean[o] = mb;
        m2[o] = m2b;
        return;
      }
      long n = na + nb;
      double delta = mb - mean[o];
      double f = (double) nb / n;
      mean[o] += delta * f;
      m2[o] += m2b + delta * delta * (na * f);
      count[o] = n;
    }

    /** Welford's update of element {@code j} with one value (Chan's merge of a run of one). */
    private void welford(int j, double x) {
      long c = ++count[j];
      double d = x - mean[j];
      double m = mean[j] + d / c;
      mean[j] = m;
      m2[j] += d * (x - m);
    }

    /** Two-pass (count, mean, M2) of a float64 run, merged into element {@code o}. */
    private void runF64(double[] x, int off, int n, int o) {
      int end = off + n;
      double sum = 0;
      long c;
      if (nan) {
        c = 0;
        for (int i = off; i < end; i++) {
          double v = x[i];
          if (v == v) {
            sum += v;
            c++;
          }
        }
        if (c == 0) return;
      } else {
        sum = SumKernels.sumF64(x, off, n);
        c = n;
      }
      double m = sum / c;
      double ss = 0;
      double comp = 0;
      for (int i = off; i < end; i++) {
        double v = x[i];
        if (nan && v != v) continue;
        double d = v - m;
        ss += d * d;
        comp += d;
      }
      double m2r = ss - comp * comp / c;
      chan(o, c, m, m2r < 0 ? 0 : m2r);
    }

    /** Two-pass (count, mean, M2) of a float32 run, merged into element {@code o}. */
    private void runF32(float[] x, int off, int n, int o) {
      int end = off + n;
      double sum = 0;
      long c;
      if (nan) {
        c = 0;
        for (int i = off; i < end; i++) {
          float v = x[i];
          if (v == v) {
            sum += v;
            c++;
          }
        }
        if (c == 0) return;
      } else {
        sum = SumKernels.sumF32(x, off, n);
        c = n;
      }
      double m = sum / c;
      double ss = 0;
      double comp = 0;
      for (int i = off; i < end; i++) {
        float v = x[i];
        if (nan && v != v) continue;
        double d = v - m;
        ss += d * d;
        comp += d;
      }
      double m2r = ss - comp * comp / c;
      chan(o, c, m, m2r < 0 ? 0 : m2r);
    }

    @Override
    void reduceRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      switch (b.dtype()) {
        case FLOAT32: runF32((float[]) a, off, n, o); return;
        case FLOAT64: runF64((double[]) a, off, n, o); return;
        default: {
          double[] d = s.doubles();
          for (int k = 0; k < n; k += SCRATCH) {
            int len = Math.min(SCRATCH, n - k);
            Casts.toDouble(b, from + k, d, len);
            runF64(d, 0, len, o);
          }
        }
      }
    }

    @Override
    void addRun(Block b, int from, int n, int o, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      switch (b.dtype()) {
        case FLOAT32: {
          float[] x = (float[]) a;
          for (int i = 0; i < n; i++) {
            float v = x[off + i];
            if (!nan || v == v) welford(o + i, v);
          }
          return;
        }
        case FLOAT64: {
          double[] x = (double[]) a;
          for (int i = 0; i < n; i++) {
            double v = x[off + i];
            if (!nan || v == v) welford(o + i, v);
          }
          return;
        }
        default: {
          double[] d = s.doubles();
          for (int k = 0; k < n; k += SCRATCH) {
            int len = Math.min(SCRATCH, n - k);
            Casts.toDouble(b, from + k, d, len);
            for (int i = 0; i < len; i++) welford(o + k + i, d[i]);
          }
        }
      }
    }

    @Override
    void merge(ReductionPart right) {
      Moments r = (Moments) right;
      for (int i = 0; i < size; i++) chan(i, r.count[i], r.mean[i], r.m2[i]);
    }

    @Override
    Block toBlock(DType out, boolean consume) {
      double[] v = consume ? m2 : new double[size];
      for (int i = 0; i < size; i++) {
        double dof = (double) count[i] - ddof;
        double var;
        if (count[i] == 0) {
          var = Double.NaN;
        } else if (dof > 0) {
          var = m2[i] / dof;
        } else {
          // numpy: var divides by max(n - ddof, 0) (inf, or NaN for 0/0); nanvar gives NaN.
          var = nan || !(m2[i] > 0) ? Double.NaN : Double.POSITIVE_INFINITY;
        }
        v[i] = std ? Math.sqrt(var) : var;
      }
      return doubles(v, out, true);
    }
  }
}
