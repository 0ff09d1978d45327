package org.hyperflux.io.zarr;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/**
 * Reads and writes zarr v2's JSON metadata ({@link JsonValues}): {@code .zarray} (validated field by
 * field, every problem a {@link ZarrFormatException} naming the file), {@code .zgroup} and
 * {@code .zattrs} (plain Java values: maps, lists, strings, numbers, booleans, null). Output
 * follows zarr-python: keys sorted, four-space indentation, ASCII only; NaN and infinities in
 * attributes are written bare ({@code NaN}, as Python's {@code json} does) and accepted when read.
 */
final class ZarrJson {
  static final String ZARRAY = ".zarray";
  static final String ZGROUP = ".zgroup";
  static final String ZATTRS = ".zattrs";

  private ZarrJson() {}

  // ---- .zarray ----

  /** Reads and validates {@code dir/.zarray}. */
  static ZarrArrayMetadata readArray(Path dir) throws IOException {
    Path file = dir.resolve(ZARRAY);
    Map<String, Object> root = readObject(file);
    requireZarr2(file, root);
    long[] shape = longArray(file, root, "shape", 0);
    long[] chunkLongs = longArray(file, root, "chunks", 1);
    if (chunkLongs.length != shape.length) {
      throw new ZarrFormatException(file, "chunks " + text(root.get("chunks")) + " and shape "
          + text(root.get("shape")) + " have different ranks");
    }
    int[] chunks = new int[chunkLongs.length];
    for (int i = 0; i < chunks.length; i++) {
      if (chunkLongs[i] > Integer.MAX_VALUE) {
        throw new ZarrFormatException(file, "chunk extent " + chunkLongs[i] + " along axis " + i
            + " is too large for one Java array");
      }
      chunks[i] = (int) chunkLongs[i];
    }
    Object dtypeValue = required(file, root, "dtype");
    if (!(dtypeValue instanceof String dtypeText)) {
      throw new ZarrFormatException(file, "dtype " + text(dtypeValue) + " is not supported"
          + " (structured dtypes are not read); supported: " + ZarrDType.SUPPORTED);
    }
    ZarrDType.Parsed dtype;
    try {
      dtype = ZarrDType.parse(dtypeText);
    } catch (IllegalArgumentException e) {
      throw new ZarrFormatException(file, e.getMessage());
    }
    Object order = required(file, root, "order");
    if (!"C".equals(order)) {
      throw new ZarrFormatException(file, "order is " + text(order) + "; only C order (\"C\") is"
          + " supported, Fortran-ordered (\"F\") arrays are not read");
    }
    Object filters = root.get("filters");
    if (filters != null) {
      if (!(filters instanceof List<?> list)) {
        throw new ZarrFormatException(file, "filters is " + text(filters) + "; expected null or a list");
      }
      if (!list.isEmpty()) {
        throw new ZarrFormatException(file, "filters " + filterIds(list) + " are not supported;"
            + " only arrays without filters (null or []) are read");
      }
    }
    String separator = separator(file, root);
    ZarrCompressor compressor = compressor(file, required(file, root, "compressor"), dtype.dtype());
    FillValue fill = fillValue(file, required(file, root, "fill_value"), dtype.dtype());
    try {
      return ZarrArrayMetadata.of(Shape.of(shape), chunks, dtype.dtype(), dtype.order(), fill,
          compressor, separator);
    } catch (IllegalArgumentException e) {
      throw new ZarrFormatException(file, e.getMessage(), e);
    }
  }

  private static ZarrCompressor compressor(Path file, Object node, DType dtype)
      throws ZarrFormatException {
    return compressor(file, node, dtype.itemSize());
  }

  private static ZarrCompressor compressor(Path file, Object node, int itemSize)
      throws ZarrFormatException {
    if (node == null) return ZarrCompressor.none();
    if (!(node instanceof Map<?, ?> fields)) {
      throw new ZarrFormatException(file, "compressor is " + text(node) + "; expected an object or null");
    }
    if (!(fields.get("id") instanceof String id)) {
      throw new ZarrFormatException(file, "compressor " + text(node) + " has no string \"id\"");
    }
    Map<String, Object> config = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : fields.entrySet()) {
      if (!e.getKey().equals("id")) config.put((String) e.getKey(), e.getValue());
    }
    ZarrCompressor c = ZarrCompressor.fromJson(id, config);
    try {
      Codecs.create(c, itemSize);
    } catch (IllegalArgumentException e) {
      throw new ZarrFormatException(file, e.getMessage(), e);
    }
    return c;
  }

  private static FillValue fillValue(Path file, Object node, DType dtype) throws ZarrFormatException {
    if (node == null) return FillValue.none();
    if (node instanceof Boolean b) return FillValue.of(b);
    if (node instanceof String special) {
      switch (special) {
        case "NaN": return FillValue.of(Double.NaN);
        case "Infinity": return FillValue.of(Double.POSITIVE_INFINITY);
        case "-Infinity": return FillValue.of(Double.NEGATIVE_INFINITY);
        default: break;
      }
    } else if (isIntegral(node)) {
      BigInteger v = bigInteger(node);
      if (v.bitLength() > 64 || (v.signum() < 0 && v.bitLength() > 63)) {
        throw new ZarrFormatException(file, "fill_value " + v + " does not fit 64 bits");
      }
      return dtype.isFloat() ? FillValue.of(v.doubleValue()) : FillValue.of(v.longValue());
    } else if (node instanceof Double d) {
      return FillValue.of(d);
    }
    throw new ZarrFormatException(file, "fill_value " + text(node) + " is not supported; expected a"
        + " number, \"NaN\", \"Infinity\", \"-Infinity\", a boolean or null");
  }

  /** Writes {@code dir/.zarray} as zarr-python does (keys sorted, every field present). */
  static void writeArray(Path dir, ZarrArrayMetadata m) throws IOException {
    Map<String, Object> root = new TreeMap<>();
    root.put("chunks", m.chunkShape());
    if (m.compressor().isNone()) {
      root.put("compressor", null);
    } else {
      Map<String, Object> c = new TreeMap<>(m.compressor().config());
      c.put("id", m.compressor().id());
      root.put("compressor", c);
    }
    root.put("dimension_separator", m.dimensionSeparator());
    root.put("dtype", m.dtypeString());
    root.put("fill_value", m.fillValue().toJson(m.dtype()));
    root.put("filters", null);
    root.put("order", "C");
    root.put("shape", m.shape().dims());
    root.put("zarr_format", 2);
    writeAtomically(dir.resolve(ZARRAY), root);
  }

  // ---- object arrays (dtype "|O") ----

  /** The object codecs (zarr filters) of string arrays that hyperflux reads. */
  static final List<String> OBJECT_CODECS = List.of("json2", "vlen-utf8");

  /** numcodecs' {@code JSON()} configuration, as HyperSpy 1.7's string lists carry it. */
  private static final Map<String, Object> JSON2_CONFIG = json2Config();

  private static Map<String, Object> json2Config() {
    Map<String, Object> c = new TreeMap<>();
    c.put("allow_nan", true);
    c.put("check_circular", true);
    c.put("encoding", "utf-8");
    c.put("ensure_ascii", true);
    c.put("id", "json2");
    c.put("indent", null);
    c.put("separators", List.of(",", ":"));
    c.put("skipkeys", false);
    c.put("sort_keys", true);
    c.put("strict", true);
    return c;
  }

  /** What {@code .zarray} says about an object array: shape, chunks, compressor, object codec id, separator. */
  record ObjectArrayMetadata(long[] shape, int[] chunks, ZarrCompressor compressor,
      String objectCodec, String separator) {}

  /** True when {@code dir/.zarray} declares the object dtype {@code "|O"}. */
  static boolean isObjectArray(Path dir) throws IOException {
    Object root = readTree(dir.resolve(ZARRAY));
    return root instanceof Map<?, ?> m && "|O".equals(m.get("dtype"));
  }

  /** Reads and validates the {@code .zarray} of an object array with one supported object codec. */
  static ObjectArrayMetadata readObjectArray(Path dir) throws IOException {
    Path file = dir.resolve(ZARRAY);
    Map<String, Object> root = readObject(file);
    requireZarr2(file, root);
    Object dtype = required(file, root, "dtype");
    if (!"|O".equals(dtype)) {
      throw new ZarrFormatException(file, "dtype is " + text(dtype) + "; an object array has \"|O\"");
    }
    long[] shape = longArray(file, root, "shape", 0);
    long[] chunkLongs = longArray(file, root, "chunks", 1);
    if (chunkLongs.length != shape.length) {
      throw new ZarrFormatException(file, "chunks " + text(root.get("chunks")) + " and shape "
          + text(root.get("shape")) + " have different ranks");
    }
    int[] chunks = new int[chunkLongs.length];
    for (int i = 0; i < chunks.length; i++) {
      if (chunkLongs[i] > Integer.MAX_VALUE) {
        throw new ZarrFormatException(file, "chunk extent " + chunkLongs[i] + " along axis " + i
            + " is too large");
      }
      chunks[i] = (int) chunkLongs[i];
    }
    Object order = required(file, root, "order");
    if (!"C".equals(order)) {
      throw new ZarrFormatException(file, "order is " + text(order) + "; only C order (\"C\") is supported");
    }
    List<String> ids = root.get("filters") instanceof List<?> filters ? filterIds(filters) : List.of();
    if (ids.size() != 1 || !OBJECT_CODECS.contains(ids.get(0))) {
      throw new ZarrFormatException(file, "object array with filters " + ids + " is not"
          + " supported; hyperflux reads object arrays with one object codec of " + OBJECT_CODECS
          + " (string lists)");
    }
    String separator = separator(file, root);
    ZarrCompressor compressor = compressor(file, required(file, root, "compressor"), 1);
    return new ObjectArrayMetadata(shape, chunks, compressor, ids.get(0), separator);
  }

  /**
   * Writes the {@code .zarray} of a one-chunk, one-dimensional object array of {@code length}
   * items with the {@code json2} object codec, as HyperSpy 1.7 writes string lists.
   */
  static void writeObjectArray(Path dir, long length, ZarrCompressor c, String separator)
      throws IOException {
    Map<String, Object> root = new TreeMap<>();
    root.put("chunks", new long[] {length});
    if (c.isNone()) {
      root.put("compressor", null);
    } else {
      Map<String, Object> cc = new TreeMap<>(c.config());
      cc.put("id", c.id());
      root.put("compressor", cc);
    }
    root.put("dimension_separator", separator);
    root.put("dtype", "|O");
    root.put("fill_value", 0);
    root.put("filters", List.of(JSON2_CONFIG));
    root.put("order", "C");
    root.put("shape", new long[] {length});
    root.put("zarr_format", 2);
    writeAtomically(dir.resolve(ZARRAY), root);
  }

  /** numcodecs' {@code JSON} encoding of a 1-D array of {@code items}: {@code [items..., "|O", [n]]}, compact, ASCII. */
  static byte[] json2Encode(List<?> items) throws IOException {
    List<Object> all = new ArrayList<>(items);
    all.add("|O");
    all.add(List.of(items.size()));
    return JsonValues.writeCompact(all);
  }

  /**
   * Decodes numcodecs' {@code JSON} encoding: the items (nested lists for more than one
   * dimension are flattened in C order) and the shape it declares.
   */
  static List<Object> json2Decode(byte[] bytes, int[] shapeOut) throws IOException {
    Object parsed;
    try {
      parsed = JsonValues.read(bytes);
    } catch (JsonProcessingException e) {
      throw new IOException("malformed json2 chunk: " + e.getOriginalMessage(), e);
    }
    if (!(parsed instanceof List<?> root) || root.size() < 2
        || !(root.get(root.size() - 1) instanceof List<?> shape)) {
      throw new IOException("malformed json2 chunk: expected [items..., dtype, shape]");
    }
    if (shape.size() != shapeOut.length) {
      throw new IOException("json2 chunk has shape " + text(shape) + " but the chunk has rank "
          + shapeOut.length);
    }
    for (int i = 0; i < shapeOut.length; i++) shapeOut[i] = asInt(shape.get(i));
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < root.size() - 2; i++) flatten(root.get(i), shapeOut.length - 1, out);
    return out;
  }

  private static void flatten(Object v, int depth, List<Object> out) {
    if (depth > 0 && v instanceof List<?> l) {
      for (Object o : l) flatten(o, depth - 1, out);
    } else {
      out.add(v);
    }
  }

  // ---- .zgroup ----

  /** True when {@code dir/.zgroup} exists. */
  static boolean isGroup(Path dir) {
    return Files.isRegularFile(dir.resolve(ZGROUP));
  }

  /** Reads {@code dir/.zgroup} and checks that it declares zarr v2. */
  static void readGroup(Path dir) throws IOException {
    Path file = dir.resolve(ZGROUP);
    requireZarr2(file, readObject(file));
  }

  /** Writes {@code dir/.zgroup} = {@code {"zarr_format": 2}}. */
  static void writeGroup(Path dir) throws IOException {
    writeAtomically(dir.resolve(ZGROUP), Map.of("zarr_format", 2));
  }

  // ---- .zattrs ----

  /** The attributes in {@code dir/.zattrs}, or an empty map when the file does not exist. */
  static Map<String, Object> readAttributes(Path dir) throws IOException {
    Path file = dir.resolve(ZATTRS);
    if (!Files.exists(file)) return new LinkedHashMap<>();
    return readObject(file);
  }

  /** Writes {@code attributes} to {@code dir/.zattrs} (replacing it), keys sorted. */
  static void writeAttributes(Path dir, Map<String, ?> attributes) throws IOException {
    writeAtomically(dir.resolve(ZATTRS), sortedJson("", attributes));
  }

  /** Checks that {@code value} holds only JSON-writable values, sorting map keys; names the offending key. */
  private static Object sortedJson(String path, Object value) {
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger || value instanceof Double
        || value instanceof Float || value instanceof java.math.BigDecimal) {
      return value;
    }
    if (value instanceof Map) {
      Map<String, Object> out = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException(
              "attribute key " + e.getKey() + " at '" + path + "' is not a string");
        }
        String k = (String) e.getKey();
        out.put(k, sortedJson(path.isEmpty() ? k : path + "/" + k, e.getValue()));
      }
      return out;
    }
    if (value instanceof Collection) {
      List<Object> out = new ArrayList<>();
      int i = 0;
      for (Object o : (Collection<?>) value) out.add(sortedJson(path + "[" + i++ + "]", o));
      return out;
    }
    if (value instanceof double[] || value instanceof long[] || value instanceof int[]
        || value instanceof float[] || value instanceof short[] || value instanceof boolean[]
        || value instanceof String[]) {
      return value;
    }
    throw new IllegalArgumentException("attribute '" + path + "' has a value of type "
        + value.getClass().getName() + ", which JSON cannot hold; use maps, lists, strings,"
        + " numbers, booleans or null");
  }

  // ---- shared ----

  /** The JSON value in {@code file}. */
  private static Object readTree(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ZarrFormatException(file, "the file does not exist", e);
    }
    try {
      Object v = JsonValues.read(bytes);
      if (v == JsonValues.NOTHING) throw new ZarrFormatException(file, "the file is empty");
      return v;
    } catch (JsonProcessingException e) {
      throw new ZarrFormatException(file, "malformed JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
    }
  }

  /** The JSON object in {@code file}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> readObject(Path file) throws IOException {
    Object root = readTree(file);
    if (!(root instanceof Map)) {
      throw new ZarrFormatException(file, "expected a JSON object, found " + kind(root));
    }
    return (Map<String, Object>) root;
  }

  private static void requireZarr2(Path file, Map<String, Object> root) throws ZarrFormatException {
    Object format = required(file, root, "zarr_format");
    if (!isIntegral(format) || !bigInteger(format).equals(BigInteger.TWO)) {
      throw new ZarrFormatException(file, "zarr_format is " + text(format)
          + "; only zarr v2 (2) is supported");
    }
  }

  private static Object required(Path file, Map<String, Object> root, String field)
      throws ZarrFormatException {
    if (!root.containsKey(field)) {
      throw new ZarrFormatException(file, "missing field \"" + field + "\"");
    }
    return root.get(field);
  }

  private static long[] longArray(Path file, Map<String, Object> root, String field, long min)
      throws ZarrFormatException {
    Object n = required(file, root, field);
    if (!(n instanceof List<?> items)) {
      throw new ZarrFormatException(file, field + " is " + text(n) + "; expected a list of integers");
    }
    long[] out = new long[items.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = items.get(i);
      if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min) {
        throw new ZarrFormatException(file, field + " is " + text(n) + "; expected integers >= " + min);
      }
      out[i] = ((Number) v).longValue();
    }
    return out;
  }

  /** {@code "."} unless {@code dimension_separator} says {@code "/"}. */
  private static String separator(Path file, Map<String, Object> root) throws ZarrFormatException {
    Object sep = root.get("dimension_separator");
    if (sep == null) return ".";
    if (!".".equals(sep) && !"/".equals(sep)) {
      throw new ZarrFormatException(file, "dimension_separator is " + text(sep)
          + "; expected \".\" or \"/\"");
    }
    return (String) sep;
  }

  /** The ids of zarr filters, each as its {@code "id"} or, lacking one, as its JSON. */
  private static List<String> filterIds(List<?> filters) {
    List<String> ids = new ArrayList<>();
    for (Object f : filters) {
      ids.add(f instanceof Map<?, ?> m && m.containsKey("id") ? String.valueOf(m.get("id")) : text(f));
    }
    return ids;
  }

  private static boolean isIntegral(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
  }

  private static BigInteger bigInteger(Object integral) {
    return integral instanceof BigInteger b ? b : BigInteger.valueOf(((Number) integral).longValue());
  }

  /** A JSON number as an int, as Jackson's {@code asInt}: truncated, 0 for anything else. */
  private static int asInt(Object v) {
    return v instanceof Number n ? n.intValue() : 0;
  }

  private static String text(Object v) {
    return JsonValues.text(v);
  }

  private static String kind(Object v) {
    if (v == null) return "null";
    if (v instanceof Map) return "object";
    if (v instanceof List) return "array";
    if (v instanceof String) return "string";
    if (v instanceof Boolean) return "boolean";
    return "number";
  }

  /** Writes JSON to a temporary file beside {@code file} and renames it into place. */
  private static void writeAtomically(Path file, Object value) throws IOException {
    byte[] bytes = JsonValues.writeIndented(value);
    DirectoryStore.writeAtomically(file, bytes, bytes.length);
  }
}
