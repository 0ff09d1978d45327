package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.ops.BinaryOp;
import org.hyperflux.core.ops.LazyArray;

/**
 * Elementwise operations between two {@link Signal}s with HyperSpy 1.7.3's broadcasting ({@code
 * BaseSignal._binary_operator_ruler} in {@code signal.py} and {@code broadcast_signals} in {@code
 * misc/signal_tools.py}), lazily through {@link LazyArray#binary}. Signals of equal navigation
 * and signal shapes combine directly. Otherwise the navigation and signal spaces broadcast
 * separately, each with numpy's rules on the natural-order shapes aligned at x (equal extents, or
 * one of them 1 or missing); the result's axis at each natural position is the longer of the two
 * (on a tie, the left operand's), its navigate flag that of its space. To line the data up for
 * numpy's broadcasting in array order, an operand with navigation axes but fewer signal axes than
 * the result gets size-1 axes inserted before its signal axes; missing leading navigation axes
 * broadcast as numpy's. Dtypes promote as numpy's and the metadata is the left operand's. As
 * HyperSpy only warns when the calibrations of aligned axes differ, the longer axis silently wins.
 */
final class SignalArithmetic {
  private SignalArithmetic() {}

  /** {@code left op right} with HyperSpy's signal broadcasting; see the class comment. */
  static Signal binary(Signal left, BinaryOp op, Signal right) {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(right, "other");
    Axes la = left.axes();
    Axes ra = right.axes();
    if (Arrays.equals(la.navigationShape(), ra.navigationShape())
        && Arrays.equals(la.signalShape(), ra.signalShape())) {
      return left.derived(left.data().binary(op, right.data()), la);
    }
    List<Axis> nav = broadcastGroup(la.navigationAxes(), ra.navigationAxes(), left, right);
    List<Axis> sig = broadcastGroup(la.signalAxes(), ra.signalAxes(), left, right);
    List<Axis> arrayOrder = new ArrayList<>();
    for (int k = nav.size() - 1; k >= 0; k--) arrayOrder.add(nav.get(k).withNavigate(true));
    for (int k = sig.size() - 1; k >= 0; k--) arrayOrder.add(sig.get(k).withNavigate(false));
    LazyArray l = expandSignalSpace(left.data(), la, sig.size());
    LazyArray r = expandSignalSpace(right.data(), ra, sig.size());
    return left.derived(l.binary(op, r), Axes.of(arrayOrder));
  }

  /** One space of HyperSpy's broadcast_signals: the longer axis per natural position. */
  private static List<Axis> broadcastGroup(List<Axis> mine, List<Axis> theirs, Signal left,
      Signal right) {
    List<Axis> out = new ArrayList<>();
    for (int k = 0; k < Math.max(mine.size(), theirs.size()); k++) {
      Axis a = k < mine.size() ? mine.get(k) : null;
      Axis b = k < theirs.size() ? theirs.get(k) : null;
      if (a != null && b != null && a.size() != b.size() && a.size() != 1 && b.size() != 1) {
        throw new IllegalArgumentException(
            "invalid dimensions for this operation: " + left + " has dimensions "
                + left.axes().dimensionsString() + " and " + right + " has dimensions "
                + right.axes().dimensionsString() + "; navigation and signal shapes must be "
                + "equal or broadcastable (extents equal or 1, aligned at x)");
      }
      out.add(b == null || (a != null && a.size() >= b.size()) ? a : b);
    }
    return out;
  }

  /**
   * The data with size-1 axes inserted before its signal axes so that it has {@code
   * signalDimension} signal axes (missing leading navigation axes broadcast as numpy's).
   */
  private static LazyArray expandSignalSpace(LazyArray data, Axes axes, int signalDimension) {
    int nav = axes.navigationDimension();
    LazyArray out = data;
    if (nav == 0) return out;
    for (int k = axes.signalDimension(); k < signalDimension; k++) {
      out = LazyArray.stack(nav, out);
    }
    return out;
  }
}
