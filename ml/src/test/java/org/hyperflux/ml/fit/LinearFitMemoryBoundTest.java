package org.hyperflux.ml.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §3 for the linear fit: a 512 MiB float32 signal is fitted in a forked JVM with a 128 MiB
 * heap (the data is 4× the heap), every position's coefficients recovered.
 */
class LinearFitMemoryBoundTest {
  private static final long MAX_HEAP = 128L << 20;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aFitOfFourTimesTheHeapCompletesWithExactMaps() throws Exception {
    Map<String, String> v = ForkedProbe.run(LinearFitMemoryProbe.class, 128, 4);
    assertThat(Long.parseLong(v.get("bytes"))).isGreaterThanOrEqualTo(4 * MAX_HEAP);
    assertThat(Long.parseLong(v.get("positions"))).isEqualTo((long) LinearFitMemoryProbe.NY * LinearFitMemoryProbe.NX);
    assertThat(Double.parseDouble(v.get("worstError"))).isLessThan(1e-9);
    assertThat(Double.parseDouble(v.get("worstChisq"))).isLessThan(1e-12);
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
  }
}
