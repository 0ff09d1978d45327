package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.core.testing.DemandChecks.assertReadsFollowDemand;

import java.time.Duration;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backpressure through an operator chain: {@code astype} then {@code sum} over the trailing
 * axes streams one output chunk per input chunk, so a request still reaches the reads.
 */
class ChainBackpressureTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void astypeThenSumOverTrailingAxesReadsOnlyWhatIsRequested(int prefetch) {
    // uint16-like ramp as float32 (64, 4, 8), chunks (2, 4, 8): 32 chunks, one per output chunk.
    CountingSource src = CountingSource.ramp(Shape.of(64, 4, 8), 2, 4, 8).blocking(Duration.ofMillis(2));
    LazyArray navigator = LazyArray.of(src).astype(DType.FLOAT64).sum(1, 2);
    assertThat(navigator.shape()).isEqualTo(Shape.of(64));
    assertThat(navigator.dtype()).isEqualTo(DType.FLOAT64);
    // Row i of the ramp sums 32 consecutive values starting at 32 i.
    assertReadsFollowDemand(navigator, src, prefetch, 1, c -> {
      long first = c.region().offset(0);
      for (int k = 0; k < c.block().length(); k++) {
        long i = first + k;
        assertThat(c.block().getDouble(k)).isEqualTo(32 * 32 * i + 31 * 32 / 2.0);
      }
    });
  }
}
