package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.ml.internal.RowKernels;
import org.hyperflux.ml.internal.SmallMatrices;

/**
 * One pass of randomized subspace iteration: {@code Z = XᵀX·Q} for a basis {@code Q} of
 * {@code m × l} (Halko, Martinsson and Tropp 2011, Alg. 4.4 on the Gram operator), computed tile
 * by tile as {@code Xₜᵀ(Xₜ·Q)} without ever forming {@code XᵀX}; it also sums every feature and
 * every squared value, so that a centred variant ({@code (X-1μᵀ)ᵀ(X-1μᵀ)Q = XᵀXQ - n·μ(μᵀQ)})
 * and the total variance come from the same pass.
 *
 * <p>Mergeable (states added in partition order), one pass; a state holds {@code m·l + m}
 * doubles, so the memory is {@code O(m·l)} whatever the number of samples. Serialisable.
 */
public final class GramProductAccumulator
    implements Accumulator<GramProductAccumulator.State, GramProductAccumulator.Product> {
  private static final long serialVersionUID = 1L;

  private final SampleRows rows;
  /** The basis vectors, {@code l} arrays of length m. */
  private final double[][] basis;
  private final int l;

  /** @param basis row-major {@code m × l} */
  public GramProductAccumulator(SampleRows rows, double[] basis, int l) {
    this.rows = rows;
    this.l = l;
    int m = rows.features();
    this.basis = new double[l][m];
    for (int j = 0; j < m; j++) for (int c = 0; c < l; c++) this.basis[c][j] = basis[j * l + c];
  }

  /** {@code XᵀX·Q} (row-major {@code m × l}), the feature sums, the sum of squares and the sample count. */
  public record Product(double[] product, double[] featureSums, double sumOfSquares, long count)
      implements Serializable {}

  /** A partition's partial product. */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    /** {@code (XᵀX·Q)ᵀ}: l arrays of length m. */
    double[][] product;
    double[] featureSums;
    double sumOfSquares;
    long count;
    transient SampleRows.Scratch scratch;
    transient double[][] rows;
    transient double[] projected;
    transient double[] weights;
  }

  @Override
  public AccumulatorTraits traits() {
    long bytes = 8L * rows.features() * (l + 1) + 64 + 2 * rows.scratchBytes();
    return new AccumulatorTraits(true, false, 1, true, bytes, bytes);
  }

  @Override
  public State create() {
    State s = new State();
    s.product = new double[l][rows.features()];
    s.featureSums = new double[rows.features()];
    return s;
  }

  @Override
  public void accept(State state, Chunk tile) {
    if (state.scratch == null) state.scratch = new SampleRows.Scratch();
    SampleRows.Scratch s = state.scratch;
    int n = rows.read(tile, s);
    if (n == 0) return;
    int m = rows.features();
    double[][] x = state.rows = GramKernel.rowArrays(s.values, n, m, state.rows);
    if (state.projected == null || state.projected.length < n * l) state.projected = new double[n * l];
    if (state.weights == null || state.weights.length < n) state.weights = new double[n];
    double[] y = state.projected;
    GramKernel.project(x, n, m, basis, l, y);
    for (int c = 0; c < l; c++) {
      for (int p = 0; p < n; p++) state.weights[p] = y[p * l + c];
      GramKernel.combine(state.product[c], x, state.weights, n, m);
    }
    // Two loops: a reduction fused into the sums' loop keeps C2 from vectorising either.
    double squares = 0;
    double[] sums = state.featureSums;
    for (int p = 0; p < n; p++) {
      double[] r = x[p];
      squares += SmallMatrices.squaredNorm(r, m);
      for (int j = 0; j < m; j++) sums[j] += r[j];
    }
    state.sumOfSquares += squares;
    state.count += n;
  }

  @Override
  public State merge(State left, State right) {
    for (int c = 0; c < l; c++) {
      RowKernels.rank1(left.product[c], right.product[c], 1, 0, left.product[c].length);
    }
    for (int j = 0; j < left.featureSums.length; j++) left.featureSums[j] += right.featureSums[j];
    left.sumOfSquares += right.sumOfSquares;
    left.count += right.count;
    return left;
  }

  @Override
  public Partial<Product> finish(State state) {
    return Partial.complete(new Product(rowMajor(state.product), state.featureSums, state.sumOfSquares, state.count),
        state.count);
  }

  @Override
  public Partial<Product> snapshot(State state) {
    return new Partial<>(new Product(rowMajor(state.product), state.featureSums.clone(), state.sumOfSquares,
        state.count), null, state.count, state.count);
  }

  /** {@code (XᵀX·Q)ᵀ} as rows back to row-major {@code m × l}. */
  private double[] rowMajor(double[][] product) {
    int m = rows.features();
    double[] out = new double[m * l];
    for (int c = 0; c < l; c++) for (int j = 0; j < m; j++) out[j * l + c] = product[c][j];
    return out;
  }
}
