package org.hyperflux.ml.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;

/**
 * One component of a {@link LinearModel}: a function of the signal axis whose free parameters
 * enter linearly, so that it contributes one basis vector per free parameter to the design matrix.
 * The non-linear parameters (a Gaussian's centre and sigma, a power law's exponent) are fixed when
 * the component is made, as HyperSpy's {@code parameter.free = False} before {@code
 * multifit(optimizer='lstsq')}.
 *
 * <p>Parametrisations, names and parameter names are HyperSpy 1.7.3's ({@code
 * hyperspy/_components}), so that parameter maps are titled as HyperSpy's {@code
 * component.name + "." + parameter.name}:
 *
 * <ul>
 *   <li>{@link #polynomial}: {@code Σ a_k x^k}, name {@code "2nd order Polynomial"}, parameters
 *       {@code a0 … aN} (zero-padded to the width of N, as HyperSpy: {@code a00 … a10});
 *   <li>{@link #gaussian}: {@code A / (sigma √(2π)) · exp(-(x - centre)² / (2 sigma²))}, name
 *       {@code Gaussian}, parameter {@code A} (the area);
 *   <li>{@link #powerLaw}: {@code A · (x - origin)^-r} where {@code x > leftCutoff}, else 0, name
 *       {@code PowerLaw}, parameter {@code A};
 *   <li>{@link #offset}: the constant {@code offset}, name {@code Offset};
 *   <li>{@link #fixedPattern}: {@code yscale · pattern(x)}, name {@code ScalableFixedPattern},
 *       parameter {@code yscale} (HyperSpy's {@code xscale = 1} and {@code shift = 0} fixed);
 *   <li>{@link #basis} and {@link #function}: {@code scale · f(x)} for any fixed shape, parameter
 *       {@code scale}.
 * </ul>
 *
 * <p>The basis is evaluated at the calibrated coordinates of the signal axis ({@link
 * Axis#values()}), uniform or not. Immutable and thread-safe (a {@link #function} component is as
 * thread-safe as its function).
 *
 * <pre>{@code
 * LinearModel model = LinearModel.of(LinearComponent.polynomial(3), LinearComponent.gaussian(1839, 12),
 *     LinearComponent.powerLaw(3));
 * }</pre>
 */
public final class LinearComponent {
  /** Evaluates one column per free parameter at the axis coordinates. */
  @FunctionalInterface
  private interface Columns {
    double[][] at(double[] x);
  }

  private final String name;
  private final List<String> parameters;
  private final Columns columns;

  private LinearComponent(String name, List<String> parameters, Columns columns) {
    this.name = name;
    this.parameters = List.copyOf(parameters);
    this.columns = columns;
  }

  /**
   * HyperSpy's {@code Polynomial(order, legacy=False)}: {@code a0 + a1 x + … + aN x^N}.
   *
   * @throws IllegalArgumentException unless {@code order >= 1} (HyperSpy refuses order 0; use
   *     {@link #offset()})
   */
  public static LinearComponent polynomial(int order) {
    if (order < 1) {
      throw new IllegalArgumentException("a polynomial's order must be >= 1 (HyperSpy refuses order 0; use"
          + " LinearComponent.offset() for a constant), got " + order);
    }
    int width = Integer.toString(order).length();
    List<String> names = new ArrayList<>();
    for (int k = 0; k <= order; k++) names.add("a" + "0".repeat(width - Integer.toString(k).length()) + k);
    return new LinearComponent(ordinal(order) + " order Polynomial", names, x -> {
      double[][] c = new double[order + 1][x.length];
      for (int i = 0; i < x.length; i++) {
        double p = 1;
        for (int k = 0; k <= order; k++) {
          c[k][i] = p;
          p *= x[i];
        }
      }
      return c;
    });
  }

  /**
   * HyperSpy's {@code Gaussian} with {@code centre} and {@code sigma} fixed (axis units): free
   * area {@code A}.
   *
   * @throws IllegalArgumentException unless {@code sigma > 0} and both are finite
   */
  public static LinearComponent gaussian(double centre, double sigma) {
    if (!Double.isFinite(centre) || !(sigma > 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("a Gaussian needs a finite centre and a finite sigma > 0, got centre "
          + centre + ", sigma " + sigma);
    }
    double norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
    return ofFunction("Gaussian", "A", v -> norm * Math.exp(-(v - centre) * (v - centre) / (2 * sigma * sigma)));
  }

  /** HyperSpy's {@code PowerLaw} with exponent {@code r} fixed, {@code origin = 0}, {@code left_cutoff = 0}. */
  public static LinearComponent powerLaw(double r) {
    return powerLaw(r, 0, 0);
  }

  /**
   * HyperSpy's {@code PowerLaw}: {@code A · (x - origin)^-r} for {@code x > leftCutoff}, 0 elsewhere
   * (HyperSpy's defaults are {@code origin = 0}, {@code left_cutoff = 0}); {@code r}, {@code
   * origin} and {@code leftCutoff} fixed, {@code A} free.
   *
   * @throws IllegalArgumentException if a value is not finite
   */
  public static LinearComponent powerLaw(double r, double origin, double leftCutoff) {
    if (!Double.isFinite(r) || !Double.isFinite(origin) || !Double.isFinite(leftCutoff)) {
      throw new IllegalArgumentException("a power law needs finite r, origin and leftCutoff, got " + r + ", " + origin
          + ", " + leftCutoff);
    }
    return ofFunction("PowerLaw", "A", v -> v > leftCutoff ? Math.pow(v - origin, -r) : 0);
  }

  /** HyperSpy's {@code Offset}: the free constant {@code offset}. */
  public static LinearComponent offset() {
    return ofFunction("Offset", "offset", v -> 1);
  }

  /**
   * HyperSpy's {@code ScalableFixedPattern} with {@code interpolate=False}: {@code yscale ·
   * pattern}, the pattern given on the channels of the fitted signal (its length must be the
   * signal axis' size; checked when fitting).
   */
  public static LinearComponent fixedPattern(double[] pattern) {
    double[] p = pattern.clone();
    return new LinearComponent("ScalableFixedPattern", List.of("yscale"), x -> {
      if (x.length != p.length) {
        throw new IllegalArgumentException("the fixed pattern has " + p.length + " values but the signal axis has "
            + x.length + " channels");
      }
      return new double[][] {p.clone()};
    });
  }

  /**
   * HyperSpy's {@code ScalableFixedPattern(pattern)} ({@code xscale = 1}, {@code shift = 0}
   * fixed): {@code yscale} times the 1-D {@code pattern} linearly interpolated at the fitted
   * signal's coordinates, 0 outside the pattern's axis (scipy's {@code interp1d(kind='linear',
   * fill_value=0)}, HyperSpy's default). Reads the pattern now.
   *
   * @throws IllegalArgumentException unless the pattern has one signal axis and no navigation axes
   */
  public static LinearComponent fixedPattern(Signal pattern) {
    if (pattern.axes().signalDimension() != 1 || pattern.axes().navigationDimension() != 0) {
      throw new IllegalArgumentException("a fixed pattern must be a single 1-D signal, got "
          + pattern.axes().dimensionsString());
    }
    double[] px = pattern.axes().signalAxes().get(0).values();
    double[] py = pattern.compute().memory().orElseThrow().toDoubleArray();
    return new LinearComponent("ScalableFixedPattern", List.of("yscale"), x -> new double[][] {interpolate(px, py, x)});
  }

  /**
   * A component of fixed shape given on the signal's channels: {@code scale · values}, named
   * {@code name} (its length must be the signal axis' size; checked when fitting).
   */
  public static LinearComponent basis(String name, double[] values) {
    return fixedPattern(values).named(name).withParameter("scale");
  }

  /** A component {@code scale · f(x)} of the calibrated coordinate {@code x}, named {@code name}. */
  public static LinearComponent function(String name, DoubleUnaryOperator f) {
    Objects.requireNonNull(f, "f");
    return ofFunction(checkName(name), "scale", f);
  }

  private static LinearComponent ofFunction(String name, String parameter, DoubleUnaryOperator f) {
    return new LinearComponent(name, List.of(parameter), x -> {
      double[] c = new double[x.length];
      for (int i = 0; i < x.length; i++) c[i] = f.applyAsDouble(x[i]);
      return new double[][] {c};
    });
  }

  /** This component under another name (HyperSpy's {@code component.name}). */
  public LinearComponent named(String newName) {
    return new LinearComponent(checkName(newName), parameters, columns);
  }

  private LinearComponent withParameter(String parameter) {
    return new LinearComponent(name, List.of(parameter), columns);
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a component needs a non-blank name");
    return name;
  }

  /** The component's name; a model renames duplicates as HyperSpy does ({@code Gaussian_0}). */
  public String name() {
    return name;
  }

  /** Names of the free parameters, in the order of the basis columns. */
  public List<String> parameters() {
    return parameters;
  }

  /**
   * The basis: one array per free parameter, each the component with that parameter 1 (and the
   * others 0) evaluated at the coordinates {@code x}.
   *
   * @throws IllegalArgumentException if the component does not fit {@code x} (a pattern of another length)
   */
  public double[][] basis(double[] x) {
    double[][] c = columns.at(x);
    for (double[] column : c) {
      for (int i = 0; i < column.length; i++) {
        if (!Double.isFinite(column[i])) {
          throw new IllegalArgumentException("component " + name + " is " + column[i] + " at x = " + x[i]
              + " (channel " + i + "): a linear fit needs a finite basis; move the component's origin or exclude"
              + " the channel with a signal mask");
        }
      }
    }
    return c;
  }

  /** Linear interpolation of {@code (px, py)} at {@code x}, 0 outside {@code [min px, max px]}. */
  static double[] interpolate(double[] px, double[] py, double[] x) {
    boolean descending = px.length > 1 && px[px.length - 1] < px[0];
    double[] ax = px;
    double[] ay = py;
    if (descending) {
      ax = new double[px.length];
      ay = new double[py.length];
      for (int i = 0; i < px.length; i++) {
        ax[i] = px[px.length - 1 - i];
        ay[i] = py[py.length - 1 - i];
      }
    }
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      if (!(v >= ax[0] && v <= ax[ax.length - 1])) continue;
      int hi = Arrays.binarySearch(ax, v);
      if (hi >= 0) {
        out[i] = ay[hi];
        continue;
      }
      hi = -hi - 1;
      int lo = hi - 1;
      double t = (v - ax[lo]) / (ax[hi] - ax[lo]);
      out[i] = ay[lo] + t * (ay[hi] - ay[lo]);
    }
    return out;
  }

  /** HyperSpy's {@code misc.utils.ordinal}: 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st. */
  static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix;
    if (mod100 >= 11 && mod100 <= 13) suffix = "th";
    else if (n % 10 == 1) suffix = "st";
    else if (n % 10 == 2) suffix = "nd";
    else if (n % 10 == 3) suffix = "rd";
    else suffix = "th";
    return n + suffix;
  }

  @Override
  public String toString() {
    return name + parameters;
  }
}
