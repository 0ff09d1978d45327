package org.hyperflux.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;

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
    this.explainedVariance = explainedVariance;
    this.explainedVarianceRatio = explainedVarianceRatio;
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
   * Explained variance per component, in decreasing order (a copy), or null where the algorithm
   * defines none ({@code ornmf}, as HyperSpy's ORNMF).
   */
  public double[] explainedVariance() {
    return explainedVariance == null ? null : explainedVariance.clone();
  }

  /** Explained variance ratio per component (a copy), or null; see each algorithm for its denominator. */
  public double[] explainedVarianceRatio() {
    return explainedVarianceRatio == null ? null : explainedVarianceRatio.clone();
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
