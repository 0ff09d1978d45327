package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.Supplier;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Chunk;
import reactor.core.publisher.Mono;

/**
 * The learning pass of the online decompositions ({@code orpca}, {@code ornmf}): an ordered,
 * non-mergeable accumulator (DESIGN §4). The pass reads and decodes chunks in parallel but folds
 * them into one state in chunk-grid order; a {@link RowSequencer} then hands the sample rows to
 * the {@link OnlineLearner} in C order of the navigation positions, so the result is the same
 * for every chunking and every run. With {@code nonNegative} a negative value fails the pass,
 * naming its navigation position (NMF needs non-negative data).
 *
 * <p>The result is the learnt subspace, {@code k × m} row-major; a snapshot is the subspace so
 * far. The state (the learner's matrices, the rows waiting for their turn) serialises; its row
 * scratch is transient.
 */
final class OnlineLearningAccumulator implements Accumulator<OnlineLearningAccumulator.State, double[]> {
  private static final long serialVersionUID = 1L;

  /** Makes a fresh learner; serialisable so that the accumulator is. */
  interface LearnerFactory extends Supplier<OnlineLearner>, Serializable {}

  private final SampleRows rows;
  private final LearnerFactory learner;
  private final int k;
  private final String algorithm;
  private final boolean nonNegative;
  private final long waitingBytes;

  /**
   * @param waitingRows the most rows the sequencer may hold (one band of chunks), for the declared state size
   */
  OnlineLearningAccumulator(SampleRows rows, LearnerFactory learner, int k, String algorithm, boolean nonNegative,
      long waitingRows) {
    this.rows = rows;
    this.learner = learner;
    this.k = k;
    this.algorithm = algorithm;
    this.nonNegative = nonNegative;
    this.waitingBytes = 8L * waitingRows * (rows.features() + 8);
  }

  /**
   * The learning pass of an online algorithm ({@code algorithm}, fresh learners from {@code
   * learner}) over {@code problem}'s rows, as pass {@code firstPass} of {@code totalPasses}: the
   * learnt components as a subspace.
   */
  static Mono<Subspace> learn(DecompositionProblem problem, int firstPass, int totalPasses,
      String algorithm, boolean nonNegative, LearnerFactory learner) {
    int k = problem.outputDimension();
    OnlineLearningAccumulator acc = new OnlineLearningAccumulator(problem.rows(), learner, k,
        algorithm, nonNegative, problem.sequencingRows());
    return problem.pass(firstPass, totalPasses).feed(acc).run()
        .map(r -> new Subspace((double[]) r.get(0).value(), k, problem.features(), null, null, null));
  }

  /** The learner and the rows waiting for their turn. */
  static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    OnlineLearner learner;
    RowSequencer sequencer;
    transient SampleRows.Scratch scratch;
  }

  @Override
  public AccumulatorTraits traits() {
    int m = rows.features();
    long bytes = 8L * m * (4L * k + 8) + waitingBytes + 2 * rows.scratchBytes();
    return new AccumulatorTraits(false, true, 1, true, bytes, bytes);
  }

  @Override
  public State create() {
    State s = new State();
    s.learner = learner.get();
    s.sequencer = new RowSequencer(rows.features());
    return s;
  }

  @Override
  public void accept(State state, Chunk tile) {
    if (state.scratch == null) state.scratch = new SampleRows.Scratch();
    SampleRows.Scratch s = state.scratch;
    int n = rows.read(tile, s);
    int m = rows.features();
    OnlineLearner l = state.learner;
    RowSequencer.Sink learn = (x, offset, nav) -> l.accept(x, offset);
    for (int p = 0; p < n; p++) {
      if (nonNegative) checkNonNegative(s.values, p * m, m, s.nav[p]);
      state.sequencer.offer(s.values, p * m, s.nav[p], rows, learn);
    }
  }

  private void checkNonNegative(double[] x, int offset, int m, long nav) {
    for (int j = 0; j < m; j++) {
      if (x[offset + j] < 0) {
        throw new IllegalArgumentException("'" + algorithm + "' needs non-negative data (NMF), but navigation"
            + " position " + Arrays.toString(rows.position(nav)) + " (array order; flat index " + nav + ") holds "
            + x[offset + j] + " at feature " + j + "; offset or clip the data first, or exclude the position with a"
            + " navigation mask");
      }
    }
  }

  @Override
  public State merge(State left, State right) {
    throw new UnsupportedOperationException(algorithm + " learns in order on one state; it does not merge");
  }

  @Override
  public Partial<double[]> finish(State state) {
    if (state.sequencer.waiting() > 0) {
      throw new IllegalStateException(state.sequencer.waiting() + " sample rows never got their turn: the pass"
          + " did not deliver every navigation position");
    }
    return Partial.complete(flatten(state.learner.finish()), state.learner.samples());
  }

  /** The subspace learnt so far (null before it is initialised), marked incomplete. */
  @Override
  public Partial<double[]> snapshot(State state) {
    double[][] current = state.learner.current();
    return new Partial<>(current == null ? null : flatten(current), null, state.learner.samples(), Long.MAX_VALUE);
  }

  private static double[] flatten(double[][] columns) {
    int k = columns.length;
    int m = columns[0].length;
    double[] out = new double[k * m];
    for (int c = 0; c < k; c++) System.arraycopy(columns[c], 0, out, c * m, m);
    return out;
  }
}
