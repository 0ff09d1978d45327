package org.hyperflux.io.zarr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/**
 * Reads and writes zarr v2's JSON metadata with Jackson: {@code .zarray} (validated field by
 * field, every problem a {@link ZarrFormatException} naming the file), {@code .zgroup} and
 * {@code .zattrs} (plain Java values: maps, lists, strings, numbers, booleans, null). Output
 * follows zarr-python: keys sorted, four-space indentation, ASCII only; NaN and infinities in
 * attributes are written bare ({@code NaN}, as Python's {@code json} does) and accepted when read.
 */
final class ZarrJson {
  static final String ZARRAY = ".zarray";
  static final String ZGROUP = ".zgroup";
  static final String ZATTRS = ".zattrs";

  /**
   * Output is ASCII, non-ASCII characters escaped as {@code \\uXXXX}: zarr-python 2 decodes
   * metadata files as ASCII (its {@code json.dumps} uses {@code ensure_ascii}).
   */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .build();

  /** zarr-python's layout: {@code json.dumps(indent=4, sort_keys=True, separators=(',', ': '))}. */
  private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withArrayEmptySeparator("")
          .withObjectEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("    ", "\n"))
      .withArrayIndenter(new DefaultIndenter("    ", "\n")));

  private ZarrJson() {}

  // ---- .zarray ----

  /** Reads and validates {@code dir/.zarray}. */
  static ZarrArrayMetadata readArray(Path dir) throws IOException {
    Path file = dir.resolve(ZARRAY);
    JsonNode root = readTree(file);
    if (!root.isObject()) {
      throw new ZarrFormatException(file, "expected a JSON object, found " + kind(root));
    }
    JsonNode format = required(file, root, "zarr_format");
    if (!format.isIntegralNumber() || format.asInt() != 2) {
      throw new ZarrFormatException(file, "zarr_format is " + format + "; only zarr v2 (2) is supported");
    }
    long[] shape = longArray(file, root, "shape", 0);
    long[] chunkLongs = longArray(file, root, "chunks", 1);
    if (chunkLongs.length != shape.length) {
      throw new ZarrFormatException(file, "chunks " + root.get("chunks") + " and shape "
          + root.get("shape") + " have different ranks");
    }
    int[] chunks = new int[chunkLongs.length];
    for (int i = 0; i < chunks.length; i++) {
      if (chunkLongs[i] > Integer.MAX_VALUE) {
        throw new ZarrFormatException(file, "chunk extent " + chunkLongs[i] + " along axis " + i
            + " is too large for one Java array");
      }
      chunks[i] = (int) chunkLongs[i];
    }
    JsonNode dtypeNode = required(file, root, "dtype");
    if (!dtypeNode.isTextual()) {
      throw new ZarrFormatException(file, "dtype " + dtypeNode + " is not supported (structured"
          + " dtypes are not read); supported: " + ZarrDType.SUPPORTED);
    }
    ZarrDType.Parsed dtype;
    try {
      dtype = ZarrDType.parse(dtypeNode.asText());
    } catch (IllegalArgumentException e) {
      throw new ZarrFormatException(file, e.getMessage());
    }
    JsonNode order = required(file, root, "order");
    if (!order.isTextual() || !order.asText().equals("C")) {
      throw new ZarrFormatException(file, "order is " + order + "; only C order (\"C\") is"
          + " supported, Fortran-ordered (\"F\") arrays are not read");
    }
    JsonNode filters = root.get("filters");
    if (filters != null && !filters.isNull()) {
      if (!filters.isArray()) {
        throw new ZarrFormatException(file, "filters is " + filters + "; expected null or a list");
      }
      if (filters.size() > 0) {
        List<String> ids = new ArrayList<>();
        for (JsonNode f : filters) ids.add(f.has("id") ? f.get("id").asText() : f.toString());
        throw new ZarrFormatException(file, "filters " + ids + " are not supported; only arrays"
            + " without filters (null or []) are read");
      }
    }
    String separator = ".";
    JsonNode sep = root.get("dimension_separator");
    if (sep != null && !sep.isNull()) {
      if (!sep.isTextual() || !(sep.asText().equals(".") || sep.asText().equals("/"))) {
        throw new ZarrFormatException(file, "dimension_separator is " + sep + "; expected \".\" or \"/\"");
      }
      separator = sep.asText();
    }
    ZarrCompressor compressor = compressor(file, required(file, root, "compressor"), dtype.dtype());
    FillValue fill = fillValue(file, required(file, root, "fill_value"), dtype.dtype());
    try {
      return ZarrArrayMetadata.of(Shape.of(shape), chunks, dtype.dtype(), dtype.order(), fill,
          compressor, separator);
    } catch (IllegalArgumentException e) {
      throw new ZarrFormatException(file, e.getMessage(), e);
    }
  }

  private static ZarrCompressor compressor(Path file, JsonNode node, DType dtype)
      throws ZarrFormatException {
    return compressor(file, node, dtype.itemSize());
  }

  private static ZarrCompressor compressor(Path file, JsonNode node, int itemSize)
      throws ZarrFormatException {
    if (node.isNull()) return ZarrCompressor.none();
    if (!node.isObject()) {
      throw new ZarrFormatException(file, "compressor is " + node + "; expected an object or null");
    }
    JsonNode id = node.get("id");
    if (id == null || !id.isTextual()) {
      throw new ZarrFormatException(file, "compressor " + node + " has no string \"id\"");
    }
    Map<String, Object> config = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("id")) config.put(e.getKey(), toJava(e.getValue()));
    }
    ZarrCompressor c = ZarrCompressor.fromJson(id.asText(), config);
    try {
      Codecs.create(c, itemSize);
    } catch (IllegalArgumentException e) {
      throw new ZarrFormatException(file, e.getMessage(), e);
    }
    return c;
  }

  private static FillValue fillValue(Path file, JsonNode node, DType dtype) throws ZarrFormatException {
    switch (node.getNodeType()) {
      case NULL:
        return FillValue.none();
      case BOOLEAN:
        return FillValue.of(node.asBoolean());
      case STRING:
        switch (node.asText()) {
          case "NaN": return FillValue.of(Double.NaN);
          case "Infinity": return FillValue.of(Double.POSITIVE_INFINITY);
          case "-Infinity": return FillValue.of(Double.NEGATIVE_INFINITY);
          default:
            throw new ZarrFormatException(file, "fill_value " + node + " is not supported; expected a"
                + " number, \"NaN\", \"Infinity\", \"-Infinity\", a boolean or null");
        }
      case NUMBER:
        if (node.isIntegralNumber()) {
          BigInteger v = node.bigIntegerValue();
          if (v.bitLength() > 64 || (v.signum() < 0 && v.bitLength() > 63)) {
            throw new ZarrFormatException(file, "fill_value " + v + " does not fit 64 bits");
          }
          return dtype.isFloat() ? FillValue.of(v.doubleValue()) : FillValue.of(v.longValue());
        }
        return FillValue.of(node.doubleValue());
      default:
        throw new ZarrFormatException(file, "fill_value " + node + " is not supported; expected a"
            + " number, \"NaN\", \"Infinity\", \"-Infinity\", a boolean or null");
    }
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
    Path file = dir.resolve(ZARRAY);
    JsonNode root = readTree(file);
    JsonNode dtype = root.get("dtype");
    return dtype != null && dtype.isTextual() && dtype.asText().equals("|O");
  }

  /** Reads and validates the {@code .zarray} of an object array with one supported object codec. */
  static ObjectArrayMetadata readObjectArray(Path dir) throws IOException {
    Path file = dir.resolve(ZARRAY);
    JsonNode root = readTree(file);
    if (!root.isObject()) {
      throw new ZarrFormatException(file, "expected a JSON object, found " + kind(root));
    }
    JsonNode format = required(file, root, "zarr_format");
    if (!format.isIntegralNumber() || format.asInt() != 2) {
      throw new ZarrFormatException(file, "zarr_format is " + format + "; only zarr v2 (2) is supported");
    }
    JsonNode dtype = required(file, root, "dtype");
    if (!dtype.isTextual() || !dtype.asText().equals("|O")) {
      throw new ZarrFormatException(file, "dtype is " + dtype + "; an object array has \"|O\"");
    }
    long[] shape = longArray(file, root, "shape", 0);
    long[] chunkLongs = longArray(file, root, "chunks", 1);
    if (chunkLongs.length != shape.length) {
      throw new ZarrFormatException(file, "chunks " + root.get("chunks") + " and shape "
          + root.get("shape") + " have different ranks");
    }
    int[] chunks = new int[chunkLongs.length];
    for (int i = 0; i < chunks.length; i++) {
      if (chunkLongs[i] > Integer.MAX_VALUE) {
        throw new ZarrFormatException(file, "chunk extent " + chunkLongs[i] + " along axis " + i
            + " is too large");
      }
      chunks[i] = (int) chunkLongs[i];
    }
    JsonNode order = required(file, root, "order");
    if (!order.isTextual() || !order.asText().equals("C")) {
      throw new ZarrFormatException(file, "order is " + order + "; only C order (\"C\") is supported");
    }
    JsonNode filters = root.get("filters");
    List<String> ids = new ArrayList<>();
    if (filters != null && filters.isArray()) {
      for (JsonNode f : filters) ids.add(f.has("id") ? f.get("id").asText() : f.toString());
    }
    if (ids.size() != 1 || !OBJECT_CODECS.contains(ids.get(0))) {
      throw new ZarrFormatException(file, "object array with filters " + ids + " is not"
          + " supported; hyperflux reads object arrays with one object codec of " + OBJECT_CODECS
          + " (string lists)");
    }
    String separator = ".";
    JsonNode sep = root.get("dimension_separator");
    if (sep != null && !sep.isNull()) {
      if (!sep.isTextual() || !(sep.asText().equals(".") || sep.asText().equals("/"))) {
        throw new ZarrFormatException(file, "dimension_separator is " + sep + "; expected \".\" or \"/\"");
      }
      separator = sep.asText();
    }
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

  private static final ObjectMapper JSON2 = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .build();

  /** numcodecs' {@code JSON} encoding of a 1-D array of {@code items}: {@code [items..., "|O", [n]]}, compact, ASCII. */
  static byte[] json2Encode(List<?> items) throws IOException {
    List<Object> all = new ArrayList<>(items);
    all.add("|O");
    all.add(List.of(items.size()));
    return JSON2.writeValueAsBytes(all);
  }

  /**
   * Decodes numcodecs' {@code JSON} encoding: the items (nested lists for more than one
   * dimension are flattened in C order) and the shape it declares.
   */
  static List<Object> json2Decode(byte[] bytes, int[] shapeOut) throws IOException {
    JsonNode root;
    try {
      root = JSON2.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IOException("malformed json2 chunk: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray() || root.size() < 2 || !root.get(root.size() - 1).isArray()) {
      throw new IOException("malformed json2 chunk: expected [items..., dtype, shape]");
    }
    JsonNode shape = root.get(root.size() - 1);
    if (shape.size() != shapeOut.length) {
      throw new IOException("json2 chunk has shape " + shape + " but the chunk has rank " + shapeOut.length);
    }
    for (int i = 0; i < shapeOut.length; i++) shapeOut[i] = shape.get(i).asInt();
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < root.size() - 2; i++) flatten(toJava(root.get(i)), shapeOut.length - 1, out);
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
    JsonNode root = readTree(file);
    if (!root.isObject()) {
      throw new ZarrFormatException(file, "expected a JSON object, found " + kind(root));
    }
    JsonNode format = required(file, root, "zarr_format");
    if (!format.isIntegralNumber() || format.asInt() != 2) {
      throw new ZarrFormatException(file, "zarr_format is " + format + "; only zarr v2 (2) is supported");
    }
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
    JsonNode root = readTree(file);
    if (!root.isObject()) {
      throw new ZarrFormatException(file, "expected a JSON object, found " + kind(root));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) toJava(root);
    return m;
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

  private static JsonNode readTree(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ZarrFormatException(file, "the file does not exist", e);
    }
    try {
      JsonNode n = MAPPER.readTree(bytes);
      if (n == null || n.isMissingNode()) throw new ZarrFormatException(file, "the file is empty");
      return n;
    } catch (JsonProcessingException e) {
      throw new ZarrFormatException(file, "malformed JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
    }
  }

  private static JsonNode required(Path file, JsonNode root, String field) throws ZarrFormatException {
    JsonNode n = root.get(field);
    if (n == null) throw new ZarrFormatException(file, "missing field \"" + field + "\"");
    return n;
  }

  private static long[] longArray(Path file, JsonNode root, String field, long min)
      throws ZarrFormatException {
    JsonNode n = required(file, root, field);
    if (!n.isArray()) {
      throw new ZarrFormatException(file, field + " is " + n + "; expected a list of integers");
    }
    long[] out = new long[n.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = n.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min) {
        throw new ZarrFormatException(file, field + " is " + n + "; expected integers >= " + min);
      }
      out[i] = v.asLong();
    }
    return out;
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A JSON tree as plain Java values (LinkedHashMap, ArrayList, String, Integer/Long/BigInteger, Double, Boolean, null). */
  static Object toJava(JsonNode n) {
    JsonNodeType t = n.getNodeType();
    switch (t) {
      case OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          m.put(e.getKey(), toJava(e.getValue()));
        }
        return m;
      }
      case ARRAY: {
        List<Object> l = new ArrayList<>();
        for (JsonNode c : n) l.add(toJava(c));
        return l;
      }
      case STRING:
        return n.asText();
      case BOOLEAN:
        return n.asBoolean();
      case NUMBER:
        if (n.isIntegralNumber()) {
          BigInteger v = n.bigIntegerValue();
          if (v.bitLength() <= 31) return v.intValue();
          if (v.bitLength() <= 63) return v.longValue();
          return v;
        }
        return n.doubleValue();
      default:
        return null;
    }
  }

  /** Writes JSON to a temporary file beside {@code file} and renames it into place. */
  private static void writeAtomically(Path file, Object value) throws IOException {
    byte[] bytes = WRITER.writeValueAsBytes(value);
    DirectoryStore.writeAtomically(file, bytes, bytes.length);
  }
}
