package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.MemoryArray;

/** The accumulator contract for a rounded reduction: a float64 variance over the trailing axes. */
class VarianceAccumulatorContractTest
    extends AbstractAccumulatorContractTest<ReductionAccumulator.State, Block> {
  @Override
  protected MemoryArray input() {
    return ReductionContractData.data(DType.FLOAT64);
  }

  @Override
  protected ReductionAccumulator accumulator(MemoryArray input) {
    return ReductionAccumulator.of(Reduction.VAR, input.dtype(), input.grid(), new int[] {1, 2}, 1);
  }

  @Override
  protected void assertSameResult(Block actual, Block expected) {
    assertThat(actual.length()).isEqualTo(expected.length());
    // Different merge trees round differently; the values are O(1e3).
    for (int i = 0; i < actual.length(); i++) {
      assertThat(actual.getDouble(i)).isCloseTo(expected.getDouble(i), within(1e-9));
    }
  }
}
