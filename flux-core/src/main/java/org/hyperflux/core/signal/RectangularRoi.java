package org.hyperflux.core.signal;

import java.util.Objects;

/**
 * HyperSpy 1.7.3's {@code RectangularROI(left, top, right, bottom)}: an immutable calibrated
 * rectangle that crops a signal lazily on two of its axes.
 *
 * <p>{@code left}/{@code right} bound the first ROI axis (x), {@code top}/{@code bottom} the
 * second (y), in calibrated units. As HyperSpy's {@code _make_slices}, each bound is converted
 * with {@link Axis#indexOf(double)} (HyperSpy's {@code value2index}, rounding to the nearest
 * pixel) and the crop is the index slice {@code [index(left), index(right))} (the pixel nearest
 * to {@code right} is excluded); a bound beyond the axis on the outer side clips to the axis.
 * Nothing is read and the dtype is unchanged; the axes' offsets move to the first kept pixel.
 *
 * <p>Without explicit axes, {@link #apply(Signal)} uses HyperSpy's default: the first two
 * navigation axes (x, y) if there are two, else the first two signal axes, else (signal x,
 * navigation x) for a signal with one of each.
 */
public final class RectangularRoi extends Roi {
  private final double left;
  private final double top;
  private final double right;
  private final double bottom;

  private RectangularRoi(double left, double top, double right, double bottom) {
    this.left = left;
    this.top = top;
    this.right = right;
    this.bottom = bottom;
  }

  /**
   * The rectangle {@code [left, right] x [top, bottom]} in calibrated units (HyperSpy's argument
   * order).
   *
   * @throws IllegalArgumentException if a bound is not finite, {@code right <= left} or {@code
   *     bottom <= top}
   */
  public static RectangularRoi of(double left, double top, double right, double bottom) {
    check(left, "left");
    check(top, "top");
    check(right, "right");
    check(bottom, "bottom");
    if (!(right > left)) {
      throw new IllegalArgumentException(
          "invalid RectangularROI: right (" + right + ") must be greater than left (" + left + ")");
    }
    if (!(bottom > top)) {
      throw new IllegalArgumentException(
          "invalid RectangularROI: bottom (" + bottom + ") must be greater than top (" + top
              + ")");
    }
    return new RectangularRoi(left, top, right, bottom);
  }

  private static void check(double v, String name) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("invalid RectangularROI: " + name + " is " + v);
    }
  }

  /** The left bound (first axis). */
  public double left() {
    return left;
  }

  /** The top bound (second axis). */
  public double top() {
    return top;
  }

  /** The right bound (first axis). */
  public double right() {
    return right;
  }

  /** The bottom bound (second axis). */
  public double bottom() {
    return bottom;
  }

  @Override
  Signal applyAt(Signal s, int[] axisIndices) {
    Axes axes = s.axes();
    int[][] slices = {
      RoiGeometry.slice(axes.axis(axisIndices[0]), left, right, toString()),
      RoiGeometry.slice(axes.axis(axisIndices[1]), top, bottom, toString())
    };
    return RoiGeometry.crop(s, axisIndices, slices);
  }

  /** {@code RectangularROI(left=0.0, top=1.5, right=2.0, bottom=3.0)} (Python float reprs). */
  @Override
  public String toString() {
    return "RectangularROI(left=" + PythonRepr.floatRepr(left) + ", top=" + PythonRepr.floatRepr(top)
        + ", right=" + PythonRepr.floatRepr(right) + ", bottom=" + PythonRepr.floatRepr(bottom) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RectangularRoi r
        && Double.compare(left, r.left) == 0
        && Double.compare(top, r.top) == 0
        && Double.compare(right, r.right) == 0
        && Double.compare(bottom, r.bottom) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(left, top, right, bottom);
  }
}
