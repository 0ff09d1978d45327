package org.hyperflux.io.zarr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values, read and written with Jackson's streaming parser and generator
 * (jackson-core). Read: objects become {@link LinkedHashMap}s, arrays {@link ArrayList}s, integers
 * {@link Integer}, {@link Long} or {@link BigInteger} (the smallest that holds them), other
 * numbers {@link Double}, and strings, booleans and null themselves. Written: maps (keys as
 * strings, in iteration order), collections, primitive and object arrays, strings, numbers,
 * booleans and null. {@code NaN} and the infinities are read and written bare, and non-ASCII
 * characters are written as {@code \\u00e9} (lower-case hex digits), as Python's {@code json} does:
 * zarr-python 2 reads metadata files as ASCII.
 *
 * <p>zarr's metadata files are a few hundred bytes each: databind's {@code ObjectMapper}, whose
 * set-up took about 35 ms of every start-up that opened a {@code .zspy} (its default date
 * formats load locale data), is not needed for them.
 */
final class JsonValues {
  /** What {@link #read} returns for input that holds no JSON value (empty or only whitespace). */
  static final Object NOTHING = new Object() {
    @Override
    public String toString() {
      return "nothing";
    }
  };

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .build();

  /** For messages: compact, as Jackson prints a tree, non-ASCII characters as they are. */
  private static final JsonFactory MESSAGES = JsonFactory.builder()
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .build();

  /** zarr-python's layout: {@code json.dumps(indent=4, sort_keys=True, separators=(',', ': '))}. */
  private static final DefaultPrettyPrinter ZARR_PYTHON = new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withArrayEmptySeparator("")
          .withObjectEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("    ", "\n"))
      .withArrayIndenter(new DefaultIndenter("    ", "\n"));

  private JsonValues() {}

  /**
   * The first JSON value in {@code bytes} (what follows it is not read), or {@link #NOTHING}.
   *
   * @throws com.fasterxml.jackson.core.JsonProcessingException when the JSON is malformed, with
   *     its location
   */
  static Object read(byte[] bytes) throws IOException {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      JsonToken t = p.nextToken();
      return t == null ? NOTHING : value(p, t);
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          m.put(name, value(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        for (JsonToken c = p.nextToken(); c != JsonToken.END_ARRAY; c = p.nextToken()) {
          l.add(value(p, c));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return p.getIntValue();
          case LONG:
            return p.getLongValue();
          default:
            return p.getBigIntegerValue();
        }
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonParseException(p, "unexpected " + t);
    }
  }

  /** {@code value} as zarr-python writes metadata: indented by four spaces, ASCII. */
  static byte[] writeIndented(Object value) throws IOException {
    return write(value, ZARR_PYTHON.createInstance());
  }

  /** {@code value} on one line without spaces (numcodecs' {@code JSON} codec), ASCII. */
  static byte[] writeCompact(Object value) throws IOException {
    return write(value, null);
  }

  private static byte[] write(Object value, PrettyPrinter printer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (printer != null) g.setPrettyPrinter(printer);
      write(g, value);
    }
    return out.toByteArray();
  }

  /** {@code value} as compact JSON, for messages: {@code "C"} for the string C, {@code [1,2]}. */
  static String text(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = MESSAGES.createGenerator(out)) {
      write(g, value);
    } catch (IOException | IllegalArgumentException e) {
      return String.valueOf(value);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).intValue());
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof BigDecimal b) {
      g.writeNumber(b);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Iterable<?> items) {
      g.writeStartArray();
      for (Object o : items) write(g, o);
      g.writeEndArray();
    } else if (v instanceof Object[] items) {
      g.writeStartArray();
      for (Object o : items) write(g, o);
      g.writeEndArray();
    } else if (v.getClass().isArray() && v.getClass().getComponentType().isPrimitive()) {
      g.writeStartArray();
      for (int i = 0, n = Array.getLength(v); i < n; i++) write(g, Array.get(v, i));
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("a " + v.getClass().getName() + " cannot be written as"
          + " JSON");
    }
  }
}
