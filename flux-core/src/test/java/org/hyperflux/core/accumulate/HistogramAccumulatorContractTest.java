package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;

/** The accumulator contract for {@link HistogramAccumulator} on float32 data with NaN, several chunks. */
class HistogramAccumulatorContractTest
    extends AbstractAccumulatorContractTest<HistogramAccumulator.State, long[]> {
  @Override
  protected MemoryArray input() {
    float[] d = new float[9 * 13];
    for (int i = 0; i < d.length; i++) d[i] = i % 17 == 0 ? Float.NaN : (float) ((i * 37) % 101) / 10f - 1f;
    return MemoryArray.split(Block.wrap(DType.FLOAT32, d), ChunkGrid.regular(Shape.of(9, 13), new int[] {4, 5}));
  }

  @Override
  protected HistogramAccumulator accumulator(MemoryArray input) {
    return HistogramAccumulator.uniform(12, 0, 8, DType.FLOAT32).expecting(input.shape().size());
  }

  @Override
  protected void assertSameResult(long[] actual, long[] expected) {
    assertThat(actual).containsExactly(expected);
  }
}
