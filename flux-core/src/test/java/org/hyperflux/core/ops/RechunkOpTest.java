package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.ops.GeometryFixtures.array;
import static org.hyperflux.core.ops.GeometryFixtures.assertEqualsReference;
import static org.hyperflux.core.ops.GeometryFixtures.computeChecked;
import static org.hyperflux.core.ops.GeometryFixtures.options;
import static org.hyperflux.core.ops.GeometryFixtures.tinyTiles;

import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Plan;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.ops.GeometryFixtures.CountingSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

class RechunkOpTest {

  /** One fixture: input dtype and grid, and the target grid. */
  record Case(DType dtype, ChunkGrid from, ChunkGrid to) {
    Arguments arguments() {
      return Arguments.of(Named.of(dtype.numpyName() + from.shape() + " " + from.extentsString()
          + " -> " + to.extentsString(), this));
    }
  }

  static Stream<Arguments> cases() {
    Shape s1 = Shape.of(10);
    Shape s2 = Shape.of(7, 9);
    Shape s3 = Shape.of(5, 6, 7);
    Shape s4 = Shape.of(3, 4, 5, 6);
    return Stream.of(
        new Case(DType.FLOAT64, ChunkGrid.regular(s1, 3), ChunkGrid.regular(s1, 4)),
        new Case(DType.BOOL, ChunkGrid.regular(s1, 3), ChunkGrid.irregular(s1, new int[] {1, 6, 3})),
        new Case(DType.UINT16, ChunkGrid.regular(s2, 3, 4), ChunkGrid.regular(s2, 7, 2)),
        new Case(DType.INT8, ChunkGrid.regular(s2, 3, 4), ChunkGrid.single(s2)),
        new Case(DType.FLOAT32, ChunkGrid.irregular(s3, new int[] {2, 3}, new int[] {1, 2, 3}, new int[] {7}),
            ChunkGrid.irregular(s3, new int[] {4, 1}, new int[] {6}, new int[] {3, 3, 1})),
        new Case(DType.INT64, ChunkGrid.regular(s4, 2, 3, 2, 4), ChunkGrid.regular(s4, 3, 1, 5, 5)),
        new Case(DType.FLOAT64, ChunkGrid.regular(Shape.of(0, 6), 1, 2), ChunkGrid.regular(Shape.of(0, 6), 1, 3)))
        .map(Case::arguments);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sameValuesOnTheNewGrid(Case c) {
    MemoryArray in = array(c.dtype(), c.from(), 1);
    LazyArray r = LazyArray.of(in).rechunk(c.to());
    assertThat(r.grid()).isEqualTo(c.to());
    assertThat(r.dtype()).isEqualTo(c.dtype());
    for (ExecOptions o : new ExecOptions[] {options(), tinyTiles()}) {
      MemoryArray out = computeChecked(r, o);
      assertEqualsReference(out, in::getDouble);
    }
  }

  @Test
  void theSameGridReturnsTheInputAndAnotherShapeIsRefused() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(6, 4), 3, 4), 0));
    assertThat(a.rechunk(3, 4).node()).isSameAs(a.node());
    assertThat(a.rechunk(ChunkGrid.irregular(Shape.of(6, 4), new int[] {3, 3}, new int[] {4})).node())
        .isSameAs(a.node());
    LazyArray scalar = LazyArray.of(MemoryArray.of(Shape.scalar(), Block.wrap(DType.FLOAT64, new double[] {1})));
    assertThat(scalar.rechunk().node()).isSameAs(scalar.node());
    assertThatThrownBy(() -> a.rechunk(ChunkGrid.regular(Shape.of(4, 6), 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(6, 4)")
        .hasMessageContaining("(4, 6)");
  }

  @Test
  void labelListsTheExtentsPerAxis() {
    LazyArray a = LazyArray.of(array(DType.UINT8, ChunkGrid.regular(Shape.of(128, 128), 32, 128), 0));
    assertThat(a.rechunk(64, 128).node().label()).isEqualTo("rechunk((64, 64), (128,))");
    LazyArray b = LazyArray.of(array(DType.UINT8, ChunkGrid.regular(Shape.of(20), 20), 0));
    assertThat(b.rechunk(2).node().label()).isEqualTo("rechunk((2, 2, 2, ..., 2))");
  }

  /** A 60 × 60 float64 array stored in 30 × 30 chunks that can only be read chunk by chunk. */
  static CountingSource storage() {
    return new CountingSource(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(60, 60), 30, 30), 0), false);
  }

  @Test
  void aRechunkThatReReadsStorageChunksThreeTimesFailsAtPlanBuild() {
    CountingSource src = storage();
    // Rows of 10 cut every 30-row storage chunk three times, and each row block touches two of them.
    LazyArray bad = LazyArray.of(src).rechunk(10, 60);
    // 57 KiB of re-reads is within the default allowance for small data; none is allowed here.
    assertThat(bad.plan(options()).readAmplification()).isEqualTo(3.0);
    ExecOptions strict = options().withRereadAllowanceBytes(0);
    assertThatThrownBy(() -> bad.plan(strict))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("rechunk((10, 10, 10, 10, 10, 10), (60,))")
        .hasMessageContaining("read amplification 3.00")
        .hasMessageContaining("Alternatives")
        .hasMessageContaining("aligned with the storage chunks")
        .hasMessageContaining("temporary store");
    assertThatThrownBy(() -> bad.chunks(strict)).isInstanceOf(PlanException.class);
    assertThatThrownBy(() -> bad.compute(strict)).isInstanceOf(PlanException.class);
    // Chunks straddling storage boundaries on both axes: every storage chunk is read four times.
    assertThatThrownBy(() -> LazyArray.of(src).rechunk(20, 20).plan(strict))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("read amplification 4.00");
    assertThat(src.reads()).as("nothing is read when the plan fails").isZero();
  }

  @Test
  void mergingChunksReadsEveryStorageChunkOnce() {
    CountingSource src = storage();
    LazyArray merged = LazyArray.of(src).rechunk(60, 60);
    Plan plan = merged.plan(options());
    assertThat(plan.readAmplification()).isEqualTo(1.0);
    StepVerifier.create(merged.chunks(options()))
        .assertNext(c -> {
          assertThat(c.region()).isEqualTo(merged.grid().region(ChunkIndex.of(0, 0)));
          assertThat(c.block().getDouble(61)).isEqualTo(GeometryFixtures.value(DType.FLOAT64, 61, 0));
        })
        .expectComplete()
        .verify(GeometryFixtures.TIMEOUT);
    assertThat(src.chunkReads).hasSize(4);
    assertThat(src.chunkReads.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void anAlignedSplitReadsEveryStorageChunkTwiceAndPasses() {
    CountingSource src = storage();
    LazyArray split = LazyArray.of(src).rechunk(15, 30);
    assertThat(split.plan(options()).readAmplification()).isEqualTo(2.0);
    MemoryArray out = split.compute(options());
    assertEqualsReference(out, p -> GeometryFixtures.value(DType.FLOAT64, p[0] * 60 + p[1], 0));
    assertThat(src.chunkReads).hasSize(4);
    assertThat(src.chunkReads.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(2));
  }
}
