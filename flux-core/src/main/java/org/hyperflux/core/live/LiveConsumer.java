package org.hyperflux.core.live;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Something attached to a live signal before it starts: an analysis, a writer, a view. It is
 * given the acquisition's events once and returns its result; its demand on {@code events} is
 * what the acquisition waits for under the BLOCK policy.
 *
 * <p>When the acquisition fails, {@code events} fails after every event that arrived; a consumer
 * finishes what it can (a writer finalises its file, an analysis publishes its last snapshot)
 * and then fails with the same error.
 *
 * @param <R> the consumer's result
 */
@FunctionalInterface
public interface LiveConsumer<R> {
  /** Subscribes to {@code events} (exactly once) and returns the result of consuming them. */
  Mono<R> consume(Flux<LiveEvent> events);
}
