package org.hyperflux.core.accumulate;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.DType;

/**
 * The count, mean and sum of squared deviations of every value that is not NaN (and, with
 * {@link #within}, lies in an inclusive range): numpy's {@code nanmean} and {@code nanstd}/{@code
 * nanvar} of the whole array in one mergeable pass, and the moments numpy's Scott bin estimator
 * uses on range-truncated data.
 *
 * <p><b>Algorithm.</b> Values are converted to double ({@link Casts#toDouble}, numpy's casts);
 * each block of up to 4096 values is reduced two-pass (sum, then squared deviations from its own
 * mean), and blocks and states are combined with Chan, Golub and LeVeque's parallel formula
 * ({@code M2 = M2a + M2b + delta^2 na nb / n}), never a naive sum of squares. The mean is the sum
 * over the count, so infinities give numpy's results ({@code mean([1, inf]) = inf}, its
 * variance NaN). Results are in double; rounding to numpy's result dtype (float32 for float32
 * data) is the caller's.
 *
 * <p>Mergeable, live-capable, one pass, a state of a few dozen bytes plus a scratch buffer.
 * Immutable and serialisable, as are its states.
 */
public final class MomentsAccumulator
    implements Accumulator<MomentsAccumulator.State, MomentsAccumulator.Moments> {
  private static final long serialVersionUID = 1L;
  private static final int SCRATCH = 4096;
  private static final long STATE_BYTES = 64 + SCRATCH * 8L;

  private final DType dtype;
  private final SortKeys.Range range;
  private final long expected;

  private MomentsAccumulator(DType dtype, SortKeys.Range range, long expected) {
    this.dtype = dtype;
    this.range = range;
    this.expected = expected;
  }

  /** Moments of every non-NaN value of data of {@code dtype}. */
  public static MomentsAccumulator of(DType dtype) {
    return new MomentsAccumulator(Objects.requireNonNull(dtype, "dtype"), null, -1);
  }

  /**
   * This accumulator counting only values in {@code [lo, hi]}, compared as numpy compares an
   * array with Python floats (in float32 for float32 data).
   *
   * @throws IllegalArgumentException if {@code lo > hi} or either is NaN
   */
  public MomentsAccumulator within(double lo, double hi) {
    if (!(lo <= hi)) {
      throw new IllegalArgumentException("the range must have lo <= hi, got [" + lo + ", " + hi + "]");
    }
    return new MomentsAccumulator(dtype, SortKeys.Range.of(dtype, lo, hi), expected);
  }

  /** This accumulator expecting {@code elements} values in all, so that {@link #snapshot} reports progress. */
  public MomentsAccumulator expecting(long elements) {
    if (elements < 0) throw new IllegalArgumentException("elements must be >= 0, got " + elements);
    return new MomentsAccumulator(dtype, range, elements);
  }

  @Override
  public AccumulatorTraits traits() {
    return new AccumulatorTraits(true, false, 1, true, STATE_BYTES, STATE_BYTES);
  }

  @Override
  public State create() {
    return new State();
  }

  @Override
  public void accept(State state, Chunk tile) {
    Block block = tile.block();
    int length = block.length();
    double[] x = state.scratch();
    for (int from = 0; from < length; from += SCRATCH) {
      int n = Math.min(SCRATCH, length - from);
      Casts.toDouble(block, from, x, n);
      int m = 0;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double v = x[i];
        if (v != v || (range != null && !range.contains(v))) continue;
        x[m++] = v;
        sum += v;
      }
      if (m == 0) continue;
      double mean = sum / m;
      double m2 = 0;
      for (int i = 0; i < m; i++) {
        double d = x[i] - mean;
        m2 += d * d;
      }
      state.add(m, sum, m2);
    }
    state.accepted += length;
  }

  @Override
  public State merge(State left, State right) {
    left.add(right.count, right.sum, right.m2);
    left.accepted += right.accepted;
    return left;
  }

  @Override
  public Partial<Moments> finish(State state) {
    return result(state);
  }

  @Override
  public Partial<Moments> snapshot(State state) {
    return result(state);
  }

  private Partial<Moments> result(State state) {
    long total = expected < 0 ? state.accepted : Math.max(expected, state.accepted);
    return new Partial<>(new Moments(state.count, state.sum, state.m2), null, state.accepted, total);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "MomentsAccumulator[%s%s]", dtype.numpyName(),
        range == null ? "" : ", within [" + range.lo() + ", " + range.hi() + "]");
  }

  /**
   * The moments of {@code count} values: their {@code sum} and {@code m2}, the sum of squared
   * deviations from their mean. Immutable.
   */
  public record Moments(long count, double sum, double m2) {
    /** The mean; NaN for no values. */
    public double mean() {
      return count == 0 ? Double.NaN : sum / count;
    }

    /** The variance with {@code ddof} delta degrees of freedom, as numpy's; NaN when {@code count <= ddof}. */
    public double variance(int ddof) {
      return count <= ddof ? Double.NaN : m2 / (count - ddof);
    }

    /** The standard deviation with {@code ddof} delta degrees of freedom; NaN when {@code count <= ddof}. */
    public double std(int ddof) {
      return Math.sqrt(variance(ddof));
    }
  }

  /** Count, sum and sum of squared deviations so far; touched by one thread at a time. */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    private long accepted;
    private long count;
    private double sum;
    private double m2;
    private transient double[] scratch;

    double[] scratch() {
      if (scratch == null) scratch = new double[SCRATCH];
      return scratch;
    }

    /** Chan, Golub and LeVeque's combination with a group of {@code n} values. */
    void add(long n, double s, double q) {
      if (n == 0) return;
      if (count == 0) {
        count = n;
        sum = s;
        m2 = q;
        return;
      }
      long total = count + n;
      double delta = s / n - sum / count;
      m2 = m2 + q + delta * delta * ((double) count * n / total);
      sum += s;
      count = total;
    }

    /** Values counted so far. */
    public long count() {
      return count;
    }
  }
}
