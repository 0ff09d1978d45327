package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .hspy} files written by hyperflux's own HDF5 writer load in HyperSpy 1.7.3 ({@code
 * hs.load}) with equal dtype, values, axes, metadata (booleans, {@code None}, lists, nested
 * dicts), original metadata and stored navigator ({@code _sig_navigator}): the signals of {@link
 * ZspyHyperSpyRoundTripTest}, saved as {@code .hspy}. Skipped (reported as skipped, never passed)
 * when {@code /usr/bin/python3} cannot import HyperSpy.
 */
@EnabledIf("org.hyperflux.io.hyperspy.PythonHyperSpy#available")
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
}
