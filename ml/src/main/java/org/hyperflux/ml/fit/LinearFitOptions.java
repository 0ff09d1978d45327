package org.hyperflux.ml.fit;

import java.util.Objects;
import java.util.OptionalDouble;
import org.hyperflux.core.exec.ExecOptions;

/**
 * How to fit a {@link LinearModel} (HyperSpy's {@code multifit(optimizer='lstsq', ...)}
 * arguments and the model's channel switches). Immutable; every {@code with*} returns a copy.
 *
 * <pre>{@code
 * LinearFitOptions o = LinearFitOptions.defaults()
 *     .withSignalMask(mask)            // true = channel not fitted (HyperSpy's channel_switches = !mask)
 *     .withCalculateErrors(true);      // std maps, as multifit(calculate_errors=True)
 * }</pre>
 *
 * <p>Masks: {@code true} marks a navigation position that is not fitted (HyperSpy's {@code
 * multifit(mask=...)}; the vectorised HyperSpy fit ignores it, here the maps hold NaN there) or a
 * channel left out of the fit (HyperSpy's {@code remove_signal_range}: {@code channel_switches =
 * !signalMask}). The navigation mask is flat in C order of the navigation shape in array order.
 * Defaults: no masks, no errors, the noise variance from the signal's metadata ({@code
 * Signal.Noise_properties.variance}) or 1, {@link ExecOptions#defaults()}.
 */
public final class LinearFitOptions {
  private final boolean[] navigationMask;
  private final boolean[] signalMask;
  private final Double variance;
  private final boolean calculateErrors;
  private final ExecOptions exec;

  private LinearFitOptions(boolean[] navigationMask, boolean[] signalMask, Double variance, boolean calculateErrors,
      ExecOptions exec) {
    this.navigationMask = navigationMask;
    this.signalMask = signalMask;
    this.variance = variance;
    this.calculateErrors = calculateErrors;
    this.exec = Objects.requireNonNull(exec, "exec");
  }

  /** No masks, no errors, variance from metadata or 1, default execution. */
  public static LinearFitOptions defaults() {
    return new LinearFitOptions(null, null, null, false, ExecOptions.defaults());
  }

  /** Leaves out the navigation positions where {@code mask} is true (flat, C order); their maps are NaN. */
  public LinearFitOptions withNavigationMask(boolean[] mask) {
    return new LinearFitOptions(mask == null ? null : mask.clone(), signalMask, variance, calculateErrors, exec);
  }

  /** Leaves out of the fit the channels where {@code mask} is true (one per channel of the signal axis). */
  public LinearFitOptions withSignalMask(boolean[] mask) {
    return new LinearFitOptions(navigationMask, mask == null ? null : mask.clone(), variance, calculateErrors, exec);
  }

  /**
   * The noise variance that divides the squared residuals in {@code chisq} (HyperSpy's {@code
   * Signal.Noise_properties.variance} as a number; the parameters do not depend on it).
   *
   * @throws IllegalArgumentException unless {@code variance > 0} and finite
   */
  public LinearFitOptions withVariance(double variance) {
    if (!(variance > 0) || !Double.isFinite(variance)) {
      throw new IllegalArgumentException("the noise variance must be finite and > 0, got " + variance);
    }
    return new LinearFitOptions(navigationMask, signalMask, variance, calculateErrors, exec);
  }

  /**
   * Also computes each parameter's standard error, HyperSpy's {@code calculate_errors=True}:
   * {@code sqrt(RSS / (n - p) · [(BᵀB)⁻¹]_kk)} with {@code n} fitted channels and {@code p}
   * free parameters.
   */
  public LinearFitOptions withCalculateErrors(boolean calculate) {
    return new LinearFitOptions(navigationMask, signalMask, variance, calculate, exec);
  }

  /** The execution options of the pass (memory budget, parallelism, progress). */
  public LinearFitOptions withExec(ExecOptions exec) {
    return new LinearFitOptions(navigationMask, signalMask, variance, calculateErrors, exec);
  }

  /** The navigation mask (a copy) or null. */
  public boolean[] navigationMask() {
    return navigationMask == null ? null : navigationMask.clone();
  }

  /** The signal mask (a copy) or null. */
  public boolean[] signalMask() {
    return signalMask == null ? null : signalMask.clone();
  }

  /** The variance given with {@link #withVariance}, or empty (then the metadata's or 1). */
  public OptionalDouble variance() {
    return variance == null ? OptionalDouble.empty() : OptionalDouble.of(variance);
  }

  public boolean calculateErrors() {
    return calculateErrors;
  }

  public ExecOptions exec() {
    return exec;
  }

  @Override
  public String toString() {
    return "LinearFitOptions[navigationMask=" + (navigationMask != null) + ", signalMask=" + (signalMask != null)
        + ", variance=" + variance + ", calculateErrors=" + calculateErrors + "]";
  }
}
