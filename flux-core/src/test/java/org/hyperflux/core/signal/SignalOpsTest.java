package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.signal.GoldenRecords.assertLazyResult;
import static org.hyperflux.core.signal.GoldenRecords.parseAxes;
import static org.hyperflux.core.signal.GoldenRecords.records;
import static org.hyperflux.core.signal.GoldenRecords.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.hyperflux.core.accumulate.Reduction;
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
 * Checks the reductions, arithmetic and {@code changeDtype} of {@link Signal} against {@code
 * golden/signal/signal_ops_golden.txt}, written by HyperSpy 1.7.3 (numpy 1.24) through {@code
 * make_signal_ops_golden.py} next to it (record format described there). Every case runs on a
 * lazy signal chunked across every axis and on a materialised one; the result must be lazy, with
 * HyperSpy's repr (a lazy class name, as the golden signals are lazy), dtype, axes (name, size,
 * scale, offset, navigate) and values, and its computed form the materialised class name.
 * Integer values are compared exactly; float values with a relative tolerance of 1e-12 for
 * float64 and 1e-5 for float32 (plus the same absolute floor), because the chunked summation
 * order differs from dask's; NaN and infinities must match exactly.
 */
class SignalOpsTest {
  private static final String GOLDEN = "/golden/signal/signal_ops_golden.txt";

  @TestFactory
  Stream<DynamicTest> golden() throws IOException {
    Map<String, Signal> lazy = new HashMap<>();
    Map<String, Signal> eager = new HashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] f : records(GOLDEN)) {
      String name = String.join(" | ", Arrays.copyOf(f, Math.min(f.length, 4)));
      switch (f[0]) {
        case "sig" -> {
          GoldenSignal in = GoldenSignal.of(f, parseAxes(f[6]), f[7]);
          lazy.put(f[1], in.lazy());
          eager.put(f[1], in.eager());
        }
        case "red" -> tests.add(DynamicTest.dynamicTest(name, () -> {
          Reduction r = Reduction.valueOf(f[2].toUpperCase(Locale.ROOT));
          AxisSet over = selector(f[3]);
          for (Map<String, Signal> m : List.of(lazy, eager)) {
            Signal s = m.get(f[1]);
            assertLazyResult(() -> s.reduce(r, over), f, 4, SignalOpsTest::tolerance);
            assertLazyResult(() -> viaMethod(s, f[2], over), f, 4, SignalOpsTest::tolerance);
          }
        }));
        case "bin" -> tests.add(DynamicTest.dynamicTest(name, () -> {
          for (Map<String, Signal> m : List.of(lazy, eager)) {
            assertLazyResult(() -> evaluate(m, f[2]), f, 3, SignalOpsTest::tolerance);
          }
        }));
        case "cd" -> tests.add(DynamicTest.dynamicTest(name, () -> {
          for (Map<String, Signal> m : List.of(lazy, eager)) {
            assertLazyResult(() -> m.get(f[1]).changeDtype(DType.fromNumpyName(f[2])), f, 3,
                SignalOpsTest::tolerance);
          }
        }));
        default -> throw new IllegalStateException("unknown record " + name);
      }
    }
    assertThat(tests).hasSizeGreaterThan(150);
    return tests.stream();
  }

  private static AxisSet selector(String text) {
    if (text.equals("nav")) return AxisSet.NAVIGATION;
    if (text.equals("sig")) return AxisSet.SIGNAL;
    String[] kv = text.split(":");
    String[] items = kv[1].split(",");
    if (kv[0].equals("name")) return AxisSet.names(items);
    return AxisSet.natural(Arrays.stream(items).mapToInt(Integer::parseInt).toArray());
  }

  /** The named convenience method ({@code s.nanstd(over)}), to check each one is wired. */
  private static Signal viaMethod(Signal s, String func, AxisSet over) {
    return switch (func) {
      case "sum" -> s.sum(over);
      case "mean" -> s.mean(over);
      case "min" -> s.min(over);
      case "max" -> s.max(over);
      case "std" -> s.std(over);
      case "var" -> s.var(over);
      case "nansum" -> s.nansum(over);
      case "nanmean" -> s.nanmean(over);
      case "nanmin" -> s.nanmin(over);
      case "nanmax" -> s.nanmax(over);
      case "nanstd" -> s.nanstd(over);
      case "nanvar" -> s.nanvar(over);
      default -> throw new IllegalArgumentException(func);
    };
  }

  /** "A OP B" with B a signal id, a Python int or a Python float. */
  private static Signal evaluate(Map<String, Signal> signals, String expr) {
    String[] t = expr.split(" ");
    Signal a = signals.get(t[0]);
    String b = t[2];
    if (signals.containsKey(b)) {
      Signal o = signals.get(b);
      return switch (t[1]) {
        case "+" -> a.add(o);
        case "-" -> a.subtract(o);
        case "*" -> a.multiply(o);
        case "/" -> a.divide(o);
        default -> throw new IllegalArgumentException(expr);
      };
    }
    if (b.contains(".")) {
      double v = Double.parseDouble(b);
      return switch (t[1]) {
        case "+" -> a.add(v);
        case "-" -> a.subtract(v);
        case "*" -> a.multiply(v);
        case "/" -> a.divide(v);
        default -> throw new IllegalArgumentException(expr);
      };
    }
    long v = Long.parseLong(b);
    return switch (t[1]) {
      case "+" -> a.add(v);
      case "-" -> a.subtract(v);
      case "*" -> a.multiply(v);
      case "/" -> a.divide(v);
      default -> throw new IllegalArgumentException(expr);
    };
  }

  /** The relative tolerance of a result of this dtype: float32 sums round more. */
  private static double tolerance(DType dtype) {
    return dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
  }

  // -------------------------------------------------------------------- hand-written cases

  @Test
  void selectorsNameTheSameAxes() {
    Signal s = scan();
    assertThat(s.sum().axes()).isEqualTo(s.sum(AxisSet.NAVIGATION).axes());
    assertThat(s.sum("kx", "y").axes()).isEqualTo(s.sum(AxisSet.natural(1, 2)).axes());
    assertThat(s.sum(AxisSet.navigation(1)).axes()).isEqualTo(s.sum("y").axes());
    assertThat(s.sum(AxisSet.signal(0)).axes()).isEqualTo(s.sum("kx").axes());
    assertThat(s.sum(AxisSet.signal(1, 0)).axes()).isEqualTo(s.sum(AxisSet.SIGNAL).axes());
    assertThat(s.mean("ky").toString())
        .isEqualTo("<LazySignal1D, title: scan, dimensions: (4, 3|6)>");
  }

  @Test
  void badSelectionsFailAtBuildTime() {
    Signal s = scan();
    assertThatThrownBy(() -> s.sum("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> s.sum(AxisSet.navigation(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> s.sum(AxisSet.natural(4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> s.sum(AxisSet.natural(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.max("kx", "kx"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    Signal pattern = s.inav(0L, 0L);
    assertThatThrownBy(pattern::sum)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no axes selected");
  }

  @Test
  void reducingEveryAxisLeavesRankZero() {
    Signal total = scan().sum(AxisSet.NAVIGATION).sum(AxisSet.SIGNAL);
    assertThat(total.axes().rank()).isZero();
    assertThat(total.compute().memory().orElseThrow().toDoubleArray())
        .containsExactly(359.0 * 360 / 2);
  }

  @Test
  void mismatchedSignalsNameBothDimensions() {
    Signal s = scan();
    Signal other = s.isig(Index.range(0, 4));
    assertThatThrownBy(() -> s.subtract(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(4, 3|6, 5)")
        .hasMessageContaining("(4, 3|4, 5)");
    assertThatThrownBy(() -> s.add(s.inav(Index.range(0, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(2, 3|6, 5)");
  }

  @Test
  void operationsKeepMetadataAndLeaveTheSourceUnchanged() {
    Signal s = scan().withMetadata(scan().metadata().withSignalType("electron_diffraction"));
    Signal r = s.multiply(2.0).changeDtype(DType.FLOAT32).nanmean("x");
    assertThat(r.metadata()).isEqualTo(s.metadata());
    assertThat(r.originalMetadata()).isEqualTo(s.originalMetadata());
    assertThat(s.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(s.axes().rank()).isEqualTo(4);
    assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
  }
  // -------------------------------------------------------------------- properties

  /** A float64 signal of random geometry and chunking, values multiples of 0.5 in [-7, 13]. */
  private static Signal randomSignal(Random rnd, long[] arrayShape, int signalDimension) {
    Shape shape = Shape.of(arrayShape);
    double[] d = new double[(int) shape.size()];
    for (int i = 0; i < d.length; i++) d[i] = rnd.nextInt(41) * 0.5 - 7;
    int[] chunk = new int[arrayShape.length];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = 1 + rnd.nextInt((int) Math.max(1, arrayShape[i]));
    }
    Axes axes = Axes.uniform(arrayShape, signalDimension);
    return Signal.lazy(LazyArray.of(MemoryArray.split(Block.wrap(DType.FLOAT64, d),
        ChunkGrid.regular(shape, chunk))), axes);
  }

  /** Extents of one operand's group, natural order: a prefix of the result's, some set to 1. */
  private static long[] operandGroup(Random rnd, long[] resultNatural, int count) {
    long[] out = new long[count];
    for (int k = 0; k < count; k++) out[k] = rnd.nextInt(3) == 0 ? 1 : resultNatural[k];
    return out;
  }

  private static long[] arrayShape(long[] navNatural, long[] sigNatural) {
    long[] out = new long[navNatural.length + sigNatural.length];
    for (int k = 0; k < navNatural.length; k++) out[navNatural.length - 1 - k] = navNatural[k];
    for (int k = 0; k < sigNatural.length; k++) {
      out[out.length - 1 - k] = sigNatural[k];
    }
    return out;
  }

  /** The C-order flat index of the natural-order position (nav, sig) in an operand. */
  private static int flatIndex(long[] nav, long[] sig, int[] navPos, int[] sigPos) {
    long[] shape = arrayShape(nav, sig);
    int[] pos = new int[shape.length];
    for (int k = 0; k < nav.length; k++) pos[nav.length - 1 - k] = nav[k] == 1 ? 0 : navPos[k];
    for (int k = 0; k < sig.length; k++) pos[shape.length - 1 - k] = sig[k] == 1 ? 0 : sigPos[k];
    int flat = 0;
    for (int i = 0; i < shape.length; i++) flat = (int) (flat * shape[i] + pos[i]);
    return flat;
  }

  @Property(tries = 120, seed = "20261125")
  void broadcastingMatchesHyperSpysRule(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Random rnd = new Random(seed);
    int nNav = rnd.nextInt(3);
    int nSig = 1 + rnd.nextInt(2);
    long[] nav = new long[nNav];
    long[] sig = new long[nSig];
    for (int k = 0; k < nNav; k++) nav[k] = 1 + rnd.nextInt(4);
    for (int k = 0; k < nSig; k++) sig[k] = 1 + rnd.nextInt(4);
    long[][] navOf = new long[2][];
    long[][] sigOf = new long[2][];
    Signal[] s = new Signal[2];
    int full = rnd.nextInt(2);
    for (int o = 0; o < 2; o++) {
      // one operand has the result's full rank so that every result axis has a source
      navOf[o] = o == full ? nav.clone() : operandGroup(rnd, nav, rnd.nextInt(nNav + 1));
      sigOf[o] = o == full ? sig.clone() : operandGroup(rnd, sig, 1 + rnd.nextInt(nSig));
      s[o] = randomSignal(rnd, arrayShape(navOf[o], sigOf[o]), sigOf[o].length)
          .withTitle("operand " + o);
    }
    Signal r = s[0].subtract(s[1]);
    assertThat(r.title()).isEqualTo("operand 0");
    assertThat(r.axes().navigationShape()).containsExactly(nav);
    assertThat(r.axes().signalShape()).containsExactly(sig);
    double[] a = s[0].compute().memory().orElseThrow().toDoubleArray();
    double[] b = s[1].compute().memory().orElseThrow().toDoubleArray();
    double[] got = r.compute(ExecOptions.defaults().withParallelism(2)).memory().orElseThrow()
        .toDoubleArray();
    int[] navPos = new int[nNav];
    int[] sigPos = new int[nSig];
    for (int flat = 0; flat < got.length; flat++) {
      // natural position of the result's C-order flat index
      long rest = flat;
      for (int k = 0; k < nSig; k++) {
        sigPos[k] = (int) (rest % sig[k]);
        rest /= sig[k];
      }
      for (int k = 0; k < nNav; k++) {
        navPos[k] = (int) (rest % nav[k]);
        rest /= nav[k];
      }
      double want = a[flatIndex(navOf[0], sigOf[0], navPos, sigPos)]
          - b[flatIndex(navOf[1], sigOf[1], navPos, sigPos)];
      assertThat(got[flat]).as("element %d", flat).isEqualTo(want);
    }
  }

  @Property(tries = 120, seed = "20261126")
  void reductionsMatchAPlainLoop(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Random rnd = new Random(seed);
    int rank = 1 + rnd.nextInt(4);
    long[] shape = new long[rank];
    for (int i = 0; i < rank; i++) shape[i] = 1 + rnd.nextInt(4);
    Signal s = randomSignal(rnd, shape, rnd.nextInt(rank + 1));
    List<Integer> chosen = new ArrayList<>();
    for (int k = 0; k < rank; k++) if (rnd.nextBoolean()) chosen.add(k);
    if (chosen.isEmpty()) chosen.add(rnd.nextInt(rank));
    AxisSet over = AxisSet.natural(chosen.stream().mapToInt(Integer::intValue).toArray());
    boolean[] reduced = new boolean[rank];
    for (int k : chosen) reduced[s.axes().arrayIndex(k)] = true;
    Signal sum = s.sum(over);
    Signal max = s.max(over);
    assertThat(sum.axes().rank()).isEqualTo(rank - chosen.size());
    for (int i = 0, j = 0; i < rank; i++) {
      if (!reduced[i]) assertThat(sum.axes().axis(j++)).isEqualTo(s.axes().axis(i));
    }
    double[] in = s.compute().memory().orElseThrow().toDoubleArray();
    int outSize = 1;
    for (int i = 0; i < rank; i++) if (!reduced[i]) outSize *= (int) shape[i];
    double[] wantSum = new double[outSize];
    double[] wantMax = new double[outSize];
    Arrays.fill(wantMax, Double.NEGATIVE_INFINITY);
    int[] pos = new int[rank];
    for (int flat = 0; flat < in.length; flat++) {
      long rest = flat;
      for (int i = rank - 1; i >= 0; i--) {
        pos[i] = (int) (rest % shape[i]);
        rest /= shape[i];
      }
      int o = 0;
      for (int i = 0; i < rank; i++) if (!reduced[i]) o = (int) (o * shape[i] + pos[i]);
      wantSum[o] += in[flat];
      wantMax[o] = Math.max(wantMax[o], in[flat]);
    }
    ExecOptions options = ExecOptions.defaults().withParallelism(2);
    // values are multiples of 0.5 with small sums: exact in any summation order
    assertThat(sum.compute(options).memory().orElseThrow().toDoubleArray())
        .containsExactly(wantSum);
    assertThat(max.compute(options).memory().orElseThrow().toDoubleArray())
        .containsExactly(wantMax);
  }
}
