package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Chunk;

/**
 * The pass before a decomposition with {@code normalizePoissonianNoise} (Keenan and Kotula 2004,
 * HyperSpy's {@code normalize_poissonian_noise}): {@code aG}, the sum of every sample row (one per
 * navigation position), and {@code bH}, the sum of every feature over the samples, both over the
 * unmasked data as HyperSpy's eager path computes them. Mergeable (per-channel sums added in
 * partition order, row sums kept positionally); one pass; serialisable.
 */
public final class PoissonSumsAccumulator
    implements Accumulator<PoissonSumsAccumulator.State, PoissonSumsAccumulator.Sums> {
  private static final long serialVersionUID = 1L;

  private final SampleRows rows;
  private final int navSize;

  public PoissonSumsAccumulator(SampleRows rows, int navSize) {
    this.rows = rows.raw();
    this.navSize = navSize;
  }

  /**
   * {@code aG} per navigation position (NaN at excluded ones), {@code bH} per feature, and the
   * smallest value seen (the normalisation is defined for non-negative counts only).
   */
  public record Sums(double[] rowSums, double[] featureSums, double min) implements Serializable {}

  /** A partition's sums. */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    double[] featureSums;
    RowSegments rowSums;
    double min = Double.POSITIVE_INFINITY;
    transient SampleRows.Scratch scratch;
  }

  @Override
  public AccumulatorTraits traits() {
    long total = 16L * navSize + 8L * rows.features() + rows.scratchBytes();
    return new AccumulatorTraits(true, false, 1, true, total, Math.min(total, rows.scratchBytes() * 2));
  }

  @Override
  public State create() {
    State s = new State();
    s.featureSums = new double[rows.features()];
    s.rowSums = new RowSegments(1);
    return s;
  }

  @Override
  public void accept(State state, Chunk tile) {
    if (state.scratch == null) state.scratch = new SampleRows.Scratch();
    SampleRows.Scratch s = state.scratch;
    int n = rows.read(tile, s);
    if (n == 0) return;
    int m = rows.features();
    double[] sums = new double[n];
    double min = state.min;
    for (int p = 0; p < n; p++) {
      int b = p * m;
      double t = 0;
      for (int j = 0; j < m; j++) {
        double v = s.values[b + j];
        t += v;
        state.featureSums[j] += v;
        min = Math.min(min, v);
      }
      sums[p] = t;
    }
    state.min = min;
    state.rowSums.add(s.nav, sums, n);
  }

  @Override
  public State merge(State left, State right) {
    for (int j = 0; j < left.featureSums.length; j++) left.featureSums[j] += right.featureSums[j];
    left.rowSums.addAll(right.rowSums);
    left.min = Math.min(left.min, right.min);
    return left;
  }

  @Override
  public Partial<Sums> finish(State state) {
    return Partial.complete(new Sums(state.rowSums.scatter(navSize), state.featureSums, state.min),
        state.rowSums.rows());
  }

  @Override
  public Partial<Sums> snapshot(State state) {
    return new Partial<>(new Sums(state.rowSums.scatter(navSize), state.featureSums.clone(), state.min), null,
        state.rowSums.rows(), navSize);
  }
}
