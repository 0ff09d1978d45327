package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §3 and §6 for the live writer: a 512 MiB scan (256 × 256 frames of 64 × 64 uint16)
 * streams into a {@code .zspy} in a forked JVM with a 96 MiB heap; the file is complete and the
 * sum of what was sent equals that of the file loaded back (in the test's JVM). The writer never holds more than
 * its budgeted buffers.
 */
class LiveZspyMemoryBoundTest {
  private static final long MAX_HEAP = 96L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aScanFiveTimesTheHeapStreamsThroughTheWriter() throws Exception {
    Map<String, String> v = ForkedProbe.run(LiveZspyMemoryProbe.class, 96, 3, dir.toString(),
        "256", "256", "64", "48", "check", "lz4");
    assertThat(v.get("complete")).isEqualTo("true");
    assertThat(Long.parseLong(v.get("scanBytes"))).isEqualTo(512L << 20);
    assertThat(Long.parseLong(v.get("bytesRaw"))).isEqualTo(512L << 20);
    double loaded = SignalFiles.load(Path.of(v.get("file"))).data().sum().compute().getDouble();
    assertThat(loaded).isEqualTo(Double.parseDouble(v.get("sumSent")));
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) {
      assertThat(rss).as("peak RSS").isLessThan(512L << 20);
    }
  }
}
