package org.hyperflux.core.signal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.accumulate.Reduction;
import org.hyperflux.core.accumulate.ReductionAccumulator;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Pass;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The navigators of {@link Signal}: HyperSpy 1.7.3's {@code LazySignal.compute_navigator}, the
 * full navigator computed in one {@link Pass}, and the shape rules a navigator must meet.
 *
 * <p><b>compute_navigator</b> ({@code hyperspy/_signals/lazy.py} with {@code
 * misc/array_tools.get_signal_chunk_slice}). Per signal axis, in natural order (x first):
 *
 * <ol>
 *   <li>The index: by default {@code round(size / 2)} with Python's round (half to even: 5 → 2,
 *       7 → 4); an integer is taken as is (no negative wrap-around: HyperSpy rejects it); a
 *       float is calibrated and converted by {@link Axis#indexOf} ({@code value2index}). One
 *       selector applies to every signal axis, as HyperSpy's scalar.
 *   <li>The chunk extents: the signal's own grid along that axis or, given {@code
 *       chunks_number} {@code n}, the chunks dask's {@code rechunk(..., balance=True)} makes of
 *       {@code int(size / n)}: regular chunks with the remainder last, then {@code
 *       _balance_chunksizes} (see {@link #balance}). Only the extents are used: nothing is
 *       rechunked.
 *   <li>The slice: the chunk containing the index, {@code [start, stop)}; an index in no chunk
 *       is HyperSpy's "Index out of signal range".
 * </ol>
 *
 * The navigator is {@code s.isig[slices].sum(signal axes).T}, computed: numpy's sum dtype, the
 * navigation axes (calibration kept) become signal axes, the metadata and {@code
 * original_metadata} are the signal's, with {@code sum_from} set to {@code str(slices)}, e.g.
 * {@code "[slice(2, 4, None), slice(0, 4, None)]"} (a string, as HyperSpy stores it).
 *
 * <p>Two deliberate differences, both on inputs HyperSpy mishandles: with three or more signal
 * axes HyperSpy only looks at the x and y index and always takes the first chunk along the other
 * axes (its search tests {@code index[0]} and {@code index[1]} only); here the chunk containing
 * the index is taken along every axis and every index is checked. And an index list whose length
 * is not 1 or the number of signal axes, a {@code chunks_number} outside {@code [1, size]} (a
 * {@code ZeroDivisionError} in HyperSpy) and a signal without navigation or signal axes fail
 * with an {@link IllegalArgumentException} naming the values.
 *
 * <p><b>Full navigator.</b> The sum over every signal axis at every navigation position, as one
 * {@link Pass} feeding one {@link ReductionAccumulator}: one read of the data, demand-driven,
 * progress through the options' listener. Same dtype, axes and metadata as {@code
 * compute_navigator}; {@code sum_from} records the whole signal space, which is what HyperSpy
 * records when the signal axes are one chunk each ({@code chunks_number=1}).
 *
 * <p><b>Shape rules</b> ({@link #fits}), those of HyperSpy 1.7.3's {@code plot} (its setter
 * stores anything): with {@code nav} this signal's navigation shape in natural order, a navigator
 * fits when its signal shape is {@code nav}, {@code nav[:2]} or {@code nav[:1]} (a static
 * navigator), or its navigation shape is one of those (HyperSpy transposes it when plotting), or
 * {@code nav} equals its signal shape followed by its navigation shape (a dynamic navigator).
 */
final class SignalNavigators {
  /** The {@code original_metadata} key where HyperSpy records the slices a navigator sums. */
  static final String SUM_FROM = "sum_from";

  private SignalNavigators() {}

  /** Blocks for {@code result}, refusing (before anything is read) on a non-blocking thread. */
  static Signal block(Mono<Signal> result, String method, String monoMethod) {
    if (Schedulers.isInNonBlockingThread()) {
      throw new IllegalStateException(
          method + "() blocks and cannot run on the non-blocking thread "
              + Thread.currentThread().getName() + "; use " + monoMethod + "(...) instead");
    }
    return result.block();
  }

  // ---------------------------------------------------------------------------- shape rules

  /** Whether {@code navigator} fits a signal with these axes (see the class comment). */
  static boolean fits(Axes axes, Signal navigator) {
    long[] nav = axes.navigationShape();
    if (nav.length == 0) return false;
    Axes n = navigator.axes();
    long[] sig = n.signalShape();
    long[] navOfNav = n.navigationShape();
    if (compatible(nav, sig) || compatible(nav, navOfNav)) return true;
    long[] dynamic = Arrays.copyOf(sig, sig.length + navOfNav.length);
    System.arraycopy(navOfNav, 0, dynamic, sig.length, navOfNav.length);
    return Arrays.equals(nav, dynamic);
  }

  /** HyperSpy's {@code is_shape_compatible}: equal, or the first two or the first extent. */
  private static boolean compatible(long[] nav, long[] shape) {
    return Arrays.equals(nav, shape)
        || (nav.length > 2 && Arrays.equals(Arrays.copyOf(nav, 2), shape))
        || (nav.length > 1 && Arrays.equals(Arrays.copyOf(nav, 1), shape));
  }

  /**
   * {@code navigator} without a navigator of its own, after checking that it fits {@code signal}.
   *
   * @throws IllegalArgumentException naming both signals and the shapes that would fit
   */
  static Signal checked(Signal signal, Signal navigator) {
    Objects.requireNonNull(navigator, "navigator");
    Axes axes = signal.axes();
    if (axes.navigationDimension() == 0) {
      throw new IllegalArgumentException(
          signal + " has no navigation axes, so it cannot carry a navigator (got " + navigator
              + ")");
    }
    if (!fits(axes, navigator)) {
      long[] nav = axes.navigationShape();
      StringBuilder shapes = new StringBuilder(tuple(nav));
      if (nav.length > 2) shapes.append(", ").append(tuple(Arrays.copyOf(nav, 2)));
      if (nav.length > 1) shapes.append(", ").append(tuple(Arrays.copyOf(nav, 1)));
      throw new IllegalArgumentException(
          "the navigator " + navigator + " does not fit the navigation shape " + tuple(nav) + " of "
              + signal + ": its signal shape (or its navigation shape) must be one of "
              + shapes + ", or its signal shape followed by its navigation shape must be "
              + tuple(nav) + " (natural order, x first)");
    }
    return navigator.withoutNavigator();
  }

  /** A Python tuple of extents: {@code (3, 4)}, {@code (3,)}, {@code ()}. */
  private static String tuple(long[] shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) b.append(", ");
      b.append(shape[i]);
    }
    if (shape.length == 1) b.append(',');
    return b.append(')').toString();
  }

  // ---------------------------------------------------------------------- compute_navigator

  /**
   * The lazy navigator of HyperSpy's {@code compute_navigator(index, chunks_number)}: the sum
   * over the signal-space slice {@link #chunkSlices} chooses, transposed, with {@code sum_from}.
   * {@code index} and {@code chunksNumber} are null (HyperSpy's None), one value for every
   * signal axis, or one per signal axis in natural order.
   */
  static Signal chunkNavigator(Signal signal, Index[] index, int[] chunksNumber) {
    requireAxes(signal, "computeNavigator");
    long[][] slices = chunkSlices(signal, index, chunksNumber);
    return sumOver(signal, slices);
  }

  /** The sum over {@code slices} (natural order, {start, stop}) of the signal axes, transposed. */
  private static Signal sumOver(Signal signal, long[][] slices) {
    Axes axes = signal.axes();
    Index[] ranges = new Index[slices.length];
    boolean whole = true;
    for (int k = 0; k < slices.length; k++) {
      ranges[k] = Index.range(slices[k][0], slices[k][1]);
      whole &= slices[k][0] == 0 && slices[k][1] == axes.signalAxes().get(k).size();
    }
    Signal part = whole ? signal : signal.isig(ranges);
    Signal nav = part.withoutNavigator().reduce(Reduction.SUM, AxisSet.SIGNAL).T();
    return nav.withOriginalMetadata(nav.originalMetadata().with(SUM_FROM, sumFrom(slices)));
  }

  /**
   * The {start, stop} index range along each signal axis (natural order) whose sum HyperSpy's
   * {@code compute_navigator(index, chunks_number)} takes.
   *
   * @throws IllegalArgumentException for a bad index or chunks number (see the class comment)
   */
  static long[][] chunkSlices(Signal signal, Index[] index, int[] chunksNumber) {
    Axes axes = signal.axes();
    int sigDim = axes.signalDimension();
    int navDim = axes.navigationDimension();
    checkCount(signal, "index", index == null ? -1 : index.length, sigDim);
    checkCount(signal, "chunks number", chunksNumber == null ? -1 : chunksNumber.length, sigDim);
    long[][] out = new long[sigDim][];
    for (int k = 0; k < sigDim; k++) {
      int arrayIndex = axes.arrayIndex(navDim + k);
      Axis axis = axes.axis(arrayIndex);
      String label = axes.axisRepr(arrayIndex);
      if (axis.size() == 0) {
        throw new IllegalArgumentException(
            label + " has no points: computeNavigator needs signal axes of at least one point");
      }
      long i = index == null ? centre(axis.size())
          : resolve(index.length == 1 ? index[0] : index[k], axis, label);
      int[] extents;
      if (chunksNumber == null) {
        extents = signal.data().grid().extents(arrayIndex);
      } else {
        int n = chunksNumber.length == 1 ? chunksNumber[0] : chunksNumber[k];
        if (n < 1 || n > axis.size()) {
          throw new IllegalArgumentException(
              "chunks number " + n + " for " + label + " of " + axis.size()
                  + " points must be in [1, " + axis.size()
                  + "]: the chunk size is int(size / n), which must be at least 1"
                  + " (HyperSpy fails with ZeroDivisionError)");
        }
        extents = balance(regular(axis.size(), axis.size() / n));
      }
      out[k] = containing(extents, i, label, axis.size());
    }
    return out;
  }

  private static void checkCount(Signal signal, String what, int given, int sigDim) {
    if (given >= 0 && given != 1 && given != sigDim) {
      throw new IllegalArgumentException(
          "computeNavigator got " + given + " values for the " + what + " of " + signal + " with "
              + sigDim + " signal axes: give one value (for every signal axis) or one per signal"
              + " axis, x first");
    }
  }

  /** Python's {@code round(size / 2)}: half to even. */
  static long centre(int size) {
    return (long) Math.rint(size / 2.0);
  }

  private static long resolve(Index sel, Axis axis, String label) {
    Objects.requireNonNull(sel, "index");
    switch (sel.kind()) {
      case INDEX -> {
        long i = sel.index();
        if (i < 0 || i >= axis.size()) {
          throw new IllegalArgumentException(
              "index " + i + " is out of the signal range of " + label + ": valid indices are [0, "
                  + axis.size() + ") (negative indices do not count from the end here, as in"
                  + " HyperSpy's compute_navigator)");
        }
        return i;
      }
      case VALUE -> {
        try {
          return axis.indexOf(sel.value());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
        }
      }
      default -> throw new IllegalArgumentException(
          "computeNavigator takes an integer index or a calibrated value per signal axis, not the"
              + " range " + sel + " (for " + label + ")");
    }
  }

  /** The [start, stop) of the chunk of {@code extents} that contains {@code index}. */
  private static long[] containing(int[] extents, long index, String label, int size) {
    long start = 0;
    for (int e : extents) {
      if (index >= start && index < start + e) return new long[] {start, start + e};
      start += e;
    }
    throw new IllegalArgumentException(
        "index " + index + " is out of the signal range [0, " + size + ") of " + label);
  }

  /** dask's regular chunks of {@code chunk} along {@code size}: the remainder last. */
  static int[] regular(int size, int chunk) {
    int full = size / chunk;
    int rest = size % chunk;
    int[] out = new int[full + (rest > 0 ? 1 : 0)];
    Arrays.fill(out, 0, full, chunk);
    if (rest > 0) out[full] = rest;
    return out;
  }

  /**
   * dask 2022.12's {@code _balance_chunksizes}: with {@code m} the median chunk size (numpy's
   * median, truncated to an integer) and {@code n} the number of chunks, less one when the
   * smallest chunk is at most half the largest, try every chunk size {@code c} in {@code
   * [m - m // 2, m + m // 2]} in increasing order; among those that make exactly {@code n} regular
   * chunks, take the first whose largest and smallest chunks differ least. When none does, the
   * chunks stay as they are (dask warns).
   */
  static int[] balance(int[] chunks) {
    int[] sorted = chunks.clone();
    Arrays.sort(sorted);
    int len = sorted.length;
    long median = len % 2 == 1 ? sorted[len / 2]
        : (long) Math.floor((sorted[len / 2 - 1] + (double) sorted[len / 2]) / 2);
    long total = 0;
    for (int c : chunks) total += c;
    int n = len;
    long eps = median / 2;
    if (2L * sorted[0] <= sorted[len - 1]) n--;
    int[] best = null;
    int bestDiff = Integer.MAX_VALUE;
    for (long c = median - eps; c <= median + eps; c++) {
      int[] candidate = regular((int) total, (int) c);
      if (candidate.length != n) continue;
      int diff = max(candidate) - min(candidate);
      if (diff < bestDiff) {
        best = candidate;
        bestDiff = diff;
      }
    }
    return best == null ? chunks : best;
  }

  private static int max(int[] v) {
    int m = v[0];
    for (int x : v) m = Math.max(m, x);
    return m;
  }

  private static int min(int[] v) {
    int m = v[0];
    for (int x : v) m = Math.min(m, x);
    return m;
  }

  /** Python's {@code str} of a list of slices: {@code [slice(2, 4, None), slice(0, 4, None)]}. */
  static String sumFrom(long[][] slices) {
    StringBuilder b = new StringBuilder("[");
    for (int k = 0; k < slices.length; k++) {
      if (k > 0) b.append(", ");
      b.append("slice(").append(slices[k][0]).append(", ").append(slices[k][1]).append(", None)");
    }
    return b.append(']').toString();
  }

  private static void requireAxes(Signal signal, String what) {
    Axes axes = signal.axes();
    if (axes.navigationDimension() == 0) {
      throw new IllegalArgumentException(
          what + ": " + signal + " has no navigation axes, so there is nothing to navigate");
    }
    if (axes.signalDimension() == 0) {
      throw new IllegalArgumentException(
          what + ": " + signal + " has no signal axes to sum over; its data is already"
              + " navigation-shaped (use s.T() as the navigator)");
    }
  }

  // ----------------------------------------------------------------------- full navigator

  /**
   * The full navigator as one {@link Pass} over the signal's data: the sum over every signal axis,
   * as a materialised signal (see the class comment). Built now (bad input and a plan over the
   * budget fail here); the data is read on subscription.
   */
  static Mono<Signal> fullNavigator(Signal signal, ExecOptions options) {
    Objects.requireNonNull(options, "options");
    requireAxes(signal, "computeFullNavigator");
    Axes axes = signal.axes();
    int navDim = axes.navigationDimension();
    int[] sigAxes = new int[axes.signalDimension()];
    long[][] whole = new long[sigAxes.length][];
    for (int k = 0; k < sigAxes.length; k++) {
      sigAxes[k] = navDim + k;
      whole[k] = new long[] {0, axes.signalAxes().get(k).size()};
    }
    // The lazy form gives the result's axes, dtype and metadata without reading anything.
    Signal shapeOf = sumOver(signal, whole);
    ReductionAccumulator sum = ReductionAccumulator.of(
        Reduction.SUM, signal.dtype(), signal.data().grid(), sigAxes, 0);
    Mono<List<Partial<?>>> pass = Pass.over(signal.data().node(), options).feed(sum).run();
    Shape navShape = Shape.of(Arrays.copyOf(axes.arrayShape(), navDim));
    return pass.map(results -> {
      Block values = (Block) results.get(0).value();
      Signal nav = Signal.of(MemoryArray.of(navShape, values), shapeOf.axes())
          .withMetadata(shapeOf.metadata())
          .withOriginalMetadata(shapeOf.originalMetadata());
      return signal.withNavigator(nav);
    });
  }
}
