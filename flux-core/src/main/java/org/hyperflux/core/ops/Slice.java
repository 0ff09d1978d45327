package org.hyperflux.core.ops;

/**
 * A Python slice {@code start:stop:step} along one axis, with Python's rules: null bounds mean
 * "from the beginning/to the end" (in the direction of the step), negative bounds count from the
 * end, out-of-range bounds are clipped, and the step may be negative but not zero.
 */
public record Slice(Long start, Long stop, long step) {
  public Slice {
    if (step == 0) throw new IllegalArgumentException("slice step cannot be zero");
    if (step == Long.MIN_VALUE) throw new IllegalArgumentException("slice step " + step + " is too large");
  }

  /** {@code :} — the whole axis. */
  public static Slice all() {
    return new Slice(null, null, 1);
  }

  /** {@code start:stop}. */
  public static Slice of(long start, long stop) {
    return new Slice(start, stop, 1);
  }

  /** {@code start:stop:step}. */
  public static Slice of(long start, long stop, long step) {
    return new Slice(start, stop, step);
  }

  /** {@code ::step}. */
  public static Slice step(long step) {
    return new Slice(null, null, step);
  }

  /**
   * Resolves this slice against an axis of {@code length}, as Python's {@code slice.indices}:
   * returns {first index, step, count}.
   */
  public long[] resolve(long length) {
    long lo;
    long hi;
    if (step > 0) {
      lo = start == null ? 0 : clip(start < 0 ? start + length : start, 0, length);
      hi = stop == null ? length : clip(stop < 0 ? stop + length : stop, 0, length);
      long count = hi > lo ? (hi - lo - 1) / step + 1 : 0;
      return new long[] {lo, step, count};
    }
    lo = start == null ? length - 1 : clip(start < 0 ? start + length : start, -1, length - 1);
    hi = stop == null ? -1 : clip(stop < 0 ? stop + length : stop, -1, length - 1);
    long count = lo > hi ? (lo - hi - 1) / (-step) + 1 : 0;
    return new long[] {lo, step, count};
  }

  private static long clip(long v, long min, long max) {
    return Math.max(min, Math.min(max, v));
  }

  @Override
  public String toString() {
    return (start == null ? "" : start) + ":" + (stop == null ? "" : stop)
        + (step == 1 ? "" : ":" + step);
  }
}
