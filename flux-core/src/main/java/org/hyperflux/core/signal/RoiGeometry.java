package org.hyperflux.core.signal;

import java.util.Arrays;

/**
 * Shared geometry of the two-dimensional ROIs ({@link RectangularRoi}, {@link CircleRoi}),
 * following HyperSpy 1.7.3's {@code BaseROI}.
 *
 * <p>Axis choice ({@code _parse_axes} with {@code axes=None}): the first two navigation axes in
 * natural order when there are at least two, else the first two signal axes, else, for a signal
 * with exactly one navigation and one signal axis, the pair (signal axis, navigation axis); any
 * other signal has no default. Axes are held as array indices of the signal's {@link Axes}.
 *
 * <p>Bounds ({@code _make_slices}): a calibrated range {@code [low, high]} on an axis becomes the
 * index slice {@code [value2index(low), value2index(high))} with {@link Axis#indexOf(double)}
 * (HyperSpy's rounding). A low bound outside the axis and below its low value starts at 0; a
 * high bound outside the axis and above its high value stops at the end; any other bound outside
 * the axis fails (HyperSpy's {@code ValueError}). An empty slice fails here too (HyperSpy would
 * go on with an empty signal).
 *
 * <p>Cropping ({@code __call__}): the slices are applied with {@code inav} and/or {@code isig}
 * ({@link Signal#inav(Index...)}, {@link Signal#isig(Index...)}), every other axis kept whole, so
 * the result is lazy and the calibration is updated as HyperSpy's integer slicing does.
 */
final class RoiGeometry {
  private RoiGeometry() {}

  /** The array indices of the two axes a ROI uses by default on {@code axes}. */
  static int[] defaultAxes(Axes axes) {
    int nav = axes.navigationDimension();
    int sig = axes.signalDimension();
    if (nav >= 2) return new int[] {nav - 1, nav - 2};
    if (sig >= 2) return new int[] {axes.rank() - 1, axes.rank() - 2};
    if (nav == 1 && sig == 1) return new int[] {1, 0};
    throw new IllegalArgumentException(
        "could not find valid axes for a 2D ROI in a signal of dimensions "
            + axes.dimensionsString() + ": it needs two navigation axes, two signal axes, or one "
            + "of each; name the axes explicitly");
  }

  /** The array indices of the first two navigation (or signal) axes in natural order. */
  static int[] groupAxes(Axes axes, boolean navigation) {
    int nav = axes.navigationDimension();
    int count = navigation ? nav : axes.signalDimension();
    if (count < 2) {
      throw new IllegalArgumentException(
          "a 2D ROI on the " + (navigation ? "navigation" : "signal") + " axes needs at least "
              + "two of them; the signal has dimensions " + axes.dimensionsString());
    }
    return navigation ? new int[] {nav - 1, nav - 2}
        : new int[] {axes.rank() - 1, axes.rank() - 2};
  }

  /** The array indices of the axes named {@code x} and {@code y}. */
  static int[] namedAxes(Axes axes, String x, String y) {
    int ix = axes.indexOf(x);
    int iy = axes.indexOf(y);
    if (ix == iy) {
      throw new IllegalArgumentException(
          "a 2D ROI needs two different axes; both names select " + axes.axisRepr(ix));
    }
    return new int[] {ix, iy};
  }

  /**
   * The index slice {@code {start, stop}} of the calibrated range {@code [low, high]} on {@code
   * axis}, as HyperSpy's {@code _make_slices}.
   *
   * @throws IllegalArgumentException if a bound is outside the axis on the wrong side or the
   *     slice is empty
   */
  static int[] slice(Axis axis, double low, double high, String what) {
    int start;
    try {
      start = axis.indexOf(low);
    } catch (IllegalArgumentException e) {
      if (low < axis.low()) {
        start = 0;
      } else {
        throw new IllegalArgumentException(
            what + " does not overlap " + axis + ": its low bound " + low + " is above the "
                + "axis' range [" + axis.low() + ", " + axis.high() + "]", e);
      }
    }
    int stop;
    try {
      stop = axis.indexOf(high);
    } catch (IllegalArgumentException e) {
      if (high > axis.high()) {
        stop = axis.size();
      } else {
        throw new IllegalArgumentException(
            what + " does not overlap " + axis + ": its high bound " + high + " is below the "
                + "axis' range [" + axis.low() + ", " + axis.high() + "]", e);
      }
    }
    if (stop <= start) {
      throw new IllegalArgumentException(
          what + " selects no pixel of " + axis + ": [" + low + ", " + high + "] gives the "
              + "index slice " + start + ":" + stop);
    }
    return new int[] {start, stop};
  }

  /**
   * {@code s} cropped lazily to the index slice {@code slices[k]} on the axis at array index
   * {@code axisIndices[k]}; every other axis kept whole.
   */
  static Signal crop(Signal s, int[] axisIndices, int[][] slices) {
    Axes axes = s.axes();
    int nav = axes.navigationDimension();
    Index[] navSel = new Index[nav];
    Index[] sigSel = new Index[axes.signalDimension()];
    Arrays.fill(navSel, Index.all());
    Arrays.fill(sigSel, Index.all());
    boolean anyNav = false;
    boolean anySig = false;
    for (int k = 0; k < axisIndices.length; k++) {
      int natural = axes.naturalIndex(axisIndices[k]);
      Index sel = Index.range((long) slices[k][0], (long) slices[k][1]);
      if (natural < nav) {
        navSel[natural] = sel;
        anyNav = true;
      } else {
        sigSel[natural - nav] = sel;
        anySig = true;
      }
    }
    Signal out = s;
    if (anyNav) out = out.inav(navSel);
    if (anySig) out = out.isig(sigSel);
    return out;
  }
}
