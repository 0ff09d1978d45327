package org.hyperflux.core.signal;

import java.util.Objects;
import org.hyperflux.core.accumulate.Reduction;

/**
 * The reductions of a {@link Signal} ({@code sum}, {@code mean}, {@code min}, {@code max}, {@code
 * std}, {@code var} and their {@code nan} forms) as HyperSpy 1.7.3's {@code
 * _apply_function_on_data_and_remove_axis} ({@code signal.py}, lazily as {@code
 * _signals/lazy.py}): the {@link AxisSet} is resolved against the signal's axes to array indices
 * (which rejects unknown names, indices outside their group, an axis selected twice and an empty
 * selection), the data is reduced over them with {@link org.hyperflux.core.ops.LazyArray#reduce}
 * (numpy's dtypes, ddof 0), and those axes are removed while every other axis keeps its
 * calibration and navigate flag; metadata and {@code original_metadata} are kept and nothing is
 * transposed. Reducing every axis leaves a signal of rank 0 where HyperSpy adds a size-1
 * "Scalar" axis.
 */
final class SignalReductions {
  private SignalReductions() {}

  /** {@code reduction} over the axes {@code over} selects, removing them. */
  static Signal reduce(Signal s, Reduction reduction, AxisSet over) {
    Objects.requireNonNull(reduction, "reduction");
    int[] arrayIndices = Objects.requireNonNull(over, "over").arrayIndices(s.axes());
    return s.derived(s.data().reduce(reduction, arrayIndices), s.axes().remove(arrayIndices));
  }

  /** The axes named {@code first} and {@code more} ({@code s.sum("x", "y")}). */
  static AxisSet named(String first, String[] more) {
    String[] names = new String[more.length + 1];
    names[0] = first;
    System.arraycopy(more, 0, names, 1, more.length);
    return AxisSet.names(names);
  }
}
