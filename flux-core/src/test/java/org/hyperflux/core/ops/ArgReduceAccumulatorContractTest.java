package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.hyperflux.core.accumulate.AbstractAccumulatorContractTest;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;

/**
 * The accumulator contract for {@link ArgReduceAccumulator}: argmin along the middle axis of an
 * int16 (5, 6, 7) array whose values repeat, in irregular chunks that split that axis, so that
 * ties cross chunk boundaries; merged, serialised and passed states must give the exact indices.
 */
class ArgReduceAccumulatorContractTest
    extends AbstractAccumulatorContractTest<ArgReduceAccumulator.State, Block> {
  @Override
  protected MemoryArray input() {
    Shape shape = Shape.of(5, 6, 7);
    Block whole = Block.allocate(DType.INT16, (int) shape.size());
    for (int i = 0; i < whole.length(); i++) whole.setLong(i, (i * 37 % 11) - 5);
    return MemoryArray.split(whole,
        ChunkGrid.irregular(shape, new int[] {2, 3}, new int[] {1, 3, 2}, new int[] {4, 3}));
  }

  @Override
  protected Accumulator<ArgReduceAccumulator.State, Block> accumulator(MemoryArray input) {
    return ArgReduceAccumulator.of(false, input.dtype(), input.grid(), 1);
  }

  @Override
  protected void assertSameResult(Block actual, Block expected) {
    assertThat(actual.dtype()).isEqualTo(DType.INT64);
    assertThat((long[]) actual.array()).containsExactly((long[]) expected.array());
    for (int i = 0; i < actual.length(); i++) assertThat(actual.getLong(i)).isBetween(0L, 5L);
  }
}
