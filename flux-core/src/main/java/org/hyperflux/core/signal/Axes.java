package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.array.Shape;

/**
 * The ordered axes of a signal, split into navigation and signal axes. Immutable and
 * thread-safe; {@link #with} and {@link #remove} return new values.
 *
 * <p><b>Two orders.</b> Axes are stored and indexed in <em>array order</em>: the C order of the
 * data, navigation axes first, then signal axes (HyperSpy's {@code axes_manager._axes}). HyperSpy
 * shows axes in <em>natural order</em>, x before y, which reverses each group: {@link
 * #navigationAxes()}, {@link #signalAxes()}, {@link #navigationShape()} and {@link
 * #signalShape()} use it, so data of array shape {@code (2, 3, 16)} with one signal axis has
 * navigation shape {@code (3, 2)} and prints as {@code (3, 2|16)}.
 *
 * <pre>{@code
 * Axes axes = Axes.uniform(new long[] {128, 128, 256, 256}, 2);
 * axes.dimensionsString();   // "(128, 128|256, 256)"
 * axes.axis(3).navigate();   // false: array index 3 is the signal x axis
 * }</pre>
 *
 * <p>Unlike HyperSpy, whose {@code signal_dimension} is 0 for a single signal axis of size 1
 * (its representation of a scalar signal), {@link #signalDimension()} is always the number of
 * signal axes: a signal without signal axes is represented directly.
 */
public final class Axes {
  private final List<Axis> axes;
  private final int navigationDimension;

  private Axes(List<Axis> arrayOrder) {
    List<Axis> copy = List.copyOf(arrayOrder);
    int firstSignal = -1;
    int nav = 0;
    for (int i = 0; i < copy.size(); i++) {
      Axis a = copy.get(i);
      if (a.navigate()) {
        if (firstSignal >= 0) {
          throw new IllegalArgumentException(
              "navigation axis " + i + " " + a + " follows signal axis " + firstSignal + " "
                  + copy.get(firstSignal) + "; array order must be navigation axes then "
                  + "signal axes (navigate=" + navigateFlags(copy) + ")");
        }
        nav++;
      } else if (firstSignal < 0) {
        firstSignal = i;
      }
    }
    this.axes = ReadOnly.list(copy, ReadOnly.AXES);
    this.navigationDimension = nav;
  }

  private static String navigateFlags(List<Axis> axes) {
    boolean[] flags = new boolean[axes.size()];
    for (int i = 0; i < flags.length; i++) flags[i] = axes.get(i).navigate();
    return Arrays.toString(flags);
  }

  /**
   * Axes in array order (navigation axes, whose {@link Axis#navigate()} is true, before signal
   * axes).
   *
   * @throws IllegalArgumentException if a navigation axis follows a signal axis
   * @throws NullPointerException if an axis is null
   */
  public static Axes of(Axis... arrayOrder) {
    return new Axes(Arrays.asList(arrayOrder));
  }

  /** As {@link #of(Axis...)} from a list in array order (copied). */
  public static Axes of(List<Axis> arrayOrder) {
    return new Axes(arrayOrder);
  }

  /**
   * HyperSpy's default axes for data of {@code arrayShape} (C order) whose last {@code
   * signalDimension} axes are signal axes: scale 1, offset 0, no name, no units.
   *
   * @throws IllegalArgumentException if signalDimension is outside {@code [0, rank]}, or an
   *     extent is negative or above {@link Integer#MAX_VALUE}
   */
  public static Axes uniform(long[] arrayShape, int signalDimension) {
    int rank = arrayShape.length;
    if (signalDimension < 0 || signalDimension > rank) {
      throw new IllegalArgumentException(
          "signal dimension " + signalDimension + " is outside [0, " + rank + "] for shape "
              + Arrays.toString(arrayShape));
    }
    List<Axis> list = new ArrayList<>(rank);
    for (int i = 0; i < rank; i++) {
      long extent = arrayShape[i];
      if (extent < 0 || extent > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "extent " + extent + " along axis " + i + " of shape " + Arrays.toString(arrayShape)
                + " is not a valid axis size (0 to " + Integer.MAX_VALUE + ")");
      }
      list.add(Axis.uniform((int) extent).withNavigate(i < rank - signalDimension));
    }
    return new Axes(list);
  }

  /** Number of axes. */
  public int rank() {
    return axes.size();
  }

  /** The axis at {@code arrayIndex} (array order). */
  public Axis axis(int arrayIndex) {
    Objects.checkIndex(arrayIndex, axes.size());
    return axes.get(arrayIndex);
  }

  /** All axes in array order (read-only: changing it fails saying what to write instead). */
  public List<Axis> arrayOrder() {
    return axes;
  }

  /** Navigation axes in natural order, x first (HyperSpy's {@code navigation_axes}). */
  public List<Axis> navigationAxes() {
    List<Axis> out = new ArrayList<>(axes.subList(0, navigationDimension));
    Collections.reverse(out);
    return ReadOnly.list(out, ReadOnly.AXES);
  }

  /** Signal axes in natural order, x first (HyperSpy's {@code signal_axes}). */
  public List<Axis> signalAxes() {
    List<Axis> out = new ArrayList<>(axes.subList(navigationDimension, axes.size()));
    Collections.reverse(out);
    return ReadOnly.list(out, ReadOnly.AXES);
  }

  /** Navigation then signal axes, each in natural order (HyperSpy's natural order). */
  public List<Axis> naturalOrder() {
    List<Axis> out = new ArrayList<>(navigationAxes());
    out.addAll(signalAxes());
    return ReadOnly.list(out, ReadOnly.AXES);
  }

  /** Number of navigation axes. */
  public int navigationDimension() {
    return navigationDimension;
  }

  /** Number of signal axes. */
  public int signalDimension() {
    return axes.size() - navigationDimension;
  }

  /** Extents in array (C) order: the data's shape. */
  public long[] arrayShape() {
    long[] out = new long[axes.size()];
    for (int i = 0; i < out.length; i++) out[i] = axes.get(i).size();
    return out;
  }

  /** The data's {@link Shape} (array order). */
  public Shape shape() {
    return Shape.of(arrayShape());
  }

  /** Navigation extents in natural order (HyperSpy's {@code navigation_shape}). */
  public long[] navigationShape() {
    return sizes(navigationAxes());
  }

  /** Signal extents in natural order (HyperSpy's {@code signal_shape}). */
  public long[] signalShape() {
    return sizes(signalAxes());
  }

  private static long[] sizes(List<Axis> list) {
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) out[i] = list.get(i).size();
    return out;
  }

  /**
   * HyperSpy's dimensions string, as in {@code <Signal2D, title: , dimensions: (5, 4|6, 8)>}:
   * navigation then signal extents in natural order, e.g. {@code (|1024)} without navigation axes
   * and {@code (7|)} without signal axes.
   */
  public String dimensionsString() {
    StringBuilder b = new StringBuilder("(");
    join(b, navigationShape());
    b.append('|');
    join(b, signalShape());
    return b.append(')').toString();
  }

  private static void join(StringBuilder b, long[] sizes) {
    for (int i = 0; i < sizes.length; i++) {
      if (i > 0) b.append(", ");
      b.append(sizes[i]);
    }
  }

  /**
   * The position of the axis at {@code arrayIndex} in natural order (HyperSpy's {@code
   * index_in_axes_manager}).
   */
  public int naturalIndex(int arrayIndex) {
    Objects.checkIndex(arrayIndex, axes.size());
    if (arrayIndex < navigationDimension) return navigationDimension - 1 - arrayIndex;
    return navigationDimension + (axes.size() - 1 - arrayIndex);
  }

  /** The array index of the axis at {@code naturalIndex} in natural order. */
  public int arrayIndex(int naturalIndex) {
    Objects.checkIndex(naturalIndex, axes.size());
    if (naturalIndex < navigationDimension) return navigationDimension - 1 - naturalIndex;
    return axes.size() - 1 - (naturalIndex - navigationDimension);
  }

  /**
   * The axis named {@code name}. As HyperSpy's {@code axes_manager[name]}, when several axes
   * share the name the last one in natural order wins.
   *
   * @throws IllegalArgumentException if no axis has that name; the message lists the names
   */
  public Axis axis(String name) {
    return axes.get(indexOf(name));
  }

  /**
   * The array index of the axis named {@code name} (the last in natural order if several share
   * it).
   *
   * @throws IllegalArgumentException if no axis has that name; the message lists the names
   */
  public int indexOf(String name) {
    for (int natural = axes.size() - 1; natural >= 0; natural--) {
      int arrayIndex = arrayIndex(natural);
      if (Objects.equals(axes.get(arrayIndex).name(), name)) return arrayIndex;
    }
    List<String> names = new ArrayList<>();
    for (Axis a : axes) names.add(a.displayName());
    throw new IllegalArgumentException(
        "no axis named '" + name + "'; axes in array order: " + names);
  }

  /**
   * These axes with the axis at {@code arrayIndex} replaced.
   *
   * @throws IllegalArgumentException if the replacement breaks the navigation-then-signal order
   */
  public Axes with(int arrayIndex, Axis axis) {
    Objects.checkIndex(arrayIndex, axes.size());
    Objects.requireNonNull(axis, "axis");
    List<Axis> list = new ArrayList<>(axes);
    list.set(arrayIndex, axis);
    return new Axes(list);
  }

  /**
   * These axes without the axes at the given array indices (as a reduction over them does).
   *
   * @throws IllegalArgumentException if an index is out of range or repeated
   */
  public Axes remove(int... arrayIndices) {
    boolean[] drop = new boolean[axes.size()];
    for (int index : arrayIndices) {
      if (index < 0 || index >= axes.size()) {
        throw new IllegalArgumentException(
            "axis index " + index + " is out of range for " + axes.size() + " axes (indices "
                + Arrays.toString(arrayIndices) + ")");
      }
      if (drop[index]) {
        throw new IllegalArgumentException(
            "axis index " + index + " is repeated in " + Arrays.toString(arrayIndices));
      }
      drop[index] = true;
    }
    List<Axis> list = new ArrayList<>();
    for (int i = 0; i < axes.size(); i++) {
      if (!drop[i]) list.add(axes.get(i));
    }
    return new Axes(list);
  }

  /**
   * HyperSpy's repr of the axis at {@code arrayIndex} inside a signal: {@code <Unnamed 1st axis,
   * size: 2, index: 0>}, where an undefined name shows as {@code Unnamed} and the ordinal of its
   * natural-order position.
   */
  public String axisRepr(int arrayIndex) {
    Axis a = axis(arrayIndex);
    return a.repr(a.name() != null ? a.name() : "Unnamed " + ordinal(naturalIndex(arrayIndex)));
  }

  /** English ordinal as HyperSpy's {@code misc.utils.ordinal}: 0th, 1st, 2nd, 3rd, 11th, 21st. */
  static String ordinal(int value) {
    String suffix = "th";
    if (value % 100 / 10 != 1) {
      switch (value % 10) {
        case 1 -> suffix = "st";
        case 2 -> suffix = "nd";
        case 3 -> suffix = "rd";
        default -> suffix = "th";
      }
    }
    return value + suffix;
  }

  /** The first line of HyperSpy's axes-manager repr: {@code <Axes manager, axes: (3, 2|16)>}. */
  @Override
  public String toString() {
    return "<Axes manager, axes: " + dimensionsString() + ">";
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Axes other && axes.equals(other.axes));
  }

  @Override
  public int hashCode() {
    return axes.hashCode();
  }
}
