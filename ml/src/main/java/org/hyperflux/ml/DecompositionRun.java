package org.hyperflux.ml;

import java.util.Arrays;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.ml.decomposition.Centre;
import org.hyperflux.ml.decomposition.DecompositionAlgorithm;
import org.hyperflux.ml.decomposition.DecompositionAlgorithms;
import org.hyperflux.ml.decomposition.DecompositionProblem;
import org.hyperflux.ml.decomposition.PoissonSumsAccumulator;
import org.hyperflux.ml.decomposition.ProjectionAccumulator;
import org.hyperflux.ml.decomposition.SampleRows;
import org.hyperflux.ml.decomposition.Subspace;
import reactor.core.publisher.Mono;

/**
 * One decomposition, checked and planned: [Poissonian sums] → the algorithm's passes → the
 * loadings pass, each built from the previous result (DESIGN §4 multi-pass plans). The results
 * over the unmasked samples and features are then placed back on the full navigation and signal
 * grids and un-normalised as HyperSpy does.
 */
final class DecompositionRun {
  private final Signal signal;
  private final DecompositionOptions options;
  private final DecompositionAlgorithm algorithm;
  private final DecompositionProblem problem;
  private final int[] channels;
  private final int nSig;

  private DecompositionRun(Signal signal, DecompositionOptions options, DecompositionAlgorithm algorithm,
      DecompositionProblem problem, int[] channels, int nSig) {
    this.signal = signal;
    this.options = options;
    this.algorithm = algorithm;
    this.problem = problem;
    this.channels = channels;
    this.nSig = nSig;
  }

  static DecompositionRun prepare(Signal signal, DecompositionOptions options) {
    DecompositionAlgorithm algorithm = DecompositionAlgorithms.get(options.algorithm());
    DType dtype = signal.dtype();
    if (!dtype.isFloat()) {
      throw new IllegalArgumentException("a decomposition needs float data but the signal is " + dtype.numpyName()
          + "; convert it first with signal.changeDtype(DType.FLOAT32) (or FLOAT64), as HyperSpy requires");
    }
    long[] shape = signal.axes().arrayShape();
    int navRank = signal.axes().navigationDimension();
    long[] navShape = Arrays.copyOfRange(shape, 0, navRank);
    long[] sigShape = Arrays.copyOfRange(shape, navRank, shape.length);
    long navSizeL = product(navShape);
    long nSigL = product(sigShape);
    if (navSizeL > Integer.MAX_VALUE / 64 || nSigL > Integer.MAX_VALUE / 64) {
      throw new IllegalArgumentException("navigation size " + navSizeL + " or signal size " + nSigL
          + " is too large for in-memory loadings and factors");
    }
    int navSize = (int) navSizeL;
    int nSig = (int) nSigL;
    boolean[] navMask = checkMask("navigation", options.navigationMask(), options.navigationMaskShape(),
        navShape, navSize);
    boolean[] sigMask = checkMask("signal", options.signalMask(), options.signalMaskShape(), sigShape, nSig);
    long samples = navSize;
    if (navMask != null) for (boolean b : navMask) if (b) samples--;
    int[] channels = null;
    int features = nSig;
    if (sigMask != null) {
      channels = java.util.stream.IntStream.range(0, nSig).filter(j -> !sigMask[j]).toArray();
      features = channels.length;
    }
    int k = options.outputDimension();
    if (k <= 0) {
      throw new IllegalArgumentException("outputDimension must be >= 1, got " + k);
    }
    long rank = Math.min(samples, features);
    if (k > rank) {
      throw new IllegalArgumentException("outputDimension " + k
          + " is larger than the rank bound min(samples, features) = min(" + samples + ", " + features + ") = " + rank
          + " (samples: unmasked navigation positions; features: unmasked signal channels)");
    }
    ExecOptions exec = options.exec();
    exec = exec.withTileElements(Math.max(exec.tileElements(), nSig));
    LazyArray data = signal.data();
    if (!holdsWholeSignals(data.grid(), navRank)) {
      long[] whole = new long[sigShape.length];
      Arrays.fill(whole, -1);
      data = signal.rechunk(null, whole, exec).data();
    }
    SampleRows rows = new SampleRows(navShape, nSig, navMask, channels, null, null,
        options.centre() == Centre.SIGNAL, exec.tileElements());
    DecompositionProblem problem = new DecompositionProblem(data, exec, rows, navSize, samples, k, options.centre(),
        options.seed(), options.powerIterations(), options.oversampling(), options.online());
    algorithm.validate(problem);
    return new DecompositionRun(signal, options, algorithm, problem, channels, nSig);
  }

  private static boolean holdsWholeSignals(ChunkGrid grid, int navRank) {
    for (int a = navRank; a < grid.rank(); a++) if (grid.chunksAlong(a) > 1) return false;
    return true;
  }

  private static long product(long[] dims) {
    long p = 1;
    for (long d : dims) p *= d;
    return p;
  }

  private static boolean[] checkMask(String what, boolean[] mask, long[] maskShape, long[] shape, int size) {
    if (mask == null) return null;
    if (maskShape != null && !Arrays.equals(maskShape, shape)) {
      throw new IllegalArgumentException("the " + what + " mask has shape " + Arrays.toString(maskShape)
          + " but the " + what + " shape is " + Arrays.toString(shape) + " (array order)");
    }
    if (mask.length != size) {
      throw new IllegalArgumentException("the " + what + " mask has " + mask.length + " elements but the " + what
          + " shape " + Arrays.toString(shape) + " (array order) has " + size);
    }
    int kept = 0;
    for (boolean b : mask) if (!b) kept++;
    if (kept == 0) throw new IllegalArgumentException("the " + what + " mask excludes every " + what + " position");
    return mask;
  }

  Mono<DecompositionResult> run() {
    boolean poisson = options.normalizePoissonianNoise();
    int total = (poisson ? 1 : 0) + algorithm.passes(problem) + 1;
    Mono<Weights> weights = poisson ? poissonWeights() : Mono.just(new Weights(null, null, null));
    int first = poisson ? 2 : 1;
    return weights.flatMap(w -> {
      DecompositionProblem p = w.rowWeight == null ? problem
          : problem.withRows(problem.rows().weighted(w.rowWeight, w.featureWeight));
      return algorithm.fit(p, first, total).flatMap(sub -> loadings(p, sub, total)
          .map(proj -> assemble(algorithm.finish(sub, proj.loadings()), proj, w)));
    });
  }

  /** {@code sqrt(aG)} per navigation position and {@code sqrt(bH)} per feature, masked ones set to 1 (HyperSpy). */
  private record Weights(double[] rowWeight, double[] featureWeight, double[] channelWeight) {}

  private Mono<Weights> poissonWeights() {
    PoissonSumsAccumulator acc = new PoissonSumsAccumulator(problem.rows(), problem.navSize());
    return problem.pass(1, 1 + algorithm.passes(problem) + 1).feed(acc).run().map(r -> {
      PoissonSumsAccumulator.Sums s = (PoissonSumsAccumulator.Sums) r.get(0).value();
      if (s.min() < 0) {
        throw new IllegalArgumentException("normalizePoissonianNoise needs non-negative data (counts), but the data"
            + " holds " + s.min() + " (HyperSpy: \"Negative values found in data!\"); offset the data or decompose"
            + " without the normalisation");
      }
      double[] row = new double[problem.navSize()];
      for (int i = 0; i < row.length; i++) row[i] = Double.isNaN(s.rowSums()[i]) ? 1 : Math.sqrt(s.rowSums()[i]);
      double[] feature = new double[s.featureSums().length];
      for (int j = 0; j < feature.length; j++) feature[j] = Math.sqrt(s.featureSums()[j]);
      double[] channel = new double[nSig];
      Arrays.fill(channel, 1);
      for (int j = 0; j < feature.length; j++) channel[channels == null ? j : channels[j]] = feature[j];
      return new Weights(row, feature, channel);
    });
  }

  private Mono<ProjectionAccumulator.Projection> loadings(DecompositionProblem p, Subspace sub, int total) {
    return p.pass(total, total).feed(algorithm.loadingsAccumulator(p, sub)).run()
        .map(r -> (ProjectionAccumulator.Projection) r.get(0).value());
  }

  private DecompositionResult assemble(Subspace sub, ProjectionAccumulator.Projection proj, Weights w) {
    int k = sub.k();
    int m = sub.m();
    double[] factors = new double[nSig * k];
    if (channels != null) Arrays.fill(factors, Double.NaN);
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < m; j++) {
        int channel = channels == null ? j : channels[j];
        double scale = w.featureWeight == null ? 1 : w.featureWeight[j];
        factors[channel * k + c] = sub.components()[c * m + j] * scale;
      }
    }
    double[] loadings = proj.loadings();
    if (w.rowWeight != null) {
      for (int i = 0; i < problem.navSize(); i++) {
        for (int c = 0; c < k; c++) loadings[i * k + c] *= w.rowWeight[i];
      }
    }
    double[] featureMean = null;
    if (sub.featureMean() != null) {
      featureMean = new double[nSig];
      Arrays.fill(featureMean, Double.NaN);
      for (int j = 0; j < m; j++) featureMean[channels == null ? j : channels[j]] = sub.featureMean()[j];
    }
    return new DecompositionResult(algorithm.name(), options, signal, k, factors, loadings, sub.explainedVariance(),
        sub.explainedVarianceRatio(), featureMean, proj.rowMeans(), w.rowWeight, w.channelWeight);
  }
}
