package org.hyperflux.io.hdf5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/** The HDF5 golden fixtures on the test classpath ({@code golden/hdf5/make_hdf5_golden.py}) and value helpers. */
final class Hdf5Fixtures {
  static final String ROOT = "/golden/hdf5/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Hdf5Fixtures() {}

  /** The tab-separated records of a fixture manifest (blank and # lines skipped). */
  static List<String[]> records(String manifest) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = Hdf5Fixtures.class.getResourceAsStream(ROOT + manifest)) {
      assertThat(in).as(manifest + " on the test classpath").isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) continue;
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }

  /** A fixture file, e.g. {@code datasets.h5}. */
  static Path file(String name) {
    URL url = Hdf5Fixtures.class.getResource(ROOT + name);
    assertThat(url).as(name + " on the test classpath").isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static double pyDouble(String s) {
    return switch (s) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  /** Values written as Python prints them, as a block of {@code dtype}. */
  static Block block(DType dtype, String values) {
    String[] w = values.isEmpty() ? new String[0] : values.split(" ");
    Block b = Block.allocate(dtype, w.length);
    for (int i = 0; i < w.length; i++) {
      if (dtype.isFloat()) {
        b.setDouble(i, pyDouble(w[i]));
      } else {
        b.setLong(i, w[i].startsWith("-") ? Long.parseLong(w[i]) : Long.parseUnsignedLong(w[i]));
      }
    }
    return b;
  }

  /** Asserts equal dtype, length and bits (NaN equals NaN, -0.0 differs from 0.0). */
  static void assertSameValues(Block actual, Block expected, String what) {
    assertThat(actual.dtype()).as("dtype of " + what).isEqualTo(expected.dtype());
    assertThat(actual.length()).as("length of " + what).isEqualTo(expected.length());
    for (int i = 0; i < expected.length(); i++) {
      if (expected.dtype().isFloat()) {
        double a = actual.getDouble(i);
        double e = expected.getDouble(i);
        assertThat(Double.doubleToLongBits(a)).as("%s[%d]: %s vs %s", what, i, a, e)
            .isEqualTo(Double.doubleToLongBits(e));
      } else {
        assertThat(actual.getLong(i)).as("%s[%d]", what, i).isEqualTo(expected.getLong(i));
      }
    }
  }

  /**
   * The JSON value written by the generator as the plain Java value hyperflux gives: integers as
   * Long (BigInteger beyond 63 bits), floats as Double ({@code "nan"}, {@code "inf"},
   * {@code "-inf"} as the doubles when {@code floats}), arrays as lists, null as null.
   */
  static Object expected(String json, boolean floats) throws IOException {
    return plain(JSON.readTree(json), floats);
  }

  private static Object plain(JsonNode n, boolean floats) {
    switch (n.getNodeType()) {
      case NULL: return null;
      case BOOLEAN: return n.asBoolean();
      case STRING:
        if (floats && (n.asText().equals("nan") || n.asText().endsWith("inf"))) return pyDouble(n.asText());
        return n.asText();
      case NUMBER:
        if (n.isIntegralNumber()) {
          BigInteger v = n.bigIntegerValue();
          return v.bitLength() <= 63 ? (Object) v.longValue() : v;
        }
        return n.doubleValue();
      case ARRAY: {
        List<Object> out = new ArrayList<>();
        for (JsonNode c : n) out.add(plain(c, floats));
        return out;
      }
      default:
        throw new IllegalArgumentException(n.toString());
    }
  }

  /** Nested lists flattened in order. */
  static List<Object> flatten(Object v) {
    List<Object> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) out.addAll(flatten(o));
    } else {
      out.add(v);
    }
    return out;
  }
}
