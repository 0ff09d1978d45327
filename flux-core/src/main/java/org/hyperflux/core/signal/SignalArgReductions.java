package org.hyperflux.core.signal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import org.hyperflux.core.ops.LazyArray;
import reactor.core.publisher.Mono;

/**
 * HyperSpy 1.7.3's {@code indexmax}, {@code indexmin}, {@code valuemax} and {@code valuemin} for
 * {@link Signal}, lazy.
 *
 * <p><b>Axis.</b> One axis, given as HyperSpy's integer (the natural order, navigation x first;
 * negative counts from the end, as indexing HyperSpy's tuple of axes does) or by name (the last
 * axis in natural order of that name, as {@code axes_manager[name]}).
 *
 * <p><b>Result</b> ({@code _apply_function_on_data_and_remove_axis} with {@code np.argmax} /
 * {@code np.argmin}): the data is {@link LazyArray#argmax}/{@link LazyArray#argmin} along the
 * axis's array index, int64, first index on ties, the index of the first NaN where a line holds
 * NaN. The axis is removed and every other axis keeps its calibration and its navigate flag, so
 * the kind follows from the remaining signal axes: {@code indexmax} over the only signal axis of a
 * Signal1D {@code (4, 3|5)} gives a BaseSignal {@code (4, 3|)}, over a navigation axis a Signal1D
 * {@code (3|5)}. Metadata and {@code original_metadata} (title included) are kept. The chunk grid
 * is the input's with the axis removed; nothing is rechunked (HyperSpy's lazy path rechunks to
 * dask's automatic chunks first).
 *
 * <p><b>Values</b> ({@code valuemax}/{@code valuemin}: {@code axis.index2value} of the indices):
 * float64, {@code axis.axis[index]}, i.e. {@code offset + scale * index} on a uniform axis (the
 * same float64 arithmetic as HyperSpy's {@code axis} array) and the explicit value on a
 * non-uniform one, looked up tile by tile from the index data.
 *
 * <p>One difference: reducing the only axis of a signal leaves a signal of rank 0 (as every
 * reduction does here) where HyperSpy adds a size-1 "Scalar" signal axis, {@code (|1)}.
 */
final class SignalArgReductions {
  private SignalArgReductions() {}

  /** The array index of HyperSpy's integer axis {@code natural} (negative from the end). */
  static int arrayIndex(Signal s, int natural) {
    Axes axes = s.axes();
    int n = natural < 0 ? natural + axes.rank() : natural;
    if (n < 0 || n >= axes.rank()) {
      throw new IllegalArgumentException(
          "axis index " + natural + " is out of range for the " + axes.rank() + " axes of " + s
              + (axes.rank() == 0 ? "" : " (valid: " + (-axes.rank()) + " to " + (axes.rank() - 1) + ")"));
    }
    return axes.arrayIndex(n);
  }

  /** The array index of the axis named {@code name}. */
  static int arrayIndex(Signal s, String name) {
    return s.axes().indexOf(Objects.requireNonNull(name, "axis"));
  }

  /** {@code indexmax} ({@code max}) or {@code indexmin} along the axis at {@code arrayIndex}. */
  static Signal index(Signal s, int arrayIndex, boolean max) {
    return s.derived(indices(s, arrayIndex, max), s.axes().remove(arrayIndex));
  }

  /** {@code valuemax} ({@code max}) or {@code valuemin} along the axis at {@code arrayIndex}. */
  static Signal value(Signal s, int arrayIndex, boolean max) {
    Axis axis = s.axes().axis(arrayIndex);
    String label = s.axes().axisRepr(arrayIndex);
    ArrayNode values = new AxisValues(indices(s, arrayIndex, max).node(), axis.values(), label);
    return s.derived(LazyArray.of(values), s.axes().remove(arrayIndex));
  }

  private static LazyArray indices(Signal s, int arrayIndex, boolean max) {
    Axis axis = s.axes().axis(arrayIndex);
    if (axis.size() == 0) {
      String name = max ? "indexmax" : "indexmin";
      throw new IllegalArgumentException(
          name + " over " + s.axes().axisRepr(arrayIndex) + " of " + s + ": the axis is empty"
              + " (numpy: attempt to get " + (max ? "argmax" : "argmin") + " of an empty sequence)");
    }
    return max ? s.data().argmax(arrayIndex) : s.data().argmin(arrayIndex);
  }

  /**
   * {@code values[index]} for every element of an int64 index array: float64, same shape and
   * grid, computed one tile at a time when a tile of the result is read.
   */
  private static final class AxisValues extends ArrayNode {
    private final ArrayNode indices;
    private final double[] values;
    private final String axisLabel;

    AxisValues(ArrayNode indices, double[] values, String axisLabel) {
      super(indices.shape(), DType.FLOAT64, indices.grid(), List.of(indices));
      if (indices.dtype() != DType.INT64) {
        throw new IllegalArgumentException(
            "axis values are looked up by int64 indices, not " + indices.dtype().numpyName());
      }
      this.indices = indices;
      this.values = values;
      this.axisLabel = axisLabel;
    }

    @Override
    public Mono<RegionData> load(Region region, ExecContext ctx) {
      return indices.load(region, ctx).map(Data::new);
    }

    /** The index data's cost plus one float64 tile of values. */
    @Override
    public void cost(Region region, Cost cost) {
      indices.cost(region, cost);
      if (!region.isEmpty()) cost.hold(Math.min(region.size(), cost.tileElements()) * 8L);
    }

    @Override
    public String label() {
      return "index2value(" + axisLabel + ")";
    }

    /** The index data, mapped to axis values tile by tile. */
    private final class Data implements RegionData {
      private final RegionData in;
      private final AtomicBoolean released = new AtomicBoolean();

      Data(RegionData in) {
        this.in = in;
      }

      @Override
      public Region region() {
        return in.region();
      }

      @Override
      public DType dtype() {
        return DType.FLOAT64;
      }

      @Override
      public Block tile(Region tile) {
        if (released.get()) {
          throw new IllegalStateException("tile " + tile + " of " + label() + " read after release");
        }
        Block src = in.tile(tile);
        int n = src.length();
        long[] idx = (long[]) src.array();
        int off = src.offset();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          long k = idx[off + i];
          if (k < 0 || k >= values.length) {
            throw new IllegalStateException(
                "index " + k + " is outside " + axisLabel + " (" + values.length + " values)");
          }
          out[i] = values[(int) k];
        }
        return Block.wrap(DType.FLOAT64, out);
      }

      @Override
      public void release() {
        if (released.compareAndSet(false, true)) in.release();
      }
    }
  }
}
