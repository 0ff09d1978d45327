package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Signal#rechunk}: groups in natural order (x first), one extent per axis or one for the
 * whole group, -1 for whole axes, null for the automatic policy that keeps signal axes whole;
 * values, axes and metadata unchanged; bad extents refused when built.
 */
class SignalRechunkTest {

  /** Signal2D (6, 4|8, 5) of float64 ramp values (array shape (4, 6, 5, 8)) in chunks (3, 5, 5, 8). */
  private static Signal scan() {
    Shape shape = Shape.of(4, 6, 5, 8);
    Axes axes = Axes.of(
        Axis.uniform(4, 0.5, 1.0).withName("y").withNavigate(true),
        Axis.uniform(6, 2.0, -1.0).withName("x").withNavigate(true),
        Axis.uniform(5, 0.1, 0.25).withName("ky"),
        Axis.uniform(8, 0.1, 0.25).withName("kx"));
    return Signal.lazy(LazyArray.of(MemoryArray.split(GoldenRecords.ramp(shape.size()),
        ChunkGrid.regular(shape, 3, 5, 5, 8))), axes).withTitle("scan")
        .withMetadata(Metadata.empty().withTitle("scan").withSignalType("electron_diffraction"));
  }

  private static int[] chunkShape(Signal s) {
    int[] c = new int[s.axes().rank()];
    for (int i = 0; i < c.length; i++) c[i] = s.data().grid().extents(i)[0];
    return c;
  }

  @Test
  void groupsAreInNaturalOrder() {
    Signal s = scan();
    Signal r = s.rechunk(new long[] {3, 2}, new long[] {-1, 2});
    // nav (x=3, y=2), sig (kx whole, ky=2) -> array order (y, x, ky, kx)
    assertThat(chunkShape(r)).containsExactly(2, 3, 2, 8);
    assertThat(r.data().grid()).isEqualTo(ChunkGrid.regular(Shape.of(4, 6, 5, 8), 2, 3, 2, 8));
    assertThat(r.axes()).isEqualTo(s.axes());
    assertThat(r.metadata()).isEqualTo(s.metadata());
    assertThat(r.chunkSummary()).startsWith("nav chunks (3, 2) | sig chunks (8, 2)");
    assertThat(r.compute().memory().orElseThrow().toDoubleArray())
        .containsExactly(s.compute().memory().orElseThrow().toDoubleArray());
  }

  @Test
  void oneExtentAppliesToTheWholeGroupAndExtentsAreClipped() {
    Signal s = scan();
    assertThat(chunkShape(s.rechunk(new long[] {2}, new long[] {100})))
        .containsExactly(2, 2, 5, 8);
    assertThat(chunkShape(s.rechunk(new long[] {-1}, new long[] {1, -1})))
        .containsExactly(4, 6, 5, 1);
  }

  @Test
  void autoKeepsSignalsWholeWithinTheBudget() {
    Signal s = scan();
    // budget / (4 x cores) = 8 frames of 40 float64 values
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(4L * 2 * 8 * 40 * 8).withParallelism(2);
    Signal auto = s.rechunk(null, null, options);
    ChunkGrid expected = ChunkGrid.auto(Shape.of(4, 6, 5, 8), DType.FLOAT64, 2, options.budgetBytes(), 2);
    assertThat(auto.data().grid()).isEqualTo(expected);
    int[] c = chunkShape(auto);
    assertThat(c[2]).isEqualTo(5);
    assertThat(c[3]).isEqualTo(8);
    assertThat((long) c[0] * c[1]).isLessThanOrEqualTo(8);

    // navigation given, signal auto: whole signals
    assertThat(chunkShape(s.rechunk(new long[] {1, 1}, null, options))).containsExactly(1, 1, 5, 8);

    // signal given, navigation auto: the automatic navigation chunks around frames of (1, 8) points
    Signal rows = s.rechunk(null, new long[] {-1, 1}, options);
    int[] r = chunkShape(rows);
    assertThat(r[2]).isEqualTo(1);
    assertThat(r[3]).isEqualTo(8);
    ChunkGrid around = ChunkGrid.auto(Shape.of(4, 6, 1, 8), DType.FLOAT64, 2, options.budgetBytes(), 2);
    assertThat(r[0]).isEqualTo(around.maxExtent(0));
    assertThat(r[1]).isEqualTo(around.maxExtent(1));
    assertThat((long) r[0] * r[1]).isGreaterThan((long) c[0] * c[1]);

    // no argument: defaults
    assertThat(s.rechunk().data().grid()).isEqualTo(ChunkGrid.auto(Shape.of(4, 6, 5, 8),
        DType.FLOAT64, 2, ExecOptions.defaults().budgetBytes(), ExecOptions.defaults().parallelism()));
  }

  @Test
  void theSameGridGivesTheSameSignal() {
    Signal s = scan();
    assertThat(s.rechunk(new long[] {5, 3}, new long[] {8, 5})).isSameAs(s);
  }

  @Test
  void badExtentsFailWhenBuilt() {
    Signal s = scan();
    assertThatThrownBy(() -> s.rechunk(new long[] {1, 2, 3}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 2, 3] gives 3 chunk extents for the 2 navigation axes");
    assertThatThrownBy(() -> s.rechunk(null, new long[] {0, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk extent 0 for the signal axis <kx axis, size: 8>");
    assertThatThrownBy(() -> s.rechunk(new long[] {-2}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1 for the whole axis");
  }
}
