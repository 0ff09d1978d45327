package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.testing.DemandChecks.assertReadsFollowDemand;

import java.time.Duration;
import java.util.List;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Plan;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RebinOp}'s output grid (derived from the input grid, aligned where the factor allows),
 * its reads (each storage chunk once on aligned grids, as the plan says), its build-time errors,
 * and backpressure and cancellation through it. Values on awkward geometries are checked against
 * numpy's definition in {@code properties.LazyEagerRebinTest}.
 */
class RebinOpTest {
  private static final Duration VERIFY = Duration.ofSeconds(10);

  @Test
  void outputBoundariesFollowTheInputWhereTheFactorAllows() {
    // chunks of 5, factor 2: boundaries 10 and 20 fall on blocks, 5 and 15 do not
    assertThat(RebinOp.outputExtents(new int[] {5, 5, 5, 5, 3}, 23, 2)).containsExactly(5, 5, 1);
    // chunks of 32, factor 3: aligned every lcm(32, 3) = 96 input points
    assertThat(RebinOp.outputExtents(new int[] {32, 32, 32, 32}, 128, 3)).containsExactly(32, 10);
    // factor 1 keeps the grid
    assertThat(RebinOp.outputExtents(new int[] {3, 1, 4}, 8, 1)).containsExactly(3, 1, 4);
    // a factor larger than the chunks: one output point per aligned group, the remainder cropped
    assertThat(RebinOp.outputExtents(new int[] {1, 1, 1, 1, 1, 1, 1}, 7, 3)).containsExactly(1, 1);
    // irregular and never aligned for f chunks: cut at the nearest block boundary after f chunks
    assertThat(RebinOp.outputExtents(new int[] {3, 4, 3, 4, 3}, 17, 2)).containsExactly(4, 1, 2, 1);
    // an empty axis stays empty
    assertThat(RebinOp.outputExtents(new int[] {0}, 0, 4)).containsExactly(0);
    // the whole axis in one block
    assertThat(RebinOp.outputExtents(new int[] {2, 2, 2}, 6, 6)).containsExactly(1);
  }

  @Test
  void alignedGroupsReadEveryStorageChunkOnce() {
    // (20, 21) in chunks (5, 7), factors (2, 3): output chunks cover pairs of row chunks and all
    // three column chunks, so no storage chunk is shared by two output chunks.
    CountingSource src = CountingSource.ramp(Shape.of(20, 21), 5, 7)
        .withCapabilities(Capability.RANDOM_ACCESS);
    LazyArray binned = LazyArray.of(src).rebin(2, 3);
    assertThat(binned.shape()).isEqualTo(Shape.of(10, 7));
    assertThat(binned.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(binned.grid()).isEqualTo(ChunkGrid.irregular(Shape.of(10, 7), new int[] {5, 5}, new int[] {7}));
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(16L << 20).withParallelism(2);
    Plan plan = binned.plan(options);
    assertThat(plan.readAmplification()).isEqualTo(1.0);

    MemoryArray m = binned.computeMono(options).block(VERIFY);
    for (int r = 0; r < 10; r++) {
      for (int c = 0; c < 7; c++) {
        double want = 0;
        for (int i = 2 * r; i < 2 * r + 2; i++) {
          for (int j = 3 * c; j < 3 * c + 3; j++) want += i * 21 + j;
        }
        assertThat(m.getDouble(r, c)).as("block (%d, %d)", r, c).isEqualTo(want);
      }
    }
    ChunkGrid storage = src.grid();
    for (long k = 0; k < storage.chunkCount(); k++) {
      ChunkIndex idx = storage.index(k);
      assertThat(src.chunksRead().stream().filter(idx::equals).count()).as("reads of chunk %s", idx)
          .isEqualTo(1);
    }
  }

  @Test
  void groupedChunksAreReadPieceByPiece() {
    // chunks of 3, factor 2: aligned every 2 chunks, each output chunk reads its two chunks once
    CountingSource src = CountingSource.ramp(Shape.of(12), 3).withCapabilities(Capability.RANDOM_ACCESS);
    LazyArray binned = LazyArray.of(src).rebin(2);
    assertThat(binned.grid().extents(0)).containsExactly(3, 3);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(16L << 20).withParallelism(2);
    Plan plan = binned.plan(options);
    assertThat(plan.readAmplification()).isEqualTo(1.0);
    // one piece (one input chunk of 3 float32) held at a time, not the 6 points an output chunk
    // spans, plus a tile's index map and working buffer, the accumulator and the output block
    assertThat(plan.perChunkBytes()).isEqualTo(3 * 4 + 3 * (4 + 8) + 3 * 8 + 3 * 4);
    MemoryArray m = binned.computeMono(options).block(VERIFY);
    assertThat(m.toDoubleArray()).containsExactly(1, 5, 9, 13, 17, 21);
    assertThat(src.reads()).isEqualTo(4);
  }

  @Test
  void anUnalignedCutReReadsTheChunkUnderItAsThePlanSays() {
    // irregular chunks [3, 4, 3, 4, 3], factor 2: output chunks [4, 1, 2, 1]; the cut at input
    // 8 lies inside chunk 2 (7..10), which both sides read
    ChunkGrid grid = ChunkGrid.irregular(Shape.of(17), new int[] {3, 4, 3, 4, 3});
    CountingSource src = CountingSource.of(GeneratedSource.of("ramp", DType.FLOAT32, grid, p -> p[0]))
        .withCapabilities(Capability.RANDOM_ACCESS);
    LazyArray binned = LazyArray.of(src).rebin(2);
    assertThat(binned.grid().extents(0)).containsExactly(4, 1, 2, 1);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(16L << 20).withParallelism(2);
    Plan plan = binned.plan(options);
    MemoryArray m = binned.computeMono(options).block(VERIFY);
    assertThat(m.toDoubleArray()).containsExactly(1, 5, 9, 13, 17, 21, 25, 29);
    long readBytes = 0;
    for (ChunkIndex idx : src.chunksRead()) readBytes += grid.region(idx).size() * 4L;
    assertThat(src.chunksRead()).hasSize(6);
    assertThat(src.chunksRead().stream().filter(ChunkIndex.of(2)::equals).count()).isEqualTo(2);
    assertThat(plan.readBytes()).isEqualTo(readBytes);
  }

  @Test
  void badFactorsFailWhenBuilt() {
    LazyArray a = LazyArray.of(MemoryArray.zeros(DType.UINT16, ChunkGrid.regular(Shape.of(4, 6), 2, 3)));
    assertThatThrownBy(() -> a.rebin(2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one factor per axis").hasMessageContaining("[2]").hasMessageContaining("(4, 6)");
    assertThatThrownBy(() -> a.rebin(2, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor 0 along axis 1 must be >= 1");
    assertThatThrownBy(() -> a.rebin(5, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor 5 along axis 0 is larger than the axis length 4");
    assertThat(a.rebin(DType.UINT8, 4, 6).toString()).contains("rebin(factors=[4, 6], dtype=uint8)");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void requestsReachTheReadsAndCancelClosesTheSource(int prefetch) {
    // (64, 4, 8) in chunks (2, 4, 8), factors (2, 2, 4): one output chunk per input chunk.
    CountingSource src = CountingSource.ramp(Shape.of(64, 4, 8), 2, 4, 8).blocking(Duration.ofMillis(2));
    LazyArray binned = LazyArray.of(src).rebin(2, 2, 4);
    assertThat(binned.shape()).isEqualTo(Shape.of(32, 2, 2));
    assertReadsFollowDemand(binned, src, prefetch, 1, c -> assertThat(c.block().getDouble(0))
        .isEqualTo(List.of(0, 1, 2, 3, 8, 9, 10, 11, 32, 33, 34, 35, 40, 41, 42, 43).stream()
            .mapToDouble(Integer::doubleValue).sum()));
  }
}
