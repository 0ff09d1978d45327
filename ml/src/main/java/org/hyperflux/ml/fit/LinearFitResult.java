package org.hyperflux.ml.fit;

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
 * The computed result of a linear fit (what HyperSpy's {@code multifit(optimizer='lstsq')} stores
 * in {@code p.map} and {@code m.chisq}): one map per free parameter, {@code chisq} and {@code
 * red_chisq}, and the standard errors when asked. Maps are float64 signals over the source's
 * navigation axes (as signal axes, HyperSpy's {@code p.as_signal()}), flat arrays in C order of
 * the navigation shape (array order), NaN at positions that were not fitted. Everything is in
 * memory except {@link #model()} and {@link #residual()}, which are lazy. Immutable and
 * thread-safe.
 *
 * <p>Definitions (HyperSpy 1.7.3, {@code model.py}): {@code chisq = Σ (y - model)² / variance}
 * over the fitted channels; {@code red_chisq = chisq / (n - p - 1)} with {@code n} fitted channels
 * and {@code p} free parameters ({@code dof = p}). HyperSpy's vectorised multifit fills chisq at
 * the current position only; here every position has it, with HyperSpy's per-position definition.
 *
 * <pre>{@code
 * LinearFitResult r = LinearFit.of(si, model);
 * Signal area = r.map("Gaussian.A");      // (|200, 200) image
 * Signal background = r.model();          // lazy, the source's shape
 * }</pre>
 */
public final class LinearFitResult {
  private final Signal source;
  private final LinearModel model;
  private final List<String> parameters;
  private final double[] results;
  private final int width;
  private final int p;
  private final int fittedChannels;
  private final double[] design;
  private final boolean errors;
  private final double variance;

  LinearFitResult(Signal source, LinearModel model, double[] results, int width, int fittedChannels, double[] design,
      boolean errors, double variance) {
    this.source = source;
    this.model = model;
    this.parameters = model.parameters();
    this.results = results;
    this.width = width;
    this.p = parameters.size();
    this.fittedChannels = fittedChannels;
    this.design = design;
    this.errors = errors;
    this.variance = variance;
  }

  /** The fitted model. */
  public LinearModel linearModel() {
    return model;
  }

  /** The free parameters, {@code component.parameter}, in the model's order. */
  public List<String> parameters() {
    return parameters;
  }

  /** HyperSpy's {@code dof}: the number of free parameters. */
  public int degreesOfFreedom() {
    return p;
  }

  /** Channels the fit used (the signal axis minus the signal mask). */
  public int fittedChannels() {
    return fittedChannels;
  }

  /** The noise variance that divided the squared residuals. */
  public double variance() {
    return variance;
  }

  /** Whether standard errors were computed ({@link LinearFitOptions#withCalculateErrors}). */
  public boolean hasErrors() {
    return errors;
  }

  /**
   * The values of {@code parameter} ({@code component.parameter}) over the navigation positions,
   * flat C order (a copy); HyperSpy's {@code p.map['values']}.
   *
   * @throws IllegalArgumentException for an unknown parameter, listing the known ones
   */
  public double[] values(String parameter) {
    return column(indexOf(parameter));
  }

  /**
   * The standard errors of {@code parameter} (a copy), HyperSpy's {@code p.map['std']}: NaN
   * everywhere unless the fit was asked to calculate errors, as HyperSpy.
   */
  public double[] std(String parameter) {
    int k = indexOf(parameter);
    if (!errors) {
      double[] nan = new double[navSize()];
      Arrays.fill(nan, Double.NaN);
      return nan;
    }
    return column(p + 1 + k);
  }

  /** {@code chisq} per navigation position, flat C order (a copy). */
  public double[] chisqValues() {
    return column(p);
  }

  /** {@code red_chisq = chisq / (n - p - 1)} per navigation position, flat C order (a copy). */
  public double[] redChisqValues() {
    double[] c = column(p);
    double dof = fittedChannels - p - 1;
    for (int i = 0; i < c.length; i++) c[i] /= dof;
    return c;
  }

  /** The map of {@code parameter} as a computed signal titled {@code component.parameter}. */
  public Signal map(String parameter) {
    return computed(values(parameter), parameter);
  }

  /** The standard-error map of {@code parameter}, titled {@code component.parameter std}. */
  public Signal stdMap(String parameter) {
    return computed(std(parameter), parameter + " std");
  }

  /** Every parameter map, in the model's order. */
  public List<Signal> maps() {
    List<Signal> maps = new ArrayList<>();
    for (String name : parameters) maps.add(map(name));
    return maps;
  }

  /** HyperSpy's {@code m.chisq}: a computed signal titled {@code "<title> chi-squared"}. */
  public Signal chisq() {
    return computed(chisqValues(), source.title() + " chi-squared");
  }

  /** HyperSpy's {@code m.red_chisq}: a computed signal titled {@code "<title> reduced chi-squared"}. */
  public Signal redChisq() {
    return computed(redChisqValues(), source.title() + " reduced chi-squared");
  }

  /**
   * The fitted model over every channel (HyperSpy's {@code m.as_signal()}): a LAZY float64 signal
   * with the source's axes, metadata and chunking, computed chunk by chunk from the parameter
   * maps when read; NaN at positions that were not fitted.
   */
  public Signal model() {
    LinearFitModel values = new LinearFitModel(source.axes().arrayShape(), results, width, design, p);
    LazyArray data = LazyArray.of(GeneratedSource.ofRegions("linear model", DType.FLOAT64, source.data().grid(),
        values));
    return Signal.lazy(data, source.axes()).withMetadata(source.metadata()).withTitle(source.title() + " model");
  }

  /** The data minus the model, LAZY float64 with the source's axes and chunking. */
  public Signal residual() {
    Signal data = source.dtype() == DType.FLOAT64 ? source : source.changeDtype(DType.FLOAT64);
    return data.subtract(model()).withTitle(source.title() + " residual");
  }

  private int navSize() {
    return results.length / width;
  }

  private int indexOf(String parameter) {
    int k = parameters.indexOf(parameter);
    if (k < 0) {
      throw new IllegalArgumentException("unknown parameter '" + parameter + "'; the model's parameters: "
          + parameters);
    }
    return k;
  }

  private double[] column(int k) {
    int nav = navSize();
    double[] c = new double[nav];
    for (int i = 0; i < nav; i++) c[i] = results[i * width + k];
    return c;
  }

  private Signal computed(double[] data, String title) {
    List<Axis> axes = new ArrayList<>();
    int navRank = source.axes().navigationDimension();
    for (Axis a : source.axes().arrayOrder().subList(0, navRank)) axes.add(a.withNavigate(false));
    long[] shape = new long[axes.size()];
    for (int a = 0; a < shape.length; a++) shape[a] = axes.get(a).size();
    MemoryArray array = MemoryArray.of(Shape.of(shape), Block.wrap(DType.FLOAT64, data));
    return Signal.of(array, Axes.of(axes)).withTitle(title);
  }

  @Override
  public String toString() {
    return "LinearFitResult[" + parameters + ", " + fittedChannels + " channels fitted]";
  }
}
