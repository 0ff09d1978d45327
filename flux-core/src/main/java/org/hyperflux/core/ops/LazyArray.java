package org.hyperflux.core.ops;

import org.hyperflux.core.accumulate.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Executor;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Plan;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceNode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An n-dimensional chunked array whose data is computed on demand: the numpy/dask-like API of
 * hyperflux. Every operation returns a new lazy array at once, without reading; shape, dtype and
 * chunk grid are known immediately, and geometry errors (broadcasting, axes, slices) are thrown
 * here. Data flows only when {@link #chunks} is subscribed or {@link #compute} is called.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * LazyArray data = LazyArray.of(source);                       // e.g. uint16 (128, 128, 256, 256)
 * LazyArray navigator = data.astype(DType.FLOAT32).sum(2, 3); // lazy, (128, 128) float32
 * MemoryArray image = navigator.compute();                     // reads once, all cores, bounded memory
 * }</pre>
 */
public final class LazyArray {
  private final ArrayNode node;

  private LazyArray(ArrayNode node) {
    this.node = Objects.requireNonNull(node, "node");
  }

  /** A lazy array over a source (file, memory, generator, stream). */
  public static LazyArray of(Source source) {
    return new LazyArray(new SourceNode(source));
  }

  /** A lazy array over a plan node (for operators written outside this package). */
  public static LazyArray of(ArrayNode node) {
    return new LazyArray(node);
  }

  public ArrayNode node() {
    return node;
  }

  public Shape shape() {
    return node.shape();
  }

  public DType dtype() {
    return node.dtype();
  }

  public ChunkGrid grid() {
    return node.grid();
  }

  public int rank() {
    return node.shape().rank();
  }

  // ---- elementwise ----

  /** Elementwise {@code this + other} with numpy broadcasting and promotion. */
  public LazyArray add(LazyArray other) {
    return binary(BinaryOp.ADD, other);
  }

  public LazyArray subtract(LazyArray other) {
    return binary(BinaryOp.SUBTRACT, other);
  }

  public LazyArray multiply(LazyArray other) {
    return binary(BinaryOp.MULTIPLY, other);
  }

  /** True division: integer inputs give float64, as {@code np.true_divide}. */
  public LazyArray divide(LazyArray other) {
    return binary(BinaryOp.DIVIDE, other);
  }

  public LazyArray maximum(LazyArray other) {
    return binary(BinaryOp.MAXIMUM, other);
  }

  public LazyArray minimum(LazyArray other) {
    return binary(BinaryOp.MINIMUM, other);
  }

  /** Any binary operation with an array operand. */
  public LazyArray binary(BinaryOp op, LazyArray other) {
    return new LazyArray(ElementwiseOp.binary(op, node, other.node));
  }

  /** {@code this + scalar} with numpy 1.24's value-based casting of a Python int. */
  public LazyArray add(long scalar) {
    return new LazyArray(ElementwiseOp.scalar(BinaryOp.ADD, node, Scalar.of(scalar), false));
  }

  /** {@code this + scalar} with numpy 1.24's value-based casting of a Python float. */
  public LazyArray add(double scalar) {
    return new LazyArray(ElementwiseOp.scalar(BinaryOp.ADD, node, Scalar.of(scalar), false));
  }

  /** {@code this - scalar} with a Python int's value-based casting ({@code uint8 - 1} stays uint8). */
  public LazyArray subtract(long scalar) {
    return new LazyArray(ElementwiseOp.scalar(BinaryOp.SUBTRACT, node, Scalar.of(scalar), false));
  }

  /** {@code this - scalar} with a Python float's value-based casting. */
  public LazyArray subtract(double scalar) {
    return new LazyArray(ElementwiseOp.scalar(BinaryOp.SUBTRACT, node, Scalar.of(scalar), false));
  }

  /** {@code this * scalar} with a Python int's value-based casting. */
  public LazyArray multiply(long scalar) {
    return new LazyArray(ElementwiseOp.scalar(BinaryOp.MULTIPLY, node, Scalar.of(scalar), false));
  }

  /** {@code this * scalar} with a Python float's value-based casting ({@code float32 * 0.25} stays float32). */
  public LazyArray multiply(double scalar) {
    return new LazyArray(ElementwiseOp.scalar(BinaryOp.MULTIPLY, node, Scalar.of(scalar), false));
  }

  /** {@code this / scalar}: true division, float64 for integer arrays (as {@code np.true_divide}). */
  public LazyArray divide(long scalar) {
    return new LazyArray(ElementwiseOp.scalar(BinaryOp.DIVIDE, node, Scalar.of(scalar), false));
  }

  /** {@code this / scalar}: true division; float32 arrays stay float32. */
  public LazyArray divide(double scalar) {
    return new LazyArray(ElementwiseOp.scalar(BinaryOp.DIVIDE, node, Scalar.of(scalar), false));
  }

  /** Any binary operation with a scalar; {@code scalarFirst} puts the scalar on the left ({@code 1 - a}). */
  public LazyArray binary(BinaryOp op, Scalar scalar, boolean scalarFirst) {
    return new LazyArray(ElementwiseOp.scalar(op, node, scalar, scalarFirst));
  }

  public LazyArray negate() {
    return unary(UnaryOp.NEGATE);
  }

  public LazyArray abs() {
    return unary(UnaryOp.ABS);
  }

  public LazyArray sqrt() {
    return unary(UnaryOp.SQRT);
  }

  public LazyArray unary(UnaryOp op) {
    return new LazyArray(ElementwiseOp.unary(op, node));
  }

  /** The same values cast to {@code dtype} with numpy's {@code astype} (unsafe casting) semantics. */
  public LazyArray astype(DType dtype) {
    return dtype == dtype() ? this : new LazyArray(new AstypeOp(node, dtype));
  }

  // ---- reductions ----

  /** Sum over {@code axes} (all axes when none are given); numpy's {@code sum} dtype. */
  public LazyArray sum(int... axes) {
    return reduce(Reduction.SUM, axes);
  }

  public LazyArray mean(int... axes) {
    return reduce(Reduction.MEAN, axes);
  }

  public LazyArray min(int... axes) {
    return reduce(Reduction.MIN, axes);
  }

  public LazyArray max(int... axes) {
    return reduce(Reduction.MAX, axes);
  }

  /** Population variance (ddof 0), merged across chunks with Chan's formula. */
  public LazyArray var(int... axes) {
    return reduce(Reduction.VAR, axes);
  }

  public LazyArray std(int... axes) {
    return reduce(Reduction.STD, axes);
  }

  public LazyArray nansum(int... axes) {
    return reduce(Reduction.NANSUM, axes);
  }

  public LazyArray nanmean(int... axes) {
    return reduce(Reduction.NANMEAN, axes);
  }

  public LazyArray nanmin(int... axes) {
    return reduce(Reduction.NANMIN, axes);
  }

  public LazyArray nanmax(int... axes) {
    return reduce(Reduction.NANMAX, axes);
  }

  public LazyArray nanvar(int... axes) {
    return reduce(Reduction.NANVAR, axes);
  }

  public LazyArray nanstd(int... axes) {
    return reduce(Reduction.NANSTD, axes);
  }

  /** A reduction over {@code axes} (all when empty; negative axes count from the end). */
  public LazyArray reduce(Reduction reduction, int... axes) {
    return reduceWithDdof(reduction, 0, axes);
  }

  /** A reduction with numpy's {@code ddof} ("delta degrees of freedom", used by the var and std families). */
  public LazyArray reduceWithDdof(Reduction reduction, int ddof, int... axes) {
    return new LazyArray(ReduceOp.of(reduction, node, axes, ddof));
  }

  /**
   * numpy's {@code argmax(axis=axis)}: the int64 index along {@code axis} (negative counts from
   * the end) of the largest element of every line, the first one on ties; NaN counts as the
   * largest, so a line holding NaN gives the index of its first NaN; bool orders False < True and
   * unsigned integers compare unsigned. The result has the shape and chunk grid of this array
   * with {@code axis} removed. Lazy: nothing is read until the result is computed; when
   * {@code axis} spans several chunks, one pass folds them and the result is held whole.
   *
   * @throws IllegalArgumentException for an axis out of range, or an axis of length 0 (numpy's
   *     "attempt to get argmax of an empty sequence")
   */
  public LazyArray argmax(int axis) {
    return new LazyArray(ArgReduceOp.of(true, node, axis));
  }

  /**
   * numpy's {@code argmin(axis=axis)}: as {@link #argmax(int)} for the smallest element; NaN
   * counts as the smallest, so a line holding NaN gives the index of its first NaN (numpy 1.24).
   *
   * @throws IllegalArgumentException for an axis out of range or of length 0
   */
  public LazyArray argmin(int axis) {
    return new LazyArray(ArgReduceOp.of(false, node, axis));
  }

  // ---- binning ----

  /**
   * Sums non-overlapping blocks of {@code factors[i]} elements along each axis {@code i} (array
   * order, one factor per axis, each from 1 to the axis length): numpy's {@code
   * a[:n0*f0, ...].reshape(n0, f0, n1, f1, ...).sum(axis=(1, 3, ...))} with {@code n_i = shape_i
   * // f_i}, so a remainder that does not fill a block is dropped (HyperSpy's {@code crop=True}).
   * The dtype is numpy's {@code sum} dtype ({@code uint16 -> uint64}, {@code int8 -> int64},
   * floats unchanged). Lazy; the output grid is derived from this array's grid (boundaries that
   * fall on a multiple of the factor are kept), never rechunked, and chunks that straddle input
   * chunks are read piece by piece.
   *
   * @throws IllegalArgumentException for a number of factors other than the rank, a factor below
   *     1, or a factor larger than its non-empty axis
   */
  public LazyArray rebin(long... factors) {
    return rebin(null, factors);
  }

  /**
   * {@link #rebin(long...)} into {@code dtype}, as numpy's {@code sum(dtype=...)}: each element
   * is cast to {@code dtype} and summed in it (integers wrap, a bool sum is a logical or);
   * {@code null} for numpy's default sum dtype. HyperSpy's {@code dtype="same"} is
   * {@code rebin(a.dtype(), factors)}.
   */
  public LazyArray rebin(DType dtype, long... factors) {
    return new LazyArray(RebinOp.of(node, factors, dtype));
  }

  // ---- geometry ----

  /** numpy basic slicing, one {@link Slice} per leading axis (missing trailing axes are whole). */
  public LazyArray slice(Slice... slices) {
    return new LazyArray(SliceOp.of(node, slices));
  }

  /** {@code start:stop:step} along one axis. */
  public LazyArray slice(int axis, long start, long stop, long step) {
    int a = shape().normalizeAxis(axis);
    Slice[] s = new Slice[rank()];
    Arrays.fill(s, Slice.all());
    s[a] = Slice.of(start, stop, step);
    return slice(s);
  }

  /** Permutes the axes: output axis i is input axis {@code axes[i]}. */
  public LazyArray transpose(int... axes) {
    return new LazyArray(TransposeOp.of(node, axes));
  }

  /**
   * numpy's {@code squeeze}: drops {@code axes}, each of length 1, or every axis of length 1 when
   * none is given. The data is not copied.
   */
  public LazyArray squeeze(int... axes) {
    return new LazyArray(SqueezeOp.of(node, axes));
  }

  /** Reverses the axes. */
  public LazyArray transpose() {
    int[] perm = new int[rank()];
    for (int i = 0; i < perm.length; i++) perm[i] = perm.length - 1 - i;
    return transpose(perm);
  }

  /** The same values on another grid. */
  public LazyArray rechunk(ChunkGrid grid) {
    return new LazyArray(RechunkOp.of(node, grid));
  }

  /** The same values on a regular grid of {@code chunkShape}. */
  public LazyArray rechunk(int... chunkShape) {
    return rechunk(ChunkGrid.regular(shape(), chunkShape));
  }

  /** Joins arrays of equal shape along a new axis (numpy's {@code stack}); dtypes promote. */
  public static LazyArray stack(int axis, LazyArray... arrays) {
    return new LazyArray(StackOp.of(axis, nodes(arrays)));
  }

  /** Joins arrays along an existing axis (numpy's {@code concatenate}); dtypes promote. */
  public static LazyArray concatenate(int axis, LazyArray... arrays) {
    return new LazyArray(ConcatenateOp.of(axis, nodes(arrays)));
  }

  private static List<ArrayNode> nodes(LazyArray[] arrays) {
    List<ArrayNode> n = new ArrayList<>();
    for (LazyArray a : arrays) n.add(a.node);
    return n;
  }

  /** Applies a user-defined transformation (Reactor's {@code transform}). */
  public LazyArray transform(Function<LazyArray, LazyArray> recipe) {
    return recipe.apply(this);
  }

  // ---- execution ----

  /** Costs the plan of streaming this array's chunks (throws {@code PlanException} when it cannot run). */
  public Plan plan(ExecOptions options) {
    return Plan.build(node, options);
  }

  /** Costs the plan of {@link #compute}: the result is held whole (throws {@code PlanException} when it cannot run). */
  public Plan computePlan(ExecOptions options) {
    return Plan.buildCompute(node, options);
  }

  /** The chunks, computed on demand in grid order; costed now, read on subscription. */
  public Flux<Chunk> chunks(ExecOptions options) {
    return Executor.chunks(node, options);
  }

  public Flux<Chunk> chunks() {
    return chunks(ExecOptions.defaults());
  }

  /** Computes everything into memory; fails before reading if the result exceeds the budget. */
  public Mono<MemoryArray> computeMono(ExecOptions options) {
    return Executor.compute(node, options);
  }

  /**
   * Blocks until computed. On a non-blocking (Reactor parallel) thread this fails, naming
   * {@link #computeMono}; use that there.
   */
  public MemoryArray compute(ExecOptions options) {
    if (Schedulers.isInNonBlockingThread()) {
      throw new IllegalStateException(
          "compute() blocks and cannot run on the non-blocking thread "
              + Thread.currentThread().getName() + "; use computeMono(options) instead");
    }
    return computeMono(options).block();
  }

  public MemoryArray compute() {
    return compute(ExecOptions.defaults());
  }

  @Override
  public String toString() {
    return "LazyArray[" + dtype().numpyName() + shape() + ", chunks " + grid().extentsString()
        + ", " + node.label() + "]";
  }
}
