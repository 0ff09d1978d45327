package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;

/**
 * Reads HyperSpy's hierarchical layout, that of {@code .hspy} and {@code .zspy} files, from any
 * {@link TreeGroup} (attribute numbers are taken as any {@link Number}, so zarr's JSON and HDF5's
 * typed attributes read alike): HyperSpy 1.7's {@code HierarchicalReader} and rsciio's current
 * one (file format versions up to 3.3; newer versions are read as 3.3 is, as HyperSpy tries too).
 *
 * <p><b>Layout</b> (reference: {@code hyperspy/io_plugins/_hierarchical.py}, 1.7.3):
 *
 * <ol>
 *   <li>The root attribute {@code file_format_version} (a string, or a float rounded to two
 *       decimals); without it the file is version 1.0 when it has {@code /Experiments}, 2.0 when
 *       it has {@code /Analysis}, and not a HyperSpy file otherwise.
 *   <li>Every child group of {@code /Experiments} that holds an array {@code data} is a signal
 *       (others are ignored, as HyperSpy does).
 *   <li>Its axes are the groups {@code axis-0} ... {@code axis-(rank-1)}, one per array
 *       dimension, or, when any is missing, the list group {@code _list_<rank>_axes} (the layout
 *       of nested signals). An axis dictionary is uniform ({@code _type} {@code
 *       "UniformDataAxis"}: {@code size}, {@code scale}, {@code offset}) or non-uniform ({@code
 *       "DataAxis"}: the dataset {@code axis}); without {@code _type} it is non-uniform when it
 *       has {@code axis}. {@code name} and {@code units} are optional ({@code "_None_"} or absent
 *       is undefined). A {@code FunctionalDataAxis} is refused with a message (hyperflux does not
 *       evaluate sympy expressions).
 *   <li>The split: when every axis has {@code navigate}, the number of signal axes is the number
 *       with {@code navigate = false}, and they are the <em>last</em> axes in array order, as
 *       HyperSpy's {@code _set_signal_dimension} makes them; otherwise {@code
 *       metadata.Signal.record_by} decides ({@code "spectrum"}: 1, {@code "image"}: 2); otherwise
 *       every axis is a signal axis. {@code record_by} is removed from the metadata (and the
 *       {@code Signal} node, when nothing else is in it).
 *   <li>{@code metadata}, {@code original_metadata} ({@code mapped_parameters} and {@code
 *       original_parameters} before version 1.2) and {@code learning_results} are decoded by
 *       {@link HyperSpyDictionary}; the title {@code "__unnamed__"} becomes {@code ""}. A
 *       navigator stored as {@code metadata._HyperSpy._sig_navigator} becomes the signal's
 *       {@link Signal#navigator()} when its shape fits the navigation space (and stays in the
 *       metadata otherwise); other {@code _sig_} groups become signals inside the metadata. Keys
 *       with a dot (which separates {@link Metadata} paths) have it replaced by {@code _}.
 * </ol>
 *
 * <p>The data is never read: each signal is lazy over its dataset's {@link TreeArray#source()},
 * and so are nested signals. Metadata arrays are read (they are small), except those beyond
 * {@link #MAX_METADATA_ARRAY_ELEMENTS} elements, which become lazy signals too.
 *
 * <p><b>Not read</b> (each refused with a {@link HyperSpyFormatException} naming file and
 * group): ragged signals ({@code ragged_shapes}), data of a dtype flux-core does not have
 * (complex, RGB structured, strings), functional axes. The old metadata migrations of HyperSpy
 * (files before version 3.0 that keep {@code tilt_stage} or {@code Signal.binned}) are not
 * applied: such keys are read as stored; HyperSpy's models ({@code /Analysis}) are not read.
 */
public final class HyperSpyReader {
  /** Metadata datasets with more elements than this are kept as lazy signals instead of lists. */
  public static final long MAX_METADATA_ARRAY_ELEMENTS = 1 << 20;

  /** The newest file format version of HyperSpy's layout that this reader knows (rsciio's). */
  public static final String LATEST_VERSION = "3.3";

  private HyperSpyReader() {}

  /**
   * Every signal stored in the HyperSpy file whose root group is {@code root}, in the order of
   * the experiment groups' names. Reads the file's metadata, none of its data.
   *
   * @throws HyperSpyFormatException when the file is not a HyperSpy file or a signal group is
   *     malformed, naming the file and the group
   */
  public static List<StoredSignal> read(TreeGroup root) throws IOException {
    Context context = new Context(root.file(), version(root));
    if (!root.hasGroup("Experiments")) {
      throw new HyperSpyFormatException(root.file(), "/", "not a HyperSpy file: it has no"
          + " /Experiments group (root members: " + members(root) + ")");
    }
    TreeGroup experiments = root.group("Experiments");
    List<StoredSignal> out = new ArrayList<>();
    for (String name : experiments.groupNames()) {
      TreeGroup g = experiments.group(name);
      if (!g.hasArray("data")) continue;
      Read r = context.signal(g, true);
      out.add(new StoredSignal(name, r.signal(), r.learningResults()));
    }
    if (out.isEmpty()) {
      throw new HyperSpyFormatException(root.file(), experiments.path(), "malformed HyperSpy"
          + " file: no group of /Experiments holds a data array (groups: "
          + experiments.groupNames() + ")");
    }
    return out;
  }

  /** The file format version as HyperSpy determines it: {@code [major, minor]}. */
  static int[] version(TreeGroup root) throws IOException {
    Object v = root.attributes().get("file_format_version");
    String text;
    if (v instanceof String s) {
      text = s;
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      text = v.toString();
    } else if (v instanceof Number n) {
      text = String.format(Locale.ROOT, "%.2f", n.doubleValue());
    } else if (v == null && root.hasGroup("Experiments")) {
      text = "1.0";
    } else if (v == null && root.hasGroup("Analysis")) {
      text = "2.0";
    } else if (v == null) {
      throw new HyperSpyFormatException(root.file(), "/", "not a HyperSpy file: the root has"
          + " no file_format_version attribute and no /Experiments group (attributes: "
          + root.attributes().keySet() + ", members: " + members(root) + ")");
    } else {
      throw new HyperSpyFormatException(root.file(), "/", "file_format_version is " + v
          + "; expected a version string such as \"3.1\"");
    }
    String[] parts = text.trim().split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("^(\\d+).*", "$1")) : 0;
      return new int[] {major, minor};
    } catch (NumberFormatException e) {
      throw new HyperSpyFormatException(root.file(), "/", "file_format_version '" + text
          + "' is not a version number such as \"3.1\"", e);
    }
  }

  private static List<String> members(TreeGroup g) throws IOException {
    List<String> m = new ArrayList<>(g.groupNames());
    m.addAll(g.arrayNames());
    m.sort(null);
    return m;
  }

  /** A signal group read: the signal and its learning results. */
  record Read(Signal signal, Metadata learningResults) {}

  /** What reading one file needs: its name for messages and its format version. */
  static final class Context {
    private final String file;
    private final int[] version;

    Context(String file, int[] version) {
      this.file = file;
      this.version = version;
    }

    private boolean before(int major, int minor) {
      return version[0] < major || (version[0] == major && version[1] < minor);
    }

    /** A {@code _sig_} group: HyperSpy's {@code dict2signal(group2signaldict(group))}. */
    Signal nestedSignal(TreeGroup g) throws IOException {
      return signal(g, false).signal();
    }

    /** HyperSpy's {@code group2signaldict} followed by {@code dict2signal}. */
    Read signal(TreeGroup g, boolean withNavigator) throws IOException {
      String mdName = before(1, 2) ? "mapped_parameters" : "metadata";
      String omName = before(1, 2) ? "original_parameters" : "original_metadata";
      if (!g.hasArray("data")) {
        throw new HyperSpyFormatException(file, g.path(), "malformed HyperSpy signal: the group"
            + " has no data array (members: " + members(g) + ")");
      }
      for (String ragged : List.of("ragged_shapes", "_ragged_shapes_data")) {
        if (g.hasArray(ragged)) {
          throw new HyperSpyFormatException(file, g.path(), "ragged signals (" + ragged
              + ") are not read by hyperflux");
        }
      }
      TreeArray data = g.array("data");
      Optional<DType> dtype = data.dtype();
      if (dtype.isEmpty()) {
        throw new HyperSpyFormatException(file, data.path(), "the data array is not numeric ("
            + data + "); hyperflux reads integer, float and bool data");
      }
      Map<String, Object> md = g.hasGroup(mdName)
          ? HyperSpyDictionary.read(g.group(mdName), this) : new LinkedHashMap<>();
      Map<String, Object> om = g.hasGroup(omName)
          ? HyperSpyDictionary.read(g.group(omName), this) : new LinkedHashMap<>();
      Map<String, Object> lr = g.hasGroup("learning_results")
          ? HyperSpyDictionary.read(g.group("learning_results"), this) : new LinkedHashMap<>();
      long[] shape = data.shape().dims();
      List<AxisEntry> dicts = axisDictionaries(g, shape.length);

      String recordBy = removeRecordBy(md);
      int signalDimension;
      boolean allNavigate = true;
      for (AxisEntry d : dicts) allNavigate &= d.dictionary().get("navigate") instanceof Boolean;
      if (allNavigate) {
        signalDimension = 0;
        for (AxisEntry d : dicts) if (!(Boolean) d.dictionary().get("navigate")) signalDimension++;
      } else if ("spectrum".equals(recordBy)) {
        signalDimension = Math.min(1, shape.length);
      } else if ("image".equals(recordBy)) {
        signalDimension = Math.min(2, shape.length);
      } else {
        signalDimension = shape.length;
      }
      List<Axis> axes = new ArrayList<>();
      for (int i = 0; i < shape.length; i++) {
        axes.add(axis(dicts.get(i), shape, i).withNavigate(i < shape.length - signalDimension));
      }
      if (md.get("General") instanceof Map<?, ?> general && "__unnamed__".equals(general.get("title"))) {
        @SuppressWarnings("unchecked")
        Map<String, Object> gm = (Map<String, Object>) general;
        gm.put("title", "");
      }
      Signal navigator = null;
      if (withNavigator && md.get("_HyperSpy") instanceof Map<?, ?> hs
          && hs.get("navigator") instanceof Signal nav) {
        navigator = nav;
      }
      Signal signal = Signal.lazy(LazyArray.of(data.source()), Axes.of(axes));
      if (navigator != null) {
        try {
          signal = signal.withNavigator(navigator);
          Map<?, ?> hs = (Map<?, ?>) md.get("_HyperSpy");
          hs.remove("navigator");
          if (hs.isEmpty()) md.remove("_HyperSpy");
        } catch (IllegalArgumentException e) {
          // It does not fit: HyperSpy would keep it in the metadata, and so does hyperflux.
        }
      }
      try {
        signal = signal.withMetadata(Metadata.of(keys(md))).withOriginalMetadata(Metadata.of(keys(om)));
        return new Read(signal, Metadata.of(keys(lr)));
      } catch (IllegalArgumentException e) {
        throw new HyperSpyFormatException(file, g.path(), "metadata cannot be read: " + e.getMessage(), e);
      }
    }

    /**
     * The tree with keys that {@link Metadata} holds: a dot, which separates Metadata paths,
     * becomes {@code _} ({@code "Acquisition.Mode"} → {@code "Acquisition_Mode"}, a key other
     * readers of HyperSpy's may store), and an empty key {@code _}.
     */
    private static Map<String, Object> keys(Map<String, Object> tree) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : tree.entrySet()) {
        String k = e.getKey().isEmpty() ? "_" : e.getKey().replace('.', '_');
        out.put(k, keysIn(e.getValue()));
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    private static Object keysIn(Object v) {
      if (v instanceof Map<?, ?> m) return keys((Map<String, Object>) m);
      if (v instanceof List<?> l) {
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(keysIn(o));
        return out;
      }
      return v;
    }

    /**
     * Removes {@code Signal.record_by} (1.7's writer adds it to the file only), and the {@code
     * Signal} node when that leaves it empty; returns its value.
     */
    private String removeRecordBy(Map<String, Object> md) {
      if (md.get("Signal") instanceof Map<?, ?> s && s.containsKey("record_by")) {
        Object r = s.remove("record_by");
        if (s.isEmpty()) md.remove("Signal");
        return r instanceof String str ? str : null;
      }
      return null;
    }

    /** An axis dictionary and where it is stored, for messages. */
    private record AxisEntry(Map<String, Object> dictionary, String where) {}

    /** The axis dictionaries in array order: {@code axis-i} groups, else {@code _list_<rank>_axes}. */
    private List<AxisEntry> axisDictionaries(TreeGroup g, int rank) throws IOException {
      List<AxisEntry> out = new ArrayList<>();
      for (int i = 0; i < rank; i++) {
        if (!g.hasGroup("axis-" + i)) break;
        out.add(new AxisEntry(HyperSpyDictionary.read(g.group("axis-" + i), this),
            g.childPath("axis-" + i)));
      }
      if (out.size() == rank) return out;
      String list = "_list_" + rank + "_axes";
      if (!g.hasGroup(list)) {
        List<String> axisGroups = new ArrayList<>();
        for (String n : g.groupNames()) if (n.startsWith("axis-") || n.startsWith("_list_")) axisGroups.add(n);
        throw new HyperSpyFormatException(file, g.path(), "malformed HyperSpy signal: the data"
            + " has rank " + rank + " but axis-" + out.size() + " is missing (axis groups found: "
            + axisGroups + ") and there is no " + list + " group");
      }
      TreeGroup lg = g.group(list);
      List<Object> axes = HyperSpyDictionary.readList(lg, this);
      if (axes.size() != rank) {
        throw new HyperSpyFormatException(file, lg.path(), "malformed HyperSpy signal: the axes"
            + " list holds " + axes.size() + " axis dictionaries but the data has rank " + rank);
      }
      out.clear();
      for (int i = 0; i < rank; i++) {
        if (!(axes.get(i) instanceof Map<?, ?> m)) {
          throw new HyperSpyFormatException(file, lg.path(), "malformed HyperSpy signal: element "
              + i + " of the axes list is " + axes.get(i) + ", not an axis dictionary");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) m;
        out.add(new AxisEntry(d, lg.path() + "/" + i));
      }
      return out;
    }

    /** One axis from its dictionary; its size must match the data along array axis {@code i}. */
    private Axis axis(AxisEntry entry, long[] shape, int i) throws HyperSpyFormatException {
      Map<String, Object> d = entry.dictionary();
      String where = entry.where();
      Object type = d.get("_type");
      if ("FunctionalDataAxis".equals(type)) {
        throw new HyperSpyFormatException(file, where, "FunctionalDataAxis (expression '"
            + d.get("expression") + "') is not read by hyperflux; in HyperSpy convert it with"
            + " axis.convert_to_non_uniform_axis() and save again");
      }
      if (type != null && !"UniformDataAxis".equals(type) && !"DataAxis".equals(type)) {
        throw new HyperSpyFormatException(file, where, "unknown axis type '" + type
            + "'; expected UniformDataAxis, DataAxis or FunctionalDataAxis");
      }
      Object values = d.get("axis");
      Axis axis;
      try {
        if ("DataAxis".equals(type) || (type == null && values != null)) {
          if (!(values instanceof List<?> list)) {
            throw new HyperSpyFormatException(file, where, "a non-uniform axis needs the"
                + " dataset 'axis' with its values, found " + describe(values));
          }
          if (list.size() != shape[i]) {
            throw mismatch(where, list.size(), shape, i);
          }
          double[] v = new double[list.size()];
          for (int k = 0; k < v.length; k++) {
            if (!(list.get(k) instanceof Number n)) {
              throw new HyperSpyFormatException(file, where, "axis value " + k + " is "
                  + list.get(k) + ", not a number");
            }
            v[k] = n.doubleValue();
          }
          axis = Axis.nonUniform(v);
        } else {
          Object size = d.get("size");
          if (size != null) {
            if (!(size instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
              throw new HyperSpyFormatException(file, where, "axis size is " + size
                  + ", not an integer");
            }
            if (n.longValue() != shape[i]) throw mismatch(where, n.longValue(), shape, i);
          }
          if (shape[i] > Integer.MAX_VALUE) {
            throw new HyperSpyFormatException(file, where, "axis of " + shape[i]
                + " points is longer than hyperflux axes hold");
          }
          axis = Axis.uniform((int) shape[i], number(d, "scale", 1.0, where),
              number(d, "offset", 0.0, where));
        }
      } catch (IllegalArgumentException e) {
        throw new HyperSpyFormatException(file, where, "invalid axis: " + e.getMessage(), e);
      }
      return axis.withName(text(d.get("name"))).withUnits(text(d.get("units")));
    }

    private HyperSpyFormatException mismatch(String where, long size, long[] shape, int i) {
      StringBuilder s = new StringBuilder("(");
      for (int k = 0; k < shape.length; k++) s.append(k > 0 ? ", " : "").append(shape[k]);
      return new HyperSpyFormatException(file, where, "malformed HyperSpy signal: the axis has"
          + " size " + size + " but the data has " + shape[i] + " along array axis " + i
          + " (data shape " + s.append(')') + ")");
    }

    private double number(Map<String, Object> d, String key, double fallback, String where)
        throws HyperSpyFormatException {
      Object v = d.get(key);
      if (v == null) return fallback;
      if (v instanceof Number n) return n.doubleValue();
      throw new HyperSpyFormatException(file, where, "axis " + key + " is " + describe(v)
          + ", not a number");
    }

    private static String text(Object v) {
      if (v == null) return null;
      return v instanceof String s ? s : v.toString();
    }

    private static String describe(Object v) {
      return v == null ? "nothing" : v + " (" + v.getClass().getSimpleName() + ")";
    }
  }
}
