package org.hyperflux.io.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

/**
 * DESIGN §3 for HDF5: a 1 GiB chunked dataset (float32, gzip + shuffle, 4 MiB chunks) and a
 * 512 MiB contiguous one, written by h5py, are each summed twice (two full reads), in a forked
 * JVM with a 256 MiB heap, with the closed-form sum; neither is ever held whole (the contiguous
 * one, twice the heap, is read by region on the automatic grid). Skipped when
 * {@code /usr/bin/python3} has no h5py.
 */
@EnabledIf("org.hyperflux.io.hdf5.PythonH5py#available")
class Hdf5MemoryBoundTest {
  private static final long MAX_HEAP = 256L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void summingAChunkedAndAContiguousDatasetLargerThanTheHeapFitsA256MiBHeap() throws Exception {
    Path file = dir.resolve("probe.h5");
    List<String> out = PythonH5py.run(PythonH5py.script("write_probe_hdf5.py"), file.toString(),
        "1024", "512");
    assertThat(out).anyMatch(l -> l.startsWith("bytes="));
    Map<String, String> v = ForkedProbe.run(Hdf5MemoryProbe.class, 256, 4, file.toString(), "1");
    long elements = Long.parseLong(v.get("elements"));
    assertThat(Long.parseLong(v.get("bytes"))).isEqualTo(1L << 30);
    assertThat(v.get("chunks")).contains("16");
    double expected = MemoryProbe.closedFormSum(elements);
    // float32 sum: rounding of partial sums; the test accumulator's double sum is exact.
    assertThat(Double.parseDouble(v.get("sum"))).isCloseTo(expected, within(expected * 1e-4));
    assertThat(Double.parseDouble(v.get("passSum"))).isEqualTo(expected);
    assertThat(Long.parseLong(v.get("passElements"))).isEqualTo(elements);
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    long contiguous = Long.parseLong(v.get("contiguousElements"));
    assertThat(Long.parseLong(v.get("contiguousBytes"))).isEqualTo(1L << 29);
    double contiguousExpected = MemoryProbe.closedFormSum(contiguous);
    assertThat(Double.parseDouble(v.get("contiguousSum")))
        .isCloseTo(contiguousExpected, within(contiguousExpected * 1e-4));
    assertThat(Double.parseDouble(v.get("contiguousPassSum"))).isEqualTo(contiguousExpected);
    assertThat(Long.parseLong(v.get("contiguousPassElements"))).isEqualTo(contiguous);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) {
      // Heap + metaspace + code cache + threads + zlib: far below the data.
      assertThat(rss).as("peak RSS").isLessThan(640L << 20);
    }
  }
}
