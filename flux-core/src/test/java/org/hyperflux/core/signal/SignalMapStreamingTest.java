package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.core.testing.CountingSource.awaitAtLeast;
import static org.hyperflux.core.testing.CountingSource.sleepQuietly;
import static org.hyperflux.core.testing.DemandChecks.assertReadsFollowDemand;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.hyperflux.core.testing.TrackingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/**
 * {@link Signal#map} streams: a request for one output chunk reads what that chunk's navigation
 * block needs (its signals assembled from every storage chunk they touch) plus the read-ahead,
 * cancelling stops reading and closes the handle once, and the input's region data is released
 * exactly once on completion, on a failure of the function and on cancel.
 */
class SignalMapStreamingTest {
  private static final Duration VERIFY = Duration.ofSeconds(10);

  /** The sum of each signal, as float64. */
  private static final SignalFunction SUM = (signal, index, out) -> {
    double s = 0;
    for (int i = 0; i < signal.length(); i++) s += signal.getDouble(i);
    out.setDouble(0, s);
  };

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void aRequestReadsOneNavigationBlockPlusPrefetchAndCancelStopsReading(int prefetch) {
    // (64|4, 8) float32 ramp; storage chunks (2, 2, 8) split the signal rows: two reads per
    // output chunk of 2 positions. The source reads whole chunks (no region reads).
    CountingSource src = CountingSource.ramp(Shape.of(64, 4, 8), 2, 2, 8)
        .withCapabilities(Capability.RANDOM_ACCESS)
        .blocking(Duration.ofMillis(2));
    Signal sums = Signal.of(LazyArray.of(src), 2).map(SUM, new long[0], DType.FLOAT64);
    assertThat(sums.data().grid().extentsString()).startsWith("((2, 2, 2");
    // signal i of the ramp sums 32 consecutive values starting at 32 i; two reads per chunk
    assertReadsFollowDemand(sums.data(), src, prefetch, 2, c -> {
      for (int k = 0; k < c.block().length(); k++) {
        long i = c.region().offset(0) + k;
        assertThat(c.block().getDouble(k)).isEqualTo(32 * 32 * i + 31 * 32 / 2.0);
      }
    });
  }

  @Test
  void inputDataIsReleasedOnCompletion() {
    TrackingNode input = ramp(false);
    Signal r = Signal.of(LazyArray.of(input), 1).map(SUM, new long[0], DType.FLOAT64);
    StepVerifier.create(r.data().chunks(ExecOptions.defaults().withParallelism(2)))
        .expectNextCount(16)
        .verifyComplete();
    assertThat(input.loads.get()).isEqualTo(16);
    assertThat(input.releases.get()).isEqualTo(16);
    assertThat(input.repeatedReleases.get()).isZero();
  }

  @Test
  void inputDataIsReleasedWhenTheFunctionFails() {
    TrackingNode input = ramp(false);
    Signal r = Signal.of(LazyArray.of(input), 1).map((signal, index, out) -> {
      if (index[0] == 9) throw new ArithmeticException("no position 9");
    }, new long[] {2}, DType.INT32);
    StepVerifier.create(r.data().chunks(ExecOptions.defaults().withParallelism(2)))
        .expectNextCount(4)
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SignalFunctionException.class)
            .hasMessageContaining("(9,)").hasCauseInstanceOf(ArithmeticException.class))
        .verify(VERIFY);
    awaitAtLeast(input.releases::get, input.loads.get(), VERIFY);
    sleepQuietly(100);
    assertThat(input.releases.get()).isEqualTo(input.loads.get()).isPositive();
    assertThat(input.repeatedReleases.get()).isZero();
  }

  @Test
  void inputDataIsReleasedOnCancel() {
    TrackingNode input = ramp(true);
    AtomicBoolean slow = new AtomicBoolean(true);
    Signal r = Signal.of(LazyArray.of(input), 1).map((signal, index, out) -> {
      if (slow.get()) sleepQuietly(20);
      out.setDouble(0, signal.getDouble(0));
    }, new long[0], DType.FLOAT64);
    StepVerifier.create(r.data().chunks(ExecOptions.defaults().withParallelism(2).withPrefetch(4)), 0)
        .thenRequest(1)
        .expectNextCount(1)
        .thenCancel()
        .verify(VERIFY);
    slow.set(false);
    sleepQuietly(300);
    assertThat(input.releases.get()).isEqualTo(input.loads.get()).isPositive();
    assertThat(input.loads.get()).isLessThan(16);
    assertThat(input.repeatedReleases.get()).isZero();
  }

  /** A (32, 8) float64 ramp in chunks of 2 rows behind a node that counts its region data. */
  private static TrackingNode ramp(boolean blocking) {
    CountingSource src = CountingSource.ramp(Shape.of(32, 8), 2, 8);
    if (blocking) src.blocking(Duration.ofMillis(5));
    return TrackingNode.of(LazyArray.of(src).astype(DType.FLOAT64).node());
  }
}
