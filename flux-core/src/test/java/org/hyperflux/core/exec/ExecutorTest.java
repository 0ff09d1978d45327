package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class ExecutorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withBudgetBytes(64L << 20);

  /** Value at a position: a hash of the position that differs everywhere in these small shapes. */
  private static double value(long[] p) {
    double v = 0.5;
    for (long x : p) v = v * 31 + x;
    return v;
  }

  /** Awkward geometries: rank 0, zero-length axes, chunks that do not divide, irregular grids. */
  static Stream<Arguments> grids() {
    return Stream.of(
        Arguments.of(Named.of("rank 0", ChunkGrid.single(Shape.scalar()))),
        Arguments.of(Named.of("1-d, non-dividing", ChunkGrid.regular(Shape.of(10), 3))),
        Arguments.of(Named.of("zero-length axis", ChunkGrid.regular(Shape.of(4, 0, 3), 3, 2, 2))),
        Arguments.of(Named.of("3-d irregular", ChunkGrid.irregular(Shape.of(7, 5, 6),
            new int[] {3, 4}, new int[] {1, 3, 1}, new int[] {4, 2}))),
        Arguments.of(Named.of("4-d regular", ChunkGrid.regular(Shape.of(3, 4, 5, 6), 2, 3, 2, 4))));
  }

  /** The whole array as one reference block, computed element by element. */
  private static Block reference(Shape shape, DType dtype) {
    Region all = Region.whole(shape);
    Block out = Block.allocate(dtype, all.size());
    long[] p = all.offsets();
    for (int i = 0; i < all.size(); i++) {
      out.setDouble(i, value(p));
      for (int a = p.length - 1; a >= 0; a--) {
        if (++p[a] < all.end(a)) break;
        p[a] = 0;
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("grids")
  void chunksArriveInCOrderWithTheDeclaredRegionDtypeAndData(ChunkGrid grid) {
    CountingSource src = CountingSource.of(GeneratedSource.of("g", DType.FLOAT64, grid, ExecutorTest::value));
    LazyArray array = LazyArray.of(src);
    Block expected = reference(grid.shape(), DType.FLOAT64);
    Region all = Region.whole(grid.shape());

    List<Chunk> chunks = array.chunks(OPTIONS.withPrefetch(3)).collectList().block(TIMEOUT);

    assertThat(chunks).hasSize((int) grid.chunkCount());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertThat(c.gridIndex()).isEqualTo(grid.index(i));
      assertThat(c.region()).isEqualTo(grid.region(c.gridIndex()));
      assertThat(c.dtype()).isEqualTo(array.dtype());
      Block want = RegionCopy.extract(expected, all, c.region());
      for (int k = 0; k < want.length(); k++) {
        assertThat(c.block().getDouble(k)).as("chunk %s element %d", c, k).isEqualTo(want.getDouble(k));
      }
    }
    // Empty chunks are not read at all; the handle opens only when something is read.
    int nonEmpty = (int) chunks.stream().filter(c -> !c.region().isEmpty()).count();
    assertThat(src.reads()).isEqualTo(nonEmpty);
    assertThat(src.opens()).isEqualTo(nonEmpty > 0 ? 1 : 0);
    assertThat(src.closes()).isEqualTo(src.opens());
  }

  @ParameterizedTest
  @MethodSource("grids")
  void computeEqualsTheReference(ChunkGrid grid) {
    GeneratedSource src = GeneratedSource.of("g", DType.INT32, grid, ExecutorTest::value);
    MemoryArray m = LazyArray.of(src).compute(OPTIONS);
    assertThat(m.grid()).isEqualTo(grid);
    assertThat(m.dtype()).isEqualTo(DType.INT32);
    assertThat((int[]) m.toBlock().array()).containsExactly((int[]) reference(grid.shape(), DType.INT32).array());
  }

  @Test
  void eachSubscriptionIsANewExecution() {
    CountingSource src = CountingSource.ramp(Shape.of(8, 4), 2, 4);
    var chunks = LazyArray.of(src).chunks(OPTIONS);
    assertThat(chunks.count().block(TIMEOUT)).isEqualTo(4);
    assertThat(chunks.count().block(TIMEOUT)).isEqualTo(4);
    assertThat(src.opens()).isEqualTo(2);
    assertThat(src.closes()).isEqualTo(2);
    assertThat(src.reads()).isEqualTo(8);
  }

  @Test
  void atMostTheWindowIsReadAtOnce() {
    CountingSource src = CountingSource.ramp(Shape.of(24, 4), 1, 4).blocking(Duration.ofMillis(20));
    ExecOptions o = OPTIONS.withPrefetch(3);
    assertThat(LazyArray.of(src).chunks(o).count().block(TIMEOUT)).isEqualTo(24);
    assertThat(src.maxInFlight()).isBetween(2, 3);
    assertThat(src.readThreads()).allMatch(t -> t.startsWith("boundedElastic"), "blocking reads run on the IO scheduler");
  }

  @Test
  void cpuSourcesAreReadOnTheCpuScheduler() {
    CountingSource src = CountingSource.ramp(Shape.of(8, 4), 1, 4);
    LazyArray.of(src).chunks(OPTIONS).blockLast(TIMEOUT);
    assertThat(src.readThreads()).allMatch(t -> t.startsWith("hyperflux-cpu-"));
  }

  @Test
  void aPlanGridFinerThanTheStorageIsReadByRegionWhereTheSourceAllows() {
    Shape shape = Shape.of(16, 6);
    ChunkGrid storage = ChunkGrid.regular(shape, 8, 6);
    Block expected = reference(shape, DType.FLOAT64);
    for (boolean regionRead : new boolean[] {true, false}) {
      // Without region reads every plan chunk reads its whole storage chunk: keep that to 2x.
      ChunkGrid finer = ChunkGrid.regular(shape, regionRead ? 3 : 4, regionRead ? 4 : 6);
      CountingSource src = CountingSource.of(GeneratedSource.of("s", DType.FLOAT64, storage, ExecutorTest::value));
      if (!regionRead) src.withCapabilities(Capability.RANDOM_ACCESS);
      Plan plan = Plan.build(new SourceNode(src), finer, OPTIONS, 0, 0);
      List<Chunk> chunks = Executor.chunks(plan, OPTIONS).collectList().block(TIMEOUT);
      assertThat(chunks).hasSize((int) finer.chunkCount());
      for (Chunk c : chunks) {
        assertThat(c.region()).isEqualTo(finer.region(c.gridIndex()));
        Block want = RegionCopy.extract(expected, Region.whole(shape), c.region());
        for (int k = 0; k < want.length(); k++) assertThat(c.block().getDouble(k)).isEqualTo(want.getDouble(k));
      }
      if (regionRead) {
        assertThat(src.reads()).isZero();
        assertThat(src.regionReads()).isEqualTo((int) finer.chunkCount());
      } else {
        assertThat(src.regionReads()).isZero();
        assertThat(src.reads()).isEqualTo((int) finer.chunkCount());
      }
    }
  }

  @Test
  void computeOverTheBudgetFailsBeforeReading() {
    CountingSource src = CountingSource.ramp(Shape.of(64, 1024), 4, 1024);
    LazyArray array = LazyArray.of(src);
    // 256 KiB of result against a 128 KiB budget; chunks (16 KiB) alone would fit.
    ExecOptions small = OPTIONS.withBudgetBytes(128 << 10);
    assertThat(array.plan(small).window()).isPositive();
    assertThatThrownBy(() -> array.computeMono(small))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("budget is " + (128 << 10) + " bytes");
    assertThatThrownBy(() -> array.compute(small)).isInstanceOf(PlanException.class);
    assertThat(src.opens()).isZero();
    assertThat(src.reads()).isZero();
  }

  @Test
  void blockingComputeOnAParallelThreadFailsNamingComputeMono() {
    CountingSource src = CountingSource.ramp(Shape.of(8, 4), 2, 4);
    LazyArray array = LazyArray.of(src);
    StepVerifier.create(Mono.fromCallable(() -> array.compute(OPTIONS)).subscribeOn(Schedulers.parallel()))
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("computeMono"))
        .verify(TIMEOUT);
    assertThat(src.opens()).isZero();
    // The Mono variant works there.
    StepVerifier.create(Mono.defer(() -> array.computeMono(OPTIONS)).subscribeOn(Schedulers.parallel()))
        .assertNext(m -> assertThat(m.getDouble(7, 3)).isEqualTo(31))
        .verifyComplete();
  }

  @Test
  void theBudgetMeterReturnsToZero() {
    CountingSource src = CountingSource.ramp(Shape.of(16, 8), 2, 8);
    ExecContext ctx = new ExecContext(OPTIONS);
    SourceNode node = new SourceNode(src);
    for (long i = 0; i < node.grid().chunkCount(); i++) {
      Region r = node.grid().region(node.grid().index(i));
      RegionData d = node.load(r, ctx).block(TIMEOUT);
      assertThat(d.region()).isEqualTo(r);
      d.release();
      d.release();
    }
    assertThat(ctx.peakHeldBytes()).isEqualTo(2 * 8 * 4);
    assertThat(ctx.bytesRead()).isEqualTo(16 * 8 * 4);
    ctx.end();
    assertThat(src.closes()).isEqualTo(1);
    assertThat(ctx.isEnded()).isTrue();
  }
}
