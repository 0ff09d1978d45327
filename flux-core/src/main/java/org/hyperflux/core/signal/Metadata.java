package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An immutable, ordered tree of named values: the Java counterpart of HyperSpy's
 * {@code DictionaryTreeBrowser}, used for a signal's {@code metadata} (e.g. {@code General.title},
 * {@code Signal.signal_type}) and {@code original_metadata} (whatever tree the file carried).
 *
 * <p>Each key maps to a leaf value or to a nested {@code Metadata} node. Leaf values are
 * {@code null} (HyperSpy's {@code None}), {@link String}, {@link Boolean}, {@link Long},
 * {@link Double}, a {@link Signal} (HyperSpy keeps signals in metadata, e.g. a noise variance or
 * a navigator stored in a file; compared by identity), or an immutable {@link List} of such
 * values, whose elements may also be nested lists and nodes (a Python list of dicts, as files
 * written by HyperSpy hold; a {@link Map} element becomes a node). Integers given as
 * {@link Integer}, {@link Short} or {@link Byte} are stored as {@code Long} and {@link Float} as
 * {@code Double}, since Python has one integer and one float type. Keys are non-empty strings
 * without dots; a <em>path</em> joins keys with dots ({@code "Signal.Noise_properties.variance"}).
 * Keys keep their insertion order ({@link #keys()}, {@link #toMap()}); {@link #toString()} prints
 * them sorted, as HyperSpy does.
 *
 * <p>Immutable and therefore thread-safe: {@link #with}, {@link #without} and {@link #merge}
 * return new trees sharing untouched nodes; nothing passed in or handed out can change a tree.
 *
 * <pre>{@code
 * Metadata md = Metadata.empty()
 *     .withTitle("Core loss")
 *     .withSignalType("EELS")
 *     .with("Signal.Noise_properties.variance", 0.25);
 * md.getDouble("Signal.Noise_properties.variance"); // OptionalDouble[0.25]
 * md.title();                                      // "Core loss"
 * System.out.print(md);
 * // ├── General
 * // │   └── title = Core loss
 * // └── Signal
 * //     ├── Noise_properties
 * //     │   └── variance = 0.25
 * //     └── signal_type = EELS
 * }</pre>
 */
public final class Metadata {
  /** {@code General.title}: the signal's title. */
  public static final String TITLE = "General.title";
  /** {@code General.original_filename}: the name of the file the signal was read from. */
  public static final String ORIGINAL_FILENAME = "General.original_filename";
  /** {@code Signal.signal_type}: e.g. {@code "EELS"}, {@code "EDS_TEM"}, {@code "electron_diffraction"}. */
  public static final String SIGNAL_TYPE = "Signal.signal_type";
  /** {@code Signal.quantity}: what the values measure, e.g. {@code "Intensity (counts)"}. */
  public static final String QUANTITY = "Signal.quantity";
  /** {@code Signal.Noise_properties.variance}: the noise variance (a number or a signal). */
  public static final String NOISE_VARIANCE = "Signal.Noise_properties.variance";

  private static final Metadata EMPTY = new Metadata(Collections.emptyMap());

  /** Unmodifiable, insertion-ordered; values are normalised (see the class comment). */
  private final Map<String, Object> entries;

  private Metadata(Map<String, Object> entries) {
    this.entries = entries;
  }

  /** The tree without any key. */
  public static Metadata empty() {
    return EMPTY;
  }

  /**
   * A deep copy of {@code map}: nested {@link Map}s become nodes, lists are copied, integers become
   * {@code Long} and floats {@code Double}. Later changes to {@code map} do not affect the result.
   *
   * @throws IllegalArgumentException naming the path of a key that is not a non-empty string
   *     without dots, of a value of an unsupported type, or of a map that contains itself
   */
  public static Metadata of(Map<String, ?> map) {
    Objects.requireNonNull(map, "map");
    return fromMap(map, "", Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static Metadata fromMap(Map<?, ?> map, String prefix, Set<Object> open) {
    if (!open.add(map)) {
      throw new IllegalArgumentException(
          "metadata map at '" + displayPath(prefix) + "' contains itself");
    }
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            "metadata key under '" + displayPath(prefix) + "' is not a String: "
                + describe(e.getKey()));
      }
      checkKey(key, prefix.isEmpty() ? key : prefix + "." + key);
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      copy.put(key, normalise(e.getValue(), path, open));
    }
    open.remove(map);
    return copy.isEmpty() ? EMPTY : new Metadata(Collections.unmodifiableMap(copy));
  }

  private static Object normalise(Object value, String path, Set<Object> open) {
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Long || value instanceof Double || value instanceof Metadata
        || value instanceof Signal) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Map<?, ?> m) {
      return fromMap(m, path, open);
    }
    if (value instanceof List<?> list) {
      if (!open.add(list)) {
        throw new IllegalArgumentException("metadata list at '" + path + "' contains itself");
      }
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        Object element = list.get(i);
        String elementPath = path + "[" + i + "]";
        copy.add(normalise(element, elementPath, open));
      }
      open.remove(list);
      return ReadOnly.list(copy, ReadOnly.METADATA);
    }
    throw new IllegalArgumentException(
        "unsupported metadata value at '" + path + "': " + describe(value)
            + " (supported: null, String, Boolean, Integer, Long, Float, Double, Signal, List, Map,"
            + " Metadata)");
  }

  // ---------------------------------------------------------------------------------- reading

  /**
   * The value at {@code path}: a leaf value or a nested {@code Metadata}; empty when the path does
   * not exist, passes through a leaf, or holds {@code null} (use {@link #has} to tell a stored
   * {@code null} from a missing key).
   */
  public Optional<Object> get(String path) {
    return Optional.ofNullable(lookup(path));
  }

  /** Whether {@code path} exists (its value may be {@code null}), as HyperSpy's {@code has_item}. */
  public boolean has(String path) {
    String[] keys = split(path);
    Metadata node = this;
    for (int i = 0; i < keys.length - 1; i++) {
      if (!(node.entries.get(keys[i]) instanceof Metadata child)) {
        return false;
      }
      node = child;
    }
    return node.entries.containsKey(keys[keys.length - 1]);
  }

  /**
   * The string at {@code path}, empty when absent or {@code null}.
   *
   * @throws IllegalArgumentException when the value is not a String, naming path and type
   */
  public Optional<String> getString(String path) {
    return Optional.ofNullable(typed(path, String.class, "a String"));
  }

  /**
   * The boolean at {@code path}, empty when absent or {@code null}.
   *
   * @throws IllegalArgumentException when the value is not a Boolean, naming path and type
   */
  public Optional<Boolean> getBoolean(String path) {
    return Optional.ofNullable(typed(path, Boolean.class, "a Boolean"));
  }

  /**
   * The integer at {@code path}, empty when absent or {@code null}. A {@code Double} is a type
   * mismatch even when it is integral (Python keeps {@code 2} and {@code 2.0} apart too).
   *
   * @throws IllegalArgumentException when the value is not an integer, naming path and type
   */
  public OptionalLong getLong(String path) {
    Long v = typed(path, Long.class, "an integer");
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /**
   * The number at {@code path} as a double, empty when absent or {@code null}. Integers are
   * accepted and converted, as Python accepts an {@code int} where a float is expected.
   *
   * @throws IllegalArgumentException when the value is not a number, naming path and type
   */
  public OptionalDouble getDouble(String path) {
    Object v = lookup(path);
    if (v == null) {
      return OptionalDouble.empty();
    }
    if (v instanceof Double d) {
      return OptionalDouble.of(d);
    }
    if (v instanceof Long l) {
      return OptionalDouble.of(l);
    }
    throw mismatch(path, v, "a number");
  }

  /**
   * The node at {@code path}; the empty tree when the path does not exist.
   *
   * @throws IllegalArgumentException when {@code path} holds a leaf value
   */
  public Metadata node(String path) {
    Object v = lookup(path);
    if (v == null) {
      return EMPTY;
    }
    if (v instanceof Metadata m) {
      return m;
    }
    throw mismatch(path, v, "a node");
  }

  /** The keys of this node (not of nested nodes), in insertion order; unmodifiable. */
  public List<String> keys() {
    return ReadOnly.list(List.copyOf(entries.keySet()), ReadOnly.METADATA);
  }

  /** The number of keys of this node. */
  public int size() {
    return entries.size();
  }

  /** Whether this node has no keys. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * A nested copy as unmodifiable insertion-ordered maps: nodes become {@code Map<String,Object>},
   * leaves keep their normalised type, lists are unmodifiable (a node inside a list stays a
   * {@code Metadata}). {@code Metadata.of(md.toMap())} equals {@code md}.
   */
  public Map<String, Object> toMap() {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      copy.put(e.getKey(), e.getValue() instanceof Metadata m ? m.toMap() : e.getValue());
    }
    return ReadOnly.map(copy, ReadOnly.METADATA);
  }

  /** {@code General.title}, or {@code ""} when absent or {@code null} (HyperSpy's default). */
  public String title() {
    return getString(TITLE).orElse("");
  }

  /** This tree with {@code General.title} set. */
  public Metadata withTitle(String title) {
    return with(TITLE, Objects.requireNonNull(title, "title"));
  }

  /** {@code Signal.signal_type}, or {@code ""} when absent or {@code null} (a generic signal). */
  public String signalType() {
    return getString(SIGNAL_TYPE).orElse("");
  }

  /** This tree with {@code Signal.signal_type} set. */
  public Metadata withSignalType(String signalType) {
    return with(SIGNAL_TYPE, Objects.requireNonNull(signalType, "signalType"));
  }

  // ---------------------------------------------------------------------------------- writing

  /**
   * A tree with {@code value} stored at {@code path}, creating missing nodes on the way, as
   * HyperSpy's {@code set_item}. The value may be a leaf value, a {@code Metadata}, or a
   * {@link Map} (deep-copied into a node). Whatever {@code path} held before is replaced: a leaf by
   * a node or a node by a leaf; a leaf met on the way is replaced by a node. To add keys to an
   * existing node rather than replace it, use {@link #merge}.
   *
   * @throws IllegalArgumentException for a malformed path or an unsupported value type
   */
  public Metadata with(String path, Object value) {
    String[] keys = split(path);
    Object normalised = normalise(value, path, Collections.newSetFromMap(new IdentityHashMap<>()));
    return with(keys, 0, normalised);
  }

  private Metadata with(String[] keys, int depth, Object value) {
    String key = keys[depth];
    Object replacement;
    if (depth == keys.length - 1) {
      replacement = value;
    } else {
      Object child = entries.get(key);
      Metadata node = child instanceof Metadata m ? m : EMPTY;
      replacement = node.with(keys, depth + 1, value);
    }
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(entries);
    copy.put(key, replacement);
    return new Metadata(Collections.unmodifiableMap(copy));
  }

  /**
   * A tree without {@code path}; this tree when the path does not exist. Nodes on the way are kept
   * even when they become empty (as {@code del} in HyperSpy).
   *
   * @throws IllegalArgumentException for a malformed path
   */
  public Metadata without(String path) {
    return has(path) ? without(split(path), 0) : this;
  }

  private Metadata without(String[] keys, int depth) {
    String key = keys[depth];
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(entries);
    if (depth == keys.length - 1) {
      copy.remove(key);
    } else {
      copy.put(key, ((Metadata) entries.get(key)).without(keys, depth + 1));
    }
    return copy.isEmpty() ? EMPTY : new Metadata(Collections.unmodifiableMap(copy));
  }

  /**
   * This tree with {@code other} merged in, as HyperSpy's {@code add_dictionary}: where both hold a
   * node under the same key the nodes are merged recursively; otherwise {@code other}'s value
   * wins. Keys of this tree keep their position; keys new in {@code other} follow in its order.
   */
  public Metadata merge(Metadata other) {
    if (other.entries.isEmpty()) {
      return this;
    }
    if (entries.isEmpty()) {
      return other;
    }
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(entries);
    for (Map.Entry<String, Object> e : other.entries.entrySet()) {
      Object mine = copy.get(e.getKey());
      if (mine instanceof Metadata a && e.getValue() instanceof Metadata b) {
        copy.put(e.getKey(), a.merge(b));
      } else {
        copy.put(e.getKey(), e.getValue());
      }
    }
    return new Metadata(Collections.unmodifiableMap(copy));
  }

  // ----------------------------------------------------------------------- equality, printing

  /**
   * Deep equality of keys and values, ignoring key order (as Python's dict equality). Doubles are
   * compared by value, except that NaN equals NaN; {@code 0.0} equals {@code -0.0}. An integer
   * never equals a double ({@code 1} and {@code 1.0} print differently).
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Metadata other) || other.entries.size() != entries.size()) {
      return false;
    }
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      if (!other.entries.containsKey(e.getKey())
          || !valueEquals(e.getValue(), other.entries.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      h += e.getKey().hashCode() ^ valueHash(e.getValue());
    }
    return h;
  }

  /**
   * The tree as HyperSpy prints a {@code DictionaryTreeBrowser}: one line per key, sorted, drawn
   * with {@code ├── }, {@code └── } and {@code │}, leaves as {@code key = value} (strings bare, other
   * values as Python's {@code repr}); long values are shortened and long lists expanded as HyperSpy
   * does. Ends with a newline; the empty tree prints as {@code ""}.
   */
  @Override
  public String toString() {
    return PythonRepr.tree(this);
  }

  Map<String, Object> entries() {
    return entries;
  }

  // ---------------------------------------------------------------------------------- helpers

  private Object lookup(String path) {
    String[] keys = split(path);
    Object current = this;
    for (String key : keys) {
      if (!(current instanceof Metadata node)) {
        return null;
      }
      current = node.entries.get(key);
    }
    return current;
  }

  private <T> T typed(String path, Class<T> type, String expected) {
    Object v = lookup(path);
    if (v == null) {
      return null;
    }
    if (!type.isInstance(v)) {
      throw mismatch(path, v, expected);
    }
    return type.cast(v);
  }

  private static IllegalArgumentException mismatch(String path, Object value, String expected) {
    String shown = value instanceof Metadata m ? "a node with keys " + m.keys()
        : describe(value) + " (" + PythonRepr.repr(value) + ")";
    return new IllegalArgumentException(
        "metadata '" + path + "' is " + shown + ", not " + expected);
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Metadata) {
      return "Metadata";
    }
    if (value instanceof List<?>) {
      return "List";
    }
    if (value instanceof Map<?, ?>) {
      return "Map";
    }
    if (value instanceof Signal) {
      return "Signal";
    }
    Class<?> c = value.getClass();
    return c.getName().startsWith("java.lang.") ? c.getSimpleName() : c.getName();
  }

  private static String displayPath(String prefix) {
    return prefix.isEmpty() ? "<root>" : prefix;
  }

  private static String[] split(String path) {
    Objects.requireNonNull(path, "path");
    String[] keys = path.split("\\.", -1);
    for (String key : keys) {
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            "metadata path '" + path + "' has an empty key; keys are joined with single dots");
      }
    }
    return keys;
  }

  private static void checkKey(String key, String path) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("metadata key at '" + path + "' is empty");
    }
    if (key.indexOf('.') >= 0) {
      throw new IllegalArgumentException(
          "metadata key '" + key + "' at '" + path + "' contains a dot; dots separate path keys");
    }
  }

  private static boolean valueEquals(Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      return x.doubleValue() == y.doubleValue() || (x.isNaN() && y.isNaN());
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      while (i.hasNext()) {
        if (!valueEquals(i.next(), j.next())) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  private static int valueHash(Object v) {
    if (v instanceof Double d) {
      // 0.0 and -0.0 are equal, so they must hash alike; Double.hashCode already folds NaNs.
      return d == 0.0 ? 0 : d.hashCode();
    }
    if (v instanceof Collection<?> list) {
      int h = 1;
      for (Object e : list) {
        h = 31 * h + valueHash(e);
      }
      return h;
    }
    return Objects.hashCode(v);
  }
}
