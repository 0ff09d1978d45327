package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.core.testing.CountingSource.awaitAtLeast;
import static org.hyperflux.core.testing.CountingSource.sleepQuietly;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.hyperflux.core.testing.DoubleSum;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * Source handles are released exactly once on every path (complete, error, cancel), only after
 * the reads in flight have returned, and a read is never interrupted (DESIGN §3).
 */
class HandleLifecycleTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of(Named.of("cpu source, prefetch 0", false), 0),
        Arguments.of(Named.of("cpu source, prefetch 3", false), 3),
        Arguments.of(Named.of("blocking source, prefetch 0", true), 0),
        Arguments.of(Named.of("blocking source, prefetch 3", true), 3));
  }

  private static CountingSource source(boolean blocking) {
    CountingSource src = CountingSource.ramp(Shape.of(16, 8), 2, 8).named("test-format /data/x.bin:/entry/data");
    return blocking ? src.blocking(Duration.ofMillis(10)) : src;
  }

  private static ExecOptions options(int prefetch) {
    return ExecOptions.defaults().withBudgetBytes(16L << 20).withPrefetch(prefetch);
  }

  @ParameterizedTest
  @MethodSource("modes")
  void completionClosesTheHandleOnce(boolean blocking, int prefetch) {
    CountingSource src = source(blocking);
    StepVerifier.create(LazyArray.of(src).chunks(options(prefetch)))
        .expectNextCount(8)
        .verifyComplete();
    assertThat(awaitAtLeast(src::closes, 1, TIMEOUT)).isEqualTo(1);
    assertThat(src.opens()).isEqualTo(1);
    assertThat(src.reads()).isEqualTo(8);
    assertThat(src.closesDuringRead()).isZero();
  }

  @ParameterizedTest
  @MethodSource("modes")
  void aReadErrorArrivesAsOnErrorNamingSourceAndChunkAndClosesTheHandleOnce(boolean blocking, int prefetch) {
    ChunkIndex bad = ChunkIndex.of(5, 0);
    CountingSource src = source(blocking).failingAt(bad);
    var chunks = LazyArray.of(src).chunks(options(prefetch));

    StepVerifier.create(chunks)
        .expectNextCount(5)
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(SourceReadException.class)
              .hasMessageContaining("test-format /data/x.bin:/entry/data")
              .hasMessageContaining("chunk [5, 0]")
              .hasCauseInstanceOf(IOException.class)
              .hasRootCauseMessage("simulated disk failure at chunk [5, 0]");
          SourceReadException s = (SourceReadException) e;
          assertThat(s.chunk()).isEqualTo(bad);
          assertThat(s.source()).isEqualTo("test-format /data/x.bin:/entry/data");
        })
        .verify(TIMEOUT);

    assertThat(awaitAtLeast(src::closes, 1, TIMEOUT)).isEqualTo(1);
    sleepQuietly(100);
    assertThat(src.closes()).isEqualTo(1);
    assertThat(src.opens()).isEqualTo(1);
    assertThat(src.closesDuringRead()).isZero();
    assertThat(src.readsFinished()).isEqualTo(src.reads());
  }

  @Test
  void anErrorOnTheFirstChunkIsNotThrownFromSubscribe() {
    CountingSource src = source(false).failingAt(ChunkIndex.of(0, 0));
    var chunks = LazyArray.of(src).chunks(options(0));
    StepVerifier.create(chunks).expectError(SourceReadException.class).verify(TIMEOUT);
    assertThat(awaitAtLeast(src::closes, 1, TIMEOUT)).isEqualTo(1);
  }

  @Test
  void cancelDuringAReadNeverInterruptsItAndClosesOnlyAfterItReturned() {
    // A slow read (200 ms) and a read held until the test lets it go: cancel while each runs.
    for (boolean held : new boolean[] {false, true}) {
      CountingSource src = CountingSource.ramp(Shape.of(16, 8), 2, 8).blocking(Duration.ofMillis(200));
      if (held) src.heldUntilReleased();
      var chunks = LazyArray.of(src).chunks(options(0));

      StepVerifier.create(chunks, 0)
          .thenRequest(1)
          .then(() -> assertThat(awaitAtLeast(src::reads, 1, TIMEOUT)).isEqualTo(1))
          .thenCancel()
          .verify(TIMEOUT);

      if (held) {
        // The read cannot have returned: the handle must still be open.
        sleepQuietly(50);
        assertThat(src.readsFinished()).as("reads finished while held").isZero();
        assertThat(src.closes()).as("closes while the read runs").isZero();
        src.releaseReads();
      }
      assertThat(awaitAtLeast(src::readsFinished, 1, TIMEOUT)).isEqualTo(1);
      assertThat(awaitAtLeast(src::closes, 1, TIMEOUT)).isEqualTo(1);
      assertThat(src.interruptedReads()).as("interrupted reads").isZero();
      assertThat(src.closesDuringRead()).as("closes during a read").isZero();
      sleepQuietly(100);
      assertThat(src.reads()).as("no read after cancel").isEqualTo(1);
      assertThat(src.opens()).isEqualTo(1);
      assertThat(src.closes()).isEqualTo(1);
    }
  }

  @Test
  void cancelWithReadsInFlightClosesOnceAfterAllReturn() {
    CountingSource src = CountingSource.ramp(Shape.of(64, 8), 1, 8).blocking(Duration.ofMillis(100));
    var chunks = LazyArray.of(src).chunks(options(4));
    StepVerifier.create(chunks, 0)
        .thenRequest(2)
        .then(() -> awaitAtLeast(src::reads, 3, TIMEOUT))
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(awaitAtLeast(src::closes, 1, TIMEOUT)).isEqualTo(1);
    // Every read that acquired the handle before the cancel has returned by the close.
    int started = src.reads();
    assertThat(src.readsFinished()).isEqualTo(started);
    assertThat(src.closesDuringRead()).isZero();
    assertThat(src.interruptedReads()).isZero();
    sleepQuietly(150);
    assertThat(src.reads()).isEqualTo(started).isLessThanOrEqualTo(2 + 4);
    assertThat(src.closes()).isEqualTo(1);
  }

  @Test
  void aPassClosesItsHandleOnCompleteErrorAndCancel() {
    CountingSource ok = source(true);
    StepVerifier.create(Pass.over(new SourceNode(ok), options(-1)).feed(DoubleSum.mergeable()).run())
        .expectNextCount(1)
        .verifyComplete();
    assertThat(awaitAtLeast(ok::closes, 1, TIMEOUT)).isEqualTo(1);
    assertThat(ok.opens()).isEqualTo(1);

    CountingSource failing = source(true).failingAt(ChunkIndex.of(3, 0));
    StepVerifier.create(Pass.over(new SourceNode(failing), options(-1)).feed(DoubleSum.mergeable()).run())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SourceReadException.class).hasMessageContaining("chunk [3, 0]"))
        .verify(TIMEOUT);
    assertThat(awaitAtLeast(failing::closes, 1, TIMEOUT)).isEqualTo(1);
    assertThat(failing.closesDuringRead()).isZero();

    CountingSource slow = CountingSource.ramp(Shape.of(16, 8), 2, 8).blocking(Duration.ofMillis(150));
    Disposable running = Pass.over(new SourceNode(slow), options(-1)).feed(DoubleSum.mergeable()).run().subscribe();
    awaitAtLeast(slow::reads, 1, TIMEOUT);
    running.dispose();
    assertThat(awaitAtLeast(slow::closes, 1, TIMEOUT)).isEqualTo(1);
    int started = slow.reads();
    assertThat(slow.readsFinished()).isEqualTo(started);
    assertThat(slow.interruptedReads()).isZero();
    assertThat(slow.closesDuringRead()).isZero();
    sleepQuietly(100);
    assertThat(slow.reads()).isEqualTo(started);
  }
}
