package org.hyperflux.core.ops;

import java.util.Arrays;
import java.util.Objects;
import org.hyperflux.core.accumulate.Reduction;
import org.hyperflux.core.accumulate.ReductionAccumulator;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.exec.ArrayNode;

/**
 * A reduction over a set of axes (numpy's {@code sum}, {@code mean}, ..., {@code nanstd} with
 * {@code axis=axes}, no keepdims), computed by a {@link ReductionAccumulator}. The output grid is
 * the input grid with the reduced axes removed. It is evaluated and costed as every
 * {@link AxisReduceOp}: chunk-local, streaming chunk by chunk, when every reduced axis lies in a
 * single chunk of the input grid (a navigator: the sum over whole signal axes); otherwise
 * materialised by one {@link org.hyperflux.core.exec.Pass} per execution whose states are merged
 * left to right in grid order (a sum frame over chunked navigation axes).
 */
final class ReduceOp extends AxisReduceOp<ReductionAccumulator.State> {
  private final Reduction reduction;
  private final ReductionAccumulator accumulator;

  private ReduceOp(Reduction reduction, ArrayNode input, ReductionAccumulator accumulator) {
    super(input, accumulator, new Reducer(accumulator), accumulator.axes(),
        accumulator.outputGrid(), accumulator.outputDtype());
    this.reduction = reduction;
    this.accumulator = accumulator;
    requireOneBlock("a reduction whose axes span",
        "Alternatives: rechunk so that the reduced axes are whole in every chunk (the reduction"
            + " then streams chunk by chunk), or reduce more axes.");
  }

  /**
   * The reduction {@code r} of {@code a} over {@code axes} (all when empty; negative axes count
   * from the end) with numpy's {@code ddof} for var and std.
   *
   * @throws IllegalArgumentException naming out-of-range or duplicate axes, or for min/max over a
   *     zero-length axis
   */
  static ArrayNode of(Reduction r, ArrayNode a, int[] axes, int ddof) {
    Objects.requireNonNull(r, "reduction");
    Objects.requireNonNull(a, "array");
    ReductionAccumulator acc = ReductionAccumulator.of(r, a.dtype(), a.grid(), axes, ddof);
    return new ReduceOp(r, a, acc);
  }

  ReductionAccumulator accumulator() {
    return accumulator;
  }

  @Override
  public String label() {
    return reduction.numpyName() + "(axes=" + Arrays.toString(accumulator.axes())
        + (accumulator.kind().isMoment() && accumulator.ddof() != 0 ? ", ddof=" + accumulator.ddof() : "")
        + ")";
  }

  /** The per-region side of a {@link ReductionAccumulator}: its methods of the same names. */
  private record Reducer(ReductionAccumulator acc)
      implements RegionReducer<ReductionAccumulator.State> {
    @Override
    public ReductionAccumulator.State create(Region outputRegion) {
      return acc.create(outputRegion);
    }

    @Override
    public Block finish(ReductionAccumulator.State state, Region outputRegion) {
      return acc.finish(state, outputRegion);
    }

    @Override
    public long stateBytes(long outputElements) {
      return acc.stateBytes(outputElements);
    }

    @Override
    public long chunkStateBytes() {
      return acc.chunkStateBytes();
    }

    @Override
    public long mergedStateBytes() {
      return acc.mergedStateBytes();
    }
  }
}
