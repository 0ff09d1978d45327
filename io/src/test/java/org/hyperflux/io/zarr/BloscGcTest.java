package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Decoding Blosc, Zstd and LZ4 chunks never makes other threads' allocations fail: see {@link
 * BloscGcProbe}. With zstd-jni's byte-array calls, which pin the arrays, this failed in six runs
 * of six; decoding through direct buffers passed eight of eight. (At 48 MiB both failed now and
 * then: G1 does not move humongous arrays, and the allocations alone fragment so small a heap.)
 */
class BloscGcTest {
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void decodingAlongsideLargeAllocationsOnASmallHeapLeavesThemRoom() throws Exception {
    Map<String, String> values = ForkedProbe.run(BloscGcProbe.class, 64, 1, "2000");
    assertThat(values.get("error")).isEqualTo("none");
    assertThat(Long.parseLong(values.get("decoded"))).isPositive();
    assertThat(Long.parseLong(values.get("allocations"))).isPositive();
  }
}
