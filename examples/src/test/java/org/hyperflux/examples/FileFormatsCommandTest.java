package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperflux info}, {@code navigator} and {@code convert} on the formats read through
 * {@link SignalFiles}: a {@code .hspy} written by HyperSpy 1.7.3 (with a stored navigator), a
 * {@code .blo} blockfile, and a dataset of a plain HDF5 file named with {@code --dataset} (a plain
 * HDF5 file without it exits 2 listing its datasets). The converted {@code .zspy} holds the
 * input's values, axes, metadata and navigator, and so does a converted {@code .hspy} (written by
 * hyperflux's own HDF5 writer, at the deflate level given). The input files are io's golden
 * fixtures.
 */
class FileFormatsCommandTest {
  @TempDir
  Path dir;

  /** A golden file of the io module's tests, e.g. {@code hspy/image_u2_flat_navigator.hspy}. */
  static Path golden(String name) {
    try {
      Path testClasses = Path.of(FileFormatsCommandTest.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      Path f = testClasses.getParent().getParent().resolveSibling("io")
          .resolve("src/test/resources/golden").resolve(name);
      assertThat(f).as("io's golden file " + name).exists();
      return f;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertSameSignal(Signal converted, Signal original) {
    assertThat(converted.axes()).isEqualTo(original.axes());
    assertThat(converted.dtype()).isEqualTo(original.dtype());
    assertThat(converted.metadata().toString()).isEqualTo(original.metadata().toString());
    assertThat(converted.originalMetadata()).isEqualTo(original.originalMetadata());
    assertThat(converted.data().astype(DType.FLOAT64).subtract(original.data().astype(DType.FLOAT64))
        .abs().max().compute().getDouble()).isZero();
  }

  @Test
  void infoNavigatorAndConvertWorkOnHspy() throws Exception {
    Path hspy = golden("hspy/image_u2_flat_navigator.hspy");
    CommandRun info = CommandRun.of("info", hspy.toString());
    assertThat(info.exitCode()).as(info.err()).isZero();
    assertThat(info.out()).startsWith("<LazySignal2D, title: navigated image, dimensions: (3, 2|5, 6)>")
        .contains("dtype  : uint16").contains("scan_x").contains("1/nm")
        .contains("navigator: <LazySignal2D, title: navigated image, dimensions: (|3, 2)>, uint64");

    File png = dir.resolve("nav.png").toFile();
    CommandRun nav = CommandRun.of("navigator", hspy.toString(), "--png", png.toString());
    assertThat(nav.exitCode()).as(nav.err()).isZero();
    assertThat(ImageIO.read(png).getWidth()).isGreaterThanOrEqualTo(256);

    Path zspy = dir.resolve("converted.zspy");
    CommandRun convert = CommandRun.of("convert", hspy.toString(), zspy.toString());
    assertThat(convert.exitCode()).as(convert.err()).isZero();
    assertThat(convert.out()).contains("chunks  : [1, 2, 4, 3]");
    Signal original = SignalFiles.load(hspy);
    Signal converted = SignalFiles.load(zspy);
    assertSameSignal(converted, original);
    assertThat(converted.navigator()).isPresent();
    assertThat(converted.navigator().get().data().compute().toDoubleArray())
        .containsExactly(original.navigator().get().data().compute().toDoubleArray());
    assertThat(converted.data().grid()).isEqualTo(original.data().grid());

    Path out = dir.resolve("converted.hspy");
    CommandRun toHspy = CommandRun.of("convert", zspy.toString(), out.toString(), "--deflate-level", "1");
    assertThat(toHspy.exitCode()).as(toHspy.err()).isZero();
    assertThat(toHspy.out()).contains("chunks  : [1, 2, 4, 3]").contains("converted.hspy");
    Signal hspyBack = SignalFiles.load(out);
    assertSameSignal(hspyBack, original);
    assertThat(hspyBack.navigator().get().data().compute().toDoubleArray())
        .containsExactly(original.navigator().get().data().compute().toDoubleArray());
    CommandRun again = CommandRun.of("convert", zspy.toString(), out.toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("converted.hspy").contains("--overwrite");
  }

  @Test
  void infoNavigatorAndConvertWorkOnBlockfiles() throws Exception {
    Path blo = golden("blockfile/cal.blo");
    CommandRun info = CommandRun.of("info", blo.toString());
    assertThat(info.exitCode()).as(info.err()).isZero();
    assertThat(info.out()).startsWith("<LazySignal2D").contains("dtype  : uint8").contains("cm");
    Signal original = SignalFiles.load(blo);
    if (original.axes().navigationDimension() == 2) {
      File png = dir.resolve("blo.png").toFile();
      CommandRun nav = CommandRun.of("navigator", blo.toString(), "--png", png.toString());
      assertThat(nav.exitCode()).as(nav.err()).isZero();
      assertThat(ImageIO.read(png)).isNotNull();
    }
    Path zspy = dir.resolve("blo.zspy");
    CommandRun convert = CommandRun.of("convert", blo.toString(), zspy.toString());
    assertThat(convert.exitCode()).as(convert.err()).isZero();
    assertSameSignal(SignalFiles.load(zspy), original);
  }

  @Test
  void aPlainHdf5DatasetIsReadWithDatasetAndSignalDimension() throws Exception {
    Path h5 = golden("hdf5/datasets.h5");
    CommandRun plain = CommandRun.of("info", h5.toString());
    assertThat(plain.exitCode()).isEqualTo(2);
    assertThat(plain.err()).contains("cannot read").contains("--dataset")
        .contains("/chunked/four_d (uint16, (2, 3, 4, 5))");

    CommandRun info = CommandRun.of("info", h5.toString(), "--dataset", "/chunked/four_d", "--signal-dimension", "2");
    assertThat(info.exitCode()).as(info.err()).isZero();
    assertThat(info.out()).startsWith("<LazySignal2D, title: four_d, dimensions: (3, 2|5, 4)>");

    File png = dir.resolve("four_d.png").toFile();
    CommandRun nav = CommandRun.of("navigator", h5.toString(), "--dataset", "/chunked/four_d",
        "--signal-dimension", "2", "--png", png.toString());
    assertThat(nav.exitCode()).as(nav.err()).isZero();
    assertThat(ImageIO.read(png)).isNotNull();

    Path zspy = dir.resolve("four_d.zspy");
    CommandRun convert = CommandRun.of("convert", h5.toString(), zspy.toString(), "--dataset", "/chunked/four_d",
        "--signal-dimension", "2");
    assertThat(convert.exitCode()).as(convert.err()).isZero();
    assertSameSignal(SignalFiles.load(zspy), SignalFiles.load(h5, LoadOptions.defaults()
        .withDataset("/chunked/four_d").withSignalDimension(2)));

    CommandRun missing = CommandRun.of("info", h5.toString(), "--dataset", "/chunked/nope");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("/chunked/nope").contains("four_d");
  }

  @Test
  void misusedOptionsExitWith2AndWriteNothing() throws Exception {
    CommandRun demo = CommandRun.of("info", "demo", "--dataset", "/x");
    assertThat(demo.exitCode()).isEqualTo(2);
    assertThat(demo.err()).contains("--dataset").contains("demo");
    CommandRun lone = CommandRun.of("info", golden("hdf5/datasets.h5").toString(), "--signal-dimension", "2");
    assertThat(lone.exitCode()).isEqualTo(2);
    assertThat(lone.err()).contains("--signal-dimension").contains("--dataset");
    CommandRun level = CommandRun.of("convert", golden("hspy/dtype_int8.hspy").toString(),
        dir.resolve("out.hspy").toString(), "--deflate-level", "12");
    assertThat(level.exitCode()).isEqualTo(2);
    assertThat(level.err()).contains("deflate level").contains("12");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
