package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.ops.LazyArray;

/**
 * HyperSpy 1.7.3's {@code hs.stack(signals, axis=None, new_axis_name="stack_element")}, lazily
 * over {@link LazyArray#stack} and {@link LazyArray#concatenate} (whose chunking follows the
 * inputs': nothing is rechunked and nothing is read when the result is built; dtypes promote as
 * numpy's).
 *
 * <p><b>Without an axis</b> the signals, of equal navigation and signal shapes, are stacked along
 * a new navigation axis at array index 0, the last navigation axis in natural order (HyperSpy's
 * {@code da.stack(..., axis=0)}): name {@code stack_element} ({@code stack_element_1},
 * {@code _2}, ... when a signal axis already has that name), scale 1, offset 0, no units. A
 * signal without navigation axes becomes a navigation of one axis.
 *
 * <p><b>With an axis</b> (a name, or a natural index, negative from the end) the signals are
 * joined along that existing axis; they must agree on every other axis. The joined axis is the
 * first signal's: a uniform axis keeps its scale and offset and grows to the total size; a
 * non-uniform axis gets the values of all signals one after another, which must stay strictly
 * monotonic (HyperSpy: "the axis values do not overlap and have the correct order").
 *
 * <p><b>Metadata</b> as HyperSpy: the first signal's metadata, titled {@code "Stack of " +
 * title}, with {@code _HyperSpy.Stacking_history.axis} (the axis given, or the natural index of
 * the new axis) and {@code step_sizes} (the sizes along the joined axis, or 1);
 * {@code original_metadata} is empty (new axis) or the first signal's (joined axis), plus {@code
 * stack_elements.element<i>.original_metadata} and {@code .metadata} of every signal. A list of one
 * signal returns it unchanged, as HyperSpy.
 *
 * <p><b>Differences from HyperSpy</b>: HyperSpy broadcasts signals whose axes are of size 1 or
 * missing and keeps, on each axis, the calibration of the longest signal (so the joined axis of
 * {@code stack(axis=...)} takes the calibration of the signal longest along it, against its own
 * documentation, which says the first signal's). Here shapes must match exactly (the error names
 * the signal and both dimensions) and the first signal's calibration is kept, as documented.
 * The result is always lazy (HyperSpy computes it unless one input is lazy).
 */
final class SignalStacking {
  static final String NEW_AXIS_NAME = "stack_element";

  private SignalStacking() {}

  /** {@code hs.stack(signals)}: along a new navigation axis. */
  static Signal stack(List<Signal> signals) {
    checkList(signals);
    if (signals.size() == 1) return signals.get(0);
    Signal first = signals.get(0);
    Axes fa = first.axes();
    for (int k = 1; k < signals.size(); k++) {
      Signal s = signals.get(k);
      checkSpaces(first, s, k);
      if (!Arrays.equals(fa.arrayShape(), s.axes().arrayShape())) {
        throw new IllegalArgumentException(
            "cannot stack signal " + k + " " + s + " with signal 0 " + first + ": stacking along"
                + " a new axis needs the same navigation and signal shapes, but signal " + k
                + " has " + s.axes().dimensionsString() + " and signal 0 has "
                + fa.dimensionsString() + " (HyperSpy broadcasts axes of size 1; hyperflux does"
                + " not: index the signals to equal shapes first)");
      }
    }
    String name = NEW_AXIS_NAME;
    for (int j = 1; hasName(fa, name); j++) name = NEW_AXIS_NAME + "_" + j;
    List<Axis> list = new ArrayList<>();
    list.add(Axis.uniform(signals.size()).withName(name).withNavigate(true));
    list.addAll(fa.arrayOrder());
    Axes axes = Axes.of(list);
    LazyArray data = LazyArray.stack(0, arrays(signals));
    long newAxisNatural = axes.naturalIndex(0);
    return Signal.lazy(data, axes)
        .withMetadata(history(first, newAxisNatural, 1L))
        .withOriginalMetadata(elements(Metadata.empty(), signals));
  }

  /** {@code hs.stack(signals, axis=axis)} with {@code axis} a natural index (negative from the end). */
  static Signal stack(List<Signal> signals, int axis) {
    checkList(signals);
    Axes fa = signals.get(0).axes();
    int rank = fa.rank();
    int natural = axis < 0 ? axis + rank : axis;
    if (natural < 0 || natural >= rank) {
      throw new IllegalArgumentException(
          "axis index " + axis + " is out of range for the " + rank + " axes of "
              + signals.get(0) + " (valid: " + (-rank) + " to " + (rank - 1) + ")");
    }
    return join(signals, fa.arrayIndex(natural), (long) axis);
  }

  /** {@code hs.stack(signals, axis=name)}. */
  static Signal stack(List<Signal> signals, String axis) {
    checkList(signals);
    Objects.requireNonNull(axis, "axis");
    return join(signals, signals.get(0).axes().indexOf(axis), axis);
  }

  private static Signal join(List<Signal> signals, int arrayIndex, Object axisGiven) {
    if (signals.size() == 1) return signals.get(0);
    Signal first = signals.get(0);
    Axes fa = first.axes();
    List<Long> steps = new ArrayList<>();
    steps.add((long) fa.axis(arrayIndex).size());
    long total = fa.axis(arrayIndex).size();
    for (int k = 1; k < signals.size(); k++) {
      Signal s = signals.get(k);
      checkSpaces(first, s, k);
      long[] mine = fa.arrayShape();
      long[] theirs = s.axes().arrayShape();
      mine[arrayIndex] = theirs[arrayIndex];
      if (!Arrays.equals(mine, theirs)) {
        throw new IllegalArgumentException(
            "cannot stack signal " + k + " " + s + " with signal 0 " + first + " along "
                + fa.axisRepr(arrayIndex) + ": every other axis must have the same size, but"
                + " signal " + k + " has " + s.axes().dimensionsString() + " and signal 0 has "
                + fa.dimensionsString() + " (HyperSpy broadcasts axes of size 1; hyperflux does"
                + " not)");
      }
      steps.add((long) s.axes().axis(arrayIndex).size());
      total += s.axes().axis(arrayIndex).size();
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "stacking along " + fa.axisRepr(arrayIndex) + " gives " + total + " points, more than"
              + " an axis can hold (" + Integer.MAX_VALUE + ")");
    }
    Axis joined = joinedAxis(signals, arrayIndex, (int) total);
    LazyArray data = LazyArray.concatenate(arrayIndex, arrays(signals));
    return Signal.lazy(data, fa.with(arrayIndex, joined))
        .withMetadata(history(first, axisGiven, steps))
        .withOriginalMetadata(elements(first.originalMetadata(), signals));
  }

  /** The first signal's axis grown to {@code total}: uniform, or the values of all signals in turn. */
  private static Axis joinedAxis(List<Signal> signals, int arrayIndex, int total) {
    Axis a = signals.get(0).axes().axis(arrayIndex);
    if (a.isUniform()) return a.withSize(total);
    double[] values = new double[total];
    int at = 0;
    for (Signal s : signals) {
      double[] v = s.axes().axis(arrayIndex).values();
      System.arraycopy(v, 0, values, at, v.length);
      at += v.length;
    }
    try {
      return Axis.nonUniform(values).withName(a.name()).withUnits(a.units())
          .withNavigate(a.navigate());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "signals can be stacked along the non-uniform axis " + signals.get(0).axes()
              .axisRepr(arrayIndex) + " only if their axis values do not overlap and follow"
              + " each other in order: " + e.getMessage(), e);
    }
  }

  private static void checkList(List<Signal> signals) {
    Objects.requireNonNull(signals, "signals");
    if (signals.isEmpty()) {
      throw new IllegalArgumentException("stack needs at least one signal, got an empty list");
    }
    for (int k = 0; k < signals.size(); k++) {
      Objects.requireNonNull(signals.get(k), "signal " + k + " of the list to stack is null");
    }
  }

  private static void checkSpaces(Signal first, Signal s, int k) {
    Axes fa = first.axes();
    Axes sa = s.axes();
    if (fa.navigationDimension() != sa.navigationDimension()
        || fa.signalDimension() != sa.signalDimension()) {
      throw new IllegalArgumentException(
          "cannot stack signal " + k + " " + s + " with signal 0 " + first + ": signal " + k
              + " has " + sa.navigationDimension() + " navigation and " + sa.signalDimension()
              + " signal axes " + sa.dimensionsString() + ", signal 0 has "
              + fa.navigationDimension() + " and " + fa.signalDimension() + " "
              + fa.dimensionsString() + "; every signal needs the same navigation and signal"
              + " dimensions");
    }
  }

  private static boolean hasName(Axes axes, String name) {
    for (Axis a : axes.arrayOrder()) {
      if (name.equals(a.name())) return true;
    }
    return false;
  }

  private static LazyArray[] arrays(List<Signal> signals) {
    LazyArray[] out = new LazyArray[signals.size()];
    for (int k = 0; k < out.length; k++) out[k] = signals.get(k).data();
    return out;
  }

  private static Metadata history(Signal first, Object axis, Object stepSizes) {
    return first.metadata()
        .withTitle("Stack of " + first.title())
        .with("_HyperSpy.Stacking_history.axis", axis)
        .with("_HyperSpy.Stacking_history.step_sizes", stepSizes);
  }

  private static Metadata elements(Metadata base, List<Signal> signals) {
    Metadata out = base;
    for (int k = 0; k < signals.size(); k++) {
      String node = "stack_elements.element" + k;
      out = out.with(node + ".original_metadata", signals.get(k).originalMetadata())
          .with(node + ".metadata", signals.get(k).metadata());
    }
    return out;
  }
}
