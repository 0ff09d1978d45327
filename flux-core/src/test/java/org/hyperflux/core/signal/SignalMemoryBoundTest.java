package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.hyperflux.core.testing.SignalMemoryProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3's memory acceptance: a 2.5 GiB generated signal goes through {@code isig} + {@code sum}
 * + {@code histogram} in a JVM whose heap is 256 MiB, and both results equal their closed forms
 * pixel by pixel and bin by bin ({@link SignalMemoryProbe}, forked so the small heap is real).
 */
class SignalMemoryBoundTest {
  private static final long MAX_HEAP = 256L << 20;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void isigSumAndHistogramOfTwoAndAHalfGibibytesFitA256MiBHeap() throws Exception {
    Map<String, String> values = ForkedProbe.run(SignalMemoryProbe.class, 256, 3);
    assertThat(Long.parseLong(values.get("bytes"))).isEqualTo(150L * 137 * 256 * 256 * 2);
    assertThat(values.get("signal")).isEqualTo("<LazySignal2D, title: probe, dimensions: (137, 150|256, 256)>");
    assertThat(values.get("frame")).isEqualTo("<Signal2D, title: probe, dimensions: (|192, 192)>");
    assertThat(values.get("frameDtype")).isEqualTo("uint64");
    assertThat(Long.parseLong(values.get("pixels"))).isEqualTo(192L * 192);
    assertThat(Long.parseLong(values.get("frameMismatches"))).isZero();
    assertThat(Long.parseLong(values.get("bins"))).isEqualTo(1024);
    assertThat(Long.parseLong(values.get("counted"))).isEqualTo(150L * 137 * 192 * 192);
    assertThat(Long.parseLong(values.get("binMismatches"))).isZero();
    assertThat(Long.parseLong(values.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    assertThat(Long.parseLong(values.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    long rss = Long.parseLong(values.get("peakRss"));
    if (rss > 0) assertThat(rss).as("peak RSS").isLessThan(512L << 20);
  }
}
