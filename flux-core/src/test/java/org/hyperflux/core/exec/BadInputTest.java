package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Programming errors are caught while the pipeline is built and thrown at once with a message
 * that names the values (STYLE "Errors"); nothing is read.
 */
class BadInputTest {

  @Test
  void chunkExtentsThatDoNotSumToTheShape() {
    assertThatThrownBy(() -> ChunkGrid.irregular(Shape.of(8, 32), new int[] {8}, new int[] {16, 14}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk extents along axis 1 sum to 30 but shape has 32 (extents=[16, 14])");
  }

  @Test
  void rankMismatches() {
    assertThatThrownBy(() -> ChunkGrid.irregular(Shape.of(4, 4, 4), new int[] {4}, new int[] {4}))
        .as("grid vs shape")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk grid has rank 2 but shape (4, 4, 4) has rank 3");
    assertThatThrownBy(() -> new Chunk(ChunkIndex.of(0, 0), Region.of(new long[] {0, 0}, new int[] {2, 3}),
            Block.allocate(DType.FLOAT32, 5)))
        .as("block vs region")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk [0, 0] covers region [0:2, 0:3] of 6 elements but its block holds 5");
    assertThatThrownBy(() -> new BlockRegionData(Region.of(new long[] {0}, new int[] {4}), Block.allocate(DType.INT8, 3)))
        .as("region data vs region")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block of 3 elements cannot hold region [0:4]");
    ChunkGrid grid = ChunkGrid.regular(Shape.of(4, 4), 2, 2);
    assertThatThrownBy(() -> grid.region(ChunkIndex.of(1, 1, 0)))
        .as("index vs grid")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid index [1, 1, 0] has rank 3 but the grid has rank 2");
    assertThatThrownBy(() -> new ArrayNode(Shape.of(4, 5), DType.FLOAT32, grid, List.of()) {
          @Override
          public Mono<RegionData> load(Region region, ExecContext ctx) {
            return Mono.empty();
          }

          @Override
          public void cost(Region region, Cost cost) {}

          @Override
          public String label() {
            return "mismatched";
          }
        })
        .as("node grid vs node shape")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid ChunkGrid((2, 2), (2, 2)) is for shape (4, 4) but the node has shape (4, 5)");
  }

  @Test
  void negativeSizes() {
    assertThatThrownBy(() -> Shape.of(4, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shape extent along axis 1 is negative (-1); shape=[4, -1]");
    assertThatThrownBy(() -> Region.of(new long[] {0, 0}, new int[] {2, -3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("region offset and extent must be >= 0 along every axis; offset=[0, 0] extent=[2, -3]");
    assertThatThrownBy(() -> Region.of(new long[] {-1}, new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset=[-1]");
    assertThatThrownBy(() -> ChunkGrid.regular(Shape.of(4), -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk shape [-2] has extent -2 along axis 0; chunk extents must be > 0");
  }

  @Test
  void aStorageChunkLargerThanTheBudgetWithoutRegionReadsFailsBeforeAnyRead() {
    // float64 chunks of (256, 1024) = 2 MiB against a 1 MiB budget; the source reads whole chunks only.
    CountingSource src = CountingSource.of(GeneratedSource.of("g", DType.FLOAT64,
            ChunkGrid.regular(Shape.of(1024, 1024), 256, 1024), p -> 1))
        .withCapabilities(Capability.RANDOM_ACCESS)
        .named("blockfile /data/scan.blo");
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(1L << 20);
    LazyArray array = LazyArray.of(src);

    assertThatThrownBy(() -> array.chunks(options))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("blockfile /data/scan.blo")
        .hasMessageContaining("largest storage chunk holds 2097152 bytes")
        .hasMessageContaining("budget of 1048576 bytes")
        .hasMessageContaining("cannot read part of a chunk")
        .hasMessageContaining("Alternatives: a larger budget (at least 4194304 bytes")
        .hasMessageContaining("smaller chunks");
    // Even a finer plan grid cannot help: the chunk would still be read whole.
    assertThatThrownBy(() -> Plan.build(array.node(), ChunkGrid.regular(array.shape(), 16, 1024), options, 0, 0))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("cannot read part of a chunk");
    assertThatThrownBy(() -> array.compute(options)).isInstanceOf(PlanException.class);
    assertThat(src.opens()).isZero();
    assertThat(src.reads()).isZero();
  }

  @Test
  void aStorageChunkLargerThanTheBudgetIsStreamedByRegionWhereTheSourceAllows() {
    CountingSource src = CountingSource.of(GeneratedSource.of("g", DType.FLOAT64,
        ChunkGrid.regular(Shape.of(1024, 1024), 256, 1024), p -> p[0]));
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(1L << 20).withPrefetch(1);
    assertThatThrownBy(() -> LazyArray.of(src).chunks(options))
        .as("the source grid itself does not fit")
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("smaller chunks (rechunk, if the source can read regions)");
    Plan finer = Plan.build(new SourceNode(src), ChunkGrid.regular(src.shape(), 16, 1024), options, 0, 0);
    assertThat(Executor.chunks(finer, options).count().block(Duration.ofSeconds(10))).isEqualTo(64);
    assertThat(src.reads()).isZero();
    assertThat(src.regionReads()).isEqualTo(64);
  }

  @Test
  void aPlanOverTheBudgetFailsBeforeAnyRead() {
    CountingSource src = CountingSource.ramp(Shape.of(64, 1024), 16, 1024);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(100_000);
    assertThatThrownBy(() -> LazyArray.of(src).chunks(options))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("plan 'read counting generated 'ramp' float32(64, 1024)' needs 131072 bytes")
        .hasMessageContaining("budget is 100000 bytes")
        .hasMessageContaining("Alternatives:");
    assertThat(src.opens()).isZero();
    assertThat(src.reads()).isZero();
  }

  @Test
  void incompatibleBroadcastingNamesTheShapes() {
    CountingSource a = CountingSource.ramp(Shape.of(3, 4), 3, 4);
    CountingSource b = CountingSource.ramp(Shape.of(5), 5);
    assertThatThrownBy(() -> LazyArray.of(a).add(LazyArray.of(b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(3, 4)")
        .hasMessageContaining("(5,)");
    assertThat(a.opens() + b.opens()).isZero();
  }
}
