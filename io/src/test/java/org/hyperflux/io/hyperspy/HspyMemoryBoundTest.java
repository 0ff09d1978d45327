package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.hyperflux.core.testing.MemoryProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.hyperflux.core.testing.PythonHyperSpy;

/**
 * DESIGN §3 for {@code .hspy}: a 1 GiB file written by HyperSpy 1.7.3's own writer (float32
 * (1024, 512, 512), gzip + shuffle, 4 MiB chunks) is loaded through {@link
 * org.hyperflux.io.SignalFiles#load} and summed, then its full navigator computed, in a forked JVM
 * with a 256 MiB heap: four times the heap streamed, with the closed-form sum and per-frame sums.
 * Skipped when {@code /usr/bin/python3} has no HyperSpy.
 */
@EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
class HspyMemoryBoundTest {
  private static final long MAX_HEAP = 256L << 20;
  private static final int FRAMES = 1024;
  private static final long FRAME = 512 * 512;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aOneGibHspyIsSummedUnderA256MiBHeap() throws Exception {
    Path file = dir.resolve("probe.hspy");
    List<String> out = PythonHyperSpy.run(script(), List.of(file.toString(), Integer.toString(FRAMES)));
    assertThat(out).isNotNull();
    Map<String, String> v = ForkedProbe.run(HspyMemoryProbe.class, 256, 5, file.toString());
    assertThat(v.get("lazy")).isEqualTo("true");
    assertThat(v.get("signal")).contains("dimensions: (1024|512, 512)");
    long elements = Long.parseLong(v.get("elements"));
    assertThat(elements).isEqualTo(FRAMES * FRAME);
    assertThat(Long.parseLong(v.get("bytes"))).isEqualTo(1L << 30);
    assertThat(v.get("chunks")).contains("16").contains("256");
    double expected = MemoryProbe.closedFormSum(elements);
    assertThat(Double.parseDouble(v.get("sum"))).isCloseTo(expected, within(expected * 1e-4));
    // Every frame holds each value 0..1023 256 times.
    double frameSum = 256.0 * 1023 * 1024 / 2;
    assertThat(Integer.parseInt(v.get("navigatorLength"))).isEqualTo(FRAMES);
    assertThat(Double.parseDouble(v.get("navigatorMin"))).isCloseTo(frameSum, within(frameSum * 1e-5));
    assertThat(Double.parseDouble(v.get("navigatorMax"))).isCloseTo(frameSum, within(frameSum * 1e-5));
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) {
      // Heap + metaspace + code cache + threads + libdeflate's decoded chunks (one per core
      // being read): far below the data.
      assertThat(rss).as("peak RSS").isLessThan(640L << 20);
    }
  }

  private static Path script() {
    try {
      return Path.of(HspyMemoryBoundTest.class.getResource("/hspy/write_probe_hspy.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
