package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.ml.Decomposition;
import org.hyperflux.ml.DecompositionOptions;
import org.hyperflux.ml.DecompositionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperflux decompose}: the explained variance equals the library's, {@code --out} holds
 * the signal with its learning results, {@code --plots} writes non-blank PNGs of sensible sizes
 * (curves for a 1-D signal, images for 2-D signal or navigation), integer data needs {@code
 * --dtype}, and bad input exits 2 with a message.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DecomposeCommandTest {
  private static final String[] DEMO = {"--scan", "6x5", "--frame", "8x8", "--chunk", "3x5"};

  @TempDir
  Path dir;

  /** A float32 spectrum image (7 × 6 positions, 40 channels) of three smooth components. */
  static Signal spectrumImage() {
    GeneratedSource src = GeneratedSource.of("si", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(7, 6, 40), 4, 3, 40), p -> 5 + (p[0] + 1) * Math.exp(-(p[2] - 10) * (p[2] - 10) / 20.0)
            + (p[1] + 2) * Math.exp(-(p[2] - 28) * (p[2] - 28) / 30.0) + 0.3 * ((p[0] * 7 + p[1] * 3 + p[2]) % 4));
    return Signal.lazy(LazyArray.of(src), Axes.of(
        Axis.uniform(7, 1, 0).withName("y").withUnits("nm").withNavigate(true),
        Axis.uniform(6, 1, 0).withName("x").withUnits("nm").withNavigate(true),
        Axis.uniform(40, 0.5, 100).withName("Energy loss").withUnits("eV"))).withTitle("si");
  }

  private Path saved() throws Exception {
    Path file = dir.resolve("si.zspy");
    SignalFiles.save(spectrumImage(), file);
    return file;
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonOutAndPlotsHoldTheDecomposition() throws Exception {
    Path file = saved();
    Path out = dir.resolve("result.hspy");
    Path plots = dir.resolve("plots");
    CommandRun r = CommandRun.of("decompose", file.toString(), "--algorithm", "svd", "-n", "3", "--out", out.toString(),
        "--plots", plots.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).doesNotContain("\n");

    DecompositionResult want = Decomposition.of(spectrumImage(), DecompositionOptions.of("svd", 3));
    Map<String, Object> line = (Map<String, Object>) Json.parse(r.out().strip());
    assertThat(line.get("algorithm")).isEqualTo("svd");
    List<Double> ev = (List<Double>) line.get("explained_variance");
    for (int c = 0; c < 3; c++) {
      assertThat(ev.get(c)).isCloseTo(want.explainedVariance()[c], org.assertj.core.data.Percentage.withPercentage(1e-9));
    }
    assertThat((List<String>) line.get("plots")).containsExactly("scree.png", "factor_00.png",
        "factor_01.png", "factor_02.png", "loading_00.png", "loading_01.png", "loading_02.png");

    assertThat(SignalFiles.loadLearningResults(out)).isEqualTo(want.toLearningResults());
    Signal back = SignalFiles.load(out);
    assertThat(back.data().compute().toDoubleArray()).containsExactly(spectrumImage().data().compute().toDoubleArray());
    SignalFiles.closeFile(back);

    assertPicture(plots.resolve("scree.png"), LinePlot.WIDTH, LinePlot.HEIGHT);
    assertPicture(plots.resolve("factor_00.png"), LinePlot.WIDTH, LinePlot.HEIGHT);
    BufferedImage loading = assertPicture(plots.resolve("loading_01.png"), 200, 200);
    assertThat(loading.getWidth()).isLessThan(LinePlot.WIDTH * 2);
  }

  @Test
  void theSummaryListsEveryComponent() throws Exception {
    CommandRun r = CommandRun.of("decompose", saved().toString(), "-n", "4", "--algorithm", "PCA");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("pca, 4 components", "explained variance", "ratio", "cumulative", "time");
    assertThat(r.out().lines().filter(l -> l.matches("\\s+[0-3]\\s+.*"))).hasSize(4);
  }

  @Test
  void integerDataNeedsDtypeAndThenGivesFactorImages() throws Exception {
    List<String> base = List.of("decompose", "demo", "-n", "2");
    CommandRun refused = CommandRun.of(concat(base, DEMO));
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("uint16", "--dtype float32");

    Path plots = dir.resolve("p");
    CommandRun r = CommandRun.of(concat(concat(base, DEMO), "--dtype", "float32", "--plots", plots.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    BufferedImage factor = assertPicture(plots.resolve("factor_01.png"), 200, 200);
    assertThat(factor.getWidth()).isNotEqualTo(LinePlot.WIDTH);
    assertThat(plots.resolve("loading_01.png")).exists();
  }

  @Test
  void badInputExitsTwoWithAMessage() throws Exception {
    Path file = saved();
    CommandRun unknown = CommandRun.of("decompose", file.toString(), "-n", "2", "--algorithm", "nope");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("nope", "svd");

    CommandRun zero = CommandRun.of("decompose", file.toString(), "-n", "0");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("hyperflux decompose:");

    CommandRun ext = CommandRun.of("decompose", file.toString(), "-n", "2", "--out", dir.resolve("x.png").toString());
    assertThat(ext.exitCode()).isEqualTo(2);
    assertThat(ext.err()).contains(".zspy or .hspy");

    CommandRun exists = CommandRun.of("decompose", file.toString(), "-n", "2", "--out", file.toString());
    assertThat(exists.exitCode()).isEqualTo(2);
    assertThat(exists.err()).contains("--overwrite");

    CommandRun missing = CommandRun.of("decompose", dir.resolve("none.zspy").toString(), "-n", "2");
    assertThat(missing.exitCode()).isEqualTo(2);

    GeneratedSource nan = GeneratedSource.of("nan", DType.FLOAT64, ChunkGrid.regular(Shape.of(4, 5, 6), 2, 5, 6),
        p -> p[0] == 3 && p[2] == 4 ? Double.NaN : p[0] + p[1] * p[2]);
    Path nanFile = dir.resolve("nan.zspy");
    SignalFiles.save(Signal.of(LazyArray.of(nan), 1), nanFile);
    CommandRun bad = CommandRun.of("decompose", nanFile.toString(), "-n", "2");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).containsIgnoringCase("nan");
  }

  /** A PNG at least {@code minWidth × minHeight} with more than a handful of colours. */
  private static BufferedImage assertPicture(Path png, int minWidth, int minHeight) throws Exception {
    assertThat(png).exists();
    assertThat(Files.size(png)).as(png + " size").isGreaterThan(1500);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).as(png + " width").isGreaterThanOrEqualTo(minWidth);
    assertThat(img.getHeight()).as(png + " height").isGreaterThanOrEqualTo(minHeight);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) colours.add(img.getRGB(x, y));
    }
    assertThat(colours.size()).as(png + " colours (not blank)").isGreaterThan(8);
    return img;
  }

  private static String[] concat(List<String> head, String... tail) {
    String[] all = head.toArray(new String[head.size() + tail.length]);
    System.arraycopy(tail, 0, all, head.size(), tail.length);
    return all;
  }

  private static String[] concat(String[] head, String... tail) {
    return concat(List.of(head), tail);
  }
}
