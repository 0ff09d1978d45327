package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.signal.GoldenRecords.longs;
import static org.hyperflux.core.signal.GoldenRecords.records;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks {@link Axis} and {@link Axes} against {@code golden/signal/axes_golden.txt}, written by
 * HyperSpy 1.7.3 through {@code make_axes_golden.py} next to it (the record format is described
 * there). Every HyperSpy error ({@code ValueError}, {@code IndexError}, {@code OverflowError}) must
 * be an {@link IllegalArgumentException} here.
 */
class AxesGoldenTest {
  private static final String GOLDEN = "/golden/signal/axes_golden.txt";

  private static Double parse(String s) {
    return switch (s) {
      case "None" -> null;
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  @TestFactory
  Stream<DynamicTest> golden() throws IOException {
    Map<String, Axis> axes = new HashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] f : records(GOLDEN)) {
      String name = String.join(" ", f);
      switch (f[0]) {
        case "axis" -> {
          Axis axis =
              f[2].equals("uniform")
                  ? Axis.uniform(Integer.parseInt(f[3]), parse(f[4]), parse(f[5]))
                  : Axis.nonUniform(
                      Arrays.stream(f[3].split(",")).mapToDouble(Double::parseDouble).toArray());
          axes.put(f[1], axis);
        }
        case "v2i", "isig", "inav" -> {
          Axis axis = axes.get(f[1]);
          double value = parse(f[2]);
          String expected = f[3];
          tests.add(DynamicTest.dynamicTest(name, () -> checkIndex(axis, value, expected)));
        }
        case "slice" -> {
          Axis axis = axes.get(f[1]);
          tests.add(DynamicTest.dynamicTest(name, () -> checkSlice(axis, f)));
        }
        case "dims" -> tests.add(DynamicTest.dynamicTest(name, () -> checkDims(f)));
        case "axrepr" -> tests.add(DynamicTest.dynamicTest(name, () -> checkRepr(f)));
        default -> throw new AssertionError("unknown record in golden file: " + name);
      }
    }
    return tests.stream();
  }

  private static void checkIndex(Axis axis, double value, String expected) {
    if (expected.startsWith("!")) {
      assertThatThrownBy(() -> axis.indexOf(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(value))
          .hasMessageContaining(axis.toString());
    } else {
      assertThat(axis.indexOf(value)).isEqualTo(Integer.parseInt(expected));
    }
  }

  private static void checkSlice(Axis axis, String[] f) {
    Double start = parse(f[2]);
    Double stop = parse(f[3]);
    if (f[4].startsWith("!")) {
      assertThatThrownBy(() -> axis.indexRange(start, stop))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    int[] range = axis.indexRange(start, stop);
    int size = Integer.parseInt(f[4]);
    assertThat(range[1] - range[0]).as("kept size").isEqualTo(size);
    Axis sliced = axis.slice(range[0], range[1]);
    assertThat(sliced.size()).isEqualTo(size);
    if (size > 0) {
      assertThat(range[0]).as("first kept index").isEqualTo(Integer.parseInt(f[5]));
    }
    if (axis.isUniform()) {
      assertThat(sliced.offset()).as("offset").isEqualTo(parse(f[6]));
      assertThat(sliced.scale()).isEqualTo(axis.scale());
    } else if (size > 0) {
      assertThat(sliced.value(0)).as("first value").isEqualTo(parse(f[6]));
    }
  }

  private static Axes named(String[] f) {
    Axes axes = Axes.uniform(longs(f[1]), Integer.parseInt(f[2]));
    String[] names = f[3].split(",");
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equals("~")) axes = axes.with(i, axes.axis(i).withName(names[i]));
    }
    return axes;
  }

  private static void checkDims(String[] f) {
    long[] shape = longs(f[1]);
    int nsig = Integer.parseInt(f[2]);
    Axes axes = Axes.uniform(shape, nsig);
    assertThat(axes.dimensionsString()).isEqualTo(f[3]);
    assertThat(axes.toString()).isEqualTo(f[4]);
    assertThat(axes.arrayShape()).containsExactly(shape);
    assertThat(axes.signalDimension()).isEqualTo(nsig);
    assertThat(axes.navigationDimension()).isEqualTo(shape.length - nsig);
  }

  private static void checkRepr(String[] f) {
    assertThat(named(f).axisRepr(Integer.parseInt(f[4]))).isEqualTo(f[5]);
  }

  @Test
  void goldenFileCoversEveryRecordKindAndAxisKind() throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    boolean uniform = false;
    boolean nonUniform = false;
    boolean negativeScale = false;
    for (String[] f : records(GOLDEN)) {
      counts.merge(f[0], 1, Integer::sum);
      if (f[0].equals("axis")) {
        uniform |= f[2].equals("uniform");
        nonUniform |= f[2].equals("values");
        negativeScale |= f[2].equals("uniform") && parse(f[4]) < 0;
      }
    }
    assertThat(counts).containsKeys("axis", "v2i", "isig", "inav", "slice", "dims", "axrepr");
    assertThat(uniform && nonUniform && negativeScale).isTrue();
  }
}
