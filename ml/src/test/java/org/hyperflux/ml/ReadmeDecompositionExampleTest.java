package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
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

  @Test
  void theReadmeLearningResultsExampleRunsAsDocumented(@TempDir Path dir) throws Exception {
    Signal si = SignalFiles.load(save(Rank4Fixture.signal(10, 10, 64), dir.resolve("eels_si.zspy")));
    DecompositionResult r = Decomposition.of(si, DecompositionOptions.of("svd", 8)
        .withNormalizePoissonianNoise(true));
    Path target = dir.resolve("si_svd.zspy");

    SignalFiles.save(si, target, SaveOptions.defaults()
        .withLearningResults(r.toLearningResults()));
    DecompositionResult again = DecompositionResult.fromLearningResults(
        SignalFiles.loadLearningResults(target), SignalFiles.load(target));

    assertThat(again.explainedVariance()).containsExactly(r.explainedVariance());
    assertThat(again.factor(7)).containsExactly(r.factor(7));
    assertThat(again.decompositionModel(4).data().compute().toDoubleArray())
        .containsExactly(r.decompositionModel(4).data().compute().toDoubleArray());
  }

  private static Path save(Signal s, Path target) throws Exception {
    SignalFiles.save(s, target);
    return target;
  }
}
