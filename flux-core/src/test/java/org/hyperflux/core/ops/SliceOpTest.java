package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.ops.GeometryFixtures.array;
import static org.hyperflux.core.ops.GeometryFixtures.assertEqualsReference;
import static org.hyperflux.core.ops.GeometryFixtures.computeChecked;
import static org.hyperflux.core.ops.GeometryFixtures.options;
import static org.hyperflux.core.ops.GeometryFixtures.tinyTiles;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.ops.GeometryFixtures.CountingSource;
import org.hyperflux.core.testing.TrackingNode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SliceOpTest {

  /** One slicing fixture: input dtype and grid, and the slices. */
  record Case(DType dtype, ChunkGrid grid, Slice... slices) {
    Arguments arguments() {
      String s = Arrays.stream(slices).map(Slice::toString).collect(Collectors.joining(", "));
      return Arguments.of(Named.of(dtype.numpyName() + grid.shape() + " chunks "
          + grid.extentsString() + " [" + s + "]", this));
    }
  }

  static ChunkGrid regular(int[] shape, int... chunk) {
    return ChunkGrid.regular(Shape.of(shape), chunk);
  }

  static Stream<Arguments> cases() {
    ChunkGrid g10 = regular(new int[] {10}, 3);
    ChunkGrid irregular10 = ChunkGrid.irregular(Shape.of(10), new int[] {1, 4, 2, 3});
    ChunkGrid g2 = regular(new int[] {7, 9}, 3, 4);
    ChunkGrid g3 = ChunkGrid.irregular(Shape.of(5, 6, 7), new int[] {2, 3}, new int[] {1, 2, 3},
        new int[] {7});
    ChunkGrid g4 = regular(new int[] {3, 4, 5, 6}, 2, 3, 2, 4);
    return Stream.of(
        new Case(DType.FLOAT64, g10, Slice.step(2)),
        new Case(DType.BOOL, g10, Slice.step(-1)),
        new Case(DType.FLOAT64, g10, Slice.of(1, 8, 3)),
        new Case(DType.INT32, g10, Slice.of(8, 1, -3)),
        new Case(DType.FLOAT64, g10, new Slice(-3L, null, 1)),
        new Case(DType.FLOAT64, g10, Slice.of(5, 5)),
        new Case(DType.FLOAT64, g10, Slice.step(20)),
        new Case(DType.FLOAT64, g10, Slice.step(-20)),
        new Case(DType.FLOAT64, g10, new Slice(100L, null, 1)),
        new Case(DType.FLOAT64, g10, Slice.of(-100, 2)),
        new Case(DType.FLOAT64, g10, Slice.of(9, -11, -1)),
        new Case(DType.FLOAT64, g10, Slice.of(2, 8, -1)),
        new Case(DType.UINT8, irregular10, new Slice(1L, null, 4)),
        new Case(DType.FLOAT64, irregular10, Slice.step(-3)),
        new Case(DType.UINT16, g2, Slice.of(1, 6, 2), Slice.step(-3)),
        new Case(DType.FLOAT64, g2, Slice.step(-1), Slice.step(-1)),
        new Case(DType.FLOAT64, g2, Slice.of(2, 2), Slice.all()),
        new Case(DType.INT64, g2, new Slice(-1L, null, 1), Slice.of(3, 4)),
        new Case(DType.FLOAT32, g3, Slice.step(-2), new Slice(1L, null, 1), Slice.step(3)),
        new Case(DType.INT8, g4, Slice.all(), Slice.step(-1), Slice.of(1, 4), Slice.step(5)),
        new Case(DType.FLOAT64, regular(new int[] {0, 5}, 1, 2), Slice.all(), Slice.step(2)),
        new Case(DType.FLOAT64, regular(new int[] {4, 0, 3}, 2, 1, 2), Slice.step(-1)),
        new Case(DType.FLOAT64, regular(new int[] {40}, 3), Slice.step(7)),
        new Case(DType.FLOAT64, regular(new int[] {40}, 3), Slice.step(-7)),
        new Case(DType.UINT32, regular(new int[] {30, 30}, 4, 4), Slice.step(9), Slice.step(-10)),
        new Case(DType.FLOAT64, regular(new int[] {4, 5, 6}, 3, 3, 3), Slice.of(1, 3)))
        .map(Case::arguments);
  }

  /** Python's {@code range(*slice.indices(n))} for each axis: {first, step}. */
  static long[][] resolved(Shape shape, Slice[] slices) {
    long[][] r = new long[shape.rank()][];
    for (int a = 0; a < r.length; a++) {
      r[a] = (a < slices.length ? slices[a] : Slice.all()).resolve(shape.dim(a));
    }
    return r;
  }

  static void checkAgainstReference(MemoryArray in, LazyArray sliced, Slice[] slices, ExecOptions o) {
    long[][] r = resolved(in.shape(), slices);
    long[] shape = new long[r.length];
    for (int a = 0; a < r.length; a++) shape[a] = r[a][2];
    assertThat(sliced.shape()).isEqualTo(Shape.of(shape));
    assertThat(sliced.dtype()).isEqualTo(in.dtype());
    MemoryArray out = computeChecked(sliced, o);
    assertEqualsReference(out, p -> {
      long[] q = new long[p.length];
      for (int a = 0; a < p.length; a++) q[a] = r[a][0] + r[a][1] * p[a];
      return in.getDouble(q);
    });
  }

  @ParameterizedTest
  @MethodSource("cases")
  void equalsPlainLoopReference(Case c) {
    MemoryArray in = array(c.dtype(), c.grid(), 1);
    LazyArray sliced = LazyArray.of(in).slice(c.slices());
    checkAgainstReference(in, sliced, c.slices(), options());
    checkAgainstReference(in, sliced, c.slices(), tinyTiles());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void regionsAcrossOutputChunksEqualReference(Case c) {
    // A single-chunk rechunk asks the slice for regions spanning many of its chunks.
    MemoryArray in = array(c.dtype(), c.grid(), 2);
    LazyArray sliced = LazyArray.of(in).slice(c.slices());
    LazyArray whole = sliced.rechunk(ChunkGrid.single(sliced.shape()));
    checkAgainstReference(in, whole, c.slices(), options());
    checkAgainstReference(in, whole, c.slices(), tinyTiles());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void generalTilePathNeverWidensTilesAndReleasesInputs(Case c) {
    MemoryArray in = array(c.dtype(), c.grid(), 3);
    TrackingNode tracked = TrackingNode.of(new SourceNode(in));
    LazyArray sliced = LazyArray.of(tracked).slice(c.slices());
    checkAgainstReference(in, sliced.rechunk(ChunkGrid.single(sliced.shape())), c.slices(), tinyTiles());
    checkAgainstReference(in, sliced, c.slices(), tinyTiles());
    assertThat(tracked.tiles).allSatisfy(t -> assertThat(t.size()).isLessThanOrEqualTo(3));
    assertThat(tracked.releases.get()).isEqualTo(tracked.loads.get());
  }

  @Test
  void gridCountsSelectedElementsPerInputChunkAsDask() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(10), 3), 0));
    assertThat(a.slice(Slice.step(2)).grid().extents(0)).containsExactly(2, 1, 2);
    assertThat(a.slice(Slice.step(-1)).grid().extents(0)).containsExactly(1, 3, 3, 3);
    assertThat(a.slice(Slice.of(1, 8, 3)).grid().extents(0)).containsExactly(1, 1, 1);
    assertThat(a.slice(Slice.step(-4)).grid().extents(0)).containsExactly(1, 1, 1);
    assertThat(a.slice(Slice.step(20)).grid().extents(0)).containsExactly(1);
    assertThat(a.slice(Slice.of(5, 5)).grid().extents(0)).containsExactly(0);
    assertThat(a.slice(Slice.of(5, 5)).shape()).isEqualTo(Shape.of(0));
    assertThat(a.slice(Slice.of(-2, 100)).grid().extents(0)).containsExactly(1, 1);

    LazyArray b = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(7, 9), 3, 4), 0));
    LazyArray s = b.slice(Slice.of(1, 6, 2), Slice.step(-3));
    assertThat(s.shape()).isEqualTo(Shape.of(3, 3));
    // rows 1, 3, 5 fall in chunks [0:3), [3:6): 1 and 2; columns 8, 5, 2 in [8:9), [4:8), [0:4).
    assertThat(s.grid().extents(0)).containsExactly(1, 2);
    assertThat(s.grid().extents(1)).containsExactly(1, 1, 1);
  }

  @Test
  void identitySliceReturnsTheInputNode() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(10, 1), 3, 1), 0));
    assertThat(a.slice().node()).isSameAs(a.node());
    assertThat(a.slice(Slice.all()).node()).isSameAs(a.node());
    assertThat(a.slice(Slice.of(0, 100), Slice.step(-1)).node()).isSameAs(a.node());
    assertThat(a.slice(Slice.of(-10, 10, 1)).node()).isSameAs(a.node());
    assertThat(a.slice(Slice.of(0, 9)).node()).isNotSameAs(a.node());

    LazyArray scalar = LazyArray.of(MemoryArray.of(Shape.scalar(), Block.wrap(DType.FLOAT64, new double[] {4})));
    assertThat(scalar.slice().node()).isSameAs(scalar.node());
  }

  @Test
  void tooManySlicesNameRankAndCount() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3, 4), 2, 2), 0));
    assertThatThrownBy(() -> a.slice(Slice.all(), Slice.all(), Slice.step(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 slices")
        .hasMessageContaining("rank 2");
    LazyArray scalar = LazyArray.of(MemoryArray.of(Shape.scalar(), Block.wrap(DType.INT32, new int[] {4})));
    assertThatThrownBy(() -> scalar.slice(Slice.all()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 slices")
        .hasMessageContaining("rank 0");
  }

  @Test
  void labelShowsTheSlicesAsPython() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(8, 8), 4, 4), 0));
    assertThat(a.slice(Slice.step(2), Slice.of(1, 5)).node().label()).isEqualTo("slice[::2, 1:5]");
    assertThat(a.slice(Slice.of(-1, 2, -1)).node().label()).isEqualTo("slice[-1:2:-1]");
  }

  @Test
  void stepsLargerThanChunksReadOnlyTheChunksHoldingSelectedElements() {
    CountingSource src = new CountingSource(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(40), 3), 0), false);
    LazyArray sliced = LazyArray.of(src).slice(Slice.step(7));
    // 0, 7, 14, 21, 28, 35 lie in storage chunks 0, 2, 4, 7, 9, 11; one output chunk spans them all.
    LazyArray whole = sliced.rechunk(6);
    assertThat(whole.plan(options()).readBytes()).isEqualTo(6 * 3 * 8);
    MemoryArray out = whole.compute(options());
    assertThat(out.toDoubleArray()).containsExactly(0.25, 3.75, 7.25, 10.75, 14.25, 17.75);
    Map<ChunkIndex, Integer> reads = new HashMap<>();
    src.chunkReads.forEach((k, v) -> reads.put(k, v.get()));
    assertThat(reads).containsOnlyKeys(ChunkIndex.of(0), ChunkIndex.of(2), ChunkIndex.of(4),
        ChunkIndex.of(7), ChunkIndex.of(9), ChunkIndex.of(11));
    assertThat(reads.values()).containsOnly(1);
    assertThat(src.regionReads.get()).isZero();
  }

  @Test
  void adjacentInputChunksAreLoadedAsOneBoundingBox() {
    CountingSource src = new CountingSource(array(DType.INT16, ChunkGrid.regular(Shape.of(12, 12), 4, 4), 0), true);
    LazyArray sliced = LazyArray.of(src).slice(Slice.step(-2), Slice.of(1, 11, 3));
    LazyArray whole = sliced.rechunk(ChunkGrid.single(sliced.shape()));
    whole.compute(options());
    // Rows 11..1 and columns 1..10 lie in one bounding box: one region read, no chunk reads.
    assertThat(src.regionReads.get()).isEqualTo(1);
    assertThat(src.chunkReads).isEmpty();
  }

  @Test
  void sliceOfTransposeAndTransposeOfSliceCompose() {
    MemoryArray in = array(DType.FLOAT64, ChunkGrid.regular(Shape.of(5, 6, 7), 2, 4, 3), 0);
    LazyArray t = LazyArray.of(in).transpose(2, 0, 1).slice(Slice.step(-3), Slice.of(1, 5), Slice.step(2));
    MemoryArray out = computeChecked(t, tinyTiles());
    assertEqualsReference(out, p -> in.getDouble(1 + p[1], 2 * p[2], 6 - 3 * p[0]));
  }
}
