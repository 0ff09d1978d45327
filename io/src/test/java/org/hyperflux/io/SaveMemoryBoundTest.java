package org.hyperflux.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.hyperflux.core.testing.MemoryProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §3 and §5 for {@code .zspy}: a 2 GiB signal saved with {@link SignalFiles#save} and then
 * loaded and summed, both in a forked JVM with a 256 MiB heap, gives the closed-form sum; neither
 * the written nor the read data is ever held whole.
 */
class SaveMemoryBoundTest {
  private static final long MAX_HEAP = 256L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void savingAndSummingTwoGibibytesFitsA256MiBHeap() throws Exception {
    Map<String, String> v = ForkedProbe.run(SaveMemoryProbe.class, 256, 3, dir.toString(), "2048");
    long elements = Long.parseLong(v.get("elements"));
    assertThat(Long.parseLong(v.get("bytes"))).isEqualTo(2L << 30);
    assertThat(v.get("shape")).isEqualTo("(2048, 512, 512)");
    double expected = MemoryProbe.closedFormSum(elements);
    assertThat(Double.parseDouble(v.get("sum"))).isCloseTo(expected, within(expected * 1e-4));
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) {
      assertThat(rss).as("peak RSS").isLessThan(640L << 20);
    }
  }
}
