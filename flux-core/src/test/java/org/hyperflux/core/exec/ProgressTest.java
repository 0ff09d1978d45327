package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.hyperflux.core.testing.DoubleSum;
import org.hyperflux.core.testing.RecordingProgress;
import org.hyperflux.core.testing.RecordingProgress.Event;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ProgressTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** float32 (16, 8) in chunks of (2, 8): 8 chunks of 64 bytes. */
  private static final Shape SHAPE = Shape.of(16, 8);

  private static ExecOptions options(RecordingProgress rec) {
    return ExecOptions.defaults().withBudgetBytes(16L << 20).withPrefetch(2).withProgress(rec);
  }

  /** Start first with the totals, chunks counting up by one, end last. */
  private static void assertWellFormed(List<Event> events, long chunksDone) {
    assertThat(events).isNotEmpty();
    Event start = events.get(0);
    assertThat(start.kind()).isEqualTo("start");
    assertThat(start.progress().chunksDone()).isZero();
    assertThat(start.progress().chunksTotal()).isEqualTo(8);
    assertThat(start.progress().bytesTotal()).isEqualTo(SHAPE.nbytes(DType.FLOAT32));
    Event end = events.get(events.size() - 1);
    assertThat(end.kind()).isEqualTo("end");
    List<Event> chunks = events.subList(1, events.size() - 1);
    assertThat(chunks).allMatch(e -> e.kind().equals("chunk"));
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).progress().chunksDone()).isEqualTo(i + 1);
      assertThat(chunks.get(i).progress().bytesDone()).isEqualTo(64L * (i + 1));
      assertThat(chunks.get(i).progress().chunksTotal()).isEqualTo(8);
    }
    assertThat(chunks).hasSize((int) chunksDone);
    assertThat(end.progress().chunksDone()).isEqualTo(chunksDone);
  }

  @Test
  void aSuccessfulRunCountsUpToTheTotalAndEndsWithoutError() {
    RecordingProgress rec = new RecordingProgress();
    LazyArray.of(CountingSource.ramp(SHAPE, 2, 8)).chunks(options(rec)).blockLast(TIMEOUT);
    List<Event> events = rec.events();
    assertWellFormed(events, 8);
    Event end = events.get(events.size() - 1);
    assertThat(end.error()).isNull();
    assertThat(end.progress().fraction()).isEqualTo(1.0);
    assertThat(end.progress().bytesDone()).isEqualTo(end.progress().bytesTotal());
    assertThat(end.progress().elapsedNanos()).isPositive();
  }

  @Test
  void aFailedRunEndsWithItsError() {
    RecordingProgress rec = new RecordingProgress();
    CountingSource src = CountingSource.ramp(SHAPE, 2, 8).failingAt(ChunkIndex.of(3, 0));
    StepVerifier.create(LazyArray.of(src).chunks(options(rec)))
        .expectNextCount(3)
        .expectError(SourceReadException.class)
        .verify(TIMEOUT);
    List<Event> events = rec.events();
    assertWellFormed(events, 3);
    assertThat(events.get(events.size() - 1).error()).isInstanceOf(SourceReadException.class);
  }

  @Test
  void aCancelledRunEndsWithACancellation() {
    RecordingProgress rec = new RecordingProgress();
    StepVerifier.create(LazyArray.of(CountingSource.ramp(SHAPE, 2, 8)).chunks(options(rec)), 0)
        .thenRequest(2)
        .expectNextCount(2)
        .thenCancel()
        .verify(TIMEOUT);
    List<Event> events = rec.events();
    assertWellFormed(events, 2);
    assertThat(events.get(events.size() - 1).error()).isInstanceOf(CancellationException.class);
  }

  @Test
  void aPassReportsProgressToo() {
    RecordingProgress rec = new RecordingProgress();
    Pass.over(new SourceNode(CountingSource.ramp(SHAPE, 2, 8)), options(rec)).feed(DoubleSum.mergeable())
        .run().block(TIMEOUT);
    List<Event> events = rec.events();
    assertWellFormed(events, 8);
    assertThat(events.get(events.size() - 1).error()).isNull();
  }

  @Test
  void computeReportsProgress() {
    RecordingProgress rec = new RecordingProgress();
    LazyArray.of(CountingSource.ramp(SHAPE, 2, 8)).compute(options(rec));
    assertWellFormed(rec.events(), 8);
  }
}
