package org.hyperflux.core.signal;

import java.util.Arrays;
import java.util.Objects;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;

/**
 * HyperSpy's {@code rechunk(nav_chunks, sig_chunks)} (dask's {@code rechunk} with the chunks of
 * the navigation and signal axes given separately) over {@link
 * org.hyperflux.core.ops.LazyArray#rechunk(ChunkGrid)}: the result is the same data on a regular
 * grid; nothing is read when it is built, and axes and metadata are unchanged.
 *
 * <p>Each group is {@code null} ("auto"), one extent per axis of the group in natural order (x
 * first), or a single extent for every axis of the group (HyperSpy's int form). An extent is a
 * positive number of points (clipped to the axis size) or {@code -1} for the whole axis. "auto"
 * is {@link ChunkGrid#auto}'s policy with the budget and cores of the given options: the largest
 * chunk of at most {@code min(128 MiB, budget / (4 × cores))} that keeps the signal axes whole
 * (split, outermost first, only when one signal alone is larger); with the signal chunks given,
 * the automatic navigation chunks fill that target around them.
 *
 * <p>Differences from HyperSpy 1.7.3: its tuples are applied in array order (its {@code
 * nav_chunks + sig_chunks} goes straight to dask) while these are in natural order like every
 * other hyperflux signal argument; its "auto" is dask's, sized for 128 MiB chunks, while this one
 * follows the execution budget (DESIGN §2).
 */
final class SignalRechunk {
  private SignalRechunk() {}

  static Signal rechunk(Signal s, long[] navChunks, long[] sigChunks, ExecOptions options) {
    Objects.requireNonNull(options, "options");
    Axes axes = s.axes();
    int nav = axes.navigationDimension();
    int sig = axes.signalDimension();
    Shape shape = s.data().shape();
    int[] chunk = new int[axes.rank()];
    if (navChunks != null) explicit(s, navChunks, true, chunk);
    if (sigChunks != null) explicit(s, sigChunks, false, chunk);
    if (navChunks == null || sigChunks == null) {
      long[] dims = shape.dims();
      if (sigChunks != null) {
        // The automatic navigation chunks around signal chunks of the given extents.
        for (int i = nav; i < dims.length; i++) dims[i] = chunk[i];
      }
      ChunkGrid auto = ChunkGrid.auto(Shape.of(dims), s.dtype(), sig, options.budgetBytes(),
          options.parallelism());
      for (int i = 0; i < dims.length; i++) {
        boolean navAxis = i < nav;
        if (navAxis ? navChunks == null : sigChunks == null) chunk[i] = auto.maxExtent(i);
      }
    }
    for (int i = 0; i < chunk.length; i++) chunk[i] = Math.max(1, chunk[i]);
    ChunkGrid grid = ChunkGrid.regular(shape, chunk);
    if (grid.equals(s.data().grid())) return s;
    return s.derived(s.data().rechunk(grid), axes);
  }

  /** Writes the extents of one group (natural order, or one for all) into {@code chunk} (array order). */
  private static void explicit(Signal s, long[] extents, boolean navigation, int[] chunk) {
    Axes axes = s.axes();
    int count = navigation ? axes.navigationDimension() : axes.signalDimension();
    int first = navigation ? 0 : axes.navigationDimension();
    String group = navigation ? "navigation" : "signal";
    if (extents.length != count && extents.length != 1) {
      throw new IllegalArgumentException(
          "rechunk: " + Arrays.toString(extents) + " gives " + extents.length + " chunk extents"
              + " for the " + count + " " + group + " axes of " + s + "; give one per axis in"
              + " natural order (x first), one for every axis, or null for auto");
    }
    for (int k = 0; k < count; k++) {
      int arrayIndex = axes.arrayIndex(first + k);
      long e = extents[extents.length == 1 ? 0 : k];
      int size = axes.axis(arrayIndex).size();
      if (e == -1) {
        chunk[arrayIndex] = size;
      } else if (e >= 1) {
        chunk[arrayIndex] = (int) Math.min(e, size);
      } else {
        throw new IllegalArgumentException(
            "rechunk: chunk extent " + e + " for the " + group + " axis "
                + axes.axisRepr(arrayIndex) + " of " + s + " must be a positive number of points"
                + " or -1 for the whole axis (null for the whole group: auto)");
      }
    }
  }
}
