package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.core.testing.CountingSource.awaitAtLeast;
import static org.hyperflux.core.testing.CountingSource.sleepQuietly;

import java.time.Duration;
import java.util.stream.Stream;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Demand reaches the reads: nothing is read before a request, a request for n chunks starts at
 * most n + prefetch reads, and cancelling stops reading and closes the handle exactly once.
 * Each case runs with a CPU-only source (reads on the parallel scheduler) and with a blocking one
 * (reads on the IO scheduler).
 */
class BackpressureTest {
  private static final Duration VERIFY = Duration.ofSeconds(10);
  /** How long reads get to happen before the counters are checked. */
  private static final long SETTLE_MS = 100;

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (boolean blocking : new boolean[] {false, true}) {
      for (int prefetch : new int[] {0, 1, 2, 4}) {
        b.add(Arguments.of(Named.of((blocking ? "blocking" : "cpu") + " source, prefetch " + prefetch,
            blocking), prefetch));
      }
    }
    return b.build();
  }

  private static CountingSource source(boolean blocking) {
    CountingSource src = CountingSource.ramp(Shape.of(64, 16), 2, 16);
    return blocking ? src.blocking(Duration.ofMillis(5)) : src;
  }

  private static ExecOptions options(int prefetch) {
    return ExecOptions.defaults().withBudgetBytes(64L << 20).withPrefetch(prefetch);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void nothingIsReadBeforeSubscriptionOrRequest(boolean blocking, int prefetch) {
    CountingSource src = source(blocking);
    Flux<Chunk> chunks = LazyArray.of(src).chunks(options(prefetch));
    sleepQuietly(SETTLE_MS);
    assertThat(src.reads()).as("reads before subscription").isZero();
    assertThat(src.opens()).as("opens before subscription").isZero();

    StepVerifier.create(chunks, 0)
        .expectSubscription()
        .then(() -> sleepQuietly(SETTLE_MS))
        .then(() -> assertThat(src.reads()).as("reads without a request").isZero())
        .thenCancel()
        .verify(VERIFY);
    sleepQuietly(SETTLE_MS);
    assertThat(src.reads()).isZero();
    assertThat(src.closes()).isEqualTo(src.opens());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aRequestStartsAtMostOneReadPlusPrefetch(boolean blocking, int prefetch) {
    CountingSource src = source(blocking);
    Flux<Chunk> chunks = LazyArray.of(src).chunks(options(prefetch));

    StepVerifier.create(chunks, 0)
        .thenRequest(1)
        .expectNextCount(1)
        .then(() -> sleepQuietly(SETTLE_MS))
        .then(() -> assertThat(src.reads()).as("reads after request(1)").isBetween(1, 1 + prefetch))
        .thenRequest(2)
        .expectNextCount(2)
        .then(() -> sleepQuietly(SETTLE_MS))
        .then(() -> assertThat(src.reads()).as("reads after request(1 + 2)").isBetween(3, 3 + prefetch))
        .thenCancel()
        .verify(VERIFY);

    assertThat(awaitAtLeast(src::closes, 1, VERIFY)).as("handle closes after cancel").isEqualTo(1);
    int readsAtClose = src.reads();
    sleepQuietly(SETTLE_MS);
    assertThat(src.reads()).as("reads after cancel").isEqualTo(readsAtClose);
    assertThat(src.readsFinished()).isEqualTo(src.reads());
    assertThat(src.opens()).isEqualTo(1);
    assertThat(src.closes()).isEqualTo(1);
  }

  static Stream<Arguments> sources() {
    return Stream.of(Arguments.of(Named.of("cpu source", false)), Arguments.of(Named.of("blocking source", true)));
  }

  @ParameterizedTest
  @MethodSource("sources")
  void withPrefetchZeroEveryRequestedChunkIsReadExactlyOnce(boolean blocking) {
    CountingSource src = source(blocking);
    Flux<Chunk> chunks = LazyArray.of(src).chunks(options(0));
    StepVerifier.Step<Chunk> step = StepVerifier.create(chunks, 0);
    int requested = 0;
    for (int n : new int[] {1, 1, 3, 2}) {
      requested += n;
      int expected = requested;
      step = step.thenRequest(n)
          .expectNextCount(n)
          .then(() -> sleepQuietly(50))
          .then(() -> assertThat(src.reads()).as("reads after %d requested", expected).isEqualTo(expected));
    }
    step.thenCancel().verify(VERIFY);
    assertThat(awaitAtLeast(src::closes, 1, VERIFY)).isEqualTo(1);
  }
}
