package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.junit.jupiter.api.Test;

class GeneratedSourceTest {

  @Test
  void positionFunctionValuesLandAtTheirPositions() throws Exception {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(5, 7, 3), 2, 3, 2);
    GeneratedSource src = GeneratedSource.of("xyz", DType.FLOAT64, grid, p -> p[0] * 100 + p[1] * 10 + p[2]);
    try (SourceHandle h = src.open()) {
      for (long i = 0; i < grid.chunkCount(); i++) {
        ChunkIndex idx = grid.index(i);
        Region r = grid.region(idx);
        Block b = h.readChunk(idx);
        int k = 0;
        for (long x = r.offset(0); x < r.end(0); x++) {
          for (long y = r.offset(1); y < r.end(1); y++) {
            for (long z = r.offset(2); z < r.end(2); z++) {
              assertThat(b.getDouble(k++)).isEqualTo(x * 100 + y * 10 + z);
            }
          }
        }
      }
    }
  }

  @Test
  void valuesAreCastToTheDtypeAsNumpy() throws Exception {
    GeneratedSource src = GeneratedSource.of("wrap", DType.INT16, ChunkGrid.regular(Shape.of(3), 3),
        p -> new double[] {40000.7, -2.9, 1.5}[(int) p[0]]);
    try (SourceHandle h = src.open()) {
      assertThat((short[]) h.readChunk(ChunkIndex.of(0)).array()).containsExactly((short) -25536, (short) -2, (short) 1);
    }
  }

  @Test
  void regionReadsEqualTheChunksAndRepeatedReadsAreEqual() throws Exception {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(9, 10), 4, 3);
    GeneratedSource src = GeneratedSource.of("r", DType.FLOAT32, grid, p -> p[0] * 10 + p[1]);
    Region region = Region.of(new long[] {4, 3}, new int[] {4, 3});
    try (SourceHandle h = src.open()) {
      assertThat((float[]) h.readRegion(region).array())
          .containsExactly((float[]) h.readChunk(ChunkIndex.of(1, 1)).array());
      assertThat((float[]) h.readRegion(region).array()).containsExactly((float[]) h.readRegion(region).array());
    }
  }

  @Test
  void rankZeroAndZeroLengthShapes() throws Exception {
    GeneratedSource scalar = GeneratedSource.of("s", DType.FLOAT64, ChunkGrid.single(Shape.scalar()), p -> 42);
    try (SourceHandle h = scalar.open()) {
      assertThat(h.readChunk(ChunkIndex.of()).getDouble(0)).isEqualTo(42);
    }
    GeneratedSource empty = GeneratedSource.of("e", DType.FLOAT64, ChunkGrid.regular(Shape.of(0, 4), 1, 2), p -> 1);
    try (SourceHandle h = empty.open()) {
      assertThat(h.readChunk(ChunkIndex.of(0, 1)).length()).isZero();
    }
  }

  @Test
  void ofRegionsFillsWholeBlocks() throws Exception {
    GeneratedSource src = GeneratedSource.ofRegions("fast", DType.INT32, ChunkGrid.regular(Shape.of(10), 4),
        (region, out) -> {
          int[] a = (int[]) out.array();
          for (int i = 0; i < region.size(); i++) a[out.offset() + i] = (int) (region.offset(0) + i) * 2;
        });
    try (SourceHandle h = src.open()) {
      assertThat((int[]) h.readChunk(ChunkIndex.of(2)).array()).containsExactly(16, 18);
    }
  }

  @Test
  void describesItselfAndNeverBlocks() {
    GeneratedSource src = GeneratedSource.of("ramp", DType.UINT8, ChunkGrid.regular(Shape.of(4, 4), 2, 2), p -> 0);
    assertThat(src.description()).isEqualTo("generated 'ramp' uint8(4, 4)");
    assertThat(src.blocking()).isFalse();
    assertThat(src.capabilities()).containsExactlyInAnyOrder(Capability.RANDOM_ACCESS, Capability.REGION_READ);
    assertThat(src.shape()).isEqualTo(Shape.of(4, 4));
  }
}
