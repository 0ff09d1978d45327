package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
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
 * {@code hyperflux decompose --navigation-mask/--signal-mask/--signal-range}: excluded positions
 * holding a strong outlier no longer make the first factor, and the result equals the
 * decomposition of the unmasked positions alone, placed back (NaN at the masked ones); a range
 * masks the channels outside {@code s.isig[START:END]} exactly as the equal 0/1 mask file; {@code
 * --json} reports the counts; wrong shapes, values other than 0 and 1 and misused options exit 2
 * naming the file and the shapes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DecomposeCommandMaskTest {
  private static final int NY = 8;
  private static final int NX = 6;
  private static final int CHANNELS = 40;
  /** The channel where the outlier spectra peak. */
  private static final int SPIKE = 33;

  @TempDir
  Path dir;

  /** Whether position (y, x) holds the outlier spectrum: three positions of the 8 × 6 scan. */
  private static boolean outlier(long y, long x) {
    return (y == 1 && x == 1) || (y == 1 && x == 2) || (y == 6 && x == 4);
  }

  /** Two broad peaks (channels 10 and 24) plus a narrow spike 1000 times as high at the outliers. */
  private static double value(long y, long x, long e) {
    double v = 5 + (y + 1) * Math.exp(-(e - 10) * (e - 10) / 20.0) + (x + 2) * Math.exp(-(e - 24) * (e - 24) / 30.0)
        + 0.3 * ((y * 7 + x * 3 + e) % 4);
    return outlier(y, x) ? v + 1000 * Math.exp(-(e - SPIKE) * (e - SPIKE) / 0.5) : v;
  }

  /** The float64 spectrum image (8 × 6 positions, energy 100 to 119.5 eV in 0.5 eV steps), chunked 3 × 4. */
  private static Signal spectrumImage() {
    GeneratedSource src = GeneratedSource.of("outliers", DType.FLOAT64,
        ChunkGrid.regular(Shape.of(NY, NX, CHANNELS), 3, 4, CHANNELS), p -> value(p[0], p[1], p[2]));
    return Signal.lazy(LazyArray.of(src), Axes.of(
        Axis.uniform(NY, 1, 0).withName("y").withUnits("nm").withNavigate(true),
        Axis.uniform(NX, 1, 0).withName("x").withUnits("nm").withNavigate(true),
        Axis.uniform(CHANNELS, 0.5, 100).withName("Energy loss").withUnits("eV"))).withTitle("outliers");
  }

  /** The outlier positions as HyperSpy's navigation mask (true = excluded), flat C order. */
  private static boolean[] outlierMask() {
    boolean[] m = new boolean[NY * NX];
    for (int y = 0; y < NY; y++) for (int x = 0; x < NX; x++) m[y * NX + x] = outlier(y, x);
    return m;
  }

  /** The decomposition of the non-outlier positions alone: a 45 × 40 signal; {@code rowOf} its rows' positions. */
  private static DecompositionResult ofCleanPositions(int k, int[] rowOf) {
    double[] sub = new double[rowOf.length * CHANNELS];
    int r = 0;
    for (int y = 0; y < NY; y++) {
      for (int x = 0; x < NX; x++) {
        if (outlier(y, x)) continue;
        for (int e = 0; e < CHANNELS; e++) sub[r * CHANNELS + e] = value(y, x, e);
        rowOf[r++] = y * NX + x;
      }
    }
    Signal subset = Signal.of(MemoryArray.of(Shape.of(rowOf.length, CHANNELS), Block.wrap(DType.FLOAT64, sub)), 1);
    return Decomposition.of(subset, DecompositionOptions.of("svd", k));
  }

  private Path saved() throws Exception {
    Path file = dir.resolve("si.zspy");
    SignalFiles.save(spectrumImage(), file);
    return file;
  }

  private Path maskFile(String name, DType dtype, Object values, long... shape) throws Exception {
    Path file = dir.resolve(name);
    SignalFiles.save(Signal.of(MemoryArray.of(Shape.of(shape), Block.wrap(dtype, values)), shape.length), file);
    return file;
  }

  private static DecompositionResult saved(Path out) throws Exception {
    return DecompositionResult.fromLearningResults(SignalFiles.loadLearningResults(out), spectrumImage());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aNavigationMaskOverTheOutliersGivesTheDecompositionOfTheOtherPositionsPlacedBack() throws Exception {
    Path file = saved();
    Path mask = maskFile("outliers_mask.zspy", DType.BOOL, outlierMask(), NY, NX);

    Path plain = dir.resolve("plain.zspy");
    CommandRun p = CommandRun.of("decompose", file.toString(), "-n", "2", "--out", plain.toString(), "--json");
    assertThat(p.exitCode()).as(p.err()).isZero();
    assertThat(((Map<String, Object>) Json.parse(p.out().strip())).get("navigation_mask")).isNull();
    double[] f0 = saved(plain).factor(0);
    assertThat(Math.abs(f0[SPIKE])).as("unmasked: the outliers' spike makes the first factor").isGreaterThan(0.9);

    Path out = dir.resolve("masked.zspy");
    CommandRun r = CommandRun.of("decompose", file.toString(), "-n", "2", "--navigation-mask", mask.toString(),
        "--out", out.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, Object> line = (Map<String, Object>) Json.parse(r.out().strip());
    assertThat((Map<String, Object>) line.get("navigation_mask")).containsExactly(
        Map.entry("file", mask.toAbsolutePath().toString()), Map.entry("excluded_positions", 3.0),
        Map.entry("positions", 48.0));
    assertThat(line.get("signal_mask")).isNull();

    int[] rowOf = new int[NY * NX - 3];
    DecompositionResult want = ofCleanPositions(2, rowOf);
    DecompositionResult got = saved(out);
    assertThat(got.options().navigationMask()).as("the mask saved in learning_results").containsExactly(outlierMask());
    assertThat(got.options().signalMask()).isNull();
    assertThat(saved(plain).options().navigationMask()).isNull();
    List<Double> ev = (List<Double>) line.get("explained_variance");
    for (int c = 0; c < 2; c++) {
      assertThat(ev.get(c)).isCloseTo(want.explainedVariance()[c], within(1e-9 * want.explainedVariance()[0]));
      double[] f = got.factor(c);
      double[] fw = want.factor(c);
      double sign = Math.signum(dot(f, fw));
      for (int e = 0; e < CHANNELS; e++) {
        assertThat(sign * f[e]).as("factor %d at channel %d", c, e).isCloseTo(fw[e], within(1e-8));
      }
      double[] l = got.loading(c);
      double[] lw = want.loading(c);
      boolean[] masked = outlierMask();
      for (int i = 0; i < l.length; i++) {
        if (masked[i]) assertThat(l[i]).as("loading %d at masked position %d", c, i).isNaN();
      }
      for (int s = 0; s < rowOf.length; s++) {
        assertThat(sign * l[rowOf[s]]).as("loading %d of sample %d at position %d", c, s, rowOf[s])
            .isCloseTo(lw[s], within(1e-8 * Math.abs(lw[0])));
      }
    }
    assertThat(Math.abs(got.factor(0)[SPIKE])).as("masked: the spike is gone from the first factor")
        .isLessThan(0.2);

    CommandRun summary = CommandRun.of("decompose", file.toString(), "-n", "2", "--navigation-mask", mask.toString());
    assertThat(summary.exitCode()).as(summary.err()).isZero();
    assertThat(summary.out()).contains("--navigation-mask", "outliers_mask.zspy", "excludes 3 of 48 positions");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSignalRangeMasksTheChannelsOutsideIsigAsTheEqualZeroOneMaskFile() throws Exception {
    Path file = saved();
    // s.isig[105.:115.] keeps channels 10..29 (105 eV is index 10, 115 eV index 30, excluded).
    byte[] outside = new byte[CHANNELS];
    boolean[] excluded = new boolean[CHANNELS];
    for (int e = 0; e < CHANNELS; e++) {
      excluded[e] = e < 10 || e >= 30;
      outside[e] = (byte) (excluded[e] ? 1 : 0);
    }
    Path mask = maskFile("channels.zspy", DType.UINT8, outside, CHANNELS);

    Path byRange = dir.resolve("range.zspy");
    CommandRun r = CommandRun.of("decompose", file.toString(), "-n", "2", "--signal-range", "105:115",
        "--out", byRange.toString(), "--plots", dir.resolve("plots").toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, Object> line = (Map<String, Object>) Json.parse(r.out().strip());
    assertThat((Map<String, Object>) line.get("signal_mask")).containsExactly(Map.entry("range", "105:115"),
        Map.entry("excluded_channels", 20.0), Map.entry("channels", 40.0));

    Path byFile = dir.resolve("file.zspy");
    CommandRun m = CommandRun.of("decompose", file.toString(), "-n", "2", "--signal-mask", mask.toString(),
        "--out", byFile.toString(), "--json");
    assertThat(m.exitCode()).as(m.err()).isZero();
    assertThat(((Map<String, Object>) Json.parse(m.out().strip())).get("signal_mask"))
        .isEqualTo(Map.of("file", mask.toAbsolutePath().toString(), "excluded_channels", 20.0, "channels", 40.0));

    DecompositionResult want = Decomposition.of(spectrumImage(),
        DecompositionOptions.of("svd", 2).withSignalMask(excluded));
    for (DecompositionResult got : List.of(saved(byRange), saved(byFile))) {
      assertThat(got.explainedVariance()).containsExactly(want.explainedVariance(), within(1e-9 * want.explainedVariance()[0]));
      double[] f = got.factor(0);
      for (int e = 0; e < CHANNELS; e++) {
        if (excluded[e]) assertThat(f[e]).as("factor at masked channel %d", e).isNaN();
        else assertThat(f[e]).as("factor at channel %d", e).isCloseTo(want.factor(0)[e], within(1e-9));
      }
    }

    // Open bounds, and a negative start given as a separate argument (below the axis: from channel 0).
    CommandRun open = CommandRun.of("decompose", file.toString(), "-n", "2", "--signal-range", "-5:115", "--json");
    assertThat(open.exitCode()).as(open.err()).isZero();
    assertThat(((Map<String, Object>) ((Map<String, Object>) Json.parse(open.out().strip())).get("signal_mask"))
        .get("excluded_channels")).isEqualTo(10.0);
    CommandRun tail = CommandRun.of("decompose", file.toString(), "-n", "2", "--signal-range", "115:");
    assertThat(tail.exitCode()).as(tail.err()).isZero();
    assertThat(tail.out()).contains("--signal-range 115: excludes 30 of 40 channels");
  }

  @Test
  void wrongShapesAndValuesExitTwoNamingTheFileAndTheShapes() throws Exception {
    Path file = saved();
    Path transposed = maskFile("transposed.zspy", DType.BOOL, new boolean[NY * NX], NX, NY);
    CommandRun nav = CommandRun.of("decompose", file.toString(), "-n", "2", "--navigation-mask", transposed.toString());
    assertThat(nav.exitCode()).isEqualTo(2);
    assertThat(nav.err()).contains("--navigation-mask", "transposed.zspy", "(6, 8)", "navigation shape", "(8, 6)");

    CommandRun sig = CommandRun.of("decompose", file.toString(), "-n", "2", "--signal-mask", transposed.toString());
    assertThat(sig.exitCode()).isEqualTo(2);
    assertThat(sig.err()).contains("--signal-mask", "transposed.zspy", "(6, 8)", "signal shape", "(40,)");

    byte[] two = new byte[NY * NX];
    two[7] = 2;
    Path notBoolean = maskFile("two.zspy", DType.UINT8, two, NY, NX);
    CommandRun values = CommandRun.of("decompose", file.toString(), "-n", "2", "--navigation-mask", notBoolean.toString());
    assertThat(values.exitCode()).isEqualTo(2);
    assertThat(values.err()).contains("two.zspy", "uint8", "other than 0 and 1", "flat index 7");

    CommandRun missing = CommandRun.of("decompose", file.toString(), "-n", "2", "--navigation-mask",
        dir.resolve("none.zspy").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("none.zspy", "no such file");

    boolean[] all = new boolean[NY * NX];
    java.util.Arrays.fill(all, true);
    Path everything = maskFile("all.zspy", DType.BOOL, all, NY, NX);
    CommandRun none = CommandRun.of("decompose", file.toString(), "-n", "2", "--navigation-mask", everything.toString());
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("excludes every navigation position");
  }

  @Test
  void signalRangeMisuseExitsTwo() throws Exception {
    Path file = saved();
    Path mask = maskFile("channels.zspy", DType.BOOL, new boolean[CHANNELS], CHANNELS);
    CommandRun both = CommandRun.of("decompose", file.toString(), "-n", "2", "--signal-range", "105:115",
        "--signal-mask", mask.toString());
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--signal-mask", "--signal-range", "one of them");

    CommandRun twoD = CommandRun.of("decompose", "demo", "--scan", "4x4", "--frame", "8x8", "--dtype", "float32",
        "-n", "2", "--signal-range", "0:1");
    assertThat(twoD.exitCode()).isEqualTo(2);
    assertThat(twoD.err()).contains("1-D signal", "(8, 8)", "--signal-mask");

    CommandRun word = CommandRun.of("decompose", file.toString(), "-n", "2", "--signal-range", "105:end");
    assertThat(word.exitCode()).isEqualTo(2);
    assertThat(word.err()).contains("'end' is not a number", "eV", "100.0:119.5");

    CommandRun above = CommandRun.of("decompose", file.toString(), "-n", "2", "--signal-range", "200:300");
    assertThat(above.exitCode()).isEqualTo(2);
    assertThat(above.err()).contains("--signal-range 200:300", "200");

    CommandRun empty = CommandRun.of("decompose", file.toString(), "-n", "2", "--signal-range", "110:110");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("keeps no channel");
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
