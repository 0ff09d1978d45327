package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.signal.GoldenRecords.assertValues;
import static org.hyperflux.core.signal.GoldenRecords.block;
import static org.hyperflux.core.signal.GoldenRecords.parseShape;
import static org.hyperflux.core.signal.GoldenRecords.records;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Signal#computeNavigator(Index[], int[], ExecOptions)} against HyperSpy 1.7.3's {@code
 * LazySignal.compute_navigator} ({@code golden/signal/navigator_golden.txt}, written by {@code
 * make_navigator_golden.py} next to it; record format described there). Each signal has the
 * fixture's dask chunks, as a lazy signal and as a materialised one on the same grid: the
 * navigator's repr, dtype, axes, values, {@code sum_from} (its Python repr) and the printed
 * {@code original_metadata} tree must match; HyperSpy's errors must be IllegalArgumentExceptions.
 * The "bal" records check the chunks of {@code chunks_number} (dask's balanced rechunk).
 */
class SignalNavigatorGoldenTest {
  private static final String GOLDEN = "/golden/signal/navigator_golden.txt";
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withParallelism(2);

  @TestFactory
  Stream<DynamicTest> golden() throws IOException {
    Map<String, Signal> lazy = new HashMap<>();
    Map<String, Signal> eager = new HashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] f : records(GOLDEN)) {
      switch (f[0]) {
        case "sig" -> {
          DType dtype = DType.fromNumpyName(f[2]);
          Shape shape = parseShape(f[3]);
          ChunkGrid grid = ChunkGrid.irregular(shape, chunks(f[4]));
          Axes axes = axes(f[7]);
          Block data = block(dtype, f[9]);
          Metadata original = Metadata.empty();
          if (!f[8].equals("-")) {
            String[] kv = f[8].split("=", 2);
            original = original.with(kv[0], kv[1]);
          }
          MemoryArray m = MemoryArray.split(data, grid);
          lazy.put(f[1], Signal.lazy(LazyArray.of(m), axes).withTitle(f[6])
              .withOriginalMetadata(original));
          eager.put(f[1], Signal.of(m, axes).withTitle(f[6]).withOriginalMetadata(original));
        }
        case "nav" -> {
          String name = String.join(" | ", Arrays.copyOf(f, 4));
          for (Map<String, Signal> signals : List.of(lazy, eager)) {
            Signal s = signals.get(f[1]);
            tests.add(DynamicTest.dynamicTest(name + (signals == lazy ? " (lazy)" : " (eager)"),
                () -> check(s, f)));
          }
        }
        case "bal" -> {
          int size = Integer.parseInt(f[1]);
          int n = Integer.parseInt(f[2]);
          int[] want = GoldenRecords.ints(f[3]);
          tests.add(DynamicTest.dynamicTest("balanced chunks | size " + size + " | n " + n,
              () -> assertThat(SignalNavigators.balance(SignalNavigators.regular(size, size / n)))
                  .containsExactly(want)));
        }
        default -> throw new IllegalStateException("unknown record " + f[0]);
      }
    }
    return tests.stream();
  }

  private static void check(Signal s, String[] f) {
    Index[] index = indices(f[2]);
    int[] chunksNumber = ints(f[3]);
    if (f[4].startsWith("!")) {
      assertThatThrownBy(() -> s.computeNavigator(index, chunksNumber, OPTIONS))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Signal withNav = s.computeNavigator(index, chunksNumber, OPTIONS);
    assertThat(withNav.data()).isSameAs(s.data());
    assertThat(withNav.axes()).isEqualTo(s.axes());
    assertThat(withNav.navigator()).isPresent();
    Signal nav = withNav.navigator().orElseThrow();
    assertThat(nav.toString()).isEqualTo(f[4]);
    assertThat(nav.isLazy()).isFalse();
    assertThat(nav.dtype().numpyName()).isEqualTo(f[5]);
    GoldenRecords.assertAxes(nav.axes(), axes(f[6]));
    assertThat(PythonRepr.repr(nav.originalMetadata().get("sum_from").orElseThrow()))
        .isEqualTo(f[7]);
    assertThat(nav.originalMetadata().toString()).isEqualTo(f[8].replace("\\n", "\n"));
    assertThat(nav.title()).isEqualTo(s.title());
    double rel = nav.dtype() == DType.FLOAT32 ? 1e-6 : 1e-12;
    assertValues(nav.memory().orElseThrow().toBlock(), nav.dtype(), f[9], rel);
  }

  /** Python's None, a scalar or a list of ints and floats, as selectors. */
  private static Index[] indices(String literal) {
    if (literal.equals("None")) return null;
    String[] items = items(literal);
    Index[] out = new Index[items.length];
    for (int i = 0; i < items.length; i++) {
      out[i] = items[i].contains(".") ? Index.at(Double.parseDouble(items[i]))
          : Index.of(Long.parseLong(items[i]));
    }
    return out;
  }

  private static int[] ints(String literal) {
    if (literal.equals("None")) return null;
    return Arrays.stream(items(literal)).mapToInt(Integer::parseInt).toArray();
  }

  private static String[] items(String literal) {
    String body = literal.replaceAll("[\\[\\]()]", "").trim();
    return Arrays.stream(body.split(",")).map(String::trim).toArray(String[]::new);
  }

  private static int[][] chunks(String spec) {
    String[] axes = spec.split(";");
    int[][] out = new int[axes.length][];
    for (int a = 0; a < axes.length; a++) {
      out[a] = GoldenRecords.ints(axes[a]);
    }
    return out;
  }

  /** Axes in array order: "NAME,SIZE,SCALE,OFFSET,NAVIGATE" or "NAME,SIZE,values,V|..,NAVIGATE". */
  private static Axes axes(String specs) {
    List<Axis> list = new ArrayList<>();
    for (String spec : specs.split(";")) {
      String[] f = spec.split(",");
      Axis a = f[2].equals("values")
          ? Axis.nonUniform(
              Arrays.stream(f[3].split("\\|")).mapToDouble(Double::parseDouble).toArray())
          : Axis.uniform(
              Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
      list.add(a.withName(f[0]).withNavigate(f[4].equals("1")));
    }
    return Axes.of(list);
  }
}
