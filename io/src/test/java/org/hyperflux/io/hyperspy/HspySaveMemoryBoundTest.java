package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.testing.ForkedProbe;
import org.hyperflux.core.testing.MemoryProbe;
import org.hyperflux.io.SaveMemoryProbe;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.hyperflux.core.testing.PythonHyperSpy;

/**
 * DESIGN §3 and §5 for {@code .hspy}: a 4 GiB signal saved with hyperflux's streaming HDF5 writer
 * (deflate level 1) and then loaded and summed, both in a forked JVM with a 256 MiB heap, gives
 * the closed-form sum; neither the written nor the read data is ever held whole, and the writer
 * keeps only the chunk addresses until the file is finished. A smaller file (64 MiB, deflate
 * level 4) is summed by h5py too (skipped without it).
 */
class HspySaveMemoryBoundTest {
  private static final long MAX_HEAP = 256L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void savingAndSummingFourGibibytesOfHspyFitsA256MiBHeap() throws Exception {
    Map<String, String> v = ForkedProbe.run(SaveMemoryProbe.class, 256, 5, dir.toString(),
        "4096", "hspy", "1");
    long elements = Long.parseLong(v.get("elements"));
    assertThat(Long.parseLong(v.get("bytes"))).isEqualTo(4L << 30);
    assertThat(v.get("shape")).isEqualTo("(4096, 512, 512)");
    double expected = MemoryProbe.closedFormSum(elements);
    assertThat(Double.parseDouble(v.get("sum"))).isCloseTo(expected, within(expected * 1e-4));
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(MAX_HEAP);
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(MAX_HEAP);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) {
      assertThat(rss).as("peak RSS").isLessThan(640L << 20);
    }
    System.out.println("HspySaveMemoryBoundTest: 4 GiB .hspy written in " + v.get("writeMillis")
        + " ms, read and summed in " + v.get("readMillis") + " ms, " + v.get("bytesOnDisk")
        + " bytes on disk, peak heap " + v.get("peakHeapUsed") + ", peak RSS " + rss);
  }

  @Test
  @EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void h5pySumsASmallerFileToTheClosedForm() throws Exception {
    GeneratedSource src = MemoryProbe.source(64);
    Path file = dir.resolve("probe.hspy");
    SignalFiles.save(Signal.of(LazyArray.of(src), 2).withTitle("probe"), file);
    Path script = dir.resolve("sum.py");
    Files.writeString(script, String.join("\n",
        "import sys, h5py, numpy as np",
        "with h5py.File(sys.argv[1], 'r') as f:",
        "    d = f['/Experiments/probe/data']",
        "    total = sum(float(d[i:i + 16].sum(dtype=np.float64)) for i in range(0, d.shape[0], 16))",
        "print('{\"sum\": %r}' % total)",
        ""));
    List<String> out = PythonHyperSpy.run(script, List.of(file.toString()));
    double expected = MemoryProbe.closedFormSum(src.shape().size());
    assertThat(out).hasSize(1);
    String sum = out.get(0).replaceAll("[^0-9.eE+-]", "");
    assertThat(Double.parseDouble(sum)).isEqualTo(expected);
  }
}
