package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.testing.DemandChecks.assertReadsFollowDemand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Plan;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.testing.CountingSource;
import org.hyperflux.core.testing.TrackingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/**
 * {@link ArgReduceOp} and {@link ArgReduceAccumulator}: numpy's tie, NaN and unsigned rules on
 * hand-made lines split across chunks, merge-order independence, the declared geometry, the
 * choice between the chunk-local and the materialised evaluation with their costs, build-time
 * refusals, release of input data on every path, and backpressure. The lazy-equals-eager
 * properties are in {@code properties.LazyEagerArgReduceTest}.
 */
class ArgReduceOpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Every grid of a line of {@code n} elements used below: whole, pairs, singles, irregular. */
  private static List<ChunkGrid> lineGrids(int n) {
    Shape s = Shape.of(n);
    List<ChunkGrid> grids = new ArrayList<>();
    grids.add(ChunkGrid.single(s));
    grids.add(ChunkGrid.regular(s, 2));
    grids.add(ChunkGrid.regular(s, 1));
    if (n >= 3) grids.add(ChunkGrid.irregular(s, new int[] {1, n - 2, 1}));
    return grids;
  }

  /** argmax and argmin of one line on every grid and tile size; returns {argmax, argmin}. */
  private static long[] arg(Block line) {
    long[] out = null;
    for (ChunkGrid g : lineGrids(line.length())) {
      for (int tiles : new int[] {1, 2, Tiles.DEFAULT_TILE_ELEMENTS}) {
        LazyArray a = LazyArray.of(MemoryArray.split(line, g));
        ExecOptions o = ExecOptions.defaults().withParallelism(2).withTileElements(tiles);
        long[] got = {a.argmax(0).compute(o).getLong(), a.argmin(-1).compute(o).getLong()};
        if (out == null) out = got;
        assertThat(got).as("grid %s, tiles of %d", g.extentsString(), tiles).isEqualTo(out);
      }
    }
    return out;
  }

  @Test
  void tiesAcrossChunkBoundariesKeepTheFirstIndex() {
    assertThat(arg(Block.wrap(DType.FLOAT64, new double[] {3, 5, 5, 5, 1}))).containsExactly(1, 4);
    assertThat(arg(Block.wrap(DType.FLOAT64, new double[] {1, 0, 7, 0, 7, 0}))).containsExactly(2, 1);
    assertThat(arg(Block.wrap(DType.INT32, new int[] {4, 4, 4, 4}))).containsExactly(0, 0);
    // -0.0 and 0.0 tie.
    assertThat(arg(Block.wrap(DType.FLOAT64, new double[] {-1, -0.0, 0.0, -1}))).containsExactly(1, 0);
    assertThat(arg(Block.wrap(DType.FLOAT32, new float[] {0.0f, -0.0f}))).containsExactly(0, 0);
  }

  @Test
  void theFirstNaNWinsForBothArgmaxAndArgminAsNumpy() {
    // numpy 1.24: np.argmax([1, nan, 0, nan, 5]) == np.argmin(...) == 1
    assertThat(arg(Block.wrap(DType.FLOAT64, new double[] {1, Double.NaN, 0, Double.NaN, 5})))
        .containsExactly(1, 1);
    assertThat(arg(Block.wrap(DType.FLOAT32, new float[] {Float.NEGATIVE_INFINITY, 2, 9, Float.NaN})))
        .containsExactly(3, 3);
    assertThat(arg(Block.wrap(DType.FLOAT64, new double[] {Double.NaN, Double.NaN}))).containsExactly(0, 0);
    double inf = Double.POSITIVE_INFINITY;
    assertThat(arg(Block.wrap(DType.FLOAT64, new double[] {inf, -inf, -inf, inf}))).containsExactly(0, 1);
  }

  @Test
  void integersBoolAndUnsignedCompareAsNumpy() {
    assertThat(arg(Block.wrap(DType.INT8, new byte[] {-128, 127, 127, -128, 0}))).containsExactly(1, 0);
    assertThat(arg(Block.wrap(DType.UINT8, new byte[] {1, (byte) 0xFF, 0, (byte) 0x80}))).containsExactly(1, 2);
    assertThat(arg(Block.wrap(DType.UINT16, new short[] {0x7FFF, (short) 0xFFFF, 0, (short) 0xFFFF})))
        .containsExactly(1, 2);
    assertThat(arg(Block.wrap(DType.INT16, new short[] {0x7FFF, (short) 0xFFFF, (short) 0x8000})))
        .containsExactly(0, 2);
    assertThat(arg(Block.wrap(DType.UINT32, new int[] {0x7FFF_FFFF, 0x8000_0000, 3}))).containsExactly(1, 2);
    assertThat(arg(Block.wrap(DType.INT64, new long[] {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE})))
        .containsExactly(1, 0);
    // uint64: 2^63 and 2^64-1 are above every signed long; np.argmax([2**63, 2**64-1, 1]) == 1.
    assertThat(arg(Block.wrap(DType.UINT64, new long[] {Long.MIN_VALUE, -1L, 1, 0, -1L}))).containsExactly(1, 3);
    assertThat(arg(Block.wrap(DType.BOOL, new boolean[] {false, true, true, false}))).containsExactly(1, 0);
    assertThat(arg(Block.wrap(DType.BOOL, new boolean[] {true, true}))).containsExactly(0, 0);
  }

  @Test
  void longLinesFoldThroughTheScratchBufferInPieces() {
    int n = 3 * ArgReduceAccumulator.SCRATCH + 17;
    short[] v = new short[n];
    for (int i = 0; i < n; i++) v[i] = (short) (i % 1000);
    v[2 * ArgReduceAccumulator.SCRATCH + 5] = (short) 0xFFFF; // uint16 65535, the maximum
    v[ArgReduceAccumulator.SCRATCH + 3] = (short) 0xFFFF;
    LazyArray a = LazyArray.of(MemoryArray.split(Block.wrap(DType.UINT16, v),
        ChunkGrid.regular(Shape.of(n), 1000)));
    assertThat(a.argmax(0).compute().getLong()).isEqualTo(ArgReduceAccumulator.SCRATCH + 3);
    assertThat(a.argmin(0).compute().getLong()).isZero();
    LazyArray whole = a.rechunk(n);
    assertThat(whole.argmax(0).compute().getLong()).isEqualTo(ArgReduceAccumulator.SCRATCH + 3);
  }

  @Test
  void mergingPartialStatesInAnyOrderKeepsTheFirstIndexOnTies() {
    Shape shape = Shape.of(9, 4);
    ChunkGrid grid = ChunkGrid.irregular(shape, new int[] {2, 1, 3, 3}, new int[] {3, 1});
    Block data = Block.allocate(DType.FLOAT32, 36);
    for (int i = 0; i < 36; i++) data.setDouble(i, (i * 7) % 3);
    data.setDouble(5 * 4 + 2, Float.NaN);
    data.setDouble(8 * 4 + 2, Float.NaN);
    MemoryArray m = MemoryArray.split(data, grid);
    for (boolean max : new boolean[] {true, false}) {
      ArgReduceAccumulator acc = ArgReduceAccumulator.of(max, DType.FLOAT32, grid, 0);
      long[] expected = new long[4];
      for (int col = 0; col < 4; col++) {
        int best = 0;
        for (int row = 0; row < 9; row++) {
          double v = data.getDouble(row * 4 + col);
          double b = data.getDouble(best * 4 + col);
          if (Double.isNaN(b)) break;
          if (Double.isNaN(v) || (max ? v > b : v < b)) best = row;
        }
        expected[col] = best;
      }
      Random rnd = new Random(42);
      for (int order = 0; order < 6; order++) {
        List<ArgReduceAccumulator.State> fresh = refold(acc, m, grid);
        if (order == 1) Collections.reverse(fresh);
        if (order > 1) Collections.shuffle(fresh, rnd);
        ArgReduceAccumulator.State merged = fresh.get(0);
        for (int k = 1; k < fresh.size(); k++) {
          merged = order % 2 == 0 ? acc.merge(merged, fresh.get(k)) : acc.merge(fresh.get(k), merged);
        }
        Partial<Block> p = acc.finish(merged);
        assertThat(p.isComplete()).isTrue();
        assertThat(p.validMask()).isNull();
        assertThat((long[]) p.value().array()).as("max=%s, merge order %d", max, order).containsExactly(expected);
      }
    }
  }

  private static List<ArgReduceAccumulator.State> refold(ArgReduceAccumulator acc, MemoryArray m, ChunkGrid grid) {
    List<ArgReduceAccumulator.State> states = new ArrayList<>();
    for (long c = 0; c < grid.chunkCount(); c++) {
      ChunkIndex idx = grid.index(c);
      Region r = grid.region(idx);
      ArgReduceAccumulator.State s = acc.create();
      for (Region t : Tiles.of(r, 3)) acc.accept(s, new Chunk(idx, t, RegionCopy.extract(m.chunk(idx), r, t)));
      states.add(s);
    }
    return states;
  }

  @Test
  void aSnapshotMarksTheLinesNotReachedYet() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(4, 6), 2, 3);
    Block data = Block.allocate(DType.INT16, 24);
    for (int i = 0; i < 24; i++) data.setLong(i, i % 5);
    MemoryArray m = MemoryArray.split(data, grid);
    ArgReduceAccumulator acc = ArgReduceAccumulator.of(true, DType.INT16, grid, 0);
    ArgReduceAccumulator.State s = acc.create();
    ChunkIndex first = ChunkIndex.of(0, 0);
    acc.accept(s, new Chunk(first, grid.region(first), m.chunk(first)));
    Partial<Block> snap = acc.snapshot(s);
    assertThat(snap.isComplete()).isFalse();
    assertThat(snap.validMask().cardinality()).isEqualTo(3);
    assertThat(snap.validMask().get(0)).isTrue();
    assertThat(snap.validMask().get(3)).isFalse();
    assertThat(snap.value().getLong(4)).isEqualTo(-1);
    assertThat(s.regions()).containsExactly(Region.of(new long[] {0}, new int[] {3}));
  }

  // ---- geometry, evaluation and build-time errors ----

  @Test
  void theResultIsInt64OnTheInputGridWithoutTheAxis() {
    ChunkGrid grid = ChunkGrid.irregular(Shape.of(5, 6, 7), new int[] {2, 3}, new int[] {1, 4, 1}, new int[] {7});
    LazyArray a = LazyArray.of(MemoryArray.zeros(DType.UINT8, grid));
    LazyArray r = a.argmax(1);
    assertThat(r.dtype()).isEqualTo(DType.INT64);
    assertThat(r.shape()).isEqualTo(Shape.of(5, 7));
    assertThat(r.grid()).isEqualTo(ChunkGrid.irregular(Shape.of(5, 7), new int[] {2, 3}, new int[] {7}));
    assertThat(r.node().label()).isEqualTo("argmax(axis=1)");
    assertThat(((ArgReduceOp) r.node()).isChunkLocal()).isFalse();
    assertThat(((ArgReduceOp) a.argmin(-1).node()).isChunkLocal()).isTrue();
    assertThat(a.argmin(-1).node().label()).isEqualTo("argmin(axis=2)");
    assertThat(a.argmin(-1).grid()).isEqualTo(ChunkGrid.irregular(Shape.of(5, 6), new int[] {2, 3}, new int[] {1, 4, 1}));
    // Rank 1 reduces to rank 0; a zero-length kept axis gives an empty result.
    assertThat(LazyArray.of(MemoryArray.zeros(DType.FLOAT32, ChunkGrid.regular(Shape.of(4), 3))).argmax(0).shape())
        .isEqualTo(Shape.scalar());
    LazyArray empty = LazyArray.of(MemoryArray.zeros(DType.FLOAT32, ChunkGrid.regular(Shape.of(0, 4), 1, 3)));
    assertThat(empty.argmax(1).shape()).isEqualTo(Shape.of(0));
    assertThat(empty.argmax(1).compute().shape()).isEqualTo(Shape.of(0));
  }

  @Test
  void badAxesAndEmptyAxesAreRefusedWhenBuilt() {
    LazyArray a = LazyArray.of(MemoryArray.zeros(DType.INT32, ChunkGrid.regular(Shape.of(3, 0, 2), 2, 1, 2)));
    assertThatThrownBy(() -> a.argmax(3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("axis 3 is out of bounds for an array of rank 3");
    assertThatThrownBy(() -> a.argmin(-4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("axis -4 is out of bounds");
    assertThatThrownBy(() -> a.argmax(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt to get argmax of an empty sequence")
        .hasMessageContaining("(3, 0, 2)");
    assertThatThrownBy(() -> a.argmin(-2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt to get argmin of an empty sequence");
    assertThat(a.argmax(0).shape()).isEqualTo(Shape.of(0, 2));
    LazyArray scalar = LazyArray.of(MemoryArray.of(Shape.scalar(), Block.wrap(DType.FLOAT64, new double[] {1})));
    assertThatThrownBy(() -> scalar.argmax(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank 0");
  }

  // ---- plans, passes, release, backpressure ----

  @Test
  void costsMirrorTheTwoEvaluations() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(6, 8, 5), 2, 3, 5);
    Block data = Block.allocate(DType.UINT16, 240);
    for (int i = 0; i < 240; i++) data.setLong(i, (i * 31) % 17);
    CountingSource src = CountingSource.of(MemoryArray.split(data, grid));
    ExecOptions o = ExecOptions.defaults().withTileElements(7);

    LazyArray along0 = LazyArray.of(src).argmax(0);
    Plan plan = along0.plan(o);
    assertThat(plan.passes()).isEqualTo(2);
    assertThat(plan.readAmplification()).isEqualTo(1.0);
    ArgReduceOp node = (ArgReduceOp) along0.node();
    ArgReduceAccumulator acc = ArgReduceAccumulator.of(true, DType.UINT16, grid, 0);
    assertThat(plan.residentBytes()).isEqualTo(8 * 5 * 8 + acc.mergedStateBytes());
    Cost cost = new Cost(7);
    node.cost(along0.grid().region(ChunkIndex.of(0, 0)), cost);
    assertThat(cost.heldBytes()).isEqualTo(2 * 3 * 5 * 2 + acc.chunkStateBytes());
    assertThat(cost.readBytes()).isZero();
    along0.compute(o);
    assertThat(src.reads()).isEqualTo((int) grid.chunkCount());

    LazyArray along2 = LazyArray.of(src).argmin(2);
    Plan nav = along2.plan(o);
    assertThat(nav.passes()).isEqualTo(1);
    assertThat(nav.residentBytes()).isZero();
    ArgReduceAccumulator acc2 = ArgReduceAccumulator.of(false, DType.UINT16, grid, 2);
    // The input chunk, the output block and the state of one output chunk.
    assertThat(nav.perChunkBytes()).isEqualTo(2 * 3 * 5 * 2 + 2 * 3 * 8 + acc2.stateBytes(2 * 3));
    int before = src.reads();
    along2.compute(o);
    assertThat(src.reads() - before).isEqualTo((int) grid.chunkCount());
  }

  @Test
  void aMaterialisedArgReductionOfASinglePassSourceIsRefusedAtPlanTime() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(4, 3), 1, 3);
    CountingSource live = CountingSource.of(MemoryArray.zeros(DType.UINT8, grid))
        .withCapabilities(Capability.SINGLE_PASS);
    assertThatThrownBy(() -> LazyArray.of(live).argmax(0).plan(ExecOptions.defaults()))
        .isInstanceOf(PlanException.class).hasMessageContaining("single-pass");
    assertThat(LazyArray.of(live).argmax(1).plan(ExecOptions.defaults()).passes()).isEqualTo(1);
  }

  @Test
  void inputDataIsReleasedOnSuccessErrorAndCancel() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(6, 8, 5), 2, 3, 5);
    Block data = Block.allocate(DType.FLOAT32, 240);
    for (int i = 0; i < 240; i++) data.setDouble(i, (i * 13) % 7);
    MemoryArray m = MemoryArray.split(data, grid);
    for (int axis : new int[] {0, 1, 2}) {
      TrackingNode ok = TrackingNode.of(new SourceNode(m));
      LazyArray.of(ArgReduceOp.of(true, ok, axis)).compute(ExecOptions.defaults().withTileElements(9));
      assertThat(ok.loads.get()).isPositive();
      assertThat(ok.outstanding.get()).as("outstanding after success, axis %d", axis).isZero();

      TrackingNode failing = TrackingNode.failingTiles(new SourceNode(m),
          Region.of(new long[] {2, 3, 0}, new int[] {2, 3, 5}));
      StepVerifier.create(LazyArray.of(ArgReduceOp.of(false, failing, axis))
              .chunks(ExecOptions.defaults().withTileElements(9)))
          .thenConsumeWhile(c -> true)
          .expectErrorMessage("injected failure")
          .verify(TIMEOUT);
      failing.awaitReleased(TIMEOUT);
      assertThat(failing.outstanding.get()).as("outstanding after error, axis %d", axis).isZero();

      TrackingNode cancelled = TrackingNode.of(new SourceNode(m));
      StepVerifier.create(LazyArray.of(ArgReduceOp.of(true, cancelled, axis))
              .chunks(ExecOptions.defaults().withPrefetch(2)), 1)
          .expectNextCount(1)
          .thenCancel()
          .verify(TIMEOUT);
      cancelled.awaitReleased(TIMEOUT);
      assertThat(cancelled.outstanding.get()).as("outstanding after cancel, axis %d", axis).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void anArgReductionAlongAWholeAxisReadsOnlyWhatIsRequested(int prefetch) {
    // (64, 4, 8) float32 ramp in chunks (2, 4, 8): argmax along axis 2 streams one output chunk
    // per input chunk; each line's maximum is its last element.
    CountingSource src = CountingSource.ramp(Shape.of(64, 4, 8), 2, 4, 8).blocking(Duration.ofMillis(2));
    LazyArray peaks = LazyArray.of(src).argmax(2);
    assertReadsFollowDemand(peaks, src, prefetch, 1, c -> {
      assertThat(c.region()).isEqualTo(Region.of(new long[] {0, 0}, new int[] {2, 4}));
      for (int k = 0; k < c.block().length(); k++) assertThat(c.block().getLong(k)).isEqualTo(7);
    });
  }

  @Test
  void chunkLocalEvaluationWithTinyTilesHoldsOneChunkAtATime() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(40, 3, 50), 4, 3, 50);
    Block data = Block.allocate(DType.FLOAT64, 40 * 3 * 50);
    for (int i = 0; i < data.length(); i++) data.setDouble(i, Math.sin(i));
    LazyArray peaks = LazyArray.of(MemoryArray.split(data, grid)).argmax(2);
    ExecOptions o = ExecOptions.defaults().withTileElements(16).withPrefetch(0);
    Plan plan = peaks.plan(o);
    MemoryArray r = peaks.compute(o);
    for (int i = 0; i < 40; i++) {
      for (int j = 0; j < 3; j++) {
        int best = 0;
        for (int k = 1; k < 50; k++) if (Math.sin((i * 3 + j) * 50 + k) > Math.sin((i * 3 + j) * 50 + best)) best = k;
        assertThat(r.getLong(i, j)).isEqualTo(best);
      }
    }
    // One input chunk, its output block and state: never the whole input.
    long state = ArgReduceAccumulator.of(true, DType.FLOAT64, grid, 2).stateBytes(4 * 3);
    assertThat(plan.perChunkBytes()).isEqualTo(4 * 3 * 50 * 8 + 4 * 3 * 8 + state);
    assertThat(plan.residentBytes()).isZero();
  }
}
