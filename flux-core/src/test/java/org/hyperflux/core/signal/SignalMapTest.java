package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.signal.GoldenRecords.assertValues;
import static org.hyperflux.core.signal.GoldenRecords.block;
import static org.hyperflux.core.signal.GoldenRecords.longs;
import static org.hyperflux.core.signal.GoldenRecords.ramp;
import static org.hyperflux.core.signal.GoldenRecords.records;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.GoldenRecords.GoldenSignal;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import reactor.test.StepVerifier;

/**
 * {@link Signal#map} against {@code golden/signal/map_golden.txt}, written by HyperSpy 1.7.3
 * through {@code make_map_golden.py} next to it (record format described there), and the
 * hand-written cases: the navigation index, the double forms, non-uniform and missing signal
 * axes, where the function runs, what the inferring form reads at build time, failures of the
 * function, and bad input.
 *
 * <p>Every golden case runs with the output declared (the shape and dtype HyperSpy guessed) and
 * inferred ({@link SignalMapper}), on a lazy signal chunked across every axis (so signals are
 * assembled from several chunks) and on a materialised one. The result must be lazy with
 * HyperSpy's repr, dtype, axes (name, units, size, scale, offset, navigate) and values: integers
 * exactly, floats within 1e-5 relative (HyperSpy sums float32 in float32, pairwise).
 */
class SignalMapTest {
  private static final String GOLDEN = "/golden/signal/map_golden.txt";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withParallelism(2);

  // ------------------------------------------------------------------------------ golden

  @TestFactory
  Stream<DynamicTest> golden() throws IOException {
    Map<String, Signal> lazy = new HashMap<>();
    Map<String, Signal> eager = new HashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] f : records(GOLDEN)) {
      switch (f[0]) {
        case "sig" -> {
          GoldenSignal in = GoldenSignal.of(f, parseAxes(f[6]), f[7]);
          lazy.put(f[1], in.lazy());
          eager.put(f[1], in.eager());
        }
        case "map" -> tests.add(DynamicTest.dynamicTest(f[1] + ".map(" + f[2] + ")", () -> {
          long[] outArray = longs(f[3]);
          long[] outNatural = reversed(outArray);
          DType outDtype = DType.fromNumpyName(f[5]);
          for (Map<String, Signal> m : List.of(lazy, eager)) {
            Signal s = m.get(f[1]);
            long[] sigArray = signalArrayShape(s);
            SignalFunction declared = (signal, index, out) -> {
              Block r = GoldenFunction.apply(f[2], signal, sigArray);
              out.copyFrom(r, 0, 0, r.length());
            };
            SignalMapper inferred = (signal, index) ->
                SignalMapper.Output.of(GoldenFunction.apply(f[2], signal, sigArray),
                    reversed(GoldenFunction.outputArrayShape(f[2], sigArray)));
            check(s.map(declared, outNatural, outDtype), f);
            check(s.map(inferred), f);
          }
        }));
        default -> throw new IllegalStateException("unknown record " + f[0]);
      }
    }
    return tests.stream();
  }

  /** The functions of make_map_golden.py, in Java. */
  static final class GoldenFunction {
    private GoldenFunction() {}

    static long[] outputArrayShape(String name, long[] sig) {
      return switch (name) {
        case "sum" -> new long[0];
        case "double", "tofloat32" -> sig.clone();
        case "colsum" -> sig.length == 2 ? new long[] {sig[1]} : new long[0];
        case "head3" -> new long[] {3};
        case "outer" -> new long[] {2, 3};
        case "cube" -> new long[] {2, 3, 4};
        default -> throw new IllegalArgumentException(name);
      };
    }

    static Block apply(String name, Block in, long[] sig) {
      DType t = in.dtype();
      int n = in.length();
      switch (name) {
        case "sum":
          return sum(in, 0, 1, n);
        case "double": {
          Block out = Block.allocate(t, n);
          for (int i = 0; i < n; i++) {
            if (t.isFloat()) out.setDouble(i, in.getDouble(i) * 2);
            else out.setLong(i, in.getLong(i) * 2);
          }
          return out;
        }
        case "tofloat32": {
          Block out = Block.allocate(DType.FLOAT32, n);
          for (int i = 0; i < n; i++) out.setDouble(i, in.getDouble(i));
          return out;
        }
        case "colsum": {
          if (sig.length != 2) return sum(in, 0, 1, n);
          int rows = (int) sig[0];
          int cols = (int) sig[1];
          Block out = Block.allocate(t.sumType(), cols);
          for (int c = 0; c < cols; c++) out.copyFrom(sum(in, c, cols, rows), 0, c, 1);
          return out;
        }
        case "head3": {
          Block out = Block.allocate(DType.FLOAT32, 3);
          for (int i = 0; i < 3; i++) out.setDouble(i, in.getDouble(i));
          return out;
        }
        case "outer": {
          Block out = Block.allocate(DType.FLOAT64, 6);
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) out.setDouble(i * 3 + j, in.getDouble(i) * in.getDouble(j));
          }
          return out;
        }
        case "cube": {
          Block out = Block.allocate(DType.FLOAT64, 24);
          for (int i = 0; i < 24; i++) out.setDouble(i, in.getDouble(0));
          return out;
        }
        default:
          throw new IllegalArgumentException(name);
      }
    }

    /** numpy's sum of {@code count} elements from {@code from} every {@code step}: one element of the sum dtype. */
    private static Block sum(Block in, int from, int step, int count) {
      Block out = Block.allocate(in.dtype().sumType(), 1);
      if (in.dtype().isFloat()) {
        double s = 0;
        for (int k = 0; k < count; k++) s += in.getDouble(from + k * step);
        out.setDouble(0, s);
      } else {
        long s = 0;
        for (int k = 0; k < count; k++) s += in.getLong(from + k * step);
        out.setLong(0, s);
      }
      return out;
    }
  }

  private static void check(Signal result, String[] f) {
    String repr = f[4];
    Axes want = parseAxes(f[6]);
    if (want.rank() == 1 && "Scalar".equals(want.axis(0).name())) {
      // HyperSpy's size-1 "Scalar" axis: rank 0 here (documented difference)
      want = Axes.of(List.of());
      repr = repr.replace("(|1)", "(|)");
    }
    assertThat(result.isLazy()).isTrue();
    assertThat(result.toString()).isEqualTo(repr);
    assertThat(result.dtype().numpyName()).isEqualTo(f[5]);
    assertAxesWithUnits(result.axes(), want);
    Signal computed = result.compute(OPTIONS);
    assertThat(computed.axes()).isEqualTo(result.axes());
    double rel = result.dtype() == DType.FLOAT32 || result.dtype() == DType.FLOAT64 ? 1e-5 : 0;
    assertValues(computed.memory().orElseThrow().toBlock(), result.dtype(), f[7], rel);
  }

  /** Axes from "NAME,UNITS,SIZE,SCALE,OFFSET,NAVIGATE;..." in array order; "<undefined>" is unset. */
  static Axes parseAxes(String specs) {
    List<Axis> list = new ArrayList<>();
    if (specs.isEmpty()) return Axes.of(list);
    for (String spec : specs.split(";")) {
      String[] f = spec.split(",");
      list.add(Axis.uniform(Integer.parseInt(f[2]), Double.parseDouble(f[3]),
              Double.parseDouble(f[4]))
          .withName(undefined(f[0]))
          .withUnits(undefined(f[1]))
          .withNavigate(f[5].equals("1")));
    }
    return Axes.of(list);
  }

  private static String undefined(String s) {
    return s.equals("<undefined>") ? null : s;
  }

  private static void assertAxesWithUnits(Axes got, Axes want) {
    GoldenRecords.assertAxes(got, want);
    for (int i = 0; i < want.rank(); i++) {
      assertThat(got.axis(i).units()).as("units of axis %d", i).isEqualTo(want.axis(i).units());
    }
  }

  static long[] reversed(long[] values) {
    long[] r = new long[values.length];
    for (int i = 0; i < r.length; i++) r[i] = values[values.length - 1 - i];
    return r;
  }

  private static long[] signalArrayShape(Signal s) {
    long[] shape = s.axes().arrayShape();
    return Arrays.copyOfRange(shape, s.axes().navigationDimension(), shape.length);
  }

  // ------------------------------------------------------------------------------ hand-written

  /** float64 (4, 3|6, 5): value = flat index; navigation chunks of 2, signal chunks of 3 rows. */
  private static Signal scan() {
    Shape shape = Shape.of(3, 4, 5, 6);
    Axes axes = Axes.of(
        Axis.uniform(3, 0.5, 1.0).withName("y").withNavigate(true),
        Axis.uniform(4, 2.0, -1.0).withName("x").withNavigate(true),
        Axis.uniform(5, 0.1, 0.25).withName("ky").withUnits("1/nm"),
        Axis.uniform(6, -0.5, 2.0).withName("kx").withUnits("1/nm"));
    return Signal.lazy(LazyArray.of(MemoryArray.split(ramp(shape.size()),
        org.hyperflux.core.array.ChunkGrid.regular(shape, 2, 2, 3, 6))), axes).withTitle("scan");
  }

  @Test
  void theNavigationIndexIsInNaturalOrder() {
    Signal s = scan();
    // out = (x, y, first value of the signal)
    Signal r = s.map((signal, index, out) -> {
      out.setDouble(0, index[0]);
      out.setDouble(1, index[1]);
      out.setDouble(2, signal.getDouble(0));
    }, new long[] {3}, DType.FLOAT64);
    double[] v = r.compute(OPTIONS).memory().orElseThrow().toDoubleArray();
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        int p = y * 4 + x;
        assertThat(Arrays.copyOfRange(v, 3 * p, 3 * p + 3))
            .containsExactly(x, y, p * 30.0);
      }
    }
    assertThat(r.axes().dimensionsString()).isEqualTo("(4, 3|3)");
    assertThat(r.axes().axis(2).name()).isEqualTo("kx");
    assertThat(r.metadata()).isEqualTo(s.metadata());
  }

  @Test
  void theDoubleFormsConvertInAndOut() {
    Signal s = scan().changeDtype(DType.UINT16);
    // the mean of each frame, truncated into int16 by the cast of the declared dtype
    Signal means = s.map(SignalFunction.ofDoubles((signal, index, out) -> {
      double sum = 0;
      for (double v : signal) sum += v;
      out[0] = sum / signal.length + 0.75;
    }), new long[0], DType.INT16);
    assertThat(means.dtype()).isEqualTo(DType.INT16);
    assertThat(means.axes().dimensionsString()).isEqualTo("(4, 3|)");
    Block got = means.compute(OPTIONS).memory().orElseThrow().toBlock();
    for (int p = 0; p < 12; p++) assertThat(got.getLong(p)).isEqualTo(30L * p + 15);

    Signal heads = s.map(SignalMapper.ofDoubles((signal, index) -> Arrays.copyOf(signal, 2)));
    assertThat(heads.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(heads.axes().dimensionsString()).isEqualTo("(4, 3|2)");
    double[] h = heads.compute(OPTIONS).memory().orElseThrow().toDoubleArray();
    for (int p = 0; p < 12; p++) assertThat(new double[] {h[2 * p], h[2 * p + 1]}).containsExactly(30.0 * p, 30.0 * p + 1);
  }

  @Test
  void aScalarOutputOfAOneElementSignalKeepsNoSignalAxes() {
    // (3, 2|): no signal axes; the function sees one-element signals
    LazyArray data = LazyArray.of(MemoryArray.of(Shape.of(2, 3),
        Block.wrap(DType.FLOAT64, new double[] {1, 2, 3, 4, 5, 6})));
    Signal s = Signal.of(data, 0);
    Signal r = s.map((signal, index, out) -> out.setDouble(0, signal.getDouble(0) * 10 + signal.length()),
        new long[0], DType.FLOAT32);
    assertThat(r.axes().dimensionsString()).isEqualTo("(3, 2|)");
    assertThat(r.compute(OPTIONS).memory().orElseThrow().toDoubleArray())
        .containsExactly(11, 21, 31, 41, 51, 61);
    Signal v = s.map((signal, index, out) -> out.setDouble(3, signal.getDouble(0)), new long[] {4},
        DType.FLOAT64);
    assertThat(v.axes().dimensionsString()).isEqualTo("(3, 2|4)");
    assertThat(v.axes().axis(2)).isEqualTo(Axis.uniform(4));
    assertThat(v.compute(OPTIONS).memory().orElseThrow().toDoubleArray()).startsWith(0, 0, 0, 1, 0, 0, 0, 2);
  }

  @Test
  void nonUniformSignalAxesKeepTheirFirstValuesOrBecomeDefaults() {
    Axes axes = Axes.of(Axis.uniform(2).withNavigate(true),
        Axis.nonUniform(0, 1, 3, 6, 10, 15).withName("E").withUnits("eV"));
    Signal s = Signal.lazy(LazyArray.of(MemoryArray.of(Shape.of(2, 6),
        Block.wrap(DType.FLOAT64, new double[12]))), axes);
    SignalFunction none = (signal, index, out) -> {};
    assertThat(s.map(none, new long[] {6}, DType.FLOAT64).axes()).isEqualTo(axes);
    Axis shrunk = s.map(none, new long[] {3}, DType.FLOAT64).axes().axis(1);
    assertThat(shrunk.values()).containsExactly(0, 1, 3);
    assertThat(shrunk.name()).isEqualTo("E");
    Axis grown = s.map(none, new long[] {8}, DType.FLOAT64).axes().axis(1);
    assertThat(grown).isEqualTo(Axis.uniform(8).withName("E").withUnits("eV"));
    Axes image = s.map(none, new long[] {3, 2}, DType.FLOAT64).axes();
    assertThat(image.axis(1).values()).containsExactly(0, 1);
    assertThat(image.axis(2)).isEqualTo(Axis.uniform(3));
  }

  @Test
  void theFunctionRunsOnCpuThreadsNeverOnIoThreads() {
    CountingSource src = CountingSource.ramp(Shape.of(8, 4, 6), 2, 4, 3).blocking(Duration.ofMillis(1));
    List<String> threads = new CopyOnWriteArrayList<>();
    Signal r = Signal.of(LazyArray.of(src), 1).map((signal, index, out) -> {
      threads.add(Thread.currentThread().getName());
      out.setDouble(0, signal.getDouble(5));
    }, new long[0], DType.FLOAT64);
    double[] v = r.compute(OPTIONS).memory().orElseThrow().toDoubleArray();
    for (int p = 0; p < 32; p++) assertThat(v[p]).isEqualTo(p * 6 + 5);
    assertThat(threads).hasSize(32).allMatch(t -> t.startsWith("hyperflux-cpu-"));
    assertThat(src.readThreads()).allMatch(t -> t.startsWith("boundedElastic"));
  }

  @Test
  void inferringTheOutputReadsOnlyTheFirstSignal() {
    // (3, 6|8, 4) float32, chunks (2, 5, 2, 8): the first signal lies in two storage chunks
    CountingSource src = CountingSource.ramp(Shape.of(6, 5, 4, 8), 2, 5, 2, 8);
    Signal s = Signal.of(LazyArray.of(src), 2);
    List<long[]> seen = new CopyOnWriteArrayList<>();
    Signal r = s.map((signal, index) -> {
      seen.add(index.clone());
      return SignalMapper.Output.scalar(signal.getDouble(signal.length() - 1));
    });
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).containsExactly(0, 0);
    assertThat(src.chunksRead()).allSatisfy(c -> {
      assertThat(c.get(0)).isZero();
      assertThat(c.get(1)).isZero();
    });
    assertThat(src.regionsRead()).allSatisfy(region -> {
      assertThat(region.offset(0)).isZero();
      assertThat(region.extent(0)).isEqualTo(1);
      assertThat(region.offset(1)).isZero();
      assertThat(region.extent(1)).isEqualTo(1);
    });
    assertThat(src.reads() + src.regionReads()).isBetween(1, 2);
    assertThat(r.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(r.axes().dimensionsString()).isEqualTo("(5, 6|)");
    int readsAtBuild = src.reads() + src.regionReads();
    double[] v = r.compute(OPTIONS).memory().orElseThrow().toDoubleArray();
    for (int p = 0; p < 30; p++) assertThat(v[p]).isEqualTo(p * 32 + 31);
    assertThat(src.reads() + src.regionReads()).isGreaterThan(readsAtBuild);
  }

  @Test
  void aFailingFunctionEndsTheStreamNamingTheNavigationIndex() {
    Signal s = scan();
    IllegalStateException boom = new IllegalStateException("boom");
    Signal r = s.map((signal, index, out) -> {
      if (index[0] == 1 && index[1] == 2) throw boom;
      out.setDouble(0, 1);
    }, new long[0], DType.FLOAT64);
    StepVerifier.create(r.data().chunks(OPTIONS.withPrefetch(0)))
        .expectNextCount(2) // navigation chunks (y 0:2, x 0:2) and (0:2, 2:4) come before (2:3, 0:2)
        .consumeErrorWith(e -> {
          assertThat(e).isInstanceOf(SignalFunctionException.class).hasCause(boom);
          assertThat(((SignalFunctionException) e).navigationIndex()).containsExactly(1, 2);
          assertThat(e.getMessage()).contains("(1, 2)").contains("map(").contains("boom");
        })
        .verify(TIMEOUT);
  }

  @Test
  void anInconsistentMapperOutputEndsTheStreamNamingThePosition() {
    Signal s = scan();
    Signal r = s.map((signal, index) ->
        SignalMapper.Output.ofDoubles(new double[index[0] == 2 && index[1] == 2 ? 4 : 3]));
    assertThat(r.axes().dimensionsString()).isEqualTo("(4, 3|3)");
    assertThatThrownBy(() -> r.compute(OPTIONS))
        .isInstanceOf(SignalFunctionException.class)
        .hasMessageContaining("(2, 2)")
        .hasMessageContaining("shape (4,)")
        .hasMessageContaining("(3,)");
  }

  @Test
  void badInputFailsAtBuildTime() {
    Signal s = scan();
    SignalFunction f = (signal, index, out) -> {};
    assertThatThrownBy(() -> s.map((SignalFunction) null, new long[] {3}, DType.FLOAT64))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function");
    assertThatThrownBy(() -> s.map((SignalMapper) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function");
    assertThatThrownBy(() -> s.map(f, null, DType.FLOAT64))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape");
    assertThatThrownBy(() -> s.map(f, new long[] {3}, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dtype");
    assertThatThrownBy(() -> s.map(f, new long[] {4, -2}, DType.FLOAT64))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2")
        .hasMessageContaining("(4, -2)");
    assertThatThrownBy(() -> s.map(f, new long[] {1L << 32}, DType.FLOAT64))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4294967296");
    assertThatThrownBy(() -> s.map(f, new long[] {1 << 20, 1 << 20}, DType.FLOAT64))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one block");
    // an output whose data does not hold its shape
    assertThatThrownBy(() -> SignalMapper.Output.of(Block.allocate(DType.FLOAT64, 5), 2, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]")
        .hasMessageContaining("5");
    assertThatThrownBy(() -> s.map((signal, index) ->
            SignalMapper.Output.of(Block.allocate(DType.FLOAT64, 5), 2, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 0)")
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.map((signal, index) -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    // nothing to infer from
    Signal empty = s.inav(Index.range(0L, 0L));
    assertThatThrownBy(() -> empty.map((signal, index) -> SignalMapper.Output.scalar(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no navigation positions");
    // the declared form builds on an empty navigation space and computes nothing
    assertThat(empty.map(f, new long[] {2}, DType.INT8).compute(OPTIONS).axes().dimensionsString())
        .isEqualTo("(0, 3|2)");
  }

  @Test
  void aNavigationPositionOverTheBudgetFailsAtBuildTime() {
    Signal s = scan();
    SignalFunction f = (signal, index, out) -> {};
    // one frame is 240 bytes of float64, read by region, and its output 240 more
    assertThatThrownBy(() -> s.map(f, new long[] {6, 5}, DType.FLOAT64,
            ExecOptions.defaults().withBudgetBytes(400)))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("single navigation position")
        .hasMessageContaining("needs 480 bytes")
        .hasMessageContaining("budget is 400 bytes");
    assertThat(s.map(f, new long[] {6, 5}, DType.FLOAT64, ExecOptions.defaults().withBudgetBytes(1000)))
        .isNotNull();
    // a source that reads whole storage chunks: one 1 KiB frame needs its 64 KiB chunk
    CountingSource src = CountingSource.ramp(Shape.of(8, 8, 16, 16), 8, 8, 16, 16)
        .withCapabilities(Capability.RANDOM_ACCESS);
    Signal frames = Signal.of(LazyArray.of(src), 2);
    assertThatThrownBy(() -> frames.map(f, new long[0], DType.FLOAT64,
            ExecOptions.defaults().withBudgetBytes(32 << 10)))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("needs 65544 bytes")
        .hasMessageContaining("((8,), (8,), (16,), (16,))");
    assertThat(src.reads()).isZero();
  }

  @Test
  void functionsSurviveSerialisation() throws Exception {
    SignalFunction f = SignalFunction.ofDoubles((signal, index, out) -> out[0] = signal[1] + index[0]);
    SignalMapper m = SignalMapper.ofDoubles((signal, index) -> new double[] {signal[0] * 2});
    Block in = Block.wrap(DType.INT16, new short[] {3, 4});
    Block out = Block.allocate(DType.FLOAT32, 1);
    roundTrip(f).apply(in, new long[] {5}, out);
    assertThat(out.getDouble(0)).isEqualTo(9.0);
    assertThat(roundTrip(m).apply(in, new long[] {5}).data().getDouble(0)).isEqualTo(6.0);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
      o.writeObject(value);
    }
    try (java.io.ObjectInputStream i = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) i.readObject();
    }
  }

  @Test
  void chunksAreTheNavigationChunksWithWholeOutputSignals() {
    Signal r = scan().map((signal, index, out) -> {
      for (int i = 0; i < out.length(); i++) out.setDouble(i, 1);
    }, new long[] {2, 7}, DType.UINT8);
    assertThat(r.data().shape()).isEqualTo(Shape.of(3, 4, 7, 2));
    assertThat(r.data().grid().extentsString()).isEqualTo("((2, 1), (2, 2), (7,), (2,))");
    List<Chunk> chunks = r.data().chunks(OPTIONS).collectList().block(TIMEOUT);
    assertThat(chunks).hasSize(4);
    for (Chunk c : chunks) {
      assertThat(c.region()).isEqualTo(r.data().grid().region(c.gridIndex()));
      assertThat(c.dtype()).isEqualTo(DType.UINT8);
    }
    // a region with part of the output signal is computed whole and cut
    Signal cut = r.isig(Index.of(1), Index.range(2L, 5L));
    assertThat(cut.compute(OPTIONS).memory().orElseThrow().toDoubleArray()).containsOnly(1.0).hasSize(36);
  }
}
