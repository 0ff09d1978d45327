package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.hyperflux.core.testing.MemoryProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §3 "the budget counts every byte": summing 2 GiB of generated float32 data in a JVM
 * with a 256 MiB heap completes and equals the closed-form sum. Runs {@link MemoryProbe} in a
 * forked JVM so that the small heap is real.
 */
class MemoryBoundTest {
  private static final long MAX_HEAP = 256L << 20;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void summingTwoGibibytesFitsA256MiBHeap() throws Exception {
    Map<String, String> values = ForkedProbe.run(MemoryProbe.class, 256, 2, "2048");
    long elements = Long.parseLong(values.get("elements"));
    assertThat(Long.parseLong(values.get("bytes"))).isEqualTo(2L << 30);
    double expected = MemoryProbe.closedFormSum(elements);
    assertThat(expected).isEqualTo(1023.0 * (1L << 28));
    // float32 result: rounding of the final value and of the partial sums.
    assertThat(Double.parseDouble(values.get("sum"))).isCloseTo(expected, withPercentage(1e-4));
    // The test accumulator sums in double: every partial sum is an integer below 2^53, so exact.
    assertThat(Double.parseDouble(values.get("passSum"))).isEqualTo(expected);
    assertThat(Long.parseLong(values.get("passElements"))).isEqualTo(elements);
    long peakHeap = Long.parseLong(values.get("peakHeapUsed"));
    assertThat(peakHeap).isPositive().isLessThan(MAX_HEAP);
    assertThat(Long.parseLong(values.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    long rss = Long.parseLong(values.get("peakRss"));
    if (rss > 0) {
      // The 256 MiB heap + metaspace, code cache and thread stacks (about 200 MB seen): a
      // quarter of the 2 GiB streamed through. No direct or native buffers grow with the data.
      assertThat(rss).as("peak RSS").isLessThan(512L << 20);
    }
  }
}
