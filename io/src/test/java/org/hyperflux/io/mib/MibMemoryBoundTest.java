package org.hyperflux.io.mib;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §3 for Merlin files: a 1 GiB {@code .mib} (a 128 × 64 scan of 256 × 256 U16 frames,
 * 1.0029 GiB on disk with the headers) is summed, by the lazy sum, by a {@link
 * org.hyperflux.core.exec.Pass} and into its navigator, twice each, in a forked JVM with a 192
 * MiB heap: every sum equals what was written and the heap never holds the data. The
 * read+decode+sum throughputs are printed, not asserted (the machine is shared).
 */
class MibMemoryBoundTest {
  private static final long MAX_HEAP = 192L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void summingAOneGibibyteMibFitsA192MiBHeap() throws Exception {
    Map<String, String> v = ForkedProbe.run(MibMemoryProbe.class, 192, 4, dir.toString(),
        "128", "64", "2");
    long expected = Long.parseLong(v.get("expectedSum"));
    assertThat(Long.parseLong(v.get("pixels"))).isEqualTo(1L << 29);
    assertThat(Long.parseLong(v.get("fileBytes"))).isGreaterThan(1L << 30);
    assertThat(Long.parseLong(v.get("sum"))).isEqualTo(expected);
    assertThat(Long.parseLong(v.get("passSum"))).isEqualTo(expected);
    assertThat(Long.parseLong(v.get("passElements"))).isEqualTo(1L << 29);
    assertThat(Long.parseLong(v.get("navigatorTotal"))).isEqualTo(expected);
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) {
      // Heap + metaspace + code cache + thread stacks + the per-thread 1 MiB read buffers.
      assertThat(rss).as("peak RSS").isLessThan(448L << 20);
    }
    System.out.printf("mib 1 GiB (U16) read+decode+sum: sum %s GB/s, pass %s GB/s, navigator %s"
            + " GB/s; raw sequential read %s GB/s; write %s GB/s; %s cores, grid %s%n",
        v.get("sumGBps"), v.get("passGBps"), v.get("navigatorGBps"),
        v.get("rawSequentialReadGBps"), v.get("writeGBps"), v.get("cores"), v.get("grid"));
  }
}
