package org.hyperflux.core.signal;

import java.util.Arrays;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;

/**
 * HyperSpy 1.7.3's {@code diff(axis, order)} and {@code integrate1D(axis)} on a non-binned axis
 * ({@code integrate_simpson}), in {@code signal.py} and {@code _signals/lazy.py}, for {@link
 * Signal}, lazily along one uniform axis given by natural index (negative from the end) or by
 * name. {@code diff} applies {@code a[1:] - a[:-1]} {@code order} times through two slices and a
 * subtraction (numpy's dtype for the dtype with itself, so unsigned integers wrap); the axis loses
 * {@code order} points, keeps its scale and its offset moves by {@code order * scale / 2}.
 * {@code integrate1D} is scipy 1.10's {@code simps} with the axis values as {@code x} and {@code
 * even='avg'}: on a uniform axis it is linear in the data with weights that depend only on the
 * size and the scale, so it is built as {@code sum(data * w)} over the axis with {@code w} the
 * Simpson weights (an odd number of points: the composite rule; an even number: the average of
 * Simpson's rule on the first {@code n - 1} points plus a trapezoid on the last interval and a
 * trapezoid on the first interval plus Simpson's rule on the last {@code n - 1} points), float64,
 * and the axis removed as a reduction removes it. Neither changes the chunking; the metadata is
 * kept.
 */
final class SignalCalculus {
  private SignalCalculus() {}

  /** {@code diff(axis, order)} with the axis at natural index {@code axis}. */
  static Signal diff(Signal s, int axis, int order) {
    return diffAt(s, SignalReshaping.arrayIndices(s, new int[] {axis}).get(0), order);
  }

  /** {@code diff(axis, order)} with the axis given by name. */
  static Signal diff(Signal s, String axis, int order) {
    return diffAt(s, s.axes().indexOf(Objects.requireNonNull(axis, "axis")), order);
  }

  /** {@code integrate1D(axis)} with the axis at natural index {@code axis}. */
  static Signal integrate1D(Signal s, int axis) {
    return integrateAt(s, SignalReshaping.arrayIndices(s, new int[] {axis}).get(0));
  }

  /** {@code integrate1D(axis)} with the axis given by name. */
  static Signal integrate1D(Signal s, String axis) {
    return integrateAt(s, s.axes().indexOf(Objects.requireNonNull(axis, "axis")));
  }

  private static Signal diffAt(Signal s, int arrayIndex, int order) {
    Axes axes = s.axes();
    Axis a = axes.axis(arrayIndex);
    String label = axes.axisRepr(arrayIndex);
    if (order < 0) {
      throw new IllegalArgumentException("diff order " + order + " on " + label
          + " is negative; the order must be 0 or more");
    }
    if (order >= Math.max(1, a.size()) && order > 0) {
      throw new IllegalArgumentException("diff order " + order + " on " + label
          + " leaves no points: the order must be below the axis size " + a.size());
    }
    if (!a.isUniform()) {
      throw new IllegalArgumentException("diff on the non-uniform axis " + label
          + " is not supported, as in HyperSpy: a numerical derivative is needed there");
    }
    LazyArray d = s.data();
    for (int n = 0; n < order; n++) {
      long size = d.shape().dim(arrayIndex);
      d = d.slice(arrayIndex, 1, size, 1).subtract(d.slice(arrayIndex, 0, size - 1, 1));
    }
    Axis newAxis = a.withSize(a.size() - order).withOffset(a.offset() + order * a.scale() / 2);
    Axes newAxes = axes.with(arrayIndex, newAxis);
    return order == 0 ? s.relabelled(newAxes) : s.derived(d, newAxes);
  }

  private static Signal integrateAt(Signal s, int arrayIndex) {
    Axes axes = s.axes();
    Axis a = axes.axis(arrayIndex);
    String label = axes.axisRepr(arrayIndex);
    if (!a.isUniform()) {
      throw new IllegalArgumentException("integrate1D on the non-uniform axis " + label
          + " is not supported: only uniform axes are integrated (Simpson's rule)");
    }
    if (a.size() < 2) {
      throw new IllegalArgumentException("integrate1D on " + label + " of " + a.size()
          + " point needs at least 2 points");
    }
    double[] w = simpsonWeights(a.size(), a.scale());
    long[] wShape = new long[axes.rank() - arrayIndex];
    Arrays.fill(wShape, 1);
    wShape[0] = a.size();
    MemoryArray weights = MemoryArray.of(Shape.of(wShape), Block.wrap(DType.FLOAT64, w));
    LazyArray integral = s.data().multiply(LazyArray.of(weights)).sum(arrayIndex);
    return s.derived(integral, axes.remove(arrayIndex));
  }

  /** scipy 1.10's simps weights (even='avg') for {@code n} points spaced {@code h}. */
  static double[] simpsonWeights(int n, double h) {
    double[] w = new double[n];
    if (n % 2 == 1) {
      addSimpson(w, 0, n, h, 1.0);
      return w;
    }
    if (n >= 3) {
      addSimpson(w, 0, n - 1, h, 0.5);
      addSimpson(w, 1, n, h, 0.5);
    }
    w[n - 2] += 0.25 * h;
    w[n - 1] += 0.25 * h;
    w[0] += 0.25 * h;
    w[1] += 0.25 * h;
    return w;
  }

  /** Adds {@code factor} times the composite Simpson weights of points [from, to) (odd count). */
  private static void addSimpson(double[] w, int from, int to, double h, double factor) {
    for (int i = from; i + 2 < to; i += 2) {
      w[i] += factor * h / 3;
      w[i + 1] += factor * 4 * h / 3;
      w[i + 2] += factor * h / 3;
    }
  }
}
