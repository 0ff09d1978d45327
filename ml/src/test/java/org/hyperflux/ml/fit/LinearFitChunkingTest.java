package org.hyperflux.ml.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lazy equals eager: the streaming fit against a plain loop that solves the normal equations of
 * each spectrum on its own (Gaussian elimination), on awkward geometries: navigation rank 0 to 3,
 * chunks that do not divide the shape, a chunked signal axis, one-element chunks, navigation and
 * signal masks, integer data, a non-uniform axis. The lazy model and residual are checked against
 * {@code B·c} and {@code y - B·c}, with the source's chunking.
 */
class LinearFitChunkingTest {
  static List<Arguments> geometries() {
    return List.of(
        Arguments.of(new long[] {40}, new int[] {40}, false, false, DType.FLOAT64),
        Arguments.of(new long[] {7, 40}, new int[] {3, 40}, false, false, DType.FLOAT32),
        Arguments.of(new long[] {5, 7, 33}, new int[] {2, 3, 33}, true, false, DType.FLOAT64),
        Arguments.of(new long[] {5, 7, 33}, new int[] {4, 7, 10}, false, true, DType.FLOAT64),
        Arguments.of(new long[] {3, 2, 4, 17}, new int[] {1, 1, 1, 5}, true, true, DType.INT16),
        Arguments.of(new long[] {6, 9, 64}, new int[] {5, 4, 1}, true, true, DType.FLOAT32),
        Arguments.of(new long[] {1, 1, 12}, new int[] {1, 1, 7}, false, false, DType.UINT8));
  }

  private static LinearModel model() {
    return LinearModel.of(LinearComponent.polynomial(1), LinearComponent.gaussian(0.4, 0.15),
        LinearComponent.function("Wave", v -> Math.sin(7 * v)));
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void streamingFitEqualsAPlainLoop(long[] shape, int[] chunks, boolean navMasked, boolean sigMasked, DType dtype) {
    int rank = shape.length;
    int m = (int) shape[rank - 1];
    int nav = 1;
    for (int a = 0; a < rank - 1; a++) nav *= (int) shape[a];
    double[] x = new double[m];
    for (int j = 0; j < m; j++) x[j] = Math.pow((j + 0.5) / m, 1.2);
    SplittableRandom rng = new SplittableRandom(rank * 1000L + m);
    double[] data = new double[nav * m];
    for (int i = 0; i < nav; i++) {
      double a = rng.nextDouble(1, 5);
      double b = rng.nextDouble(-2, 2);
      double g = rng.nextDouble(0, 3);
      for (int j = 0; j < m; j++) {
        double v = 10 + a + b * x[j] + g * Math.exp(-Math.pow(x[j] - 0.4, 2) / 0.045) + rng.nextDouble(-0.5, 0.5);
        data[i * m + j] = dtype.isFloat() ? v : Math.round(v * 3);
      }
    }
    if (dtype == DType.FLOAT32) for (int e = 0; e < data.length; e++) data[e] = (float) data[e];
    Block block = Block.allocate(dtype, data.length);
    for (int e = 0; e < data.length; e++) block.setDouble(e, data[e]);
    Axis[] axes = new Axis[rank];
    for (int a = 0; a < rank - 1; a++) axes[a] = Axis.uniform((int) shape[a]).withNavigate(true);
    axes[rank - 1] = Axis.nonUniform(x);
    Signal s = Signal.of(MemoryArray.split(block, ChunkGrid.regular(Shape.of(shape), chunks)), Axes.of(axes));

    boolean[] navMask = new boolean[nav];
    if (navMasked) for (int i = 0; i < nav; i += 3) navMask[i] = true;
    boolean[] sigMask = new boolean[m];
    if (sigMasked) for (int j = 2; j < m; j += 4) sigMask[j] = true;
    LinearFitOptions options = LinearFitOptions.defaults().withCalculateErrors(true)
        .withExec(ExecOptions.defaults().withTileElements(Math.max(m, 3 * m + 1)));
    if (navMasked) options = options.withNavigationMask(navMask);
    if (sigMasked) options = options.withSignalMask(sigMask);
    LinearModel model = model();
    LinearFitResult r = LinearFit.of(s, model, options);

    int p = model.size();
    double[] design = model.designMatrix(x);
    double[] expectedModel = new double[nav * m];
    for (int i = 0; i < nav; i++) {
      if (navMask[i]) {
        for (String name : model.parameters()) assertThat(r.values(name)[i]).isNaN();
        assertThat(r.chisqValues()[i]).isNaN();
        for (int j = 0; j < m; j++) expectedModel[i * m + j] = Double.NaN;
        continue;
      }
      double[] c = plainLeastSquares(design, data, i * m, m, p, sigMask);
      int fitted = 0;
      double rss = 0;
      for (int j = 0; j < m; j++) {
        double f = 0;
        for (int k = 0; k < p; k++) f += design[j * p + k] * c[k];
        expectedModel[i * m + j] = f;
        if (sigMask[j]) continue;
        fitted++;
        rss += (data[i * m + j] - f) * (data[i * m + j] - f);
      }
      for (int k = 0; k < p; k++) {
        assertThat(r.values(model.parameters().get(k))[i]).as("position %d parameter %d", i, k)
            .isCloseTo(c[k], within(1e-9 * (1 + Math.abs(c[k]))));
      }
      assertThat(r.chisqValues()[i]).isCloseTo(rss, within(1e-9 * (1 + rss)));
      assertThat(r.redChisqValues()[i]).isCloseTo(rss / (fitted - p - 1), within(1e-9 * (1 + rss)));
      assertThat(r.std(model.parameters().get(0))[i]).isPositive();
    }
    Signal lazyModel = r.model();
    assertThat(lazyModel.isLazy()).isTrue();
    assertThat(lazyModel.axes()).isEqualTo(s.axes());
    assertThat(lazyModel.data().grid()).isEqualTo(s.data().grid());
    double[] modelValues = lazyModel.compute().memory().orElseThrow().toDoubleArray();
    double[] residual = r.residual().compute().memory().orElseThrow().toDoubleArray();
    for (int e = 0; e < modelValues.length; e++) {
      if (Double.isNaN(expectedModel[e])) {
        assertThat(modelValues[e]).isNaN();
        continue;
      }
      assertThat(modelValues[e]).as("model at %d", e).isCloseTo(expectedModel[e], within(1e-9));
      assertThat(residual[e]).as("residual at %d", e).isCloseTo(data[e] - expectedModel[e], within(1e-9));
    }
    long[] navShape = java.util.Arrays.copyOf(shape, rank - 1);
    assertThat(r.map(model.parameters().get(0)).axes().arrayShape()).isEqualTo(navShape);
  }

  /** The normal equations of one spectrum, solved by Gaussian elimination with partial pivoting. */
  private static double[] plainLeastSquares(double[] design, double[] data, int offset, int m, int p,
      boolean[] sigMask) {
    double[][] a = new double[p][p + 1];
    for (int j = 0; j < m; j++) {
      if (sigMask[j]) continue;
      for (int k = 0; k < p; k++) {
        for (int l = 0; l < p; l++) a[k][l] += design[j * p + k] * design[j * p + l];
        a[k][p] += design[j * p + k] * data[offset + j];
      }
    }
    for (int col = 0; col < p; col++) {
      int pivot = col;
      for (int r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      for (int r = col + 1; r < p; r++) {
        double f = a[r][col] / a[col][col];
        for (int c = col; c <= p; c++) a[r][c] -= f * a[col][c];
      }
    }
    double[] c = new double[p];
    for (int r = p - 1; r >= 0; r--) {
      double v = a[r][p];
      for (int k = r + 1; k < p; k++) v -= a[r][k] * c[k];
      c[r] = v / a[r][r];
    }
    return c;
  }
}
