package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/** The zarr golden fixtures on the test classpath ({@code golden/zarr/make_zarr_golden.py}) and value helpers. */
final class Fixtures {
  static final String ROOT = "/golden/zarr/";

  private Fixtures() {}

  /** The tab-separated records of a fixture manifest (blank and # lines skipped). */
  static List<String[]> records(String manifest) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + manifest)) {
      assertThat(in).as(manifest + " on the test classpath").isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) continue;
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }

  /** The directory of a fixture, e.g. {@code arrays/zlib}. */
  static Path dir(String relative) {
    URL url = Fixtures.class.getResource(ROOT + relative);
    assertThat(url).as(relative + " on the test classpath").isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of fixture directory {@code relative} at {@code target} (for corrupting it). */
  static Path copy(String relative, Path target) throws IOException {
    Path from = dir(relative);
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
}
