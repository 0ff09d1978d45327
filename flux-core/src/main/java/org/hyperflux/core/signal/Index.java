package org.hyperflux.core.signal;

import java.util.Objects;

/**
 * One per-axis selector of {@link Signal#inav(Index...)} and {@link Signal#isig(Index...)}, the
 * Java spelling of what goes between HyperSpy's brackets. Immutable.
 *
 * <ul>
 *   <li>{@link #of(int)}: {@code s.isig[3]}, an integer index (negative counts from the end); the
 *       axis is removed, as in HyperSpy.
 *   <li>{@link #at(double)}: {@code s.isig[2.5]}, a calibrated value converted by {@link
 *       Axis#indexOf(double)}; the axis is removed.
 *   <li>{@link #range(Number, Number)} / {@link #range(Number, Number, Number)}: {@code
 *       s.isig[start:stop:step]}. A bound that is an {@link Integer} or {@link Long} is an index
 *       with Python's slice rules (negative counts from the end, out-of-range bounds are clipped);
 *       a {@link Double} or {@link Float} bound is a calibrated value converted as HyperSpy 1.7.3
 *       does ({@link Axis#indexRange}); {@code null} is an open bound. An integer step is in
 *       pixels; a floating step is calibrated and becomes {@code round(step / scale)} pixels
 *       (Python's round, half to even; uniform axes only).
 *   <li>{@link #all()}: {@code :}, the whole axis.
 * </ul>
 *
 * <pre>{@code
 * s.isig(Index.range(1.5, 4.0));            // s.isig[1.5:4.0]
 * s.inav(Index.of(3), Index.range(0, 10, 2)); // s.inav[3, 0:10:2]
 * }</pre>
 */
public final class Index {
  enum Kind {
    INDEX,
    VALUE,
    RANGE
  }

  private final Kind kind;
  private final long index;
  private final double value;
  private final Number start;
  private final Number stop;
  private final Number step;

  private Index(Kind kind, long index, double value, Number start, Number stop, Number step) {
    this.kind = kind;
    this.index = index;
    this.value = value;
    this.start = start;
    this.stop = stop;
    this.step = step;
  }

  /** An integer index ({@code s.isig[i]}); negative counts from the end. Removes the axis. */
  public static Index of(long index) {
    return new Index(Kind.INDEX, index, Double.NaN, null, null, null);
  }

  /** A calibrated value ({@code s.isig[2.5]}) converted by {@link Axis#indexOf}; drops the axis. */
  public static Index at(double value) {
    return new Index(Kind.VALUE, 0, value, null, null, null);
  }

  /** The whole axis ({@code :}). */
  public static Index all() {
    return new Index(Kind.RANGE, 0, Double.NaN, null, null, null);
  }

  /**
   * {@code start:stop}; each bound is an integer index ({@link Integer}/{@link Long}), a
   * calibrated value ({@link Double}/{@link Float}) or {@code null} (open).
   *
   * @throws IllegalArgumentException for another Number type
   */
  public static Index range(Number start, Number stop) {
    return range(start, stop, null);
  }

  /**
   * {@code start:stop:step}; bounds as {@link #range(Number, Number)}; the step is a non-zero
   * pixel count ({@link Integer}/{@link Long}), a calibrated distance ({@link Double}/{@link
   * Float}) or {@code null} (1).
   *
   * @throws IllegalArgumentException for another Number type or an integer step of 0
   */
  public static Index range(Number start, Number stop, Number step) {
    check(start, "start");
    check(stop, "stop");
    check(step, "step");
    if (step != null && isInteger(step) && step.longValue() == 0) {
      throw new IllegalArgumentException("slice step cannot be zero");
    }
    return new Index(Kind.RANGE, 0, Double.NaN, start, stop, step);
  }

  private static void check(Number n, String what) {
    if (n != null && !isInteger(n) && !isFloat(n)) {
      throw new IllegalArgumentException(
          "slice " + what + " " + n + " is a " + n.getClass().getSimpleName()
              + "; use Integer/Long for an index or Double/Float for a calibrated value");
    }
  }

  static boolean isInteger(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
  }

  static boolean isFloat(Number n) {
    return n instanceof Double || n instanceof Float;
  }

  Kind kind() {
    return kind;
  }

  long index() {
    return index;
  }

  double value() {
    return value;
  }

  Number start() {
    return start;
  }

  Number stop() {
    return stop;
  }

  Number step() {
    return step;
  }

  /** Python's spelling: {@code 3}, {@code 2.5}, {@code 1:4.0:2}, {@code :}. */
  @Override
  public String toString() {
    return switch (kind) {
      case INDEX -> Long.toString(index);
      case VALUE -> Double.toString(value);
      case RANGE ->
          (start == null ? "" : start) + ":" + (stop == null ? "" : stop)
              + (step == null ? "" : ":" + step);
    };
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof Index i
            && kind == i.kind
            && index == i.index
            && Double.compare(value, i.value) == 0
            && Objects.equals(start, i.start)
            && Objects.equals(stop, i.stop)
            && Objects.equals(step, i.step));
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, index, value, start, stop, step);
  }
}
