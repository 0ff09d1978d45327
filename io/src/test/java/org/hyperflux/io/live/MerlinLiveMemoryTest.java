package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §3 and §6: a live scan of 1.1 GiB streams through a client with a 96 MiB heap (the
 * simulator in the same JVM), and no Netty buffer leaks, also when acquisitions fail or are
 * cancelled (PARANOID leak detection in a forked JVM).
 */
class MerlinLiveMemoryTest {
  private static final long MAX_HEAP = 96L << 20;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aScanLargerThanTheHeapStreamsThroughWithoutLeaks() throws Exception {
    Map<String, String> v = ForkedProbe.run(MerlinLiveProbe.class, 96, 3, "96");
    assertThat(Long.parseLong(v.get("frames"))).isEqualTo(96 * 96);
    assertThat(Long.parseLong(v.get("bytes"))).isGreaterThan(10 * MAX_HEAP);
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) {
      assertThat(rss).as("peak RSS").isLessThan(384L << 20);
    }
    assertThat(Long.parseLong(v.get("leaks"))).as("Netty buffers leaked").isZero();
    assertThat(Long.parseLong(v.get("selfCheckLeaks"))).as("the leak detector finds a deliberate leak").isEqualTo(1);
  }
}
