package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Files" example, line for line, on small files, so the README stays true. */
class ReadmeFilesExampleTest {
  @Test
  void theReadmeFilesExampleRunsAsDocumented(@TempDir Path dir) throws Exception {
    Shape shape = Shape.of(4, 6, 16, 16);
    LazyArray data = LazyArray.of(GeneratedSource.of("ramp", DType.UINT16,
        ChunkGrid.regular(shape, 2, 3, 16, 16), p -> p[0] * 6 + p[1] + p[2] + p[3]));
    Signal original = Signal.of(data, 2).withTitle("scan");
    Files.createDirectories(dir.resolve("runs"));
    for (String name : new String[] {"scan.zspy", "runs/a.zspy", "runs/b.zspy"}) {
      SignalFiles.save(original, dir.resolve(name));
    }

    Signal scan = SignalFiles.load(dir.resolve("scan.zspy"));
    Signal sum = scan.sum().compute();
    SignalFiles.save(scan.rebin(2, 2, 1, 1), dir.resolve("binned.zspy"));
    SignalFiles.save(scan, dir.resolve("scan.hspy"));
    Signal series = SignalFiles.load(dir.resolve("runs") + "/*.zspy", true);

    assertThat(scan.isLazy()).isTrue();
    assertThat(scan.axes()).isEqualTo(original.axes());
    // Pixel (0, 0) summed over the scan: sum of 6 y + x over y < 4, x < 6.
    assertThat(sum.memory().orElseThrow().getLong(0, 0)).isEqualTo(276);
    Signal binned = SignalFiles.load(dir.resolve("binned.zspy"));
    assertThat(binned.axes().dimensionsString()).isEqualTo("(3, 2|16, 16)");
    assertThat(binned.compute().memory().orElseThrow().getLong(0, 0, 0, 0)).isEqualTo(0 + 1 + 6 + 7);
    assertThat(series.axes().dimensionsString()).isEqualTo("(6, 4, 2|16, 16)");
    Signal hspy = SignalFiles.load(dir.resolve("scan.hspy"));
    assertThat(hspy.axes()).isEqualTo(original.axes());
    assertThat(hspy.sum().compute().memory().orElseThrow().getLong(0, 0)).isEqualTo(276);
  }
}
