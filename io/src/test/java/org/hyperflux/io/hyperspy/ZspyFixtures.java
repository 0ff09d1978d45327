package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;

/**
 * The {@code .zspy} golden fixtures ({@code golden/zspy/make_zspy_golden.py}, HyperSpy 1.7.3) and
 * the description of a signal in the fixtures' JSON vocabulary ({@link #describe}), so that what
 * hyperflux reads compares with what HyperSpy wrote as plain maps and lists.
 */
final class ZspyFixtures {
  static final String ROOT = "/golden/zspy/";
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();

  private ZspyFixtures() {}

  /** Every fixture record of {@code zspy_golden.json}, its numbers normalised (see {@link #normalise}). */
  static List<Map<String, Object>> records() throws IOException {
    return records(ROOT + "zspy_golden.json");
  }

  /** Every record of the JSON list {@code resource} (a classpath path), its numbers normalised. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> records(String resource) throws IOException {
    try (InputStream in = ZspyFixtures.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the test classpath").isNotNull();
      List<Object> all = JSON.readValue(in, List.class);
      List<Map<String, Object>> out = new ArrayList<>();
      for (Object o : all) out.add((Map<String, Object>) normalise(o));
      return out;
    }
  }

  /** The fixture directory {@code name}. */
  static Path dir(String name) {
    return resource(ROOT + name);
  }

  /** The test resource at the classpath path {@code path} as a file. */
  static Path resource(String path) {
    URL url = ZspyFixtures.class.getResource(path);
    assertThat(url).as(path + " on the test classpath").isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of fixture {@code name} at {@code target} (to damage it). */
  static Path copy(String name, Path target) throws IOException {
    Path from = dir(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }

  /**
   * JSON values as the reader normalises them: integers to Long, integers beyond 64 bits to Double
   * (as HyperSpy attributes such values are read), other numbers to Double.
   */
  static Object normalise(Object v) {
    if (v instanceof BigInteger b) return b.bitLength() <= 63 ? (Object) b.longValue() : (Object) b.doubleValue();
    if (v instanceof Integer i) return i.longValue();
    if (v instanceof Number n && !(v instanceof Long)) return n.doubleValue();
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) out.add(normalise(o));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), normalise(e.getValue()));
      return out;
    }
    return v;
  }

  /** The signal in the fixtures' vocabulary: dtype, shape, data (computed), axes and, if asked, metadata. */
  static Map<String, Object> describe(Signal s, boolean withMetadata) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("dtype", s.dtype().numpyName());
    List<Object> shape = new ArrayList<>();
    for (long x : s.axes().arrayShape()) shape.add(x);
    d.put("shape", shape);
    d.put("data", values(s.compute().memory().orElseThrow()));
    d.put("axes", axes(s.axes()));
    if (withMetadata) {
      d.put("metadata", plain(s.metadata()));
      d.put("original_metadata", plain(s.originalMetadata()));
    }
    return d;
  }

  /** The data in C order as Boolean, Long (uint64 above 2^63 - 1 as Double) or Double. */
  static List<Object> values(MemoryArray m) {
    Block all = m.shape().size() == 0 ? Block.allocate(m.dtype(), 0)
        : org.hyperflux.core.ops.LazyArray.of(m).rechunk(org.hyperflux.core.array.ChunkGrid.single(m.shape()))
            .compute().chunk(org.hyperflux.core.array.ChunkIndex.of(new int[m.shape().rank()]));
    List<Object> out = new ArrayList<>();
    DType t = m.dtype();
    for (int i = 0; i < all.length(); i++) {
      if (t.isBool()) {
        out.add(all.getLong(i) != 0);
      } else if (t.isFloat()) {
        out.add(all.getDouble(i));
      } else if (t == DType.UINT64 && all.getLong(i) < 0) {
        out.add(Double.parseDouble(Long.toUnsignedString(all.getLong(i))));
      } else {
        out.add(all.getLong(i));
      }
    }
    return out;
  }

  static List<Object> axes(Axes axes) {
    List<Object> out = new ArrayList<>();
    for (Axis a : axes.arrayOrder()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", a.name());
      d.put("units", a.units());
      d.put("navigate", a.navigate());
      d.put("size", (long) a.size());
      d.put("uniform", a.isUniform());
      if (a.isUniform()) {
        d.put("scale", a.scale());
        d.put("offset", a.offset());
      } else {
        List<Object> v = new ArrayList<>();
        for (double x : a.values()) v.add(x);
        d.put("values", v);
      }
      out.add(d);
    }
    return out;
  }

  /** Metadata as plain maps and lists, each signal inside replaced by {@code {"__signal__": describe(it)}}. */
  static Map<String, Object> plain(Metadata md) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : md.keys()) out.put(k, plainValue(md.get(k).orElse(null)));
    return out;
  }

  private static Object plainValue(Object v) {
    if (v instanceof Metadata m) return plain(m);
    if (v instanceof Signal s) return Map.of("__signal__", describe(s, false));
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) out.add(plainValue(o));
      return out;
    }
    return v;
  }
}
