package org.hyperflux.core.ops;

import java.util.Objects;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ArrayNode;

/**
 * numpy's {@code argmax(axis=a)} / {@code argmin(axis=a)}: the int64 index along one axis of the
 * first largest (smallest) element of every line, NaN counting as the largest (smallest), computed
 * by an {@link ArgReduceAccumulator} (the order and tie rules are described there). The output
 * grid is the input grid with the axis removed; chunking is never changed. It is evaluated and
 * costed as every {@link AxisReduceOp}, as {@link ReduceOp} is:
 *
 * <ul>
 *   <li><b>Chunk-local</b>, when the axis lies in a single chunk of the input grid (the usual
 *       case for a signal axis): it streams, and the state's index array is the output block.
 *   <li><b>Materialised</b>, when the axis spans several chunks. One pass per execution folds the
 *       chunks in parallel into states covering only each chunk's projection and merges them;
 *       because an element only replaces the best on a strictly better value or an equal value at
 *       a smaller index, the merged result keeps the first index on ties across chunk boundaries,
 *       whatever the order of folding and merging.
 * </ul>
 */
final class ArgReduceOp extends AxisReduceOp<ArgReduceAccumulator.State> {
  private final ArgReduceAccumulator accumulator;
  private final int axis;

  private ArgReduceOp(ArrayNode input, ArgReduceAccumulator accumulator) {
    super(input, accumulator, accumulator, new int[] {accumulator.axis()}, accumulator.outputGrid(),
        DType.INT64);
    this.accumulator = accumulator;
    this.axis = accumulator.axis();
    String name = accumulator.name();
    requireOneBlock("an " + name + " whose axis spans",
        "Alternative: rechunk so that axis " + axis + " is whole in every chunk (the " + name
            + " then streams chunk by chunk).");
  }

  /**
   * {@code argmax} ({@code max}) or {@code argmin} of {@code a} along {@code axis} (negative
   * counts from the end).
   *
   * @throws IllegalArgumentException for an axis out of range or of length 0
   */
  static ArrayNode of(boolean max, ArrayNode a, int axis) {
    Objects.requireNonNull(a, "array");
    return new ArgReduceOp(a, ArgReduceAccumulator.of(max, a.dtype(), a.grid(), axis));
  }

  @Override
  public String label() {
    return accumulator.name() + "(axis=" + axis + ")";
  }
}
