package org.hyperflux.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.core.testing.CountingSource.awaitAtLeast;
import static org.hyperflux.core.testing.CountingSource.sleepQuietly;

import java.time.Duration;
import java.util.function.Consumer;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Backpressure checks shared by the operator and signal tests. */
public final class DemandChecks {
  private static final Duration VERIFY = Duration.ofSeconds(10);

  private DemandChecks() {}

  /**
   * Streams {@code array}'s chunks (16 MiB budget, the given prefetch) from a {@code source}
   * whose reads are slow enough to count, where one output chunk needs {@code readsPerChunk}
   * reads, and checks that reads follow demand: nothing is read before the subscription nor
   * before the first request; request(1) delivers one chunk (checked by {@code firstChunk}) and
   * starts between {@code readsPerChunk} and {@code readsPerChunk * (1 + prefetch)} reads;
   * request(2) delivers two more, with {@code 3 * readsPerChunk} to
   * {@code readsPerChunk * (3 + prefetch)} reads in all; cancelling closes the only handle opened,
   * after which nothing more is read, and every read started has finished.
   */
  public static void assertReadsFollowDemand(LazyArray array, CountingSource source, int prefetch,
      int readsPerChunk, Consumer<Chunk> firstChunk) {
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(16L << 20).withPrefetch(prefetch);
    Flux<Chunk> chunks = array.chunks(options);
    sleepQuietly(50);
    assertThat(source.reads()).as("reads before subscription").isZero();

    StepVerifier.create(chunks, 0)
        .then(() -> sleepQuietly(100))
        .then(() -> assertThat(source.reads()).as("reads before a request").isZero())
        .thenRequest(1)
        .assertNext(firstChunk)
        .then(() -> sleepQuietly(150))
        .then(() -> assertThat(source.reads()).as("reads after request(1)")
            .isBetween(readsPerChunk, readsPerChunk * (1 + prefetch)))
        .thenRequest(2)
        .expectNextCount(2)
        .then(() -> sleepQuietly(150))
        .then(() -> assertThat(source.reads()).as("reads after request(3)")
            .isBetween(3 * readsPerChunk, readsPerChunk * (3 + prefetch)))
        .thenCancel()
        .verify(VERIFY);

    assertThat(awaitAtLeast(source::closes, 1, VERIFY)).isEqualTo(1);
    int readsAtClose = source.reads();
    sleepQuietly(100);
    assertThat(source.reads()).as("reads after cancel").isEqualTo(readsAtClose);
    assertThat(source.readsFinished()).isEqualTo(source.reads());
    assertThat(source.opens()).isEqualTo(1);
  }
}
