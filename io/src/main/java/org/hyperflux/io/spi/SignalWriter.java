package org.hyperflux.io.spi;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * One save in preparation, made by {@link FormatProvider#writer}: {@link #write()} writes the
 * whole file at its path; {@link #stop} is called by the facade after the write failed or was
 * cancelled, before it deletes what was written.
 */
public interface SignalWriter {
  /** Writes the file; lazy, nothing happens before subscription. Completes when all is stored. */
  Mono<Void> write();

  /**
   * Lets no further part of the file start being written and waits, at most {@code timeout}, for
   * the parts being written to end; true when nothing is being written any more.
   */
  boolean stop(Duration timeout) throws InterruptedException;
}
