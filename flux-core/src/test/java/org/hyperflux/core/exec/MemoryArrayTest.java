package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.junit.jupiter.api.Test;

class MemoryArrayTest {
  private static final Shape SHAPE = Shape.of(7, 5, 6);
  private static final ChunkGrid GRID =
      ChunkGrid.irregular(SHAPE, new int[] {3, 4}, new int[] {2, 3}, new int[] {4, 1, 1});

  /** A C-order block of SHAPE whose value at a position is its flat index times 3, minus 100. */
  private static Block whole(DType dtype) {
    Block b = Block.allocate(dtype, (int) SHAPE.size());
    for (int i = 0; i < b.length(); i++) b.setLong(i, 3L * i - 100);
    return b;
  }

  @Test
  void splitThenToBlockRoundTrips() {
    Block w = whole(DType.INT32);
    MemoryArray m = MemoryArray.split(w, GRID);
    assertThat(m.shape()).isEqualTo(SHAPE);
    assertThat(m.grid()).isEqualTo(GRID);
    assertThat(m.dtype()).isEqualTo(DType.INT32);
    assertThat((int[]) m.toBlock().array()).containsExactly((int[]) w.array());
    assertThat(m.toDoubleArray()).hasSize((int) SHAPE.size()).startsWith(-100, -97);
    // Each chunk holds its region in its own C order.
    ChunkIndex idx = ChunkIndex.of(1, 1, 2);
    Region r = GRID.region(idx);
    Block chunk = m.chunk(idx);
    assertThat(chunk.length()).isEqualTo(r.size());
    assertThat(chunk.getLong(0)).isEqualTo(3 * ((r.offset(0) * 5 + r.offset(1)) * 6 + r.offset(2)) - 100);
  }

  @Test
  void getDoubleAndGetLongReadAnyPosition() {
    MemoryArray m = MemoryArray.split(whole(DType.INT64), GRID);
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 5; j++) {
        for (int k = 0; k < 6; k++) {
          long flat = (i * 5L + j) * 6 + k;
          assertThat(m.getLong(i, j, k)).isEqualTo(3 * flat - 100);
          assertThat(m.getDouble(i, j, k)).isEqualTo(3 * flat - 100.0);
        }
      }
    }
    assertThatThrownBy(() -> m.getDouble(7, 0, 0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index 7 is out of bounds for axis 0 with size 7");
    assertThatThrownBy(() -> m.getDouble(1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("position has 2 indices but the array has rank 3");
  }

  @Test
  void unsignedValuesKeepTheirMeaning() {
    Block b = Block.wrap(DType.UINT64, new long[] {-1L, 5});
    MemoryArray m = MemoryArray.of(Shape.of(2), b);
    assertThat(m.getLong(0)).isEqualTo(-1L);
    assertThat(m.getDouble(0)).isEqualTo(0x1p64);
    assertThat(m.toBlock()).isSameAs(b);
  }

  @Test
  void rankZeroAndEmptyArrays() {
    MemoryArray scalar = MemoryArray.of(Shape.scalar(), Block.wrap(DType.FLOAT32, new float[] {2.5f}));
    assertThat(scalar.getDouble()).isEqualTo(2.5);
    MemoryArray empty = MemoryArray.zeros(DType.INT8, ChunkGrid.regular(Shape.of(4, 0), 2, 3));
    assertThat(empty.toBlock().length()).isZero();
    assertThat(empty.grid().chunkCount()).isEqualTo(2);
  }

  @Test
  void blocksMustMatchTheGrid() {
    ChunkGrid g = ChunkGrid.regular(Shape.of(4), 3);
    assertThatThrownBy(() -> MemoryArray.of(DType.INT8, g, Block.allocate(DType.INT8, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid ChunkGrid((3, 1),) has 2 chunks but 1 blocks were given");
    assertThatThrownBy(() -> MemoryArray.of(DType.INT8, g, Block.allocate(DType.INT8, 3), Block.allocate(DType.INT8, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk [1] covers [3:4] (1 elements of int8) but its block is Block[int8 x 2]");
    assertThatThrownBy(() -> MemoryArray.of(DType.INT8, g, Block.allocate(DType.INT8, 3), Block.allocate(DType.UINT8, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemoryArray.split(Block.allocate(DType.INT8, 5), g))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block of 5 elements does not hold shape (4,)");
  }

  @Test
  void asASourceItReadsChunksAndRegions() throws Exception {
    Block w = whole(DType.INT16);
    MemoryArray m = MemoryArray.split(w, GRID);
    assertThat(m.capabilities()).contains(Capability.RANDOM_ACCESS, Capability.REGION_READ);
    assertThat(m.blocking()).isFalse();
    assertThat(m.description()).isEqualTo("memory int16(7, 5, 6) chunks ((3, 4), (2, 3), (4, 1, 1))");
    Region region = Region.of(new long[] {2, 1, 3}, new int[] {3, 3, 3});
    try (SourceHandle h = m.open()) {
      Block got = h.readRegion(region);
      Block expected = RegionCopy.extract(w, Region.whole(SHAPE), region);
      assertThat((short[]) got.array()).containsExactly((short[]) expected.array());
      assertThat(h.readChunk(ChunkIndex.of(0, 0, 0))).isSameAs(m.chunk(ChunkIndex.of(0, 0, 0)));
    }
  }
}
