package org.hyperflux.ml.decomposition;

import java.io.Serializable;

/**
 * The parameters of the online decompositions {@code orpca} and {@code ornmf}, under HyperSpy
 * 1.7.3's names ({@code ORPCA(...)} and {@code ORNMF(...)} constructor arguments and {@code fit}'s
 * {@code batch_size}). A {@code null} or {@code NaN} value means "the algorithm's default":
 *
 * <ul>
 *   <li>{@code lambda1}: orpca's nuclear-norm weight (default 0.1); ornmf's sparse-error threshold
 *       (default 1.0).
 *   <li>{@code lambda2}: orpca's sparse-error threshold (default 1.0).
 *   <li>{@code kappa}: ornmf's step size of the projection and subspace solvers (default 1.0).
 *   <li>{@code method}: orpca {@code BCD} (default), {@code CF}, {@code SGD}, {@code MomentumSGD};
 *       ornmf {@code PGD} (default), {@code RobustPGD}, {@code MomentumSGD} (case-insensitive).
 *   <li>{@code init}: orpca's first subspace, {@code qr} (default: QR of the first {@code
 *       trainingSamples} samples) or {@code rand} (QR of a Gaussian matrix keyed by the seed).
 *   <li>{@code trainingSamples}: samples of the {@code qr} init (default 10, at least the rank).
 *   <li>{@code learningRate}, {@code momentum}: HyperSpy's {@code subspace_learning_rate} (1.0) and
 *       {@code subspace_momentum} (0.5) of the SGD methods.
 *   <li>{@code batchSize}: 0 (default) learns sample by sample; otherwise consecutive mini-batches
 *       of that many samples in C order of the navigation positions.
 *   <li>{@code maxIterations}: the cap on the iterations of one per-sample (or per-batch) solve and
 *       of RobustPGD's subspace loop; 0 (default) for the algorithm's: orpca 10000 (HyperSpy 1e6;
 *       its solves take about 50 to 100 iterations on real data), ornmf 300 (HyperSpy 1e6 and
 *       1e9: its projected-gradient solver moves the coefficients by at most about {@code κ·λ1}
 *       per iteration, so on data far above {@code lambda1} it runs for thousands of iterations
 *       per sample, which is why HyperSpy's ORNMF does not finish on a 200×200 spectrum image).
 * </ul>
 */
public record OnlineParameters(Double lambda1, Double lambda2, Double kappa, String method, String init,
    int trainingSamples, double learningRate, double momentum, int batchSize, int maxIterations)
    implements Serializable {
  /** Every parameter at its algorithm's default. */
  public static final OnlineParameters DEFAULTS =
      new OnlineParameters(null, null, null, null, null, 10, 1.0, 0.5, 0, 0);

  public OnlineParameters {
    if (trainingSamples < 1) throw new IllegalArgumentException("trainingSamples must be >= 1, got " + trainingSamples);
    if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("momentum must be between 0 and 1, got " + momentum);
    }
    if (batchSize < 0) throw new IllegalArgumentException("batchSize must be >= 0 (0: per sample), got " + batchSize);
    if (maxIterations < 0) {
      throw new IllegalArgumentException("maxIterations must be >= 1 (0: the algorithm's default), got "
          + maxIterations);
    }
    for (Double d : new Double[] {lambda1, lambda2, kappa}) {
      if (d != null && !d.isNaN() && !(d >= 0 && d < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("lambda1, lambda2 and kappa must be finite and >= 0, got " + d);
      }
    }
  }

  /** The iteration cap, or {@code fallback} when it is unset (0). */
  int maxIterationsOr(int fallback) {
    return maxIterations == 0 ? fallback : maxIterations;
  }

  /** {@code value}, or {@code fallback} when it is unset. */
  static double or(Double value, double fallback) {
    return value == null || value.isNaN() ? fallback : value;
  }

  public OnlineParameters withLambda1(double v) {
    return new OnlineParameters(v, lambda2, kappa, method, init, trainingSamples, learningRate, momentum, batchSize,
        maxIterations);
  }

  public OnlineParameters withLambda2(double v) {
    return new OnlineParameters(lambda1, v, kappa, method, init, trainingSamples, learningRate, momentum, batchSize,
        maxIterations);
  }

  public OnlineParameters withKappa(double v) {
    return new OnlineParameters(lambda1, lambda2, v, method, init, trainingSamples, learningRate, momentum, batchSize,
        maxIterations);
  }

  public OnlineParameters withMethod(String v) {
    return new OnlineParameters(lambda1, lambda2, kappa, v, init, trainingSamples, learningRate, momentum, batchSize,
        maxIterations);
  }

  public OnlineParameters withInit(String v) {
    return new OnlineParameters(lambda1, lambda2, kappa, method, v, trainingSamples, learningRate, momentum, batchSize,
        maxIterations);
  }

  public OnlineParameters withTrainingSamples(int v) {
    return new OnlineParameters(lambda1, lambda2, kappa, method, init, v, learningRate, momentum, batchSize,
        maxIterations);
  }

  public OnlineParameters withLearningRate(double v) {
    return new OnlineParameters(lambda1, lambda2, kappa, method, init, trainingSamples, v, momentum, batchSize,
        maxIterations);
  }

  public OnlineParameters withMomentum(double v) {
    return new OnlineParameters(lambda1, lambda2, kappa, method, init, trainingSamples, learningRate, v, batchSize,
        maxIterations);
  }

  public OnlineParameters withBatchSize(int v) {
    return new OnlineParameters(lambda1, lambda2, kappa, method, init, trainingSamples, learningRate, momentum, v,
        maxIterations);
  }

  public OnlineParameters withMaxIterations(int v) {
    return new OnlineParameters(lambda1, lambda2, kappa, method, init, trainingSamples, learningRate, momentum,
        batchSize, v);
  }
}
