package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/**
 * Reading the tab-separated golden fixtures that HyperSpy 1.7.3 wrote for the signal tests
 * ({@code golden/signal/make_*_golden.py}): records, axes, Python number literals and values.
 */
final class GoldenRecords {
  private GoldenRecords() {}

  /** The tab-separated records of a golden fixture on the classpath (blank and # lines skipped). */
  static List<String[]> records(String resource) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = GoldenRecords.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the test classpath").isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) continue;
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }

  /** Axes from "NAME,SIZE,SCALE,OFFSET,NAVIGATE;..." in array order. */
  static Axes parseAxes(String specs) {
    List<Axis> list = new ArrayList<>();
    if (specs.isEmpty()) return Axes.of(list);
    for (String spec : specs.split(";")) {
      String[] f = spec.split(",");
      list.add(Axis.uniform(Integer.parseInt(f[1]), Double.parseDouble(f[2]),
              Double.parseDouble(f[3]))
          .withName(f[0])
          .withNavigate(f[4].equals("1")));
    }
    return Axes.of(list);
  }

  static String[] words(String text) {
    return text.isEmpty() ? new String[0] : text.split(" ");
  }

  static double pyDouble(String s) {
    return switch (s) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  static long pyLong(String s) {
    return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
  }

  static Block block(DType dtype, String values) {
    String[] w = words(values);
    Block b = Block.allocate(dtype, w.length);
    for (int i = 0; i < w.length; i++) {
      if (dtype.isFloat()) {
        b.setDouble(i, pyDouble(w[i]));
      } else {
        b.setLong(i, pyLong(w[i]));
      }
    }
    return b;
  }

  /** Chunks of about half of each axis, so that every reduction crosses chunk boundaries. */
  static ChunkGrid halves(Shape shape) {
    int[] chunk = new int[shape.rank()];
    for (int i = 0; i < chunk.length; i++) chunk[i] = (int) Math.max(1, (shape.dim(i) + 1) / 2);
    return ChunkGrid.regular(shape, chunk);
  }

  /** The repr of the materialised signal, from the (lazy) golden repr. */
  static String eagerRepr(String repr) {
    return repr.replaceFirst("^<LazySignal,", "<BaseSignal,")
        .replaceFirst("^<LazySignal", "<Signal");
  }

  /** Asserts that {@code got} has the golden axes: name, size, scale, offset and navigate of each. */
  static void assertAxes(Axes got, Axes want) {
    assertThat(got.rank()).isEqualTo(want.rank());
    for (int i = 0; i < want.rank(); i++) {
      Axis w = want.axis(i);
      Axis g = got.axis(i);
      assertThat(g.name()).as("name of axis %d", i).isEqualTo(w.name());
      assertThat(g.size()).as("size of axis %d", i).isEqualTo(w.size());
      assertThat(g.scale()).as("scale of axis %d", i).isEqualTo(w.scale());
      assertThat(g.offset()).as("offset of axis %d", i).isEqualTo(w.offset());
      assertThat(g.navigate()).as("navigate of axis %d", i).isEqualTo(w.navigate());
    }
  }

  /**
   * Asserts that {@code got} holds the golden values (space-separated Python literals): integers
   * exactly; floats with NaN and infinities exactly and others within {@code rel * |w| + rel}, or
   * exactly when {@code rel} is 0.
   */
  static void assertValues(Block got, DType dtype, String values, double rel) {
    String[] w = words(values);
    assertThat(got.length()).isEqualTo(w.length);
    for (int i = 0; i < w.length; i++) {
      if (!dtype.isFloat()) {
        assertThat(got.getLong(i)).as("value %d", i).isEqualTo(pyLong(w[i]));
        continue;
      }
      double want = pyDouble(w[i]);
      double g = got.getDouble(i);
      if (Double.isNaN(want)) {
        assertThat(Double.isNaN(g)).as("value %d is NaN (got %s)", i, g).isTrue();
      } else if (Double.isInfinite(want) || rel == 0) {
        assertThat(g).as("value %d", i).isEqualTo(want);
      } else {
        assertThat(Math.abs(g - want)).as("value %d: %s vs HyperSpy %s", i, g, want)
            .isLessThanOrEqualTo(rel * Math.abs(want) + rel);
      }
    }
  }
}
