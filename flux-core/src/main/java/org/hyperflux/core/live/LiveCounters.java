package org.hyperflux.core.live;

import java.time.Duration;

/**
 * The counters of a running acquisition at one instant, for progress printing (a printer computes
 * rates from two of them). Immutable; {@link LiveSignal#counters()} makes one cheaply from atomic
 * counters, from any thread.
 *
 * @param framesExpected frames in the scan (0 before the source's {@link LiveEvent.Started})
 * @param framesReceived frames delivered by the source so far
 * @param bytesReceived decoded pixel bytes of those frames
 * @param framesLost frames the source reported lost in sequence gaps ({@link FrameGap})
 * @param framesDropped frames dropped by consumers' overflow policies, summed over consumers
 * @param elapsed time since the source was subscribed (zero before), up to its end once it ended
 */
public record LiveCounters(long framesExpected, long framesReceived, long bytesReceived,
    long framesLost, long framesDropped, Duration elapsed) {}
