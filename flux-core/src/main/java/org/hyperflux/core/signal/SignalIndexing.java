package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.ops.Slice;

/**
 * HyperSpy's {@code inav}/{@code isig} for {@link Signal}: selectors in natural order mapped to
 * array order, integers and calibrated floats converted as HyperSpy 1.7.3 does (through
 * {@link Axis#indexOf} and {@link Axis#indexRange}), the data sliced lazily and single indices
 * squeezed away, and the sliced axes recalibrated as HyperSpy's {@code _slice_me}.
 */
final class SignalIndexing {
  private SignalIndexing() {}

  static Signal index(Signal signal, boolean navigation, Index[] selectors) {
    Axes axes = signal.axes();
    int groupSize = navigation ? axes.navigationDimension() : axes.signalDimension();
    int firstNatural = navigation ? 0 : axes.navigationDimension();
    if (selectors.length > groupSize) {
      throw new IllegalArgumentException(
          "too many indices: " + selectors.length + " selectors " + Arrays.toString(selectors)
              + " for " + groupSize + (navigation ? " navigation" : " signal") + " axes of "
              + signal);
    }
    Slice[] slices = new Slice[axes.rank()];
    Arrays.fill(slices, Slice.all());
    List<Axis> newAxes = new ArrayList<>(axes.arrayOrder());
    List<Integer> removed = new ArrayList<>();
    boolean keepSingle = axes.rank() < 2;
    for (int k = 0; k < selectors.length; k++) {
      int arrayIndex = axes.arrayIndex(firstNatural + k);
      Index sel = Objects.requireNonNull(selectors[k], "selector");
      Axis axis = axes.axis(arrayIndex);
      String label = axes.axisRepr(arrayIndex);
      switch (sel.kind()) {
        case INDEX, VALUE -> {
          int i = sel.kind() == Index.Kind.INDEX
              ? positiveIndex(sel.index(), axis, label)
              : indexOf(axis, sel.value(), label);
          slices[arrayIndex] = Slice.of(i, i + 1L);
          if (keepSingle) {
            newAxes.set(arrayIndex, sliceAxis(axis, i, 1, 1));
          } else {
            removed.add(arrayIndex);
          }
        }
        case RANGE -> {
          Slice s = rangeSlice(sel, axis, label);
          long[] r = s.resolve(axis.size());
          slices[arrayIndex] = s;
          newAxes.set(arrayIndex, sliceAxis(axis, r[0], r[1], (int) r[2]));
        }
      }
    }
    LazyArray sliced = signal.data().slice(slices);
    Axes result = Axes.of(newAxes);
    if (!removed.isEmpty()) {
      int[] drop = removed.stream().mapToInt(Integer::intValue).sorted().toArray();
      sliced = sliced.squeeze(drop);
      result = result.remove(drop);
    }
    return signal.derived(sliced, result);
  }

  private static int positiveIndex(long index, Axis axis, String label) {
    long i = index < 0 ? index + axis.size() : index;
    if (i < 0 || i >= axis.size()) {
      throw new IllegalArgumentException(
          "index " + index + " is out of range for " + label + ": valid indices are ["
              + (-axis.size()) + ", " + axis.size() + ")");
    }
    return (int) i;
  }

  private static int indexOf(Axis axis, double value, String label) {
    try {
      return axis.indexOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
    }
  }

  /** The Python slice of a range selector; float bounds as HyperSpy's _get_array_slices. */
  private static Slice rangeSlice(Index sel, Axis axis, String label) {
    long step = 1;
    Number st = sel.step();
    if (st != null) {
      if (Index.isInteger(st)) {
        step = st.longValue();
      } else {
        if (!axis.isUniform()) {
          throw new IllegalArgumentException(
              "float step " + st + " on " + label + ": float steps are only supported for "
                  + "uniform axes");
        }
        double pixels = Math.rint(st.doubleValue() / axis.scale());
        if (pixels == 0 || !Double.isFinite(pixels) || Math.abs(pixels) > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(
              "float step " + st + " on " + label + " (scale " + axis.scale() + ") gives a step of "
                  + pixels + " pixels; the step must round to a non-zero pixel count");
        }
        step = (long) pixels;
      }
    }
    Long start = bound(sel.start(), axis, label, true);
    Long stop = bound(sel.stop(), axis, label, false);
    return new Slice(start, stop, step);
  }

  private static Long bound(Number n, Axis axis, String label, boolean isStart) {
    if (n == null) return null;
    if (Index.isInteger(n)) return n.longValue();
    double v = n.doubleValue();
    try {
      return (long) axis.indexOf(v);
    } catch (IllegalArgumentException outside) {
      try {
        // throws when HyperSpy raises; otherwise the bound is open (HyperSpy's None)
        if (isStart) {
          axis.indexRange(v, null);
        } else {
          axis.indexRange(null, v);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
      }
      return null;
    }
  }

  /** The axis of {@code count} points {@code first, first + step, ...} (HyperSpy's _slice_me). */
  private static Axis sliceAxis(Axis axis, long first, long step, int count) {
    if (axis.isUniform()) {
      double offset = axis.offset() + axis.scale() * first;
      return axis.withSize(count).withOffset(offset).withScale(axis.scale() * step);
    }
    double[] all = axis.values();
    double[] kept = new double[count];
    for (int k = 0; k < count; k++) kept[k] = all[(int) (first + k * step)];
    return Axis.nonUniform(kept)
        .withName(axis.name())
        .withUnits(axis.units())
        .withNavigate(axis.navigate());
  }
}
