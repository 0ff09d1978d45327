package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;

/**
 * HyperSpy's encoding of a Python dictionary as a group ({@code _hierarchical.py}: {@code
 * dict2group} and {@code _group2dict}, 1.7.3), both ways, over {@link TreeGroup} and {@link
 * TreeGroupWriter}:
 *
 * <ul>
 *   <li>a dict is a child group; a string, bool, int or float an attribute; {@code None} the
 *       attribute value {@code "_None_"};
 *   <li>an empty list (tuple) is the attribute {@code _list_empty_<key>} ({@code
 *       _tuple_empty_<key>}) = {@code "_None_"};
 *   <li>a list that numpy turns into a 1-D numeric array is the dataset {@code _list_<key>}
 *       (bool, int64 or float64, numpy's promotion); one that it turns into 1-D strings (any
 *       string element; numbers become their Python {@code str}, as numpy does) a string
 *       dataset; any other list (nested lists, {@code None}, dicts or signals among the
 *       elements) the group {@code _list_<n>_<key>} whose children {@code "0"}, {@code "1"} ...
 *       encode the elements recursively;
 *   <li>a signal is the group {@code _sig_<key>} ({@link HyperSpyWriter} writes its dictionary);
 *   <li>any other dataset is a numpy array.
 * </ul>
 *
 * <p>Reading: the prefixes are undone; {@code _tuple_} values become lists (Metadata has no
 * tuples); the children of {@code _list_<n>_} and {@code _tuple_<n>_} groups are ordered
 * <em>numerically</em> ({@code 0, 1, 2, ..., 10, 11}), where HyperSpy sorts the names as strings
 * and returns a list of twelve dicts as {@code [0, 1, 10, 11, 2, ...]}; {@code
 * _hspy_AxesManager_<key>} groups (1.7) become lists of axis dictionaries; datasets become
 * (nested) lists of numbers, booleans or strings, or, beyond {@link
 * HyperSpyReader#MAX_METADATA_ARRAY_ELEMENTS} elements, lazy signals over the dataset (nothing
 * is read). Keys come attributes first, then datasets, then groups, as HyperSpy reads them.
 */
final class HyperSpyDictionary {
  private static final Pattern SIZED = Pattern.compile("_(?:list|tuple)_(\\d+)_(.*)", Pattern.DOTALL);

  private HyperSpyDictionary() {}

  // ---------------------------------------------------------------------------------- reading

  /** The dictionary {@code g} encodes; nested signals are read with {@code reader}. */
  static Map<String, Object> read(TreeGroup g, HyperSpyReader.Context reader) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : g.attributes().entrySet()) {
      String key = e.getKey();
      Object value = decode(e.getValue());
      if (key.startsWith("_sig_")) {
        continue;
      } else if (key.startsWith("_list_empty_")) {
        out.put(key.substring("_list_empty_".length()), List.of());
      } else if (key.startsWith("_tuple_empty_")) {
        out.put(key.substring("_tuple_empty_".length()), List.of());
      } else if (key.startsWith("_bs_")) {
        out.put(key.substring("_bs_".length()), value);
      } else {
        out.put(key, value);
      }
    }
    for (String name : g.arrayNames()) {
      TreeArray a = g.array(name);
      if (name.startsWith("_list_")) {
        out.put(name.substring("_list_".length()), nested(a.values(), a.shape().dims()));
      } else if (name.startsWith("_tuple_")) {
        out.put(name.substring("_tuple_".length()), nested(a.values(), a.shape().dims()));
      } else {
        out.put(name, arrayValue(a));
      }
    }
    for (String name : g.groupNames()) {
      TreeGroup child = g.group(name);
      if (name.startsWith("_sig_")) {
        out.put(name.substring("_sig_".length()), reader.nestedSignal(child));
      } else if (name.startsWith("_hspy_AxesManager_")) {
        out.put(name.substring("_hspy_AxesManager_".length()), ordered(read(child, reader)));
      } else if (name.startsWith("_list_") || name.startsWith("_tuple_")) {
        out.put(sizedKey(name), ordered(read(child, reader)));
      } else {
        out.put(name, read(child, reader));
      }
    }
    return out;
  }

  /** The list a {@code _list_<n>_<key>} group encodes, elements in numeric order. */
  static List<Object> readList(TreeGroup g, HyperSpyReader.Context reader) throws IOException {
    return ordered(read(g, reader));
  }

  /** HyperSpy's attribute decoding: the string {@code "_None_"} is {@code None}. */
  private static Object decode(Object value) {
    return "_None_".equals(value) ? null : value;
  }

  /** The key of a {@code _list_<n>_<key>} or {@code _tuple_<n>_<key>} group (HyperSpy's slicing when the name has no count). */
  static String sizedKey(String name) {
    Matcher m = SIZED.matcher(name);
    if (m.matches()) return m.group(2);
    int prefix = name.startsWith("_list_") ? "_list_".length() : "_tuple_".length();
    int rel = name.substring(prefix).indexOf('_');
    return name.substring(prefix + 1 + rel);
  }

  /** The values of a dictionary whose keys are element indices, in numeric order (others after, sorted). */
  private static List<Object> ordered(Map<String, Object> elements) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>(elements.entrySet());
    entries.sort(Comparator.comparing((Map.Entry<String, Object> e) -> index(e.getKey()))
        .thenComparing(Map.Entry::getKey));
    List<Object> out = new ArrayList<>(entries.size());
    for (Map.Entry<String, Object> e : entries) out.add(e.getValue());
    return out;
  }

  private static long index(String key) {
    if (key.isEmpty() || key.length() > 18) return Long.MAX_VALUE;
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) < '0' || key.charAt(i) > '9') return Long.MAX_VALUE;
    }
    return Long.parseLong(key);
  }

  /** A plain dataset: nested lists, or a lazy signal over it when it is large. */
  private static Object arrayValue(TreeArray a) throws IOException {
    if (a.dtype().isPresent() && a.shape().size() > HyperSpyReader.MAX_METADATA_ARRAY_ELEMENTS) {
      return Signal.of(LazyArray.of(a.source()), a.shape().rank());
    }
    return nested(a.values(), a.shape().dims());
  }

  /** Flat C-order values as nested lists of {@code shape} (a scalar at rank 0). */
  static Object nested(List<Object> flat, long[] shape) {
    if (shape.length == 0) return flat.isEmpty() ? null : flat.get(0);
    return nested(flat, shape, 0, 0, flat.size());
  }

  private static Object nested(List<Object> flat, long[] shape, int axis, int from, int to) {
    if (axis == shape.length - 1) return new ArrayList<>(flat.subList(from, to));
    int n = (int) shape[axis];
    int step = n == 0 ? 0 : (to - from) / n;
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(nested(flat, shape, axis + 1, from + i * step, from + (i + 1) * step));
    return out;
  }

  // ---------------------------------------------------------------------------------- writing

  /** Writes {@code dict} (a Map or a Metadata node) into {@code g}; nested signals through {@code writer}. */
  static void write(Object dict, TreeGroupWriter g, HyperSpyWriter.Context writer) throws IOException {
    Map<String, Object> attrs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : entries(dict).entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (v instanceof Map<?, ?> || v instanceof Metadata) {
        write(v, g.createGroup(key), writer);
      } else if (v instanceof Signal s) {
        writer.nestedSignal(s, g.createGroup(key.startsWith("_sig_") ? key : "_sig_" + key));
      } else if (v == null) {
        attrs.put(key, "_None_");
      } else if (v instanceof String || v instanceof Boolean || v instanceof Long
          || v instanceof Double) {
        attrs.put(key, v);
      } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
        attrs.put(key, ((Number) v).longValue());
      } else if (v instanceof Float f) {
        attrs.put(key, f.doubleValue());
      } else if (v instanceof List<?> list) {
        if (list.isEmpty()) {
          attrs.put("_list_empty_" + key, "_None_");
        } else {
          writeList(key, list, g, writer);
        }
      } else {
        throw new IllegalArgumentException("metadata value '" + key + "' under " + g.path()
            + " is a " + v.getClass().getName() + ", which HyperSpy's layout cannot hold");
      }
    }
    if (!attrs.isEmpty()) g.writeAttributes(attrs);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> entries(Object dict) {
    if (dict instanceof Metadata m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (String k : m.keys()) out.put(k, m.get(k).orElse(null));
      return out;
    }
    return (Map<String, Object>) dict;
  }

  /** HyperSpy's {@code parse_structure} for a non-empty list. */
  private static void writeList(String key, List<?> list, TreeGroupWriter g,
      HyperSpyWriter.Context writer) throws IOException {
    boolean structured = false;
    boolean strings = false;
    boolean floats = false;
    boolean allBool = true;
    for (Object o : list) {
      if (o == null || o instanceof List<?> || o instanceof Map<?, ?> || o instanceof Metadata
          || o instanceof Signal) {
        structured = true;
      } else if (o instanceof String) {
        strings = true;
        allBool = false;
      } else if (o instanceof Double || o instanceof Float) {
        floats = true;
        allBool = false;
      } else if (!(o instanceof Boolean)) {
        allBool = false;
      }
    }
    if (structured) {
      Map<String, Object> elements = new LinkedHashMap<>();
      for (int i = 0; i < list.size(); i++) elements.put(Integer.toString(i), list.get(i));
      write(elements, g.createGroup("_list_" + list.size() + "_" + key), writer);
    } else if (strings) {
      List<String> text = new ArrayList<>(list.size());
      for (Object o : list) text.add(PythonText.str(o instanceof Float f ? (Object) f.doubleValue() : o));
      g.writeStrings("_list_" + key, text);
    } else {
      DType dtype = allBool ? DType.BOOL : floats ? DType.FLOAT64 : DType.INT64;
      Block b = Block.allocate(dtype, list.size());
      for (int i = 0; i < list.size(); i++) {
        Object o = list.get(i);
        if (o instanceof Boolean bool) {
          b.setLong(i, bool ? 1 : 0);
        } else if (dtype == DType.FLOAT64) {
          b.setDouble(i, ((Number) o).doubleValue());
        } else {
          b.setLong(i, ((Number) o).longValue());
        }
      }
      g.createArray("_list_" + key, Shape.of(list.size()), dtype, new int[] {list.size()})
          .writeAll(b);
    }
  }
}
