package org.hyperflux.core.accumulate;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.DType;

/**
 * Counts the values of an array into fixed bins with numpy 1.24's {@code np.histogram}
 * semantics: for edges {@code e_0 < ... < e_n}, bin {@code i < n-1} holds {@code [e_i, e_{i+1})}
 * and the last bin holds {@code [e_{n-1}, e_n]}; values outside {@code [e_0, e_n]} and NaN are
 * not counted. The result is a {@code long[]} of {@code n} counts (numpy's {@code int64}).
 *
 * <pre>{@code
 * HistogramAccumulator h = HistogramAccumulator.uniform(64, 0, 4096);
 * long[] counts = (long[]) Pass.over(node, options).feed(h).run().block().get(0).value();
 * }</pre>
 *
 * <p><b>Algorithm.</b> Each tile is converted to doubles through a scratch buffer
 * ({@link Casts#toDouble}, numpy's casts); a value {@code x} with {@code e_0 <= x <= e_n} goes to
 * the largest {@code i <= n-1} with {@code e_i <= x}, which is exactly what numpy's
 * {@code _search_sorted_inclusive} (searchsorted left on every edge but the last, right on the
 * last) counts. For uniform bins the index is first guessed as {@code (x - e_0) * n / (e_n -
 * e_0)}, as numpy's fast path does, then corrected against the edges themselves (numpy also
 * corrects its guess by one bin; here the correction loops until the edges agree), so values on
 * an edge fall in the same bin as in numpy; explicit edges use a binary search.
 *
 * <p><b>Edges of uniform bins</b> are {@code np.linspace(min, max, bins + 1)} computed in double
 * ({@code i * step + min}, the last edge set to {@code max}) and then cast to numpy's bin dtype:
 * {@code float32} when the data is {@code float32}, otherwise {@code float64}
 * ({@link #numpyBinType}). A float32 value compared with float32 edges in double compares exactly
 * as numpy compares them in float32, since both are exact in double.
 *
 * <p>Mergeable (states are added bin by bin, so the result is independent of the partitioning),
 * live-capable, one pass; the state is {@code n} longs. Immutable and serialisable, as are its
 * states.
 */
public final class HistogramAccumulator
    implements Accumulator<HistogramAccumulator.State, long[]> {
  private static final long serialVersionUID = 1L;
  /** Elements converted at a time. */
  private static final int SCRATCH = 4096;
  /** Bytes of a state besides its counts: the object, the array header and the scratch buffer. */
  private static final long STATE_OVERHEAD_BYTES = 64 + SCRATCH * 8L;

  private final double[] edges;
  private final boolean uniform;
  private final double norm;
  private final long expected;

  private HistogramAccumulator(double[] edges, boolean uniform, long expected) {
    this.edges = edges;
    this.uniform = uniform;
    int n = edges.length - 1;
    this.norm = uniform ? n / (edges[n] - edges[0]) : Double.NaN;
    this.expected = expected;
  }

  /**
   * Bins with explicit {@code edges}: {@code n + 1} finite, strictly increasing edges make
   * {@code n} bins.
   *
   * @throws IllegalArgumentException for fewer than 2 edges, non-finite or non-increasing edges
   */
  public static HistogramAccumulator withEdges(double[] edges) {
    Objects.requireNonNull(edges, "edges");
    if (edges.length < 2) {
      throw new IllegalArgumentException(
          "a histogram needs at least 2 edges (n + 1 edges for n bins), got " + edges.length);
    }
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i])) {
        throw new IllegalArgumentException(
            "histogram edges must be finite, edge " + i + " is " + edges[i]);
      }
      if (i > 0 && !(edges[i] > edges[i - 1])) {
        throw new IllegalArgumentException(
            "histogram edges must increase strictly, edge " + i + " (" + edges[i]
                + ") is not above edge " + (i - 1) + " (" + edges[i - 1] + ")");
      }
    }
    return new HistogramAccumulator(edges.clone(), false, -1);
  }

  /** {@code bins} equal bins over {@code [min, max]} with float64 edges, as {@code np.histogram(a, bins, (min, max))} on non-float32 data. */
  public static HistogramAccumulator uniform(int bins, double min, double max) {
    return uniform(bins, min, max, DType.FLOAT64);
  }

  /**
   * {@code bins} equal bins over {@code [min, max]}, numpy's {@code _get_outer_edges} and
   * {@code linspace}: an empty range {@code min == max} is widened to {@code [min - 0.5, max +
   * 0.5]}; the edges are rounded to {@code binType} (float32 or float64, see
   * {@link #numpyBinType}).
   *
   * @throws IllegalArgumentException as numpy's ValueError: {@code bins < 1}, {@code min > max},
   *     a non-finite range, or a bin type other than float32/float64
   */
  public static HistogramAccumulator uniform(int bins, double min, double max, DType binType) {
    return new HistogramAccumulator(uniformEdges(bins, min, max, binType), true, -1);
  }

  /**
   * numpy 1.24's edges for {@code bins} equal bins over {@code [min, max]} in {@code binType};
   * see {@link #uniform(int, double, double, DType)}.
   */
  public static double[] uniformEdges(int bins, double min, double max, DType binType) {
    Objects.requireNonNull(binType, "binType");
    if (binType != DType.FLOAT32 && binType != DType.FLOAT64) {
      throw new IllegalArgumentException("the bin type must be float32 or float64, got " + binType.numpyName());
    }
    if (bins < 1) {
      throw new IllegalArgumentException("`bins` must be positive, when an integer (got " + bins + ")");
    }
    if (min > max) {
      throw new IllegalArgumentException(
          "max must be larger than min in range parameter (got [" + min + ", " + max + "])");
    }
    if (!(Double.isFinite(min) && Double.isFinite(max))) {
      throw new IllegalArgumentException("supplied range of [" + min + ", " + max + "] is not finite");
    }
    if (min == max) {
      min -= 0.5;
      max += 0.5;
    }
    double[] e = new double[bins + 1];
    double delta = max - min;
    double step = delta / bins;
    for (int i = 0; i <= bins; i++) {
      e[i] = step == 0 ? (i / (double) bins) * delta + min : i * step + min;
    }
    e[bins] = max;
    if (binType == DType.FLOAT32) {
      for (int i = 0; i <= bins; i++) e[i] = (float) e[i];
    }
    return e;
  }

  /**
   * The dtype numpy 1.24 computes the edges of equal bins in for data of {@code dtype}
   * ({@code np.histogram_bin_edges} with float or data-derived range): float32 for float32 data,
   * float64 for every other dtype.
   */
  public static DType numpyBinType(DType dtype) {
    return dtype == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
  }

  /**
   * This accumulator expecting {@code elements} values in all (the input's size), so that
   * {@link #snapshot} reports progress; by default a result counts as complete.
   */
  public HistogramAccumulator expecting(long elements) {
    if (elements < 0) throw new IllegalArgumentException("elements must be >= 0, got " + elements);
    return new HistogramAccumulator(edges, uniform, elements);
  }

  /** The edges ({@code bins() + 1} values). */
  public double[] edges() {
    return edges.clone();
  }

  /** The number of bins. */
  public int bins() {
    return edges.length - 1;
  }

  /** Whether the bins are equal ({@link #uniform}); explicit edges are not. */
  public boolean isUniform() {
    return uniform;
  }

  @Override
  public AccumulatorTraits traits() {
    long bytes = STATE_OVERHEAD_BYTES + 8L * bins();
    return new AccumulatorTraits(true, false, 1, true, bytes, bytes);
  }

  @Override
  public State create() {
    return new State(bins());
  }

  @Override
  public void accept(State state, Chunk tile) {
    Block block = tile.block();
    int length = (int) tile.region().size();
    double[] scratch = state.scratch();
    long[] counts = state.counts;
    for (int from = 0; from < length; from += SCRATCH) {
      int n = Math.min(SCRATCH, length - from);
      Casts.toDouble(block, from, scratch, n);
      if (uniform) countUniform(scratch, n, counts);
      else countEdges(scratch, n, counts);
    }
    state.accepted += length;
  }

  private void countUniform(double[] values, int n, long[] counts) {
    double[] e = edges;
    int bins = e.length - 1;
    double lo = e[0];
    double hi = e[bins];
    double k = norm;
    for (int j = 0; j < n; j++) {
      double x = values[j];
      if (!(x >= lo && x <= hi)) continue;
      int i = (int) ((x - lo) * k);
      if (i >= bins) i = bins - 1;
      else if (i < 0) i = 0;
      while (i > 0 && x < e[i]) i--;
      while (i < bins - 1 && x >= e[i + 1]) i++;
      counts[i]++;
    }
  }

  private void countEdges(double[] values, int n, long[] counts) {
    double[] e = edges;
    int bins = e.length - 1;
    double lo = e[0];
    double hi = e[bins];
    for (int j = 0; j < n; j++) {
      double x = values[j];
      if (!(x >= lo && x <= hi)) continue;
      // Largest i in [0, bins - 1] with e[i] <= x.
      int a = 0;
      int b = bins - 1;
      while (a < b) {
        int m = (a + b + 1) >>> 1;
        if (e[m] <= x) a = m;
        else b = m - 1;
      }
      counts[a]++;
    }
  }

  @Override
  public State merge(State left, State right) {
    for (int i = 0; i < left.counts.length; i++) left.counts[i] += right.counts[i];
    left.accepted += right.accepted;
    return left;
  }

  @Override
  public Partial<long[]> finish(State state) {
    return result(state);
  }

  @Override
  public Partial<long[]> snapshot(State state) {
    return result(state);
  }

  private Partial<long[]> result(State state) {
    long total = expected < 0 ? state.accepted : Math.max(expected, state.accepted);
    return new Partial<>(state.counts.clone(), null, state.accepted, total);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "HistogramAccumulator[%d %s bins over [%s, %s]]", bins(),
        uniform ? "equal" : "explicit", edges[0], edges[edges.length - 1]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HistogramAccumulator h && h.uniform == uniform && h.expected == expected
        && Arrays.equals(h.edges, edges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(edges) * 31 + Boolean.hashCode(uniform);
  }

  /**
   * The counts so far and the number of values accepted (counted or not); the scratch buffer is
   * not serialised. Touched by one thread at a time.
   */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] counts;
    private long accepted;
    private transient double[] scratch;

    State(int bins) {
      this.counts = new long[bins];
    }

    double[] scratch() {
      if (scratch == null) scratch = new double[SCRATCH];
      return scratch;
    }

    /** The counts so far (a copy). */
    public long[] counts() {
      return counts.clone();
    }

    /** Values accepted so far, counted or not. */
    public long accepted() {
      return accepted;
    }
  }
}
