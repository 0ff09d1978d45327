package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;

/**
 * Signals with more channels than an exact features × features matrix allows (4096): {@code svd}
 * refuses and names {@code rsvd}; {@code pca} switches to the randomized centred iteration, which
 * on exactly rank-3 data equals exact PCA (computed here from the small samples × samples matrix).
 */
class LargeSignalDecompositionTest {
  private static final int NAV = 60;
  private static final int SIDE = 65;   // 65 x 65 = 4225 channels

  private static double value(long i, long y, long x) {
    double f0 = Math.sin(0.05 * (y * SIDE + x));
    double f1 = Math.cos(0.3 * x) * Math.exp(-0.01 * y);
    double f2 = ((x + 2 * y) % 11) / 11.0;
    return 3 + (i % 7) * f0 + ((i % 5) - 1.5) * f1 + Math.sqrt(i) * f2;
  }

  private static Signal signal() {
    GeneratedSource source = GeneratedSource.of("rank-3 patterns", DType.FLOAT64,
        ChunkGrid.regular(Shape.of(NAV, SIDE, SIDE), 7, SIDE, SIDE), p -> value(p[0], p[1], p[2]));
    return Signal.of(LazyArray.of(source), 2);
  }

  @Test
  void svdRefusesAndNamesRsvd() {
    assertThatThrownBy(() -> Decomposition.of(signal(), DecompositionOptions.of("svd", 3)))
        .hasMessageContaining("4225 unmasked channels (more than 4096); use algorithm 'rsvd'");
  }

  @Test
  void pcaAbove4096ChannelsIsTheRandomizedCentredIteration() {
    int m = SIDE * SIDE;
    double[][] x = new double[NAV][m];
    double[] mean = new double[m];
    for (int i = 0; i < NAV; i++) {
      for (int j = 0; j < m; j++) {
        x[i][j] = value(i, j / SIDE, j % SIDE);
        mean[j] += x[i][j] / NAV;
      }
    }
    double[] small = new double[NAV * NAV];
    for (int a = 0; a < NAV; a++) {
      for (int b = 0; b < NAV; b++) {
        double s = 0;
        for (int j = 0; j < m; j++) s += (x[a][j] - mean[j]) * (x[b][j] - mean[j]);
        small[a * NAV + b] = s;
      }
    }
    double[] lambda = org.hyperflux.ml.internal.Linalg.symmetricEigen(small, NAV, 3).values();

    DecompositionResult r = Decomposition.of(signal(), DecompositionOptions.of("pca", 3));
    for (int c = 0; c < 3; c++) {
      double expected = lambda[c] / (NAV - 1);
      assertThat(r.explainedVariance()[c]).isCloseTo(expected, within(1e-8 * expected));
    }
    assertThat(r.factors().axes().arrayShape()).containsExactly(3, SIDE, SIDE);
    // Centred and rank 3: three components rebuild the data.
    double[] model = r.decompositionModel(3).inav(17).compute().memory().orElseThrow().toDoubleArray();
    for (int j = 0; j < m; j += 97) assertThat(model[j]).isCloseTo(x[17][j], within(1e-8));
  }
}
