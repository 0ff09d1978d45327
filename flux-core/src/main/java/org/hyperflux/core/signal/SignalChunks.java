package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hyperflux.core.array.ChunkGrid;

/**
 * The chunking of a {@link Signal} as HyperSpy 1.7.3 reports it ({@code LazySignal.get_chunk_size}
 * in {@code _signals/lazy.py}) and as a one-line summary. {@code chunkSize} resolves the axes
 * (natural indices, HyperSpy's {@code index_in_axes_manager}, or names; the navigation axes by
 * default) to array indices, sorts them, and returns the chunk extents of each in array order, as
 * HyperSpy's tuple of dask {@code chunks}. The summary gives the largest chunk extent per axis,
 * each group in natural order as HyperSpy prints shapes, the bytes of the largest chunk in binary
 * units ({@code B}, then {@code KiB} ... {@code EiB} with one decimal), the number of chunks, and
 * the axes held in one chunk: {@code nav} or {@code sig} when every axis of the group is, else
 * {@code nav[i]} / {@code sig[i]} with i the natural index within the group, {@code none} when no
 * axis is whole. Reads nothing.
 */
final class SignalChunks {
  private SignalChunks() {}

  /** {@code get_chunk_size()}: the chunk extents of every navigation axis, in array order. */
  static int[][] chunkSize(Signal s) {
    int[] natural = new int[s.axes().navigationDimension()];
    for (int i = 0; i < natural.length; i++) natural[i] = i;
    return chunkSize(s, natural);
  }

  /** {@code get_chunk_size(axes)} with natural indices; extents in array order. */
  static int[][] chunkSize(Signal s, int[] naturalIndices) {
    int[] arrayIndices = new int[naturalIndices.length];
    for (int i = 0; i < arrayIndices.length; i++) {
      arrayIndices[i] = s.axes().arrayIndex(naturalIndices[i]);
    }
    return chunkExtents(s, arrayIndices);
  }

  /** {@code get_chunk_size(axes)} with names; extents in array order. */
  static int[][] chunkSize(Signal s, String[] names) {
    int[] arrayIndices = new int[names.length];
    for (int i = 0; i < arrayIndices.length; i++) arrayIndices[i] = s.axes().indexOf(names[i]);
    return chunkExtents(s, arrayIndices);
  }

  private static int[][] chunkExtents(Signal s, int[] arrayIndices) {
    int[] sorted = arrayIndices.clone();
    Arrays.sort(sorted);
    int[][] out = new int[sorted.length][];
    for (int i = 0; i < sorted.length; i++) out[i] = s.data().grid().extents(sorted[i]);
    return out;
  }

  /** The one-line summary described in the class comment. */
  static String summary(Signal s) {
    ChunkGrid grid = s.data().grid();
    Axes axes = s.axes();
    int nav = axes.navigationDimension();
    int sig = axes.signalDimension();
    StringBuilder b = new StringBuilder("nav chunks (");
    List<String> whole = new ArrayList<>();
    appendGroup(b, axes, grid, 0, nav, "nav", whole);
    b.append(") | sig chunks (");
    appendGroup(b, axes, grid, nav, sig, "sig", whole);
    b.append("), ")
        .append(formatBytes(grid.maxChunkElements() * s.dtype().itemSize()))
        .append(" per chunk, ")
        .append(grid.chunkCount())
        .append(grid.chunkCount() == 1 ? " chunk" : " chunks")
        .append("; whole axes: ")
        .append(whole.isEmpty() ? "none" : String.join(", ", whole));
    return b.toString();
  }

  private static void appendGroup(StringBuilder b, Axes axes, ChunkGrid grid, int firstNatural,
      int count, String group, List<String> whole) {
    List<String> wholeHere = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      int arrayIndex = axes.arrayIndex(firstNatural + k);
      if (k > 0) b.append(", ");
      b.append(grid.maxExtent(arrayIndex));
      if (grid.chunksAlong(arrayIndex) <= 1) wholeHere.add(group + "[" + k + "]");
    }
    if (count > 0 && wholeHere.size() == count) {
      whole.add(group);
    } else {
      whole.addAll(wholeHere);
    }
  }

  /** {@code bytes} in binary units with one decimal ({@code "32.0 MiB"}); below 1 KiB, {@code "512 B"}. */
  static String formatBytes(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes / 1024.0;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
