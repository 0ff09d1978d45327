package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §3 for the decompositions: svd, pca and rsvd of a generated 512 MiB float32 signal
 * complete in a forked JVM with a 128 MiB heap (the data is 4× the heap), with the explained
 * variance known in closed form and a model that rebuilds the data.
 */
class DecompositionMemoryBoundTest {
  private static final long MAX_HEAP = 128L << 20;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void svdPcaAndRsvdOfFourTimesTheHeapComplete() throws Exception {
    Map<String, String> v = ForkedProbe.run(DecompositionMemoryProbe.class, 128, 5);
    assertThat(Long.parseLong(v.get("bytes"))).isGreaterThanOrEqualTo(4 * MAX_HEAP);
    double[] svd = pair(v.get("svdExpected"));
    double[] pca = pair(v.get("pcaExpected"));
    // float32 storage rounds each value by 6e-8 relative.
    for (String a : new String[] {"svd", "rsvd"}) {
      double[] ev = pair(v.get(a));
      assertThat(ev[0]).as(a).isCloseTo(svd[0], within(svd[0] * 1e-6));
      assertThat(ev[1]).as(a).isCloseTo(svd[1], within(svd[1] * 1e-6));
    }
    double[] ev = pair(v.get("pca"));
    assertThat(ev[0]).isCloseTo(pca[0], within(pca[0] * 1e-6));
    assertThat(ev[1]).isCloseTo(pca[1], within(pca[1] * 1e-6));
    for (String a : new String[] {"svd", "pca", "rsvd"}) {
      assertThat(Double.parseDouble(v.get(a + "ModelError"))).as(a + " model").isLessThan(1e-4);
    }
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
  }

  private static double[] pair(String s) {
    String[] p = s.split(",");
    return new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])};
  }
}
