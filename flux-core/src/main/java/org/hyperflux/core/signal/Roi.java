package org.hyperflux.core.signal;

import java.util.Objects;

/**
 * A region of interest over two axes of a {@link Signal}, applied lazily as HyperSpy 1.7.3's
 * {@code roi(signal, axes=...)}: {@link RectangularRoi} crops, {@link CircleRoi} crops and sets
 * the points outside the circle to NaN. Immutable and thread-safe.
 *
 * <pre>{@code
 * Signal cropped = RectangularRoi.of(1.0, 2.0, 5.5, 7.5).apply(scan);   // navigation x, y
 * Signal disc = CircleRoi.of(0, 0, 12.5).apply(scan, "kx", "ky");        // signal axes by name
 * }</pre>
 */
public abstract sealed class Roi permits RectangularRoi, CircleRoi {
  Roi() {}

  /**
   * {@code roi(s)} on HyperSpy's default axes: the first two navigation axes if there are two,
   * else the first two signal axes, else (signal x, navigation x).
   *
   * @throws IllegalArgumentException if the signal has no default axes for a 2D ROI, an axis is
   *     non-uniform, or the ROI does not overlap the axes
   */
  public Signal apply(Signal s) {
    Objects.requireNonNull(s, "s");
    return applyAt(s, RoiGeometry.defaultAxes(s.axes()));
  }

  /**
   * {@code roi(s, axes=(x, y))}: the ROI's first coordinate on the axis named {@code x}, its
   * second on {@code y}.
   *
   * @throws IllegalArgumentException for an unknown name, the same axis twice, a non-uniform
   *     axis, or a ROI that does not overlap the axes
   */
  public Signal apply(Signal s, String x, String y) {
    Objects.requireNonNull(s, "s");
    return applyAt(s, RoiGeometry.namedAxes(s.axes(), x, y));
  }

  /**
   * The ROI on the first two navigation axes ({@code navigation} true) or signal axes, x first.
   *
   * @throws IllegalArgumentException if that group has fewer than two axes, an axis is
   *     non-uniform, or the ROI does not overlap the axes
   */
  public Signal apply(Signal s, boolean navigation) {
    Objects.requireNonNull(s, "s");
    return applyAt(s, RoiGeometry.groupAxes(s.axes(), navigation));
  }

  /** The ROI on the axes at these array indices (first coordinate, second coordinate). */
  abstract Signal applyAt(Signal s, int[] axisIndices);
}
