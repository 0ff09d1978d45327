package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * {@code .hspy} files written by hyperflux's own HDF5 writer load in HyperSpy 1.7.3 ({@code
 * hs.load}) with equal dtype, values, axes, metadata (booleans, {@code None}, lists, nested
 * dicts), original metadata and stored navigator ({@code _sig_navigator}): the signals of {@link
 * ZspyHyperSpyRoundTripTest}, saved as {@code .hspy}, and sixteen generated ones (seeded: rank 1
 * to 4, every dtype, chunks that do not divide the shape, 0 to 2 signal axes, calibrated axes,
 * random metadata trees), all loaded by one python process. Skipped (reported as skipped, never passed)
 * when {@code /usr/bin/python3} cannot import HyperSpy.
 */
@EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HspyHyperSpyRoundTripTest {
  @TempDir
  Path tmp;

  @Test
  void filesWrittenHereLoadInHyperSpyWithEqualDataAxesAndMetadata() throws Exception {
    List<Signal> signals = new ArrayList<>(List.of(ZspyHyperSpyRoundTripTest.spectrum(),
        ZspyHyperSpyRoundTripTest.image(), ZspyHyperSpyRoundTripTest.base(),
        ZspyHyperSpyRoundTripTest.dtype(DType.BOOL, new double[] {1, 0, 1, 1, 0, 0}),
        ZspyHyperSpyRoundTripTest.dtype(DType.INT8, new double[] {-128, 127, 0, -1, 1, 5}),
        ZspyHyperSpyRoundTripTest.dtype(DType.UINT64, new double[] {0, 1, 1L << 40, 3, 4, 5}),
        ZspyHyperSpyRoundTripTest.dtype(DType.FLOAT64,
            new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 1e-300, 1e300, 2.5})));
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < signals.size(); i++) {
      Path out = tmp.resolve("s" + i + ".hspy");
      SignalFiles.save(signals.get(i), out, i == 2 ? SaveOptions.defaults().withDeflateLevel(1)
          : SaveOptions.defaults());
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
      ZspyHyperSpyRoundTripTest.check(signals.get(i), seen, paths.get(i));
    }
  }

  @Test
  void generatedSignalsLoadInHyperSpyEqual() throws Exception {
    List<Signal> signals = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Signal s = generated(1000 + i);
      Path out = tmp.resolve("g" + i + ".hspy");
      SignalFiles.save(s, out, SaveOptions.defaults().withDeflateLevel(i % 10));
      signals.add(s);
      paths.add(out.toString());
    }
    Path script = Path.of(getClass().getResource("/zspy/read_with_hyperspy.py").toURI());
    List<String> lines = PythonHyperSpy.run(script, paths);
    assertThat(lines).hasSize(signals.size());
    for (int i = 0; i < signals.size(); i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> seen = (Map<String, Object>) ZspyFixtures.normalise(
          ZspyFixtures.JSON.readValue(lines.get(i), Map.class));
      ZspyHyperSpyRoundTripTest.check(signals.get(i), seen, paths.get(i));
    }
  }

  /** A signal drawn from {@code seed}: shape, dtype, chunks, axes and metadata. */
  static Signal generated(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int rank = 1 + r.nextInt(4);
    long[] shape = new long[rank];
    int[] chunks = new int[rank];
    for (int a = 0; a < rank; a++) {
      shape[a] = 1 + r.nextInt(rank == 1 ? 300 : 7);
      chunks[a] = 1 + r.nextInt((int) shape[a]);
    }
    DType t = DType.values()[r.nextInt(DType.values().length)];
    long salt = r.nextLong();
    GeneratedSource src = GeneratedSource.of("generated", t,
        ChunkGrid.regular(Shape.of(shape), chunks), p -> value(t, salt, p));
    int signalAxes = r.nextInt(Math.min(2, rank) + 1);
    List<Axis> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      Axis axis = Axis.uniform((int) shape[a], 0.25 + r.nextInt(8), r.nextInt(-5, 5) * 0.5)
          .withNavigate(a < rank - signalAxes);
      if (r.nextBoolean()) axis = axis.withName("axis " + a);
      if (r.nextBoolean()) axis = axis.withUnits(r.nextBoolean() ? "nm" : "\u00b5m");
      axes.add(axis);
    }
    Signal s = Signal.lazy(LazyArray.of(src), Axes.of(axes)).withTitle("generated " + seed);
    Metadata md = s.metadata().with("Custom", tree(r, 2));
    return s.withMetadata(md).withOriginalMetadata(Metadata.of(Map.of("Header", tree(r, 1))));
  }

  private static double value(DType t, long salt, long[] p) {
    long h = salt;
    for (long x : p) h = h * 0x9E3779B97F4A7C15L + x + 1;
    h ^= h >>> 29;
    if (t.isBool()) return h & 1;
    if (t.isFloat()) return (h & 0xFF) == 0 ? Double.NaN : (h % 100_000) * 0.125;
    long v = Math.floorMod(h, 256);
    return t.isUnsigned() ? v : v - 128;
  }

  private static final List<String> KEYS = List.of("alpha", "beta", "gamma", "delta", "x y",
      "Signal_x", "n2");

  private static Map<String, Object> tree(SplittableRandom r, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      String key = KEYS.get(r.nextInt(KEYS.size()));
      m.put(key, depth > 0 && r.nextInt(4) == 0 ? tree(r, depth - 1) : leaf(r));
    }
    return m;
  }

  private static Object leaf(SplittableRandom r) {
    switch (r.nextInt(11)) {
      case 0: return "text " + r.nextInt(100) + (r.nextBoolean() ? " \u00e9\u2192\u6f22" : "");
      case 1: return r.nextBoolean();
      case 2: return r.nextLong();
      case 3: return r.nextInt(-1000, 1000) * 0.25;
      case 4: return null;
      case 5: return List.of(r.nextLong(-5, 5), r.nextLong(), 7L);
      case 6: return List.of(0.5, r.nextInt(100) * 1.5);
      case 7: return List.of("a", "b\u00e9", "");
      case 8: return List.of(true, r.nextBoolean());
      case 9: return List.of();
      default: return List.of(List.of(1L, 2L), List.of(3L, r.nextLong(-9, 9)));
    }
  }
}
