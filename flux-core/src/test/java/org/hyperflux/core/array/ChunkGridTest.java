package org.hyperflux.core.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ChunkGridTest {

  @Test
  void regularGridWithChunksThatDoNotDivideTheShape() {
    ChunkGrid g = ChunkGrid.regular(Shape.of(10, 7), 4, 3);
    assertThat(g.extents(0)).containsExactly(4, 4, 2);
    assertThat(g.extents(1)).containsExactly(3, 3, 1);
    assertThat(g.gridShape()).containsExactly(3, 3);
    assertThat(g.chunkCount()).isEqualTo(9);
    assertThat(g.maxChunkElements()).isEqualTo(12);
    assertThat(g.isRegular()).isTrue();
    assertThat(g.region(ChunkIndex.of(1, 2))).hasToString("[4:8, 6:7]");
    assertThat(g.region(ChunkIndex.of(2, 2))).hasToString("[8:10, 6:7]");
    assertThat(g.extentsString()).isEqualTo("((4, 4, 2), (3, 3, 1))");
    assertThat(g).isEqualTo(ChunkGrid.irregular(Shape.of(10, 7), new int[] {4, 4, 2}, new int[] {3, 3, 1}));
  }

  @Test
  void irregularGrid() {
    ChunkGrid g = ChunkGrid.irregular(Shape.of(10), new int[] {3, 5, 2});
    assertThat(g.isRegular()).isFalse();
    assertThat(g.offset(0, 2)).isEqualTo(8);
    assertThat(g.region(ChunkIndex.of(1))).hasToString("[3:8]");
    assertThat(g.chunkAt(0, 7)).isEqualTo(1);
    assertThat(g.chunkAt(0, 8)).isEqualTo(2);
    assertThat(g.extentsString()).isEqualTo("((3, 5, 2),)");
  }

  @Test
  void zeroLengthAxisHasTheSingleExtentZero() {
    ChunkGrid g = ChunkGrid.regular(Shape.of(0, 5), 3, 2);
    assertThat(g.extents(0)).containsExactly(0);
    assertThat(g.chunkCount()).isEqualTo(3);
    assertThat(g.region(ChunkIndex.of(0, 1))).isEqualTo(Region.of(new long[] {0, 2}, new int[] {0, 2}));
    assertThat(g.chunkAt(0, 0)).isZero();
    assertThat(g.overlapping(Region.whole(Shape.of(0, 5)))).isDeepEqualTo(new int[][] {{0, 0}, {0, 2}});
    assertThat(ChunkGrid.irregular(Shape.of(0), new int[] {0}).chunkCount()).isEqualTo(1);
    assertThatThrownBy(() -> ChunkGrid.irregular(Shape.of(0), new int[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("axis 0 has length 0 and needs the single chunk extent [0], got [0, 0]");
    assertThatThrownBy(() -> ChunkGrid.irregular(Shape.of(0), new int[] {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no chunk extents given for axis 0");
    assertThatThrownBy(() -> ChunkGrid.irregular(Shape.of(4), new int[] {4, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk extents along axis 0 contain 0 but the axis has length 4 (extents=[4, 0])");
  }

  @Test
  void rankZeroHasOneChunk() {
    ChunkGrid g = ChunkGrid.regular(Shape.scalar());
    assertThat(g.chunkCount()).isEqualTo(1);
    assertThat(g.index(0)).isEqualTo(ChunkIndex.of());
    assertThat(g.region(ChunkIndex.of()).size()).isEqualTo(1);
    assertThat(g.extentsString()).isEqualTo("()");
    assertThat(ChunkGrid.single(Shape.scalar())).isEqualTo(g);
  }

  @Test
  void singleCoversTheShape() {
    ChunkGrid g = ChunkGrid.single(Shape.of(3, 0, 4));
    assertThat(g.chunkCount()).isEqualTo(1);
    assertThat(g.extentsString()).isEqualTo("((3,), (0,), (4,))");
  }

  @Test
  void extentsThatDoNotSumToTheShapeAreRejectedNamingTheValues() {
    assertThatThrownBy(() -> ChunkGrid.irregular(Shape.of(4, 32), new int[] {4}, new int[] {16, 14}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk extents along axis 1 sum to 30 but shape has 32 (extents=[16, 14])");
    assertThatThrownBy(() -> ChunkGrid.irregular(Shape.of(4), new int[] {3, -1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk extents along axis 0 must be >= 0 (extents=[3, -1, 2])");
  }

  @Test
  void rankMismatchesAreRejected() {
    assertThatThrownBy(() -> ChunkGrid.irregular(Shape.of(4, 4), new int[] {4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk grid has rank 1 but shape (4, 4) has rank 2");
    assertThatThrownBy(() -> ChunkGrid.regular(Shape.of(4, 4), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk shape [2] has rank 1 but shape (4, 4) has rank 2");
    ChunkGrid g = ChunkGrid.regular(Shape.of(4, 4), 2, 2);
    assertThatThrownBy(() -> g.region(ChunkIndex.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid index [0] has rank 1 but the grid has rank 2");
    assertThatThrownBy(() -> g.region(ChunkIndex.of(0, 2)))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("grid index [0, 2] is outside the grid [2, 2]");
  }

  @Test
  void nonPositiveChunkShapesAreRejected() {
    assertThatThrownBy(() -> ChunkGrid.regular(Shape.of(4, 4), 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk shape [2, 0] has extent 0 along axis 1; chunk extents must be > 0");
    assertThatThrownBy(() -> ChunkGrid.regular(Shape.of(4, 4), -2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has extent -2 along axis 0");
    assertThatThrownBy(() -> ChunkIndex.of(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative grid index [1, -1]");
  }

  @Test
  void chunksLargerThanOneJavaArrayAreRejected() {
    assertThatThrownBy(() -> ChunkGrid.regular(Shape.of(1 << 16, 1 << 16), 1 << 16, 1 << 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 2^31-9 elements");
  }

  @Test
  void overlappingReturnsInclusiveRangesOrNull() {
    ChunkGrid g = ChunkGrid.regular(Shape.of(10, 7), 4, 3);
    assertThat(g.overlapping(Region.of(new long[] {3, 3}, new int[] {2, 4})))
        .isDeepEqualTo(new int[][] {{0, 1}, {1, 2}});
    assertThat(g.overlapping(Region.of(new long[] {3, 3}, new int[] {0, 4}))).isNull();
  }

  // ---- auto (DESIGN §2) ----

  @Test
  void autoKeepsSignalAxesWholeAndFillsTheTarget() {
    // 1 GiB / (4 x 2 cores) = 128 MiB = the cap: (32, 32, 256, 256) uint16 is exactly 128 MiB.
    ChunkGrid g = ChunkGrid.auto(Shape.of(128, 128, 256, 256), DType.UINT16, 2, 1L << 30, 2);
    assertThat(g.extents(0)[0]).isEqualTo(32);
    assertThat(g.extents(1)[0]).isEqualTo(32);
    assertThat(g.extents(2)).containsExactly(256);
    assertThat(g.extents(3)).containsExactly(256);
  }

  @Test
  void autoTargetIsTheBudgetOverFourTimesTheCores() {
    // 64 MiB / (4 x 4) = 4 MiB: 32 frames of 128 KiB, split evenly as 5 x 5.
    ChunkGrid g = ChunkGrid.auto(Shape.of(128, 128, 256, 256), DType.UINT16, 2, 64L << 20, 4);
    long bytes = g.maxChunkElements() * 2;
    assertThat(bytes).isLessThanOrEqualTo(4L << 20);
    assertThat(g.extents(0)[0]).isEqualTo(5);
    assertThat(g.extents(1)[0]).isEqualTo(5);
    assertThat(g.maxExtent(2)).isEqualTo(256);
    assertThat(g.maxExtent(3)).isEqualTo(256);
  }

  @Test
  void autoNeverExceeds128MiBWhateverTheBudget() {
    ChunkGrid g = ChunkGrid.auto(Shape.of(4096, 1024, 1024), DType.FLOAT32, 2, 1L << 50, 1);
    assertThat(g.maxChunkElements() * 4).isEqualTo(ChunkGrid.AUTO_CHUNK_CAP_BYTES);
    assertThat(g.maxExtent(1)).isEqualTo(1024);
  }

  @Test
  void autoSplitsSignalAxesOutermostFirstOnlyWhenOneSignalIsTooLarge() {
    // One float64 signal of 4096 x 4096 is 128 MiB; the target is 64 MiB / 8 = 8 MiB.
    ChunkGrid g = ChunkGrid.auto(Shape.of(4, 4096, 4096), DType.FLOAT64, 2, 64L << 20, 2);
    assertThat(g.extents(0)[0]).isEqualTo(1);
    assertThat(g.extents(1)[0]).isEqualTo(256);
    assertThat(g.extents(2)).containsExactly(4096);
    assertThat(g.maxChunkElements() * 8).isEqualTo(8L << 20);
    // Even one row too long: the last axis is split as well.
    ChunkGrid row = ChunkGrid.auto(Shape.of(2, 1 << 22), DType.FLOAT64, 1, 8L << 20, 2);
    assertThat(row.extents(0)[0]).isEqualTo(1);
    assertThat(row.extents(1)[0]).isEqualTo(1 << 17);
  }

  @Test
  void autoHandlesRankZeroZeroLengthAxesAndBadArguments() {
    assertThat(ChunkGrid.auto(Shape.scalar(), DType.FLOAT32, 0, 1 << 20, 2).chunkCount()).isEqualTo(1);
    ChunkGrid empty = ChunkGrid.auto(Shape.of(0, 64, 64), DType.FLOAT32, 2, 1 << 20, 2);
    assertThat(empty.extents(0)).containsExactly(0);
    assertThatThrownBy(() -> ChunkGrid.auto(Shape.of(3, 3), DType.FLOAT32, 3, 1 << 20, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signalAxes=3 must be between 0 and the rank 2");
    assertThatThrownBy(() -> ChunkGrid.auto(Shape.of(3, 3), DType.FLOAT32, 1, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget (0 bytes)");
  }

  /** auto: within the target, signal axes whole unless one signal exceeds it, one navigation axis filled. */
  @Property(tries = 300, seed = "8675309")
  void autoRespectsTheTarget(@ForAll long seed) {
    Random rnd = new Random(seed);
    int rank = 1 + rnd.nextInt(4);
    long[] dims = new long[rank];
    for (int i = 0; i < rank; i++) dims[i] = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 3000);
    Shape shape = Shape.of(dims);
    DType dtype = new DType[] {DType.UINT8, DType.INT16, DType.FLOAT32, DType.FLOAT64}[rnd.nextInt(4)];
    int signalAxes = rnd.nextInt(rank + 1);
    long budget = 1L << (12 + rnd.nextInt(20));
    int cores = 1 + rnd.nextInt(16);
    ChunkGrid g = ChunkGrid.auto(shape, dtype, signalAxes, budget, cores);

    long target = Math.max(dtype.itemSize(), Math.min(ChunkGrid.AUTO_CHUNK_CAP_BYTES, budget / (4L * cores)));
    assertThat(g.shape()).isEqualTo(shape);
    assertThat(g.isRegular()).isTrue();
    assertThat(g.maxChunkElements() * dtype.itemSize()).as("chunk bytes of %s", g).isLessThanOrEqualTo(target);
    long frame = 1;
    for (int a = rank - signalAxes; a < rank; a++) frame *= Math.max(1, dims[a]);
    if (frame * dtype.itemSize() <= target) {
      for (int a = rank - signalAxes; a < rank; a++) {
        assertThat(g.extents(a)).as("signal axis %d of %s", a, g).hasSize(1);
      }
      if (rank - signalAxes == 1) {
        long frames = target / dtype.itemSize() / frame;
        assertThat((long) g.maxExtent(0)).as("frames per chunk of %s", g).isEqualTo(Math.min(dims[0], frames));
      }
    }
  }

  // ---- index arithmetic ----

  /** A random grid: rank 0-4, regular or irregular axes, some zero-length. */
  static ChunkGrid randomGrid(Random rnd) {
    int rank = rnd.nextInt(5);
    long[] dims = new long[rank];
    int[][] ext = new int[rank][];
    for (int a = 0; a < rank; a++) {
      if (rnd.nextInt(10) == 0) {
        dims[a] = 0;
        ext[a] = new int[] {0};
        continue;
      }
      List<Integer> e = new ArrayList<>();
      int n = 1 + rnd.nextInt(5);
      boolean regular = rnd.nextBoolean();
      int c = 1 + rnd.nextInt(4);
      for (int i = 0; i < n; i++) e.add(regular ? c : 1 + rnd.nextInt(4));
      if (regular && rnd.nextBoolean()) e.set(n - 1, 1 + rnd.nextInt(c));
      ext[a] = e.stream().mapToInt(Integer::intValue).toArray();
      for (int x : ext[a]) dims[a] += x;
    }
    return ChunkGrid.irregular(Shape.of(dims), ext);
  }

  @Property(tries = 300, seed = "424242")
  void indexLinearRegionAndChunkAtAgree(@ForAll long seed) {
    ChunkGrid g = randomGrid(new Random(seed));
    Region all = Region.whole(g.shape());
    long covered = 0;
    Set<ChunkIndex> seen = new HashSet<>();
    for (long i = 0; i < g.chunkCount(); i++) {
      ChunkIndex idx = g.index(i);
      assertThat(g.linear(idx)).isEqualTo(i);
      assertThat(seen.add(idx)).isTrue();
      if (i > 0) assertThat(idx).isGreaterThan(g.index(i - 1));
      Region r = g.region(idx);
      assertThat(all.contains(r)).isTrue();
      covered += r.size();
      for (int a = 0; a < g.rank(); a++) {
        assertThat(r.offset(a)).isEqualTo(g.offset(a, idx.get(a)));
        assertThat(r.extent(a)).isEqualTo(g.extents(a)[idx.get(a)]);
        for (long p = r.offset(a); p < r.end(a); p++) {
          assertThat(g.chunkAt(a, p)).as("chunkAt(%d, %d) in %s", a, p, g).isEqualTo(idx.get(a));
        }
      }
    }
    assertThat(covered).isEqualTo(g.shape().size());
  }

  @Property(tries = 300, seed = "1234567")
  void overlappingFindsExactlyTheChunksThatIntersect(@ForAll long seed) {
    Random rnd = new Random(seed);
    ChunkGrid g = randomGrid(rnd);
    int rank = g.rank();
    long[] o = new long[rank];
    int[] e = new int[rank];
    for (int a = 0; a < rank; a++) {
      long dim = g.shape().dim(a);
      o[a] = dim == 0 ? 0 : rnd.nextInt((int) dim);
      e[a] = dim == 0 ? 0 : 1 + rnd.nextInt((int) (dim - o[a]));
    }
    Region region = Region.of(o, e);
    int[][] range = g.overlapping(region);
    Set<ChunkIndex> expected = new HashSet<>();
    for (long i = 0; i < g.chunkCount(); i++) {
      Region r = g.region(g.index(i));
      boolean overlaps = true;
      for (int a = 0; a < rank; a++) {
        // A zero-length axis has its one empty chunk; elsewhere the ranges must share a position.
        overlaps &= g.shape().dim(a) == 0 || (r.offset(a) < region.end(a) && r.end(a) > region.offset(a));
      }
      if (overlaps) expected.add(g.index(i));
    }
    Set<ChunkIndex> actual = new HashSet<>();
    if (range != null) {
      for (long i = 0; i < g.chunkCount(); i++) {
        ChunkIndex idx = g.index(i);
        boolean in = true;
        for (int a = 0; a < rank; a++) in &= idx.get(a) >= range[a][0] && idx.get(a) <= range[a][1];
        if (in) actual.add(idx);
      }
    }
    assertThat(actual).as("chunks of %s overlapping %s", g, region).isEqualTo(expected);
  }
}
