package org.hyperflux.core.accumulate;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;
import org.hyperflux.core.array.DType;

/**
 * Exact quantiles of arbitrarily large data in bounded memory, as a multi-pass plan (DESIGN §4:
 * pass k+1 is built from pass k's result). Immutable: each pass's result gives a new selection.
 *
 * <pre>{@code
 * QuantileSelection q = QuantileSelection.of(DType.FLOAT32, 0.25, 0.5, 0.75);
 * while (!q.isDone()) {
 *   QuantileAccumulator pass = q.nextPass();
 *   List<Partial<?>> r = Pass.over(node, options).feed(pass).run().block();
 *   q = q.advance((QuantileAccumulator.Counts) r.get(0).value());
 * }
 * double[] quartiles = q.quantiles();
 * }</pre>
 *
 * <p><b>Semantics</b> are numpy 1.24's {@code np.percentile(a[~np.isnan(a)], 100 * q)} with its
 * default 'linear' method, as HyperSpy's eager summary statistics use it: NaN is dropped; with
 * {@code n} values sorted ascending, quantile {@code q} sits at the virtual index {@code v = (n -
 * 1) q} and is numpy's {@code _lerp} between the order statistics {@code floor(v)} and {@code
 * floor(v) + 1} (both {@code n - 1} when {@code v >= n - 1}, with numpy's weight {@code v + 1}
 * there), computed as numpy does ({@code SortKeys.lerp}: float32 differences rounded to float32,
 * so an infinite neighbour gives NaN exactly where numpy's does). Integer differences are exact
 * where numpy's wrap around on overflow. {@code -0.0} counts as {@code +0.0}. With a range
 * ({@link #within}) only the values in it count, as numpy's bin estimators truncate the data.
 * Empty data (or all NaN) gives NaN quantiles and extremes and a count of 0.
 *
 * <p><b>Algorithm: radix selection on order-preserving keys</b> ({@link QuantileAccumulator}).
 * Pass 1 counts the top 16 key bits of every value and finds the smallest and largest key; the
 * order statistics needed (two per quantile) then each fall in a known bucket; the smallest and
 * largest are known exactly. Each following pass looks only at the values in the selected
 * buckets: a bucket holding at most the collect limit (all collected buckets together) has its
 * values collected and sorted, which resolves it; a larger one has its next 16 bits counted. A
 * dtype of {@code b} key bits thus needs at most {@code ceil(b / 16)} passes: 1 for bool, (u)int8
 * and (u)int16, 2 for (u)int32 and float32, 4 for (u)int64 and float64 (typically 2: the second
 * pass collects unless more than the collect limit of values share the first 16 bits of the
 * key). Memory: 512 KiB per counted bucket per state, plus the collected values.
 */
public final class QuantileSelection {
  /** The default collect limit: about 1 M values, 8 MiB of keys. */
  public static final long DEFAULT_COLLECT_LIMIT = 1L << 20;

  private final DType dtype;
  private final int bits;
  private final double[] quantiles;
  private final SortKeys.Range range;
  private final long collectLimit;
  private final int passes;
  // Known after the first pass.
  private final long count;
  private final long minKey;
  private final long maxKey;
  /** Distinct order statistics needed, ascending. */
  private final long[] ranks;
  private final boolean[] resolved;
  /** Resolved: the key; pending: the key prefix of {@link #depth} bits holding the rank. */
  private final long[] keyOrPrefix;
  /** Pending: the rank among the values with that prefix, and how many values have it. */
  private final long[] local;
  private final long[] bucket;
  private final int depth;
  private final QuantileAccumulator next;

  private QuantileSelection(DType dtype, double[] quantiles, SortKeys.Range range,
      long collectLimit, int passes, long count, long minKey, long maxKey, long[] ranks,
      boolean[] resolved, long[] keyOrPrefix, long[] local, long[] bucket, int depth) {
    this.dtype = dtype;
    this.bits = SortKeys.bits(dtype);
    this.quantiles = quantiles;
    this.range = range;
    this.collectLimit = collectLimit;
    this.passes = passes;
    this.count = count;
    this.minKey = minKey;
    this.maxKey = maxKey;
    this.ranks = ranks;
    this.resolved = resolved;
    this.keyOrPrefix = keyOrPrefix;
    this.local = local;
    this.bucket = bucket;
    this.depth = depth;
    this.next = planNext();
  }

  /**
   * A selection of the {@code quantiles} (each in {@code [0, 1]}: 0.25 for numpy's percentile
   * 25) of data of {@code dtype}. Without quantiles it still finds the count and the extremes,
   * in one pass.
   *
   * @throws IllegalArgumentException for a quantile outside {@code [0, 1]} or NaN
   */
  public static QuantileSelection of(DType dtype, double... quantiles) {
    Objects.requireNonNull(dtype, "dtype");
    for (double q : quantiles) {
      if (!(q >= 0 && q <= 1)) {
        throw new IllegalArgumentException(
            "quantiles must be in the range [0, 1], got " + q + " in " + Arrays.toString(quantiles));
      }
    }
    return new QuantileSelection(dtype, quantiles.clone(), null, DEFAULT_COLLECT_LIMIT, 0, 0, 0, 0,
        null, null, null, null, null, 0);
  }

  /**
   * This selection counting only the values in {@code [lo, hi]} (compared as numpy compares an
   * array with Python floats: in float32 for float32 data), as numpy's bin estimators do with
   * a histogram range.
   *
   * @throws IllegalArgumentException if {@code lo > hi} or either is NaN
   * @throws IllegalStateException after the first pass
   */
  public QuantileSelection within(double lo, double hi) {
    requireNotStarted("within");
    if (!(lo <= hi)) {
      throw new IllegalArgumentException("the range must have lo <= hi, got [" + lo + ", " + hi + "]");
    }
    return new QuantileSelection(dtype, quantiles, SortKeys.Range.of(dtype, lo, hi), collectLimit,
        0, 0, 0, 0, null, null, null, null, null, 0);
  }

  /**
   * This selection collecting (rather than counting digit by digit) at most {@code values}
   * values in one pass: 8 bytes each, twice that while states merge. 0 always counts digits.
   *
   * @throws IllegalArgumentException for a negative limit
   * @throws IllegalStateException after the first pass
   */
  public QuantileSelection collectingAtMost(long values) {
    requireNotStarted("collectingAtMost");
    if (values < 0) throw new IllegalArgumentException("the collect limit must be >= 0, got " + values);
    return new QuantileSelection(dtype, quantiles, range, values, 0, 0, 0, 0, null, null, null, null,
        null, 0);
  }

  private void requireNotStarted(String what) {
    if (passes > 0) throw new IllegalStateException(what + " is only allowed before the first pass");
  }

  /** True when every quantile is known: no further pass is needed. */
  public boolean isDone() {
    return next == null;
  }

  /** The accumulator of the next pass. @throws IllegalStateException when done */
  public QuantileAccumulator nextPass() {
    if (next == null) throw new IllegalStateException("the selection is complete after " + passes + " passes");
    return next;
  }

  /** Passes done so far. */
  public int passes() {
    return passes;
  }

  /**
   * The most passes still needed: 0 when done; before the first pass {@code ceil(bits / 16)}
   * (1 with no quantiles); afterwards 1 when the next pass collects every selected bucket,
   * otherwise the key digits left.
   */
  public int maxPassesLeft() {
    if (next == null) return 0;
    if (passes == 0) return quantiles.length == 0 ? 1 : Math.max(1, bits / 16);
    return next.histogramPrefixes() == 0 ? 1 : (bits - depth) / 16;
  }

  /**
   * The traits of the largest pass after the first that this selection can need (two counted
   * buckets per quantile and the whole collect limit), to cost a plan before any pass runs.
   */
  public AccumulatorTraits largestRefiningTraits() {
    long partition = QuantileAccumulator.STATE_OVERHEAD_BYTES
        + 2L * quantiles.length * QuantileAccumulator.HISTOGRAM_BYTES;
    return new AccumulatorTraits(true, false, 1, true, partition + 16 * collectLimit, partition);
  }

  /**
   * The selection after {@code counts}, the result of {@link #nextPass()} over the data.
   *
   * @throws IllegalArgumentException if {@code counts} is not the result of this selection's next pass
   * @throws IllegalStateException when done, or when the counts show that the data changed
   *     since the previous pass
   */
  public QuantileSelection advance(QuantileAccumulator.Counts counts) {
    Objects.requireNonNull(counts, "counts");
    QuantileAccumulator pass = nextPass();
    if (!pass.produced(counts)) {
      throw new IllegalArgumentException("the counts " + counts + " are not the result of " + pass);
    }
    return passes == 0 ? afterFirst(counts) : afterRefining(counts);
  }

  private QuantileSelection afterFirst(QuantileAccumulator.Counts c) {
    long n = c.count;
    TreeSet<Long> needed = new TreeSet<>();
    if (n > 0) {
      for (double q : quantiles) {
        Index ix = index(n, q);
        needed.add(ix.previous);
        needed.add(ix.next);
      }
    }
    long[] rk = needed.stream().mapToLong(Long::longValue).toArray();
    boolean[] res = new boolean[rk.length];
    long[] kp = new long[rk.length];
    long[] loc = new long[rk.length];
    long[] bk = new long[rk.length];
    long[] h = rk.length == 0 ? null : c.histograms[0];
    long below = 0;
    int digit = 0;
    for (int r = 0; r < rk.length; r++) {
      long rank = rk[r];
      if (rank == 0 || rank == n - 1) {
        res[r] = true;
        kp[r] = rank == 0 ? c.minKey : c.maxKey;
        continue;
      }
      while (below + h[digit] <= rank) below += h[digit++];
      if (bits <= 16) {
        res[r] = true;
        kp[r] = (long) digit << 48;
      } else {
        kp[r] = digit;
        loc[r] = rank - below;
        bk[r] = h[digit];
      }
    }
    return new QuantileSelection(dtype, quantiles, range, collectLimit, 1, n, c.minKey, c.maxKey, rk,
        res, kp, loc, bk, 16);
  }

  private QuantileSelection afterRefining(QuantileAccumulator.Counts c) {
    if (c.count != count) {
      throw new IllegalStateException("the data changed between the passes of an exact quantile"
          + " selection: pass 1 counted " + count + " values, pass " + (passes + 1) + " counted "
          + c.count + "; the source must give the same values on every read");
    }
    boolean[] res = resolved.clone();
    long[] kp = keyOrPrefix.clone();
    long[] loc = local.clone();
    long[] bk = bucket.clone();
    int newDepth = depth + 16;
    for (int r = 0; r < ranks.length; r++) {
      if (res[r]) continue;
      int slot = Arrays.binarySearch(c.prefixes, keyOrPrefix[r]);
      long[] keys = c.keys[slot];
      if (keys != null) {
        checkSize(keys.length, bucket[r], keyOrPrefix[r]);
        res[r] = true;
        kp[r] = keys[(int) local[r]];
        continue;
      }
      long[] h = c.histograms[slot];
      long total = 0;
      for (long v : h) total += v;
      checkSize(total, bucket[r], keyOrPrefix[r]);
      long below = 0;
      int digit = 0;
      while (below + h[digit] <= local[r]) below += h[digit++];
      long prefix = (keyOrPrefix[r] << 16) | digit;
      if (newDepth == bits) {
        res[r] = true;
        kp[r] = prefix << (64 - bits);
      } else {
        kp[r] = prefix;
        loc[r] = local[r] - below;
        bk[r] = h[digit];
      }
    }
    return new QuantileSelection(dtype, quantiles, range, collectLimit, passes + 1, count, minKey,
        maxKey, ranks, res, kp, loc, bk, newDepth);
  }

  private void checkSize(long got, long expected, long prefix) {
    if (got != expected) {
      throw new IllegalStateException("the data changed between the passes of an exact quantile"
          + " selection: " + expected + " values had the key prefix " + Long.toHexString(prefix)
          + " before, " + got + " in pass " + (passes + 1) + "; the source must give the same"
          + " values on every read");
    }
  }

  /** The accumulator of the next pass, or null when every needed rank is resolved. */
  private QuantileAccumulator planNext() {
    if (passes == 0) {
      return new QuantileAccumulator(dtype, range, 0, quantiles.length > 0, new long[] {0},
          new boolean[] {false}, new long[] {0}, -1);
    }
    TreeSet<Long> pending = new TreeSet<>();
    for (int r = 0; r < ranks.length; r++) if (!resolved[r]) pending.add(keyOrPrefix[r]);
    if (pending.isEmpty()) return null;
    // Prefixes are below 2^48, so signed order is their unsigned order.
    long[] prefixes = pending.stream().mapToLong(Long::longValue).toArray();
    long[] sizes = new long[prefixes.length];
    for (int r = 0; r < ranks.length; r++) {
      if (!resolved[r]) sizes[Arrays.binarySearch(prefixes, keyOrPrefix[r])] = bucket[r];
    }
    // Collect the smallest buckets first, as many as the limit allows.
    Integer[] order = new Integer[prefixes.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> Long.compare(sizes[x], sizes[y]));
    boolean[] collect = new boolean[prefixes.length];
    long room = collectLimit;
    for (int i : order) {
      if (sizes[i] <= room) {
        collect[i] = true;
        room -= sizes[i];
      }
    }
    return new QuantileAccumulator(dtype, range, depth, true, prefixes, collect, sizes, -1);
  }

  /** numpy 1.24's neighbouring indices and weight of quantile {@code q} of {@code n} values ('linear'). */
  private static Index index(long n, double q) {
    double v = (n - 1) * q;
    if (v >= n - 1) {
      // numpy takes the last value for both neighbours and computes the weight against index -1.
      return new Index(n - 1, n - 1, v + 1);
    }
    long previous = (long) Math.floor(v);
    return new Index(previous, previous + 1, v - previous);
  }

  private record Index(long previous, long next, double gamma) {}

  private long keyOfRank(long rank) {
    int r = Arrays.binarySearch(ranks, rank);
    return keyOrPrefix[r];
  }

  private void requireDone() {
    if (next != null) {
      throw new IllegalStateException("the selection needs " + maxPassesLeft() + " more pass(es)"
          + " (done: " + passes + ")");
    }
  }

  /** Values counted: not NaN and, with a range, inside it. @throws IllegalStateException before the first pass */
  public long count() {
    if (passes == 0) throw new IllegalStateException("the count is known after the first pass");
    return count;
  }

  /** The quantiles, in the order given; NaN for empty data. @throws IllegalStateException unless done */
  public double[] quantiles() {
    requireDone();
    double[] out = new double[quantiles.length];
    for (int i = 0; i < out.length; i++) {
      if (count == 0) {
        out[i] = Double.NaN;
        continue;
      }
      Index ix = index(count, quantiles[i]);
      out[i] = SortKeys.lerp(dtype, keyOfRank(ix.previous), keyOfRank(ix.next), ix.gamma);
    }
    return out;
  }

  /** The smallest value counted, as a double; NaN for empty data. @throws IllegalStateException before the first pass */
  public double min() {
    count();
    return count == 0 ? Double.NaN : SortKeys.value(dtype, minKey);
  }

  /** The largest value counted, as a double; NaN for empty data. @throws IllegalStateException before the first pass */
  public double max() {
    count();
    return count == 0 ? Double.NaN : SortKeys.value(dtype, maxKey);
  }

  /**
   * {@code max - min} as numpy's {@code _unsigned_subtract} computes it for the bin estimators:
   * exact for integers (as a double), in float32 for float32; NaN for empty data.
   *
   * @throws IllegalStateException before the first pass
   */
  public double span() {
    count();
    return count == 0 ? Double.NaN : SortKeys.span(dtype, minKey, maxKey);
  }

  @Override
  public String toString() {
    return "QuantileSelection[" + dtype.numpyName() + ", q=" + Arrays.toString(quantiles) + ", "
        + passes + " passes done" + (next == null ? ", done" : ", next " + next) + "]";
  }
}
