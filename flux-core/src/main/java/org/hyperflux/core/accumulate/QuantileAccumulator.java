package org.hyperflux.core.accumulate;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.DType;

/**
 * One pass of exact radix selection: what a {@link QuantileSelection} needs to learn from the
 * data to narrow down the order statistics it is after. Instances come from
 * {@link QuantileSelection#nextPass()}; the result ({@link Counts}) goes back to
 * {@link QuantileSelection#advance}.
 *
 * <p><b>Algorithm.</b> Every value that is not NaN (and lies in the selection's range, if it has
 * one) is mapped to its order-preserving 64-bit key ({@code SortKeys}: the dtype's bits
 * left-aligned, compared unsigned). The first pass (depth 0) counts the keys' top 16 bits into
 * 65536 buckets and tracks the smallest and largest key; a pass at depth {@code d} (16, 32 or 48)
 * looks only at values whose top {@code d} key bits equal one of its selected prefixes, and per
 * prefix either counts the next 16 bits into 65536 buckets (<em>histogram</em> mode) or keeps the
 * whole keys (<em>collect</em> mode, chosen when the prefix holds few enough values). Counts add
 * and collected keys concatenate, so states merge in any grouping; collected keys are sorted when
 * the state finishes.
 *
 * <p>Mergeable, live-capable (one pass; the selection as a whole needs several), state: 512 KiB
 * per histogram-mode prefix (allocated on the prefix's first value) plus the collected keys,
 * which add up to at most the selection's collect limit across all partition states together
 * (every value lands in one state), so they are declared once, as resident bytes. Immutable and
 * serialisable, as are its states.
 */
public final class QuantileAccumulator
    implements Accumulator<QuantileAccumulator.State, QuantileAccumulator.Counts> {
  private static final long serialVersionUID = 1L;
  /** Buckets of one radix digit. */
  static final int RADIX = 1 << 16;
  /** Bytes of one histogram-mode prefix in a state. */
  static final long HISTOGRAM_BYTES = RADIX * 8L + 16;
  /** Elements converted to keys at a time. */
  private static final int SCRATCH = 4096;
  /** Bytes of a state besides its counts: the object, the key and value scratch buffers. */
  static final long STATE_OVERHEAD_BYTES = 128 + SCRATCH * 16L;

  private final DType dtype;
  private final SortKeys.Range range;
  private final int depth;
  private final boolean histogram;
  private final long[] prefixes;
  private final boolean[] collect;
  private final long[] expectedSizes;
  private final long expected;

  QuantileAccumulator(DType dtype, SortKeys.Range range, int depth, boolean histogram,
      long[] prefixes, boolean[] collect, long[] expectedSizes, long expected) {
    this.dtype = dtype;
    this.range = range;
    this.depth = depth;
    this.histogram = histogram;
    this.prefixes = prefixes;
    this.collect = collect;
    this.expectedSizes = expectedSizes;
    this.expected = expected;
  }

  /**
   * This accumulator expecting {@code elements} values in all (the input's size), so that
   * {@link #snapshot} reports progress; by default a result counts as complete.
   */
  public QuantileAccumulator expecting(long elements) {
    if (elements < 0) throw new IllegalArgumentException("elements must be >= 0, got " + elements);
    return new QuantileAccumulator(dtype, range, depth, histogram, prefixes, collect,
        expectedSizes, elements);
  }

  /** Key bits fixed by the selected prefixes: 0 for the first pass, then 16, 32 or 48. */
  public int depth() {
    return depth;
  }

  /** The data's dtype. */
  public DType dtype() {
    return dtype;
  }

  /** Prefixes counted digit by digit in this pass (the first pass counts one, the empty prefix, unless it only tracks extremes). */
  public int histogramPrefixes() {
    if (depth == 0) return histogram ? 1 : 0;
    int n = 0;
    for (boolean c : collect) if (!c) n++;
    return n;
  }

  /** Values this pass collects whole (an upper bound, from the previous pass's counts). */
  public long collectedValues() {
    long n = 0;
    for (int i = 0; i < collect.length; i++) if (collect[i]) n += expectedSizes[i];
    return n;
  }

  @Override
  public AccumulatorTraits traits() {
    long partition = STATE_OVERHEAD_BYTES + histogramPrefixes() * HISTOGRAM_BYTES;
    // Collected keys: every value in one state, plus the copy a merge makes.
    long merged = partition + 16 * collectedValues();
    return new AccumulatorTraits(true, false, 1, true, merged, partition);
  }

  @Override
  public State create() {
    return new State(depth == 0 ? 1 : prefixes.length);
  }

  @Override
  public void accept(State state, Chunk tile) {
    Block block = tile.block();
    int length = block.length();
    long[] keys = state.keys();
    double[] scratch = range == null ? null : state.scratch();
    for (int from = 0; from < length; from += SCRATCH) {
      int n = Math.min(SCRATCH, length - from);
      int m = SortKeys.keys(block, from, n, keys, range, scratch);
      state.count += m;
      if (depth == 0) acceptFirst(state, keys, m);
      else acceptRefining(state, keys, m);
    }
    state.accepted += length;
  }

  private void acceptFirst(State state, long[] keys, int m) {
    long min = state.minKey;
    long max = state.maxKey;
    for (int j = 0; j < m; j++) {
      long k = keys[j];
      if (Long.compareUnsigned(k, min) < 0) min = k;
      if (Long.compareUnsigned(k, max) > 0) max = k;
    }
    state.minKey = min;
    state.maxKey = max;
    if (!histogram || m == 0) return;
    long[] h = state.histogram(0);
    for (int j = 0; j < m; j++) h[(int) (keys[j] >>> 48)]++;
  }

  private void acceptRefining(State state, long[] keys, int m) {
    int shift = 64 - depth;
    int digitShift = 48 - depth;
    long[] p = prefixes;
    for (int j = 0; j < m; j++) {
      long k = keys[j];
      long prefix = k >>> shift;
      int i = 0;
      while (i < p.length && p[i] != prefix) i++;
      if (i == p.length) continue;
      if (collect[i]) {
        state.add(i, k, expectedSizes[i]);
      } else {
        state.histogram(i)[(int) ((k >>> digitShift) & 0xFFFF)]++;
      }
    }
  }

  @Override
  public State merge(State left, State right) {
    left.accepted += right.accepted;
    left.count += right.count;
    if (Long.compareUnsigned(right.minKey, left.minKey) < 0) left.minKey = right.minKey;
    if (Long.compareUnsigned(right.maxKey, left.maxKey) > 0) left.maxKey = right.maxKey;
    for (int i = 0; i < left.histograms.length; i++) {
      long[] r = right.histograms[i];
      if (r == null) continue;
      long[] l = left.histograms[i];
      if (l == null) {
        left.histograms[i] = r;
      } else {
        for (int b = 0; b < RADIX; b++) l[b] += r[b];
      }
    }
    for (int i = 0; i < left.collected.length; i++) {
      if (right.sizes[i] > 0) left.addAll(i, right.collected[i], right.sizes[i], expectedSizes[i]);
    }
    return left;
  }

  @Override
  public Partial<Counts> finish(State state) {
    return result(state);
  }

  @Override
  public Partial<Counts> snapshot(State state) {
    return result(state);
  }

  private Partial<Counts> result(State state) {
    int slots = state.histograms.length;
    long[][] hist = new long[slots][];
    long[][] keys = new long[slots][];
    for (int i = 0; i < slots; i++) {
      boolean collecting = depth > 0 && collect[i];
      if (collecting) {
        long[] k = state.collected[i] == null ? new long[0] : Arrays.copyOf(state.collected[i], state.sizes[i]);
        // Sorted as signed longs with the sign bit flipped: the unsigned order of the keys.
        for (int j = 0; j < k.length; j++) k[j] ^= Long.MIN_VALUE;
        Arrays.sort(k);
        for (int j = 0; j < k.length; j++) k[j] ^= Long.MIN_VALUE;
        keys[i] = k;
      } else if (depth > 0 || histogram) {
        hist[i] = state.histograms[i] == null ? new long[RADIX] : state.histograms[i].clone();
      }
    }
    Counts c = new Counts(depth, prefixes, state.count, state.minKey, state.maxKey, hist, keys);
    long total = expected < 0 ? state.accepted : Math.max(expected, state.accepted);
    return new Partial<>(c, null, state.accepted, total);
  }

  /** Whether {@code counts} is the result of this pass (its depth and prefixes). */
  boolean produced(Counts counts) {
    return counts.depth == depth && Arrays.equals(counts.prefixes, prefixes);
  }

  @Override
  public String toString() {
    if (depth == 0) {
      return String.format(Locale.ROOT, "QuantileAccumulator[%s, first pass%s%s]",
          dtype.numpyName(), histogram ? "" : ", extremes only",
          range == null ? "" : ", within [" + range.lo() + ", " + range.hi() + "]");
    }
    return String.format(Locale.ROOT,
        "QuantileAccumulator[%s, depth %d, %d prefixes counted, %d values collected]",
        dtype.numpyName(), depth, histogramPrefixes(), collectedValues());
  }

  /**
   * What one pass of radix selection saw: the number of values counted (not NaN, in range), the
   * smallest and largest key (first pass only) and, per selected prefix, either the counts of
   * its next 16 key bits or its keys in ascending order. Immutable.
   */
  public static final class Counts {
    final int depth;
    final long[] prefixes;
    final long count;
    final long minKey;
    final long maxKey;
    final long[][] histograms;
    final long[][] keys;

    Counts(int depth, long[] prefixes, long count, long minKey, long maxKey, long[][] histograms,
        long[][] keys) {
      this.depth = depth;
      this.prefixes = prefixes;
      this.count = count;
      this.minKey = minKey;
      this.maxKey = maxKey;
      this.histograms = histograms;
      this.keys = keys;
    }

    /** Values counted: not NaN and, with a range, inside it. */
    public long count() {
      return count;
    }

    /** Key bits fixed by the prefixes this pass looked at (0 for the first pass). */
    public int depth() {
      return depth;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Counts c && c.depth == depth && c.count == count
          && (count == 0 || (c.minKey == minKey && c.maxKey == maxKey))
          && Arrays.equals(c.prefixes, prefixes) && Arrays.deepEquals(c.histograms, histograms)
          && Arrays.deepEquals(c.keys, keys);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(count) * 31 + depth;
    }

    @Override
    public String toString() {
      return "Counts[depth " + depth + ", " + count + " values, " + prefixes.length + " prefixes]";
    }
  }

  /**
   * Counts, extremes and collected keys so far; touched by one thread at a time. The scratch
   * buffers are not serialised.
   */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    private long accepted;
    private long count;
    private long minKey = -1L;
    private long maxKey;
    private final long[][] histograms;
    private final long[][] collected;
    private final int[] sizes;
    private transient long[] keys;
    private transient double[] scratch;

    State(int slots) {
      histograms = new long[slots][];
      collected = new long[slots][];
      sizes = new int[slots];
    }

    long[] keys() {
      if (keys == null) keys = new long[SCRATCH];
      return keys;
    }

    double[] scratch() {
      if (scratch == null) scratch = new double[SCRATCH];
      return scratch;
    }

    long[] histogram(int slot) {
      long[] h = histograms[slot];
      if (h == null) {
        h = new long[RADIX];
        histograms[slot] = h;
      }
      return h;
    }

    /** Appends a key to slot; more than {@code limit} keys there means the data changed since the pass that counted them. */
    void add(int slot, long key, long limit) {
      long[] a = room(slot, 1, limit);
      a[sizes[slot]++] = key;
    }

    /** Appends {@code src[0, n)} to slot, with the limit of {@link #add}. */
    void addAll(int slot, long[] src, int n, long limit) {
      long[] a = room(slot, n, limit);
      System.arraycopy(src, 0, a, sizes[slot], n);
      sizes[slot] += n;
    }

    private long[] room(int slot, int more, long limit) {
      long n = (long) sizes[slot] + more;
      if (n > limit) {
        throw new IllegalStateException("the data changed between the passes of an exact"
            + " quantile selection: more values than the " + limit + " counted before share a"
            + " key prefix; the source must give the same values on every read");
      }
      long[] a = collected[slot];
      if (a == null || a.length < n) {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(n, a == null ? 16 : 2L * a.length));
        a = a == null ? new long[capacity] : Arrays.copyOf(a, capacity);
        collected[slot] = a;
      }
      return a;
    }

    /** Values counted so far: not NaN and, with a range, inside it. */
    public long count() {
      return count;
    }

    /** Values accepted so far, counted or not. */
    public long accepted() {
      return accepted;
    }
  }
}
