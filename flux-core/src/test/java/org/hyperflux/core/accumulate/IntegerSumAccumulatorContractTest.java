package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.MemoryArray;

/** The accumulator contract for an exact reduction: an int32 sum over the leading axes. */
class IntegerSumAccumulatorContractTest
    extends AbstractAccumulatorContractTest<ReductionAccumulator.State, Block> {
  @Override
  protected MemoryArray input() {
    return ReductionContractData.data(DType.INT32);
  }

  @Override
  protected ReductionAccumulator accumulator(MemoryArray input) {
    return ReductionAccumulator.of(Reduction.SUM, input.dtype(), input.grid(), new int[] {0, 1}, 0);
  }

  @Override
  protected void assertSameResult(Block actual, Block expected) {
    assertThat(actual.dtype()).isEqualTo(expected.dtype());
    assertThat(actual.length()).isEqualTo(expected.length());
    for (int i = 0; i < actual.length(); i++) assertThat(actual.getLong(i)).isEqualTo(expected.getLong(i));
  }
}
