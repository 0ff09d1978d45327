package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Signal#stack} beyond the HyperSpy fixtures: the chunking follows the inputs, values
 * equal a plain loop over the inputs, non-uniform axes are joined by their values, metadata of
 * every element is kept, and mismatched inputs are refused when built, naming the signal.
 */
class SignalStackTest {

  /** Signal1D (3, 2|4) whose value at flat index i is {@code base + i}, in the given chunks. */
  private static Signal spectra(String title, double base, int... chunks) {
    Shape shape = Shape.of(2, 3, 4);
    double[] d = new double[(int) shape.size()];
    for (int i = 0; i < d.length; i++) d[i] = base + i;
    Axes axes = Axes.of(
        Axis.uniform(2, 0.5, 1.0).withName("y").withNavigate(true),
        Axis.uniform(3, 2.0, -1.0).withName("x").withNavigate(true),
        Axis.uniform(4, 0.1, 0.25).withName("E").withUnits("eV"));
    return Signal.lazy(LazyArray.of(MemoryArray.split(Block.wrap(DType.FLOAT64, d),
        ChunkGrid.regular(shape, chunks))), axes).withTitle(title)
        .withOriginalMetadata(Metadata.empty().with("file.name", title + ".hspy"));
  }

  @Test
  void stackingFollowsTheInputsChunksAndValues() {
    Signal a = spectra("A", 0, 1, 3, 4);
    Signal b = spectra("B", 100, 2, 2, 2);
    Signal s = Signal.stack(List.of(a, b));
    assertThat(s.axes().dimensionsString()).isEqualTo("(3, 2, 2|4)");
    ChunkGrid g = s.data().grid();
    assertThat(g.extents(0)).containsExactly(1, 1);
    assertThat(g.extents(1)).containsExactly(1, 1);
    assertThat(g.extents(2)).containsExactly(2, 1);
    assertThat(g.extents(3)).containsExactly(2, 2);
    double[] v = s.compute().memory().orElseThrow().toDoubleArray();
    for (int i = 0; i < 24; i++) {
      assertThat(v[i]).isEqualTo(i);
      assertThat(v[24 + i]).isEqualTo(100 + i);
    }
    assertThat(s.originalMetadata().node("stack_elements.element1.original_metadata"))
        .isEqualTo(b.originalMetadata());
    assertThat(s.originalMetadata().has("file")).isFalse();

    Signal joined = Signal.stack(List.of(a, b, a), "E");
    assertThat(joined.axes().dimensionsString()).isEqualTo("(3, 2|12)");
    assertThat(joined.data().grid().extents(2)).containsExactly(4, 2, 2, 4);
    assertThat(joined.originalMetadata().getString("file.name")).contains("A.hspy");
    double[] w = joined.compute().memory().orElseThrow().toDoubleArray();
    for (int row = 0; row < 6; row++) {
      for (int e = 0; e < 12; e++) {
        double base = e >= 4 && e < 8 ? 100 : 0;
        assertThat(w[row * 12 + e]).isEqualTo(base + row * 4 + e % 4);
      }
    }
  }

  @Test
  void nonUniformAxesAreJoinedByTheirValues() {
    Signal a = spectra("A", 0, 2, 3, 4);
    Signal b = spectra("B", 100, 2, 3, 4);
    Axes na = a.axes().with(2, Axis.nonUniform(0.0, 1.0, 3.0, 7.0).withName("E").withUnits("eV"));
    Axes nb = a.axes().with(2, Axis.nonUniform(8.0, 9.5, 11.0, 20.0).withName("E"));
    Signal s = Signal.stack(List.of(a.withAxes(na), b.withAxes(nb)), 2);
    Axis e = s.axes().axis(2);
    assertThat(e.isUniform()).isFalse();
    assertThat(e.values()).containsExactly(0.0, 1.0, 3.0, 7.0, 8.0, 9.5, 11.0, 20.0);
    assertThat(e.name()).isEqualTo("E");
    assertThat(e.units()).isEqualTo("eV");
    Axes overlap = a.axes().with(2, Axis.nonUniform(5.0, 6.0, 7.5, 8.0).withName("E"));
    assertThatThrownBy(() -> Signal.stack(List.of(a.withAxes(na), b.withAxes(overlap)), "E"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not overlap");
  }

  @Test
  void theNewAxisNameIsMadeUnique() {
    Signal a = spectra("A", 0, 2, 3, 4);
    Signal named = a.withAxes(a.axes().with(0, a.axes().axis(0).withName("stack_element"))
        .with(1, a.axes().axis(1).withName("stack_element_1")));
    Signal s = Signal.stack(List.of(named, named));
    assertThat(s.axes().axis(0).name()).isEqualTo("stack_element_2");
    assertThat(s.axes().axis(0).navigate()).isTrue();
    assertThat(s.metadata().getLong("_HyperSpy.Stacking_history.axis")).hasValue(2);
  }

  @Test
  void mismatchedSignalsFailWhenBuilt() {
    Signal a = spectra("A", 0, 2, 3, 4);
    Signal tall = Signal.lazy(LazyArray.of(MemoryArray.zeros(DType.FLOAT64,
        ChunkGrid.regular(Shape.of(3, 3, 4), 3, 3, 4))), Axes.uniform(new long[] {3, 3, 4}, 1));
    assertThatThrownBy(() -> Signal.stack(List.of(a, a, tall)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signal 2").hasMessageContaining("(3, 3|4)")
        .hasMessageContaining("(3, 2|4)");
    assertThatThrownBy(() -> Signal.stack(List.of(a, tall), "E"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signal 1").hasMessageContaining("every other axis");
    Signal image = a.transpose(2);
    assertThatThrownBy(() -> Signal.stack(List.of(a, image)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signal 1").hasMessageContaining("same navigation and signal dimensions");
    assertThatThrownBy(() -> Signal.stack(List.of(a, a), 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Signal.stack(List.of(a, a), "nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no axis named 'nope'");
    assertThatThrownBy(() -> Signal.stack(new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one signal");
    List<Signal> withNull = new ArrayList<>();
    withNull.add(a);
    withNull.add(null);
    assertThatThrownBy(() -> Signal.stack(withNull)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("signal 1");
  }
}
