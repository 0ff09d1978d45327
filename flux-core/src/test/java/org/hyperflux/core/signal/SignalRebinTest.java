package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.signal.GoldenRecords.assertAxes;
import static org.hyperflux.core.signal.GoldenRecords.assertValues;
import static org.hyperflux.core.signal.GoldenRecords.eagerRepr;
import static org.hyperflux.core.signal.GoldenRecords.longs;
import static org.hyperflux.core.signal.GoldenRecords.parseAxes;
import static org.hyperflux.core.signal.GoldenRecords.ramp;
import static org.hyperflux.core.signal.GoldenRecords.records;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
 * Checks {@link Signal#rebin}, {@link Signal#rebinToShape} and {@link Signal#stack} against
 * {@code golden/signal/rebin_golden.txt}, written by HyperSpy 1.7.3 (numpy 1.24) through {@code
 * make_rebin_golden.py} next to it (record format described there). Every case runs on a lazy
 * signal chunked across every axis and on a materialised one: repr, dtype, axes (name, size,
 * scale, offset, navigate, units), values and, for stacks, title, stacking history and
 * {@code original_metadata} keys must match HyperSpy's.
 *
 * <p>The documented differences are asserted as such: integer factors that do not divide the size
 * (HyperSpy's eager linear binning: float64 for integer data, {@code dtype="same"} refused) crop
 * with the same values and numpy's sum dtype here; non-integer factors and upsampling
 * ({@code rebinToShape} sizes that do not divide, HyperSpy interpolates) are refused; stacking
 * along an axis keeps the first signal's calibration (HyperSpy takes the longest signal's); and
 * signals whose shapes differ are refused (HyperSpy broadcasts axes of size 1). Integers compare
 * exactly; floats within 1e-12 relative, 1e-5 where float32 is involved.
 */
class SignalRebinTest {
  private static final String GOLDEN = "/golden/signal/rebin_golden.txt";
  /** Stacks along an axis whose length differs: HyperSpy keeps the longest signal's calibration. */
  private static final Set<String> LONGEST_CALIBRATION = Set.of("nat0");
  /** Stacks that HyperSpy broadcasts (a signal without the other's navigation axes). */
  private static final Set<String> BROADCAST = Set.of("baddim");

  @TestFactory
  Stream<DynamicTest> golden() throws IOException {
    Map<String, Signal> lazy = new HashMap<>();
    Map<String, Signal> eager = new HashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] f : records(GOLDEN)) {
      String name = String.join(" | ", Arrays.copyOf(f, Math.min(f.length, 5)));
      switch (f[0]) {
        case "sig" -> {
          GoldenSignal in = GoldenSignal.of(f, withUnits(parseAxes(f[6]), f[7]), f[8]);
          lazy.put(f[1], in.lazy());
          eager.put(f[1], in.eager());
        }
        case "rebin" -> tests.add(DynamicTest.dynamicTest(name, () -> {
          for (Map<String, Signal> m : List.of(lazy, eager)) checkRebin(m.get(f[1]), f);
        }));
        case "stack" -> tests.add(DynamicTest.dynamicTest(name, () -> {
          for (Map<String, Signal> m : List.of(lazy, eager)) checkStack(m, f);
        }));
        default -> throw new IllegalStateException("unknown record " + name);
      }
    }
    assertThat(tests).hasSizeGreaterThan(50);
    return tests.stream();
  }

  static Axes withUnits(Axes axes, String units) {
    String[] u = units.split(",", -1);
    Axes out = axes;
    for (int i = 0; i < axes.rank(); i++) out = out.with(i, out.axis(i).withUnits(u[i]));
    return out;
  }

  private static DType dtypeArg(Signal s, String arg) {
    return arg.isEmpty() ? null : arg.equals("same") ? s.dtype() : DType.fromNumpyName(arg);
  }

  private static Signal rebin(Signal s, String kind, String args, String dtype) {
    DType t = dtypeArg(s, dtype);
    return kind.equals("scale") ? s.rebin(t, longs(args)) : s.rebinToShape(t, longs(args));
  }

  /** Whether hyperflux accepts the arguments: integer factors from 1 to the size, one per axis. */
  private static boolean accepted(Signal s, String kind, String args) {
    long[] a = longs(args);
    List<Axis> natural = s.axes().naturalOrder();
    if (a.length != natural.size()) return false;
    for (int k = 0; k < a.length; k++) {
      long n = natural.get(k).size();
      if (a[k] < 1 || a[k] > n) return false;
      if (kind.equals("shape") && n % a[k] != 0) return false;
    }
    return true;
  }

  private static void checkRebin(Signal s, String[] f) {
    String kind = f[2];
    String args = f[3];
    String dtypeArg = f[4];
    boolean eagerOnly = f[5].equals("eager");
    String repr = f[6];
    if (!accepted(s, kind, args)) {
      // Bad input for both, or HyperSpy's interpolation / upsampling, refused here.
      assertThatThrownBy(() -> rebin(s, kind, args, dtypeArg))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Signal r = rebin(s, kind, args, dtypeArg);
    if (repr.startsWith("!")) {
      // HyperSpy's eager linear binning refuses dtype="same" for integers; cropping does not.
      assertThat(eagerOnly).as("HyperSpy refuses only on its linear-binning path").isTrue();
      assertThat(r.dtype()).isEqualTo(dtypeArg(s, dtypeArg));
      Block got = r.compute().memory().orElseThrow().toBlock();
      Block wrapped = rebin(s, kind, args, "").changeDtype(r.dtype()).compute().memory()
          .orElseThrow().toBlock();
      assertThat(got.length()).isEqualTo(wrapped.length());
      for (int i = 0; i < got.length(); i++) assertThat(got.getLong(i)).isEqualTo(wrapped.getLong(i));
      return;
    }
    DType want = DType.fromNumpyName(f[7]);
    DType input = s.dtype();
    if (eagerOnly) {
      // HyperSpy crops through linear binning: the same values, float64 for integer data.
      if (input.isFloat() || !dtypeArg.isEmpty()) {
        assertThat(r.dtype()).isEqualTo(want);
      } else {
        assertThat(want).isEqualTo(DType.FLOAT64);
        assertThat(r.dtype()).isEqualTo(input.sumType());
      }
      assertThat(r.toString()).isEqualTo(r.isLazy() ? repr.replaceFirst("^<", "<Lazy") : repr);
    } else {
      assertThat(r.dtype()).isEqualTo(want);
      assertThat(r.toString()).isEqualTo(r.isLazy() ? repr : eagerRepr(repr));
    }
    assertAxes(r.axes(), parseAxes(f[8]));
    assertThat(r.metadata()).isEqualTo(s.metadata());
    Signal computed = r.compute(ExecOptions.defaults().withParallelism(2));
    assertThat(computed.toString()).isEqualTo(eagerOnly ? repr : eagerRepr(repr));
    double rel = r.dtype() == DType.FLOAT32 || input == DType.FLOAT32 ? 1e-5 : 1e-12;
    assertValues(asGolden(computed, want), want, f[9], rel);
  }

  /** The computed values in the golden dtype (an integer sum compared with HyperSpy's float64 crop). */
  private static Block asGolden(Signal computed, DType golden) {
    Block b = computed.memory().orElseThrow().toBlock();
    if (b.dtype() == golden || !golden.isFloat() || b.dtype().isFloat()) return b;
    return computed.changeDtype(golden).compute().memory().orElseThrow().toBlock();
  }

  private static void checkStack(Map<String, Signal> signals, String[] f) {
    String caseName = f[1];
    List<Signal> in = Arrays.stream(f[2].split(",")).map(signals::get).collect(Collectors.toList());
    String axis = f[3];
    String repr = f[4];
    if (repr.startsWith("!") || BROADCAST.contains(caseName)) {
      assertThatThrownBy(() -> stack(in, axis)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("signal 1");
      return;
    }
    Signal r = stack(in, axis);
    if (in.size() == 1) {
      assertThat(r).isSameAs(in.get(0));
      return;
    }
    assertThat(r.toString()).isEqualTo(repr);
    assertThat(r.dtype().numpyName()).isEqualTo(f[5]);
    Axes want = withUnits(parseAxes(f[6]), f[7]);
    if (LONGEST_CALIBRATION.contains(caseName)) {
      // HyperSpy keeps the calibration of the signal longest along the axis; here the first's.
      int joined = in.get(0).axes().arrayIndex(Integer.parseInt(axis));
      Axis first = in.get(0).axes().axis(joined);
      want = want.with(joined, first.withSize(want.axis(joined).size()));
    }
    assertAxes(r.axes(), want);
    for (int i = 0; i < want.rank(); i++) {
      assertThat(r.axes().axis(i).units()).as("units of axis %d", i).isEqualTo(want.axis(i).units());
    }
    assertThat(r.title()).isEqualTo(f[9]);
    Metadata md = r.metadata();
    assertThat(String.valueOf(md.get("_HyperSpy.Stacking_history.axis").orElseThrow())).isEqualTo(f[10]);
    Object steps = md.get("_HyperSpy.Stacking_history.step_sizes").orElseThrow();
    String stepText = steps instanceof List<?> l
        ? l.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(steps);
    assertThat(stepText).isEqualTo(f[11]);
    assertThat(String.join(",", r.originalMetadata().keys())).isEqualTo(f[12]);
    for (int k = 0; k < in.size(); k++) {
      assertThat(r.originalMetadata().node("stack_elements.element" + k + ".metadata"))
          .isEqualTo(in.get(k).metadata());
    }
    Signal computed = r.compute(ExecOptions.defaults().withParallelism(2));
    assertThat(computed.toString()).isEqualTo(eagerRepr(repr));
    assertValues(computed.memory().orElseThrow().toBlock(), r.dtype(), f[8], 0);
    assertThat(r.isLazy()).as("the stack is lazy, whatever its inputs").isTrue();
  }

  private static Signal stack(List<Signal> in, String axis) {
    if (axis.isEmpty()) return Signal.stack(in);
    if (axis.matches("-?\\d+")) return Signal.stack(in, Integer.parseInt(axis));
    return Signal.stack(in, axis);
  }

  // -------------------------------------------------------------------- hand-written cases

  /** Signal1D (6, 4|5) of float64 ramp values, chunks (3, 4, 2) in array order (4, 6, 5). */
  private static Signal spectra() {
    Shape shape = Shape.of(4, 6, 5);
    Axes axes = Axes.of(
        Axis.uniform(4, 0.5, 1.0).withName("y").withNavigate(true),
        Axis.uniform(6, 2.0, -1.0).withName("x").withNavigate(true),
        Axis.uniform(5, 0.1, 0.25).withName("E").withUnits("eV"));
    return Signal.lazy(LazyArray.of(MemoryArray.split(ramp(shape.size()),
        ChunkGrid.regular(shape, 3, 4, 2))), axes).withTitle("spectra");
  }

  @Test
  void badRebinArgumentsFailAtBuildTimeNamingTheAxis() {
    Signal s = spectra();
    assertThatThrownBy(() -> s.rebinToShape(4, 4, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 4, 5]").hasMessageContaining("<x axis, size: 6")
        .hasMessageContaining("6 / 4 = 1.5 is not an integer").hasMessageContaining("1, 2, 3, 6");
    assertThatThrownBy(() -> s.rebinToShape(12, 4, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upsampling");
    assertThatThrownBy(() -> s.rebinToShape(0, 4, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 1");
    assertThatThrownBy(() -> s.rebin(2, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 2 [2, 2] for the 3 axes (6, 4|5)");
    assertThatThrownBy(() -> s.rebinToShape(3, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one new size per axis");
    assertThatThrownBy(() -> s.rebin(1, 0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor 0 for <y axis").hasMessageContaining("must be an integer >= 1");
    assertThatThrownBy(() -> s.rebin(7, 1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor 7 for <x axis").hasMessageContaining("larger than the axis size 6");
  }

  @Test
  void nonUniformAxesAreKeptButNotBinned() {
    Signal s = spectra();
    Axes axes = s.axes().with(2, Axis.nonUniform(0.0, 1.0, 3.0, 7.0, 15.0).withName("E"));
    Signal n = s.withAxes(axes);
    Signal binned = n.rebin(2, 2, 1);
    assertThat(binned.axes().axis(2)).isEqualTo(axes.axis(2));
    assertThat(binned.axes().axis(0).size()).isEqualTo(2);
    assertThatThrownBy(() -> n.rebin(1, 1, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-uniform axis <E axis, size: 5>").hasMessageContaining("by 5");
  }

  @Test
  void rebinDerivesItsChunksFromTheInputAndKeepsMetadata() {
    Signal s = spectra().withMetadata(spectra().metadata().withSignalType("EELS"));
    Signal r = s.rebin(3, 2, 1);
    // x (array axis 1) in chunks of 4 binned by 3: not aligned before 12, so one output chunk of 2
    assertThat(r.data().grid().extents(0)).containsExactly(2);
    assertThat(r.data().grid().extents(1)).containsExactly(2);
    assertThat(r.data().grid().extents(2)).containsExactly(2, 2, 1);
    assertThat(r.metadata()).isEqualTo(s.metadata());
    assertThat(r.isLazy()).isTrue();
    // every factor 1 is the signal itself (HyperSpy: a copy in the same dtype)
    assertThat(s.rebin(1, 1, 1)).isSameAs(s);
    assertThat(s.rebin(DType.FLOAT32, 1, 1, 1).dtype()).isEqualTo(DType.FLOAT32);
    // values: block sums of the ramp, x binned by 3 and y by 2
    double[] got = r.compute().memory().orElseThrow().toDoubleArray();
    int k = 0;
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        for (int e = 0; e < 5; e++) {
          double want = 0;
          for (int yy = 2 * y; yy < 2 * y + 2; yy++) {
            for (int xx = 3 * x; xx < 3 * x + 3; xx++) want += (yy * 6 + xx) * 5 + e;
          }
          assertThat(got[k++]).as("(y %d, x %d, E %d)", y, x, e).isEqualTo(want);
        }
      }
    }
  }
}
