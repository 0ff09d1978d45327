package org.hyperflux.ml.fit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import reactor.core.publisher.Mono;

/**
 * Fits a {@link LinearModel} to every spectrum of a signal in one streaming pass: HyperSpy's
 * {@code m.multifit(optimizer='lstsq')} with every non-linear parameter fixed. The design matrix
 * {@code B} (fitted channels × free parameters) is built from the signal axis' calibrated
 * coordinates and its least-squares solution operator computed once ({@link LeastSquares}); the
 * pass then reads the data chunk by chunk (the signal axis whole, rechunked if needed) and
 * applies it to every navigation position. Memory: the parameter maps ({@code navigation size ×
 * (p + 1)} doubles) and the chunks in flight, whatever the size of the data.
 *
 * <pre>{@code
 * Signal si = SignalFiles.load(Path.of("eels_si.zspy"));
 * LinearModel model = LinearModel.of(LinearComponent.polynomial(3), LinearComponent.gaussian(1839, 12),
 *     LinearComponent.powerLaw(3));
 * LinearFitResult r = LinearFit.of(si, model);
 * Signal area = r.map("Gaussian.A");
 * }</pre>
 *
 * <p>Data of any numeric dtype is fitted in float64 (integers are converted while reading, as
 * numpy's {@code lstsq} does). HyperSpy's binned-signal scaling does not apply: hyperflux axes
 * carry no {@code is_binned}, and the fit is that of a non-binned signal. Mistakes in the request
 * (a signal that is not 1-D, masks of the wrong length, a rank-deficient model on the fitted
 * channels, fewer channels than parameters) throw {@link IllegalArgumentException} at once;
 * read failures arrive as the Mono's error.
 */
public final class LinearFit {
  private LinearFit() {}

  /** Fits with {@link LinearFitOptions#defaults()} now (blocking). */
  public static LinearFitResult of(Signal signal, LinearModel model) {
    return of(signal, model, LinearFitOptions.defaults());
  }

  /** Fits now (blocking) and returns the computed maps. */
  public static LinearFitResult of(Signal signal, LinearModel model, LinearFitOptions options) {
    return ofMono(signal, model, options).block();
  }

  /**
   * The fit as a {@code Mono}: the request is checked and the design matrix solved now
   * (throwing), the data read on subscription, in one pass.
   */
  public static Mono<LinearFitResult> ofMono(Signal signal, LinearModel model, LinearFitOptions options) {
    if (signal.axes().signalDimension() != 1) {
      throw new IllegalArgumentException("a linear fit needs a signal with one signal axis (a Signal1D), but "
          + signal.title() + " has " + signal.axes().signalDimension() + ": " + signal.axes().dimensionsString()
          + "; use asSignal1D(axis) to fit along one axis");
    }
    if (signal.dtype() == DType.BOOL) {
      throw new IllegalArgumentException("a linear fit needs numeric data but the signal is bool");
    }
    long[] shape = signal.axes().arrayShape();
    int navRank = shape.length - 1;
    long[] navShape = Arrays.copyOf(shape, navRank);
    long navSizeL = 1;
    for (long d : navShape) navSizeL *= d;
    Axis axis = signal.axes().signalAxes().get(0);
    int signalSize = axis.size();
    int p = model.size();
    if (navSizeL * (2L * p + 2) > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("navigation size " + navSizeL + " is too large for in-memory parameter maps");
    }
    int navSize = (int) navSizeL;
    boolean[] navMask = options.navigationMask();
    if (navMask != null && navMask.length != navSize) {
      throw new IllegalArgumentException("the navigation mask has " + navMask.length + " elements but the navigation"
          + " shape " + Arrays.toString(navShape) + " (array order) has " + navSize);
    }
    boolean[] sigMask = options.signalMask();
    if (sigMask != null && sigMask.length != signalSize) {
      throw new IllegalArgumentException("the signal mask has " + sigMask.length + " elements but the signal axis "
          + (axis.name() == null ? "" : "'" + axis.name() + "' ") + "has " + signalSize + " channels");
    }
    int[] channels = sigMask == null ? null : IntStream.range(0, signalSize).filter(j -> !sigMask[j]).toArray();
    double[] x = axis.values();
    double[] designAll = model.designMatrix(x);
    double[] design = designAll;
    int n = signalSize;
    if (channels != null) {
      n = channels.length;
      design = new double[n * p];
      for (int i = 0; i < n; i++) System.arraycopy(designAll, channels[i] * p, design, i * p, p);
    }
    List<String> names = model.parameters();
    LeastSquares solution = LeastSquares.of(design, n, p, names);
    double variance = options.variance().isPresent() ? options.variance().getAsDouble() : metadataVariance(signal);
    ExecOptions exec = options.exec();
    exec = exec.withTileElements(Math.max(exec.tileElements(), signalSize));
    LazyArray data = signal.data();
    if (data.grid().chunksAlong(navRank) > 1) data = signal.rechunk(null, new long[] {-1}, exec).data();
    LinearFitAccumulator acc = new LinearFitAccumulator(navShape, navSize, signalSize, navMask, channels, design,
        solution, p, variance, options.calculateErrors(), exec.tileElements());
    Pass pass = Pass.over(data.node(), exec).feed(acc);
    int fitted = n;
    double[] full = designAll;
    return pass.run().map(results -> new LinearFitResult(signal, model, (double[]) results.get(0).value(),
        acc.width(), fitted, full, options.calculateErrors(), variance));
  }

  /** HyperSpy's {@code get_noise_variance()} when it is a number, else 1 (its default). */
  private static double metadataVariance(Signal signal) {
    Metadata m = signal.metadata();
    if (!m.has(Metadata.NOISE_VARIANCE)) return 1;
    Object v = m.get(Metadata.NOISE_VARIANCE).orElse(null);
    if (v == null) return 1;
    if (!(v instanceof Number)) {
      throw new IllegalArgumentException("the signal's " + Metadata.NOISE_VARIANCE + " is not a number (a variance"
          + " signal: heteroscedastic noise, which HyperSpy fits position by position); pass a single variance with"
          + " LinearFitOptions.withVariance");
    }
    double variance = ((Number) v).doubleValue();
    if (!(variance > 0) || !Double.isFinite(variance)) {
      throw new IllegalArgumentException("the signal's " + Metadata.NOISE_VARIANCE + " is " + variance
          + "; a variance must be finite and > 0");
    }
    return variance;
  }
}
