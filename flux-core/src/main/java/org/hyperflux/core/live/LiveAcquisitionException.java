package org.hyperflux.core.live;

/**
 * A live acquisition ended before its scan was complete: the sender disconnected, sent something
 * malformed, stalled longer than a timeout, or the user cancelled. Says how many frames arrived
 * out of how many were expected; what arrived before the failure has been delivered.
 */
public class LiveAcquisitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long framesReceived;
  private final long framesExpected;

  /**
   * @param source the source's description
   * @param what what went wrong, e.g. {@code the sender disconnected}
   * @param framesReceived frames that arrived
   * @param framesExpected frames in the scan (0 when not known yet)
   * @param cause the transport error, or null
   */
  public LiveAcquisitionException(String source, String what, long framesReceived,
      long framesExpected, Throwable cause) {
    super(source + ": " + what + " after " + framesReceived + " of "
        + (framesExpected > 0 ? framesExpected : "?") + " frames", cause);
    this.framesReceived = framesReceived;
    this.framesExpected = framesExpected;
  }

  public long framesReceived() {
    return framesReceived;
  }

  public long framesExpected() {
    return framesExpected;
  }
}
