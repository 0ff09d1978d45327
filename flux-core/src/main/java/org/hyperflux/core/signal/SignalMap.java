package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.ops.Slice;
import reactor.core.scheduler.Schedulers;

/**
 * {@link Signal#map}: HyperSpy 1.7.3's {@code BaseSignal.map} with {@code inplace=False}
 * ({@code _map_iterate}, a function per navigation position) as a lazy {@link MapNode}, with
 * HyperSpy's result axes, dtype and metadata.
 *
 * <p><b>Axes</b> ({@code _map_iterate} after {@code da.blockwise}): the navigation axes are kept.
 * An output signal of the input's signal shape keeps the signal axes as they are. Otherwise
 * HyperSpy removes the signal axes beyond the output's number of dimensions in natural order
 * ({@code am.remove(am.signal_axes[len(output_signal_size):])}: the first signal axes in natural
 * order, x first, are kept, which are the last in array order), appends an axis with HyperSpy's
 * defaults (no name or units, scale 1, offset 0) per missing dimension at the end of the array
 * order (so a new axis becomes the natural x and the kept ones move up), and then takes every
 * size from the output's array shape ({@code get_dimensions_from_data}): a kept uniform axis keeps
 * its name, units, scale and offset with the new size. A scalar output removes every signal
 * axis. The metadata and title are kept, and the dtype is the declared or inferred one.
 *
 * <p>Two differences, both where HyperSpy leaves an inconsistent signal. A kept non-uniform axis
 * whose size changes keeps its first values when it shrinks (HyperSpy keeps the whole, now too
 * long, values array) and becomes a default uniform axis with its name and units when it grows
 * (HyperSpy's values array is then too short). A scalar output without navigation axes gives a
 * signal of rank 0 where HyperSpy adds a size-1 "Scalar" axis, as {@link Signal}'s reductions
 * do; and a signal without signal axes gives the function a one-element signal whose scalar
 * output adds no axis (HyperSpy probes such a signal with a one-element array and declares a
 * size-1 signal axis that its computed data does not have).
 *
 * <p><b>Budget.</b> Building checks that one navigation position fits the budget: its input
 * signal (costed by the input, so every storage chunk it touches is counted) and its output.
 * Whether a whole navigation chunk of them fits is checked, as for every plan, when the plan
 * is costed before reading.
 */
final class SignalMap {
  private SignalMap() {}

  /** {@link Signal#map(SignalFunction, long[], DType, ExecOptions)}. */
  static Signal map(Signal s, SignalFunction function, long[] outputSignalShape, DType dtype,
      ExecOptions options) {
    if (function == null) {
      throw new IllegalArgumentException("map needs a function; got null");
    }
    if (outputSignalShape == null) {
      throw new IllegalArgumentException(
          "map needs the output signal shape (natural order; new long[0] for a scalar); got null");
    }
    if (dtype == null) {
      throw new IllegalArgumentException("map needs the output dtype; got null");
    }
    if (options == null) {
      throw new IllegalArgumentException("map needs execution options; got null");
    }
    for (int k = 0; k < outputSignalShape.length; k++) {
      long d = outputSignalShape[k];
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "output signal shape " + SignalFunctionException.tuple(outputSignalShape)
                + " (natural order) has the extent " + d + " at " + k + "; extents must be"
                + " between 0 and " + Integer.MAX_VALUE);
      }
    }
    long[] outArray = reversed(outputSignalShape);
    Axes axes = s.axes();
    int nav = axes.navigationDimension();
    String label = "map(-> " + dtype.numpyName() + " signal "
        + SignalFunctionException.tuple(outputSignalShape) + ")";
    MapNode node = MapNode.of(s.data().node(), nav, outArray, dtype, function, label);
    checkOnePosition(node, nav, s, options);
    return s.derived(LazyArray.of(node), outputAxes(axes, outArray));
  }

  /** {@link Signal#map(SignalMapper, ExecOptions)}: reads the first signal to infer the output. */
  static Signal map(Signal s, SignalMapper mapper, ExecOptions options) {
    if (mapper == null) {
      throw new IllegalArgumentException("map needs a function; got null");
    }
    if (options == null) {
      throw new IllegalArgumentException("map needs execution options; got null");
    }
    Axes axes = s.axes();
    int nav = axes.navigationDimension();
    for (long d : axes.navigationShape()) {
      if (d == 0) {
        throw new IllegalArgumentException(
            "cannot infer the output of map from the first signal of " + s + ": it has no"
                + " navigation positions (navigation shape "
                + SignalFunctionException.tuple(axes.navigationShape()) + "). Declare it:"
                + " map(function, outputSignalShape, outputDtype).");
      }
    }
    if (Schedulers.isInNonBlockingThread()) {
      throw new IllegalStateException(
          "map(mapper) reads the first signal and blocks, which cannot run on the non-blocking"
              + " thread " + Thread.currentThread().getName() + "; declare the output instead:"
              + " map(function, outputSignalShape, outputDtype)");
    }
    Slice[] slices = new Slice[axes.rank()];
    Arrays.fill(slices, Slice.all());
    for (int a = 0; a < nav; a++) slices[a] = Slice.of(0, 1);
    MemoryArray first = s.data().slice(slices).computeMono(options).block();
    Block signal = first.toBlock();
    long[] origin = new long[nav];
    // A failure here is a build-time failure: thrown at once as a bad argument, with the cause.
    String at = "map could not infer its output from the first signal of " + s
        + " (navigation index " + SignalFunctionException.tuple(origin) + "): ";
    SignalMapper.Output output;
    try {
      output = mapper.apply(signal, origin.clone());
    } catch (Exception e) {
      throw new IllegalArgumentException(at + "the function threw " + e, e);
    }
    if (output == null) {
      throw new IllegalArgumentException(at + "the function returned null instead of its output");
    }
    long[] shape = output.signalShape();
    return map(s, new MapperFunction(mapper, shape, output.dtype()), shape, output.dtype(),
        options);
  }

  /**
   * HyperSpy's axes of a map whose output signals have {@code outArray} extents (array order);
   * see the class comment.
   */
  static Axes outputAxes(Axes axes, long[] outArray) {
    int nav = axes.navigationDimension();
    List<Axis> arrayOrder = axes.arrayOrder();
    long[] shape = axes.arrayShape();
    if (Arrays.equals(Arrays.copyOfRange(shape, nav, shape.length), outArray)) return axes;
    int kept = Math.min(axes.signalDimension(), outArray.length);
    List<Axis> signalAxes = arrayOrder.subList(arrayOrder.size() - kept, arrayOrder.size());
    List<Axis> out = new ArrayList<>(arrayOrder.subList(0, nav));
    for (int k = 0; k < outArray.length; k++) {
      int size = (int) outArray[k];
      out.add(k < kept ? resized(signalAxes.get(k), size) : Axis.uniform(size));
    }
    return Axes.of(out);
  }

  /** A kept signal axis with {@code size} points; see the class comment for non-uniform axes. */
  private static Axis resized(Axis axis, int size) {
    if (axis.size() == size) return axis;
    if (axis.isUniform()) return axis.withSize(size);
    if (size < axis.size()) return axis.slice(0, size);
    return Axis.uniform(size).withName(axis.name()).withUnits(axis.units());
  }

  /**
   * Fails when one navigation position (at the start of the largest navigation chunk along each
   * axis, whose storage chunks are the largest) does not fit the budget.
   */
  private static void checkOnePosition(MapNode node, int nav, Signal s, ExecOptions options) {
    Shape shape = node.shape();
    if (shape.size() == 0) return;
    ChunkGrid grid = node.grid();
    long[] o = new long[shape.rank()];
    int[] e = new int[shape.rank()];
    for (int a = 0; a < nav; a++) {
      int[] extents = grid.extents(a);
      int largest = 0;
      for (int k = 1; k < extents.length; k++) if (extents[k] > extents[largest]) largest = k;
      o[a] = grid.offset(a, largest);
      e[a] = 1;
    }
    for (int a = nav; a < e.length; a++) e[a] = (int) shape.dim(a);
    Cost cost = new Cost(options.tileElements());
    node.cost(Region.of(o, e), cost);
    if (cost.heldBytes() > options.budgetBytes()) {
      throw new PlanException(String.format(
          "%s of %s needs %d bytes for a single navigation position (its whole input signal,"
              + " with every storage chunk it touches (chunks %s), and its output signal) but"
              + " the budget is %d bytes. Alternatives: a larger budget (ExecOptions"
              + ".withBudgetBytes, given to map(..., options)), or data saved with storage"
              + " chunks that hold fewer navigation positions.",
          node.label(), s, cost.heldBytes(), s.data().grid().extentsString(),
          options.budgetBytes()));
    }
  }

  private static long[] reversed(long[] values) {
    long[] r = new long[values.length];
    for (int i = 0; i < r.length; i++) r[i] = values[values.length - 1 - i];
    return r;
  }

  /**
   * A {@link SignalMapper} as a signal function of the shape and dtype the first signal gave:
   * every output must have them, and is copied into its slot.
   */
  private static final class MapperFunction implements SignalFunction {
    private static final long serialVersionUID = 1L;

    private final SignalMapper mapper;
    private final long[] shape;
    private final DType dtype;

    MapperFunction(SignalMapper mapper, long[] shape, DType dtype) {
      this.mapper = mapper;
      this.shape = shape.clone();
      this.dtype = dtype;
    }

    @Override
    public void apply(Block signal, long[] navigationIndex, Block out) {
      SignalMapper.Output o = mapper.apply(signal, navigationIndex);
      if (o == null) {
        throw new IllegalStateException("the function returned null instead of its output");
      }
      long[] got = o.signalShape();
      if (o.dtype() != dtype || !Arrays.equals(got, shape)) {
        throw new IllegalStateException(
            "the function returned a " + o.dtype().numpyName() + " output of shape "
                + SignalFunctionException.tuple(got) + " but the first signal gave "
                + dtype.numpyName() + " " + SignalFunctionException.tuple(shape)
                + "; every signal must give the same shape and dtype");
      }
      out.copyFrom(o.data(), 0, 0, out.length());
    }
  }
}
