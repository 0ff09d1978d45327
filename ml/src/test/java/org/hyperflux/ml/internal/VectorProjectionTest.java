package org.hyperflux.ml.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API projections equal plain loops: any number of rows (fewer than eight, eight,
 * more than eight, not a multiple) and any length (shorter than a vector, with a tail).
 */
class VectorProjectionTest {
  @ParameterizedTest
  @CsvSource({"1, 1", "3, 7", "8, 1024", "9, 1023", "17, 100", "5, 8", "8, 3"})
  void projectEqualsPlainDots(int k, int m) {
    assumeTrue(Simd.available(), "the Vector API kernels are not in use on this JVM or machine");
    Random random = new Random(k * 1000L + m);
    double[][] rows = matrix(random, k, m + 3);   // longer than m: only the first m entries count
    double[] y = vector(random, m + 3);
    double[] out = new double[k + 4];
    out[0] = 41;
    out[k + 2] = 42;
    Simd.project(rows, k, y, m, out, 2);
    for (int i = 0; i < k; i++) {
      assertThat(out[2 + i]).as("row %d", i).isCloseTo(dot(rows[i], y, m), within(1e-12 * m));
    }
    assertThat(out[0]).as("nothing written before the offset").isEqualTo(41);
    assertThat(out[k + 2]).as("nothing written past k").isEqualTo(42);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 7", "8, 1024", "9, 1023", "17, 100", "5, 8", "8, 3"})
  void clipAndProjectEqualsTheSoftThresholdThenDots(int k, int m) {
    assumeTrue(Simd.available(), "the Vector API kernels are not in use on this JVM or machine");
    Random random = new Random(k * 77L + m);
    double lambda = 0.7;
    double[][] rows = matrix(random, k, m);
    double[] y = vector(random, m);
    double[] e = vector(random, m);
    double[] eExpected = e.clone();
    double[] c = new double[m];
    double[] out = new double[k];

    double changes = Simd.clipAndProject(y, e, c, lambda, m, rows, k, out);

    double expectedChanges = 0;
    double[] cExpected = new double[m];
    for (int j = 0; j < m; j++) {
      cExpected[j] = Math.max(-lambda, Math.min(lambda, y[j]));
      double eNew = y[j] - cExpected[j];
      expectedChanges += (eNew - eExpected[j]) * (eNew - eExpected[j]);
      eExpected[j] = eNew;
    }
    assertThat(c).containsExactly(cExpected);
    assertThat(e).containsExactly(eExpected);
    assertThat(changes).isCloseTo(expectedChanges, within(1e-12 * m));
    for (int i = 0; i < k; i++) {
      assertThat(out[i]).as("row %d", i).isCloseTo(dot(rows[i], cExpected, m), within(1e-12 * m));
    }
  }

  private static double dot(double[] a, double[] b, int m) {
    double s = 0;
    for (int j = 0; j < m; j++) s += a[j] * b[j];
    return s;
  }

  private static double[][] matrix(Random random, int k, int m) {
    double[][] a = new double[k][];
    for (int i = 0; i < k; i++) a[i] = vector(random, m);
    return a;
  }

  private static double[] vector(Random random, int m) {
    double[] v = new double[m];
    for (int j = 0; j < m; j++) v[j] = random.nextGaussian() * 2;
    return v;
  }
}
