package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.core.testing.CountingSource.awaitAtLeast;
import static org.hyperflux.core.testing.CountingSource.sleepQuietly;

import java.time.Duration;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Backpressure through an operator chain: {@code astype} then {@code sum} over the trailing
 * axes streams one output chunk per input chunk, so a request still reaches the reads.
 */
class ChainBackpressureTest {
  private static final Duration VERIFY = Duration.ofSeconds(10);

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void astypeThenSumOverTrailingAxesReadsOnlyWhatIsRequested(int prefetch) {
    // uint16-like ramp as float32 (64, 4, 8), chunks (2, 4, 8): 32 chunks, one per output chunk.
    CountingSource src = CountingSource.ramp(Shape.of(64, 4, 8), 2, 4, 8).blocking(Duration.ofMillis(2));
    LazyArray navigator = LazyArray.of(src).astype(DType.FLOAT64).sum(1, 2);
    assertThat(navigator.shape()).isEqualTo(Shape.of(64));
    assertThat(navigator.dtype()).isEqualTo(DType.FLOAT64);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(16L << 20).withPrefetch(prefetch);
    Flux<Chunk> chunks = navigator.chunks(options);
    sleepQuietly(50);
    assertThat(src.reads()).as("reads before subscription").isZero();

    StepVerifier.create(chunks, 0)
        .then(() -> sleepQuietly(100))
        .then(() -> assertThat(src.reads()).as("reads before a request").isZero())
        .thenRequest(1)
        .assertNext(c -> {
          // Row i of the ramp sums 32 consecutive values starting at 32 i.
          long first = c.region().offset(0);
          for (int k = 0; k < c.block().length(); k++) {
            long i = first + k;
            assertThat(c.block().getDouble(k)).isEqualTo(32 * 32 * i + 31 * 32 / 2.0);
          }
        })
        .then(() -> sleepQuietly(150))
        .then(() -> assertThat(src.reads()).as("reads after request(1)").isBetween(1, 1 + prefetch))
        .thenRequest(2)
        .expectNextCount(2)
        .then(() -> sleepQuietly(150))
        .then(() -> assertThat(src.reads()).as("reads after request(3)").isBetween(3, 3 + prefetch))
        .thenCancel()
        .verify(VERIFY);

    assertThat(awaitAtLeast(src::closes, 1, VERIFY)).isEqualTo(1);
    int readsAtClose = src.reads();
    sleepQuietly(100);
    assertThat(src.reads()).isEqualTo(readsAtClose);
    assertThat(src.opens()).isEqualTo(1);
  }
}
