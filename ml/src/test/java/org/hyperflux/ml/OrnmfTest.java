package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;

/** {@code ornmf} on the committed rank-4 fixture (non-negative Poisson counts of 20 to 500). */
class OrnmfTest {
  @Test
  void recoversTheRank4SubspaceWithNonNegativeFactorsLoadingsAndModel() {
    DecompositionResult svd = Decomposition.of(Rank4Fixture.signal(10, 10, 64), DecompositionOptions.of("svd", 4));
    for (String method : new String[] {"PGD", "RobustPGD"}) {
      // lambda1 is an absolute outlier threshold: a few noise standard deviations here.
      DecompositionResult r = Decomposition.of(Rank4Fixture.signal(7, 3, 64),
          DecompositionOptions.of("ornmf", 4).withLambda1(100).withMethod(method).withMaxIterations(2000));
      double angle = SubspaceMeasures.largestAngleDegrees(SubspaceMeasures.factors(r), SubspaceMeasures.factors(svd));
      double error = SubspaceMeasures.relativeError(r, Rank4Fixture.data(), 64);
      System.out.printf("ornmf %s lambda1=100: largest angle to svd %.3f deg, relative reconstruction error %.5f"
          + " (svd %.5f)%n", method, angle, error, SubspaceMeasures.relativeError(svd, Rank4Fixture.data(), 64));
      assertThat(angle).isLessThan(5);
      assertThat(r.explainedVariance()).isEmpty();
      assertThat(r.explainedVarianceRatio()).isEmpty();
      assertNonNegative(r);
    }
  }

  @Test
  void everyMethodKeepsTheOutputNonNegative() {
    for (String method : new String[] {"PGD", "RobustPGD", "MomentumSGD"}) {
      for (int batch : new int[] {0, 16}) {
        DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
            DecompositionOptions.of("ornmf", 3).withMethod(method).withBatchSize(batch).withMaxIterations(100));
        assertNonNegative(r);
      }
    }
  }

  private static void assertNonNegative(DecompositionResult r) {
    for (int c = 0; c < r.components(); c++) {
      assertThat(java.util.Arrays.stream(r.factor(c)).min().getAsDouble()).isGreaterThanOrEqualTo(0);
      assertThat(java.util.Arrays.stream(r.loading(c)).min().getAsDouble()).isGreaterThanOrEqualTo(0);
    }
    double[] model = r.decompositionModel(r.components()).compute().memory().orElseThrow().toDoubleArray();
    assertThat(java.util.Arrays.stream(model).min().getAsDouble()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void negativeDataIsRefusedNamingThePosition() {
    float[] data = Rank4Fixture.data();
    data[(4 * 20 + 9) * 64 + 17] = -3;
    Signal s = Signal.of(org.hyperflux.core.exec.MemoryArray.split(
        org.hyperflux.core.array.Block.wrap(org.hyperflux.core.array.DType.FLOAT32, data),
        org.hyperflux.core.array.ChunkGrid.regular(org.hyperflux.core.array.Shape.of(30, 20, 64), 10, 10, 64)), 1);
    assertThatThrownBy(() -> Decomposition.of(s, DecompositionOptions.of("ornmf", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ornmf' needs non-negative data (NMF), but navigation position [4, 9] (array order;"
            + " flat index 89) holds -3.0 at feature 17");
    boolean[] mask = new boolean[600];
    mask[89] = true;
    DecompositionResult masked = Decomposition.of(s, DecompositionOptions.of("ornmf", 2).withNavigationMask(mask)
        .withMaxIterations(50));
    assertThat(masked.loading(0)[89]).isNaN();
  }

  @Test
  void anUnknownMethodListsTheChoices() {
    assertThatThrownBy(() -> Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("ornmf", 2).withMethod("BCD")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ornmf method 'BCD' is not recognised; available: [PGD, RobustPGD, MomentumSGD]");
  }
}
