package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;

/**
 * {@code orpca} against HyperSpy 1.7.3's ORPCA and the exact SVD on the committed rank-4 fixture
 * (Poisson counts of 20 to 500: noise σ ≈ 5 to 20).
 */
class OrpcaTest {
  private static final DecompositionResult SVD4 =
      Decomposition.of(Rank4Fixture.signal(10, 10, 64), DecompositionOptions.of("svd", 4));

  private static double angleToSvd(DecompositionResult r) {
    return SubspaceMeasures.largestAngleDegrees(SubspaceMeasures.factors(r), SubspaceMeasures.factors(SVD4));
  }

  private static double error(DecompositionResult r) {
    return SubspaceMeasures.relativeError(r, Rank4Fixture.data(), Rank4Fixture.M);
  }

  @Test
  void withASparseErrorThresholdAtTheNoiseLevelItRecoversTheRank4Subspace() {
    // lambda2 is an absolute threshold on the residual: about two noise standard deviations here.
    for (int batch : new int[] {0, 25}) {
      DecompositionResult r = Decomposition.of(Rank4Fixture.signal(7, 3, 64),
          DecompositionOptions.of("orpca", 4).withLambda2(30).withBatchSize(batch));
      double angle = angleToSvd(r);
      System.out.printf("orpca lambda2=30 batchSize=%d: largest angle to svd %.3f deg, relative reconstruction"
          + " error %.5f (svd %.5f)%n", batch, angle, error(r), error(SVD4));
      assertThat(angle).isLessThan(5);
      assertThat(error(r)).isLessThan(2 * error(SVD4));
    }
  }

  @Test
  void miniBatchesAreConsecutiveSamplesInCOrderWhateverTheChunking() {
    for (String algorithm : new String[] {"orpca", "ornmf"}) {
      DecompositionOptions o = DecompositionOptions.of(algorithm, 3).withBatchSize(25).withLambda2(30)
          .withLambda1(algorithm.equals("ornmf") ? 100 : 0.1).withMaxIterations(200);
      DecompositionResult a = Decomposition.of(Rank4Fixture.signal(30, 20, 64), o);
      DecompositionResult b = Decomposition.of(Rank4Fixture.signal(7, 3, 16), o);
      for (int c = 0; c < 3; c++) {
        assertThat(b.factor(c)).containsExactly(a.factor(c));
        assertThat(b.loading(c)).containsExactly(a.loading(c));
      }
    }
  }

  @Test
  void hyperSpyDefaultsGiveHyperSpysResult() {
    // HyperSpy 1.7.3, ORPCA(4).fit(X[:100]); fit(X[100:]); L = finish()[0]; R = project(X) on the
    // fixture: largest angle of L to the SVD top 4 82.5032°, ‖X − (L·R)ᵀ‖/‖X‖ = 0.792907 (BCD); with
    // method='SGD' 12.04° and 0.10334. HyperSpy's lambda2 = 1 treats nearly every count as an outlier.
    DecompositionResult bcd = Decomposition.of(Rank4Fixture.signal(10, 10, 64), DecompositionOptions.of("orpca", 4));
    assertThat(angleToSvd(bcd)).isCloseTo(82.5032, within(1e-3));
    assertThat(error(bcd)).isCloseTo(0.792907, within(1e-5));
    DecompositionResult sgd = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("orpca", 4).withMethod("SGD"));
    // SGD amplifies rounding differences; it lands within a degree of HyperSpy's.
    assertThat(angleToSvd(sgd)).isCloseTo(12.04, within(1.0));
    assertThat(error(sgd)).isCloseTo(0.10334, within(0.003));
    DecompositionResult momentum = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("orpca", 4).withMethod("momentumsgd"));
    assertThat(angleToSvd(momentum)).isLessThan(16);
    DecompositionResult cf = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("orpca", 4).withMethod("CF"));
    assertThat(java.util.Arrays.stream(cf.factor(0)).allMatch(Double::isFinite)).isTrue();
  }

  @Test
  void factorsAreOrthonormalAndTheExplainedVarianceIsTheModels() {
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("orpca", 4).withLambda2(30));
    double[][] f = SubspaceMeasures.factors(r);
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        double dot = 0;
        for (int j = 0; j < 64; j++) dot += f[a][j] * f[b][j];
        assertThat(dot).isCloseTo(a == b ? 1 : 0, within(1e-10));
      }
    }
    double[] ev = r.explainedVariance();
    for (int c = 0; c < 4; c++) {
      double[] l = r.loading(c);
      double ss = 0;
      for (double v : l) ss += v * v;
      assertThat(ev[c]).isCloseTo(ss / l.length, within(1e-9 * ev[0]));
      if (c > 0) assertThat(ev[c]).isLessThanOrEqualTo(ev[c - 1]);
    }
  }

  @Test
  void randomInitIsKeyedByTheSeed() {
    DecompositionOptions o = DecompositionOptions.of("orpca", 4).withLambda2(30)
        .withOnline(DecompositionOptions.of("orpca", 4).online().withInit("rand").withLambda2(30));
    DecompositionResult a = Decomposition.of(Rank4Fixture.signal(10, 10, 64), o.withSeed(5));
    DecompositionResult b = Decomposition.of(Rank4Fixture.signal(30, 20, 64), o.withSeed(5));
    DecompositionResult c = Decomposition.of(Rank4Fixture.signal(10, 10, 64), o.withSeed(6));
    assertThat(a.factor(0)).containsExactly(b.factor(0));
    assertThat(a.factor(0)).isNotEqualTo(c.factor(0));
    assertThat(angleToSvd(a)).isLessThan(5);
  }

  @Test
  void sparseOutliersMoveTheSvdSubspaceButNotOrpcas() {
    // 2% of the entries of a rank-4 matrix (values ~50-300, Gaussian noise σ = 2) hit by spikes of 2000 to
    // 5000; orpca's outlier threshold lambda2 = 20 (10 σ).
    int ny = 40;
    int nx = 25;
    int m = 64;
    int n = ny * nx;
    Random rng = new Random(20261126);
    double[][] basis = new double[4][m];
    for (int c = 0; c < 4; c++) {
      for (int j = 0; j < m; j++) basis[c][j] = Math.exp(-0.5 * Math.pow((j - 10 - 14 * c) / (3.0 + c), 2));
    }
    float[] clean = new float[n * m];
    float[] corrupted = new float[n * m];
    for (int i = 0; i < n; i++) {
      double[] w = {50 + 250 * rng.nextDouble(), 50 + 200 * rng.nextDouble(), 50 + 150 * rng.nextDouble(),
          50 + 100 * rng.nextDouble()};
      for (int j = 0; j < m; j++) {
        double v = 0;
        for (int c = 0; c < 4; c++) v += w[c] * basis[c][j];
        clean[i * m + j] = (float) (v + 2 * rng.nextGaussian());
        corrupted[i * m + j] = clean[i * m + j];
        if (rng.nextDouble() < 0.02) corrupted[i * m + j] += (float) (2000 + 3000 * rng.nextDouble());
      }
    }
    Signal truth = Signal.of(MemoryArray.split(Block.wrap(DType.FLOAT32, clean),
        ChunkGrid.regular(Shape.of(ny, nx, m), 10, 25, m)), 1);
    Signal spiky = Signal.of(MemoryArray.split(Block.wrap(DType.FLOAT32, corrupted),
        ChunkGrid.regular(Shape.of(ny, nx, m), 10, 25, m)), 1);
    double[][] reference = SubspaceMeasures.factors(Decomposition.of(truth, DecompositionOptions.of("svd", 4)));
    double svdAngle = SubspaceMeasures.largestAngleDegrees(
        SubspaceMeasures.factors(Decomposition.of(spiky, DecompositionOptions.of("svd", 4))), reference);
    double orpcaAngle = SubspaceMeasures.largestAngleDegrees(SubspaceMeasures.factors(
        Decomposition.of(spiky, DecompositionOptions.of("orpca", 4).withLambda2(20))), reference);
    System.out.printf("2%% spikes: largest angle to the clean subspace: svd %.2f deg, orpca %.2f deg%n", svdAngle,
        orpcaAngle);
    assertThat(orpcaAngle).isLessThan(5);
    assertThat(svdAngle).isGreaterThan(5 * orpcaAngle);
  }

  @Test
  void badParametersAreRefusedWithTheChoices() {
    Signal s = Rank4Fixture.signal(10, 10, 64);
    assertThatThrownBy(() -> Decomposition.of(s, DecompositionOptions.of("orpca", 4).withMethod("newton")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("orpca method 'newton' is not recognised; available: [BCD, CF, SGD, MomentumSGD]");
    assertThatThrownBy(() -> Decomposition.of(s, DecompositionOptions.of("orpca", 4)
        .withOnline(DecompositionOptions.of("orpca", 4).online().withInit("svd"))))
        .hasMessage("orpca init 'svd' is not recognised; available: [qr, rand]");
    assertThatThrownBy(() -> Decomposition.of(s, DecompositionOptions.of("orpca", 12)))
        .hasMessage("orpca's qr init needs trainingSamples >= outputDimension, got 10 < 12");
    assertThatThrownBy(() -> Decomposition.of(s, DecompositionOptions.of("orpca", 4)
        .withCentre(org.hyperflux.ml.decomposition.Centre.NAVIGATION)))
        .hasMessageContaining("'orpca' does not centre the data");
    assertThatThrownBy(() -> DecompositionOptions.of("orpca", 4).withBatchSize(-1))
        .hasMessage("batchSize must be >= 0 (0: per sample), got -1");
  }
}
