package org.hyperflux.ml.decomposition;

import org.hyperflux.core.accumulate.Accumulator;
import reactor.core.publisher.Mono;

/**
 * A decomposition algorithm, found by name through {@link DecompositionAlgorithms} (one class and
 * one {@code META-INF/services} line to add one). It learns the components in passes over the
 * data, each built from the previous one's result; the loadings pass, the placement of masked
 * positions and the Poissonian un-normalisation are shared and done by the caller.
 */
public interface DecompositionAlgorithm {
  /** The registry name, lower case ({@code svd}, {@code pca}, {@code rsvd}). */
  String name();

  /** Refuses a problem this algorithm cannot solve, with a message that says why; by default accepts all. */
  default void validate(DecompositionProblem problem) {}

  /** Passes over the data {@link #fit} makes. */
  int passes(DecompositionProblem problem);

  /**
   * Learns the components; its passes are numbered from {@code firstPass} of {@code totalPasses}.
   * Lazy: nothing is read until subscription.
   */
  Mono<Subspace> fit(DecompositionProblem problem, int firstPass, int totalPasses);

  /**
   * The loadings pass's accumulator; by default the linear projection of every sample on the
   * components ({@link ProjectionAccumulator}). Online algorithms solve their own per-sample
   * problem here (HyperSpy's {@code project}).
   */
  default Accumulator<?, ProjectionAccumulator.Projection> loadingsAccumulator(DecompositionProblem problem,
      Subspace learnt) {
    return new ProjectionAccumulator(problem.rows(), learnt.components(), learnt.k(), learnt.featureMean(),
        problem.navSize());
  }

  /**
   * The final components once the loadings are known ({@code navSize × k}, row-major, NaN rows at
   * excluded positions), which it may rewrite in place to keep {@code loadings × components} the
   * same (a change of basis); by default {@code learnt} unchanged.
   */
  default Subspace finish(Subspace learnt, double[] loadings) {
    return learnt;
  }
}
