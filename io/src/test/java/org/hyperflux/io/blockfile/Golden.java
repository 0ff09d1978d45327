package org.hyperflux.io.blockfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blockfile golden fixtures on the test classpath ({@code golden/blockfile/}, written by
 * HyperSpy 1.7.3 through {@code make_blockfile_golden.py}): the {@code .blo} files and the
 * records of what HyperSpy read back, grouped by file.
 */
final class Golden {
  static final String ROOT = "/golden/blockfile/";

  private Golden() {}

  /** The records of {@code blockfile_golden.txt} (tab-separated; # lines skipped). */
  static List<String[]> records() throws IOException {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = Golden.class.getResourceAsStream(ROOT + "blockfile_golden.txt")) {
      assertThat(in).as("blockfile_golden.txt on the test classpath").isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) continue;
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }

  /** Records grouped by their first field (the file name, or "-" for file-less records), in order. */
  static Map<String, List<String[]>> byFile() throws IOException {
    Map<String, List<String[]>> out = new LinkedHashMap<>();
    for (String[] r : records()) out.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
    return out;
  }

  /** A fixture file, e.g. {@code cal.blo}. */
  static Path file(String name) {
    URL url = Golden.class.getResource(ROOT + name);
    assertThat(url).as(name + " on the test classpath").isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A value of a typed metadata record: {@code str}, {@code int}, {@code float} or {@code bool}. */
  static Object typed(String type, String value) {
    return switch (type) {
      case "str" -> value;
      case "int" -> Long.parseLong(value);
      case "float" -> Double.parseDouble(value);
      case "bool" -> value.equals("1");
      default -> throw new IllegalArgumentException("unknown type " + type);
    };
  }

  static long[] longs(String csv) {
    String[] w = csv.split(",");
    long[] out = new long[w.length];
    for (int i = 0; i < w.length; i++) out[i] = Long.parseLong(w[i]);
    return out;
  }

  static int[] values(String spaced) {
    if (spaced.isEmpty()) return new int[0];
    String[] w = spaced.split(" ");
    int[] out = new int[w.length];
    for (int i = 0; i < w.length; i++) out[i] = Integer.parseInt(w[i]);
    return out;
  }
}
