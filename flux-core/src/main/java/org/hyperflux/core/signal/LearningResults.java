package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hyperflux.core.array.DType;

/**
 * The values of HyperSpy's {@code s.learning_results} as files hold them (the group {@code
 * learning_results} of a {@code .hspy} or {@code .zspy} signal): named float64 arrays ({@code
 * factors} n_sig × k, {@code loadings} n_nav × k, {@code explained_variance} (k), {@code
 * explained_variance_ratio} (k)), integer tuples ({@code original_shape}) and scalar attributes
 * ({@code decomposition_algorithm}, {@code output_dimension}, {@code poissonian_noise_normalized}
 * ...; a null value is Python's {@code None}) and boolean arrays ({@code navigation_mask} and
 * {@code signal_mask}, {@code true} = excluded, as HyperSpy stores the masks a decomposition
 * used). A neutral value: the io module writes and reads it,
 * the ml module builds it from a decomposition and back, neither knows the other. Immutable and
 * thread-safe; entries keep their insertion order.
 *
 * <pre>{@code
 * LearningResults lr = LearningResults.empty()
 *     .with("decomposition_algorithm", "SVD")
 *     .with("explained_variance", LearningResults.Array.of(new long[] {3}, ev));
 * }</pre>
 */
public final class LearningResults {
  private static final LearningResults EMPTY = new LearningResults(Map.of());

  private final Map<String, Object> entries;

  private LearningResults(Map<String, Object> entries) {
    this.entries = entries;
  }

  /** Checks that {@code length} values fill {@code shape} exactly (no negative extents). */
  private static void checkFills(long[] shape, int length) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
      n *= d;
    }
    if (n != length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
          + " values but " + length + " were given");
    }
  }

  /**
   * A float64 array in C order. Immutable: the constructor takes ownership of the arrays given
   * ({@link #of} copies them), the accessors return copies.
   *
   * @param shape the extents, outermost first
   * @param values {@code product(shape)} values, C order (NaN allowed)
   */
  public record Array(long[] shape, double[] values) {
    /** Checks that the values fill the shape. */
    public Array {
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(values, "values");
      checkFills(shape, values.length);
    }

    /** An array over copies of {@code shape} and {@code values}. */
    public static Array of(long[] shape, double[] values) {
      return new Array(shape.clone(), values.clone());
    }

    /** The extents (a copy). */
    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** The values in C order (a copy). */
    @Override
    public double[] values() {
      return values.clone();
    }

    /** The number of rows of a 2-D array (its first extent). */
    public int rows() {
      return (int) shape[0];
    }

    /** The number of columns of a 2-D array (its last extent). */
    public int columns() {
      return (int) shape[shape.length - 1];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Array a && Arrays.equals(shape, a.shape) && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "Array" + Arrays.toString(shape);
    }
  }

  /**
   * A boolean array in C order (numpy's {@code bool}): the masks HyperSpy keeps in {@code
   * learning_results}. Immutable: the constructor takes ownership of the arrays given ({@link
   * #of} copies them), the accessors return copies.
   *
   * @param shape the extents, outermost first
   * @param values {@code product(shape)} values, C order
   */
  public record BoolArray(long[] shape, boolean[] values) {
    /** Checks that the values fill the shape. */
    public BoolArray {
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(values, "values");
      checkFills(shape, values.length);
    }

    /** An array over copies of {@code shape} and {@code values}. */
    public static BoolArray of(long[] shape, boolean[] values) {
      return new BoolArray(shape.clone(), values.clone());
    }

    /** The extents (a copy). */
    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** The values in C order (a copy). */
    @Override
    public boolean[] values() {
      return values.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BoolArray a && Arrays.equals(shape, a.shape) && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "BoolArray" + Arrays.toString(shape);
    }
  }

  /** No entries: what HyperSpy writes for a signal without decomposition. */
  public static LearningResults empty() {
    return EMPTY;
  }

  /**
   * The learning results in a file's {@code learning_results} dictionary as the HyperSpy
   * reader decodes it into {@link Metadata}: numeric (nested) lists of floats, and computed or
   * lazy signals (large datasets), become {@link Array}s (a lazy signal is computed here, which
   * reads it); (nested) lists of booleans and boolean signals become {@link BoolArray}s; flat
   * lists of integers become tuples ({@code long[]}); other values are kept.
   *
   * @throws IllegalArgumentException for a ragged nested list
   */
  public static LearningResults fromMetadata(Metadata dictionary) {
    LearningResults out = EMPTY;
    for (String key : dictionary.keys()) {
      Object v = dictionary.get(key).orElse(null);
      out = out.with(key, decoded(key, v));
    }
    return out;
  }

  private static Object decoded(String key, Object v) {
    if (v instanceof Signal s && s.dtype() == DType.BOOL) {
      double[] d = s.data().compute().toDoubleArray();
      boolean[] b = new boolean[d.length];
      for (int i = 0; i < d.length; i++) b[i] = d[i] != 0;
      return new BoolArray(s.axes().arrayShape(), b);
    }
    if (v instanceof Signal s) {
      return new Array(s.axes().arrayShape(), s.data().compute().toDoubleArray());
    }
    if (v instanceof List<?> list) {
      if (!list.isEmpty() && list.stream().allMatch(o -> o instanceof Long || o instanceof Integer)) {
        return list.stream().mapToLong(o -> ((Number) o).longValue()).toArray();
      }
      boolean bools = !list.isEmpty() && isBoolean(list);
      if (list.isEmpty() || bools || isNumeric(list)) {
        List<Long> shape = new ArrayList<>();
        for (Object level = list; level instanceof List<?> l; level = l.isEmpty() ? null : l.get(0)) {
          shape.add((long) l.size());
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        List<Object> flat = new ArrayList<>();
        flatten(key, list, dims, 0, flat);
        if (bools) {
          boolean[] b = new boolean[flat.size()];
          for (int i = 0; i < b.length; i++) b[i] = (Boolean) flat.get(i);
          return new BoolArray(dims, b);
        }
        return new Array(dims, flat.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray());
      }
    }
    return v;
  }

  private static boolean isNumeric(List<?> list) {
    for (Object o : list) {
      if (o instanceof List<?> l) {
        if (!isNumeric(l)) return false;
      } else if (!(o instanceof Number)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBoolean(List<?> list) {
    for (Object o : list) {
      if (o instanceof List<?> l) {
        if (l.isEmpty() || !isBoolean(l)) return false;
      } else if (!(o instanceof Boolean)) {
        return false;
      }
    }
    return true;
  }

  private static void flatten(String key, List<?> list, long[] dims, int axis, List<Object> out) {
    if (list.size() != dims[axis]) {
      throw new IllegalArgumentException("learning result '" + key + "' is a ragged list: "
          + list.size() + " elements along axis " + axis + " where the first has " + dims[axis]);
    }
    for (Object o : list) {
      if (o instanceof List<?> l) {
        flatten(key, l, dims, axis + 1, out);
      } else {
        out.add(o);
      }
    }
  }

  /**
   * These entries with {@code key} set to {@code value}: an {@link Array}, a {@link BoolArray}, a
   * {@code long[]} tuple, a String, Boolean, Long, Integer, Double or null (Python's {@code None}).
   *
   * @throws IllegalArgumentException for another kind of value
   */
  public LearningResults with(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Object v = value;
    if (v instanceof Integer i) v = i.longValue();
    if (v instanceof long[] t) v = t.clone();
    if (!(v == null || v instanceof Array || v instanceof BoolArray || v instanceof long[] || v instanceof String
        || v instanceof Boolean || v instanceof Long || v instanceof Double)) {
      throw new IllegalArgumentException("learning result '" + key + "' is a "
          + v.getClass().getName() + "; expected an Array, a BoolArray, a long[] tuple, a String, Boolean,"
          + " Long, Double or null");
    }
    Map<String, Object> m = new LinkedHashMap<>(entries);
    m.put(key, v);
    return new LearningResults(Collections.unmodifiableMap(m));
  }

  /** Every entry in insertion order (tuples are {@code long[]}; do not modify them). */
  public Map<String, Object> entries() {
    return entries;
  }

  /** Whether there is no entry (no decomposition was stored). */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The array named {@code key}, if that entry is an array. */
  public Optional<Array> array(String key) {
    return entries.get(key) instanceof Array a ? Optional.of(a) : Optional.empty();
  }

  /** The boolean array named {@code key}, if that entry is one (a mask). */
  public Optional<BoolArray> boolArray(String key) {
    return entries.get(key) instanceof BoolArray a ? Optional.of(a) : Optional.empty();
  }

  /** The tuple named {@code key} (a copy), if that entry is one. */
  public Optional<long[]> tuple(String key) {
    return entries.get(key) instanceof long[] t ? Optional.of(t.clone()) : Optional.empty();
  }

  /** The value of {@code key} (null when absent or None). */
  public Object get(String key) {
    return entries.get(key);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LearningResults other) || !entries.keySet().equals(other.entries.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      Object a = e.getValue();
      Object b = other.entries.get(e.getKey());
      if (a instanceof long[] x ? !(b instanceof long[] y && Arrays.equals(x, y)) : !Objects.equals(a, b)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return entries.keySet().hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("LearningResults{");
    String sep = "";
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      Object v = e.getValue();
      b.append(sep).append(e.getKey()).append('=')
          .append(v instanceof long[] t ? Arrays.toString(t) : String.valueOf(v));
      sep = ", ";
    }
    return b.append('}').toString();
  }
}
