package org.hyperflux.core.live;

/**
 * The user cancelled a live acquisition: what arrived before has been delivered, the connection
 * is closed. Consumers that keep partial results (a writer) record the run as cancelled rather
 * than failed.
 */
public class LiveCancellationException extends LiveAcquisitionException {
  private static final long serialVersionUID = 1L;

  public LiveCancellationException(String source, long framesReceived, long framesExpected) {
    super(source, "the acquisition was cancelled by the user", framesReceived, framesExpected, null);
  }
}
