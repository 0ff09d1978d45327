package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Chunk;

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
  private final double[] basis;
  private final int l;

  /** @param basis row-major {@code m × l} */
  public GramProductAccumulator(SampleRows rows, double[] basis, int l) {
    this.rows = rows;
    this.basis = basis;
    this.l = l;
  }

  /** {@code XᵀX·Q} (row-major {@code m × l}), the feature sums, the sum of squares and the sample count. */
  public record Product(double[] product, double[] featureSums, double sumOfSquares, long count)
      implements Serializable {}

  /** A partition's partial product. */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    double[] product;
    double[] featureSums;
    double sumOfSquares;
    long count;
    transient SampleRows.Scratch scratch;
    transient double[] projected;
  }

  @Override
  public AccumulatorTraits traits() {
    long bytes = 8L * rows.features() * (l + 1) + 64 + rows.scratchBytes();
    return new AccumulatorTraits(true, false, 1, true, bytes, bytes);
  }

  @Override
  public State create() {
    State s = new State();
    s.product = new double[rows.features() * l];
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
    if (state.projected == null || state.projected.length < l) state.projected = new double[l];
    double[] y = state.projected;
    double[] z = state.product;
    double squares = 0;
    for (int p = 0; p < n; p++) {
      int b = p * m;
      java.util.Arrays.fill(y, 0, l, 0);
      for (int j = 0; j < m; j++) {
        double x = s.values[b + j];
        squares += x * x;
        state.featureSums[j] += x;
        int q = j * l;
        for (int c = 0; c < l; c++) y[c] += x * basis[q + c];
      }
      for (int j = 0; j < m; j++) {
        double x = s.values[b + j];
        int q = j * l;
        for (int c = 0; c < l; c++) z[q + c] += x * y[c];
      }
    }
    state.sumOfSquares += squares;
    state.count += n;
  }

  @Override
  public State merge(State left, State right) {
    for (int i = 0; i < left.product.length; i++) left.product[i] += right.product[i];
    for (int j = 0; j < left.featureSums.length; j++) left.featureSums[j] += right.featureSums[j];
    left.sumOfSquares += right.sumOfSquares;
    left.count += right.count;
    return left;
  }

  @Override
  public Partial<Product> finish(State state) {
    return Partial.complete(new Product(state.product, state.featureSums, state.sumOfSquares, state.count),
        state.count);
  }

  @Override
  public Partial<Product> snapshot(State state) {
    return new Partial<>(new Product(state.product.clone(), state.featureSums.clone(), state.sumOfSquares,
        state.count), null, state.count, state.count);
  }
}
