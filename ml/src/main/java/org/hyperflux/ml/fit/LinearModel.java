package org.hyperflux.ml.fit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model whose free parameters are all linear: a sum of {@link LinearComponent}s over a 1-D
 * signal axis, fitted to every navigation position at once by {@link LinearFit} (HyperSpy's
 * {@code m.multifit(optimizer='lstsq')} with every non-linear parameter fixed).
 *
 * <p>Components keep the order they were given; a component whose name is already taken is
 * renamed as HyperSpy's {@code Model.append} does ({@code Gaussian}, {@code Gaussian_0}, {@code
 * Gaussian_1}, …). The free parameters are the components' parameters in that order, named
 * {@code component.parameter}. Immutable and thread-safe.
 *
 * <pre>{@code
 * LinearModel model = LinearModel.of(LinearComponent.polynomial(3), LinearComponent.gaussian(1839, 12));
 * model.parameters();   // [3rd order Polynomial.a0, …, 3rd order Polynomial.a3, Gaussian.A]
 * }</pre>
 */
public final class LinearModel {
  private final List<LinearComponent> components;

  private LinearModel(List<LinearComponent> components) {
    this.components = List.copyOf(components);
  }

  /**
   * A model of {@code components}, renaming duplicates.
   *
   * @throws IllegalArgumentException if there are none (HyperSpy: "Model does not contain any free components!")
   */
  public static LinearModel of(LinearComponent... components) {
    return of(List.of(components));
  }

  /** As {@link #of(LinearComponent...)}. */
  public static LinearModel of(List<LinearComponent> components) {
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a linear model needs at least one component (HyperSpy: \"Model does not"
          + " contain any free components!\")");
    }
    List<LinearComponent> named = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (LinearComponent c : components) {
      String name = c.name();
      if (taken.contains(name)) {
        int index = 0;
        while (taken.contains(c.name() + "_" + index)) index++;
        name = c.name() + "_" + index;
      }
      taken.add(name);
      named.add(name.equals(c.name()) ? c : c.named(name));
    }
    return new LinearModel(named);
  }

  /** This model with {@code component} appended (renamed if its name is taken). */
  public LinearModel plus(LinearComponent component) {
    List<LinearComponent> all = new ArrayList<>(components);
    all.add(component);
    return of(all);
  }

  /** The components, in order, with their model names. */
  public List<LinearComponent> components() {
    return components;
  }

  /** The free parameters, {@code component.parameter}, in the order of the design matrix columns. */
  public List<String> parameters() {
    List<String> names = new ArrayList<>();
    for (LinearComponent c : components) for (String p : c.parameters()) names.add(c.name() + "." + p);
    return names;
  }

  /** Number of free parameters. */
  public int size() {
    int p = 0;
    for (LinearComponent c : components) p += c.parameters().size();
    return p;
  }

  /**
   * The design matrix at the coordinates {@code x}: row-major {@code x.length × size()}, column
   * {@code k} the basis vector of parameter {@code k}.
   */
  public double[] designMatrix(double[] x) {
    int p = size();
    double[] b = new double[x.length * p];
    int k = 0;
    for (LinearComponent c : components) {
      for (double[] column : c.basis(x)) {
        for (int i = 0; i < x.length; i++) b[i * p + k] = column[i];
        k++;
      }
    }
    return b;
  }

  @Override
  public String toString() {
    return "LinearModel" + parameters();
  }
}
