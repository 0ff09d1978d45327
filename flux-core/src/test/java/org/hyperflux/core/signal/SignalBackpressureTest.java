package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.core.testing.CountingSource.awaitAtLeast;
import static org.hyperflux.core.testing.CountingSource.sleepQuietly;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Backpressure and cancellation through the streaming signal operations: on a signal of 32
 * navigation rows stored one row per chunk, each operation's chunk stream reads nothing before
 * a request, at most a few chunks for the first requested output chunk, and after a cancel
 * closes its handle once and reads nothing more.
 */
class SignalBackpressureTest {
  private static final Duration VERIFY = Duration.ofSeconds(10);
  private static final int ROWS = 32;

  static Stream<Arguments> operations() {
    return Stream.of(
        op("isig crop", s -> s.isig(Index.range(1, 7), Index.range(1, 5))),
        op("inav stepped range", s -> s.inav(Index.all(), Index.range(2, 30, 2))),
        op("sum over the signal", s -> s.sum(AxisSet.SIGNAL)),
        op("nanmean over a named axis", s -> s.nanmean("sx")),
        op("std over the signal", s -> s.std(AxisSet.SIGNAL)),
        op("arithmetic with a scalar and a signal", s -> s.multiply(2.5).subtract(s)),
        op("changeDtype", s -> s.changeDtype(DType.FLOAT32)),
        op("circle ROI on the signal", s -> CircleRoi.of(3, 2, 2).apply(s, false)),
        op("rectangle ROI on the navigation", s -> RectangularRoi.of(0, 2, 3, 20).apply(s)),
        op("diff along a signal axis", s -> s.diff("sx", 1)),
        op("integrate1D along a signal axis", s -> s.integrate1D("sy")),
        op("T", Signal::T));
  }

  /** Chunk reads and region reads (crops read only the region they need). */
  private static int reads(CountingSource src) {
    return src.reads() + src.regionReads();
  }

  private static Arguments op(String name, UnaryOperator<Signal> operation) {
    return Arguments.of(name, operation);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void readsFollowDemandAndCancelReleasesTheHandle(String name, UnaryOperator<Signal> operation) {
    // Navigation (4, 32) | signal (8, 6); one navigation row (4 frames) per chunk.
    CountingSource src = CountingSource.ramp(Shape.of(ROWS, 4, 6, 8), 1, 4, 6, 8)
        .blocking(Duration.ofMillis(2));
    Axes axes = Axes.of(
        Axis.uniform(ROWS, 1, 0).withName("ny").withNavigate(true),
        Axis.uniform(4, 1, 0).withName("nx").withNavigate(true),
        Axis.uniform(6, 1, 0).withName("sy").withNavigate(false),
        Axis.uniform(8, 1, 0).withName("sx").withNavigate(false));
    Signal result = operation.apply(Signal.lazy(LazyArray.of(src), axes));
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(16L << 20).withPrefetch(1);
    Flux<Chunk> chunks = result.data().chunks(options);
    sleepQuietly(50);
    assertThat(reads(src)).as("reads before subscription").isZero();

    StepVerifier.create(chunks, 0)
        .then(() -> sleepQuietly(100))
        .then(() -> assertThat(reads(src)).as("reads before a request").isZero())
        .thenRequest(1)
        .assertNext(c -> {
          assertThat(c.block().dtype()).isEqualTo(result.dtype());
          assertThat(c.region()).isEqualTo(result.data().grid().region(c.gridIndex()));
        })
        .then(() -> sleepQuietly(150))
        // One output chunk needs at most two input rows (diff, T), plus one prefetched.
        .then(() -> assertThat(reads(src)).as("reads after request(1)").isBetween(1, 4))
        .thenCancel()
        .verify(VERIFY);

    assertThat(awaitAtLeast(src::closes, 1, VERIFY)).isEqualTo(1);
    int readsAtClose = reads(src);
    sleepQuietly(100);
    assertThat(reads(src)).as("reads after cancel").isEqualTo(readsAtClose).isLessThan(ROWS);
    assertThat(src.opens()).isEqualTo(1);
  }
}
