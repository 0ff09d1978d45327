package org.hyperflux.ml.decomposition;

import org.hyperflux.ml.internal.Linalg;
import reactor.core.publisher.Mono;

/**
 * {@code pca}: exact principal component analysis, the data centred on the feature means (what
 * HyperSpy's lazy {@code 'PCA'} approximates with scikit-learn's {@code IncrementalPCA}). Pass 1
 * accumulates the mean and co-moment matrix ({@link GramAccumulator}, Chan's stable merge), whose
 * eigenvectors are the factors; the loadings pass projects the centred samples.
 *
 * <p>Explained variance as scikit-learn's {@code PCA}: the variance of each projection,
 * {@code λ/(n_samples - 1)}; the ratio over the total variance (the trace of the covariance).
 * Exact up to {@value ExactGram#MAX_FEATURES} features; above, where a features × features
 * matrix no longer fits, the same centred problem is solved by {@code rsvd}'s randomized subspace
 * iteration on the centred Gram operator (in {@code powerIterations + 1} passes), which is exact
 * for the leading components only. Always centred along the navigation axes.
 */
public final class PcaDecomposition implements DecompositionAlgorithm {
  @Override
  public String name() {
    return "pca";
  }

  @Override
  public void validate(DecompositionProblem problem) {
    if (problem.centre() == Centre.SIGNAL) {
      throw new IllegalArgumentException("'pca' centres each channel over the navigation positions; centre SIGNAL"
          + " is only available with 'svd'");
    }
    if (problem.samples() < 2) {
      throw new IllegalArgumentException("'pca' needs at least 2 samples (unmasked navigation positions), got "
          + problem.samples());
    }
  }

  /** Whether the problem is too large for the exact co-moment matrix. */
  private static boolean randomized(DecompositionProblem problem) {
    return problem.features() > ExactGram.MAX_FEATURES;
  }

  @Override
  public int passes(DecompositionProblem problem) {
    return randomized(problem) ? problem.powerIterations() + 1 : 1;
  }

  @Override
  public Mono<Subspace> fit(DecompositionProblem problem, int firstPass, int totalPasses) {
    if (randomized(problem)) return RandomizedSvdDecomposition.fit(problem, true, firstPass, totalPasses);
    return ExactGram.gram(problem, true, firstPass, totalPasses).map(g -> {
      int k = problem.outputDimension();
      Linalg.Eigen e = Linalg.symmetricEigen(g.matrix(), g.m(), k);
      double total = g.trace();
      double[] ev = new double[k];
      double[] ratio = new double[k];
      for (int c = 0; c < k; c++) {
        double lambda = Math.max(0, e.values()[c]);
        ev[c] = lambda / (g.count() - 1);
        ratio[c] = lambda / total;
      }
      return new Subspace(e.vectors(), k, g.m(), ev, ratio, g.mean());
    });
  }
}
