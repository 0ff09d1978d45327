package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hyperflux.core.exec.MemoryArray;

/** The accumulator contract for {@link MomentsAccumulator} on float32 data with NaN, within a range. */
class MomentsAccumulatorContractTest
    extends AbstractAccumulatorContractTest<MomentsAccumulator.State, MomentsAccumulator.Moments> {
  @Override
  protected MemoryArray input() {
    return QuantileAccumulatorContractTest.data();
  }

  @Override
  protected MomentsAccumulator accumulator(MemoryArray input) {
    return MomentsAccumulator.of(input.dtype()).within(-10, 1.001).expecting(input.shape().size());
  }

  @Override
  protected void assertSameResult(MomentsAccumulator.Moments actual, MomentsAccumulator.Moments expected) {
    // Different merge trees round differently; the values are O(10).
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.sum()).isCloseTo(expected.sum(), within(1e-9));
    assertThat(actual.m2()).isCloseTo(expected.m2(), within(1e-9));
  }
}
