package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.hyperflux.core.testing.PythonHyperSpy;

/**
 * {@code .zspy} files written by hyperflux load in HyperSpy 1.7.3 ({@code hs.load}) with equal
 * dtype, values, axes, metadata, original metadata and navigator: a calibrated Signal1D in chunks
 * that do not divide its shape with every metadata encoding, a Signal2D with a non-uniform axis
 * and a computed navigator in {@code .}-separated chunk keys, a BaseSignal, and edge values of
 * several dtypes. HyperSpy adds its defaults on load ({@code General.title}, {@code
 * Signal.signal_type}, {@code _HyperSpy.Folding}, a {@code FileIO} entry, removed by the reading
 * script); a mixed list comes back as strings, as HyperSpy itself stores it. Skipped (reported as
 * skipped, never passed) when {@code /usr/bin/python3} cannot import HyperSpy; {@code .ci/run}
 * installs {@code python3-hyperspy} where it can.
 */
@EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ZspyHyperSpyRoundTripTest {
  @TempDir
  Path tmp;

  private static Metadata defaults() {
    Map<String, Object> folding = new LinkedHashMap<>();
    folding.put("original_axes_manager", null);
    folding.put("original_shape", null);
    folding.put("signal_unfolded", false);
    folding.put("unfolded", false);
    return Metadata.empty().with("General.title", "").with("Signal.signal_type", "")
        .with("_HyperSpy.Folding", folding);
  }

  static Signal spectrum() {
    GeneratedSource src = GeneratedSource.of("spectrum", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(5, 7, 33), 2, 3, 16), p -> p[0] * 1000 + p[1] * 50 + p[2] * 0.25 - 7);
    Signal s = Signal.lazy(LazyArray.of(src), Axes.of(
        Axis.uniform(5, 0.5, -1).withName("y").withUnits("nm").withNavigate(true),
        Axis.uniform(7, 0.25, 2).withName("x").withUnits("nm").withNavigate(true),
        Axis.uniform(33, 0.05, 280).withName("Energy loss").withUnits("eV")));
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("ints", List.of(1, 2, 3));
    custom.put("floats", List.of(0.5, 2.5));
    custom.put("strs", List.of("a", "b\u00e9"));
    custom.put("mixed", List.of(1, "a", 2.5));
    custom.put("nested", List.of(List.of(1, 2), List.of(3, 4)));
    custom.put("dicts", List.of(Map.of("i", 0), Map.of("i", 1), Map.of("name", "two")));
    custom.put("bools", List.of(true, false));
    custom.put("none", null);
    custom.put("yes", true);
    custom.put("empty", List.of());
    custom.put("nan", Double.NaN);
    custom.put("big", 1L << 50);
    custom.put("with_none", java.util.Arrays.asList(1L, null));
    custom.put("deep", Map.of("a", Map.of("b", "c")));
    Metadata md = s.metadata().withTitle("EELS/scan").with("General.notes", "two\nlines \u2192 \u00e9")
        .with("Custom", custom).with("Acquisition_instrument.TEM.beam_energy", 300.0);
    return s.withMetadata(md).withOriginalMetadata(Metadata.of(Map.of(
        "Header", Map.of("version", 3, "names", List.of("a", "b")))));
  }

  static Signal image() {
    GeneratedSource src = GeneratedSource.of("image", DType.UINT16,
        ChunkGrid.regular(Shape.of(3, 4, 10, 12), 2, 3, 10, 5), p -> (p[0] * 7 + p[1] * 3 + p[2] * p[3]) % 65536);
    Signal s = Signal.lazy(LazyArray.of(src), Axes.of(
        Axis.uniform(3).withName("scan y").withNavigate(true),
        Axis.uniform(4).withName("scan x").withNavigate(true),
        Axis.nonUniform(0, 1, 2, 4, 8, 16, 32, 64, 128, 256).withName("ky").withUnits("1/nm"),
        Axis.uniform(12, 0.1, -0.6).withName("kx").withUnits("1/nm")));
    return s.withTitle("image").computeNavigator();
  }

  static Signal base() {
    GeneratedSource src = GeneratedSource.of("base", DType.INT64,
        ChunkGrid.regular(Shape.of(2, 3, 4), 2, 3, 4), p -> (p[0] - 1) * 1e12 + p[1] * 10 + p[2]);
    return Signal.of(LazyArray.of(src), 3);
  }

  static Signal dtype(DType t, double[] values) {
    GeneratedSource src = GeneratedSource.of("dtype", t, ChunkGrid.regular(Shape.of(2, 3), 1, 2),
        p -> values[(int) (p[0] * 3 + p[1])]);
    return Signal.of(LazyArray.of(src), 1).withTitle("dtype " + t.numpyName());
  }

  @Test
  void filesWrittenHereLoadInHyperSpyWithEqualDataAxesAndMetadata() throws Exception {
    List<Signal> signals = new ArrayList<>(List.of(spectrum(), image(), base(),
        dtype(DType.BOOL, new double[] {1, 0, 1, 1, 0, 0}),
        dtype(DType.INT8, new double[] {-128, 127, 0, -1, 1, 5}),
        dtype(DType.UINT64, new double[] {0, 1, 1L << 40, 3, 4, 5}),
        dtype(DType.FLOAT64, new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 1e-300, 1e300, 2.5})));
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < signals.size(); i++) {
      Path out = tmp.resolve("s" + i + ".zspy");
      SignalFiles.save(signals.get(i), out, SaveOptions.defaults()
          .withDimensionSeparator(i == 1 ? "." : "/"));
      paths.add(out.toString());
    }
    Path script;
    try {
      script = Path.of(getClass().getResource("/zspy/read_with_hyperspy.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> lines = PythonHyperSpy.run(script, paths);
    assertThat(lines).hasSize(signals.size());
    for (int i = 0; i < signals.size(); i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> seen = (Map<String, Object>) ZspyFixtures.normalise(
          ZspyFixtures.JSON.readValue(lines.get(i), Map.class));
      check(signals.get(i), seen, paths.get(i));
    }
  }

  @SuppressWarnings("unchecked")
  static void check(Signal written, Map<String, Object> seen, String path) {
    Map<String, Object> expected = ZspyFixtures.describe(written, true);
    Metadata md = defaults().merge(Metadata.of((Map<String, Object>) expected.get("metadata")));
    if (md.has("Custom.mixed")) {
      // HyperSpy itself stores [1, 'a', 2.5] as strings; hyperflux writes what HyperSpy writes.
      md = md.with("Custom.mixed", List.of("1", "a", "2.5"));
    }
    String what = path + " (" + written + ")";
    assertThat(seen.get("dtype")).as(what).isEqualTo(expected.get("dtype"));
    assertThat(seen.get("shape")).as(what).isEqualTo(expected.get("shape"));
    assertThat(Metadata.of(Map.of("d", seen.get("data")))).as(what + " values")
        .isEqualTo(Metadata.of(Map.of("d", expected.get("data"))));
    assertThat(seen.get("axes")).as(what + " axes").isEqualTo(expected.get("axes"));
    assertThat(Metadata.of((Map<String, Object>) seen.get("metadata"))).as(what + " metadata")
        .isEqualTo(md);
    assertThat(Metadata.of((Map<String, Object>) seen.get("original_metadata")))
        .as(what + " original_metadata")
        .isEqualTo(Metadata.of((Map<String, Object>) expected.get("original_metadata")));
    if (written.navigator().isEmpty()) {
      assertThat(seen.get("navigator")).as(what + " navigator").isNull();
    } else {
      Map<String, Object> nav = (Map<String, Object>) seen.get("navigator");
      assertThat(nav).as(what + " navigator").isNotNull();
      Map<String, Object> want = ZspyFixtures.describe(written.navigator().get(), true);
      assertThat(Metadata.of(Map.of("d", nav.get("data"))))
          .isEqualTo(Metadata.of(Map.of("d", want.get("data"))));
      assertThat(nav.get("axes")).isEqualTo(want.get("axes"));
      assertThat(Metadata.of((Map<String, Object>) nav.get("metadata")))
          .isEqualTo(defaults().merge(Metadata.of((Map<String, Object>) want.get("metadata"))));
      assertThat(Metadata.of((Map<String, Object>) nav.get("original_metadata")))
          .isEqualTo(Metadata.of((Map<String, Object>) want.get("original_metadata")));
    }
  }
}
