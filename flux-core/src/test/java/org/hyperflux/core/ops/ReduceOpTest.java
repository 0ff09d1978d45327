package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.accumulate.Reduction;
import org.hyperflux.core.accumulate.ReductionAccumulator;
import org.hyperflux.core.accumulate.ReductionReference;
import org.hyperflux.core.accumulate.ReductionReference.Expected;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.Plan;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.testing.TrackingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

class ReduceOpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final long[] SHAPE = {5, 6, 7};
  private static final int[][] IRREGULAR = {{2, 3}, {1, 4, 1}, {3, 4}};
  private static final int[][] AXIS_SETS = {
      {}, {0, 1, 2}, {0}, {0, 1}, {2}, {1, 2}, {1}, {0, 2}, {-1}, {-3, 2}};
  private static final DType[] DTYPES = {
      DType.BOOL, DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.INT32, DType.UINT32, DType.INT64,
      DType.UINT64, DType.FLOAT32, DType.FLOAT64};

  static Stream<Arguments> reductionsAndDtypes() {
    List<Arguments> args = new ArrayList<>();
    for (Reduction r : Reduction.values()) for (DType d : DTYPES) args.add(Arguments.of(r, d));
    return args.stream();
  }

  /** The three grids of a test: one chunk, reduced axes whole (kept split), every axis split. */
  private static List<ChunkGrid> grids(int[] axes) {
    Shape shape = Shape.of(SHAPE);
    int[] norm = ReductionAccumulator.normalizeAxes(3, axes);
    int[][] keptSplit = new int[3][];
    for (int a = 0; a < 3; a++) {
      final int axis = a;
      keptSplit[a] = Arrays.stream(norm).anyMatch(x -> x == axis) ? new int[] {(int) SHAPE[a]} : IRREGULAR[a];
    }
    return List.of(ChunkGrid.single(shape), ChunkGrid.irregular(shape, keptSplit),
        ChunkGrid.irregular(shape, IRREGULAR));
  }

  @ParameterizedTest(name = "{0} of {1}")
  @MethodSource("reductionsAndDtypes")
  void everyAxisSetAndGridMatchesPlainLoops(Reduction reduction, DType dtype) {
    Block data = ReductionReference.data(dtype, 210, 17 + dtype.ordinal(), 0);
    checkAll(reduction, data);
  }

  @ParameterizedTest(name = "{0} with NaN")
  @EnumSource(Reduction.class)
  void nanIsPropagatedOrSkippedAsNumpy(Reduction reduction) {
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Block data = ReductionReference.data(dtype, 210, 5, 0.15);
      // An all-NaN line along axis 2 and along axis 0.
      for (int k = 0; k < 7; k++) data.setDouble(3 * 42 + 2 * 7 + k, Double.NaN);
      for (int i = 0; i < 5; i++) data.setDouble(i * 42 + 4 * 7 + 3, Double.NaN);
      checkAll(reduction, data);
    }
  }

  private static void checkAll(Reduction reduction, Block data) {
    Reduction kind = reduction;
    int[] ddofs = kind.isMoment() ? new int[] {0, 1} : new int[] {0};
    for (int[] axes : AXIS_SETS) {
      List<ChunkGrid> grids = grids(axes);
      for (int g = 0; g < grids.size(); g++) {
        ChunkGrid grid = grids.get(g);
        for (int ddof : ddofs) {
          String what = reduction.numpyName() + " of " + data.dtype().numpyName() + " over "
              + Arrays.toString(axes) + " ddof " + ddof + " on chunks " + grid.extentsString();
          LazyArray lazy = LazyArray.of(MemoryArray.split(data, grid)).reduceWithDdof(reduction, ddof, axes);
          boolean splitReduced = g == 2;
          assertThat(((ReduceOp) lazy.node()).isChunkLocal()).as("chunk-local: %s", what).isEqualTo(!splitReduced);
          Expected e = ReductionReference.reduce(kind, data, SHAPE, ReductionAccumulator.normalizeAxes(3, axes), ddof);
          assertThat(lazy.shape()).as("shape of %s", what).isEqualTo(Shape.of(e.outShape));
          assertThat(lazy.dtype()).as("dtype of %s", what).isEqualTo(e.dtype);
          int tile = g == 0 ? 1 << 17 : g == 1 ? 17 : 5;
          ExecOptions options = ExecOptions.defaults().withTileElements(tile).withParallelism(2);
          ReductionReference.assertMatches(e, collect(lazy, options), what);
        }
      }
    }
  }

  /** Streams the chunks, checks each against the declared grid and dtype, and assembles them. */
  static Block collect(LazyArray lazy, ExecOptions options) {
    List<Chunk> chunks = lazy.chunks(options).collectList().block(TIMEOUT);
    ChunkGrid grid = lazy.grid();
    assertThat(chunks).hasSize((int) grid.chunkCount());
    Region all = Region.whole(lazy.shape());
    Block out = Block.allocate(lazy.dtype(), all.size());
    for (Chunk c : chunks) {
      assertThat(c.region()).isEqualTo(grid.region(c.gridIndex()));
      assertThat(c.dtype()).isEqualTo(lazy.dtype());
      RegionCopy.copy(c.block(), c.region(), out, all, c.region());
    }
    return out;
  }

  // ---- geometry, labels and errors ----

  @Test
  void labelsNameTheFunctionTheNormalisedAxesAndDdof() {
    MemoryArray m4 = MemoryArray.of(Shape.of(2, 3, 4, 5), Block.allocate(DType.UINT16, 120));
    assertThat(LazyArray.of(m4).sum(2, 3).node().label()).isEqualTo("sum(axes=[2, 3])");
    assertThat(LazyArray.of(m4).sum(-1, -2).node().label()).isEqualTo("sum(axes=[2, 3])");
    assertThat(LazyArray.of(m4).reduceWithDdof(Reduction.NANVAR, 1, new int[] {0}).node().label())
        .isEqualTo("nanvar(axes=[0], ddof=1)");
    assertThat(LazyArray.of(m4).mean().node().label()).isEqualTo("mean(axes=[0, 1, 2, 3])");
    assertThat(LazyArray.of(m4).sum(2, 3).dtype()).isEqualTo(DType.UINT64);
    assertThat(LazyArray.of(m4).mean(0).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(LazyArray.of(m4).max(0).dtype()).isEqualTo(DType.UINT16);
    assertThat(LazyArray.of(m4).sum(1, 3).shape()).isEqualTo(Shape.of(2, 4));
  }

  @Test
  void badAxesAreRefusedNamingThem() {
    LazyArray a = LazyArray.of(MemoryArray.of(Shape.of(2, 3, 4), Block.allocate(DType.FLOAT32, 24)));
    assertThatThrownBy(() -> a.sum(0, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("axis 3").hasMessageContaining("out of bounds").hasMessageContaining("rank 3");
    assertThatThrownBy(() -> a.sum(-4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("axis -4");
    assertThatThrownBy(() -> a.sum(1, -2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate axes [-2]").hasMessageContaining("axes=[1, -2]");
  }

  @Test
  void chunkLocalWhenReducedAxesAreWholeMaterialisedOtherwise() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(6, 8, 5), 2, 3, 5);
    LazyArray a = LazyArray.of(MemoryArray.split(Block.allocate(DType.UINT16, 240), grid));
    ReduceOp navigator = (ReduceOp) a.sum(2).node();
    ReduceOp frame = (ReduceOp) a.sum(0).node();
    assertThat(navigator.isChunkLocal()).isTrue();
    assertThat(navigator.grid()).isEqualTo(ChunkGrid.regular(Shape.of(6, 8), 2, 3));
    assertThat(frame.isChunkLocal()).isFalse();
    assertThat(frame.grid()).isEqualTo(ChunkGrid.regular(Shape.of(8, 5), 3, 5));
  }

  // ---- empty, rank 0, wraparound ----

  @Test
  void zeroLengthReducedAxisGivesTheEmptyReductionOrRefusesExtrema() {
    LazyArray a = LazyArray.of(MemoryArray.of(Shape.of(0, 4), Block.allocate(DType.INT16, 0)));
    ExecOptions o = ExecOptions.defaults();
    Block sum = a.sum(0).compute(o).toBlock();
    assertThat(sum.dtype()).isEqualTo(DType.INT64);
    assertThat(sum.length()).isEqualTo(4);
    for (int i = 0; i < 4; i++) assertThat(sum.getLong(i)).isZero();
    Block mean = a.mean(0).compute(o).toBlock();
    for (int i = 0; i < 4; i++) assertThat(mean.getDouble(i)).isNaN();
    Block std = a.std(0).compute(o).toBlock();
    for (int i = 0; i < 4; i++) assertThat(std.getDouble(i)).isNaN();
    assertThat(a.sum().compute(o).getLong()).isZero();
    assertThatThrownBy(() -> a.min(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zero-size array to reduction operation minimum which has no identity");
    assertThatThrownBy(() -> a.nanmax()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zero-size array to reduction operation fmax which has no identity");
    // Reducing a non-empty axis of an empty array is fine: the result is empty.
    LazyArray b = LazyArray.of(MemoryArray.of(Shape.of(3, 0), Block.allocate(DType.FLOAT32, 0)));
    assertThat(b.min(0).shape()).isEqualTo(Shape.of(0));
    assertThat(b.min(0).compute(o).toBlock().length()).isZero();
    assertThatThrownBy(() -> b.max()).hasMessageContaining("maximum");
    // Materialised (reduced axis split) with an empty kept axis.
    ChunkGrid g = ChunkGrid.irregular(Shape.of(5, 0), new int[] {2, 3}, new int[] {0});
    LazyArray c = LazyArray.of(MemoryArray.split(Block.allocate(DType.UINT8, 0), g));
    assertThat(((ReduceOp) c.sum(0).node()).isChunkLocal()).isFalse();
    assertThat(c.sum(0).compute(o).toBlock().length()).isZero();
  }

  @Test
  void rankZeroReducesToItself() {
    Block seven = Block.wrap(DType.INT16, new short[] {7});
    LazyArray s = LazyArray.of(MemoryArray.of(Shape.scalar(), seven));
    ExecOptions o = ExecOptions.defaults();
    assertThat(s.sum().shape()).isEqualTo(Shape.scalar());
    assertThat(s.sum().node().label()).isEqualTo("sum(axes=[])");
    assertThat(s.sum().dtype()).isEqualTo(DType.INT64);
    assertThat(s.sum().compute(o).getLong()).isEqualTo(7);
    assertThat(s.mean().compute(o).getDouble()).isEqualTo(7.0);
    assertThat(s.var().compute(o).getDouble()).isEqualTo(0.0);
    assertThat(s.reduceWithDdof(Reduction.VAR, 1, new int[0]).compute(o).getDouble()).isNaN();
    assertThat(s.min().dtype()).isEqualTo(DType.INT16);
    assertThat(s.max().compute(o).getLong()).isEqualTo(7);
    LazyArray nan = LazyArray.of(MemoryArray.of(Shape.scalar(), Block.wrap(DType.FLOAT32, new float[] {Float.NaN})));
    assertThat(nan.nansum().compute(o).getDouble()).isEqualTo(0.0);
    assertThat(nan.nanmax().compute(o).getDouble()).isNaN();
    assertThat(nan.max().compute(o).getDouble()).isNaN();
    assertThat(nan.nanmean().compute(o).getDouble()).isNaN();
  }

  @Test
  void ddofAtOrBeyondTheCountDividesByZeroAsNumpy() {
    ExecOptions o = ExecOptions.defaults();
    ChunkGrid two = ChunkGrid.regular(Shape.of(2), 1);
    LazyArray u8 = LazyArray.of(MemoryArray.split(Block.wrap(DType.UINT8, new byte[] {0, 1}), two));
    assertThat(u8.reduceWithDdof(Reduction.VAR, 2, new int[0]).compute(o).getDouble()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(u8.reduceWithDdof(Reduction.STD, 3, new int[0]).compute(o).getDouble()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(u8.reduceWithDdof(Reduction.NANVAR, 2, new int[0]).compute(o).getDouble()).isEqualTo(Double.POSITIVE_INFINITY);
    LazyArray same = LazyArray.of(MemoryArray.split(Block.wrap(DType.INT32, new int[] {3, 3}), two));
    assertThat(same.reduceWithDdof(Reduction.VAR, 2, new int[0]).compute(o).getDouble()).isNaN(); // 0 / 0
    LazyArray f = LazyArray.of(MemoryArray.split(Block.wrap(DType.FLOAT32, new float[] {0, 1}), two));
    assertThat(f.reduceWithDdof(Reduction.VAR, 2, new int[0]).compute(o).getDouble()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(f.reduceWithDdof(Reduction.NANVAR, 2, new int[0]).compute(o).getDouble()).isNaN();
    assertThat(f.reduceWithDdof(Reduction.NANSTD, 1, new int[0]).compute(o).getDouble())
        .isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-7));
  }

  @Test
  void integerSumsWrapAroundAsNumpy() {
    long[] values = {Long.MAX_VALUE, 1, 5, Long.MAX_VALUE, Long.MAX_VALUE, 3};
    ChunkGrid grid = ChunkGrid.irregular(Shape.of(6), new int[] {1, 2, 3});
    LazyArray i64 = LazyArray.of(MemoryArray.split(Block.wrap(DType.INT64, values), grid));
    long expected = 0;
    for (long v : values) expected += v;
    assertThat(i64.sum().compute(ExecOptions.defaults().withTileElements(2)).getLong()).isEqualTo(expected);
    assertThat(expected).isNegative(); // it did wrap
    LazyArray u64 = LazyArray.of(MemoryArray.split(Block.wrap(DType.UINT64, new long[] {-1L, -1L, 2, 0, 0, 0}), grid));
    assertThat(u64.sum().dtype()).isEqualTo(DType.UINT64);
    assertThat(u64.sum().compute(ExecOptions.defaults()).getLong()).isEqualTo(0L); // 2^64 - 1 + 2^64 - 1 + 2 = 2^65
    assertThat(u64.max().compute(ExecOptions.defaults()).getLong()).isEqualTo(-1L); // unsigned compare
    assertThat(u64.min().compute(ExecOptions.defaults()).getLong()).isEqualTo(0L);
    // Narrow integers never wrap: the sum is int64.
    Block i8 = Block.wrap(DType.INT8, new byte[] {127, 127, 127, -128, -128, -128, -128});
    assertThat(LazyArray.of(MemoryArray.of(Shape.of(7), i8)).sum().compute(ExecOptions.defaults()).getLong())
        .isEqualTo(3 * 127 - 4 * 128);
  }

  // ---- numerics ----

  @Test
  void varianceWithALargeOffsetIsStableWhereNaiveSumOfSquaresFails() {
    int n = 4000;
    SplittableRandom r = new SplittableRandom(42);
    double[] x = new double[n * 3];
    for (int i = 0; i < x.length; i++) x[i] = 1e8 + r.nextDouble();
    // Reference from the exact small parts (x - 1e8 is exact), column by column.
    double[] ref = new double[3];
    double[] naive = new double[3];
    for (int c = 0; c < 3; c++) {
      double s = 0;
      double sx = 0;
      double sxx = 0;
      for (int i = 0; i < n; i++) {
        s += x[i * 3 + c] - 1e8;
        sx += x[i * 3 + c];
        sxx += x[i * 3 + c] * x[i * 3 + c];
      }
      double m = s / n;
      double ss = 0;
      for (int i = 0; i < n; i++) ss += (x[i * 3 + c] - 1e8 - m) * (x[i * 3 + c] - 1e8 - m);
      ref[c] = ss / n;
      naive[c] = (sxx - sx * sx / n) / n;
    }
    for (int c = 0; c < 3; c++) {
      // The naive formula is useless on this data: that is what the test guards against.
      assertThat(Math.abs(naive[c] - ref[c]) / ref[c]).isGreaterThan(0.05);
    }
    // Reduced axis split into irregular chunks (materialised, Welford + Chan merges) ...
    ChunkGrid rows = ChunkGrid.irregular(Shape.of(n, 3), new int[] {1000, 7, 1993, 1000}, new int[] {3});
    Block data = Block.wrap(DType.FLOAT64, x);
    MemoryArray a = MemoryArray.split(data, rows);
    Block var = LazyArray.of(a).var(0).compute(ExecOptions.defaults().withTileElements(11)).toBlock();
    for (int c = 0; c < 3; c++) assertThat(Math.abs(var.getDouble(c) - ref[c]) / ref[c]).isLessThan(1e-6);
    // ... and transposed, the reduced axis innermost (two-pass runs + Chan merges).
    double[] xt = new double[n * 3];
    for (int i = 0; i < n; i++) for (int c = 0; c < 3; c++) xt[c * n + i] = x[i * 3 + c];
    ChunkGrid cols = ChunkGrid.irregular(Shape.of(3, n), new int[] {3}, new int[] {1000, 7, 1993, 1000});
    MemoryArray b = MemoryArray.split(Block.wrap(DType.FLOAT64, xt), cols);
    Block var2 = LazyArray.of(b).var(1).compute(ExecOptions.defaults().withTileElements(300)).toBlock();
    Block std2 = LazyArray.of(b).std(-1).compute(ExecOptions.defaults().withTileElements(300)).toBlock();
    for (int c = 0; c < 3; c++) {
      assertThat(Math.abs(var2.getDouble(c) - ref[c]) / ref[c]).isLessThan(1e-6);
      assertThat(Math.abs(std2.getDouble(c) - Math.sqrt(ref[c])) / Math.sqrt(ref[c])).isLessThan(1e-6);
    }
  }

  @Test
  void resultsAreBitIdenticalFromRunToRunInParallel() {
    int n = 120 * 30 * 20;
    Block data = ReductionReference.data(DType.FLOAT32, n, 99, 0);
    ChunkGrid grid = ChunkGrid.irregular(Shape.of(120, 30, 20),
        new int[] {7, 13, 20, 1, 40, 39}, new int[] {11, 19}, new int[] {20});
    LazyArray a = LazyArray.of(MemoryArray.split(data, grid));
    ExecOptions o = ExecOptions.defaults().withParallelism(4).withTileElements(97);
    List<LazyArray> cases = List.of(a.sum(0), a.mean(0, 2), a.var(0), a.nanstd(0, 1), a.sum(1, 2),
        a.var(2), a.mean());
    for (LazyArray c : cases) {
      long[] first = bits(collect(c, o));
      for (int run = 0; run < 4; run++) {
        assertThat(bits(collect(c, o))).as("run %d of %s", run, c.node().label()).isEqualTo(first);
      }
    }
  }

  private static long[] bits(Block b) {
    long[] r = new long[b.length()];
    for (int i = 0; i < r.length; i++) r[i] = Double.doubleToRawLongBits(b.getDouble(i));
    return r;
  }

  // ---- plans, passes and resource release ----

  @Test
  void materialisedReductionReadsTheInputOncePerExecutionAndCostsTwoPasses() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(6, 8, 5), 2, 3, 5);
    Block data = ReductionReference.data(DType.UINT16, 240, 3, 0);
    CountingSource src = new CountingSource(MemoryArray.split(data, grid));
    LazyArray frame = LazyArray.of(src).sum(0);
    assertThat(frame.grid().chunkCount()).isEqualTo(3);
    ExecOptions o = ExecOptions.defaults().withTileElements(7);
    Plan plan = frame.plan(o);
    assertThat(plan.passes()).isEqualTo(2);
    assertThat(plan.readAmplification()).isEqualTo(1.0);
    assertThat(plan.residentBytes()).isGreaterThanOrEqualTo(8 * 5 * 8 + 8 * 5 * 8);
    Block out = collect(frame, o);
    assertThat(src.reads.get()).isEqualTo((int) grid.chunkCount());
    Expected e = ReductionReference.reduce(Reduction.SUM, data, new long[] {6, 8, 5}, new int[] {0}, 0);
    ReductionReference.assertMatches(e, out, "sum frame");
    // A second execution runs its own pass.
    collect(frame, o);
    assertThat(src.reads.get()).isEqualTo(2 * (int) grid.chunkCount());

    LazyArray navigator = LazyArray.of(src).sum(2);
    Plan nav = navigator.plan(o);
    assertThat(nav.passes()).isEqualTo(1);
    assertThat(nav.readAmplification()).isEqualTo(1.0);
    assertThat(nav.residentBytes()).isZero();
    // Chunk-local cost: the input chunk, the output block and the state of one output chunk.
    ReduceOp navNode = (ReduceOp) navigator.node();
    long outElements = 2 * 3;
    assertThat(nav.perChunkBytes()).isEqualTo(2 * 3 * 5 * 2 + outElements * 8
        + navNode.accumulator().stateBytes(outElements));
    // Materialised: every output chunk holds what one chunk of the inner pass holds.
    ReduceOp frameNode = (ReduceOp) frame.node();
    Cost cost = new Cost();
    frameNode.cost(frame.grid().region(ChunkIndex.of(0, 0)), cost);
    assertThat(cost.heldBytes()).isEqualTo(2 * 3 * 5 * 2 + frameNode.accumulator().chunkStateBytes());
    assertThat(cost.readBytes()).isZero();
  }

  @Test
  void aMaterialisedReductionThatDoesNotFitTheBudgetFailsAtPlanTime() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(4, 100, 100), 1, 100, 100);
    LazyArray a = LazyArray.of(MemoryArray.split(Block.allocate(DType.FLOAT64, 40000), grid));
    ExecOptions small = ExecOptions.defaults().withBudgetBytes(100_000);
    assertThatThrownBy(() -> a.var(0).plan(small)).isInstanceOf(PlanException.class)
        .hasMessageContaining("var(axes=[0])").hasMessageContaining("resident");
    assertThat(a.var(0).plan(ExecOptions.defaults().withBudgetBytes(10_000_000)).peakBytes())
        .isLessThanOrEqualTo(10_000_000);
  }

  @Test
  void aMaterialisedReductionOfASinglePassSourceIsRefusedAtPlanTime() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(4, 3), 1, 3);
    CountingSource live = new CountingSource(MemoryArray.split(Block.allocate(DType.UINT8, 12), grid));
    live.capabilities = EnumSet.of(Capability.SINGLE_PASS);
    assertThatThrownBy(() -> LazyArray.of(live).sum(0).plan(ExecOptions.defaults()))
        .isInstanceOf(PlanException.class).hasMessageContaining("single-pass");
    assertThat(LazyArray.of(live).sum(1).plan(ExecOptions.defaults()).passes()).isEqualTo(1);
  }

  @Test
  void inputDataIsReleasedOnSuccessErrorAndCancel() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(6, 8, 5), 2, 3, 5);
    MemoryArray m = MemoryArray.split(ReductionReference.data(DType.FLOAT32, 240, 1, 0), grid);
    for (int repeat = 0; repeat < 3; repeat++) for (int[] axes : new int[][] {{2}, {0}, {1, 2}, {0, 2}}) {
      TrackingNode ok = TrackingNode.of(new SourceNode(m));
      LazyArray.of(ReduceOp.of(Reduction.MEAN, ok, axes, 0)).compute(ExecOptions.defaults().withTileElements(9));
      assertThat(ok.loads.get()).isPositive();
      assertThat(ok.outstanding.get()).as("outstanding after success, axes %s", Arrays.toString(axes)).isZero();

      TrackingNode failing = TrackingNode.failingTiles(new SourceNode(m), Region.of(new long[] {2, 3, 0}, new int[] {2, 3, 5}));
      LazyArray bad = LazyArray.of(ReduceOp.of(Reduction.SUM, failing, axes, 0));
      StepVerifier.create(bad.chunks(ExecOptions.defaults().withTileElements(9)))
          .thenConsumeWhile(c -> true)
          .expectErrorMessage("injected failure")
          .verify(TIMEOUT);
      failing.awaitReleased(TIMEOUT);
      assertThat(failing.outstanding.get()).as("outstanding after error, axes %s", Arrays.toString(axes)).isZero();

      TrackingNode cancelled = TrackingNode.of(new SourceNode(m));
      LazyArray c = LazyArray.of(ReduceOp.of(Reduction.MAX, cancelled, axes, 0));
      StepVerifier.create(c.chunks(ExecOptions.defaults().withPrefetch(2)), 1)
          .expectNextCount(1)
          .thenCancel()
          .verify(TIMEOUT);
      cancelled.awaitReleased(TIMEOUT);
      assertThat(cancelled.outstanding.get()).as("outstanding after cancel, axes %s", Arrays.toString(axes)).isZero();
    }
  }

  @Test
  void theAccumulatorRunsDirectlyInAPassWithOneReadForSeveralReductions() {
    ChunkGrid grid = ChunkGrid.irregular(Shape.of(9, 4, 6), new int[] {4, 5}, new int[] {1, 3}, new int[] {6});
    Block data = ReductionReference.data(DType.UINT16, 216, 8, 0);
    CountingSource src = new CountingSource(MemoryArray.split(data, grid));
    SourceNode node = new SourceNode(src);
    ReductionAccumulator sumFrame = ReductionAccumulator.of(Reduction.SUM, DType.UINT16, grid, new int[] {0, 1}, 0);
    ReductionAccumulator navigator = ReductionAccumulator.of(Reduction.MEAN, DType.UINT16, grid, new int[] {-1}, 0);
    ReductionAccumulator var = ReductionAccumulator.of(Reduction.VAR, DType.UINT16, grid, new int[] {}, 1);
    List<Partial<?>> results = Pass.over(node, ExecOptions.defaults().withTileElements(5))
        .feed(sumFrame).feed(navigator).feed(var).run().block(TIMEOUT);
    assertThat(src.reads.get()).isEqualTo((int) grid.chunkCount());
    long[] shape = {9, 4, 6};
    ReductionReference.assertMatches(
        ReductionReference.reduce(Reduction.SUM, data, shape, new int[] {0, 1}, 0),
        (Block) results.get(0).value(), "sum frame");
    ReductionReference.assertMatches(
        ReductionReference.reduce(Reduction.MEAN, data, shape, new int[] {2}, 0),
        (Block) results.get(1).value(), "navigator");
    ReductionReference.assertMatches(
        ReductionReference.reduce(Reduction.VAR, data, shape, new int[] {0, 1, 2}, 1),
        (Block) results.get(2).value(), "variance");
    for (Partial<?> p : results) {
      assertThat(p.isComplete()).isTrue();
      assertThat(p.validMask()).isNull();
    }
  }

  // ---- fixtures ----

  /** A source over a memory array that counts chunk reads; capabilities can be overridden. */
  static final class CountingSource implements Source {
    final MemoryArray delegate;
    final AtomicInteger reads = new AtomicInteger();
    volatile Set<Capability> capabilities;

    CountingSource(MemoryArray delegate) {
      this.delegate = delegate;
      this.capabilities = EnumSet.of(Capability.RANDOM_ACCESS);
    }

    @Override
    public Shape shape() {
      return delegate.shape();
    }

    @Override
    public DType dtype() {
      return delegate.dtype();
    }

    @Override
    public ChunkGrid grid() {
      return delegate.grid();
    }

    @Override
    public Set<Capability> capabilities() {
      return capabilities;
    }

    @Override
    public boolean blocking() {
      return false;
    }

    @Override
    public String description() {
      return "counting " + delegate.description();
    }

    @Override
    public SourceHandle open() throws IOException {
      SourceHandle h = delegate.open();
      return new SourceHandle() {
        @Override
        public Block readChunk(ChunkIndex index) throws IOException {
          reads.incrementAndGet();
          return h.readChunk(index);
        }

        @Override
        public Block readRegion(Region region) throws IOException {
          throw new IOException("region reads are not offered");
        }

        @Override
        public void close() throws IOException {
          h.close();
        }
      };
    }
  }
}
