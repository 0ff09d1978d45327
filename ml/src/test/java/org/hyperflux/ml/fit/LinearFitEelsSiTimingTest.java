package org.hyperflux.ml.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Times the linear fit of {@code polynomial(3) + gaussian(350, 20) + powerLaw(3)} on the benchmark
 * file {@code /tmp/benchdata/eels_si.zspy} (200×200|1024 float32), five times in one JVM, next to a
 * plain read of the file (its sum) and a one-parameter fit: run with {@code
 * -Dhyperflux.timing=true} where the file exists; skipped otherwise.
 */
@EnabledIf("enabled")
class LinearFitEelsSiTimingTest {
  private static final Path FILE = Path.of("/tmp/benchdata/eels_si.zspy");

  static boolean enabled() {
    return Boolean.getBoolean("hyperflux.timing") && Files.isDirectory(FILE);
  }

  @Test
  void timeTheFit() throws Exception {
    Signal s = SignalFiles.load(FILE);
    double gb = s.data().shape().nbytes(s.dtype()) / 1e9;
    LinearModel model = LinearModel.of(LinearComponent.polynomial(3), LinearComponent.gaussian(350, 20),
        LinearComponent.powerLaw(3));
    LinearModel offset = LinearModel.of(LinearComponent.offset());
    for (int rep = 0; rep < 5; rep++) {
      long t0 = System.nanoTime();
      s.sum().compute();
      long t1 = System.nanoTime();
      LinearFitResult flat = LinearFit.of(s, offset);
      long t2 = System.nanoTime();
      LinearFitResult r = LinearFit.of(s, model);
      long t3 = System.nanoTime();
      // The offset is nested in the cubic: the richer model never fits worse at any position.
      double[] coarse = flat.chisqValues();
      double[] fine = r.chisqValues();
      assertThat(fine).hasSize(200 * 200);
      for (int i = 0; i < fine.length; i++) {
        assertThat(fine[i]).as("position %d", i).isFinite().isLessThanOrEqualTo(coarse[i] * (1 + 1e-9));
      }
      System.out.printf("eels_si: read+sum %.3f s, offset fit %.3f s, 6-parameter fit %.3f s = %.2f GB/s"
              + " (mean red_chisq %.6g), load %s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
          gb / ((t3 - t2) / 1e9), java.util.Arrays.stream(r.redChisqValues()).average().orElse(0),
          Files.readString(Path.of("/proc/loadavg")).strip());
    }
  }
}
