package org.hyperflux.ml.decomposition;

import reactor.core.publisher.Mono;

/** The Gram (or co-moment) pass shared by the exact decompositions, and their size limit. */
final class ExactGram {
  /** Features above which an m×m matrix per partition is refused (128 MiB of doubles); use {@code rsvd}. */
  static final int MAX_FEATURES = 4096;

  private ExactGram() {}

  static void checkSize(DecompositionProblem problem, String algorithm) {
    if (problem.features() > MAX_FEATURES) {
      throw new IllegalArgumentException("'" + algorithm + "' forms a features x features matrix, but the signal has "
          + problem.features() + " unmasked channels (more than " + MAX_FEATURES
          + "); use algorithm 'rsvd', whose memory grows with channels x (outputDimension + oversampling)");
    }
  }

  static Mono<GramAccumulator.Gram> gram(DecompositionProblem problem, boolean centred, int pass, int total) {
    GramAccumulator acc = new GramAccumulator(problem.rows(), centred);
    return problem.pass(pass, total).feed(acc).run()
        .map(results -> (GramAccumulator.Gram) results.get(0).value());
  }
}
