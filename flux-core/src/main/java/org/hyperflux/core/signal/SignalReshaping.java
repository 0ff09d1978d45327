package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * HyperSpy 1.7.3's reshaping of the navigation/signal split ({@code BaseSignal.transpose}, its
 * {@code T} property, {@code as_signal1D} and {@code as_signal2D} in {@code signal.py}) for
 * {@link Signal}: which axes are navigation axes and which are signal axes, and in which order.
 * The axes are resolved to array indices (natural indices, negative from the end, or names), the
 * space left out is filled as HyperSpy's "floating" space (the remaining axes in their array
 * order), and the result is the data transposed so that the navigation axes come first, each
 * space in natural order reversed; the axes keep their calibration and get the navigate flag of
 * their new space. Lazy: the data is a transposed view, never rechunked; when the array order
 * does not change (and for {@code transpose(n)}, which only moves the navigate flags) the data is
 * this signal's own, materialised when it is. The metadata is kept and the navigator dropped.
 */
final class SignalReshaping {
  private SignalReshaping() {}

  /** {@code s.T}: the signal axes become the navigation axes and vice versa. */
  static Signal swapSpaces(Signal s) {
    Axes axes = s.axes();
    List<Integer> sig = new ArrayList<>();
    List<Integer> nav = new ArrayList<>();
    for (int k = 0; k < axes.navigationDimension(); k++) sig.add(axes.arrayIndex(k));
    for (int k = axes.navigationDimension(); k < axes.rank(); k++) nav.add(axes.arrayIndex(k));
    return transposed(s, sig, nav);
  }

  /** {@code transpose(signal_axes=n)}: the last {@code n} axes in array order become the signal axes. */
  static Signal withSignalDimension(Signal s, int signalAxes) {
    Axes axes = s.axes();
    if (signalAxes < 0 || signalAxes > axes.rank()) {
      throw new IllegalArgumentException(
          "cannot make " + signalAxes + " of the " + axes.rank() + " axes of " + s
              + " signal axes (valid: 0 to " + axes.rank() + ")");
    }
    return withNavigationDimension(s, axes.rank() - signalAxes);
  }

  /** {@code transpose(navigation_axes=n)}: the first {@code n} axes in array order navigate. */
  static Signal withNavigationDimension(Signal s, int navigationAxes) {
    Axes axes = s.axes();
    if (navigationAxes < 0 || navigationAxes > axes.rank()) {
      throw new IllegalArgumentException(
          "cannot make " + navigationAxes + " of the " + axes.rank() + " axes of " + s
              + " navigation axes (valid: 0 to " + axes.rank() + ")");
    }
    List<Axis> list = new ArrayList<>();
    for (int i = 0; i < axes.rank(); i++) {
      list.add(axes.axis(i).withNavigate(i < navigationAxes));
    }
    return s.relabelled(Axes.of(list));
  }

  /** {@code transpose(signal_axes=[...], navigation_axes=[...])} by natural index; null lists float. */
  static Signal transpose(Signal s, int[] signalAxes, int[] navigationAxes) {
    return transposeResolved(s,
        signalAxes == null ? null : arrayIndices(s, signalAxes),
        navigationAxes == null ? null : arrayIndices(s, navigationAxes));
  }

  /** {@code transpose(signal_axes=[...], navigation_axes=[...])} by name; null lists float. */
  static Signal transpose(Signal s, String[] signalAxes, String[] navigationAxes) {
    return transposeResolved(s,
        signalAxes == null ? null : arrayIndices(s, signalAxes),
        navigationAxes == null ? null : arrayIndices(s, navigationAxes));
  }

  /** {@code as_signal2D((x, y))} by natural index: {@code transpose(signal_axes=[x, y])}. */
  static Signal asSignal2D(Signal s, int imageAxisX, int imageAxisY) {
    requireRank2(s);
    return transpose(s, new int[] {imageAxisX, imageAxisY}, null);
  }

  /** {@code as_signal2D((x, y))} by name. */
  static Signal asSignal2D(Signal s, String imageAxisX, String imageAxisY) {
    requireRank2(s);
    return transpose(s, new String[] {imageAxisX, imageAxisY}, null);
  }

  /** HyperSpy's DataDimensionError of {@code as_signal2D}: fewer than two axes. */
  private static void requireRank2(Signal s) {
    int rank = s.axes().rank();
    if (rank < 2) {
      throw new IllegalArgumentException(
          s + " has " + rank + " axis; a signal must have at least 2 axes to be "
              + "converted to a Signal2D");
    }
  }

  /** Array indices of natural indices (negative from the end), in the given order. */
  static List<Integer> arrayIndices(Signal s, int[] natural) {
    Axes axes = s.axes();
    List<Integer> out = new ArrayList<>();
    for (int k : natural) {
      int n = k < 0 ? k + axes.rank() : k;
      if (n < 0 || n >= axes.rank()) {
        throw new IllegalArgumentException(
            "axis index " + k + " is out of range for the " + axes.rank() + " axes of " + s
                + " (valid: " + (-axes.rank()) + " to " + (axes.rank() - 1) + ")");
      }
      out.add(axes.arrayIndex(n));
    }
    return out;
  }

  private static List<Integer> arrayIndices(Signal s, String[] names) {
    List<Integer> out = new ArrayList<>();
    for (String n : names) out.add(s.axes().indexOf(Objects.requireNonNull(n, "axis name")));
    return out;
  }

  /** Fills the floating space of HyperSpy's transpose, then transposes. */
  private static Signal transposeResolved(Signal s, List<Integer> sig, List<Integer> nav) {
    if (sig == null && nav == null) {
      throw new IllegalArgumentException(
          "transpose needs the signal axes, the navigation axes or both; use T() to swap the "
              + "spaces of " + s);
    }
    if (sig == null || nav == null) {
      List<Integer> given = sig == null ? nav : sig;
      List<Integer> rest = new ArrayList<>();
      // HyperSpy: the remaining axes in reversed array order, i.e. natural-like order
      for (int i = s.axes().rank() - 1; i >= 0; i--) {
        if (!given.contains(i)) rest.add(i);
      }
      if (sig == null) {
        sig = rest;
      } else {
        nav = rest;
      }
    }
    return transposed(s, sig, nav);
  }

  /**
   * The signal whose signal axes are {@code sig} and navigation axes {@code nav} (array indices
   * of {@code s}, each list in natural order, x first).
   */
  private static Signal transposed(Signal s, List<Integer> sig, List<Integer> nav) {
    Axes axes = s.axes();
    boolean[] seen = new boolean[axes.rank()];
    for (List<Integer> group : List.of(nav, sig)) {
      for (int i : group) {
        if (seen[i]) {
          throw new IllegalArgumentException(
              "axis " + axes.axisRepr(i) + " is given twice (signal axes " + labels(axes, sig)
                  + ", navigation axes " + labels(axes, nav) + ") for " + s);
        }
        seen[i] = true;
      }
    }
    if (sig.size() + nav.size() != axes.rank()) {
      throw new IllegalArgumentException(
          "not every axis of " + s + " is assigned to a space: signal axes " + labels(axes, sig)
              + ", navigation axes " + labels(axes, nav));
    }
    int[] order = new int[axes.rank()];
    List<Axis> list = new ArrayList<>();
    int p = 0;
    for (int k = nav.size() - 1; k >= 0; k--) {
      order[p++] = nav.get(k);
      list.add(axes.axis(nav.get(k)).withNavigate(true));
    }
    for (int k = sig.size() - 1; k >= 0; k--) {
      order[p++] = sig.get(k);
      list.add(axes.axis(sig.get(k)).withNavigate(false));
    }
    boolean identity = true;
    for (int i = 0; i < order.length; i++) identity &= order[i] == i;
    if (identity) return s.relabelled(Axes.of(list));
    return s.derived(s.data().transpose(order), Axes.of(list));
  }

  private static List<String> labels(Axes axes, List<Integer> arrayIndices) {
    List<String> out = new ArrayList<>();
    for (int i : arrayIndices) out.add(axes.axisRepr(i));
    return out;
  }
}
