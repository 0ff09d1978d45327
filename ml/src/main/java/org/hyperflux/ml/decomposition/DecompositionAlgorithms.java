package org.hyperflux.ml.decomposition;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The registry of {@link DecompositionAlgorithm}s, loaded once from {@code META-INF/services}.
 * Names are matched case-insensitively (HyperSpy writes {@code 'SVD'}); an unknown name fails
 * listing what exists.
 */
public final class DecompositionAlgorithms {
  private static final Map<String, DecompositionAlgorithm> BY_NAME = load();

  private DecompositionAlgorithms() {}

  private static Map<String, DecompositionAlgorithm> load() {
    Map<String, DecompositionAlgorithm> map = new TreeMap<>();
    for (DecompositionAlgorithm a : ServiceLoader.load(DecompositionAlgorithm.class,
        DecompositionAlgorithm.class.getClassLoader())) {
      DecompositionAlgorithm previous = map.put(a.name(), a);
      if (previous != null) {
        throw new IllegalStateException("two decompositions are named '" + a.name() + "': "
            + previous.getClass().getName() + " and " + a.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** The names of every registered algorithm, sorted. */
  public static java.util.List<String> names() {
    return java.util.List.copyOf(BY_NAME.keySet());
  }

  /**
   * The algorithm called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name: {@code Unknown decomposition 'orpcaa';
   *     available: [pca, rsvd, svd]}
   */
  public static DecompositionAlgorithm get(String name) {
    DecompositionAlgorithm a = BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (a == null) {
      throw new IllegalArgumentException("Unknown decomposition '" + name + "'; available: " + names());
    }
    return a;
  }
}
