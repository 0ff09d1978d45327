package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.ops.GeometryFixtures.array;
import static org.hyperflux.core.ops.GeometryFixtures.assertEqualsReference;
import static org.hyperflux.core.ops.GeometryFixtures.computeChecked;
import static org.hyperflux.core.ops.GeometryFixtures.options;
import static org.hyperflux.core.ops.GeometryFixtures.tinyTiles;

import java.util.Arrays;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.testing.TrackingNode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransposeOpTest {

  /** One fixture: input dtype and grid, and the permutation (as given, negative axes allowed). */
  record Case(DType dtype, ChunkGrid grid, int... perm) {
    Arguments arguments() {
      return Arguments.of(Named.of(dtype.numpyName() + grid.shape() + " chunks "
          + grid.extentsString() + " perm " + Arrays.toString(perm), this));
    }
  }

  static Stream<Arguments> cases() {
    ChunkGrid g2 = ChunkGrid.regular(Shape.of(7, 9), 3, 4);
    ChunkGrid g3 = ChunkGrid.irregular(Shape.of(5, 6, 7), new int[] {2, 3}, new int[] {1, 2, 3},
        new int[] {7});
    ChunkGrid g4 = ChunkGrid.regular(Shape.of(3, 4, 5, 6), 2, 3, 2, 4);
    return Stream.of(
        new Case(DType.FLOAT64, g2, 1, 0),
        new Case(DType.BOOL, g2, -1, -2),
        new Case(DType.UINT16, g3, 2, 0, 1),
        new Case(DType.FLOAT32, g3, 1, 0, 2),
        new Case(DType.INT64, g3, 0, 2, 1),
        new Case(DType.INT8, g4, 3, 1, 0, 2),
        new Case(DType.FLOAT64, g4, 0, 1, 3, 2),
        new Case(DType.UINT32, g4, 3, 2, 1, 0),
        new Case(DType.FLOAT64, ChunkGrid.regular(Shape.of(0, 5), 1, 2), 1, 0),
        new Case(DType.FLOAT64, ChunkGrid.regular(Shape.of(4, 0, 3), 3, 1, 2), 2, 1, 0),
        new Case(DType.FLOAT64, ChunkGrid.regular(Shape.of(1, 13), 1, 5), 1, 0),
        // Large enough for the cache-blocked copy (runs longer than its 32-element blocks).
        new Case(DType.FLOAT64, ChunkGrid.regular(Shape.of(67, 45), 40, 45), 1, 0),
        new Case(DType.UINT8, ChunkGrid.regular(Shape.of(3, 37, 70), 2, 37, 33), 0, 2, 1),
        new Case(DType.INT16, ChunkGrid.regular(Shape.of(5, 40, 36), 5, 40, 36), 2, 1, 0))
        .map(Case::arguments);
  }

  static int[] normalized(int[] perm) {
    int[] p = perm.clone();
    for (int i = 0; i < p.length; i++) if (p[i] < 0) p[i] += p.length;
    return p;
  }

  static void checkAgainstReference(MemoryArray in, LazyArray t, int[] perm, ExecOptions o) {
    int[] p = normalized(perm);
    long[] dims = new long[p.length];
    for (int i = 0; i < p.length; i++) dims[i] = in.shape().dim(p[i]);
    assertThat(t.shape()).isEqualTo(Shape.of(dims));
    MemoryArray out = computeChecked(t, o);
    assertEqualsReference(out, pos -> {
      long[] q = new long[pos.length];
      for (int i = 0; i < pos.length; i++) q[p[i]] = pos[i];
      return in.getDouble(q);
    });
  }

  @ParameterizedTest
  @MethodSource("cases")
  void equalsPlainLoopReference(Case c) {
    MemoryArray in = array(c.dtype(), c.grid(), 1);
    LazyArray t = LazyArray.of(in).transpose(c.perm());
    checkAgainstReference(in, t, c.perm(), options());
    checkAgainstReference(in, t, c.perm(), tinyTiles());
    // Regions spanning several input chunks.
    checkAgainstReference(in, t.rechunk(ChunkGrid.single(t.shape())), c.perm(), tinyTiles());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void gridExtentsMoveWithTheirAxes(Case c) {
    LazyArray t = LazyArray.of(array(c.dtype(), c.grid(), 0)).transpose(c.perm());
    int[] p = normalized(c.perm());
    for (int i = 0; i < p.length; i++) {
      assertThat(t.grid().extents(i)).as("axis %d", i).containsExactly(c.grid().extents(p[i]));
    }
    assertThat(t.dtype()).isEqualTo(c.dtype());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void generalTilePathReadsTileSizedBoxesAndReleasesInputs(Case c) {
    MemoryArray in = array(c.dtype(), c.grid(), 2);
    TrackingNode tracked = TrackingNode.of(new SourceNode(in));
    LazyArray t = LazyArray.of(tracked).transpose(c.perm());
    checkAgainstReference(in, t, c.perm(), tinyTiles());
    assertThat(tracked.tiles).allSatisfy(r -> assertThat(r.size()).isLessThanOrEqualTo(3));
    assertThat(tracked.releases.get()).isEqualTo(tracked.loads.get());
  }

  @Test
  void reverseTransposeOfASlice() {
    MemoryArray in = array(DType.FLOAT64, ChunkGrid.regular(Shape.of(6, 8, 5), 4, 3, 2), 0);
    LazyArray t = LazyArray.of(in).slice(Slice.step(-1), Slice.of(1, 8, 3)).transpose();
    assertThat(t.shape()).isEqualTo(Shape.of(5, 3, 6));
    MemoryArray out = computeChecked(t, tinyTiles());
    assertEqualsReference(out, p -> in.getDouble(5 - p[2], 1 + 3 * p[1], p[0]));
  }

  @Test
  void identityReturnsTheInputNode() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3, 4), 2, 2), 0));
    assertThat(a.transpose(0, 1).node()).isSameAs(a.node());
    assertThat(a.transpose(-2, -1).node()).isSameAs(a.node());
    LazyArray scalar = LazyArray.of(MemoryArray.of(Shape.scalar(), Block.wrap(DType.FLOAT64, new double[] {4})));
    assertThat(scalar.transpose().node()).isSameAs(scalar.node());
    assertThat(scalar.transpose(new int[0]).node()).isSameAs(scalar.node());
    LazyArray line = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(5), 2), 0));
    assertThat(line.transpose().node()).isSameAs(line.node());
  }

  @Test
  void badPermutationsAreNamed() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3, 4, 5), 2, 2, 2), 0));
    assertThatThrownBy(() -> a.transpose(0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 0, 1]").hasMessageContaining("rank 3");
    assertThatThrownBy(() -> a.transpose(1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 0]");
    assertThatThrownBy(() -> a.transpose(0, 1, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1, 3]");
    assertThatThrownBy(() -> a.transpose(0, 1, -4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1, -4]");
  }

  @Test
  void labelNamesThePermutation() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3, 4, 5), 2, 2, 2), 0));
    assertThat(a.transpose(1, 0, 2).node().label()).isEqualTo("transpose(1, 0, 2)");
    assertThat(a.transpose().node().label()).isEqualTo("transpose(2, 1, 0)");
  }
}
