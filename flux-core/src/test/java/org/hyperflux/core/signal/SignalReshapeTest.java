package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.signal.GoldenRecords.assertAxes;
import static org.hyperflux.core.signal.GoldenRecords.assertValues;
import static org.hyperflux.core.signal.GoldenRecords.eagerRepr;
import static org.hyperflux.core.signal.GoldenRecords.ints;
import static org.hyperflux.core.signal.GoldenRecords.parseAxes;
import static org.hyperflux.core.signal.GoldenRecords.records;
import static org.hyperflux.core.signal.GoldenRecords.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
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
 * Checks {@link Signal#T}, {@code transpose}, {@code asSignal1D}, {@code asSignal2D}, {@code diff}
 * and {@code integrate1D} against {@code golden/signal/signal_reshape_golden.txt}, written by
 * HyperSpy 1.7.3 (numpy 1.24, scipy 1.10) through {@code make_signal_reshape_golden.py} next to it
 * (record format described there). Every case runs on a lazy signal chunked across every axis
 * and on a materialised one: repr, dtype, axes (name, size, scale, offset, navigate) and values
 * must match. Two documented differences: integrate1D's dtype is the computed float64 (HyperSpy's
 * lazy result declares the input dtype), and removing the last axis leaves rank 0 where HyperSpy
 * adds a size-1 "Scalar" axis. Integers compare exactly; floats within 1e-12 relative (1e-5 for
 * float32 results or inputs: scipy's Simpson sums a float32 input partly in float32).
 */
class SignalReshapeTest {
  private static final String GOLDEN = "/golden/signal/signal_reshape_golden.txt";

  @TestFactory
  Stream<DynamicTest> golden() throws IOException {
    Map<String, Signal> lazy = new HashMap<>();
    Map<String, Signal> eager = new HashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] f : records(GOLDEN)) {
      String name = String.join(" | ", Arrays.copyOf(f, Math.min(f.length, 5)));
      switch (f[0]) {
        case "sig" -> {
          GoldenSignal in = GoldenSignal.of(f, parseAxes(f[6]), f[7]);
          lazy.put(f[1], in.lazy());
          eager.put(f[1], in.eager());
        }
        case "op" -> tests.add(DynamicTest.dynamicTest(name, () -> {
          for (Map<String, Signal> m : List.of(lazy, eager)) {
            check(() -> run(m.get(f[1]), f[2], f[3], f[4]), f, m.get(f[1]).dtype());
          }
        }));
        default -> throw new IllegalStateException("unknown record " + name);
      }
    }
    assertThat(tests).hasSizeGreaterThan(50);
    return tests.stream();
  }

  private static boolean isInt(String t) {
    return t.matches("-?\\d+");
  }

  private static Signal run(Signal s, String kind, String a1, String a2) {
    return switch (kind) {
      case "T" -> s.T();
      case "tsig" -> s.transpose(Integer.parseInt(a1));
      case "tnav" -> s.transposeNavigation(Integer.parseInt(a1));
      case "tlist" -> isInt(a1.split(",")[0])
          ? s.transpose(ints(a1), a2.isEmpty() ? null : ints(a2))
          : s.transpose(a1.split(","), a2.isEmpty() ? null : a2.split(","));
      case "tnavlist" -> isInt(a1.split(",")[0])
          ? s.transpose((int[]) null, ints(a1))
          : s.transpose((String[]) null, a1.split(","));
      case "s1" -> isInt(a1) ? s.asSignal1D(Integer.parseInt(a1)) : s.asSignal1D(a1);
      case "s2" -> {
        String[] t = a1.split(",");
        yield isInt(t[0]) ? s.asSignal2D(Integer.parseInt(t[0]), Integer.parseInt(t[1]))
            : s.asSignal2D(t[0], t[1]);
      }
      case "diff" -> isInt(a1) ? s.diff(Integer.parseInt(a1), Integer.parseInt(a2))
          : s.diff(a1, Integer.parseInt(a2));
      case "int" -> isInt(a1) ? s.integrate1D(Integer.parseInt(a1)) : s.integrate1D(a1);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private interface Op {
    Signal run();
  }

  /** Checks one "op" record; float32 inputs get the float32 tolerance (scipy rounds in float32). */
  private static void check(Op op, String[] f, DType input) {
    String expected = f[5];
    if (expected.startsWith("!")) {
      assertThatThrownBy(op::run).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Signal result = op.run();
    Axes want = parseAxes(f[7]);
    boolean scalar = want.rank() == 1 && "Scalar".equals(want.axis(0).name());
    if (scalar) {
      // HyperSpy's size-1 "Scalar" axis: rank 0 here
      want = Axes.of(List.of());
      expected = expected.replace("(|1)", "(|)");
    }
    assertThat(result.toString()).isEqualTo(result.isLazy() ? expected : eagerRepr(expected));
    assertThat(result.dtype().numpyName()).isEqualTo(f[9]);
    assertAxes(result.axes(), want);
    Signal computed = result.compute(ExecOptions.defaults().withParallelism(2));
    assertThat(computed.toString()).isEqualTo(eagerRepr(expected));
    Block got = computed.memory().orElseThrow().toBlock();
    double rel = result.dtype() == DType.FLOAT32 || input == DType.FLOAT32 ? 1e-5 : 1e-12;
    assertValues(got, result.dtype(), f[8], rel);
  }

  // -------------------------------------------------------------------- hand-written cases

  @Test
  void tTwiceGivesTheSignalBack() {
    Signal s = scan();
    Signal back = s.T().T();
    assertThat(back.axes()).isEqualTo(s.axes());
    assertThat(back.compute().memory().orElseThrow().toDoubleArray())
        .containsExactly(s.compute().memory().orElseThrow().toDoubleArray());
  }

  @Test
  void reshapingKeepsChunkingAndMetadata() {
    Signal s = scan().withMetadata(scan().metadata().withSignalType("electron_diffraction"));
    Signal r = s.asSignal1D("ky");
    assertThat(r.metadata()).isEqualTo(s.metadata());
    // the chunk extents follow their axes: no rechunking
    assertThat(r.data().grid().extents(3)).containsExactly(s.data().grid().extents(2));
    assertThat(s.diff("kx", 1).data().grid().chunkCount()).isPositive();
    assertThat(s.integrate1D("kx").metadata()).isEqualTo(s.metadata());
  }

  @Test
  void badArgumentsFailAtBuildTime() {
    Signal s = scan();
    assertThatThrownBy(() -> s.transpose(5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("valid: 0 to 4");
    assertThatThrownBy(() -> s.transpose(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.transpose((int[]) null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("T()");
    assertThatThrownBy(() -> s.asSignal2D(1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> s.transpose(new int[] {0}, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not every axis");
    assertThatThrownBy(() -> s.diff("kx", 6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the axis size");
    assertThatThrownBy(() -> s.diff("kx", -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> s.asSignal1D(9))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    Signal one = s.inav(0L, 0L).isig(Index.range(0, 1), Index.of(0));
    assertThatThrownBy(() -> one.integrate1D(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
    Signal nonUniform = Signal.lazy(LazyArray.of(MemoryArray.of(Shape.of(3),
        Block.wrap(DType.FLOAT64, new double[] {1, 2, 4}))),
        Axes.of(Axis.nonUniform(0.0, 1.0, 3.0)));
    assertThatThrownBy(() -> nonUniform.diff(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-uniform");
    assertThatThrownBy(() -> nonUniform.integrate1D(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-uniform");
  }

  // -------------------------------------------------------------------- properties

  @Property(tries = 60, seed = "20261201")
  void diffAndIntegrateMatchAPlainLoop(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Random rnd = new Random(seed);
    int n = 2 + rnd.nextInt(9);
    int m = 1 + rnd.nextInt(4);
    double h = (rnd.nextInt(7) - 3) * 0.25 + 0.125;
    double[] d = new double[m * n];
    for (int i = 0; i < d.length; i++) d[i] = rnd.nextInt(41) * 0.5 - 7;
    Shape shape = Shape.of(m, n);
    Signal s = Signal.lazy(LazyArray.of(MemoryArray.split(Block.wrap(DType.FLOAT64, d),
            ChunkGrid.regular(shape, 1 + rnd.nextInt(m), 1 + rnd.nextInt(n)))),
        Axes.of(Axis.uniform(m).withNavigate(true), Axis.uniform(n, h, 1.0)));
    int order = rnd.nextInt(Math.min(n, 4));
    double[] diff = s.diff(1, order).compute().memory().orElseThrow().toDoubleArray();
    double[] integral = s.integrate1D(1).compute().memory().orElseThrow().toDoubleArray();
    for (int r = 0; r < m; r++) {
      double[] row = Arrays.copyOfRange(d, r * n, (r + 1) * n);
      for (int k = 0; k < order; k++) {
        double[] next = new double[row.length - 1];
        for (int i = 0; i < next.length; i++) next[i] = row[i + 1] - row[i];
        row = next;
      }
      assertThat(Arrays.copyOfRange(diff, r * (n - order), (r + 1) * (n - order)))
          .containsExactly(row);
      assertThat(integral[r]).isCloseTo(simps(Arrays.copyOfRange(d, r * n, (r + 1) * n), h),
          org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  /** scipy 1.10's simps with even='avg', written as scipy does it (not as weights). */
  private static double simps(double[] y, double h) {
    int n = y.length;
    if (n % 2 == 1) return basic(y, 0, n, h);
    double val = 0.5 * h * (y[n - 1] + y[n - 2]) + 0.5 * h * (y[1] + y[0]);
    double result = (n >= 3 ? basic(y, 0, n - 1, h) + basic(y, 1, n, h) : 0);
    return result / 2 + val / 2;
  }

  private static double basic(double[] y, int from, int to, double h) {
    double s = 0;
    for (int i = from; i + 2 < to; i += 2) s += h / 3 * (y[i] + 4 * y[i + 1] + y[i + 2]);
    return s;
  }
}
