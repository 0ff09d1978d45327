package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.ops.GeometryFixtures.array;
import static org.hyperflux.core.ops.GeometryFixtures.assertEqualsReference;
import static org.hyperflux.core.ops.GeometryFixtures.computeChecked;
import static org.hyperflux.core.ops.GeometryFixtures.options;
import static org.hyperflux.core.ops.GeometryFixtures.tinyTiles;

import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.junit.jupiter.api.Test;

/** {@link LazyArray#squeeze} against numpy's squeeze, on chunked and sliced data. */
class SqueezeOpTest {
  @Test
  void dropsLengthOneAxesKeepingValuesAndChunks() {
    MemoryArray in = array(DType.INT16, ChunkGrid.irregular(Shape.of(1, 5, 1, 4),
        new int[] {1}, new int[] {2, 3}, new int[] {1}, new int[] {3, 1}), 7);
    LazyArray s = LazyArray.of(in).squeeze(0, -2);
    assertThat(s.shape()).isEqualTo(Shape.of(5, 4));
    assertThat(s.grid().extentsString()).isEqualTo("((2, 3), (3, 1))");
    assertThat(s.node().label()).isEqualTo("squeeze(0, 2)");
    for (ExecOptions o : new ExecOptions[] {options(), tinyTiles()}) {
      assertEqualsReference(computeChecked(s, o), p -> in.getDouble(0, p[0], 0, p[1]));
    }
    assertThat(LazyArray.of(in).squeeze().shape()).as("no axes: every axis of length 1").isEqualTo(Shape.of(5, 4));
    assertThat(LazyArray.of(in).squeeze(0, 2).squeeze().node()).as("nothing left to drop").isInstanceOf(SqueezeOp.class);
  }

  @Test
  void anIndexedPositionBecomesAnArrayOfLowerRank() {
    MemoryArray in = array(DType.FLOAT32, ChunkGrid.regular(Shape.of(6, 7, 3), 4, 3, 3), 3);
    // a[2, :, 1] in numpy: slice to length 1, then squeeze.
    LazyArray row = LazyArray.of(in).slice(Slice.of(2, 3), Slice.all(), Slice.of(1, 2)).squeeze(0, 2);
    assertThat(row.shape()).isEqualTo(Shape.of(7));
    assertEqualsReference(computeChecked(row, options()), p -> in.getDouble(2, p[0], 1));
    assertThat(row.sum().compute(options()).getDouble())
        .isEqualTo(java.util.stream.IntStream.range(0, 7).mapToDouble(j -> (float) in.getDouble(2, j, 1)).sum(),
            org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void onlyAxesOfLengthOneCanBeDropped() {
    LazyArray a = LazyArray.of(array(DType.UINT8, ChunkGrid.regular(Shape.of(1, 3), 1, 3), 0));
    assertThatThrownBy(() -> a.squeeze(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot squeeze axis 1 of length 3 (shape (1, 3)); only axes of length 1 can be removed");
    assertThatThrownBy(() -> a.squeeze(0, 0)).hasMessageContaining("given twice");
    assertThatThrownBy(() -> a.squeeze(2)).hasMessageContaining("out of bounds");
  }
}
