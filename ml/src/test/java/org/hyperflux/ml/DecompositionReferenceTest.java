package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hyperflux.core.signal.Signal;
import org.hyperflux.ml.decomposition.Centre;
import org.junit.jupiter.api.Test;

/**
 * Results on the committed rank-4 fixture against the references its script computed: numpy's
 * exact SVD and centred PCA (float64 of the float32 data) and HyperSpy 1.7.3's SVD.
 */
class DecompositionReferenceTest {
  private static final int K = 8;

  static void assertRelativelyClose(double[] actual, double[] expected, double rel) {
    if (expected == null) {
      // An algorithm without explained variance (ornmf) has none in every run.
      assertThat(actual).isNull();
      return;
    }
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(Math.abs(expected[i]) * rel));
    }
  }

  /** Equal up to the sign of the whole vector. */
  static void assertEqualUpToSign(double[] actual, double[] expected, double tolerance) {
    double dot = 0;
    for (int i = 0; i < actual.length; i++) dot += actual[i] * expected[i];
    double sign = dot < 0 ? -1 : 1;
    for (int i = 0; i < actual.length; i++) {
      assertThat(sign * actual[i]).as("element %d", i).isCloseTo(expected[i], within(tolerance));
    }
  }

  @Test
  void svdExplainedVarianceFactorsAndLoadingsMatchNumpy() {
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64), DecompositionOptions.of("svd", K));
    assertThat(r.algorithm()).isEqualTo("svd");
    assertRelativelyClose(r.explainedVariance(), Rank4Fixture.expected("svdExplainedVariance"), 1e-6);
    assertRelativelyClose(r.explainedVarianceRatio(), Rank4Fixture.expected("svdExplainedVarianceRatio"), 1e-6);
    for (int c = 0; c < K; c++) {
      assertEqualUpToSign(r.factor(c), Rank4Fixture.expectedRow("svdFactors", c), 1e-6);
    }
    double[] l0 = Rank4Fixture.expected("svdLoadings0");
    double scale = Math.abs(l0[0]);
    assertEqualUpToSign(r.loading(0), l0, 1e-9 * scale);
  }

  @Test
  void svdMatchesHyperSpyEagerAndLazyToFloat32Precision() {
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64), DecompositionOptions.of("SVD", K));
    // HyperSpy decomposes the float32 data in float32.
    assertRelativelyClose(r.explainedVariance(), Rank4Fixture.expected("hyperspySvdExplainedVariance"), 1e-5);
    assertRelativelyClose(r.explainedVariance(), Rank4Fixture.expected("hyperspyLazySvdExplainedVariance"), 1e-5);
    assertRelativelyClose(r.explainedVarianceRatio(),
        Rank4Fixture.expected("hyperspyLazySvdExplainedVarianceRatio"), 1e-5);
  }

  @Test
  void pcaMatchesExactCentredPca() {
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64), DecompositionOptions.of("pca", K));
    assertRelativelyClose(r.explainedVariance(), Rank4Fixture.expected("pcaExplainedVariance"), 1e-6);
    assertRelativelyClose(r.explainedVarianceRatio(), Rank4Fixture.expected("pcaExplainedVarianceRatio"), 1e-6);
    for (int c = 0; c < K; c++) {
      assertEqualUpToSign(r.factor(c), Rank4Fixture.expectedRow("pcaFactors", c), 1e-6);
    }
  }

  @Test
  void poissonianNormalisationMatchesKeenanKotulaAndHyperSpy() {
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("svd", K).withNormalizePoissonianNoise(true));
    assertRelativelyClose(r.explainedVariance(), Rank4Fixture.expected("poissonExplainedVariance"), 1e-6);
    assertRelativelyClose(r.explainedVariance(), Rank4Fixture.expected("hyperspyPoissonExplainedVariance"), 1e-5);
    for (int c = 0; c < 4; c++) {
      double[] f = Rank4Fixture.expectedRow("poissonFactors", c);
      double max = 0;
      for (double v : f) max = Math.max(max, Math.abs(v));
      assertEqualUpToSign(r.factor(c), f, 1e-7 * max);
    }
  }

  @Test
  void svdCentredOnTheSignalMatchesNumpy() {
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("svd", K).withCentre(Centre.SIGNAL));
    assertRelativelyClose(r.explainedVariance(), Rank4Fixture.expected("signalCentredExplainedVariance"), 1e-6);
  }

  @Test
  void svdCentredOnTheNavigationIsPcaScaledByNOverNMinusOne() {
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("svd", K).withCentre(Centre.NAVIGATION));
    double[] pca = Rank4Fixture.expected("pcaExplainedVariance");
    double[] expected = new double[K];
    for (int c = 0; c < K; c++) expected[c] = pca[c] * (Rank4Fixture.N - 1) / Rank4Fixture.N;
    assertRelativelyClose(r.explainedVariance(), expected, 1e-6);
  }

  @Test
  void rsvdIsCloseToTheExactSvdForTheLeadingComponents() {
    // The rank-4 structure stands 17x above a flat floor of 60 noise components. Randomized
    // subspace iteration (2 power iterations, 10 extra columns) leaves the leading eigenvalues an
    // error of order Σ_{j>l} (λ_j/λ_c)^3 λ_j: measured 5e-6 relative at most (component 4), so
    // 2e-5; the unit factors within 1e-3 per element (measured 2.5e-4).
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("rsvd", 4).withSeed(7));
    double[] exact = Rank4Fixture.expected("svdExplainedVariance");
    assertRelativelyClose(r.explainedVariance(), java.util.Arrays.copyOf(exact, 4), 2e-5);
    for (int c = 0; c < 4; c++) {
      assertEqualUpToSign(r.factor(c), Rank4Fixture.expectedRow("svdFactors", c), 1e-3);
    }
  }

  @Test
  void rsvdCentredIsCloseToExactPca() {
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("rsvd", 4).withCentre(Centre.NAVIGATION));
    assertRelativelyClose(r.explainedVariance(),
        java.util.Arrays.copyOf(Rank4Fixture.expected("pcaExplainedVariance"), 4), 2e-5);
  }

  @Test
  void factorsAndLoadingsAreSignalsShapedAsHyperSpys() {
    Signal s = Rank4Fixture.signal(10, 10, 64);
    DecompositionResult r = Decomposition.of(s, DecompositionOptions.of("svd", 3));
    Signal f = r.factors();
    assertThat(f.axes().arrayShape()).containsExactly(3, 64);
    assertThat(f.axes().navigationAxes()).singleElement()
        .satisfies(a -> assertThat(a.name()).isEqualTo(DecompositionResult.COMPONENT_AXIS));
    assertThat(f.isLazy()).isFalse();
    Signal l = r.loadings();
    assertThat(l.axes().arrayShape()).containsExactly(3, 30, 20);
    assertThat(l.axes().navigationDimension()).isEqualTo(1);
    assertThat(l.axes().signalDimension()).isEqualTo(2);
    assertThat(l.memory().orElseThrow().getDouble(1, 4, 7)).isEqualTo(r.loading(1)[4 * 20 + 7]);
    assertThat(f.memory().orElseThrow().getDouble(2, 33)).isEqualTo(r.factor(2)[33]);
  }
}
