package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Chunk;

/**
 * The loadings pass of every decomposition: each sample row projected on the components,
 * {@code loadings = (x - μ)·V} (HyperSpy's {@code U·S}, sklearn's {@code transform}), written at
 * the row's navigation position. With row-centred samples it also keeps each row's mean, which
 * the model adds back.
 *
 * <p>Mergeable: a state holds the rows of its partition ({@link RowSegments}), merged by
 * concatenation; the result is an {@code n_nav × k} array (NaN at excluded positions). One pass,
 * {@code rows · m · k} multiply-adds. Immutable and serialisable.
 */
public final class ProjectionAccumulator
    implements Accumulator<ProjectionAccumulator.State, ProjectionAccumulator.Projection> {
  private static final long serialVersionUID = 1L;

  private final SampleRows rows;
  /** The components, k arrays of length m. */
  private final double[][] components;
  private final int k;
  private final double[] mean;
  private final int navSize;

  /**
   * @param components row-major {@code k × m}: component c's weights over the features
   * @param mean the feature means to subtract, or null
   * @param navSize navigation positions (the result's rows)
   */
  public ProjectionAccumulator(SampleRows rows, double[] components, int k, double[] mean, int navSize) {
    this.rows = rows;
    int m = rows.features();
    this.components = new double[k][];
    for (int c = 0; c < k; c++) this.components[c] = java.util.Arrays.copyOfRange(components, c * m, (c + 1) * m);
    this.k = k;
    this.mean = mean;
    this.navSize = navSize;
  }

  /** Loadings, row-major {@code navSize × k}, and each row's mean (row-centred samples) or null. */
  public record Projection(double[] loadings, double[] rowMeans) implements Serializable {}

  /** A partition's projected rows. */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    RowSegments loadings;
    RowSegments rowMeans;
    transient SampleRows.Scratch scratch;
    transient double[][] rows;
  }

  @Override
  public AccumulatorTraits traits() {
    // The merged state holds every row: an index and k values (+ a row mean); a partition holds its rows.
    long total = 8L * navSize * (k + 2) + 2 * rows.scratchBytes();
    return new AccumulatorTraits(true, false, 1, true, total, Math.min(total, 2 * rows.scratchBytes() + (1L << 20)));
  }

  @Override
  public State create() {
    State s = new State();
    s.loadings = new RowSegments(k);
    s.rowMeans = rows.isRowCentred() ? new RowSegments(1) : null;
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
    if (mean != null) {
      for (int p = 0; p < n; p++) org.hyperflux.ml.internal.RowKernels.rank1(x[p], mean, -1, 0, m);
    }
    double[] out = new double[n * k];
    GramKernel.project(x, n, m, components, k, out);
    state.loadings.add(s.nav, out, n);
    if (state.rowMeans != null) state.rowMeans.add(s.nav, s.rowMean, n);
  }

  @Override
  public State merge(State left, State right) {
    left.loadings.addAll(right.loadings);
    if (left.rowMeans != null) left.rowMeans.addAll(right.rowMeans);
    return left;
  }

  @Override
  public Partial<Projection> finish(State state) {
    return Partial.complete(result(state), state.loadings.rows());
  }

  @Override
  public Partial<Projection> snapshot(State state) {
    return new Partial<>(result(state), null, state.loadings.rows(), navSize);
  }

  private Projection result(State state) {
    return new Projection(state.loadings.scatter(navSize),
        state.rowMeans == null ? null : state.rowMeans.scatter(navSize));
  }
}
