package org.hyperflux.io.zarr;

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
 * DESIGN §3 for zarr: writing a 1 GiB generated float32 array chunk by chunk, then reading and
 * summing it twice (four full reads), all in a forked JVM with a 256 MiB heap and a 64 MiB budget, completes with the
 * closed-form sum; neither the written nor the read data is ever held whole.
 */
class ZarrMemoryBoundTest {
  private static final long MAX_HEAP = 256L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void writingAndSummingOneGibibyteFitsA256MiBHeap() throws Exception {
    Map<String, String> v = ForkedProbe.run(ZarrMemoryProbe.class, 256, 2, dir.toString(), "1024", "2");
    long elements = Long.parseLong(v.get("elements"));
    assertThat(Long.parseLong(v.get("bytes"))).isEqualTo(1L << 30);
    double expected = MemoryProbe.closedFormSum(elements);
    // float32 sum: rounding of partial sums; the test accumulator's double sum is exact.
    assertThat(Double.parseDouble(v.get("sum"))).isCloseTo(expected, within(expected * 1e-4));
    assertThat(Double.parseDouble(v.get("passSum"))).isEqualTo(expected);
    assertThat(Long.parseLong(v.get("passElements"))).isEqualTo(elements);
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) {
      // Heap + metaspace + code cache + threads + the native codec libraries: half the data.
      assertThat(rss).as("peak RSS").isLessThan(512L << 20);
    }
  }
}
