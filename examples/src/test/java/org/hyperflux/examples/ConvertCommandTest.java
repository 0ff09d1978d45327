package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hyperflux convert} to {@code .zspy} and {@code info} / {@code navigator} on files: the
 * converted file holds the input's values, axes and metadata; {@code --chunks} rechunks;
 * an existing output is replaced only with {@code --overwrite}; bad inputs and outputs exit 2
 * with a message and write nothing.
 */
class ConvertCommandTest {
  private static final String[] DEMO = {"--scan", "6x10", "--frame", "16x12", "--chunk", "3x5"};

  @TempDir
  Path dir;

  private static String[] args(String... head) {
    String[] all = new String[head.length + DEMO.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(DEMO, 0, all, head.length, DEMO.length);
    return all;
  }

  private static Signal demo() {
    InfoCommand info = new InfoCommand();
    new CommandLine(info).parseArgs(args("demo"));
    return info.demo.signal();
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonPrintsOneLineWithTheSizeTheTimesAndThePeakRss() throws Exception {
    Path out = dir.resolve("scan.hspy");
    CommandRun r = CommandRun.of(args("convert", "demo", out.toString(), "--json", "--deflate-level", "1"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).doesNotContain("\n");
    Map<String, Object> line = (Map<String, Object>) Json.parse(r.out().strip());
    assertThat(line).containsKeys("op", "out", "input", "dtype", "chunks", "data_bytes", "bytes",
        "save_s", "wall_s", "peak_rss_mb");
    assertThat(line.get("out")).isEqualTo(out.toAbsolutePath().toString());
    assertThat(line.get("bytes")).isEqualTo((double) Files.size(out));
    assertThat(line.get("data_bytes")).isEqualTo(6.0 * 10 * 16 * 12 * 2);
    assertThat((Double) line.get("wall_s")).isGreaterThanOrEqualTo((Double) line.get("save_s"));
    assertThat((List<Object>) line.get("chunks")).containsExactly(3.0, 5.0, 16.0, 12.0);
    assertThat(SignalFiles.load(out).data().compute().toDoubleArray())
        .containsExactly(demo().data().compute().toDoubleArray());
  }

  @Test
  void theDemoConvertsToAZspyWithItsValuesAxesAndMetadata() throws Exception {
    Path out = dir.resolve("scan.zspy");
    CommandRun r = CommandRun.of(args("convert", "demo", out.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("hyperflux convert: <LazySignal2D, title: demo 4D-STEM")
        .contains("wrote   : " + out.toAbsolutePath()).contains("chunks  : [3, 5, 16, 12]");
    Signal back = SignalFiles.load(out);
    Signal demo = demo();
    assertThat(back.axes()).isEqualTo(demo.axes());
    assertThat(back.metadata()).isEqualTo(demo.metadata());
    assertThat(back.data().grid()).isEqualTo(demo.data().grid());
    MemoryArray a = back.data().compute();
    MemoryArray b = demo.data().compute();
    for (long i = 0; i < 6 * 10 * 16 * 12; i++) {
      long[] p = {i / 1920, i / 192 % 10, i / 12 % 16, i % 12};
      assertThat(a.getLong(p)).isEqualTo(b.getLong(p));
    }
  }

  @Test
  void chunksAreHonouredAndAnExistingOutputReplacedOnlyWithOverwrite() throws Exception {
    Path first = dir.resolve("first.zspy");
    assertThat(CommandRun.of(args("convert", "demo", first.toString())).exitCode()).isZero();
    Path second = dir.resolve("second.zspy");
    CommandRun r = CommandRun.of("convert", first.toString(), second.toString(), "--chunks", "6,2,8,12");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Signal s = SignalFiles.load(second);
    assertThat(s.data().grid()).isEqualTo(ChunkGrid.regular(s.data().shape(), 6, 2, 8, 12));
    assertThat(s.data().sum().compute().getDouble())
        .isEqualTo(SignalFiles.load(first).data().sum().compute().getDouble());

    CommandRun again = CommandRun.of("convert", first.toString(), second.toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("already exists").contains("--overwrite");
    CommandRun replaced = CommandRun.of("convert", first.toString(), second.toString(), "--overwrite");
    assertThat(replaced.exitCode()).as(replaced.err()).isZero();
    assertThat(SignalFiles.load(second).data().grid()).isEqualTo(SignalFiles.load(first).data().grid());
  }

  @Test
  void infoAndNavigatorWorkOnFiles() throws Exception {
    Path f = dir.resolve("scan.zspy");
    assertThat(CommandRun.of(args("convert", "demo", f.toString())).exitCode()).isZero();
    CommandRun info = CommandRun.of("info", f.toString());
    assertThat(info.exitCode()).as(info.err()).isZero();
    assertThat(info.out()).startsWith("<LazySignal2D, title: demo 4D-STEM, dimensions: (10, 6|12, 16)>")
        .contains("dtype  : uint16").contains("navigator: none");
    File png = dir.resolve("nav.png").toFile();
    CommandRun nav = CommandRun.of("navigator", f.toString(), "--png", png.toString());
    assertThat(nav.exitCode()).as(nav.err()).isZero();
    assertThat(ImageIO.read(png)).isNotNull();
    CommandRun stacked = CommandRun.of("info", dir + "/scan*.zspy");
    assertThat(stacked.exitCode()).as(stacked.err()).isZero();
    assertThat(stacked.out()).contains("dimensions: (10, 6|12, 16)");
  }

  @Test
  void badInputsAndOutputsExitWith2AndWriteNothing() throws Exception {
    CommandRun missing = CommandRun.of("convert", dir.resolve("missing.zspy").toString(), dir.resolve("o.zspy").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read").contains("no such file or directory");
    CommandRun tiff = CommandRun.of(args("convert", "demo", dir.resolve("o.tiff").toString()));
    assertThat(tiff.exitCode()).isEqualTo(2);
    assertThat(tiff.err()).contains("extension '.tiff'").contains("zspy (.zspy)");
    CommandRun chunks = CommandRun.of(args("convert", "demo", dir.resolve("o.zspy").toString(), "--chunks", "2,2"));
    assertThat(chunks.exitCode()).isEqualTo(2);
    assertThat(chunks.err()).contains("rank 4");
    try (var entries = Files.list(dir)) {
      assertThat(entries).isEmpty();
    }
  }
}
