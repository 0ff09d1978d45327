package org.hyperflux.core.signal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hyperflux.core.accumulate.HistogramAccumulator;
import org.hyperflux.core.accumulate.Reduction;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.BinaryOp;
import org.hyperflux.core.ops.LazyArray;
import reactor.core.publisher.Mono;

/**
 * A HyperSpy-style signal: n-dimensional data with calibrated {@link Axes} (navigation axes then
 * signal axes, in array order), a {@link Metadata} tree and the {@code original_metadata} read
 * from its file. The data is either <em>lazy</em> (a plan over sources, read on demand) or
 * <em>materialised</em> (a {@link MemoryArray}); either way it is reachable as a {@link LazyArray}
 * through {@link #data()}, so every lazy operation also works on a materialised signal.
 *
 * <p><b>Immutable.</b> A signal never changes: there are no setters and every operation returns a
 * new signal. Where HyperSpy mutates ({@code s.metadata.General.title = "scan"}, {@code
 * s.axes_manager[0].scale = 0.5}), write {@code s = s.withTitle("scan")} or {@code s =
 * s.withAxes(s.axes().with(0, s.axes().axis(0).withScale(0.5)))}. Axes are part of the value, so
 * a lazy result built from a signal can never observe a later change to another signal's axes.
 *
 * <p>The kind ({@link SignalKind}) and HyperSpy's string form derive from the axes:
 *
 * <pre>{@code
 * Signal s = Signal.of(data, 2).withTitle("scan");   // data of shape (128, 128, 256, 256)
 * s.toString();   // <LazySignal2D, title: scan, dimensions: (128, 128|256, 256)>
 * Signal roi = s.inav(Index.range(0, 64)).isig(Index.range(10.0, 50.0));
 * Signal image = roi.compute();                      // materialised, same axes and metadata
 * }</pre>
 *
 * <p><b>Indexing</b> ({@link #inav}, {@link #isig}) follows HyperSpy 1.7.3: selectors in natural
 * order (x first), integer or calibrated single indices remove their axis (except on a signal
 * with a single axis, where HyperSpy keeps it with size 1), calibrated floats are converted
 * exactly as HyperSpy's {@code value2index}, slices update the calibration ({@code offset =
 * value(start)}, {@code scale *= step}; non-uniform axes keep the selected values). Two
 * deliberate differences: an integer slice bound outside the axis is clipped as Python slices
 * are (HyperSpy 1.7.3 raises {@code IndexError} when the start of a slice of a uniform axis is
 * outside it, but clips on non-uniform axes), and removing every axis leaves a signal of rank 0
 * where HyperSpy adds a size-1 "Scalar" axis.
 *
 * <p><b>Operations</b> are lazy and follow HyperSpy 1.7.3: reductions ({@link #sum()},
 * {@code mean}, {@code min}, {@code max}, {@code std}, {@code var} and their {@code nan} forms)
 * over the navigation axes by default or over an {@link AxisSet}, removing the reduced axes;
 * {@link #indexmax(int)}, {@code indexmin}, {@code valuemax} and {@code valuemin} along one axis;
 * arithmetic with Python-like scalars and with other signals (HyperSpy's navigation/signal
 * broadcasting, the left operand's metadata); {@link #changeDtype}; reshaping the
 * navigation/signal split ({@link #T()}, {@code transpose}, {@code asSignal1D},
 * {@code asSignal2D}); {@code diff} and {@code integrate1D} (Simpson's rule, as HyperSpy's
 * {@code integrate_simpson}); {@code rebin} by integer factors; {@link #map} of a function
 * over every signal; {@code rechunk}; and joining signals with {@link #stack(List)}.
 *
 * <p><b>Navigator.</b> A signal may carry a navigator (HyperSpy's {@code s.navigator}), part of
 * its value: {@link #computeNavigator()} (HyperSpy's {@code compute_navigator}, the sum over one
 * signal-space chunk) and {@link #computeFullNavigator(ExecOptions)} (the sum over the whole
 * signal space in one streaming pass) return the signal with it set; {@link #withNavigator}
 * sets one. It is kept by what leaves the data and the navigation space as they are ({@code
 * withTitle}, {@code withMetadata}, {@code withOriginalMetadata}, {@code withAxes} while it still
 * fits, {@code asLazy}, {@code compute}) and dropped by every operation that makes new data, as
 * HyperSpy's {@code _deepcopy_with_new_data} drops it.
 *
 * <p><b>Data-dependent results</b> are terminal and computed in passes over the data, each with
 * a {@code Mono} form: {@link #histogram(HistogramBins)} (a number of bins, edges, or HyperSpy's
 * {@code fd}/{@code scott} rules from exact statistics) and {@link #summaryStatistics()} (mean,
 * std, min, exact quartiles, max).
 */
public final class Signal {
  private final LazyArray data;
  private final MemoryArray memory;
  private final Axes axes;
  private final Metadata metadata;
  private final Metadata originalMetadata;
  /** HyperSpy's {@code s.navigator}; null when none is set. Kept only where documented. */
  private final Signal navigator;

  private Signal(
      LazyArray data, MemoryArray memory, Axes axes, Metadata metadata, Metadata originalMetadata) {
    this(data, memory, axes, metadata, originalMetadata, null);
  }

  private Signal(LazyArray data, MemoryArray memory, Axes axes, Metadata metadata,
      Metadata originalMetadata, Signal navigator) {
    this.navigator = navigator;
    this.data = Objects.requireNonNull(data, "data");
    this.memory = memory;
    this.axes = Objects.requireNonNull(axes, "axes");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.originalMetadata = Objects.requireNonNull(originalMetadata, "originalMetadata");
    long[] shape = data.shape().dims();
    if (!Arrays.equals(shape, axes.arrayShape())) {
      throw new IllegalArgumentException(
          "data shape " + Arrays.toString(shape) + " does not match the axes' array shape "
              + Arrays.toString(axes.arrayShape()) + " (" + axes.dimensionsString()
              + " in natural order)");
    }
  }

  /**
   * A lazy signal over {@code data} with {@code axes}; empty metadata.
   *
   * @throws IllegalArgumentException if the axes' array shape differs from the data's shape
   */
  public static Signal lazy(LazyArray data, Axes axes) {
    return new Signal(data, null, axes, Metadata.empty(), Metadata.empty());
  }

  /**
   * A lazy signal over {@code data} whose last {@code signalDimension} array axes are signal
   * axes, with HyperSpy's default calibration ({@link Axes#uniform}); empty metadata.
   *
   * @throws IllegalArgumentException if signalDimension is outside {@code [0, rank]}
   */
  public static Signal of(LazyArray data, int signalDimension) {
    return lazy(data, Axes.uniform(data.shape().dims(), signalDimension));
  }

  /**
   * A materialised signal holding {@code data} in memory; empty metadata.
   *
   * @throws IllegalArgumentException if the axes' array shape differs from the data's shape
   */
  public static Signal of(MemoryArray data, Axes axes) {
    return new Signal(LazyArray.of(data), data, axes, Metadata.empty(), Metadata.empty());
  }

  /** A materialised signal with default axes, as {@link #of(LazyArray, int)}. */
  public static Signal of(MemoryArray data, int signalDimension) {
    return of(data, Axes.uniform(data.shape().dims(), signalDimension));
  }

  /**
   * HyperSpy's {@code hs.stack(signals)}: the signals, of equal navigation and signal shapes,
   * stacked along a new navigation axis {@code stack_element} (array index 0, the last navigation
   * axis in natural order; scale 1, offset 0); dtypes promote as numpy's. Metadata from the first
   * signal, titled {@code "Stack of <title>"}, with HyperSpy's {@code Stacking_history} and
   * {@code original_metadata.stack_elements}; a list of one signal returns it. Lazy: nothing is
   * read, the chunking follows the inputs'. Unlike HyperSpy, axes of size 1 are not broadcast and
   * the result is always lazy.
   *
   * <pre>{@code Signal series = Signal.stack(List.of(a, b, c));   // (x, y|e) three times -> (x, y, 3|e)}</pre>
   *
   * @throws IllegalArgumentException for an empty list, or a signal whose navigation or signal
   *     dimension or shape differs from the first's (the message names its index and both shapes)
   */
  public static Signal stack(List<Signal> signals) {
    return SignalStacking.stack(signals);
  }

  /**
   * HyperSpy's {@code hs.stack(signals, axis=axis)} (numpy's {@code concatenate}): the signals
   * joined along the existing axis at natural index {@code axis} (navigation x first, then signal
   * axes; negative from the end), on which their sizes may differ; every other axis must match.
   * The joined axis is the first signal's, grown to the total size (a non-uniform axis gets the
   * values of all signals in turn, which must stay monotonic). Metadata as {@link #stack(List)};
   * lazy. Unlike HyperSpy, which keeps the calibration of the signal longest along the axis, the
   * first signal's calibration is kept, as HyperSpy documents.
   *
   * @throws IllegalArgumentException for an empty list, an axis index out of range, or a signal
   *     that differs from the first on another axis (the message names its index and both shapes)
   */
  public static Signal stack(List<Signal> signals, int axis) {
    return SignalStacking.stack(signals, axis);
  }

  /** {@link #stack(List, int)} with the axis given by name (as found on the first signal). */
  public static Signal stack(List<Signal> signals, String axis) {
    return SignalStacking.stack(signals, axis);
  }

  // ------------------------------------------------------------------------------ accessors

  /** The data as a lazy array (for a materialised signal, a lazy view of its memory). */
  public LazyArray data() {
    return data;
  }

  /** The in-memory data of a materialised signal; empty for a lazy one. */
  public Optional<MemoryArray> memory() {
    return Optional.ofNullable(memory);
  }

  /** Whether the data is lazy (false: materialised in memory). */
  public boolean isLazy() {
    return memory == null;
  }

  /** The axes (array order = data order). */
  public Axes axes() {
    return axes;
  }

  /** The metadata tree (HyperSpy's {@code metadata}). */
  public Metadata metadata() {
    return metadata;
  }

  /** HyperSpy's {@code original_metadata}: what the file said, unchanged. */
  public Metadata originalMetadata() {
    return originalMetadata;
  }

  /** {@code General.title}, {@code ""} when unset. */
  public String title() {
    return metadata.title();
  }

  /** The element type. */
  public DType dtype() {
    return data.dtype();
  }

  /** The kind derived from the number of signal axes. */
  public SignalKind kind() {
    return SignalKind.of(axes.signalDimension());
  }

  /**
   * HyperSpy's {@code s.navigator}: the navigator this signal carries, empty when none is set
   * (see {@link #withNavigator}). Reads nothing.
   */
  public Optional<Signal> navigator() {
    return Optional.ofNullable(navigator);
  }

  // ------------------------------------------------------------------------------ new values

  /** This signal with another metadata tree (HyperSpy: assigning to {@code s.metadata}). */
  public Signal withMetadata(Metadata metadata) {
    return new Signal(data, memory, axes, metadata, originalMetadata, navigator);
  }

  /** This signal with another {@code original_metadata}. */
  public Signal withOriginalMetadata(Metadata originalMetadata) {
    return new Signal(data, memory, axes, metadata, originalMetadata, navigator);
  }

  /**
   * This signal titled {@code title}: write {@code s = s.withTitle("scan")} where HyperSpy has
   * {@code s.metadata.General.title = "scan"} (there is no {@code setTitle}).
   */
  public Signal withTitle(String title) {
    return withMetadata(metadata.withTitle(title));
  }

  /**
   * This signal with other axes of the same array shape (calibration, names, units). The
   * navigator is kept while it still fits the new navigation shape and dropped otherwise.
   *
   * @throws IllegalArgumentException if the array shape differs from the data's
   */
  public Signal withAxes(Axes axes) {
    Signal nav = navigator != null && SignalNavigators.fits(axes, navigator) ? navigator : null;
    return new Signal(data, memory, axes, metadata, originalMetadata, nav);
  }

  /** A lazy signal over new data and axes with this signal's metadata (for the operation helpers). */
  Signal derived(LazyArray newData, Axes newAxes) {
    return new Signal(newData, null, newAxes, metadata, originalMetadata);
  }

  /**
   * This signal's data (still materialised when it is) under other axes of the same array shape,
   * with this signal's metadata and without its navigator (for the helpers that only move the
   * navigation/signal split or recalibrate, such as {@code SignalReshaping}).
   */
  Signal relabelled(Axes newAxes) {
    return new Signal(data, memory, newAxes, metadata, originalMetadata);
  }

  // ------------------------------------------------------------------------------ execution

  /**
   * A lazy signal over the same data (itself when lazy), as HyperSpy's {@code as_lazy()}; the
   * navigator is kept.
   */
  public Signal asLazy() {
    return isLazy() ? this : new Signal(data, null, axes, metadata, originalMetadata, navigator);
  }

  /**
   * The materialised signal, same axes, metadata and navigator; a materialised signal returns
   * itself. Blocks; fails on a non-blocking thread (use {@link #computeMono}) and before reading
   * when the result exceeds the budget of {@code options} (progress goes to its listener).
   */
  public Signal compute(ExecOptions options) {
    if (!isLazy()) return this;
    return materialised(data.compute(options));
  }

  /** {@link #compute(ExecOptions)} with {@link ExecOptions#defaults()}. */
  public Signal compute() {
    return compute(ExecOptions.defaults());
  }

  /** The non-blocking form of {@link #compute(ExecOptions)}. */
  public Mono<Signal> computeMono(ExecOptions options) {
    if (!isLazy()) return Mono.just(this);
    return data.computeMono(options).map(this::materialised);
  }

  private Signal materialised(MemoryArray m) {
    return new Signal(LazyArray.of(m), m, axes, metadata, originalMetadata, navigator);
  }

  // ------------------------------------------------------------------------------ indexing

  /**
   * HyperSpy's {@code s.inav[...]}: one selector per navigation axis in natural order (x first);
   * missing trailing selectors keep their axes whole. Lazy: nothing is read.
   *
   * @throws IllegalArgumentException for more selectors than navigation axes, or an index or
   *     value outside its axis (the message names the axis, the value and the valid range)
   */
  public Signal inav(Index... selectors) {
    return SignalIndexing.index(this, true, selectors);
  }

  /** {@link #inav(Index...)} with integer indices ({@code s.inav[3, 4]}). */
  public Signal inav(long... indices) {
    return inav(ofIndices(indices));
  }

  /** {@link #inav(Index...)} with calibrated values ({@code s.inav[1.5, 2.0]}). */
  public Signal inav(double... values) {
    return inav(ofValues(values));
  }

  /**
   * HyperSpy's {@code s.isig[...]}: one selector per signal axis in natural order (x first); as
   * {@link #inav(Index...)} otherwise.
   */
  public Signal isig(Index... selectors) {
    return SignalIndexing.index(this, false, selectors);
  }

  /** {@link #isig(Index...)} with integer indices ({@code s.isig[3]}). */
  public Signal isig(long... indices) {
    return isig(ofIndices(indices));
  }

  /** {@link #isig(Index...)} with calibrated values ({@code s.isig[1.5]}). */
  public Signal isig(double... values) {
    return isig(ofValues(values));
  }

  private static Index[] ofIndices(long[] indices) {
    Index[] out = new Index[indices.length];
    for (int i = 0; i < out.length; i++) out[i] = Index.of(indices[i]);
    return out;
  }

  private static Index[] ofValues(double[] values) {
    Index[] out = new Index[values.length];
    for (int i = 0; i < out.length; i++) out[i] = Index.at(values[i]);
    return out;
  }

  // ------------------------------------------------------------------------------ reductions

  /**
   * A lazy reduction over the axes {@code over} selects, as HyperSpy 1.7.3's {@code
   * _apply_function_on_data_and_remove_axis}: the selected axes are removed and every other axis
   * keeps its calibration and its navigate flag (summing every signal axis of a Signal2D leaves a
   * {@code BaseSignal} with navigation axes only, {@code (4, 3|)}; nothing is transposed), the
   * metadata and {@code original_metadata} are kept, and the dtype is numpy's ({@code uint16} sum
   * → {@code uint64}, mean/std/var of integers → {@code float64}, {@code float32} stays {@code
   * float32}, min/max keep the dtype). std and var use ddof 0 as HyperSpy. Reducing every axis
   * leaves a signal of rank 0 where HyperSpy adds a size-1 "Scalar" axis.
   *
   * @throws IllegalArgumentException for an unknown axis name, an index outside its group, an
   *     axis selected twice or an empty selection (HyperSpy returns the signal unchanged there)
   */
  public Signal reduce(Reduction reduction, AxisSet over) {
    return SignalReductions.reduce(this, reduction, over);
  }

  /** The sum over the navigation axes (HyperSpy's {@code s.sum()}); see {@link #reduce}. */
  public Signal sum() {
    return reduce(Reduction.SUM, AxisSet.NAVIGATION);
  }

  /** The sum over {@code over}; see {@link #reduce}. */
  public Signal sum(AxisSet over) {
    return reduce(Reduction.SUM, over);
  }

  /** The sum over the named axes ({@code s.sum("x", "y")}); see {@link #reduce}. */
  public Signal sum(String axis, String... more) {
    return reduce(Reduction.SUM, SignalReductions.named(axis, more));
  }

  /** The mean over the navigation axes; see {@link #reduce}. */
  public Signal mean() {
    return reduce(Reduction.MEAN, AxisSet.NAVIGATION);
  }

  /** The mean over {@code over}; see {@link #reduce}. */
  public Signal mean(AxisSet over) {
    return reduce(Reduction.MEAN, over);
  }

  /** The mean over the named axes; see {@link #reduce}. */
  public Signal mean(String axis, String... more) {
    return reduce(Reduction.MEAN, SignalReductions.named(axis, more));
  }

  /** The minimum over the navigation axes (NaN propagates); see {@link #reduce}. */
  public Signal min() {
    return reduce(Reduction.MIN, AxisSet.NAVIGATION);
  }

  /** The minimum over {@code over}; see {@link #reduce}. */
  public Signal min(AxisSet over) {
    return reduce(Reduction.MIN, over);
  }

  /** The minimum over the named axes; see {@link #reduce}. */
  public Signal min(String axis, String... more) {
    return reduce(Reduction.MIN, SignalReductions.named(axis, more));
  }

  /** The maximum over the navigation axes (NaN propagates); see {@link #reduce}. */
  public Signal max() {
    return reduce(Reduction.MAX, AxisSet.NAVIGATION);
  }

  /** The maximum over {@code over}; see {@link #reduce}. */
  public Signal max(AxisSet over) {
    return reduce(Reduction.MAX, over);
  }

  /** The maximum over the named axes; see {@link #reduce}. */
  public Signal max(String axis, String... more) {
    return reduce(Reduction.MAX, SignalReductions.named(axis, more));
  }

  /** The standard deviation (ddof 0) over the navigation axes; see {@link #reduce}. */
  public Signal std() {
    return reduce(Reduction.STD, AxisSet.NAVIGATION);
  }

  /** The standard deviation (ddof 0) over {@code over}; see {@link #reduce}. */
  public Signal std(AxisSet over) {
    return reduce(Reduction.STD, over);
  }

  /** The standard deviation (ddof 0) over the named axes; see {@link #reduce}. */
  public Signal std(String axis, String... more) {
    return reduce(Reduction.STD, SignalReductions.named(axis, more));
  }

  /** The variance (ddof 0) over the navigation axes; see {@link #reduce}. */
  public Signal var() {
    return reduce(Reduction.VAR, AxisSet.NAVIGATION);
  }

  /** The variance (ddof 0) over {@code over}; see {@link #reduce}. */
  public Signal var(AxisSet over) {
    return reduce(Reduction.VAR, over);
  }

  /** The variance (ddof 0) over the named axes; see {@link #reduce}. */
  public Signal var(String axis, String... more) {
    return reduce(Reduction.VAR, SignalReductions.named(axis, more));
  }

  /** The sum ignoring NaN over the navigation axes; see {@link #reduce}. */
  public Signal nansum() {
    return reduce(Reduction.NANSUM, AxisSet.NAVIGATION);
  }

  /** The sum ignoring NaN over {@code over}; see {@link #reduce}. */
  public Signal nansum(AxisSet over) {
    return reduce(Reduction.NANSUM, over);
  }

  /** The sum ignoring NaN over the named axes; see {@link #reduce}. */
  public Signal nansum(String axis, String... more) {
    return reduce(Reduction.NANSUM, SignalReductions.named(axis, more));
  }

  /** The mean ignoring NaN over the navigation axes; see {@link #reduce}. */
  public Signal nanmean() {
    return reduce(Reduction.NANMEAN, AxisSet.NAVIGATION);
  }

  /** The mean ignoring NaN over {@code over}; see {@link #reduce}. */
  public Signal nanmean(AxisSet over) {
    return reduce(Reduction.NANMEAN, over);
  }

  /** The mean ignoring NaN over the named axes; see {@link #reduce}. */
  public Signal nanmean(String axis, String... more) {
    return reduce(Reduction.NANMEAN, SignalReductions.named(axis, more));
  }

  /** The minimum ignoring NaN over the navigation axes; see {@link #reduce}. */
  public Signal nanmin() {
    return reduce(Reduction.NANMIN, AxisSet.NAVIGATION);
  }

  /** The minimum ignoring NaN over {@code over}; see {@link #reduce}. */
  public Signal nanmin(AxisSet over) {
    return reduce(Reduction.NANMIN, over);
  }

  /** The minimum ignoring NaN over the named axes; see {@link #reduce}. */
  public Signal nanmin(String axis, String... more) {
    return reduce(Reduction.NANMIN, SignalReductions.named(axis, more));
  }

  /** The maximum ignoring NaN over the navigation axes; see {@link #reduce}. */
  public Signal nanmax() {
    return reduce(Reduction.NANMAX, AxisSet.NAVIGATION);
  }

  /** The maximum ignoring NaN over {@code over}; see {@link #reduce}. */
  public Signal nanmax(AxisSet over) {
    return reduce(Reduction.NANMAX, over);
  }

  /** The maximum ignoring NaN over the named axes; see {@link #reduce}. */
  public Signal nanmax(String axis, String... more) {
    return reduce(Reduction.NANMAX, SignalReductions.named(axis, more));
  }

  /** The standard deviation (ddof 0) ignoring NaN over the navigation axes; see {@link #reduce}. */
  public Signal nanstd() {
    return reduce(Reduction.NANSTD, AxisSet.NAVIGATION);
  }

  /** The standard deviation (ddof 0) ignoring NaN over {@code over}; see {@link #reduce}. */
  public Signal nanstd(AxisSet over) {
    return reduce(Reduction.NANSTD, over);
  }

  /** The standard deviation (ddof 0) ignoring NaN over the named axes; see {@link #reduce}. */
  public Signal nanstd(String axis, String... more) {
    return reduce(Reduction.NANSTD, SignalReductions.named(axis, more));
  }

  /** The variance (ddof 0) ignoring NaN over the navigation axes; see {@link #reduce}. */
  public Signal nanvar() {
    return reduce(Reduction.NANVAR, AxisSet.NAVIGATION);
  }

  /** The variance (ddof 0) ignoring NaN over {@code over}; see {@link #reduce}. */
  public Signal nanvar(AxisSet over) {
    return reduce(Reduction.NANVAR, over);
  }

  /** The variance (ddof 0) ignoring NaN over the named axes; see {@link #reduce}. */
  public Signal nanvar(String axis, String... more) {
    return reduce(Reduction.NANVAR, SignalReductions.named(axis, more));
  }

  /**
   * HyperSpy's {@code indexmax(axis)}, lazy: the int64 index of the maximum along the axis at
   * natural index {@code axis} (navigation x first; negative counts from the end), the first one
   * on ties and the first NaN where a line holds NaN (numpy's {@code argmax}). The axis is
   * removed as a reduction removes it ({@code (4, 3|5)} over the signal axis gives {@code (4,
   * 3|)}), metadata is kept, and the chunk grid is this signal's with the axis removed. Nothing
   * is read until the result is computed.
   *
   * @throws IllegalArgumentException for an index outside the axes or an empty axis
   */
  public Signal indexmax(int axis) {
    return SignalArgReductions.index(this, SignalArgReductions.arrayIndex(this, axis), true);
  }

  /**
   * {@link #indexmax(int)} with the axis given by name.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the axes) or an
   *     empty axis
   */
  public Signal indexmax(String axis) {
    return SignalArgReductions.index(this, SignalArgReductions.arrayIndex(this, axis), true);
  }

  /**
   * HyperSpy's {@code indexmin(axis)}, lazy: as {@link #indexmax(int)} for the minimum (numpy's
   * {@code argmin}: the first minimum, or the first NaN).
   *
   * @throws IllegalArgumentException for an index outside the axes or an empty axis
   */
  public Signal indexmin(int axis) {
    return SignalArgReductions.index(this, SignalArgReductions.arrayIndex(this, axis), false);
  }

  /**
   * {@link #indexmin(int)} with the axis given by name.
   *
   * @throws IllegalArgumentException for an unknown name or an empty axis
   */
  public Signal indexmin(String axis) {
    return SignalArgReductions.index(this, SignalArgReductions.arrayIndex(this, axis), false);
  }

  /**
   * HyperSpy's {@code valuemax(axis)}, lazy: the calibrated coordinate, float64, of the maximum
   * along the axis at natural index {@code axis}: the axis value at {@link #indexmax(int)}'s
   * index ({@code offset + scale * index} on a uniform axis, the explicit value on a non-uniform
   * one; HyperSpy's {@code index2value}). Axes and metadata as {@link #indexmax(int)}.
   *
   * @throws IllegalArgumentException for an index outside the axes or an empty axis
   */
  public Signal valuemax(int axis) {
    return SignalArgReductions.value(this, SignalArgReductions.arrayIndex(this, axis), true);
  }

  /**
   * {@link #valuemax(int)} with the axis given by name.
   *
   * @throws IllegalArgumentException for an unknown name or an empty axis
   */
  public Signal valuemax(String axis) {
    return SignalArgReductions.value(this, SignalArgReductions.arrayIndex(this, axis), true);
  }

  /**
   * HyperSpy's {@code valuemin(axis)}, lazy: the axis value, float64, at {@link #indexmin(int)}'s
   * index; see {@link #valuemax(int)}.
   *
   * @throws IllegalArgumentException for an index outside the axes or an empty axis
   */
  public Signal valuemin(int axis) {
    return SignalArgReductions.value(this, SignalArgReductions.arrayIndex(this, axis), false);
  }

  /**
   * {@link #valuemin(int)} with the axis given by name.
   *
   * @throws IllegalArgumentException for an unknown name or an empty axis
   */
  public Signal valuemin(String axis) {
    return SignalArgReductions.value(this, SignalArgReductions.arrayIndex(this, axis), false);
  }

  // ------------------------------------------------------------------------------ arithmetic

  private Signal withData(LazyArray newData) {
    return derived(newData, axes);
  }

  /** {@code s + value}, lazy, with a Python int's value-based casting (uint16 + 1 is uint16). */
  public Signal add(long value) {
    return withData(data.add(value));
  }

  /** {@code s + value}, lazy; a Python float's casting ({@code float32} stays float32). */
  public Signal add(double value) {
    return withData(data.add(value));
  }

  /** {@code s - value}, lazy; integers wrap as numpy's ({@code uint16 0 - 1 = 65535}). */
  public Signal subtract(long value) {
    return withData(data.subtract(value));
  }

  /** {@code s - value}, lazy, with a Python float's casting. */
  public Signal subtract(double value) {
    return withData(data.subtract(value));
  }

  /** {@code s * value}, lazy, with a Python int's value-based casting. */
  public Signal multiply(long value) {
    return withData(data.multiply(value));
  }

  /** {@code s * value}, lazy; integer signals become float64. */
  public Signal multiply(double value) {
    return withData(data.multiply(value));
  }

  /** {@code s / value}: true division, lazy; integer signals become float64. */
  public Signal divide(long value) {
    return withData(data.divide(value));
  }

  /** {@code s / value}: true division, lazy; float32 signals stay float32. */
  public Signal divide(double value) {
    return withData(data.divide(value));
  }

  /** {@code s + other} with HyperSpy's signal broadcasting; see {@link #binary}. */
  public Signal add(Signal other) {
    return binary(BinaryOp.ADD, other);
  }

  /** {@code s - other} with HyperSpy's signal broadcasting; see {@link #binary}. */
  public Signal subtract(Signal other) {
    return binary(BinaryOp.SUBTRACT, other);
  }

  /** {@code s * other} with HyperSpy's signal broadcasting; see {@link #binary}. */
  public Signal multiply(Signal other) {
    return binary(BinaryOp.MULTIPLY, other);
  }

  /** {@code s / other} (true division) with HyperSpy's signal broadcasting; see {@link #binary}. */
  public Signal divide(Signal other) {
    return binary(BinaryOp.DIVIDE, other);
  }

  /**
   * A lazy elementwise operation between two signals with HyperSpy 1.7.3's rules ({@code
   * BaseSignal._binary_operator_ruler} and {@code broadcast_signals}): navigation and signal
   * spaces broadcast separately, each with numpy's rules on the natural-order shapes aligned at
   * x (equal extents, or one of them 1 or missing). The result's axis at each natural position is
   * the longer of the two (on a tie, this signal's), so {@code pattern - scan} of a navigation-less
   * pattern has the scan's navigation axes; the metadata is this signal's. Dtypes promote as
   * numpy's ({@code uint16 - uint16} wraps and stays uint16). HyperSpy only warns when the
   * calibrations of aligned axes differ; so does this (silently: the longer axis wins).
   *
   * @throws IllegalArgumentException if the spaces cannot be broadcast (HyperSpy's "Invalid
   *     dimensions for this operation"); the message gives both signals' dimensions
   */
  public Signal binary(BinaryOp op, Signal other) {
    return SignalArithmetic.binary(this, op, other);
  }

  /**
   * HyperSpy's {@code change_dtype} for numeric dtypes, lazy and returning a new signal (HyperSpy
   * changes the signal in place): numpy's {@code astype} with unsafe casting (floats truncate
   * toward zero, integers wrap, NaN to an integer gives the platform's value as numpy on x86-64).
   * Axes and metadata are kept.
   */
  public Signal changeDtype(DType dtype) {
    return withData(data.astype(Objects.requireNonNull(dtype, "dtype")));
  }

  // ------------------------------------------------------------------------------ map

  /**
   * HyperSpy's {@code map(function, inplace=False, output_signal_size=..., output_dtype=...)},
   * lazy: {@code function} runs on the signal of every navigation position and writes an output
   * signal of {@code outputSignalShape} (natural order, x first; empty for a scalar) and
   * {@code outputDtype}. Nothing is read until the result is computed; then the function runs
   * on the CPU threads, concurrently for different navigation chunks (see {@link SignalFunction}
   * for its arguments and thread-safety), and an exception it throws ends the stream in a
   * {@link SignalFunctionException} naming the navigation index.
   *
   * <p>The result has HyperSpy's axes: the navigation axes unchanged; the signal axes unchanged
   * when the output has the input's signal shape; otherwise the first signal axes in natural
   * order are kept (calibration, name and units, with the output's sizes), missing dimensions
   * are added as default axes that become the first in natural order, and a scalar output has
   * no signal axes. So {@code (4, 3|6, 5)} mapped to a profile of shape {@code (3)} is
   * {@code (4, 3|3)} with the kx axis's calibration, and {@code (4, 3|7)} mapped to an image of
   * shape {@code (3, 2)} is {@code (4, 3|3, 2)} whose y axis is the old signal axis. The
   * metadata is kept. The chunking is never changed: the output's chunks are the input's
   * navigation chunks with whole output signals, and where the input's chunks split the signal
   * axes each navigation chunk's signals are assembled whole.
   *
   * <pre>{@code
   * Signal profiles = frames.map((frame, index, out) -> {   // (64, 64|256, 256) uint16 frames
   *   short[] a = (short[]) frame.array();
   *   for (int row = 0; row < 256; row++) {               // the column sums: a (256) profile
   *     for (int col = 0; col < 256; col++) {
   *       out.setDouble(col, out.getDouble(col) + (a[frame.offset() + row * 256 + col] & 0xFFFF));
   *     }
   *   }
   * }, new long[] {256}, DType.FLOAT64);                    // (64, 64|256) float64, lazy
   * }</pre>
   *
   * <p>The budget of {@link ExecOptions#defaults()} is checked now for one navigation position;
   * pass the execution's options to check against its budget.
   *
   * @throws IllegalArgumentException if the function, shape or dtype is null, an extent is
   *     negative or above {@link Integer#MAX_VALUE}, one signal or a navigation chunk of whole
   *     signals is too large for one block, or ({@link org.hyperflux.core.exec.PlanException})
   *     one navigation position does not fit the budget
   */
  public Signal map(SignalFunction function, long[] outputSignalShape, DType outputDtype) {
    return SignalMap.map(this, function, outputSignalShape, outputDtype, ExecOptions.defaults());
  }

  /**
   * {@link #map(SignalFunction, long[], DType)} checking that one navigation position fits the
   * budget of {@code options}.
   */
  public Signal map(SignalFunction function, long[] outputSignalShape, DType outputDtype,
      ExecOptions options) {
    return SignalMap.map(this, function, outputSignalShape, outputDtype, options);
  }

  /**
   * HyperSpy's {@code map(function, inplace=False)} without a declared output: the output
   * signal shape and dtype are inferred from the {@link SignalMapper.Output} the mapper returns
   * for the first signal (navigation index all zeros), as HyperSpy's {@code
   * guess_output_signal_size}. <b>This reads data at build time</b>, bounded: the storage chunks
   * of that one signal, once, blocking (it fails on a non-blocking thread; declare the output
   * there with {@link #map(SignalFunction, long[], DType)}). The rest is lazy and as that
   * method; every later output must have the first one's shape and dtype, or the stream ends in
   * a {@link SignalFunctionException} naming the position. The mapper's output is copied into
   * the result; the declared form, which writes in place, is faster.
   *
   * <pre>{@code
   * Signal firstThree = spectra.map(SignalMapper.ofDoubles((s, index) -> Arrays.copyOf(s, 3)));
   * }</pre>
   *
   * @throws IllegalArgumentException if the mapper is null, the signal has no navigation
   *     positions (nothing to infer from), the mapper throws or returns null for the first
   *     signal (the message names the position and the cause is kept), or as {@link
   *     #map(SignalFunction, long[], DType)}
   */
  public Signal map(SignalMapper mapper) {
    return SignalMap.map(this, mapper, ExecOptions.defaults());
  }

  /** {@link #map(SignalMapper)} reading the first signal with {@code options}, whose budget is checked. */
  public Signal map(SignalMapper mapper, ExecOptions options) {
    return SignalMap.map(this, mapper, options);
  }

  // ------------------------------------------------------------------------------ reshaping

  /**
   * HyperSpy's {@code s.T}: navigation and signal spaces swapped ({@code transpose()} without
   * arguments). The signal axes, in natural order, become the navigation axes and vice versa:
   * {@code (4, 3|6, 5)} becomes {@code (6, 5|4, 3)}. Lazy: the data is a transposed view.
   */
  public Signal T() {
    return SignalReshaping.swapSpaces(this);
  }

  /**
   * HyperSpy's {@code transpose(signal_axes=n)}: the last {@code n} axes in array order become
   * the signal axes and the others the navigation axes, the array order unchanged (only the
   * navigate flags move): {@code (4, 3|6, 5).transpose(1)} is {@code (5, 4, 3|6)}.
   *
   * @throws IllegalArgumentException if n is negative or above the rank
   */
  public Signal transpose(int signalAxes) {
    return SignalReshaping.withSignalDimension(this, signalAxes);
  }

  /**
   * HyperSpy's {@code transpose(navigation_axes=n)}: the first {@code n} axes in array order
   * become the navigation axes and the others the signal axes, the array order unchanged.
   *
   * @throws IllegalArgumentException if n is negative or above the rank
   */
  public Signal transposeNavigation(int navigationAxes) {
    return SignalReshaping.withNavigationDimension(this, navigationAxes);
  }

  /**
   * HyperSpy's {@code transpose(signal_axes=[...], navigation_axes=[...])} with axes given by
   * natural index over all axes (navigation x first; negative indices count from the end as
   * Python's). Each list is in natural order, x first, and becomes that space in that order.
   * With {@code navigationAxes} null, the remaining axes become the navigation axes and keep
   * their relative array order (HyperSpy's "floating" space); with {@code signalAxes} null, the
   * remaining axes become the signal axes likewise. Lazy: the data is a transposed view (never
   * rechunked).
   *
   * @throws IllegalArgumentException if both lists are null, an index is out of range, an axis
   *     is named twice, or with both lists given, an axis is in neither
   */
  public Signal transpose(int[] signalAxes, int[] navigationAxes) {
    return SignalReshaping.transpose(this, signalAxes, navigationAxes);
  }

  /** {@link #transpose(int[], int[])} with axes given by name. */
  public Signal transpose(String[] signalAxes, String[] navigationAxes) {
    return SignalReshaping.transpose(this, signalAxes, navigationAxes);
  }

  /**
   * HyperSpy's {@code as_signal1D(spectral_axis)}: {@code transpose(signal_axes=[axis])}; the
   * axis at natural index {@code spectralAxis} becomes the only signal axis and the others the
   * navigation axes in their array order: {@code (4, 3|6, 5).asSignal1D(0)} is {@code (6, 5,
   * 3|4)}.
   *
   * @throws IllegalArgumentException if the index is outside the axes
   */
  public Signal asSignal1D(int spectralAxis) {
    return transpose(new int[] {spectralAxis}, null);
  }

  /** {@link #asSignal1D(int)} with the axis given by name. */
  public Signal asSignal1D(String spectralAxis) {
    return transpose(new String[] {spectralAxis}, null);
  }

  /**
   * HyperSpy's {@code as_signal2D((x, y))}: {@code transpose(signal_axes=[x, y])}; the two axes
   * (natural indices) become the signal x and y axes, the others the navigation axes in their
   * array order.
   *
   * @throws IllegalArgumentException for a signal of rank below 2 (HyperSpy's
   *     DataDimensionError), an index outside the axes or the same axis twice
   */
  public Signal asSignal2D(int imageAxisX, int imageAxisY) {
    return SignalReshaping.asSignal2D(this, imageAxisX, imageAxisY);
  }

  /** {@link #asSignal2D(int, int)} with the axes given by name. */
  public Signal asSignal2D(String imageAxisX, String imageAxisY) {
    return SignalReshaping.asSignal2D(this, imageAxisX, imageAxisY);
  }

  // ------------------------------------------------------------------------------ calculus

  /**
   * HyperSpy's {@code diff(axis, order)}, lazy as its dask path: {@code order} times {@code
   * a[1:] - a[:-1]} along the axis at natural index {@code axis}, so the dtype is numpy's for a
   * subtraction of the dtype with itself ({@code uint16} stays uint16 and wraps around, as numpy's
   * {@code diff}). The axis loses {@code order} points, keeps its scale and its offset moves by
   * {@code order * scale / 2} (HyperSpy places each difference between its two points). Order 0
   * returns the signal unchanged.
   *
   * @throws IllegalArgumentException for an index outside the axes, a negative order, an order
   *     not below the axis size (HyperSpy would leave an empty axis) or a non-uniform axis
   *     (HyperSpy points to {@code derivative} there)
   */
  public Signal diff(int axis, int order) {
    return SignalCalculus.diff(this, axis, order);
  }

  /** {@link #diff(int, int)} with the axis given by name. */
  public Signal diff(String axis, int order) {
    return SignalCalculus.diff(this, axis, order);
  }

  /**
   * HyperSpy's {@code integrate1D(axis)} for an axis that is not binned, which is {@code
   * integrate_simpson}: scipy 1.10's {@code simps} with the axis values as {@code x} and its
   * default {@code even='avg'} (an even number of points averages Simpson's rule on the first
   * {@code n - 1} points plus a trapezoid on the last interval and the trapezoid on the first
   * interval plus Simpson's rule on the last {@code n - 1} points). For a uniform axis the result
   * is linear in the data with weights depending only on the size and scale, so it is built
   * lazily as {@code sum(data * w)} over the axis with {@code w} the Simpson weights: float64,
   * whatever the input dtype (HyperSpy's lazy result declares the input dtype but computes
   * float64). The axis is removed as a reduction removes it. Unlike HyperSpy, chunking is not
   * changed (its lazy path rechunks the axis whole).
   *
   * @throws IllegalArgumentException for an index outside the axes, a non-uniform axis, or an
   *     axis of fewer than 2 points
   */
  public Signal integrate1D(int axis) {
    return SignalCalculus.integrate1D(this, axis);
  }

  /** {@link #integrate1D(int)} with the axis given by name. */
  public Signal integrate1D(String axis) {
    return SignalCalculus.integrate1D(this, axis);
  }

  // ------------------------------------------------------------------------------ rebinning

  /**
   * HyperSpy's {@code rebin(scale=scale)} with integer factors: the data summed over
   * non-overlapping blocks of {@code scale[k]} pixels along each axis, one factor per axis in
   * natural order (navigation axes x first, then signal axes), each from 1 to the axis size. A
   * remainder that does not fill a block is dropped ({@code crop=True}). The dtype is numpy's
   * {@code sum} dtype ({@code uint16 -> uint64}, floats unchanged); with every factor 1 the signal
   * is returned as it is. Each binned axis gets {@code size // f}, {@code scale * f} and {@code
   * offset + (f - 1) * scale / 2}; metadata is kept. Lazy: nothing is read, and the chunking is
   * derived from this signal's (never rechunked, unlike HyperSpy's lazy rebin). Integer data
   * whose size the factor does not divide keeps the sum dtype here where HyperSpy's eager path
   * interpolates into float64 (same values).
   *
   * <pre>{@code Signal binned = s.rebin(2, 2, 1, 1);   // (128, 128|256, 256) -> (64, 64|256, 256)}</pre>
   *
   * @throws IllegalArgumentException for a number of factors other than the number of axes, a
   *     factor below 1 or above its axis size, or a factor above 1 on a non-uniform axis
   */
  public Signal rebin(long... scale) {
    return SignalRebin.byScale(this, scale, null);
  }

  /**
   * {@link #rebin(long...)} into {@code dtype}, as HyperSpy's {@code rebin(scale=...,
   * dtype=dtype)}: every value is cast to it and summed in it (numpy's {@code sum(dtype=...)}:
   * integers wrap). HyperSpy's {@code dtype="same"} is {@code s.rebin(s.dtype(), scale...)};
   * {@code null} is numpy's sum dtype.
   */
  public Signal rebin(DType dtype, long... scale) {
    return SignalRebin.byScale(this, scale, dtype);
  }

  /**
   * HyperSpy's {@code rebin(new_shape=newShape)}: {@link #rebin(long...)} with the factors {@code
   * size / newShape[k]}, the new sizes in natural order (navigation axes x first, then signal
   * axes). Lazy.
   *
   * @throws IllegalArgumentException for a number of sizes other than the number of axes, a size
   *     below 1 or above its axis size, or one that does not divide its axis size (HyperSpy
   *     interpolates there; the message lists the sizes that work)
   */
  public Signal rebinToShape(long... newShape) {
    return SignalRebin.byShape(this, newShape, null);
  }

  /** {@link #rebinToShape(long...)} into {@code dtype}, as {@link #rebin(DType, long...)}. */
  public Signal rebinToShape(DType dtype, long... newShape) {
    return SignalRebin.byShape(this, newShape, dtype);
  }

  // ------------------------------------------------------------------------------ chunking

  /**
   * HyperSpy's {@code rechunk(nav_chunks, sig_chunks)}: the same data on a regular grid, each group
   * given in natural order (x first) as one extent per axis or a single extent for all its axes;
   * an extent is a number of points (clipped to the axis) or {@code -1} for the whole axis, and a
   * {@code null} group is "auto": {@link ChunkGrid#auto}'s policy for {@code options}' budget and
   * cores, which keeps the signal axes whole. Axes and metadata are unchanged; a grid equal to the
   * current one returns this signal. Lazy: nothing is read now; reading the new chunks re-reads
   * storage chunks they cut across, which the plan costs (and refuses above twice the data).
   *
   * <pre>{@code Signal rows = s.rechunk(new long[] {-1, 1}, null);   // whole scan rows, whole signals}</pre>
   *
   * @throws IllegalArgumentException for a group of the wrong length or an extent that is neither
   *     positive nor -1
   */
  public Signal rechunk(long[] navChunks, long[] sigChunks, ExecOptions options) {
    return SignalRechunk.rechunk(this, navChunks, sigChunks, options);
  }

  /** {@link #rechunk(long[], long[], ExecOptions)} with {@link ExecOptions#defaults()} for "auto". */
  public Signal rechunk(long[] navChunks, long[] sigChunks) {
    return rechunk(navChunks, sigChunks, ExecOptions.defaults());
  }

  /** {@link #rechunk(long[], long[])} with both groups "auto": whole signals, navigation chunks sized to the budget. */
  public Signal rechunk() {
    return rechunk(null, null);
  }

  /**
   * HyperSpy's {@code get_chunk_size()}: the chunk extents of every navigation axis, one array per
   * axis, in array order (dask's {@code chunks} of those axes).
   */
  public int[][] chunkSize() {
    return SignalChunks.chunkSize(this);
  }

  /**
   * HyperSpy's {@code get_chunk_size(axes)} with axes given by natural index (HyperSpy's {@code
   * index_in_axes_manager}, navigation x first): their chunk extents in array order.
   *
   * @throws IndexOutOfBoundsException if an index is outside {@code [0, rank)}
   */
  public int[][] chunkSize(int... naturalIndices) {
    return SignalChunks.chunkSize(this, naturalIndices);
  }

  /**
   * HyperSpy's {@code get_chunk_size(axes)} with axes given by name: their chunk extents in array
   * order.
   *
   * @throws IllegalArgumentException if no axis has one of the names
   */
  public int[][] chunkSize(String... names) {
    return SignalChunks.chunkSize(this, names);
  }

  /**
   * A one-line summary of the chunking, shapes in natural order as HyperSpy prints them, e.g.
   * {@code nav chunks (32, 32) | sig chunks (128, 128), 32.0 MiB per chunk, 16 chunks; whole
   * axes: sig}. Chunk shapes are the largest chunk extent along each axis; bytes are those of the
   * largest chunk. "Whole axes" lists the axes held in a single chunk: {@code nav} or {@code sig}
   * when all axes of that group are, otherwise {@code nav[i]} / {@code sig[i]} with i the natural
   * index within the group; {@code none} when no axis is whole.
   */
  public String chunkSummary() {
    return SignalChunks.summary(this);
  }

  // ------------------------------------------------------------------------------ navigator

  /**
   * This signal carrying {@code navigator} (HyperSpy: {@code s.navigator = nav}). HyperSpy's
   * setter stores anything and its {@code plot} checks the shape later; here the check is made
   * now, with {@code plot}'s rules: with {@code nav} the navigation shape in natural order, the
   * navigator's signal shape is {@code nav}, its first two or its first extent (a static
   * navigator such as {@link #computeNavigator()} makes), or its navigation shape is (as {@code
   * s.sum(AxisSet.SIGNAL)}; HyperSpy transposes it when plotting), or {@code nav} is its signal
   * shape followed by its navigation shape (a dynamic navigator). The navigator is stored as given
   * (lazy or materialised), without a navigator of its own. Reads nothing.
   *
   * @throws IllegalArgumentException if this signal has no navigation axes or the navigator's
   *     shape fits none of the rules (the message gives the shapes that would)
   */
  public Signal withNavigator(Signal navigator) {
    Signal checked = SignalNavigators.checked(this, navigator);
    return new Signal(data, memory, axes, metadata, originalMetadata, checked);
  }

  /** This signal without a navigator (HyperSpy: {@code s.navigator = None}). */
  public Signal withoutNavigator() {
    return navigator == null ? this
        : new Signal(data, memory, axes, metadata, originalMetadata, null);
  }

  /**
   * HyperSpy 1.7.3's {@code compute_navigator(index, chunks_number)}: this signal carrying the
   * sum over one signal-space chunk, computed (blocking, so not on a non-blocking thread: use
   * {@link #computeNavigatorMono} there; progress to the listener of {@code options}). HyperSpy
   * sets {@code s.navigator} in place; here write {@code s = s.computeNavigator(...)}.
   *
   * <p>Per signal axis, natural order (x first): the chunk is the one that contains {@code index}
   * (null: the centre, {@code round(size / 2)} half to even; {@link Index#of} an integer index,
   * not wrapped when negative; {@link Index#at} a calibrated value converted as {@code
   * value2index}) among this signal's chunks along that axis or, with {@code chunksNumber}
   * {@code n} (null: the signal's own chunks), among the {@code n}-ish chunks dask's balanced
   * rechunk of {@code int(size / n)} would make; nothing is rechunked. Either array holds one
   * value for every signal axis or one per signal axis.
   *
   * <p>The navigator is {@code isig[slices].sum(signal axes).T()}: numpy's sum dtype ({@code
   * uint16} → {@code uint64}, {@code float32} stays float32, bool → int64), the navigation axes
   * with their calibration as signal axes ({@code (3, 4|5, 6)} gives {@code (|3, 4)}), this
   * signal's metadata and {@code original_metadata} plus {@code sum_from}: the slices as HyperSpy
   * writes them, a string such as {@code "[slice(2, 4, None), slice(0, 4, None)]"}. Reads that
   * slice of the data once. See {@code SignalNavigators} for the two deliberate differences (3+
   * signal axes; inputs HyperSpy crashes on).
   *
   * @throws IllegalArgumentException at once for an index outside its axis (int or float), a
   *     range selector, a chunks number outside {@code [1, size]}, arrays of the wrong length, or
   *     a signal without navigation or signal axes
   */
  public Signal computeNavigator(Index[] index, int[] chunksNumber, ExecOptions options) {
    Mono<Signal> navigated = computeNavigatorMono(index, chunksNumber, options);
    return SignalNavigators.block(navigated, "computeNavigator", "computeNavigatorMono");
  }

  /** {@link #computeNavigator(Index[], int[], ExecOptions)} with the default options. */
  public Signal computeNavigator(Index[] index, int[] chunksNumber) {
    return computeNavigator(index, chunksNumber, ExecOptions.defaults());
  }

  /** HyperSpy's {@code compute_navigator()}: the chunk at the centre of the signal space. */
  public Signal computeNavigator() {
    return computeNavigator(null, null);
  }

  /**
   * HyperSpy's {@code compute_navigator(index=i)} with integer indices: one for every signal axis
   * or one per signal axis (x first); the signal's own chunks.
   */
  public Signal computeNavigator(long... index) {
    return computeNavigator(ofIndices(index), null);
  }

  /**
   * HyperSpy's {@code compute_navigator(index=v)} with calibrated values, as {@link
   * #computeNavigator(long...)}.
   */
  public Signal computeNavigator(double... values) {
    return computeNavigator(ofValues(values), null);
  }

  /**
   * The non-blocking form of {@link #computeNavigator(Index[], int[], ExecOptions)}: bad input
   * fails now; the data is read on subscription.
   */
  public Mono<Signal> computeNavigatorMono(Index[] index, int[] chunksNumber, ExecOptions options) {
    Objects.requireNonNull(options, "options");
    Signal lazyNavigator = SignalNavigators.chunkNavigator(this, index, chunksNumber);
    return lazyNavigator.computeMono(options).map(this::withNavigator);
  }

  /**
   * This signal carrying its full navigator: the sum over every signal axis at every navigation
   * position, computed by one streaming {@link Pass} (one read of the data, driven by demand,
   * progress to the listener of {@code options}; blocking, so not on a non-blocking thread: use
   * {@link #computeFullNavigatorMono} there). The navigator is what {@link
   * #computeNavigator(Index[], int[], ExecOptions)} gives with one chunk per signal axis: numpy's
   * sum dtype, the navigation axes as signal axes, {@code sum_from} covering the whole signal
   * space. This is the navigator HyperSpy plots for a materialised signal ({@code s.sum(signal
   * axes)}), without its re-reads.
   *
   * @throws IllegalArgumentException for a signal without navigation or signal axes
   * @throws org.hyperflux.core.exec.PlanException if the pass does not fit the budget (before
   *     reading)
   */
  public Signal computeFullNavigator(ExecOptions options) {
    Mono<Signal> navigated = computeFullNavigatorMono(options);
    return SignalNavigators.block(navigated, "computeFullNavigator", "computeFullNavigatorMono");
  }

  /** {@link #computeFullNavigator(ExecOptions)} with the default options. */
  public Signal computeFullNavigator() {
    return computeFullNavigator(ExecOptions.defaults());
  }

  /**
   * The non-blocking form of {@link #computeFullNavigator(ExecOptions)}: bad input and a plan over
   * the budget fail now; the data is read on subscription and cancelling stops the reads.
   */
  public Mono<Signal> computeFullNavigatorMono(ExecOptions options) {
    return SignalNavigators.fullNavigator(this, options);
  }

  // ------------------------------------------------------------------------------ histogram

  /**
   * HyperSpy 1.7.3's {@code get_histogram(bins=bins, range_bins=(rangeMin, rangeMax),
   * max_num_bins=maxNumBins)} of every value of the signal, computed: a materialised
   * {@code Signal1D} of {@code int64} counts. Blocks; fails on a non-blocking thread (use
   * {@link #histogramMono(HistogramBins, Double, Double, int, ExecOptions)}). Bad arguments fail
   * here, before anything is read.
   *
   * <p>Follows HyperSpy's eager path: NaN is dropped first, then numpy's {@code np.histogram}
   * counts ({@link HistogramAccumulator}: equal bins with edges {@code linspace(first, last, bins
   * + 1)} in float32 for float32 data and float64 otherwise, half-open bins but the last, which
   * is closed; values outside the edges are not counted). The range is {@code [rangeMin,
   * rangeMax]} (both or neither) or the data's minimum and maximum ignoring NaN; an empty range
   * is widened to {@code [v - 0.5, v + 0.5]}; data that is empty or all NaN gets {@code [0, 1]}.
   *
   * <p>{@code bins} ({@link HistogramBins}): a number of equal bins, explicit edges (the range is
   * then ignored), or a rule: {@link HistogramBins#FD} (HyperSpy's default) or {@link
   * HistogramBins#SCOTT}, which derive the number of bins from the data as numpy's {@code
   * histogram_bin_edges}: over the values inside the range, if one is given, width {@code 2 IQR
   * n^(-1/3)} (fd) or {@code (24 sqrt(pi) / n)^(1/3) std} (scott), {@code ceil((last - first) /
   * width)} bins, 1 when the width is 0. When that asks for more than {@code maxNumBins - 1}
   * bins (edges outnumbering {@code maxNumBins}, HyperSpy's test) the histogram has {@code
   * maxNumBins} bins. HyperSpy's {@code 'knuth'} and {@code 'blocks'} need the whole data in
   * memory and are refused by {@link HistogramBins#of(String)}.
   *
   * <p><b>Passes</b> (each a full read, with progress "pass k of n"): one with explicit edges or
   * a range and a number of bins; two for a number of bins without a range (minimum and maximum,
   * then counts) and for scott (moments and extremes, then counts); for fd an exact quantile
   * selection of the quartiles (at most 1 pass for bool and 8/16-bit integers, 2 for float32 and
   * 32-bit integers, 4 for float64 and 64-bit integers, typically 2) then the counts. A
   * single-pass source is refused where more than one pass is needed.
   *
   * <p><b>Differences from HyperSpy.</b> Its lazy {@code get_histogram} ignores {@code
   * range_bins}, does not drop NaN (NaN ranges and counts), takes fd's quartiles from dask's
   * approximate {@code da.percentile}, counts NaN in {@code n} and spaces fd/scott edges from the
   * minimum by the width rather than with {@code linspace}; this follows the eager path with
   * exact quartiles. Where the eager path caps a rule with a range, it drops the range (counting
   * over the data's range); here the capped bins span the range asked for. HyperSpy also caps an
   * explicit number of bins or edges ({@code bins=300} gives 250 bins); here they are used as
   * given. The result's only axis is HyperSpy's: name {@code "value"}, offset the first edge,
   * scale the first bin's width (in the bin dtype), units undefined, signal axis (HyperSpy also
   * marks it {@code is_binned}, which hyperflux axes do not carry); title {@code title() + "
   * histogram"}; no other metadata.
   *
   * @throws IllegalArgumentException for only one of the range bounds, {@code rangeMin >
   *     rangeMax}, a non-finite range, or {@code maxNumBins < 1}; the returned signal's
   *     computation fails with one when the data range it needs is not finite (numpy's
   *     "autodetected range of [a, b] is not finite")
   * @throws org.hyperflux.core.exec.PlanException when a pass cannot fit the budget or a
   *     single-pass source would be read more than once
   */
  public Signal histogram(HistogramBins bins, Double rangeMin, Double rangeMax, int maxNumBins,
      ExecOptions options) {
    return SignalStatistics.block(histogramMono(bins, rangeMin, rangeMax, maxNumBins, options),
        "histogram()", "histogramMono(...)");
  }

  /**
   * The non-blocking form of {@link #histogram(HistogramBins, Double, Double, int, ExecOptions)}:
   * arguments are checked and the first pass costed now, reading starts on subscription (each
   * subscription reads anew).
   */
  public Mono<Signal> histogramMono(HistogramBins bins, Double rangeMin, Double rangeMax,
      int maxNumBins, ExecOptions options) {
    return SignalHistograms.histogramMono(this, bins, rangeMin, rangeMax, maxNumBins, options,
        SignalStatistics.collectLimit(options));
  }

  /** {@link #histogramMono(HistogramBins, Double, Double, int, ExecOptions)} over the data's range, HyperSpy's {@code max_num_bins=250}. */
  public Mono<Signal> histogramMono(HistogramBins bins, ExecOptions options) {
    return histogramMono(bins, null, null, SignalHistograms.DEFAULT_MAX_NUM_BINS, options);
  }

  /**
   * {@link #histogram(HistogramBins, Double, Double, int, ExecOptions)} with HyperSpy's {@code
   * max_num_bins=250} and {@link ExecOptions#defaults()}.
   */
  public Signal histogram(HistogramBins bins, Double rangeMin, Double rangeMax) {
    return histogram(bins, rangeMin, rangeMax, SignalHistograms.DEFAULT_MAX_NUM_BINS,
        ExecOptions.defaults());
  }

  /** {@link #histogram(HistogramBins, Double, Double)} over the data's range. */
  public Signal histogram(HistogramBins bins) {
    return histogram(bins, null, null);
  }

  /**
   * {@link #histogram(HistogramBins)} with a rule named as in HyperSpy: {@code s.histogram("fd")}
   * is {@code s.get_histogram(bins='fd')}.
   *
   * @throws IllegalArgumentException for {@code "knuth"}, {@code "blocks"} and unknown names; see
   *     {@link HistogramBins#of(String)}
   */
  public Signal histogram(String bins) {
    return histogram(HistogramBins.of(bins));
  }

  /** HyperSpy's {@code s.get_histogram()}: the {@link HistogramBins#FD} rule over the data's range. */
  public Signal histogram() {
    return histogram(HistogramBins.FD);
  }

  /**
   * {@code bins} equal bins over {@code [rangeMin, rangeMax]} (both or neither; the data's range
   * when neither, read in a first pass): {@link #histogram(HistogramBins, Double, Double, int,
   * ExecOptions)} with {@link HistogramBins#count(int)}. HyperSpy's lazy {@code get_histogram}
   * ignores {@code range_bins} (with a warning); this follows the eager path and honours it.
   *
   * @throws IllegalArgumentException for {@code bins < 1}, only one of the range bounds given,
   *     {@code rangeMin > rangeMax} or a non-finite range
   */
  public Signal histogram(int bins, Double rangeMin, Double rangeMax, ExecOptions options) {
    return histogram(HistogramBins.count(bins), rangeMin, rangeMax,
        SignalHistograms.DEFAULT_MAX_NUM_BINS, options);
  }

  /** {@link #histogram(int, Double, Double, ExecOptions)} with {@link ExecOptions#defaults()}. */
  public Signal histogram(int bins, Double rangeMin, Double rangeMax) {
    return histogram(bins, rangeMin, rangeMax, ExecOptions.defaults());
  }

  /** {@link #histogram(int, Double, Double, ExecOptions)} over the data's range (two reads). */
  public Signal histogram(int bins) {
    return histogram(bins, null, null, ExecOptions.defaults());
  }

  /**
   * HyperSpy 1.7.3's {@code get_histogram(bins=edges)} with explicit, strictly increasing
   * {@code edges} ({@code n + 1} for {@code n} bins), computed in one pass: {@link
   * #histogram(HistogramBins, Double, Double, int, ExecOptions)} with {@link
   * HistogramBins#edges}, compared in double. As HyperSpy, the result axis is uniform with offset
   * {@code edges[0]} and scale {@code edges[1] - edges[0]} even when the bins are not equal.
   *
   * @throws IllegalArgumentException for fewer than 2 edges, or edges not finite or not strictly
   *     increasing
   */
  public Signal histogram(double[] edges, ExecOptions options) {
    return histogram(HistogramBins.edges(edges), null, null, SignalHistograms.DEFAULT_MAX_NUM_BINS,
        options);
  }

  /** {@link #histogram(double[], ExecOptions)} with {@link ExecOptions#defaults()}. */
  public Signal histogram(double[] edges) {
    return histogram(edges, ExecOptions.defaults());
  }

  /**
   * HyperSpy 1.7.3's summary statistics ({@code print_summary_statistics}, eager path) of every
   * value of the signal: mean, std (ddof 0), min, exact quartiles, max and the count, NaN
   * ignored; {@link SummaryStatistics#toString()} prints as HyperSpy does. Blocks; fails on a
   * non-blocking thread (use {@link #summaryStatisticsMono}).
   *
   * <p>Computed in as few passes as the quartiles allow, each a full read with progress "pass k
   * of n": the first pass computes the moments, the extremes and the counts of the top 16 bits
   * of every value's order-preserving key; exact radix selection then needs no further pass for
   * bool and 8/16-bit integers, one for float32 and 32-bit integers, and typically one (at most
   * three) for float64 and 64-bit integers. Memory stays bounded whatever the data size (a few
   * MiB per chunk in flight plus at most a 16th of the budget). HyperSpy's lazy path
   * approximates the quartiles (dask's {@code da.percentile} merges per-chunk percentiles, and
   * gives NaN when the data holds NaN); these are exact, numpy's {@code percentile} of the
   * NaN-free data.
   *
   * @throws org.hyperflux.core.exec.PlanException when a pass cannot fit the budget, or the
   *     data comes from a single-pass source and more than one pass may be needed
   */
  public SummaryStatistics summaryStatistics(ExecOptions options) {
    return SignalStatistics.block(summaryStatisticsMono(options), "summaryStatistics()",
        "summaryStatisticsMono(options)");
  }

  /** {@link #summaryStatistics(ExecOptions)} with {@link ExecOptions#defaults()}. */
  public SummaryStatistics summaryStatistics() {
    return summaryStatistics(ExecOptions.defaults());
  }

  /**
   * The non-blocking form of {@link #summaryStatistics(ExecOptions)}: the first pass is costed
   * now, reading starts on subscription (each subscription reads anew).
   */
  public Mono<SummaryStatistics> summaryStatisticsMono(ExecOptions options) {
    return SignalStatistics.summaryMono(this, options, SignalStatistics.collectLimit(options));
  }

  /**
   * HyperSpy 1.7.3's repr: {@code <LazySignal2D, title: scan, dimensions: (128, 128|256, 256)>},
   * the class name from {@link #kind()} and laziness ({@code BaseSignal}/{@code LazySignal},
   * {@code Signal1D}/{@code LazySignal1D}, {@code Signal2D}/{@code LazySignal2D}); the
   * {@code signal_type} is kept in the metadata only and does not change the name.
   */
  @Override
  public String toString() {
    return "<" + kind().className(isLazy()) + ", title: " + title() + ", dimensions: "
        + axes.dimensionsString() + ">";
  }
}
