package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrpcaTest {
  @Test
  void recoversTheRank4Subspace() {
    DecompositionResult svd = Decomposition.of(Rank4Fixture.signal(10, 10, 64), DecompositionOptions.of("svd", 4));
    for (String method : new String[] {"BCD", "CF", "SGD", "MomentumSGD"}) {
      long t0 = System.nanoTime();
      DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
          DecompositionOptions.of("orpca", 4).withMethod(method));
      double angle = SubspaceMeasures.largestAngleDegrees(SubspaceMeasures.factors(r), SubspaceMeasures.factors(svd));
      System.out.printf("orpca %s: angle %.3f deg, error %.5f (svd %.5f), %.3f s, ev %s%n", method, angle,
          SubspaceMeasures.relativeError(r, Rank4Fixture.data(), 64),
          SubspaceMeasures.relativeError(svd, Rank4Fixture.data(), 64), (System.nanoTime() - t0) / 1e9,
          java.util.Arrays.toString(r.explainedVariance()));
    }
    for (String method : new String[] {"PGD", "RobustPGD", "MomentumSGD"}) {
      long t0 = System.nanoTime();
      DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
          DecompositionOptions.of("ornmf", 4).withMethod(method));
      double angle = SubspaceMeasures.largestAngleDegrees(SubspaceMeasures.factors(r), SubspaceMeasures.factors(svd));
      System.out.printf("ornmf %s: angle %.3f deg, error %.5f, %.3f s%n", method, angle,
          SubspaceMeasures.relativeError(r, Rank4Fixture.data(), 64), (System.nanoTime() - t0) / 1e9);
    }
  }
}
