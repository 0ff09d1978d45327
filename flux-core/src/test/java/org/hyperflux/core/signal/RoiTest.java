package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.signal.GoldenRecords.assertLazyResult;
import static org.hyperflux.core.signal.GoldenRecords.parseAxes;
import static org.hyperflux.core.signal.GoldenRecords.ramp;
import static org.hyperflux.core.signal.GoldenRecords.records;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.GoldenRecords.GoldenSignal;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks {@link RectangularRoi} and {@link CircleRoi} against {@code
 * golden/signal/roi_golden.txt}, written by HyperSpy 1.7.3 (numpy 1.24) through {@code
 * make_roi_golden.py} next to it (record format described there). Each case runs on a lazy
 * signal chunked across every axis and on a materialised one: repr, dtype, axes and values (NaN
 * positions exactly) must match; HyperSpy's errors must be IllegalArgumentExceptions.
 */
class RoiTest {
  private static final String GOLDEN = "/golden/signal/roi_golden.txt";

  @TestFactory
  Stream<DynamicTest> golden() throws IOException {
    Map<String, Signal> lazy = new HashMap<>();
    Map<String, Signal> eager = new HashMap<>();
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] f : records(GOLDEN)) {
      if (f[0].equals("sig")) {
        GoldenSignal in = GoldenSignal.of(f, parseAxes(f[6]), f[7]);
        lazy.put(f[1], in.lazy());
        eager.put(f[1], in.eager());
        continue;
      }
      String name = String.join(" | ", Arrays.copyOf(f, 5));
      double[] p = Arrays.stream(f[3].split(",")).mapToDouble(Double::parseDouble).toArray();
      for (Map<String, Signal> signals : List.of(lazy, eager)) {
        Signal s = signals.get(f[1]);
        tests.add(DynamicTest.dynamicTest(name + (signals == lazy ? " (lazy)" : " (eager)"),
            () -> assertLazyResult(() -> apply(f[2], p, f[4], s), f, 5, dtype -> 0)));
      }
    }
    return tests.stream();
  }

  private static Signal apply(String kind, double[] p, String axes, Signal s) {
    if (kind.equals("rect")) {
      RectangularRoi roi = RectangularRoi.of(p[0], p[1], p[2], p[3]);
      if (axes.equals("default")) return roi.apply(s);
      String[] n = axes.split(",");
      return roi.apply(s, n[0], n[1]);
    }
    CircleRoi roi = CircleRoi.of(p[0], p[1], p[2], p[3]);
    if (axes.equals("default")) return roi.apply(s);
    String[] n = axes.split(",");
    return roi.apply(s, n[0], n[1]);
  }

  // -------------------------------------------------------------------- hand-written cases

  @Test
  void invalidRoisFailAtBuildTime() {
    assertThatThrownBy(() -> RectangularRoi.of(1, 0, 1, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("right");
    assertThatThrownBy(() -> RectangularRoi.of(0, 2, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bottom");
    assertThatThrownBy(() -> RectangularRoi.of(Double.NaN, 0, 1, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left");
    assertThatThrownBy(() -> CircleRoi.of(0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> CircleRoi.of(0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> CircleRoi.of(0, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r_inner");
    assertThatThrownBy(() -> CircleRoi.of(0, 0, 1, -0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r_inner");
    assertThatThrownBy(() -> CircleRoi.of(0, Double.POSITIVE_INFINITY, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
  }

  private static Signal image() {
    Axes axes = Axes.of(Axis.uniform(4, 1.0, 0.0).withName("y"),
        Axis.uniform(6, 1.0, 0.0).withName("x"));
    return Signal.of(MemoryArray.of(Shape.of(4, 6), ramp(4 * 6)), axes);
  }

  @Test
  void badAxesFailWithClearMessages() {
    Signal s = image();
    RectangularRoi rect = RectangularRoi.of(0, 0, 2, 2);
    CircleRoi circle = CircleRoi.of(1, 1, 1);
    assertThatThrownBy(() -> rect.apply(s, "x", "nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> circle.apply(s, "x", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two different");
    assertThatThrownBy(() -> rect.apply(s, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("navigation");
    assertThatThrownBy(() -> RectangularRoi.of(10, 0, 12, 2).apply(s))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not overlap");
    assertThatThrownBy(() -> CircleRoi.of(1, -10, 1).apply(s))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not overlap");
    assertThatThrownBy(() -> rect.apply(s.isig(Index.all(), Index.of(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("valid axes");
    Signal nonUniform = Signal.of(MemoryArray.of(Shape.of(4, 6),
            Block.wrap(DType.FLOAT64, new double[24])),
        Axes.of(Axis.nonUniform(0, 1, 3, 4).withName("y"), Axis.uniform(6, 1.0, 0.0)
            .withName("x")));
    assertThatThrownBy(() -> circle.apply(nonUniform))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-uniform");
  }

  @Test
  void explicitGroupsEqualDefaultAndNames() {
    Signal s = image();
    CircleRoi c = CircleRoi.of(2.2, 1.6, 1.7, 0.5);
    Block a = c.apply(s).compute().memory().orElseThrow().toBlock();
    Block b = c.apply(s, false).compute().memory().orElseThrow().toBlock();
    Block n = c.apply(s, "x", "y").compute().memory().orElseThrow().toBlock();
    assertThat(a.length()).isEqualTo(b.length()).isEqualTo(n.length());
    for (int i = 0; i < a.length(); i++) {
      assertThat(Double.doubleToLongBits(b.getDouble(i)))
          .isEqualTo(Double.doubleToLongBits(a.getDouble(i)));
      assertThat(Double.doubleToLongBits(n.getDouble(i)))
          .isEqualTo(Double.doubleToLongBits(a.getDouble(i)));
    }
    assertThat(c.toString()).isEqualTo("CircleROI(cx=2.2, cy=1.6, r=1.7, r_inner=0.5)");
    assertThat(RectangularRoi.of(0, 1, 2, 3)).isEqualTo(RectangularRoi.of(0, 1, 2, 3));
  }
}
