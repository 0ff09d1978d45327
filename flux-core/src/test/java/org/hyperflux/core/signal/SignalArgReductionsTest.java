package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.signal.GoldenRecords.assertValues;
import static org.hyperflux.core.signal.GoldenRecords.eagerRepr;
import static org.hyperflux.core.signal.GoldenRecords.halves;
import static org.hyperflux.core.signal.GoldenRecords.pyDouble;
import static org.hyperflux.core.signal.GoldenRecords.records;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.GoldenRecords.GoldenSignal;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks {@link Signal#indexmax}, {@code indexmin}, {@code valuemax} and {@code valuemin} against
 * {@code golden/signal/argmax_golden.txt}, written by HyperSpy 1.7.3 (numpy 1.24) through {@code
 * make_argmax_golden.py} next to it (record format described there): uniform and non-uniform
 * axes, navigation and signal axes by integer (negative too) and by name, NaN, ties, int8
 * extremes, uint64 above 2^63 and bool. Every case runs on lazy signals chunked in halves, in
 * single elements (every tie crosses a chunk boundary) and in one chunk, and on a materialised
 * signal; the result must be lazy with HyperSpy's repr, dtype, title, axes (calibration, values of
 * non-uniform axes, navigate) and exactly HyperSpy's values (indices and axis values alike, the
 * latter being the same float64 arithmetic). Removing the only axis is the one documented
 * difference: HyperSpy adds a size-1 "Scalar" axis where the result here has rank 0.
 */
class SignalArgReductionsTest {
  private static final String GOLDEN = "/golden/signal/argmax_golden.txt";
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withParallelism(2).withTileElements(5);

  @TestFactory
  Stream<DynamicTest> golden() throws IOException {
    Map<String, Map<String, Signal>> signals = new HashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] f : records(GOLDEN)) {
      String name = String.join(" | ", Arrays.copyOf(f, Math.min(f.length, 4)));
      switch (f[0]) {
        case "sig" -> {
          GoldenSignal in = GoldenSignal.of(f, parseAxes(f[6]), f[7]);
          int[] ones = new int[in.shape().rank()];
          Arrays.fill(ones, 1);
          Map<String, Signal> variants = new LinkedHashMap<>();
          variants.put("halves", in.lazy());
          variants.put("single elements", in.lazy(ChunkGrid.regular(in.shape(), ones)));
          variants.put("one chunk", in.lazy(ChunkGrid.single(in.shape())));
          variants.put("in memory", in.eager());
          signals.put(f[1], variants);
        }
        case "arg" -> tests.add(DynamicTest.dynamicTest(name, () -> {
          for (Map.Entry<String, Signal> v : signals.get(f[1]).entrySet()) {
            check(v.getValue(), f, v.getKey());
          }
        }));
        default -> throw new IllegalStateException("unknown record " + name);
      }
    }
    assertThat(tests).hasSizeGreaterThan(100);
    return tests.stream();
  }

  /** Axes from "NAME,SIZE,NAVIGATE,u:SCALE:OFFSET" or "NAME,SIZE,NAVIGATE,v:V0:V1:..." in array order. */
  static Axes parseAxes(String specs) {
    List<Axis> list = new ArrayList<>();
    if (specs.isEmpty()) return Axes.of(list);
    for (String spec : specs.split(";")) {
      String[] f = spec.split(",");
      String[] cal = f[3].split(":");
      Axis a;
      if (cal[0].equals("u")) {
        a = Axis.uniform(Integer.parseInt(f[1]), pyDouble(cal[1]), pyDouble(cal[2]));
      } else {
        a = Axis.nonUniform(Integer.parseInt(f[1]),
            Arrays.stream(cal).skip(1).mapToDouble(GoldenRecords::pyDouble).toArray());
      }
      list.add(a.withName(f[0]).withNavigate(f[2].equals("1")));
    }
    return Axes.of(list);
  }

  private static Signal apply(Signal s, String func, String selector) {
    String[] kv = selector.split(":");
    boolean byName = kv[0].equals("name");
    int index = byName ? 0 : Integer.parseInt(kv[1]);
    return switch (func) {
      case "indexmax" -> byName ? s.indexmax(kv[1]) : s.indexmax(index);
      case "indexmin" -> byName ? s.indexmin(kv[1]) : s.indexmin(index);
      case "valuemax" -> byName ? s.valuemax(kv[1]) : s.valuemax(index);
      case "valuemin" -> byName ? s.valuemin(kv[1]) : s.valuemin(index);
      default -> throw new IllegalArgumentException(func);
    };
  }

  /** Checks the result fields REPR DTYPE TITLE AXES VALUES (from index 4) on {@code s}. */
  private static void check(Signal s, String[] f, String variant) {
    if (f[4].startsWith("!")) {
      assertThatThrownBy(() -> apply(s, f[2], f[3])).as(variant)
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Signal result = apply(s, f[2], f[3]);
    assertThat(result.isLazy()).as(variant).isTrue();
    assertThat(result.dtype().numpyName()).as(variant).isEqualTo(f[5]);
    assertThat(result.title()).as(variant).isEqualTo(f[6]);
    Axes want = parseAxes(f[7]);
    boolean scalar = s.axes().rank() == 1;
    if (scalar) {
      // HyperSpy's "Scalar" axis of size 1; here the only axis is removed and the rank is 0.
      assertThat(want.rank()).isEqualTo(1);
      assertThat(want.axis(0).name()).isEqualTo("Scalar");
      assertThat(result.axes().rank()).as(variant).isZero();
      assertThat(result.toString()).as(variant)
          .isEqualTo(f[4].replace("dimensions: (|1)", "dimensions: (|)"));
    } else {
      assertThat(result.toString()).as(variant).isEqualTo(f[4]);
      assertAxes(result.axes(), want, variant);
    }
    assertThat(result.data().grid().shape()).isEqualTo(result.data().shape());
    Signal computed = result.compute(OPTIONS);
    assertThat(computed.toString()).as(variant)
        .isEqualTo(eagerRepr(scalar ? f[4].replace("dimensions: (|1)", "dimensions: (|)") : f[4]));
    Block got = computed.memory().orElseThrow().toBlock();
    assertValues(got, result.dtype(), f[8], 0);
  }

  /** Name, size, navigate and calibration (scale and offset, or the values) of every axis. */
  private static void assertAxes(Axes got, Axes want, String variant) {
    assertThat(got.rank()).as(variant).isEqualTo(want.rank());
    for (int i = 0; i < want.rank(); i++) {
      Axis w = want.axis(i);
      Axis g = got.axis(i);
      assertThat(g.name()).as("name of axis %d, %s", i, variant).isEqualTo(w.name());
      assertThat(g.size()).as("size of axis %d, %s", i, variant).isEqualTo(w.size());
      assertThat(g.navigate()).as("navigate of axis %d, %s", i, variant).isEqualTo(w.navigate());
      assertThat(g.isUniform()).as("uniform axis %d, %s", i, variant).isEqualTo(w.isUniform());
      assertThat(g.values()).as("values of axis %d, %s", i, variant).containsExactly(w.values());
      if (w.isUniform()) {
        assertThat(g.scale()).as("scale of axis %d", i).isEqualTo(w.scale());
        assertThat(g.offset()).as("offset of axis %d", i).isEqualTo(w.offset());
      }
    }
  }

  // -------------------------------------------------------------------- hand-written cases

  /** Spectra (4, 3|5) float64 whose peak (a tie between two channels) moves with x. */
  private static Signal spectra(ChunkGrid grid) {
    Shape shape = Shape.of(3, 4, 5);
    double[] d = new double[60];
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        d[(y * 4 + x) * 5 + x] = 10 + y;
        d[(y * 4 + x) * 5 + 4] = 10 + y;
      }
    }
    Axes axes = Axes.of(
        Axis.uniform(3, 0.5, 1.0).withName("y").withNavigate(true),
        Axis.uniform(4, 2.0, -1.0).withName("x").withNavigate(true),
        Axis.nonUniform(100.0, 101.5, 103.0, 110.0, 200.0).withName("E").withUnits("eV"));
    Signal s = Signal.lazy(LazyArray.of(MemoryArray.split(Block.wrap(DType.FLOAT64, d),
        grid == null ? ChunkGrid.regular(shape, 2, 3, 2) : grid)), axes).withTitle("peaks");
    return s.withMetadata(s.metadata().withSignalType("EELS"))
        .withOriginalMetadata(Metadata.empty().with("Acquisition.exposure", 0.5));
  }

  @Test
  void theAxisIsRemovedAndMetadataKept() {
    Signal s = spectra(null);
    Signal peak = s.valuemax("E");
    assertThat(peak.toString()).isEqualTo("<LazySignal, title: peaks, dimensions: (4, 3|)>");
    assertThat(peak.kind()).isEqualTo(SignalKind.BASE);
    assertThat(peak.metadata()).isEqualTo(s.metadata());
    assertThat(peak.originalMetadata()).isEqualTo(s.originalMetadata());
    assertThat(peak.axes()).isEqualTo(Axes.of(s.axes().axis(0), s.axes().axis(1)));
    MemoryArray m = peak.compute(OPTIONS).memory().orElseThrow();
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(m.getDouble(y, x)).isEqualTo(new double[] {100.0, 101.5, 103.0, 110.0, 200.0}[x]);
      }
    }
    // Over the navigation x axis (natural index 0) the result is a Signal1D (3|5).
    Signal overX = s.indexmax(0);
    assertThat(overX.toString()).isEqualTo("<LazySignal1D, title: peaks, dimensions: (3|5)>");
    assertThat(overX.axes()).isEqualTo(Axes.of(s.axes().axis(0), s.axes().axis(2)));
    assertThat(overX.data().grid()).isEqualTo(ChunkGrid.regular(Shape.of(3, 5), 2, 2));
    // HyperSpy's negative integer axes index its tuple of axes in natural order.
    assertThat(s.indexmin(-1).compute(OPTIONS).memory().orElseThrow().toBlock().getLong(0))
        .isEqualTo(s.indexmin(2).compute(OPTIONS).memory().orElseThrow().toBlock().getLong(0));
    assertThat(s.valuemin(-3).axes()).isEqualTo(s.valuemin("x").axes());
  }

  @Test
  void theChunkingIsTheInputsWithTheAxisRemoved() {
    ChunkGrid grid = ChunkGrid.irregular(Shape.of(3, 4, 5), new int[] {1, 2}, new int[] {3, 1},
        new int[] {2, 2, 1});
    Signal s = spectra(grid);
    assertThat(s.indexmax("E").data().grid())
        .isEqualTo(ChunkGrid.irregular(Shape.of(3, 4), new int[] {1, 2}, new int[] {3, 1}));
    assertThat(s.valuemin("y").data().grid())
        .isEqualTo(ChunkGrid.irregular(Shape.of(4, 5), new int[] {3, 1}, new int[] {2, 2, 1}));
    assertThat(s.valuemin("y").dtype()).isEqualTo(DType.FLOAT64);
    assertThat(s.indexmin("y").dtype()).isEqualTo(DType.INT64);
  }

  @Test
  void badAxesAreRefusedWhenTheResultIsBuilt() {
    Signal s = spectra(null);
    assertThatThrownBy(() -> s.indexmax("energy")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no axis named 'energy'").hasMessageContaining("E");
    assertThatThrownBy(() -> s.valuemax(3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("axis index 3 is out of range").hasMessageContaining("-3 to 2");
    assertThatThrownBy(() -> s.valuemin(-4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("axis index -4 is out of range");
    assertThatThrownBy(() -> s.indexmin((String) null)).isInstanceOf(NullPointerException.class);
    Signal empty = Signal.of(LazyArray.of(MemoryArray.zeros(DType.UINT16,
        ChunkGrid.regular(Shape.of(3, 0), 2, 1))), 1).withTitle("empty");
    for (int axis : new int[] {1, -1}) {
      assertThatThrownBy(() -> empty.indexmax(axis)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the axis is empty").hasMessageContaining("attempt to get argmax of an empty sequence");
      assertThatThrownBy(() -> empty.valuemin(axis)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attempt to get argmin of an empty sequence");
    }
    // The navigation axis is not empty: the result is an empty signal (|0).
    assertThat(empty.indexmax(0).toString()).isEqualTo("<LazySignal1D, title: empty, dimensions: (|0)>");
  }
}
