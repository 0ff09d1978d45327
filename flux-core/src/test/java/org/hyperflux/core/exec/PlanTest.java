package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Costing when a plan is built (DESIGN §3): window, peak bytes, read amplification, passes. */
class PlanTest {
  /** float64 (64, 1024) in chunks of (4, 1024): 16 chunks of 32 KiB. */
  private static final long CHUNK = 4 * 1024 * 8;

  private static CountingSource source() {
    return CountingSource.of(GeneratedSource.of("plan", DType.FLOAT64,
        ChunkGrid.regular(Shape.of(64, 1024), 4, 1024), p -> p[0] + p[1]));
  }

  private static ExecOptions options(long budget, int parallelism) {
    return ExecOptions.defaults().withBudgetBytes(budget).withParallelism(parallelism);
  }

  @Test
  void theWindowIsWhatTheBudgetAllowsUpToTheWantedWindow() {
    CountingSource src = source();
    SourceNode node = new SourceNode(src);

    // 32 KiB chunks: the wanted window is the maximum, so the budget decides.
    Plan p = Plan.build(node, options(10 * CHUNK, 2));
    assertThat(p.window()).as("9 fit in the budget").isEqualTo(9);
    assertThat(p.perChunkBytes()).isEqualTo(CHUNK);
    assertThat(p.residentBytes()).isZero();
    assertThat(p.peakBytes()).isEqualTo(10 * CHUNK);
    assertThat(p.readBytes()).isEqualTo(16 * CHUNK);
    assertThat(p.sourceBytes()).isEqualTo(16 * CHUNK);
    assertThat(p.readAmplification()).isEqualTo(1.0);
    assertThat(p.passes()).isEqualTo(1);
    assertThat(p.budgetBytes()).isEqualTo(10 * CHUNK);
    assertThat(p.grid()).isEqualTo(node.grid());
    assertThat(p.describe()).contains("16 chunks", "window 9", "peak " + 10 * CHUNK, "x1.00", "1 pass(es)");

    assertThat(Plan.build(node, options(1000 * CHUNK, 2)).window()).isEqualTo(Plan.MAX_WINDOW);
    assertThat(Plan.build(node, options(3 * CHUNK, 8)).window()).isEqualTo(2);
    assertThat(Plan.build(node, options(2 * CHUNK, 8)).window()).isEqualTo(1);
    assertThat(src.opens()).as("planning reads nothing").isZero();
  }

  @Test
  void theWantedWindowIsTwiceTheCoresOrEnoughSmallChunksToFill64MiB() {
    assertThat(Plan.wantedWindow(2, 32L << 20)).isEqualTo(4);
    assertThat(Plan.wantedWindow(8, 32L << 20)).isEqualTo(16);
    assertThat(Plan.wantedWindow(2, 1L << 20)).isEqualTo(64);
    assertThat(Plan.wantedWindow(2, 3L << 20)).isEqualTo(22);
    assertThat(Plan.wantedWindow(2, 1024)).isEqualTo(Plan.MAX_WINDOW);
    assertThat(Plan.wantedWindow(2, 0)).isEqualTo(Plan.MAX_WINDOW);
  }

  @Test
  void aFixedPrefetchSetsTheWindow() {
    SourceNode node = new SourceNode(source());
    assertThat(Plan.build(node, options(1L << 30, 2).withPrefetch(6)).window()).isEqualTo(6);
    assertThat(Plan.build(node, options(1L << 30, 2).withPrefetch(0)).window()).isEqualTo(1);
    assertThat(Plan.build(node, options(1L << 30, 2).withPrefetch(6)).peakBytes()).isEqualTo(7 * CHUNK);
  }

  @Test
  void peakIsResidentPlusWindowPlusOneTimesPerChunk() {
    SourceNode node = new SourceNode(source());
    long budget = 20 * CHUNK;
    Plan p = Plan.build(node, node.grid(), options(budget, 3).withPrefetch(6), 1000, 5000);
    assertThat(p.perChunkBytes()).isEqualTo(CHUNK + 1000);
    assertThat(p.residentBytes()).isEqualTo(5000);
    assertThat(p.window()).isEqualTo(6);
    assertThat(p.peakBytes()).isEqualTo(5000 + 7 * (CHUNK + 1000));
    // Automatic: as many as fit, (budget - resident) / per chunk - 1.
    Plan auto = Plan.build(node, node.grid(), options(budget, 3), 1000, 5000);
    assertThat(auto.window()).isEqualTo((int) ((budget - 5000) / (CHUNK + 1000) - 1));
    assertThat(auto.peakBytes()).isLessThanOrEqualTo(budget);
  }

  @Test
  void aPlanOverTheBudgetFailsNamingAlternatives() {
    CountingSource src = source();
    assertThatThrownBy(() -> Plan.build(new SourceNode(src), options(CHUNK * 3 / 2, 2)))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("needs " + 2 * CHUNK + " bytes")
        .hasMessageContaining("budget is " + CHUNK * 3 / 2 + " bytes")
        .hasMessageContaining("Alternatives: a larger budget")
        .hasMessageContaining("smaller chunks");
    assertThat(src.opens()).isZero();
    assertThat(src.reads()).isZero();
  }

  /** Bytes read when every plan chunk reads each storage chunk it overlaps in full. */
  private static long wholeChunkReads(ChunkGrid plan, ChunkGrid storage, int itemSize) {
    long bytes = 0;
    for (long i = 0; i < plan.chunkCount(); i++) {
      Region r = plan.region(plan.index(i));
      for (long j = 0; j < storage.chunkCount(); j++) {
        Region s = storage.region(storage.index(j));
        Region x = s.intersect(r);
        if (x != null && !x.isEmpty()) bytes += (long) s.size() * itemSize;
      }
    }
    return bytes;
  }

  @Test
  void readAmplificationCountsWholeStorageChunksForSourcesWithoutRegionReads() {
    Shape shape = Shape.of(64, 16);
    ChunkGrid storage = ChunkGrid.regular(shape, 8, 16);
    CountingSource chunked = CountingSource.of(GeneratedSource.of("c", DType.FLOAT32, storage, p -> 1))
        .withCapabilities(Capability.RANDOM_ACCESS);
    SourceNode node = new SourceNode(chunked);
    ExecOptions o = options(1 << 20, 2);

    Plan half = Plan.build(node, ChunkGrid.regular(shape, 4, 16), o, 0, 0);
    assertThat(half.readAmplification()).isEqualTo(2.0);

    ChunkGrid misaligned = ChunkGrid.regular(shape, 6, 16);
    Plan p = Plan.build(node, misaligned, o, 0, 0);
    assertThat(p.readBytes()).isEqualTo(wholeChunkReads(misaligned, storage, 4));
    assertThat(p.readAmplification()).isGreaterThan(1.0).isLessThanOrEqualTo(2.0);

    // 12 KiB of re-reads is within the default allowance; with none, the 2x rule applies.
    assertThat(Plan.build(node, ChunkGrid.regular(shape, 2, 16), o, 0, 0).readAmplification())
        .isEqualTo(4.0);
    ExecOptions strict = o.withRereadAllowanceBytes(0);
    assertThatThrownBy(() -> Plan.build(node, ChunkGrid.regular(shape, 2, 16), strict, 0, 0))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("would read 16384 bytes from sources of 4096 bytes")
        .hasMessageContaining("read amplification 4.00 > 2.0")
        .hasMessageContaining("Alternatives:")
        .hasMessageContaining("rechunk through a temporary store");
    assertThat(chunked.opens()).isZero();
  }

  @Test
  void sourcesWithRegionReadsAreReadByRegion() {
    Shape shape = Shape.of(64, 16);
    GeneratedSource regions = GeneratedSource.of("r", DType.FLOAT32, ChunkGrid.regular(shape, 8, 16), p -> 1);
    Plan p = Plan.build(new SourceNode(regions), ChunkGrid.regular(shape, 2, 16), options(1 << 20, 2), 0, 0);
    assertThat(p.readAmplification()).isEqualTo(1.0);
    assertThat(p.perChunkBytes()).as("only the region is held").isEqualTo(2 * 16 * 4);
  }

  /** A node that declares a second pass over its input (as a materialised reduction would). */
  static final class TwoPassNode extends ArrayNode {
    TwoPassNode(ArrayNode in) {
      super(in.shape(), in.dtype(), in.grid(), List.of(in));
    }

    @Override
    public Mono<RegionData> load(Region region, ExecContext ctx) {
      return inputs().get(0).load(region, ctx);
    }

    @Override
    public void cost(Region region, Cost cost) {
      inputs().get(0).cost(region, cost);
    }

    @Override
    public int passes() {
      return 2;
    }

    @Override
    public String label() {
      return "two-pass";
    }
  }

  @Test
  void aSinglePassSourceAllowsOnePassReadingEachChunkOnce() {
    CountingSource live = source().withCapabilities(Capability.SINGLE_PASS).named("live detector");
    assertThat(Plan.build(new SourceNode(live), options(1L << 30, 2)).passes()).isEqualTo(1);

    assertThatThrownBy(() -> Plan.build(new TwoPassNode(new SourceNode(live)), options(1L << 30, 2)))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("plan 'two-pass' needs 2 passes")
        .hasMessageContaining("live detector is single-pass")
        .hasMessageContaining("Alternatives:");

    ChunkGrid finer = ChunkGrid.regular(live.shape(), 2, 1024);
    CountingSource liveChunks = source().withCapabilities(Capability.SINGLE_PASS);
    assertThatThrownBy(() -> Plan.build(new SourceNode(liveChunks), finer, options(1L << 30, 2), 0, 0))
        .as("re-reading chunks of a stream")
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("single-pass");
    assertThat(live.opens()).isZero();
  }

  @Test
  void largeGridsAreCostedFromASampleIncludingTheLargestChunk() {
    // 2^15 chunks: more than are costed one by one; read bytes are extrapolated exactly here.
    GeneratedSource big = GeneratedSource.of("big", DType.UINT8, ChunkGrid.regular(Shape.of(1 << 15, 3), 1, 3), p -> 0);
    Plan p = Plan.build(new SourceNode(big), options(1 << 20, 2));
    assertThat(p.readBytes()).isEqualTo(3L << 15);
    assertThat(p.perChunkBytes()).isEqualTo(3);
  }

  @Test
  void optionsAreValidated() {
    ExecOptions d = ExecOptions.defaults();
    assertThatThrownBy(() -> d.withPrefetch(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefetch must be >= 0 (or -1 for automatic), got -2");
    assertThatThrownBy(() -> d.withBudgetBytes(0)).hasMessage("budget must be > 0 bytes, got 0");
    assertThatThrownBy(() -> d.withParallelism(0)).hasMessage("parallelism must be > 0, got 0");
    assertThatThrownBy(() -> d.withTileElements(0)).hasMessage("tile size must be > 0 elements, got 0");
    assertThat(d.prefetch()).isEqualTo(-1);
    assertThat(d.budgetBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
  }
}
