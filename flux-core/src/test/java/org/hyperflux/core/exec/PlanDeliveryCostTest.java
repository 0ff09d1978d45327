package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.Test;

/** A plan counts the block each delivered chunk is assembled in, and tile buffers of the configured size. */
class PlanDeliveryCostTest {
  private static final Shape SHAPE = Shape.of(8, 1 << 16);
  private static final int CHUNK_ELEMENTS = 1 << 18; // (4, 65536) chunks

  private static LazyArray uint8() {
    return LazyArray.of(GeneratedSource.of("u8", DType.UINT8, ChunkGrid.regular(SHAPE, 4, 1 << 16), p -> 1));
  }

  @Test
  void aSourceDeliversItsOwnChunksButAComputedChunkNeedsABlock() {
    ExecOptions o = ExecOptions.defaults().withBudgetBytes(1L << 30);
    Plan source = uint8().plan(o);
    assertThat(source.perChunkBytes()).isEqualTo(CHUNK_ELEMENTS);
    Plan widened = uint8().astype(DType.FLOAT64).plan(o);
    // The source chunk, the float64 output block and at least a tile of working buffer.
    assertThat(widened.perChunkBytes()).isGreaterThanOrEqualTo(CHUNK_ELEMENTS + 8L * CHUNK_ELEMENTS);
  }

  @Test
  void largerTilesCostLargerBuffers() {
    ExecOptions small = ExecOptions.defaults().withBudgetBytes(1L << 30).withTileElements(1 << 10);
    ExecOptions large = small.withTileElements(1 << 18);
    LazyArray chain = uint8().astype(DType.FLOAT64).multiply(2.0);
    assertThat(chain.plan(large).perChunkBytes() - chain.plan(small).perChunkBytes())
        .isGreaterThanOrEqualTo(8L * ((1 << 18) - (1 << 10)));
  }
}
