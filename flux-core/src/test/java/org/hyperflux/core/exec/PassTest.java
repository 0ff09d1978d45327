package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.testing.CountingSource;
import org.hyperflux.core.testing.DoubleSum;
import org.hyperflux.core.testing.TileRecorder;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/** One read feeding many accumulators (DESIGN §3 "one pass, many consumers"). */
class PassTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withBudgetBytes(16L << 20);

  /**
   * Chunks whose reads fail at the same moment (held, then released together): Reactor gathers
   * concurrent failures into a composite exception that names no chunk; the pass fails with one
   * chunk's error instead, the others suppressed in it. An ordered accumulator, so that the
   * chunks are read concurrently one by one (mergeable ones would share one partition of these
   * small chunks). Repeated, since the race is timing's.
   */
  @Test
  void chunksFailingTogetherFailThePassWithOneChunksError() {
    for (int round = 0; round < 100; round++) {
      CountingSource src = CountingSource.ramp(Shape.of(32, 64), 4, 64).heldUntilReleased()
          .failingEverywhere();
      Mono<List<Partial<?>>> run = Pass.over(new SourceNode(src), OPTIONS)
          .feed(DoubleSum.ordered()).run();
      CompletableFuture<List<Partial<?>>> result = run.toFuture();
      src.releaseReads();
      Throwable failure = catchThrowable(() -> result.get(10, TimeUnit.SECONDS));
      assertThat(failure).as("round %d", round).isInstanceOf(ExecutionException.class);
      assertThat(failure.getCause()).as("round %d", round)
          .isInstanceOf(SourceReadException.class)
          .hasCauseInstanceOf(IOException.class)
          .hasMessageContaining("failed to read chunk");
    }
  }

  @Test
  void aCompositeOfChunkFailuresBecomesItsFirstWithTheOthersSuppressed() {
    SourceReadException first = new SourceReadException("s", ChunkIndex.of(0, 0),
        new IOException("first"));
    SourceReadException second = new SourceReadException("s", ChunkIndex.of(1, 0),
        new IOException("second"));
    Throwable one = Pass.firstFailure(Exceptions.multiple(first, second));
    assertThat(one).isSameAs(first);
    assertThat(one.getSuppressed()).containsExactly(second);
  }

  @Test
  void twoAccumulatorsAreFedFromOneRead() {
    // float32 ramp 0..2047 in 8 chunks of (4, 64); tiles of 100 elements are one row of 64.
    CountingSource src = CountingSource.ramp(Shape.of(32, 64), 4, 64);
    DoubleSum mergeable = DoubleSum.mergeable();
    DoubleSum ordered = DoubleSum.ordered();

    List<Partial<?>> results = Pass.over(new SourceNode(src), OPTIONS.withTileElements(100))
        .feed(mergeable).feed(ordered).run().block(TIMEOUT);

    double expected = 2047.0 * 2048 / 2;
    assertThat(results).hasSize(2);
    for (Partial<?> p : results) {
      DoubleSum.Result r = (DoubleSum.Result) p.value();
      assertThat(r.sum()).isEqualTo(expected);
      assertThat(r.elements()).isEqualTo(2048);
      assertThat(r.tiles()).isEqualTo(32);
      assertThat(p.isComplete()).isTrue();
    }
    assertThat(mergeable.accepts()).isEqualTo(32);
    assertThat(ordered.accepts()).isEqualTo(32);
    assertThat(src.reads()).as("each chunk read once for both accumulators").isEqualTo(8);
    assertThat(src.opens()).isEqualTo(1);
    assertThat(src.closes()).isEqualTo(1);
  }

  @Test
  void orderedAccumulatorsSeeEveryTileInGridOrder() {
    CountingSource src = CountingSource.ramp(Shape.of(9, 5, 4), 2, 3, 4).blocking(Duration.ofMillis(2));
    TileRecorder recorder = new TileRecorder();
    ExecOptions o = OPTIONS.withTileElements(6).withPrefetch(4);
    List<Partial<?>> results = Pass.over(new SourceNode(src), o).feed(DoubleSum.mergeable()).feed(recorder)
        .run().block(TIMEOUT);

    @SuppressWarnings("unchecked")
    List<TileRecorder.Seen> seen = (List<TileRecorder.Seen>) results.get(1).value();
    ChunkGrid grid = src.grid();
    List<TileRecorder.Seen> expected = new ArrayList<>();
    for (long i = 0; i < grid.chunkCount(); i++) {
      Region r = grid.region(grid.index(i));
      for (Region t : Tiles.of(r, 6)) expected.add(new TileRecorder.Seen(grid.index(i), t, t.size()));
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(((DoubleSum.Result) results.get(0).value()).sum()).isEqualTo(179.0 * 180 / 2);
  }

  @Test
  void mergeableFloatResultsAreIdenticalRunToRun() {
    GeneratedSource src = GeneratedSource.of("noise", DType.FLOAT32, ChunkGrid.regular(Shape.of(64, 333), 3, 333),
        p -> Math.sin(p[0] * 1.7 + p[1] * 0.31) * 1e3 + 1e-3 * p[1]);
    ExecOptions o = OPTIONS.withParallelism(8).withTileElements(50);
    double first = Double.NaN;
    for (int run = 0; run < 4; run++) {
      List<Partial<?>> r = Pass.over(new SourceNode(src), o).feed(DoubleSum.mergeable()).run().block(TIMEOUT);
      double sum = ((DoubleSum.Result) r.get(0).value()).sum();
      if (run == 0) first = sum;
      assertThat(Double.doubleToRawLongBits(sum)).as("run %d", run).isEqualTo(Double.doubleToRawLongBits(first));
    }
  }

  @Test
  void statesOverTheBudgetFailBeforeReading() {
    CountingSource src = CountingSource.ramp(Shape.of(32, 64), 4, 64);
    Pass pass = Pass.over(new SourceNode(src), OPTIONS).feed(DoubleSum.mergeable().withStateBytes(8L << 20));
    assertThatThrownBy(pass::run)
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("budget is " + (16L << 20) + " bytes");
    assertThat(src.opens()).isZero();
    // The plan counts one state per chunk in flight for a mergeable accumulator, plus the merged one.
    Plan plan = Pass.over(new SourceNode(src), OPTIONS.withPrefetch(2)).feed(DoubleSum.mergeable().withStateBytes(1000)).plan();
    assertThat(plan.perChunkBytes()).isEqualTo(4 * 64 * 4 + 1000);
    assertThat(plan.residentBytes()).isEqualTo(1000);
    assertThat(plan.peakBytes()).isEqualTo(1000 + 3 * (4 * 64 * 4 + 1000));
  }

  @Test
  void aPassWithoutAccumulatorsStillReadsOnce() {
    CountingSource src = CountingSource.ramp(Shape.of(8, 8), 4, 8);
    assertThat(Pass.over(new SourceNode(src), OPTIONS).run().block(TIMEOUT)).isEmpty();
    assertThat(src.reads()).isEqualTo(2);
  }
}
