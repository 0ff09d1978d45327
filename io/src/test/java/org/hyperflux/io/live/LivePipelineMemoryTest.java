package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's memory acceptance for the whole pipeline: a 1.1 GiB scan (192 × 192 frames of
 * 128 × 128 uint16) goes over TCP through the analysis and the {@code .zspy} writer in a forked
 * JVM with a 128 MiB heap; everything is analysed and written (the temporary file is deleted).
 */
class LivePipelineMemoryTest {
  private static final long MAX_HEAP = 128L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aScanFarLargerThanTheHeapGoesThroughAnalysisAndWriter() throws Exception {
    Map<String, String> v = ForkedProbe.run(LivePipelineMemoryProbe.class, 128, 3, dir.toString(), "192", "128");
    long frames = 192L * 192;
    assertThat(Long.parseLong(v.get("frames"))).isEqualTo(frames);
    assertThat(Long.parseLong(v.get("bytes"))).isGreaterThan(8 * MAX_HEAP);
    assertThat(v.get("complete")).isEqualTo("true");
    assertThat(Long.parseLong(v.get("dropped"))).isZero();
    assertThat(Long.parseLong(v.get("analysed"))).isEqualTo(frames);
    assertThat(v.get("navigatorTotal")).isEqualTo(v.get("sentTotal"));
    assertThat(Long.parseLong(v.get("written"))).isEqualTo(frames);
    assertThat(v.get("fileComplete")).isEqualTo("true");
    assertThat(v.get("lastFrameSame")).isEqualTo("true");
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) {
      assertThat(rss).as("peak RSS").isLessThan(512L << 20);
    }
  }
}
