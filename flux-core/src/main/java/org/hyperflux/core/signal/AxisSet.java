package org.hyperflux.core.signal;

import java.util.Arrays;
import java.util.Objects;

/**
 * Which axes a reduction runs over: all navigation axes, all signal axes, axes by name, or axes
 * by natural-order index (HyperSpy's integer axes, over all axes or within one group).
 * Immutable; resolved against a signal's {@link Axes} when the reduction is built.
 *
 * <pre>{@code
 * s.sum(AxisSet.NAVIGATION);       // HyperSpy: s.sum(s.axes_manager.navigation_axes), s.sum()
 * s.mean(AxisSet.SIGNAL);          // s.mean(s.axes_manager.signal_axes)
 * s.max(AxisSet.names("x", "kx")); // s.max(("x", "kx")); also s.max("x", "kx")
 * s.std(AxisSet.natural(0));       // s.std(0): natural index 0 = navigation x
 * s.var(AxisSet.signal(1));        // the signal y axis (natural index 1 within the signal axes)
 * }</pre>
 */
public final class AxisSet {
  /** Every navigation axis (HyperSpy's default for sum, mean, std, ...). */
  public static final AxisSet NAVIGATION = new AxisSet(Group.NAVIGATION, null, null);
  /** Every signal axis. */
  public static final AxisSet SIGNAL = new AxisSet(Group.SIGNAL, null, null);

  private enum Group { NAVIGATION, SIGNAL, NAMES, NATURAL, NAVIGATION_INDICES, SIGNAL_INDICES }

  private final Group group;
  private final String[] names;
  private final int[] indices;

  private AxisSet(Group group, String[] names, int[] indices) {
    this.group = group;
    this.names = names;
    this.indices = indices;
  }

  /** The axes with these names (HyperSpy's {@code axis="x"} or a tuple of names). */
  public static AxisSet names(String... names) {
    for (String n : names) Objects.requireNonNull(n, "axis name");
    return new AxisSet(Group.NAMES, names.clone(), null);
  }

  /**
   * The axes at these natural-order indices over all axes, navigation x first then signal x
   * (HyperSpy's integer axes, {@code index_in_axes_manager}).
   */
  public static AxisSet natural(int... indices) {
    return new AxisSet(Group.NATURAL, null, indices.clone());
  }

  /** Navigation axes by natural index within the navigation axes (0 = navigation x). */
  public static AxisSet navigation(int... indices) {
    return new AxisSet(Group.NAVIGATION_INDICES, null, indices.clone());
  }

  /** Signal axes by natural index within the signal axes (0 = signal x). */
  public static AxisSet signal(int... indices) {
    return new AxisSet(Group.SIGNAL_INDICES, null, indices.clone());
  }

  /**
   * The selected axes' array indices, ascending.
   *
   * @throws IllegalArgumentException for an unknown name, an index outside its group, an axis
   *     selected twice, or an empty selection (the message names the signal's axes)
   */
  int[] arrayIndices(Axes axes) {
    int nav = axes.navigationDimension();
    int sig = axes.signalDimension();
    int[] out;
    switch (group) {
      case NAVIGATION -> out = range(axes, 0, nav);
      case SIGNAL -> out = range(axes, nav, sig);
      case NAMES -> {
        out = new int[names.length];
        for (int i = 0; i < out.length; i++) out[i] = axes.indexOf(names[i]);
      }
      case NATURAL -> out = within(axes, 0, axes.rank(), "axes");
      case NAVIGATION_INDICES -> out = within(axes, 0, nav, "navigation axes");
      default -> out = within(axes, nav, sig, "signal axes");
    }
    if (out.length == 0) {
      throw new IllegalArgumentException(
          "no axes selected by " + this + " in " + axes.dimensionsString()
              + "; a reduction needs at least one axis");
    }
    int[] sorted = out.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException(
            "axis " + axes.axisRepr(sorted[i]) + " is selected twice by " + this);
      }
    }
    return sorted;
  }

  private static int[] range(Axes axes, int firstNatural, int count) {
    int[] out = new int[count];
    for (int k = 0; k < count; k++) out[k] = axes.arrayIndex(firstNatural + k);
    return out;
  }

  private int[] within(Axes axes, int firstNatural, int count, String what) {
    int[] out = new int[indices.length];
    for (int i = 0; i < out.length; i++) {
      int k = indices[i];
      if (k < 0 || k >= count) {
        throw new IllegalArgumentException(
            "axis index " + k + " is out of range for the " + count + " " + what + " of "
                + axes.dimensionsString() + " (valid: 0 to " + (count - 1) + ")");
      }
      out[i] = axes.arrayIndex(firstNatural + k);
    }
    return out;
  }

  @Override
  public String toString() {
    return switch (group) {
      case NAVIGATION -> "AxisSet.NAVIGATION";
      case SIGNAL -> "AxisSet.SIGNAL";
      case NAMES -> "AxisSet.names" + Arrays.toString(names);
      case NATURAL -> "AxisSet.natural" + Arrays.toString(indices);
      case NAVIGATION_INDICES -> "AxisSet.navigation" + Arrays.toString(indices);
      case SIGNAL_INDICES -> "AxisSet.signal" + Arrays.toString(indices);
    };
  }
}
