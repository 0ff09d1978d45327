package org.hyperflux.ml.decomposition;

import org.hyperflux.ml.internal.Linalg;
import reactor.core.publisher.Mono;

/**
 * {@code svd}: the exact SVD of the sample matrix, uncentred by default as HyperSpy's lazy SVD,
 * from its Gram matrix. Pass 1 accumulates {@code XᵀX} ({@link GramAccumulator}; the co-moment
 * about the feature means with {@link Centre#NAVIGATION}; row-centred samples with
 * {@link Centre#SIGNAL}); its symmetric eigen-decomposition gives the factors {@code V} and
 * {@code S² = λ}. The loadings pass ({@code X·V = U·S}, HyperSpy's loadings) is the caller's.
 *
 * <p>Explained variance as HyperSpy 1.7.3's {@code svd_pca}: {@code S²/n_samples}; the ratio as
 * its lazy SVD: over the kept components ({@code ev / ev.sum()}). Accuracy: eigenvalues of the
 * Gram matrix carry an absolute error of about {@code ε·λ₁}, so components whose {@code S²} is
 * far below {@code 1e-10·S₁²} are noise; the leading ones match a direct SVD to ~1e-12.
 * Memory: {@code m²} doubles per partition in flight (8 MiB for 1024 channels).
 */
public final class SvdDecomposition implements DecompositionAlgorithm {
  @Override
  public String name() {
    return "svd";
  }

  @Override
  public void validate(DecompositionProblem problem) {
    ExactGram.checkSize(problem, name());
  }

  @Override
  public int passes(DecompositionProblem problem) {
    return 1;
  }

  @Override
  public Mono<Subspace> fit(DecompositionProblem problem, int firstPass, int totalPasses) {
    boolean centred = problem.centre() == Centre.NAVIGATION;
    return ExactGram.gram(problem, centred, firstPass, totalPasses).map(g -> {
      int k = problem.outputDimension();
      Linalg.Eigen e = Linalg.symmetricEigen(g.matrix(), g.m(), k);
      double[] ev = new double[k];
      double kept = 0;
      for (int c = 0; c < k; c++) {
        ev[c] = Math.max(0, e.values()[c]) / g.count();
        kept += ev[c];
      }
      double[] ratio = new double[k];
      for (int c = 0; c < k; c++) ratio[c] = ev[c] / kept;
      return new Subspace(e.vectors(), k, g.m(), ev, ratio, centred ? g.mean() : null);
    });
  }
}
