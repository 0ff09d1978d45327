package org.hyperflux.ml.decomposition;

import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.ml.internal.Linalg;
import reactor.core.publisher.Mono;

/**
 * {@code orpca}: online robust PCA (Feng, Xu and Yan 2013) as HyperSpy 1.7.3's lazy
 * {@code decomposition(algorithm='ORPCA')} runs it: navigation positions are the samples, signal
 * channels the features, the data modelled as {@code X ≈ R·Lᵀ + E} with {@code E} sparse.
 * HyperSpy's defaults ({@code lambda1=0.1, lambda2=1.0, method='BCD', init='qr',
 * training_samples=10}) and methods ({@code BCD, CF, SGD, MomentumSGD}, per sample or in
 * mini-batches), see {@link OnlineParameters} and {@link OrpcaLearner}.
 *
 * <p>Pass 1 learns {@code L} on one ordered state ({@link OnlineLearningAccumulator}: samples in
 * C order of the navigation positions whatever the chunking, so results are identical for every
 * chunking and run). The loadings pass solves each sample against {@code L} from a cold start
 * (HyperSpy's {@code project}, {@code reproject=True}), in parallel.
 *
 * <p>Unlike HyperSpy's lazy path, which returns {@code L} itself as factors, the result is put in
 * an orthonormal basis of the same model {@code L·R}: with {@code L = Q·Rq} (thin QR) and the
 * eigen-decomposition {@code Rq·(ΣrrT)·Rqᵀ = U·diag(σ²)·Uᵀ}, factors are {@code Q·U} and loadings
 * {@code Uᵀ·Rq·r} (HyperSpy's eager ORPCA does the same with an SVD of {@code L·R}). The model
 * {@code loadings × factorsᵀ} is unchanged; components come in decreasing order of
 * {@code σ²}, and the explained variance is that of the model, {@code σ²/n_samples}, its ratio
 * over the kept components (HyperSpy's lazy ORPCA returns none).
 */
public final class OrpcaDecomposition implements DecompositionAlgorithm {
  @Override
  public String name() {
    return "orpca";
  }

  @Override
  public void validate(DecompositionProblem problem) {
    if (problem.centre() != Centre.NONE) {
      throw new IllegalArgumentException("'orpca' does not centre the data (HyperSpy's ORPCA); centre "
          + problem.centre() + " is not available with it");
    }
    learner(problem);
  }

  private static OrpcaLearner learner(DecompositionProblem problem) {
    return new OrpcaLearner(problem.features(), problem.outputDimension(), problem.online(), problem.seed());
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
    return OnlineLearningAccumulator.learn(problem, firstPass, totalPasses, name(), false,
        () -> new OrpcaLearner(m, k, online, seed));
  }

  @Override
  public Accumulator<?, ProjectionAccumulator.Projection> loadingsAccumulator(DecompositionProblem problem,
      Subspace learnt) {
    OnlineParameters o = problem.online();
    return new OnlineProjectionAccumulator(problem.rows(), new Projector(learnt.components(), learnt.k(),
        learnt.m(), OnlineParameters.or(o.lambda1(), 0.1), OnlineParameters.or(o.lambda2(), 1.0),
        o.maxIterationsOr(10_000)), problem.navSize());
  }

  /** HyperSpy's {@code ORPCA.project}: each sample solved from {@code r = e = 0}. */
  private record Projector(double[] components, int k, int m, double lambda1, double lambda2, int maxIterations)
      implements SampleProjector {
    @Override
    public Worker worker() {
      OrpcaSolver solver = new OrpcaSolver(m, k, lambda1, lambda2, maxIterations);
      solver.prepare(SampleProjector.rows(components, k, m));
      return SampleProjector.coldStart(m, k, (z, r, e) -> solver.solve(z, r, e, 1));
    }
  }

  @Override
  public Subspace finish(Subspace learnt, double[] loadings) {
    int k = learnt.k();
    int m = learnt.m();
    double[] l = learnt.components();
    // Thin QR of L (m × k): Q, and Rq = Qᵀ·L.
    double[] lColumns = new double[m * k];
    for (int c = 0; c < k; c++) for (int j = 0; j < m; j++) lColumns[j * k + c] = l[c * m + j];
    double[] q = Linalg.orthonormalColumns(lColumns, m, k);
    double[] rq = new double[k * k];
    for (int a = 0; a < k; a++) {
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int j = 0; j < m; j++) s += q[j * k + a] * l[c * m + j];
        rq[a * k + c] = s;
      }
    }
    // G = Σ r·rᵀ over the samples, then S = Rq·G·Rqᵀ.
    double[] g = new double[k * k];
    long samples = 0;
    for (int i = 0; i * k < loadings.length; i++) {
      if (Double.isNaN(loadings[i * k])) continue;
      samples++;
      for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) g[a * k + b] += loadings[i * k + a] * loadings[i * k + b];
    }
    double[] rg = multiply(rq, g, k, false);
    double[] s = multiply(rg, rq, k, true);
    Linalg.Eigen eig = Linalg.symmetricEigen(s, k, k);
    // Factors Q·U (each with its largest-magnitude entry positive) and the map T = Uᵀ·Rq of the loadings.
    double[] factors = new double[k * m];
    double[] t = new double[k * k];
    double[] ev = new double[k];
    double kept = 0;
    for (int c = 0; c < k; c++) {
      double[] u = eig.vector(c);
      int arg = 0;
      for (int j = 0; j < m; j++) {
        double f = 0;
        for (int a = 0; a < k; a++) f += q[j * k + a] * u[a];
        factors[c * m + j] = f;
        if (Math.abs(f) > Math.abs(factors[c * m + arg])) arg = j;
      }
      double sign = factors[c * m + arg] < 0 ? -1 : 1;
      for (int j = 0; j < m; j++) factors[c * m + j] *= sign;
      for (int b = 0; b < k; b++) {
        double v = 0;
        for (int a = 0; a < k; a++) v += u[a] * rq[a * k + b];
        t[c * k + b] = sign * v;
      }
      ev[c] = Math.max(0, eig.values()[c]) / Math.max(samples, 1);
      kept += ev[c];
    }
    double[] row = new double[k];
    for (int i = 0; i * k < loadings.length; i++) {
      if (Double.isNaN(loadings[i * k])) continue;
      for (int c = 0; c < k; c++) {
        double v = 0;
        for (int b = 0; b < k; b++) v += t[c * k + b] * loadings[i * k + b];
        row[c] = v;
      }
      System.arraycopy(row, 0, loadings, i * k, k);
    }
    double[] ratio = new double[k];
    for (int c = 0; c < k; c++) ratio[c] = kept > 0 ? ev[c] / kept : 0;
    return new Subspace(factors, k, m, ev, ratio, null);
  }

  /** {@code a·b} or, with {@code transposeB}, {@code a·bᵀ}, for k × k row-major matrices. */
  private static double[] multiply(double[] a, double[] b, int k, boolean transposeB) {
    double[] out = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) s += a[i * k + p] * (transposeB ? b[j * k + p] : b[p * k + j]);
        out[i * k + j] = s;
      }
    }
    return out;
  }
}
