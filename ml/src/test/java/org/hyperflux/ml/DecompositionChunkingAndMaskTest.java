package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hyperflux.ml.DecompositionReferenceTest.assertEqualUpToSign;
import static org.hyperflux.ml.DecompositionReferenceTest.assertRelativelyClose;

import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.ml.decomposition.Centre;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The contract every registered decomposition inherits (the tests run over
 * {@link Decomposition#algorithms()}): results do not depend on the chunking (HyperSpy's lazy
 * path reads only the first chunk of a chunked signal axis), are identical run to run, and
 * masked positions are excluded and placed back where they belong (HyperSpy's lazy path drops
 * and scrambles loadings under a navigation mask).
 */
class DecompositionChunkingAndMaskTest {
  private static final int K = 6;

  @ParameterizedTest
  @MethodSource("algorithms")
  void resultsAreIdenticalRunToRun(String algorithm) {
    DecompositionOptions o = DecompositionOptions.of(algorithm, K).withSeed(3);
    DecompositionResult a = Decomposition.of(Rank4Fixture.signal(7, 3, 64), o);
    DecompositionResult b = Decomposition.of(Rank4Fixture.signal(7, 3, 64), o);
    assertThat(a.explainedVariance()).isEqualTo(b.explainedVariance());
    for (int c = 0; c < K; c++) {
      assertThat(a.factor(c)).containsExactly(b.factor(c));
      assertThat(a.loading(c)).containsExactly(b.loading(c));
    }
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void everyChunkingGivesTheSameResultSignalAxisChunkedIncluded(String algorithm) {
    DecompositionOptions o = DecompositionOptions.of(algorithm, 4);
    DecompositionResult reference = Decomposition.of(Rank4Fixture.signal(30, 20, 64), o);
    for (int[] chunks : new int[][] {{10, 10, 64}, {7, 3, 64}, {1, 20, 64}, {8, 8, 16}, {30, 20, 5}}) {
      DecompositionResult r = Decomposition.of(Rank4Fixture.signal(chunks), o);
      assertRelativelyClose(r.explainedVariance(), reference.explainedVariance(), 1e-10);
      for (int c = 0; c < 4; c++) {
        assertThat(r.factor(c)).hasSize(64);
        assertEqualUpToSign(r.factor(c), reference.factor(c), 1e-8);
        assertEqualUpToSign(r.loading(c), reference.loading(c), 1e-6);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void masksGiveTheResultOfTheUnmaskedSubsetPlacedBack(String algorithm) {
    boolean[] navMask = new boolean[Rank4Fixture.N];
    for (int i = 0; i < navMask.length; i++) navMask[i] = i % 7 == 3 || (i / 20 == 12);
    boolean[] sigMask = new boolean[Rank4Fixture.M];
    for (int j = 0; j < sigMask.length; j++) sigMask[j] = j < 3 || j == 30 || j == 31 || j > 60;
    DecompositionOptions o = DecompositionOptions.of(algorithm, 4).withSeed(11);
    DecompositionResult masked = Decomposition.of(Rank4Fixture.signal(8, 6, 16),
        o.withNavigationMask(navMask).withSignalMask(sigMask));

    // The subset as a signal of its own: unmasked rows (C order) x unmasked channels.
    float[] all = Rank4Fixture.data();
    int rows = 0;
    for (boolean b : navMask) if (!b) rows++;
    int cols = 0;
    for (boolean b : sigMask) if (!b) cols++;
    float[] sub = new float[rows * cols];
    int[] rowOf = new int[rows];
    int r = 0;
    for (int i = 0; i < Rank4Fixture.N; i++) {
      if (navMask[i]) continue;
      int c = 0;
      for (int j = 0; j < Rank4Fixture.M; j++) if (!sigMask[j]) sub[r * cols + c++] = all[i * Rank4Fixture.M + j];
      rowOf[r++] = i;
    }
    Signal subset = Signal.of(MemoryArray.of(Shape.of(rows, cols), Block.wrap(DType.FLOAT32, sub)), 1);
    DecompositionResult expected = Decomposition.of(subset, o);

    assertRelativelyClose(masked.explainedVariance(), expected.explainedVariance(), 1e-10);
    assertRelativelyClose(masked.explainedVarianceRatio(), expected.explainedVarianceRatio(), 1e-10);
    for (int c = 0; c < 4; c++) {
      double[] f = masked.factor(c);
      double[] fe = expected.factor(c);
      double[] kept = new double[cols];
      int q = 0;
      for (int j = 0; j < Rank4Fixture.M; j++) {
        if (sigMask[j]) assertThat(f[j]).as("factor at masked channel %d", j).isNaN();
        else kept[q++] = f[j];
      }
      assertEqualUpToSign(kept, fe, 1e-8);
      double[] l = masked.loading(c);
      double[] le = expected.loading(c);
      double sign = Math.signum(kept[argMax(fe)] * fe[argMax(fe)]);
      for (int i = 0; i < Rank4Fixture.N; i++) {
        if (navMask[i]) assertThat(l[i]).as("loading at masked position %d", i).isNaN();
      }
      for (int s = 0; s < rows; s++) {
        assertThat(sign * l[rowOf[s]]).as("loading of sample %d at position %d", s, rowOf[s])
            .isCloseTo(le[s], within(1e-6 * Math.abs(le[0]) + 1e-9));
      }
    }
  }

  private static int argMax(double[] v) {
    int a = 0;
    for (int i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[a])) a = i;
    return a;
  }

  @Test
  void masksGivenAsSignalsAreCheckedAgainstTheShapes() {
    boolean[] navMask = new boolean[Rank4Fixture.N];
    navMask[5] = true;
    Block b = Block.wrap(DType.BOOL, navMask);
    Signal maskSignal = Signal.of(MemoryArray.of(Shape.of(30, 20), b), 0);
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("svd", 2).withNavigationMask(maskSignal));
    assertThat(r.loading(0)[5]).isNaN();
    assertThat(r.loading(0)[6]).isNotNaN();
  }

  @ParameterizedTest
  @CsvSource({"svd, NONE, false", "svd, NAVIGATION, false", "svd, SIGNAL, false", "svd, NONE, true",
      "pca, NAVIGATION, false", "pca, NAVIGATION, true"})
  void theModelWithEveryComponentReconstructsTheData(String algorithm, Centre centre, boolean poisson) {
    Signal s = Rank4Fixture.signal(7, 6, 64);
    DecompositionResult r = Decomposition.of(s, DecompositionOptions.of(algorithm, 64).withCentre(centre)
        .withNormalizePoissonianNoise(poisson));
    Signal model = r.decompositionModel(64);
    assertThat(model.isLazy()).isTrue();
    assertThat(model.axes()).isEqualTo(s.axes());
    double[] m = model.compute().memory().orElseThrow().toDoubleArray();
    float[] data = Rank4Fixture.data();
    for (int i = 0; i < data.length; i++) {
      assertThat(m[i]).as("element %d", i).isCloseTo(data[i], within(1e-6 * 500));
    }
  }

  @Test
  void aModelOfFewComponentsIsTheTruncatedReconstruction() {
    DecompositionResult r = Decomposition.of(Rank4Fixture.signal(10, 10, 64),
        DecompositionOptions.of("svd", 4).withNormalizePoissonianNoise(true));
    double[] m = r.decompositionModel(4).compute().memory().orElseThrow().toDoubleArray();
    int i = 123;
    int j = 40;
    double expected = 0;
    for (int c = 0; c < 4; c++) expected += r.loading(c)[i] * r.factor(c)[j];
    assertThat(m[i * 64 + j]).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
    // Rank 4 plus Poisson noise: the model is within a few noise standard deviations of the data.
    assertThat(Math.abs(m[i * 64 + j] - Rank4Fixture.data()[i * 64 + j])).isLessThan(5 * Math.sqrt(400));
  }

  static Stream<String> algorithms() {
    return Decomposition.algorithms().stream();
  }
}
