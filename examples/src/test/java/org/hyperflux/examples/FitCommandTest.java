package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperflux fit} on a tiny generated spectrum image whose spectra are exactly {@code a + b x
 * + A·gaussian(x; 50, 6) + P x^-2}: the statistics recover the generating coefficients, {@code
 * --out} saves the stacked maps, {@code --png} writes one image per map, and bad models exit 2.
 */
class FitCommandTest {
  private static final int NY = 4;
  private static final int NX = 5;
  private static final int M = 80;

  @TempDir
  Path dir;

  /** Coefficients of position i: a0 = 10 + i, a1 = 0.5, A = 300, PowerLaw.A = 2000. */
  private Path file() throws Exception {
    double[] v = new double[NY * NX * M];
    for (int i = 0; i < NY * NX; i++) {
      for (int j = 0; j < M; j++) {
        double x = 10 + j;
        double g = Math.exp(-(x - 50) * (x - 50) / (2 * 36.0)) / (6 * Math.sqrt(2 * Math.PI));
        v[i * M + j] = 10 + i + 0.5 * x + 300 * g + 2000 * Math.pow(x, -2);
      }
    }
    Axes axes = Axes.of(Axis.uniform(NY).withName("y").withNavigate(true),
        Axis.uniform(NX).withName("x").withNavigate(true), Axis.uniform(M, 1, 10).withName("Energy"));
    Signal s = Signal.of(MemoryArray.of(Shape.of(NY, NX, M), Block.wrap(DType.FLOAT64, v)), axes).withTitle("tiny");
    Path file = dir.resolve("tiny.zspy");
    SignalFiles.save(s, file);
    return file;
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonStatisticsRecoverTheCoefficientsAndTheMapsAreWritten() throws Exception {
    Path maps = dir.resolve("maps.zspy");
    Path png = Files.createDirectory(dir.resolve("png"));
    CommandRun r = CommandRun.of("fit", file().toString(), "--polynomial", "1", "--gaussian", "50,6", "--power-law", "2",
        "--json", "--out", maps.toString(), "--png", png.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, Object> line = (Map<String, Object>) Json.parse(r.out().strip());
    assertThat((List<Object>) line.get("parameters")).containsExactly("1st order Polynomial.a0",
        "1st order Polynomial.a1", "Gaussian.A", "PowerLaw.A");
    Map<String, Object> stats = (Map<String, Object>) line.get("statistics");
    Map<String, Object> a0 = (Map<String, Object>) stats.get("1st order Polynomial.a0");
    assertThat((Double) a0.get("min")).isCloseTo(10, within(1e-8));
    assertThat((Double) a0.get("max")).isCloseTo(10 + NY * NX - 1, within(1e-8));
    Map<String, Object> area = (Map<String, Object>) stats.get("Gaussian.A");
    assertThat((Double) area.get("mean")).isCloseTo(300, within(1e-7));
    assertThat((Double) ((Map<String, Object>) stats.get("PowerLaw.A")).get("mean")).isCloseTo(2000, within(1e-5));
    assertThat((Double) ((Map<String, Object>) stats.get("chisq")).get("max")).isLessThan(1e-12);

    Signal saved = SignalFiles.load(maps);
    assertThat(saved.axes().dimensionsString()).isEqualTo("(4|5, 4)");
    double[] values = saved.data().compute().toDoubleArray();
    assertThat(values[2 * NX * NY + 7]).isCloseTo(300, within(1e-7));
    assertThat(values[7]).isCloseTo(17, within(1e-8));
    assertThat(Files.list(png).map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
        "1st_order_Polynomial.a0.png", "1st_order_Polynomial.a1.png", "Gaussian.A.png", "PowerLaw.A.png",
        "red_chisq.png");
    assertThat(ImageIO.read(png.resolve("Gaussian.A.png").toFile()).getWidth()).isGreaterThan(NX);
  }

  @Test
  void textOutputListsEveryParameter() throws Exception {
    CommandRun r = CommandRun.of("fit", file().toString(), "--polynomial", "1", "--gaussian", "50,6", "--power-law", "2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Gaussian.A", "PowerLaw.A", "red_chisq", "GB/s");
  }

  @Test
  void badModelsExitTwoWithTheReason() throws Exception {
    Path f = file();
    CommandRun collinear = CommandRun.of("fit", f.toString(), "--polynomial", "2", "--offset");
    assertThat(collinear.exitCode()).isEqualTo(2);
    assertThat(collinear.err()).contains("[2nd order Polynomial, Offset] are linearly dependent");
    CommandRun none = CommandRun.of("fit", f.toString());
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("no component");
    CommandRun badGaussian = CommandRun.of("fit", f.toString(), "--gaussian", "50");
    assertThat(badGaussian.exitCode()).isEqualTo(2);
    assertThat(badGaussian.err()).contains("--gaussian takes 2 comma-separated numbers, got '50'");
  }
}
