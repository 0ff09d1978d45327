package org.hyperflux.core.live;

import reactor.core.publisher.Flux;

/**
 * A detector stream: a SINGLE_PASS source (DESIGN §3, §6). Nothing connects before
 * {@link #acquire()} is subscribed; each subscription is one acquisition.
 *
 * <p>Contract of the returned flux: one {@link LiveEvent.Started}, then {@link FrameBatch}es and
 * {@link FrameGap}s in acquisition order, completing after the last frame of the scan. Demand
 * reaches the transport: a source emits no more batches than requested and stops reading its
 * socket while there is no demand (TCP then pushes back on the sender). Pixels are decoded off
 * the transport's event loop. A transport failure, a malformed message or a timeout fails the
 * flux with a {@link LiveAcquisitionException} saying how many frames arrived out of how many.
 * Cancelling closes the connection.
 */
public interface LiveSource {
  /** The acquisition's events; connects on subscription. */
  Flux<LiveEvent> acquire();

  /** Names the source in messages, e.g. {@code merlin tcp://127.0.0.1:6342}. */
  String description();
}
