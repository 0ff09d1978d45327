package org.hyperflux.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.LearningResults;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.ml.decomposition.Centre;

/**
 * The computed result of a decomposition (HyperSpy's {@code learning_results}): {@code k}
 * factors over the signal channels, {@code k} loadings over the navigation positions, the
 * explained variance and its ratio, the algorithm and the options. Everything is in memory
 * (nothing is re-read) except {@link #decompositionModel}, which is lazy. Immutable and
 * thread-safe.
 *
 * <p>Conventions (HyperSpy 1.7.3): the data is {@code loadings × factorsᵀ} (+ the mean when
 * centred); loadings are {@code U·S}, factors are unit vectors; excluded navigation positions have
 * NaN loadings and masked channels NaN factors; with the Poissonian normalisation, factors and
 * loadings are scaled back ({@code factors *= sqrt(bH)}, {@code loadings *= sqrt(aG)}).
 *
 * <pre>{@code
 * DecompositionResult r = Decomposition.of(signal, DecompositionOptions.of("svd", 8));
 * double[] ev = r.explainedVariance();
 * Signal factors = r.factors();              // (component | signal axes)
 * Signal denoised = r.decompositionModel(4); // lazy
 * }</pre>
 */
public final class DecompositionResult {
  /** HyperSpy's name of the component axis of factors and loadings. */
  public static final String COMPONENT_AXIS = "Decomposition component index";

  private final String algorithm;
  private final DecompositionOptions options;
  private final Signal source;
  private final int k;
  private final double[] factors;
  private final double[] loadings;
  private final double[] explainedVariance;
  private final double[] explainedVarianceRatio;
  private final double[] featureMean;
  private final double[] rowMean;
  private final double[] rowWeight;
  private final double[] columnWeight;

  DecompositionResult(String algorithm, DecompositionOptions options, Signal source, int k, double[] factors,
      double[] loadings, double[] explainedVariance, double[] explainedVarianceRatio, double[] featureMean,
      double[] rowMean, double[] rowWeight, double[] columnWeight) {
    this.algorithm = algorithm;
    this.options = options;
    this.source = source;
    this.k = k;
    this.factors = factors;
    this.loadings = loadings;
    this.explainedVariance = explainedVariance == null ? new double[0] : explainedVariance;
    this.explainedVarianceRatio = explainedVarianceRatio == null ? new double[0] : explainedVarianceRatio;
    this.featureMean = featureMean;
    this.rowMean = rowMean;
    this.rowWeight = rowWeight;
    this.columnWeight = columnWeight;
  }

  /** The registry name of the algorithm that made this result. */
  public String algorithm() {
    return algorithm;
  }

  public DecompositionOptions options() {
    return options;
  }

  /** Number of components. */
  public int components() {
    return k;
  }

  /**
   * Explained variance per component, in decreasing order (a copy); empty where the algorithm
   * defines none ({@code ornmf}, as HyperSpy's ORNMF).
   */
  public double[] explainedVariance() {
    return explainedVariance.clone();
  }

  /**
   * Explained variance ratio per component (a copy; see each algorithm for its denominator);
   * empty where the algorithm defines no explained variance.
   */
  public double[] explainedVarianceRatio() {
    return explainedVarianceRatio.clone();
  }

  /** Factor {@code c} over the signal channels, flat in C order of the signal shape (a copy). */
  public double[] factor(int c) {
    checkComponent(c);
    int nSig = factors.length / k;
    double[] f = new double[nSig];
    for (int j = 0; j < nSig; j++) f[j] = factors[j * k + c];
    return f;
  }

  /** Loading {@code c} over the navigation positions, flat in C order of the navigation shape (a copy). */
  public double[] loading(int c) {
    checkComponent(c);
    int nNav = loadings.length / k;
    double[] l = new double[nNav];
    for (int i = 0; i < nNav; i++) l[i] = loadings[i * k + c];
    return l;
  }

  /**
   * The factors as a computed float64 signal, HyperSpy's {@code get_decomposition_factors()}: a
   * navigation axis {@value #COMPONENT_AXIS} of size k, then the source's signal axes.
   */
  public Signal factors() {
    List<Axis> axes = new ArrayList<>();
    axes.add(componentAxis());
    axes.addAll(source.axes().signalAxes().isEmpty() ? List.of() : arraySignalAxes());
    int nSig = factors.length / k;
    double[] data = new double[k * nSig];
    for (int c = 0; c < k; c++) for (int j = 0; j < nSig; j++) data[c * nSig + j] = factors[j * k + c];
    return computed(data, axes, "Decomposition factors of " + source.title());
  }

  /**
   * The loadings as a computed float64 signal, HyperSpy's {@code get_decomposition_loadings()}:
   * a navigation axis {@value #COMPONENT_AXIS}, then the source's navigation axes as signal axes.
   */
  public Signal loadings() {
    List<Axis> axes = new ArrayList<>();
    axes.add(componentAxis());
    for (Axis a : arrayNavigationAxes()) axes.add(a.withNavigate(false));
    int nNav = loadings.length / k;
    double[] data = new double[k * nNav];
    for (int c = 0; c < k; c++) for (int i = 0; i < nNav; i++) data[c * nNav + i] = loadings[i * k + c];
    return computed(data, axes, "Decomposition loadings of " + source.title());
  }

  /**
   * HyperSpy's {@code get_decomposition_model(components)}: the source rebuilt from its first
   * {@code components} components, as a LAZY float64 signal with the source's axes, metadata and
   * chunking, computed chunk by chunk from the loadings and factors when read.
   *
   * @throws IllegalArgumentException unless {@code 1 <= components <= components()}
   */
  public Signal decompositionModel(int components) {
    if (components < 1 || components > k) {
      throw new IllegalArgumentException("components must be in [1, " + k + "], got " + components);
    }
    long[] shape = source.axes().arrayShape();
    DecompositionModel model = new DecompositionModel(source.axes().navigationDimension(), shape, k, components,
        loadings, factors, featureMean, rowMean, rowWeight, columnWeight);
    LazyArray data = LazyArray.of(GeneratedSource.ofRegions("decomposition model", DType.FLOAT64,
        source.data().grid(), model));
    return Signal.lazy(data, source.axes()).withMetadata(source.metadata())
        .withTitle(source.title() + " model from " + algorithm + " with " + components + " components");
  }

  /**
   * This result as HyperSpy 1.7.3's {@code s.learning_results} after {@code s.decomposition()},
   * to be saved with the signal ({@code SaveOptions.withLearningResults} in the io module):
   * {@code factors} (n_sig × k), {@code loadings} (n_nav × k), {@code explained_variance} and
   * {@code explained_variance_ratio} (k, where the algorithm defines them),
   * {@code decomposition_algorithm} (the name in upper case, {@code "SVD"}), {@code
   * output_dimension}, {@code poissonian_noise_normalized}, {@code centre} (what was subtracted:
   * {@code None}, {@code "navigation"} (each channel's mean, as {@code pca} always does) or
   * {@code "signal"}), {@code mean} (the subtracted means when centred), {@code
   * unfolded}, {@code original_shape}, None for the blind source separation entries, and, when
   * the decomposition used masks, {@code signal_mask} and {@code navigation_mask} (boolean
   * arrays, {@code true} = excluded, flat in C order of the signal and navigation shapes in
   * array order: HyperSpy stores them after unfolding the data, so its files hold them flat;
   * without masks the entries are absent, which HyperSpy loads as None). Two
   * entries HyperSpy does not write let hyperflux rebuild the model of a Poissonian-normalised,
   * centred result: {@code poissonian_row_weight} (n_nav) and {@code poissonian_column_weight}
   * (n_sig). Reads nothing.
   */
  public LearningResults toLearningResults() {
    int nSig = factors.length / k;
    int nNav = loadings.length / k;
    LearningResults lr = LearningResults.empty()
        .with("bss_algorithm", null)
        .with("centre", featureMean != null ? "navigation" : rowMean != null ? "signal" : null)
        .with("decomposition_algorithm", algorithm.toUpperCase(Locale.ROOT))
        .with("mean", featureMean != null ? new LearningResults.Array(new long[] {nSig}, featureMean.clone())
            : rowMean != null ? new LearningResults.Array(new long[] {nNav}, rowMean.clone()) : null)
        .with("number_significant_components", null)
        .with("output_dimension", (long) k)
        .with("poissonian_noise_normalized", options.normalizePoissonianNoise())
        .with("unfolded", true)
        .with("unmixing_matrix", null)
        .with("factors", new LearningResults.Array(new long[] {nSig, k}, factors.clone()))
        .with("loadings", new LearningResults.Array(new long[] {nNav, k}, loadings.clone()));
    if (explainedVariance.length > 0) {
      lr = lr.with("explained_variance", new LearningResults.Array(new long[] {explainedVariance.length},
          explainedVariance.clone()));
    }
    if (explainedVarianceRatio.length > 0) {
      lr = lr.with("explained_variance_ratio", new LearningResults.Array(
          new long[] {explainedVarianceRatio.length}, explainedVarianceRatio.clone()));
    }
    lr = lr.with("original_shape", source.axes().arrayShape());
    boolean[] signalMask = options.signalMask();
    if (signalMask != null) {
      lr = lr.with("signal_mask", new LearningResults.BoolArray(new long[] {signalMask.length}, signalMask));
    }
    boolean[] navigationMask = options.navigationMask();
    if (navigationMask != null) {
      lr = lr.with("navigation_mask", new LearningResults.BoolArray(new long[] {navigationMask.length},
          navigationMask));
    }
    if (rowWeight != null) {
      lr = lr.with("poissonian_row_weight", new LearningResults.Array(new long[] {nNav}, rowWeight.clone()))
          .with("poissonian_column_weight", new LearningResults.Array(new long[] {nSig}, columnWeight.clone()));
    }
    return lr;
  }

  /**
   * The decomposition result that {@code learningResults} (as {@link #toLearningResults} writes
   * them, or as HyperSpy 1.7.3 saves {@code s.learning_results}) hold for {@code source}, the
   * signal they were computed from (its axes give the factors' and loadings' axes; it is not
   * read). The algorithm is {@code decomposition_algorithm} in lower case; missing explained
   * variances are empty; {@code navigation_mask} and {@code signal_mask} (boolean arrays of
   * n_nav and n_sig elements, flat as HyperSpy writes them or shaped, C order; absent or None:
   * no mask) become the result's {@link DecompositionOptions#navigationMask()} and {@link
   * DecompositionOptions#signalMask()}. Reads nothing.
   *
   * @throws IllegalArgumentException when there are no factors or loadings, or their shapes do not
   *     fit {@code source} (factors n_sig × k, loadings n_nav × k), or a mask is not a boolean
   *     array of n_nav (n_sig) elements
   */
  public static DecompositionResult fromLearningResults(LearningResults learningResults, Signal source) {
    LearningResults.Array f = learningResults.array("factors").orElseThrow(() -> new IllegalArgumentException(
        "the learning results hold no factors array (entries: " + learningResults.entries().keySet() + ")"));
    LearningResults.Array l = learningResults.array("loadings").orElseThrow(() -> new IllegalArgumentException(
        "the learning results hold no loadings array (entries: " + learningResults.entries().keySet() + ")"));
    long nSig = product(source.axes().signalShape());
    long nNav = product(source.axes().navigationShape());
    if (f.shape().length != 2 || l.shape().length != 2 || f.shape()[0] != nSig || l.shape()[0] != nNav
        || f.shape()[1] != l.shape()[1] || f.shape()[1] < 1) {
      throw new IllegalArgumentException("factors " + Arrays.toString(f.shape()) + " and loadings "
          + Arrays.toString(l.shape()) + " do not fit " + source.title() + " (" + nNav
          + " navigation positions, " + nSig + " channels): expected factors [" + nSig + ", k] and loadings ["
          + nNav + ", k] with the same k >= 1");
    }
    int k = (int) f.shape()[1];
    Object name = learningResults.get("decomposition_algorithm");
    String algorithm = name instanceof String n ? n.toLowerCase(Locale.ROOT) : "unknown";
    boolean poissonian = Boolean.TRUE.equals(learningResults.get("poissonian_noise_normalized"));
    Centre centre = "navigation".equals(learningResults.get("centre")) ? Centre.NAVIGATION
        : "signal".equals(learningResults.get("centre")) ? Centre.SIGNAL : Centre.NONE;
    double[] mean = learningResults.array("mean").map(LearningResults.Array::values).orElse(null);
    double[] rowWeight = learningResults.array("poissonian_row_weight").map(LearningResults.Array::values).orElse(null);
    double[] columnWeight = learningResults.array("poissonian_column_weight").map(LearningResults.Array::values)
        .orElse(null);
    if (rowWeight == null || columnWeight == null) {
      rowWeight = null;
      columnWeight = null;
    }
    DecompositionOptions options = DecompositionOptions.of(algorithm, k).withNormalizePoissonianNoise(poissonian)
        .withCentre(centre)
        .withNavigationMask(mask(learningResults, "navigation_mask", nNav, "navigation positions", source))
        .withSignalMask(mask(learningResults, "signal_mask", nSig, "channels", source));
    double[] ev = learningResults.array("explained_variance").map(LearningResults.Array::values).orElse(new double[0]);
    double[] evr = learningResults.array("explained_variance_ratio").map(LearningResults.Array::values)
        .orElse(new double[0]);
    double[] featureMean = centre == Centre.NAVIGATION && mean != null && mean.length == nSig ? mean : null;
    double[] rowMean = centre == Centre.SIGNAL && mean != null && mean.length == nNav ? mean : null;
    return new DecompositionResult(algorithm, options, source, k, f.values(), l.values(), ev, evr, featureMean,
        rowMean, rowWeight, columnWeight);
  }

  /** The flat mask {@code key} holds (null when absent or None), checked to have {@code size} elements. */
  private static boolean[] mask(LearningResults lr, String key, long size, String what, Signal source) {
    Object v = lr.get(key);
    if (v == null) return null;
    if (!(v instanceof LearningResults.BoolArray m)) {
      throw new IllegalArgumentException("learning result '" + key + "' is " + v
          + "; expected a boolean array (true = excluded) or None");
    }
    boolean[] values = m.values();
    if (values.length != size) {
      throw new IllegalArgumentException("learning result '" + key + "' has shape " + Arrays.toString(m.shape())
          + " (" + values.length + " elements) but " + source.title() + " has " + size + " " + what);
    }
    return values;
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) n *= d;
    return n;
  }

  private void checkComponent(int c) {
    if (c < 0 || c >= k) throw new IndexOutOfBoundsException("component " + c + " is outside [0, " + k + ")");
  }

  private Axis componentAxis() {
    return Axis.uniform(k).withName(COMPONENT_AXIS).withNavigate(true);
  }

  private List<Axis> arraySignalAxes() {
    List<Axis> all = source.axes().arrayOrder();
    return all.subList(source.axes().navigationDimension(), all.size());
  }

  private List<Axis> arrayNavigationAxes() {
    return source.axes().arrayOrder().subList(0, source.axes().navigationDimension());
  }

  private static Signal computed(double[] data, List<Axis> axes, String title) {
    long[] shape = new long[axes.size()];
    for (int a = 0; a < shape.length; a++) shape[a] = axes.get(a).size();
    MemoryArray array = MemoryArray.of(Shape.of(shape), Block.wrap(DType.FLOAT64, data));
    return Signal.of(array, Axes.of(axes)).withTitle(title);
  }

  @Override
  public String toString() {
    return "DecompositionResult[" + algorithm + ", " + k + " components, explained variance "
        + Arrays.toString(explainedVariance) + "]";
  }
}
