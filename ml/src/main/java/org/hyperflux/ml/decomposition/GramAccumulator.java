package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Chunk;

/**
 * The first pass of the exact decompositions: the {@code m×m} Gram matrix {@code XᵀX} of the
 * sample rows (uncentred SVD) or, with {@code centred}, their mean and co-moment matrix
 * {@code Σ(x-μ)(x-μ)ᵀ} (PCA, SVD with {@code centre='navigation'}), in double precision.
 *
 * <p><b>Algorithm.</b> Each tile's rows go through {@link GramKernel} (upper triangle only). For
 * the co-moment, a tile is centred on its own mean first and tiles and states are combined with
 * Chan, Golub and LeVeque's parallel update {@code C = Ca + Cb + δδᵀ na nb / n} ({@code δ = μb -
 * μa}), never from a raw sum of squares. Mergeable (the pass merges partitions in grid order, so
 * the result is the same on every run), one pass, live-capable; a state holds {@code m² + m}
 * doubles. Immutable and serialisable, as are its states (the row scratch is transient).
 */
public final class GramAccumulator implements Accumulator<GramAccumulator.State, GramAccumulator.Gram> {
  private static final long serialVersionUID = 1L;

  private final SampleRows rows;
  private final boolean centred;

  public GramAccumulator(SampleRows rows, boolean centred) {
    this.rows = rows;
    this.centred = centred;
  }

  /**
   * The accumulated matrix: {@code count} samples, their mean ({@code null} unless centred) and
   * symmetric {@code m×m} matrix (Gram or co-moment), row-major, its upper triangle filled and the
   * rest zero.
   */
  public record Gram(long count, double[] mean, double[] matrix, int m) implements Serializable {
    /** Its trace: the total sum of squares (of deviations from the mean when centred). */
    public double trace() {
      double t = 0;
      for (int i = 0; i < m; i++) t += matrix[i * m + i];
      return t;
    }
  }

  /** A partition's count, mean and upper-triangle matrix. */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    long count;
    double[] mean;
    /** The rows of the matrix; entries below the diagonal stay 0. */
    double[][] upper;
    transient SampleRows.Scratch scratch;
    transient GramKernel.Work work;
  }

  static long stateBytes(int m) {
    return 8L * m * m + 32L * m + 64;
  }

  @Override
  public AccumulatorTraits traits() {
    int m = rows.features();
    long bytes = stateBytes(m) + rows.scratchBytes() + GramKernel.workBytes(rows.maxRows(), m);
    return new AccumulatorTraits(true, false, 1, true, bytes, bytes);
  }

  @Override
  public State create() {
    int m = rows.features();
    State s = new State();
    s.upper = new double[m][m];
    s.mean = centred ? new double[m] : null;
    return s;
  }

  @Override
  public void accept(State state, Chunk tile) {
    if (state.scratch == null) {
      state.scratch = new SampleRows.Scratch();
      state.work = new GramKernel.Work();
    }
    SampleRows.Scratch s = state.scratch;
    int n = rows.read(tile, s);
    if (n == 0) return;
    int m = rows.features();
    double[] x = s.values;
    if (!centred) {
      GramKernel.addUpper(x, n, m, state.upper, state.work);
      state.count += n;
      return;
    }
    double[] mean = new double[m];
    for (int p = 0; p < n; p++) {
      int o = p * m;
      for (int j = 0; j < m; j++) mean[j] += x[o + j];
    }
    for (int j = 0; j < m; j++) mean[j] /= n;
    for (int p = 0; p < n; p++) {
      int o = p * m;
      for (int j = 0; j < m; j++) x[o + j] -= mean[j];
    }
    GramKernel.addUpper(x, n, m, state.upper, state.work);
    combineMean(state, mean, n);
  }

  /** Chan's update of the state's mean and co-moment with a block of {@code n} samples of mean {@code mean}. */
  private void combineMean(State state, double[] mean, long n) {
    int m = rows.features();
    long na = state.count;
    long total = na + n;
    if (na > 0) {
      double[] delta = new double[m];
      for (int j = 0; j < m; j++) delta[j] = mean[j] - state.mean[j];
      GramKernel.addOuterUpper(delta, (double) na * n / total, m, state.upper);
      for (int j = 0; j < m; j++) state.mean[j] += delta[j] * n / total;
    } else {
      System.arraycopy(mean, 0, state.mean, 0, m);
    }
    state.count = total;
  }

  @Override
  public State merge(State left, State right) {
    if (right.count == 0) return left;
    for (int i = 0; i < left.upper.length; i++) {
      double[] l = left.upper[i];
      double[] r = right.upper[i];
      for (int j = i; j < l.length; j++) l[j] += r[j];
    }
    if (centred) combineMean(left, right.mean, right.count);
    else left.count += right.count;
    return left;
  }

  @Override
  public Partial<Gram> finish(State state) {
    return Partial.complete(new Gram(state.count, state.mean, flatten(state.upper), rows.features()), state.count);
  }

  @Override
  public Partial<Gram> snapshot(State state) {
    Gram g = new Gram(state.count, state.mean == null ? null : state.mean.clone(), flatten(state.upper),
        rows.features());
    return new Partial<>(g, null, state.count, state.count);
  }

  private static double[] flatten(double[][] upper) {
    int m = upper.length;
    double[] flat = new double[m * m];
    for (int i = 0; i < m; i++) System.arraycopy(upper[i], i, flat, i * m + i, m - i);
    return flat;
  }
}
