package org.hyperflux.core.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7 "a scan far larger than the client's -Xmx streams through": 2 GiB of 256×256 uint16
 * frames through a live signal, a live analysis and a second consumer in a JVM with a 96 MiB
 * heap. Runs {@link LiveMemoryProbe} in a forked JVM so that the small heap is real.
 */
class LiveMemoryTest {
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aScanTwentyTimesTheHeapStreamsThroughTheAnalysis() throws Exception {
    Map<String, String> v = ForkedProbe.run(LiveMemoryProbe.class, 96, 3, "128");
    assertThat(Long.parseLong(v.get("bytes"))).isEqualTo(2L << 30);
    assertThat(v.get("complete")).isEqualTo("true");
    assertThat(Long.parseLong(v.get("analysed"))).isEqualTo(16384);
    assertThat(Long.parseLong(v.get("counted"))).isEqualTo(16384);
    assertThat(v.get("navigatorComplete")).isEqualTo("true");
    assertThat(v.get("sumFrameOk")).isEqualTo("true");
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(96L << 20);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) assertThat(rss).as("peak RSS").isLessThan(400L << 20);
  }
}
