package org.hyperflux.ml.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.hyperflux.ml.internal.Simd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both Gram kernels (the auto-vectorised rank-4 loop and the Vector API micro-kernel) equal a
 * plain triple loop on awkward sizes: blocks and panels that do not divide them, fewer rows than
 * a micro-kernel block, one feature.
 */
class GramKernelTest {
  @ParameterizedTest
  @CsvSource({"1, 1", "3, 5", "17, 513", "33, 1030", "100, 64", "4, 512", "7, 2100", "128, 25", "2, 47"})
  void rowKernelEqualsThePlainLoop(int rows, int m) {
    double[][] a = sample(rows, m);
    double[][] g = new double[m][m];
    GramKernel.addUpper(a, rows, m, g);
    assertUpperEqualsPlainLoop(a, g, 1);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 5", "17, 513", "33, 1030", "100, 64", "4, 512", "7, 2100", "128, 25", "2, 47"})
  void microKernelEqualsThePlainLoopAndLeavesTheLowerTriangle(int rows, int m) {
    assumeTrue(Simd.gramKernel(), "the Vector API Gram kernel is not in use on this JVM or machine");
    double[][] a = sample(rows, m);
    double[] values = new double[rows * m];
    for (int p = 0; p < rows; p++) System.arraycopy(a[p], 0, values, p * m, m);
    double[][] g = new double[m][m];
    for (int i = 0; i < m; i++) for (int j = 0; j < i; j++) g[i][j] = -7;   // must stay untouched
    double[][] work = Simd.gramAddUpper(values, rows, m, g, null);
    // A second tile through the same work buffer adds the same again.
    double[][] again = Simd.gramAddUpper(values, rows, m, g, work);
    assertThat(again).isSameAs(work);
    for (int i = 0; i < m; i++) for (int j = 0; j < i; j++) assertThat(g[i][j]).isEqualTo(-7);
    assertUpperEqualsPlainLoop(a, g, 2);
  }

  @Test
  void theDispatcherSwitchesToTheMicroKernelOnceWarmAndStaysExact() {
    assumeTrue(Simd.gramKernel(), "the Vector API Gram kernel is not in use on this JVM or machine");
    int rows = 128;
    int m = 100;
    double[][] a = sample(rows, m);
    double[] values = new double[rows * m];
    for (int p = 0; p < rows; p++) System.arraycopy(a[p], 0, values, p * m, m);
    GramKernel.Work work = new GramKernel.Work();
    int tiles = 0;
    double[][] g = new double[m][m];
    // Each tile before the switch runs the loop and probes the micro-kernel; a few hundred
    // probes get it compiled (bounded: the test fails rather than spin).
    while (!Simd.gramKernelWarm() && tiles < 20_000) {
      GramKernel.addUpper(values, rows, m, g, work);
      tiles++;
    }
    assertThat(Simd.gramKernelWarm()).as("warm after %d tiles", tiles).isTrue();
    assertThat(work.panels).as("the micro-kernel has not run for the caller yet").isNull();
    GramKernel.addUpper(values, rows, m, g, work);
    assertThat(work.panels).as("the micro-kernel ran").isNotNull();
    assertUpperEqualsPlainLoop(a, g, tiles + 1);
  }

  @Test
  void theTestJvmResolvesTheVectorModule() {
    // ml's surefire argLine adds jdk.incubator.vector, so the micro-kernel is what these tests run
    // wherever the machine's vectors hold four doubles or more.
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
  }

  private static double[][] sample(int rows, int m) {
    Random r = new Random(rows * 31L + m);
    double[][] a = new double[rows][m];
    for (double[] row : a) for (int j = 0; j < m; j++) row[j] = r.nextGaussian();
    return a;
  }

  private static void assertUpperEqualsPlainLoop(double[][] a, double[][] g, int times) {
    int m = g.length;
    for (int i = 0; i < m; i++) {
      for (int j = i; j < m; j++) {
        double expected = 0;
        for (double[] row : a) expected += row[i] * row[j];
        assertThat(g[i][j]).as("G[%d][%d]", i, j).isCloseTo(times * expected, within(1e-12 * a.length * times));
      }
    }
    if (times == 1) {
      for (int i = 0; i < m; i++) for (int j = 0; j < i; j++) assertThat(g[i][j]).isZero();
    }
  }
}
