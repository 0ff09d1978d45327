package org.hyperflux.core.live;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one acquisition of a {@link LiveSignal} delivered. Immutable.
 *
 * @param framesExpected frames in the scan (0 when the source never started)
 * @param framesReceived frames the source delivered
 * @param bytesReceived decoded pixel bytes of those frames
 * @param framesLost frames lost in sequence gaps ({@link FrameGap}s)
 * @param dropped frames dropped per consumer, by consumer name, in attachment order (0 for
 *     {@link OverflowPolicy#BLOCK} consumers)
 * @param elapsed from the source's subscription to its end
 * @param complete every expected frame was received and the source completed normally
 */
public record LiveReport(long framesExpected, long framesReceived, long bytesReceived,
    long framesLost, Map<String, Long> dropped, Duration elapsed, boolean complete) {
  public LiveReport {
    dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
  }

  /** Frames dropped by all consumers together. */
  public long framesDropped() {
    long n = 0;
    for (long d : dropped.values()) n += d;
    return n;
  }
}
