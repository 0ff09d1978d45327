package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.hyperflux.core.signal.LearningResults;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.ml.decomposition.Centre;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A decomposition saved as HyperSpy's {@code learning_results} (with the signal, {@code .zspy}
 * and {@code .hspy}) and read back is the same result: factors, loadings, explained variance,
 * algorithm, options and the decomposition model, for every registered algorithm, centred and
 * Poissonian-normalised included.
 */
class DecompositionLearningResultsTest {
  @TempDir
  Path tmp;

  static Stream<Arguments> cases() {
    // The online algorithms do not centre (as HyperSpy's): their .hspy case is Poissonian only.
    return Decomposition.algorithms().stream().flatMap(a -> {
      DecompositionOptions weighted = DecompositionOptions.of(a, 4).withSeed(5)
          .withNormalizePoissonianNoise(true);
      boolean centres = !a.equals("orpca") && !a.equals("ornmf");
      return Stream.of(
          Arguments.of(a, "r.zspy", DecompositionOptions.of(a, 4).withSeed(5)),
          Arguments.of(a, "r.hspy", centres ? weighted.withCentre(Centre.NAVIGATION) : weighted));
    });
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void aResultSavedWithItsSignalLoadsBackEqual(String algorithm, String file, DecompositionOptions o)
      throws Exception {
    Signal source = Rank4Fixture.signal(7, 5, 64);
    DecompositionResult r = Decomposition.of(source, o);
    Path out = tmp.resolve(file);
    SignalFiles.save(source, out, SaveOptions.defaults().withLearningResults(r.toLearningResults()));

    LearningResults lr = SignalFiles.loadLearningResults(out);
    assertThat(lr).isEqualTo(r.toLearningResults());
    Signal loaded = SignalFiles.load(out);
    DecompositionResult back = DecompositionResult.fromLearningResults(lr, loaded);
    assertThat(back.algorithm()).isEqualTo(algorithm);
    assertThat(back.components()).isEqualTo(4);
    assertThat(back.options().normalizePoissonianNoise()).isEqualTo(o.normalizePoissonianNoise());
    assertThat(back.toLearningResults()).isEqualTo(lr);
    assertThat(back.explainedVariance()).containsExactly(r.explainedVariance());
    assertThat(back.explainedVarianceRatio()).containsExactly(r.explainedVarianceRatio());
    for (int c = 0; c < 4; c++) {
      assertThat(back.factor(c)).containsExactly(r.factor(c));
      assertThat(back.loading(c)).containsExactly(r.loading(c));
    }
    assertThat(back.decompositionModel(3).data().compute().toDoubleArray())
        .containsExactly(r.decompositionModel(3).data().compute().toDoubleArray());
    SignalFiles.closeFile(loaded);
  }

  @Test
  void theLearningResultsAreHyperSpysEntries() {
    Signal source = Rank4Fixture.signal(7, 5, 64);
    LearningResults lr = Decomposition.of(source, DecompositionOptions.of("svd", 3)).toLearningResults();
    assertThat(lr.get("decomposition_algorithm")).isEqualTo("SVD");
    assertThat(lr.get("output_dimension")).isEqualTo(3L);
    assertThat(lr.get("poissonian_noise_normalized")).isEqualTo(false);
    assertThat(lr.array("factors").orElseThrow().shape()).containsExactly(Rank4Fixture.M, 3);
    assertThat(lr.array("loadings").orElseThrow().shape()).containsExactly(Rank4Fixture.N, 3);
    assertThat(lr.array("explained_variance").orElseThrow().shape()).containsExactly(3);
    assertThat(lr.tuple("original_shape")).hasValue(source.axes().arrayShape());
    assertThat(lr.entries().keySet()).doesNotContain("poissonian_row_weight");
  }

  @Test
  void resultsThatDoNotFitTheSignalAreRefused() {
    LearningResults lr = Decomposition.of(Rank4Fixture.signal(7, 5, 64), DecompositionOptions.of("svd", 3))
        .toLearningResults();
    Signal other = Rank4Fixture.signal(7, 5, 64).inav(0L);
    assertThatThrownBy(() -> DecompositionResult.fromLearningResults(lr, other))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
    assertThatThrownBy(() -> DecompositionResult.fromLearningResults(LearningResults.empty(), other))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no factors");
  }
}
