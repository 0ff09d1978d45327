package org.hyperflux.core.signal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One calibrated axis of a signal: name, units, size, whether it is a navigation axis, and either
 * a uniform calibration ({@code value(i) = offset + i * scale}, HyperSpy's {@code
 * UniformDataAxis}) or explicit strictly monotonic values (HyperSpy's non-uniform {@code
 * DataAxis}). Immutable and thread-safe; every {@code with*} method returns a new axis.
 *
 * <p>Calibrated values are converted to indices exactly as HyperSpy 1.7.3 does for {@code
 * inav}/{@code isig} with floats ({@link #indexOf(double)}, {@link #indexRange(Double, Double)}),
 * including its rounding rules and the values it rejects.
 *
 * <pre>{@code
 * Axis energy = Axis.uniform(2048, 0.01, -0.2).withName("Energy").withUnits("keV");
 * energy.indexOf(1.5);            // 170
 * energy.indexRange(0.0, 2.0);    // [20, 220]: the indices s.isig[0.0:2.0] keeps
 * }</pre>
 *
 * <p>Conversion rules (from {@code hyperspy/axes.py} and {@code misc/array_tools.py}, 1.7.3):
 *
 * <ul>
 *   <li>Uniform axis: {@code t = (value - offset) / scale}, truncated to 12 decimals ({@code
 *       1e-12 * trunc(t * 1e12)}), then rounded half towards zero when {@code value >= 0} (for a
 *       positive scale; {@code value < 0} for a negative one) and half away from zero otherwise.
 *       The rounded index must lie in {@code [0, size)}: a value up to half a pixel beyond the
 *       first or last point is therefore accepted. NaN is out of range; a value whose index is
 *       infinite (infinities, or {@code |t| > ~1.8e296}) overflows in HyperSpy ({@code
 *       OverflowError}) and is rejected too.
 *   <li>Non-uniform axis: the value must lie in {@code [low, high]}; the index is the first
 *       minimum of {@code |values[i] - value + signum(value) * eps|} with {@code eps = 1e-12 *
 *       min |values[i+1] - values[i]|}, so an exact tie goes to the lower value for a positive
 *       value and to the higher value for a negative one. (HyperSpy fails on a one-point
 *       non-uniform axis; here {@code eps = 0} and the only valid value gives index 0.)
 * </ul>
 */
public final class Axis {
  private static final double MULTIPLIER = 1e12;
  private static final double RTOL = 1e-12;
  /** {@link #resolve} result: HyperSpy raises {@code ValueError} (value outside the axis). */
  private static final int OUT_OF_RANGE = -1;
  /** {@link #resolve} result: HyperSpy raises {@code OverflowError} (infinite index). */
  private static final int OVERFLOW = -2;

  private final String name;
  private final String units;
  private final int size;
  private final boolean navigate;
  private final double scale;
  private final double offset;
  private final double[] values;

  private Axis(
      String name,
      String units,
      int size,
      boolean navigate,
      double scale,
      double offset,
      double[] values) {
    this.name = name == null || name.isEmpty() ? null : name;
    this.units = units == null || units.isEmpty() ? null : units;
    this.size = size;
    this.navigate = navigate;
    this.scale = scale;
    this.offset = offset;
    this.values = values;
  }

  /**
   * A uniform signal axis with {@code value(i) = offset + i * scale}, no name and no units.
   *
   * @throws IllegalArgumentException if {@code size < 0}, or scale is 0 or not finite, or offset
   *     is not finite
   */
  public static Axis uniform(int size, double scale, double offset) {
    checkUniform(null, size, scale, offset);
    return new Axis(null, null, size, false, scale, offset, null);
  }

  /** A uniform signal axis with scale 1 and offset 0 (HyperSpy's default axis). */
  public static Axis uniform(int size) {
    return uniform(size, 1.0, 0.0);
  }

  /**
   * A non-uniform signal axis whose points are {@code values} (copied), strictly increasing or
   * strictly decreasing; its size is {@code values.length}.
   *
   * @throws IllegalArgumentException if a value is not finite or the values are not strictly
   *     monotonic
   */
  public static Axis nonUniform(double... values) {
    double[] copy = values.clone();
    checkValues(null, copy);
    return new Axis(null, null, copy.length, false, Double.NaN, Double.NaN, copy);
  }

  /**
   * A non-uniform axis of {@code size} points with the given {@code values} (copied).
   *
   * @throws IllegalArgumentException if {@code values.length != size} or the values are invalid
   *     as for {@link #nonUniform(double...)}
   */
  public static Axis nonUniform(int size, double[] values) {
    if (values.length != size) {
      throw new IllegalArgumentException(
          "non-uniform axis has size " + size + " but " + values.length + " values "
              + abbreviate(values));
    }
    return nonUniform(values);
  }

  private static void checkUniform(String name, int size, double scale, double offset) {
    if (size < 0) {
      throw new IllegalArgumentException(
          "axis " + label(name) + " has negative size " + size);
    }
    if (scale == 0 || !Double.isFinite(scale)) {
      throw new IllegalArgumentException(
          "axis " + label(name) + " has scale " + scale + "; a uniform axis needs a finite, "
              + "non-zero scale");
    }
    if (!Double.isFinite(offset)) {
      throw new IllegalArgumentException(
          "axis " + label(name) + " has offset " + offset + "; the offset must be finite");
    }
  }

  private static void checkValues(String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "axis " + label(name) + " value at index " + i + " is " + values[i]
                + "; axis values must be finite: " + abbreviate(values));
      }
    }
    if (values.length < 2) return;
    boolean increasing = values[1] > values[0];
    for (int i = 1; i < values.length; i++) {
      boolean ok = increasing ? values[i] > values[i - 1] : values[i] < values[i - 1];
      if (!ok) {
        throw new IllegalArgumentException(
            "axis " + label(name) + " values are not strictly monotonic: values[" + (i - 1)
                + "]=" + values[i - 1] + ", values[" + i + "]=" + values[i] + " in "
                + abbreviate(values));
      }
    }
  }

  private static String label(String name) {
    return name == null ? "<undefined>" : "'" + name + "'";
  }

  private static String abbreviate(double[] values) {
    if (values.length <= 12) return Arrays.toString(values);
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < 5; i++) b.append(values[i]).append(", ");
    b.append("..., ");
    for (int i = values.length - 5; i < values.length; i++) {
      b.append(values[i]).append(i == values.length - 1 ? "]" : ", ");
    }
    return b + " (" + values.length + " values)";
  }

  /** The name, or {@code null} when undefined (HyperSpy's {@code <undefined>}). */
  public String name() {
    return name;
  }

  /** The units, or {@code null} when undefined (HyperSpy's {@code <undefined>}). */
  public String units() {
    return units;
  }

  /** The name as HyperSpy's axes table shows it: the name or {@code <undefined>}. */
  public String displayName() {
    return name == null ? "<undefined>" : name;
  }

  /** The units as HyperSpy's axes table shows them: the units or {@code <undefined>}. */
  public String displayUnits() {
    return units == null ? "<undefined>" : units;
  }

  /** Number of points along the axis. */
  public int size() {
    return size;
  }

  /** Whether this is a navigation axis (false: a signal axis). */
  public boolean navigate() {
    return navigate;
  }

  /** Whether the axis is calibrated by scale and offset (false: explicit values). */
  public boolean isUniform() {
    return values == null;
  }

  /**
   * The spacing between points of a uniform axis.
   *
   * @throws IllegalStateException on a non-uniform axis
   */
  public double scale() {
    requireUniform("scale");
    return scale;
  }

  /**
   * The value of the first point of a uniform axis.
   *
   * @throws IllegalStateException on a non-uniform axis
   */
  public double offset() {
    requireUniform("offset");
    return offset;
  }

  private void requireUniform(String what) {
    if (values != null) {
      throw new IllegalStateException(
          "axis " + label(name) + " is non-uniform and has no " + what
              + "; use values() or convert it to a uniform axis");
    }
  }

  /**
   * The calibrated value at {@code index}: {@code offset + index * scale} or {@code
   * values[index]}.
   *
   * @throws IndexOutOfBoundsException if index is outside {@code [0, size)}
   */
  public double value(int index) {
    Objects.checkIndex(index, size);
    return values == null ? offset + scale * index : values[index];
  }

  /** All calibrated values (a fresh array). */
  public double[] values() {
    if (values != null) return values.clone();
    double[] out = new double[size];
    for (int i = 0; i < size; i++) out[i] = offset + scale * i;
    return out;
  }

  /** The smallest axis value (HyperSpy's {@code low_value}); the offset for an empty axis. */
  public double low() {
    if (size == 0) return values == null ? offset : 0.0;
    double first = value(0);
    double last = value(size - 1);
    return Math.min(first, last);
  }

  /** The largest axis value (HyperSpy's {@code high_value}); the offset for an empty axis. */
  public double high() {
    if (size == 0) return values == null ? offset : 0.0;
    double first = value(0);
    double last = value(size - 1);
    return Math.max(first, last);
  }

  /** This axis as a navigation ({@code true}) or signal ({@code false}) axis. */
  public Axis withNavigate(boolean navigate) {
    return new Axis(name, units, size, navigate, scale, offset, values);
  }

  /** This axis renamed; {@code null} or empty makes the name undefined. */
  public Axis withName(String name) {
    return new Axis(name, units, size, navigate, scale, offset, values);
  }

  /** This axis with other units; {@code null} or empty makes the units undefined. */
  public Axis withUnits(String units) {
    return new Axis(name, units, size, navigate, scale, offset, values);
  }

  /**
   * This uniform axis with another scale.
   *
   * @throws IllegalStateException on a non-uniform axis
   * @throws IllegalArgumentException if scale is 0 or not finite
   */
  public Axis withScale(double scale) {
    requireUniform("scale");
    checkUniform(name, size, scale, offset);
    return new Axis(name, units, size, navigate, scale, offset, null);
  }

  /**
   * This uniform axis with another offset.
   *
   * @throws IllegalStateException on a non-uniform axis
   * @throws IllegalArgumentException if offset is not finite
   */
  public Axis withOffset(double offset) {
    requireUniform("offset");
    checkUniform(name, size, scale, offset);
    return new Axis(name, units, size, navigate, scale, offset, null);
  }

  /**
   * This uniform axis with another size (same scale and offset).
   *
   * @throws IllegalStateException on a non-uniform axis
   * @throws IllegalArgumentException if size is negative
   */
  public Axis withSize(int size) {
    requireUniform("size to change (its size is its number of values)");
    checkUniform(name, size, scale, offset);
    return new Axis(name, units, size, navigate, scale, offset, null);
  }

  /**
   * The axis of the points {@code [start, stop)} kept by slicing, as HyperSpy's {@code
   * _slice_me} with a step of 1: a uniform axis keeps its scale and gets {@code offset =
   * value(start)} (computed as {@code offset + start * scale}, also for an empty slice); a
   * non-uniform axis keeps the sub-array of values.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= start <= stop <= size}
   */
  public Axis slice(int start, int stop) {
    Objects.checkFromToIndex(start, stop, size);
    if (values == null) {
      return new Axis(name, units, stop - start, navigate, scale, offset + scale * start, null);
    }
    return new Axis(
        name, units, stop - start, navigate, scale, offset, Arrays.copyOfRange(values, start, stop));
  }

  /**
   * The index HyperSpy 1.7.3 uses for the calibrated {@code value} in {@code s.isig[value]} /
   * {@code s.inav[value]} ({@code axis.value2index(value)} with the default rounding); see the
   * class comment for the exact rule.
   *
   * @throws IllegalArgumentException if the value is NaN, out of the axis (HyperSpy's {@code
   *     ValueError}), or its index is infinite (HyperSpy's {@code OverflowError}); the message
   *     names the axis, the value and the valid range
   */
  public int indexOf(double value) {
    int index = resolve(value);
    if (index >= 0) return index;
    if (index == OVERFLOW) throw overflow(value);
    throw new IllegalArgumentException(
        "value " + value + " is out of the limits [" + low() + ", " + high() + "] of " + this
            + (values == null ? " (scale " + scale + ", offset " + offset + ")" : ""));
  }

  /**
   * The index range {@code [start, stop)} HyperSpy 1.7.3 keeps for {@code s.isig[start:stop]}
   * with calibrated float bounds ({@code _get_array_slices}); {@code null} is an open bound.
   * Both bounds are converted with the same rounding as {@link #indexOf(double)} (the stop is
   * not floored or ceiled). A start that is out of the axis but not above {@link #high()}
   * (including NaN) slices from index 0; a stop that is out of the axis but not below {@link
   * #low()} (including NaN) slices to the end. The returned stop is raised to the start when
   * HyperSpy's slice would be empty, so {@code stop - start} is always the kept size.
   *
   * @return {@code {start, stop}} with {@code 0 <= start <= stop <= size}
   * @throws IllegalArgumentException if start is above {@link #high()} or stop below {@link
   *     #low()} (HyperSpy's {@code IndexError}), or a bound of a uniform axis has an infinite
   *     index (HyperSpy's {@code OverflowError})
   */
  public int[] indexRange(Double start, Double stop) {
    int from = 0;
    if (start != null) {
      int r = resolve(start);
      if (r == OVERFLOW) throw overflow(start);
      if (r >= 0) {
        from = r;
      } else if (start > high()) {
        throw new IllegalArgumentException(
            "slice start " + start + " is above the high bound " + high() + " of " + this);
      }
    }
    int to = size;
    if (stop != null) {
      int r = resolve(stop);
      if (r == OVERFLOW) throw overflow(stop);
      if (r >= 0) {
        to = r;
      } else if (stop < low()) {
        throw new IllegalArgumentException(
            "slice stop " + stop + " is below the low bound " + low() + " of " + this);
      }
    }
    return new int[] {from, Math.max(from, to)};
  }

  private IllegalArgumentException overflow(double value) {
    return new IllegalArgumentException(
        "value " + value + " is too far outside the limits [" + low() + ", " + high() + "] of "
            + this + " to give an index (scale " + scale + ", offset " + offset + ")");
  }

  /** HyperSpy's value2index: the index, {@link #OUT_OF_RANGE} or {@link #OVERFLOW}. */
  private int resolve(double value) {
    return values == null ? resolveUniform(value) : resolveNonUniform(value);
  }

  private int resolveUniform(double value) {
    double t = (value - offset) / scale * MULTIPLIER;
    double index = 1 / MULTIPLIER * (t < 0 ? Math.ceil(t) : Math.floor(t));
    boolean towardsZero = scale > 0 ? value >= 0 : value < 0;
    double rounded;
    if (towardsZero) {
      rounded = index >= 0 ? Math.ceil(index - 0.5) : Math.floor(index + 0.5);
    } else {
      rounded = index >= 0 ? Math.floor(index + 0.5) : Math.ceil(index - 0.5);
    }
    if (Double.isNaN(rounded)) return OUT_OF_RANGE;
    if (Double.isInfinite(rounded)) return OVERFLOW;
    if (!(rounded >= 0 && rounded < size)) return OUT_OF_RANGE;
    return (int) rounded;
  }

  private int resolveNonUniform(double value) {
    if (!(value >= low() && value <= high())) return OUT_OF_RANGE;
    double minStep = Double.POSITIVE_INFINITY;
    for (int i = 1; i < values.length; i++) {
      minStep = Math.min(minStep, Math.abs(values[i] - values[i - 1]));
    }
    double eps = values.length < 2 ? 0.0 : minStep * RTOL;
    double shift = Math.signum(value) * eps;
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      double d = Math.abs(values[i] - value + shift);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  /**
   * HyperSpy's repr of a free-standing axis: {@code <Energy axis, size: 2048>}, with {@code
   * Unnamed} for an undefined name and {@code , index: 0} appended for a navigation axis (the
   * initial navigation index; an immutable axis has no cursor). {@link Axes#axisRepr(int)} gives
   * the repr inside a signal ({@code <Unnamed 0th axis, ...>}).
   */
  @Override
  public String toString() {
    return repr(name == null ? "Unnamed" : name);
  }

  String repr(String shownName) {
    return "<" + shownName + " axis, size: " + size + (navigate ? ", index: 0" : "") + ">";
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Axis a)) return false;
    return size == a.size
        && navigate == a.navigate
        && Double.compare(scale, a.scale) == 0
        && Double.compare(offset, a.offset) == 0
        && Objects.equals(name, a.name)
        && Objects.equals(units, a.units)
        && Arrays.equals(values, a.values);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(name, units, size, navigate, scale, offset);
    return 31 * h + Arrays.hashCode(values);
  }
}
