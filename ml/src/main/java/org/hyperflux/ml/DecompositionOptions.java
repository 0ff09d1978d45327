package org.hyperflux.ml;

import java.util.Objects;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.ml.decomposition.Centre;
import org.hyperflux.ml.decomposition.OnlineParameters;

/**
 * How to decompose a signal (HyperSpy's {@code decomposition(...)} arguments). Immutable; every
 * {@code with*} returns a copy.
 *
 * <pre>{@code
 * DecompositionOptions o = DecompositionOptions.of("svd", 8)
 *     .withNormalizePoissonianNoise(true)
 *     .withNavigationMask(mask);          // true = excluded, C order of the navigation shape
 * }</pre>
 *
 * <p>Masks follow HyperSpy: {@code true} marks a position (or channel) that is <em>not</em> used;
 * as arrays they are flat in C order of the navigation (or signal) shape in array order, as
 * signals their data must have exactly that shape. Defaults: no Poissonian normalisation, no
 * masks, {@link Centre#NONE}, seed 0, 2 power iterations and an oversampling of 10 (rsvd only),
 * {@link ExecOptions#defaults()}, and HyperSpy's defaults for the online algorithms
 * ({@link OnlineParameters#DEFAULTS}).
 */
public final class DecompositionOptions {
  private final String algorithm;
  private final int outputDimension;
  private final boolean normalizePoissonianNoise;
  private final boolean[] navigationMask;
  private final long[] navigationMaskShape;
  private final boolean[] signalMask;
  private final long[] signalMaskShape;
  private final Centre centre;
  private final long seed;
  private final int powerIterations;
  private final int oversampling;
  private final ExecOptions exec;
  private final OnlineParameters online;

  private DecompositionOptions(String algorithm, int outputDimension, boolean normalizePoissonianNoise,
      boolean[] navigationMask, long[] navigationMaskShape, boolean[] signalMask, long[] signalMaskShape,
      Centre centre, long seed, int powerIterations, int oversampling, ExecOptions exec, OnlineParameters online) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.outputDimension = outputDimension;
    this.normalizePoissonianNoise = normalizePoissonianNoise;
    this.navigationMask = navigationMask;
    this.navigationMaskShape = navigationMaskShape;
    this.signalMask = signalMask;
    this.signalMaskShape = signalMaskShape;
    this.centre = Objects.requireNonNull(centre, "centre");
    this.seed = seed;
    this.powerIterations = powerIterations;
    this.oversampling = oversampling;
    this.exec = Objects.requireNonNull(exec, "exec");
    this.online = Objects.requireNonNull(online, "online");
  }

  /**
   * {@code outputDimension} components by {@code algorithm} ({@code svd}, {@code pca}, {@code
   * rsvd}, {@code orpca}, {@code ornmf}, case-insensitive; checked when the decomposition is built).
   */
  public static DecompositionOptions of(String algorithm, int outputDimension) {
    return new DecompositionOptions(algorithm, outputDimension, false, null, null, null, null, Centre.NONE, 0,
        2, 10, ExecOptions.defaults(), OnlineParameters.DEFAULTS);
  }

  /** Keenan and Kotula's Poissonian noise normalisation, as HyperSpy's {@code normalize_poissonian_noise=True}. */
  public DecompositionOptions withNormalizePoissonianNoise(boolean normalize) {
    return new DecompositionOptions(algorithm, outputDimension, normalize, navigationMask, navigationMaskShape,
        signalMask, signalMaskShape, centre, seed, powerIterations, oversampling, exec, online);
  }

  /** Excludes the navigation positions where {@code mask} is true (flat, C order of the navigation shape). */
  public DecompositionOptions withNavigationMask(boolean[] mask) {
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise,
        mask == null ? null : mask.clone(), null, signalMask, signalMaskShape, centre, seed, powerIterations,
        oversampling, exec, online);
  }

  /**
   * Excludes the navigation positions where {@code mask} (a boolean signal of the navigation
   * shape) is true; reads it now.
   */
  public DecompositionOptions withNavigationMask(Signal mask) {
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise, toBooleans(mask),
        mask.data().shape().dims(), signalMask, signalMaskShape, centre, seed, powerIterations, oversampling,
        exec, online);
  }

  /** Excludes the signal channels where {@code mask} is true (flat, C order of the signal shape). */
  public DecompositionOptions withSignalMask(boolean[] mask) {
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise, navigationMask,
        navigationMaskShape, mask == null ? null : mask.clone(), null, centre, seed, powerIterations,
        oversampling, exec, online);
  }

  /** Excludes the channels where {@code mask} (a boolean signal of the signal shape) is true; reads it now. */
  public DecompositionOptions withSignalMask(Signal mask) {
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise, navigationMask,
        navigationMaskShape, toBooleans(mask), mask.data().shape().dims(), centre, seed, powerIterations,
        oversampling, exec, online);
  }

  /** HyperSpy's {@code centre} (svd: any; pca: always NAVIGATION; rsvd: NONE or NAVIGATION). */
  public DecompositionOptions withCentre(Centre centre) {
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise, navigationMask,
        navigationMaskShape, signalMask, signalMaskShape, centre, seed, powerIterations, oversampling, exec, online);
  }

  /** The seed of the randomized algorithms' random matrices. */
  public DecompositionOptions withSeed(long seed) {
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise, navigationMask,
        navigationMaskShape, signalMask, signalMaskShape, centre, seed, powerIterations, oversampling, exec, online);
  }

  /** rsvd's power iterations (passes = iterations + 2, the loadings pass included); at least 0. */
  public DecompositionOptions withPowerIterations(int iterations) {
    if (iterations < 0) throw new IllegalArgumentException("power iterations must be >= 0, got " + iterations);
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise, navigationMask,
        navigationMaskShape, signalMask, signalMaskShape, centre, seed, iterations, oversampling, exec, online);
  }

  /** rsvd's extra random columns beyond the output dimension; at least 0. */
  public DecompositionOptions withOversampling(int columns) {
    if (columns < 0) throw new IllegalArgumentException("oversampling must be >= 0, got " + columns);
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise, navigationMask,
        navigationMaskShape, signalMask, signalMaskShape, centre, seed, powerIterations, columns, exec, online);
  }

  /** The execution options of the passes (memory budget, parallelism, progress). */
  public DecompositionOptions withExec(ExecOptions exec) {
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise, navigationMask,
        navigationMaskShape, signalMask, signalMaskShape, centre, seed, powerIterations, oversampling, exec, online);
  }

  /** The parameters of {@code orpca} and {@code ornmf} (HyperSpy's constructor arguments): {@link OnlineParameters}. */
  public DecompositionOptions withOnline(OnlineParameters parameters) {
    return new DecompositionOptions(algorithm, outputDimension, normalizePoissonianNoise, navigationMask,
        navigationMaskShape, signalMask, signalMaskShape, centre, seed, powerIterations, oversampling, exec,
        parameters);
  }

  /** HyperSpy's {@code lambda1}: orpca's nuclear-norm weight (default 0.1), ornmf's outlier threshold (1.0). */
  public DecompositionOptions withLambda1(double lambda1) {
    return withOnline(online.withLambda1(lambda1));
  }

  /** HyperSpy's {@code lambda2}: orpca's sparse-error threshold (default 1.0). */
  public DecompositionOptions withLambda2(double lambda2) {
    return withOnline(online.withLambda2(lambda2));
  }

  /** HyperSpy's {@code kappa}: ornmf's step size (default 1.0). */
  public DecompositionOptions withKappa(double kappa) {
    return withOnline(online.withKappa(kappa));
  }

  /**
   * HyperSpy's {@code method}: orpca {@code BCD} (default), {@code CF}, {@code SGD},
   * {@code MomentumSGD}; ornmf {@code PGD} (default), {@code RobustPGD}, {@code MomentumSGD}.
   */
  public DecompositionOptions withMethod(String method) {
    return withOnline(online.withMethod(method));
  }

  /**
   * HyperSpy's {@code batch_size} of orpca and ornmf: mini-batches of {@code batchSize} consecutive
   * samples (C order of the navigation positions); 0 (default) learns sample by sample.
   */
  public DecompositionOptions withBatchSize(int batchSize) {
    return withOnline(online.withBatchSize(batchSize));
  }

  /** The cap on the iterations of orpca's (default 10000) and ornmf's (300) inner solvers; HyperSpy 1e6. */
  public DecompositionOptions withMaxIterations(int maxIterations) {
    return withOnline(online.withMaxIterations(maxIterations));
  }

  private static boolean[] toBooleans(Signal mask) {
    double[] v = mask.compute().memory().orElseThrow().toDoubleArray();
    boolean[] b = new boolean[v.length];
    for (int i = 0; i < v.length; i++) b[i] = v[i] != 0;
    return b;
  }

  public String algorithm() {
    return algorithm;
  }

  public int outputDimension() {
    return outputDimension;
  }

  public boolean normalizePoissonianNoise() {
    return normalizePoissonianNoise;
  }

  /** The navigation mask (a copy) or null. */
  public boolean[] navigationMask() {
    return navigationMask == null ? null : navigationMask.clone();
  }

  /** The shape of the navigation mask when it was given as a signal, else null. */
  long[] navigationMaskShape() {
    return navigationMaskShape;
  }

  /** The signal mask (a copy) or null. */
  public boolean[] signalMask() {
    return signalMask == null ? null : signalMask.clone();
  }

  long[] signalMaskShape() {
    return signalMaskShape;
  }

  public Centre centre() {
    return centre;
  }

  public long seed() {
    return seed;
  }

  public int powerIterations() {
    return powerIterations;
  }

  public int oversampling() {
    return oversampling;
  }

  public ExecOptions exec() {
    return exec;
  }

  /** The parameters of the online algorithms ({@code orpca}, {@code ornmf}). */
  public OnlineParameters online() {
    return online;
  }

  @Override
  public String toString() {
    return "DecompositionOptions[algorithm=" + algorithm + ", outputDimension=" + outputDimension
        + ", normalizePoissonianNoise=" + normalizePoissonianNoise + ", navigationMask="
        + (navigationMask != null) + ", signalMask=" + (signalMask != null) + ", centre=" + centre + ", seed="
        + seed + "]";
  }
}
