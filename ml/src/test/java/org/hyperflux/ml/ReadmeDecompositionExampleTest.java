package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Decomposition" example, line for line, on the rank-4 fixture saved as .zspy, so
 * the README stays true.
 */
class ReadmeDecompositionExampleTest {
  @Test
  void theReadmeDecompositionExampleRunsAsDocumented(@TempDir Path dir) throws Exception {
    SignalFiles.save(Rank4Fixture.signal(10, 10, 64), dir.resolve("eels_si.zspy"));

    Signal si = SignalFiles.load(dir.resolve("eels_si.zspy"));
    DecompositionResult r = Decomposition.of(si, DecompositionOptions.of("svd", 8)
        .withNormalizePoissonianNoise(true));
    double[] ratio = r.explainedVarianceRatio();
    Signal factors = r.factors();
    Signal loadings = r.loadings();
    Signal denoised = r.decompositionModel(4);

    assertThat(ratio).hasSize(8);
    assertThat(ratio[0]).isGreaterThan(ratio[1]);
    assertThat(factors.axes().dimensionsString()).isEqualTo("(8|64)");
    assertThat(loadings.axes().dimensionsString()).isEqualTo("(8|20, 30)");
    assertThat(denoised.isLazy()).isTrue();
    assertThat(denoised.axes()).isEqualTo(si.axes());
  }
}
