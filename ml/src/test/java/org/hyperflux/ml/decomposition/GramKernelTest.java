package org.hyperflux.ml.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The blocked Gram kernel equals a plain triple loop on awkward sizes (blocks that do not divide them). */
class GramKernelTest {
  @ParameterizedTest
  @CsvSource({"1, 1", "3, 5", "17, 513", "33, 1030", "100, 64", "4, 512", "7, 2100"})
  void equalsThePlainLoop(int rows, int m) {
    Random r = new Random(rows * 31L + m);
    double[][] a = new double[rows][m];
    for (double[] row : a) for (int j = 0; j < m; j++) row[j] = r.nextGaussian();
    double[][] g = new double[m][m];
    GramKernel.addUpper(a, rows, m, g);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double expected = 0;
        if (j >= i) for (int p = 0; p < rows; p++) expected += a[p][i] * a[p][j];
        assertThat(g[i][j]).as("G[%d][%d]", i, j).isCloseTo(expected, within(1e-12 * rows));
      }
    }
  }
}
