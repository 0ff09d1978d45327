package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.ops.GeometryFixtures.TIMEOUT;
import static org.hyperflux.core.ops.GeometryFixtures.array;
import static org.hyperflux.core.ops.GeometryFixtures.assertEqualsReference;
import static org.hyperflux.core.ops.GeometryFixtures.computeChecked;
import static org.hyperflux.core.ops.GeometryFixtures.options;
import static org.hyperflux.core.ops.GeometryFixtures.tinyTiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.RegionData;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.ops.GeometryFixtures.CountingSource;
import org.hyperflux.core.testing.TrackingNode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StackConcatenateTest {

  /** One input of a join: dtype and grid. */
  record Input(DType dtype, ChunkGrid grid) {
    @Override
    public String toString() {
      return dtype.numpyName() + grid.shape() + grid.extentsString();
    }
  }

  /** A join fixture: the axis and the inputs. */
  record Case(int axis, Input... inputs) {
    Arguments arguments() {
      return Arguments.of(Named.of("axis " + axis + " of "
          + Arrays.stream(inputs).map(Input::toString).collect(Collectors.joining(" + ")), this));
    }

    List<MemoryArray> arrays() {
      List<MemoryArray> a = new ArrayList<>();
      for (int k = 0; k < inputs.length; k++) a.add(array(inputs[k].dtype(), inputs[k].grid(), k + 1));
      return a;
    }
  }

  static Input in(DType dtype, Shape shape, int... chunk) {
    return new Input(dtype, ChunkGrid.regular(shape, chunk));
  }

  static LazyArray[] lazy(List<MemoryArray> arrays) {
    return arrays.stream().map(LazyArray::of).toArray(LazyArray[]::new);
  }

  static DType promoted(List<MemoryArray> arrays) {
    DType t = arrays.get(0).dtype();
    for (MemoryArray a : arrays) t = DType.promote(t, a.dtype());
    return t;
  }

  // ---- stack ----

  static Stream<Arguments> stackCases() {
    Shape s = Shape.of(4, 5);
    Input a = in(DType.FLOAT64, s, 2, 5);
    Input b = in(DType.FLOAT64, s, 3, 2);
    Input c = new Input(DType.FLOAT64, ChunkGrid.irregular(s, new int[] {1, 3}, new int[] {5}));
    Shape scalar = Shape.scalar();
    return Stream.of(
        new Case(0, in(DType.INT8, scalar), in(DType.UINT8, scalar), in(DType.FLOAT32, scalar)),
        new Case(-1, in(DType.INT32, scalar), in(DType.INT32, scalar)),
        new Case(0, a, b, c),
        new Case(1, a, b, c),
        new Case(2, a, b, c),
        new Case(-1, c, a),
        new Case(-3, in(DType.BOOL, s, 3, 3), in(DType.UINT16, s, 2, 2)),
        new Case(1, in(DType.INT16, s, 4, 5), in(DType.UINT16, s, 4, 5), in(DType.INT8, s, 1, 1)),
        new Case(1, in(DType.FLOAT64, Shape.of(0, 3), 1, 2), in(DType.FLOAT64, Shape.of(0, 3), 1, 3)),
        new Case(2, in(DType.UINT32, Shape.of(2, 3, 4), 1, 2, 3), in(DType.FLOAT32, Shape.of(2, 3, 4), 2, 3, 1)),
        new Case(0, in(DType.INT64, Shape.of(2, 2, 3, 2), 1, 2, 2, 1)))
        .map(Case::arguments);
  }

  static void checkStack(Case c, List<MemoryArray> arrays, LazyArray stacked, ExecOptions o) {
    int rank = arrays.get(0).shape().rank();
    int axis = c.axis() < 0 ? c.axis() + rank + 1 : c.axis();
    long[] dims = new long[rank + 1];
    for (int i = 0, j = 0; i <= rank; i++) dims[i] = i == axis ? arrays.size() : arrays.get(0).shape().dim(j++);
    assertThat(stacked.shape()).isEqualTo(Shape.of(dims));
    assertThat(stacked.dtype()).isEqualTo(promoted(arrays));
    MemoryArray out = computeChecked(stacked, o);
    assertEqualsReference(out, p -> {
      long[] q = new long[rank];
      for (int i = 0, j = 0; i <= rank; i++) if (i != axis) q[j++] = p[i];
      return DTypeCast.of(arrays.get((int) p[axis]).getDouble(q), stacked.dtype());
    });
  }

  @ParameterizedTest
  @MethodSource("stackCases")
  void stackEqualsPlainLoopReference(Case c) {
    List<MemoryArray> arrays = c.arrays();
    LazyArray stacked = LazyArray.stack(c.axis(), lazy(arrays));
    checkStack(c, arrays, stacked, options());
    checkStack(c, arrays, stacked, tinyTiles());
    // Regions spanning every input and every input chunk.
    checkStack(c, arrays, stacked.rechunk(ChunkGrid.single(stacked.shape())), tinyTiles());
  }

  @ParameterizedTest
  @MethodSource("stackCases")
  void stackThroughTheGeneralTilePathReleasesEveryInput(Case c) {
    List<MemoryArray> arrays = c.arrays();
    List<TrackingNode> tracked = new ArrayList<>();
    for (MemoryArray m : arrays) tracked.add(TrackingNode.of(new SourceNode(m)));
    LazyArray stacked = LazyArray.stack(c.axis(),
        tracked.stream().map(LazyArray::of).toArray(LazyArray[]::new));
    checkStack(c, arrays, stacked.rechunk(ChunkGrid.single(stacked.shape())), tinyTiles());
    checkStack(c, arrays, stacked, options());
    for (TrackingNode t : tracked) {
      assertThat(t.releases.get()).isEqualTo(t.loads.get());
      if (stacked.shape().size() > 0) assertThat(t.loads.get()).isPositive();
    }
  }

  @Test
  void stackGridAddsUnitChunksAndRefinesDifferingChunkings() {
    Shape s = Shape.of(4, 5);
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(s, 2, 5), 0));
    LazyArray b = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(s, 3, 2), 0));
    LazyArray c = LazyArray.of(array(DType.FLOAT64, ChunkGrid.irregular(s, new int[] {1, 3}, new int[] {5}), 0));
    LazyArray same = LazyArray.stack(0, a, a, a);
    assertThat(same.grid().extentsString()).isEqualTo("((1, 1, 1), (2, 2), (5,))");
    LazyArray mixed = LazyArray.stack(1, a, b, c);
    assertThat(mixed.grid().extentsString()).isEqualTo("((1, 1, 1, 1), (1, 1, 1), (2, 2, 1))");
    assertThat(LazyArray.stack(-1, a, b).grid().extentsString()).isEqualTo("((2, 1, 1), (2, 2, 1), (1, 1))");
  }

  // ---- concatenate ----

  static Stream<Arguments> concatenateCases() {
    return Stream.of(
        new Case(0, in(DType.INT16, Shape.of(2, 3), 1, 2), in(DType.UINT16, Shape.of(4, 3), 3, 3),
            in(DType.INT16, Shape.of(0, 3), 1, 3)),
        new Case(1, in(DType.FLOAT64, Shape.of(3, 2), 2, 2), in(DType.FLOAT64, Shape.of(3, 0), 1, 1),
            in(DType.FLOAT32, Shape.of(3, 5), 1, 3)),
        new Case(-1, in(DType.BOOL, Shape.of(3, 4), 3, 3), in(DType.INT8, Shape.of(3, 1), 2, 1)),
        new Case(0, in(DType.FLOAT64, Shape.of(0), 1), in(DType.FLOAT64, Shape.of(0), 1)),
        new Case(0, in(DType.UINT8, Shape.of(5), 2), in(DType.UINT8, Shape.of(0), 1), in(DType.UINT8, Shape.of(3), 3)),
        new Case(2, in(DType.INT32, Shape.of(2, 3, 1, 2), 1, 2, 1, 1),
            in(DType.UINT8, Shape.of(2, 3, 4, 2), 2, 1, 3, 2)),
        new Case(1, in(DType.FLOAT64, Shape.of(0, 2), 1, 1), in(DType.FLOAT64, Shape.of(0, 3), 1, 2)),
        new Case(0, in(DType.FLOAT64, Shape.of(4, 4), 3, 3)))
        .map(Case::arguments);
  }

  static void checkConcatenate(Case c, List<MemoryArray> arrays, LazyArray joined, ExecOptions o) {
    Shape first = arrays.get(0).shape();
    int axis = first.normalizeAxis(c.axis());
    long[] offsets = new long[arrays.size() + 1];
    for (int k = 0; k < arrays.size(); k++) offsets[k + 1] = offsets[k] + arrays.get(k).shape().dim(axis);
    long[] dims = first.dims();
    dims[axis] = offsets[arrays.size()];
    assertThat(joined.shape()).isEqualTo(Shape.of(dims));
    assertThat(joined.dtype()).isEqualTo(promoted(arrays));
    MemoryArray out = computeChecked(joined, o);
    assertEqualsReference(out, p -> {
      int k = 0;
      while (p[axis] >= offsets[k + 1]) k++;
      long[] q = p.clone();
      q[axis] -= offsets[k];
      return DTypeCast.of(arrays.get(k).getDouble(q), joined.dtype());
    });
  }

  @ParameterizedTest
  @MethodSource("concatenateCases")
  void concatenateEqualsPlainLoopReference(Case c) {
    List<MemoryArray> arrays = c.arrays();
    LazyArray joined = LazyArray.concatenate(c.axis(), lazy(arrays));
    checkConcatenate(c, arrays, joined, options());
    checkConcatenate(c, arrays, joined, tinyTiles());
    checkConcatenate(c, arrays, joined.rechunk(ChunkGrid.single(joined.shape())), tinyTiles());
  }

  @ParameterizedTest
  @MethodSource("concatenateCases")
  void concatenateThroughTheGeneralTilePathReleasesEveryInput(Case c) {
    List<MemoryArray> arrays = c.arrays();
    List<TrackingNode> tracked = new ArrayList<>();
    for (MemoryArray m : arrays) tracked.add(TrackingNode.of(new SourceNode(m)));
    LazyArray joined = LazyArray.concatenate(c.axis(),
        tracked.stream().map(LazyArray::of).toArray(LazyArray[]::new));
    checkConcatenate(c, arrays, joined.rechunk(ChunkGrid.single(joined.shape())), tinyTiles());
    checkConcatenate(c, arrays, joined, options());
    for (TrackingNode t : tracked) assertThat(t.releases.get()).isEqualTo(t.loads.get());
  }

  @Test
  void concatenateGridJoinsExtentsAlongTheAxisAndRefinesTheOthers() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3, 5), 2, 5), 0));
    LazyArray b = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3, 0), 1, 1), 0));
    LazyArray c = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3, 7), 1, 3), 0));
    assertThat(LazyArray.concatenate(1, a, b, c).grid().extentsString())
        .isEqualTo("((1, 1, 1), (5, 3, 3, 1))");
    assertThat(LazyArray.concatenate(-1, b, b).grid().extentsString()).isEqualTo("((1, 1, 1), (0,))");
    assertThat(LazyArray.concatenate(0, a).node()).isSameAs(a.node());
  }

  // ---- laziness ----

  static List<CountingSource> counting(int n, ChunkGrid grid) {
    List<CountingSource> s = new ArrayList<>();
    for (int k = 0; k < n; k++) s.add(new CountingSource(array(DType.FLOAT32, grid, k), false));
    return s;
  }

  static void loadAndRelease(ArrayNode node, Region region) {
    ExecContext ctx = new ExecContext(options());
    RegionData data = node.load(region, ctx).block(TIMEOUT);
    assertThat(data.region()).isEqualTo(region);
    data.release();
    ctx.end();
  }

  @Test
  void aStackChunkReadsOnlyTheInputItComesFrom() {
    ChunkGrid g = ChunkGrid.regular(Shape.of(4, 6), 2, 3);
    for (int axis : new int[] {0, 2}) {
      List<CountingSource> sources = counting(3, g);
      LazyArray stacked = LazyArray.stack(axis, sources.stream().map(LazyArray::of).toArray(LazyArray[]::new));
      ChunkGrid out = stacked.grid();
      for (long i = 0; i < out.chunkCount(); i++) {
        ChunkIndex idx = out.index(i);
        int k = idx.get(axis);
        int[] inIdx = new int[2];
        for (int a = 0, j = 0; a < 3; a++) if (a != axis) inIdx[j++] = idx.get(a);
        int[] before = sources.stream().mapToInt(CountingSource::reads).toArray();
        loadAndRelease(stacked.node(), out.region(idx));
        for (int s = 0; s < 3; s++) {
          assertThat(sources.get(s).reads() - before[s]).as("reads of input %d for chunk %s", s, idx)
              .isEqualTo(s == k ? 1 : 0);
        }
        assertThat(sources.get(k).reads(ChunkIndex.of(inIdx))).isPositive();
      }
      // The whole stream reads every storage chunk of every input exactly once.
      sources.forEach(s -> s.chunkReads.clear());
      stacked.compute(options());
      for (CountingSource s : sources) {
        assertThat(s.chunkReads).hasSize(4);
        assertThat(s.chunkReads.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      }
    }
  }

  @Test
  void aRegionLoadsOnlyTheInputsItOverlaps() {
    ChunkGrid g = ChunkGrid.regular(Shape.of(4, 6), 4, 6);
    List<CountingSource> sources = counting(4, g);
    LazyArray stacked = LazyArray.stack(1, sources.stream().map(LazyArray::of).toArray(LazyArray[]::new));
    loadAndRelease(stacked.node(), Region.of(new long[] {1, 1, 2}, new int[] {2, 2, 3}));
    assertThat(sources.stream().mapToInt(CountingSource::reads).toArray()).containsExactly(0, 1, 1, 0);

    List<CountingSource> parts = counting(3, g);
    LazyArray joined = LazyArray.concatenate(1, parts.stream().map(LazyArray::of).toArray(LazyArray[]::new));
    assertThat(joined.grid().extents(1)).containsExactly(6, 6, 6);
    loadAndRelease(joined.node(), joined.grid().region(ChunkIndex.of(0, 2)));
    assertThat(parts.stream().mapToInt(CountingSource::reads).toArray()).containsExactly(0, 0, 1);
    loadAndRelease(joined.node(), Region.of(new long[] {0, 5}, new int[] {4, 2}));
    assertThat(parts.stream().mapToInt(CountingSource::reads).toArray()).containsExactly(1, 1, 1);
    // Costing mirrors loading: one storage chunk of one input.
    Cost cost = new Cost();
    joined.node().cost(joined.grid().region(ChunkIndex.of(0, 1)), cost);
    assertThat(cost.readBytes()).isEqualTo(4 * 6 * 4);
  }

  @Test
  void loadedInputsAreReleasedWhenAnotherInputFailsOrTheLoadIsCancelled() {
    ChunkGrid g = ChunkGrid.regular(Shape.of(2, 3), 2, 3);
    TrackingNode ok = TrackingNode.of(new SourceNode(array(DType.FLOAT64, g, 0)));
    TrackingNode failing = TrackingNode.failingLoads(new SourceNode(array(DType.FLOAT64, g, 1)));
    ArrayNode joined = LazyArray.concatenate(0, LazyArray.of(ok), LazyArray.of(failing)).node();
    ExecContext ctx = new ExecContext(options());
    StepVerifier.create(joined.load(Region.whole(joined.shape()), ctx))
        .expectErrorMessage("load of [0:2, 0:3] failed")
        .verify(TIMEOUT);
    assertThat(ok.loads.get()).isEqualTo(1);
    assertThat(ok.releases.get()).isEqualTo(1);

    TrackingNode first = TrackingNode.of(new SourceNode(array(DType.FLOAT64, g, 0)));
    ArrayNode never = new ArrayNode(g.shape(), DType.FLOAT64, g, List.of()) {
      @Override
      public Mono<RegionData> load(Region region, ExecContext c) {
        return Mono.never();
      }

      @Override
      public void cost(Region region, Cost cost) {}

      @Override
      public String label() {
        return "never";
      }
    };
    ArrayNode stacked = LazyArray.stack(0, LazyArray.of(first), LazyArray.of(never)).node();
    // The first input loads; the second never answers, then the load is cancelled.
    Disposable pending = stacked.load(Region.whole(stacked.shape()), ctx).subscribe();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (first.loads.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(first.loads.get()).isEqualTo(1);
    assertThat(first.releases.get()).isZero();
    pending.dispose();
    assertThat(first.releases.get()).isEqualTo(1);
    ctx.end();
  }

  // ---- bad inputs and labels ----

  @Test
  void badStackInputsAreNamed() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(2, 3), 1, 1), 0));
    LazyArray b = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3, 2), 1, 1), 0));
    assertThatThrownBy(() -> LazyArray.stack(0, a, b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same shape").hasMessageContaining("[(2, 3), (3, 2)]");
    assertThatThrownBy(() -> LazyArray.stack(3, a, a))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("axis 3")
        .hasMessageContaining("rank 2");
    assertThatThrownBy(() -> LazyArray.stack(-4, a, a))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("axis -4");
    assertThatThrownBy(() -> LazyArray.stack(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one array");
  }

  @Test
  void badConcatenateInputsAreNamed() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(2, 3), 1, 1), 0));
    LazyArray b = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3, 2), 1, 1), 0));
    LazyArray line = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(3), 1), 0));
    LazyArray scalar = LazyArray.of(MemoryArray.of(Shape.scalar(), Block.wrap(DType.FLOAT64, new double[] {1})));
    assertThatThrownBy(() -> LazyArray.concatenate(0, a, b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[(2, 3), (3, 2)]").hasMessageContaining("axis 0");
    assertThatThrownBy(() -> LazyArray.concatenate(1, a, line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[(2, 3), (3,)]").hasMessageContaining("axis 1");
    assertThatThrownBy(() -> LazyArray.concatenate(0, scalar, scalar))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zero-dimensional arrays cannot be concatenated");
    assertThatThrownBy(() -> LazyArray.concatenate(2, a, a))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("axis 2");
    assertThatThrownBy(() -> LazyArray.concatenate(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one array");
  }

  @Test
  void labelsNameAxisAndCount() {
    LazyArray a = LazyArray.of(array(DType.FLOAT64, ChunkGrid.regular(Shape.of(2, 3), 1, 1), 0));
    assertThat(LazyArray.stack(0, a, a, a).node().label()).isEqualTo("stack(axis=0, n=3)");
    assertThat(LazyArray.stack(-1, a, a).node().label()).isEqualTo("stack(axis=2, n=2)");
    assertThat(LazyArray.concatenate(1, a, a).node().label()).isEqualTo("concatenate(axis=1, n=2)");
    assertThat(LazyArray.concatenate(-2, a, a).node().label()).isEqualTo("concatenate(axis=0, n=2)");
  }

  /** A value as stored in {@code dtype} after numpy's cast (all fixture values fit exactly, except bool). */
  static final class DTypeCast {
    static double of(double v, DType dtype) {
      Block b = Block.allocate(dtype, 1);
      b.setDouble(0, v);
      return b.getDouble(0);
    }
  }
}
