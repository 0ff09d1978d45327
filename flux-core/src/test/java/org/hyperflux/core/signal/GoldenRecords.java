package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;

/**
 * Reading the tab-separated golden fixtures that HyperSpy 1.7.3 wrote for the signal tests
 * ({@code golden/signal/make_*_golden.py}): records, axes, Python number literals and values,
 * the input signals of "sig" records, and the checks of results against them.
 */
final class GoldenRecords {
  private GoldenRecords() {}

  /**
   * The input signal of a "sig" record {@code sig ID DTYPE ARRAYSHAPE NSIG TITLE ...}: its array
   * shape, axes (array order), values and title, to be made lazy on any grid or materialised.
   */
  record GoldenSignal(Shape shape, Axes axes, Block data, String title) {
    /**
     * Reads record {@code f} with the axes and the values that its fields give (their position
     * depends on the fixture); checks that the axes have NSIG signal axes.
     */
    static GoldenSignal of(String[] f, Axes axes, String values) {
      assertThat(axes.signalDimension()).as("signal axes of %s", f[1])
          .isEqualTo(Integer.parseInt(f[4]));
      Block data = block(DType.fromNumpyName(f[2]), values);
      return new GoldenSignal(parseShape(f[3]), axes, data, f[5]);
    }

    /** The lazy signal, chunked in about halves of every axis ({@link GoldenRecords#halves}). */
    Signal lazy() {
      return lazy(halves(shape));
    }

    /** The lazy signal over the data in the chunks of {@code grid}. */
    Signal lazy(ChunkGrid grid) {
      return Signal.lazy(LazyArray.of(MemoryArray.split(data, grid)), axes).withTitle(title);
    }

    /** The materialised signal. */
    Signal eager() {
      return Signal.of(MemoryArray.of(shape, data), axes).withTitle(title);
    }
  }

  /**
   * The signal of a "sig" record {@code sig ID DTYPE ARRAYSHAPE NSIG TITLE VALUES} (HyperSpy's
   * default axes): lazy, chunked in about halves of every axis.
   */
  static Signal defaultAxesSignal(String[] f) {
    Block data = block(DType.fromNumpyName(f[2]), f[6]);
    Shape shape = parseShape(f[3]);
    return Signal.of(LazyArray.of(MemoryArray.split(data, halves(shape))), Integer.parseInt(f[4]))
        .withTitle(f[5]);
  }

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

  /** Comma-separated integers; none for an empty text. */
  static long[] longs(String csv) {
    if (csv.isEmpty()) return new long[0];
    return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
  }

  /** Comma-separated integers; none for an empty text. */
  static int[] ints(String csv) {
    if (csv.isEmpty()) return new int[0];
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** An array shape written as comma-separated lengths. */
  static Shape parseShape(String csv) {
    return Shape.of(longs(csv));
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

  /** {@code n} float64 values, each its own index (0, 1, 2 ...). */
  static Block ramp(long n) {
    double[] d = new double[(int) n];
    for (int i = 0; i < d.length; i++) d[i] = i;
    return Block.wrap(DType.FLOAT64, d);
  }

  /**
   * Signal2D (4, 3|6, 5) "scan" of float64 ramp values, calibrated like the golden "im" signals
   * (y, x | ky, kx), lazy in about halves of every axis.
   */
  static Signal scan() {
    Shape shape = Shape.of(3, 4, 5, 6);
    Axes axes = Axes.of(
        Axis.uniform(3, 0.5, 1.0).withName("y").withNavigate(true),
        Axis.uniform(4, 2.0, -1.0).withName("x").withNavigate(true),
        Axis.uniform(5, 0.1, 0.25).withName("ky"),
        Axis.uniform(6, -0.5, 2.0).withName("kx"));
    return Signal.lazy(LazyArray.of(MemoryArray.split(ramp(shape.size()), halves(shape))), axes)
        .withTitle("scan");
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
   * Checks a golden operation against the result fields REPR DTYPE AXES VALUES of record {@code
   * f}, REPR at index {@code at} and AXES in the "sig" format: a REPR "!ERROR" means that
   * {@code op} must throw an IllegalArgumentException; otherwise its result must be lazy with that
   * repr, dtype and axes, and compute to the materialised repr and to the values, within the
   * relative tolerance {@code rel} gives for the result's dtype (see {@link #assertValues}).
   */
  static void assertLazyResult(Supplier<Signal> op, String[] f, int at,
      ToDoubleFunction<DType> rel) {
    String expected = f[at];
    if (expected.startsWith("!")) {
      assertThatThrownBy(op::get).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Signal result = op.get();
    assertThat(result.isLazy()).isTrue();
    assertThat(result.toString()).isEqualTo(expected);
    assertThat(result.dtype().numpyName()).isEqualTo(f[at + 1]);
    assertAxes(result.axes(), parseAxes(f[at + 2]));
    Signal computed = result.compute(ExecOptions.defaults().withParallelism(2));
    assertThat(computed.toString()).isEqualTo(eagerRepr(expected));
    Block got = computed.memory().orElseThrow().toBlock();
    assertValues(got, result.dtype(), f[at + 3], rel.applyAsDouble(result.dtype()));
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
