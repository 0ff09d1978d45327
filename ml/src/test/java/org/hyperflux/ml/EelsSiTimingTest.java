package org.hyperflux.ml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Times svd, pca and rsvd (output dimension 8) on the benchmark file {@code
 * /tmp/benchdata/eels_si.zspy} (200×200|1024 float32): run with {@code -Dhyperflux.timing=true}
 * where the file exists; skipped otherwise.
 */
@EnabledIf("enabled")
class EelsSiTimingTest {
  private static final Path FILE = Path.of("/tmp/benchdata/eels_si.zspy");

  static boolean enabled() {
    return Boolean.getBoolean("hyperflux.timing") && Files.isDirectory(FILE);
  }

  @Test
  void timeDecompositions() throws Exception {
    Signal s = SignalFiles.load(FILE);
    for (String a : new String[] {"svd", "svd", "pca", "rsvd"}) {
      long t0 = System.nanoTime();
      DecompositionResult r = Decomposition.of(s, DecompositionOptions.of(a, 8));
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("eels_si %s k=8: %.2f s, explained variance %s%n", a, seconds,
          Arrays.toString(r.explainedVariance()));
    }
  }
}
