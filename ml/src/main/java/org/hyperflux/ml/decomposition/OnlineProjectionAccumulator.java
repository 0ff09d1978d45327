package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Chunk;

/**
 * The loadings pass of the online decompositions: every sample solved on its own against the
 * learnt subspace ({@link SampleProjector}, HyperSpy's {@code project} with {@code
 * reproject=True}), written at its navigation position. Samples are independent, so unlike the
 * learning pass this one is mergeable and runs in parallel (a state holds its partition's rows,
 * {@link RowSegments}); the result is an {@code n_nav × k} array, NaN at excluded positions.
 * Immutable and serialisable.
 */
final class OnlineProjectionAccumulator
    implements Accumulator<OnlineProjectionAccumulator.State, ProjectionAccumulator.Projection> {
  private static final long serialVersionUID = 1L;

  private final SampleRows rows;
  private final SampleProjector projector;
  private final int navSize;

  OnlineProjectionAccumulator(SampleRows rows, SampleProjector projector, int navSize) {
    this.rows = rows;
    this.projector = projector;
    this.navSize = navSize;
  }

  /** A partition's loadings. */
  static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    RowSegments loadings;
    transient SampleRows.Scratch scratch;
    transient SampleProjector.Worker worker;
    transient double[] out;
  }

  @Override
  public AccumulatorTraits traits() {
    int k = projector.k();
    long total = 8L * navSize * (k + 1) + 2 * rows.scratchBytes() + 8L * rows.features() * (4L * k + 8);
    return new AccumulatorTraits(true, false, 1, true, total, Math.min(total, 2 * rows.scratchBytes() + (1L << 20)));
  }

  @Override
  public State create() {
    State s = new State();
    s.loadings = new RowSegments(projector.k());
    return s;
  }

  @Override
  public void accept(State state, Chunk tile) {
    if (state.scratch == null) {
      state.scratch = new SampleRows.Scratch();
      state.worker = projector.worker();
    }
    SampleRows.Scratch s = state.scratch;
    int n = rows.read(tile, s);
    if (n == 0) return;
    int m = rows.features();
    int k = projector.k();
    if (state.out == null || state.out.length < n * k) state.out = new double[n * k];
    for (int p = 0; p < n; p++) state.worker.project(s.values, p * m, state.out, p * k);
    state.loadings.add(s.nav, state.out, n);
  }

  @Override
  public State merge(State left, State right) {
    left.loadings.addAll(right.loadings);
    return left;
  }

  @Override
  public Partial<ProjectionAccumulator.Projection> finish(State state) {
    return Partial.complete(new ProjectionAccumulator.Projection(state.loadings.scatter(navSize), null),
        state.loadings.rows());
  }

  @Override
  public Partial<ProjectionAccumulator.Projection> snapshot(State state) {
    return new Partial<>(new ProjectionAccumulator.Projection(state.loadings.scatter(navSize), null), null,
        state.loadings.rows(), navSize);
  }
}
