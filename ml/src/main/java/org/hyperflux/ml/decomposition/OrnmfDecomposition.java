package org.hyperflux.ml.decomposition;

import org.hyperflux.core.accumulate.Accumulator;
import reactor.core.publisher.Mono;

/**
 * {@code ornmf}: online robust non-negative matrix factorisation (Zhao and Tan 2016) as HyperSpy
 * 1.7.3's lazy {@code decomposition(algorithm='ORNMF')} runs it: navigation positions are the
 * samples, signal channels the features, {@code X ≈ H·Wᵀ + E} with {@code W, H ≥ 0} and
 * {@code E} sparse. HyperSpy's defaults ({@code lambda1=1.0, kappa=1.0, method='PGD'}) and
 * methods ({@code PGD, RobustPGD, MomentumSGD}, per sample or in mini-batches), see
 * {@link OnlineParameters} and {@link OrnmfLearner}. The data must be non-negative: a negative
 * value fails the learning pass naming its navigation position.
 *
 * <p>Pass 1 learns {@code W} on one ordered state (samples in C order of the navigation
 * positions, so results do not depend on the chunking); the loadings pass solves each sample
 * from a cold start ({@code h = e = 0}, no clipping of {@code e}: HyperSpy's {@code project}) in
 * parallel. HyperSpy's hangs are bounded: the initial scale uses {@code |mean|} (upstream PR
 * #3656) and every inner loop stops after {@code maxIterations}. Factors are the columns of
 * {@code W} scaled to unit length, the loadings scaled inversely (the model {@code H·Wᵀ} is
 * unchanged); both are non-negative. No explained variance (as HyperSpy's ORNMF).
 */
public final class OrnmfDecomposition implements DecompositionAlgorithm {
  @Override
  public String name() {
    return "ornmf";
  }

  @Override
  public void validate(DecompositionProblem problem) {
    if (problem.centre() != Centre.NONE) {
      throw new IllegalArgumentException("'ornmf' factorises non-negative data as it is; centre "
          + problem.centre() + " is not available with it");
    }
    new OrnmfLearner(problem.features(), problem.outputDimension(), problem.online(), problem.seed());
  }

  @Override
  public int passes(DecompositionProblem problem) {
    return 1;
  }

  @Override
  public Mono<Subspace> fit(DecompositionProblem problem, int firstPass, int totalPasses) {
    int m = problem.features();
    int k = problem.outputDimension();
    OnlineParameters online = problem.online();
    long seed = problem.seed();
    return OnlineLearningAccumulator.learn(problem, firstPass, totalPasses, name(), true,
        () -> new OrnmfLearner(m, k, online, seed));
  }

  @Override
  public Accumulator<?, ProjectionAccumulator.Projection> loadingsAccumulator(DecompositionProblem problem,
      Subspace learnt) {
    OnlineParameters o = problem.online();
    return new OnlineProjectionAccumulator(problem.rows(), new Projector(learnt.components(), learnt.k(),
        learnt.m(), OnlineParameters.or(o.lambda1(), 1.0), OnlineParameters.or(o.kappa(), 1.0),
        o.maxIterationsOr(300)), problem.navSize());
  }

  /** HyperSpy's {@code ORNMF.project}: each sample solved from {@code h = e = 0} with {@code vmax = ∞}. */
  private record Projector(double[] components, int k, int m, double lambda1, double kappa, int maxIterations)
      implements SampleProjector {
    @Override
    public Worker worker() {
      OrnmfSolver solver = new OrnmfSolver(m, k, lambda1, kappa, maxIterations);
      solver.prepare(SampleProjector.rows(components, k, m));
      return SampleProjector.coldStart(m, k, (v, h, e) -> solver.solve(v, h, e, 1, Double.POSITIVE_INFINITY));
    }
  }

  @Override
  public Subspace finish(Subspace learnt, double[] loadings) {
    int k = learnt.k();
    int m = learnt.m();
    double[] factors = learnt.components().clone();
    double[] norms = new double[k];
    for (int c = 0; c < k; c++) {
      double s = 0;
      for (int j = 0; j < m; j++) s += factors[c * m + j] * factors[c * m + j];
      norms[c] = Math.sqrt(s);
      if (norms[c] > 0) for (int j = 0; j < m; j++) factors[c * m + j] /= norms[c];
    }
    for (int i = 0; i * k < loadings.length; i++) {
      for (int c = 0; c < k; c++) if (norms[c] > 0) loadings[i * k + c] *= norms[c];
    }
    return new Subspace(factors, k, m, null, null, null);
  }
}
