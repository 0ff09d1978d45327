package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.hyperflux.core.accumulate.ReductionReference.Expected;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.array.Tiles;
import org.junit.jupiter.api.Test;

class ReductionAccumulatorTest {
  private static final DType[] DTYPES = {
      DType.BOOL, DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.INT32, DType.UINT32,
      DType.INT64, DType.UINT64, DType.FLOAT32, DType.FLOAT64};

  /** Feeds every chunk of {@code data} (C order of {@code grid}) as the given tiles into its own state. */
  private static List<ReductionAccumulator.State> foldChunks(ReductionAccumulator acc, Block data,
      ChunkGrid grid, int tileElements) {
    Region all = Region.whole(grid.shape());
    List<ReductionAccumulator.State> states = new ArrayList<>();
    for (long i = 0; i < grid.chunkCount(); i++) {
      ChunkIndex idx = grid.index(i);
      ReductionAccumulator.State s = acc.create();
      for (Region t : Tiles.of(grid.region(idx), tileElements)) {
        acc.accept(s, new Chunk(idx, t, RegionCopy.extract(data, all, t)));
      }
      states.add(s);
    }
    return states;
  }

  @Test
  void aChunkStateHoldsOnlyItsProjectionAndStatesMergeKeyWise() {
    Shape shape = Shape.of(4, 6, 5);
    ChunkGrid grid = ChunkGrid.irregular(shape, new int[] {1, 3}, new int[] {2, 4}, new int[] {5});
    Block data = ReductionReference.data(DType.UINT16, 120, 3, 0);
    ReductionAccumulator acc = ReductionAccumulator.of(Reduction.SUM, DType.UINT16, grid, new int[] {0}, 0);
    assertThat(acc.outputGrid()).isEqualTo(ChunkGrid.irregular(Shape.of(6, 5), new int[] {2, 4}, new int[] {5}));
    List<ReductionAccumulator.State> states = foldChunks(acc, data, grid, 7);
    // Chunk (0, 1, 0) covers output rows 2..6 only.
    assertThat(states.get(1).regions()).containsExactly(Region.of(new long[] {2, 0}, new int[] {4, 5}));
    assertThat(states.get(1).accepted()).isEqualTo(20);
    ReductionAccumulator.State merged = states.get(0);
    for (int i = 1; i < states.size(); i++) merged = acc.merge(merged, states.get(i));
    assertThat(merged.regions()).containsExactly(
        Region.of(new long[] {0, 0}, new int[] {2, 5}), Region.of(new long[] {2, 0}, new int[] {4, 5}));
    Partial<Block> result = acc.finish(merged);
    assertThat(result.isComplete()).isTrue();
    assertThat(result.validMask()).isNull();
    ReductionReference.assertMatches(
        ReductionReference.reduce(Reduction.SUM, data, new long[] {4, 6, 5}, new int[] {0}, 0),
        result.value(), "sum over axis 0");
    assertThat(acc.chunkStateBytes()).isLessThan(acc.mergedStateBytes());
    assertThat(acc.traits()).isEqualTo(new AccumulatorTraits(true, false, 1, true, acc.mergedStateBytes(),
        acc.chunkStateBytes()));
  }

  @Test
  void aSnapshotOfPartOfTheDataIsPartialAndLeavesTheStateUsable() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(4, 6), 2, 3);
    Block data = ReductionReference.data(DType.FLOAT64, 24, 4, 0);
    ReductionAccumulator acc = ReductionAccumulator.of(Reduction.MEAN, DType.FLOAT64, grid, new int[] {0}, 0);
    List<ReductionAccumulator.State> states = foldChunks(acc, data, grid, 4);
    ReductionAccumulator.State s = acc.merge(states.get(0), states.get(2)); // column block 0, both row blocks
    Partial<Block> snap = acc.snapshot(s);
    assertThat(snap.isComplete()).isFalse();
    assertThat(snap.accepted()).isEqualTo(12);
    assertThat(snap.expected()).isEqualTo(24);
    assertThat(snap.validMask().cardinality()).isEqualTo(3);
    assertThat(snap.validMask().get(0)).isTrue();
    assertThat(snap.validMask().get(3)).isFalse();
    assertThat(snap.value().getDouble(4)).isNaN(); // not reached yet
    s = acc.merge(s, acc.merge(states.get(1), states.get(3)));
    Partial<Block> done = acc.finish(s);
    assertThat(done.isComplete()).isTrue();
    ReductionReference.assertMatches(
        ReductionReference.reduce(Reduction.MEAN, data, new long[] {4, 6}, new int[] {0}, 0),
        done.value(), "mean");
    // The first three columns of the snapshot were already final.
    for (int i = 0; i < 3; i++) assertThat(snap.value().getDouble(i)).isEqualTo(done.value().getDouble(i));
  }

  @Test
  void aStateForAnExplicitRegionReducesJustThatRegion() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(5, 8, 3), 5, 4, 3);
    Block data = ReductionReference.data(DType.INT32, 120, 6, 0);
    ReductionAccumulator acc = ReductionAccumulator.of(Reduction.MAX, DType.INT32, grid, new int[] {0, 2}, 0);
    Region out = Region.of(new long[] {2}, new int[] {5});
    Region in = Region.of(new long[] {0, 2, 0}, new int[] {5, 5, 3});
    ReductionAccumulator.State s = acc.create(out);
    Region all = Region.whole(grid.shape());
    for (Region t : Tiles.of(in, 4)) acc.accept(s, new Chunk(ChunkIndex.of(0, 0, 0), t, RegionCopy.extract(data, all, t)));
    Block b = acc.finish(s, out);
    Expected e = ReductionReference.reduce(Reduction.MAX, data, new long[] {5, 8, 3}, new int[] {0, 2}, 0);
    for (int i = 0; i < 5; i++) assertThat(b.getLong(i)).isEqualTo(e.bits[2 + i]);
    ReductionAccumulator.State other = acc.create(out);
    Region outside = Region.of(new long[] {0, 0, 0}, new int[] {1, 1, 1});
    assertThatThrownBy(() -> acc.accept(other, new Chunk(ChunkIndex.of(0, 0, 0), outside,
        RegionCopy.extract(data, all, outside)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("projects outside");
  }

  @Test
  void misuseIsRefusedNamingValues() {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(4, 6), 2, 3);
    ReductionAccumulator acc = ReductionAccumulator.of(Reduction.SUM, DType.FLOAT32, grid, new int[] {1}, 0);
    Region r = Region.of(new long[] {0, 0}, new int[] {2, 3});
    assertThatThrownBy(() -> acc.accept(acc.create(), new Chunk(ChunkIndex.of(0, 0), r, Block.allocate(DType.FLOAT64, 6))))
        .hasMessageContaining("float64").hasMessageContaining("float32");
    assertThatThrownBy(() -> acc.accept(acc.create(), new Chunk(ChunkIndex.of(1, 0), r, Block.allocate(DType.FLOAT32, 6))))
        .hasMessageContaining("not inside that chunk").hasMessageContaining("[1, 0]");
    assertThatThrownBy(() -> ReductionAccumulator.of(Reduction.NANMIN, DType.FLOAT32,
        ChunkGrid.regular(Shape.of(0, 3), 1, 3), new int[] {0}, 0))
        .hasMessageContaining("zero-size array to reduction operation fmin which has no identity");
    assertThatThrownBy(() -> ReductionAccumulator.normalizeAxes(2, new int[] {0, 2, -3}))
        .hasMessageContaining("axes [2, -3] are out of bounds for an array of rank 2");
  }

  @Test
  void statesAndTheAccumulatorSurviveSerialisationMidway() throws Exception {
    ChunkGrid grid = ChunkGrid.irregular(Shape.of(6, 4), new int[] {2, 1, 3}, new int[] {4});
    Block data = ReductionReference.data(DType.FLOAT32, 24, 12, 0.1);
    ReductionAccumulator acc = ReductionAccumulator.of(Reduction.NANVAR, DType.FLOAT32, grid, new int[] {0}, 1);
    List<ReductionAccumulator.State> states = foldChunks(acc, data, grid, 3);
    ReductionAccumulator.State left = acc.merge(states.get(0), states.get(1));
    ReductionAccumulator acc2 = roundTrip(acc);
    ReductionAccumulator.State left2 = roundTrip(left);
    ReductionAccumulator.State all = acc2.merge(left2, roundTrip(states.get(2)));
    Block b = acc2.finish(all).value();
    ReductionReference.assertMatches(
        ReductionReference.reduce(Reduction.NANVAR, data, new long[] {6, 4}, new int[] {0}, 1), b, "nanvar");
    assertThat(acc2.outputGrid()).isEqualTo(acc.outputGrid());
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  /**
   * Any geometry, any tiling of the chunks into arbitrary boxes (not only contiguous runs), any
   * reduction and dtype: the merged result equals the plain loop.
   */
  @Property(tries = 300, seed = "7342519")
  void anyTilingOfAnyGridMatchesPlainLoops(@ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int rank = 1 + r.nextInt(4);
    long[] dims = new long[rank];
    int[][] extents = new int[rank][];
    for (int a = 0; a < rank; a++) {
      dims[a] = 1 + r.nextInt(6);
      List<Integer> parts = new ArrayList<>();
      long left = dims[a];
      while (left > 0) {
        int p = (int) Math.min(left, 1 + r.nextInt(3));
        parts.add(p);
        left -= p;
      }
      extents[a] = parts.stream().mapToInt(Integer::intValue).toArray();
    }
    Shape shape = Shape.of(dims);
    ChunkGrid grid = ChunkGrid.irregular(shape, extents);
    List<Integer> axesList = new ArrayList<>();
    for (int a = 0; a < rank; a++) if (r.nextBoolean()) axesList.add(r.nextBoolean() ? a : a - rank);
    int[] axes = axesList.stream().mapToInt(Integer::intValue).toArray();
    Reduction kind = Reduction.values()[r.nextInt(Reduction.values().length)];
    DType dtype = DTYPES[r.nextInt(DTYPES.length)];
    int ddof = kind.isMoment() ? r.nextInt(2) : 0;
    Block data = ReductionReference.data(dtype, (int) shape.size(), seed, 0.1);
    ReductionAccumulator acc = ReductionAccumulator.of(kind, dtype, grid, axes, ddof);
    Region all = Region.whole(shape);
    ReductionAccumulator.State merged = null;
    for (long i = 0; i < grid.chunkCount(); i++) {
      ChunkIndex idx = grid.index(i);
      ReductionAccumulator.State s = acc.create();
      List<Region> boxes = new ArrayList<>();
      split(grid.region(idx), r, boxes);
      for (Region t : boxes) acc.accept(s, new Chunk(idx, t, RegionCopy.extract(data, all, t)));
      merged = merged == null ? s : acc.merge(merged, s);
    }
    Partial<Block> result = acc.finish(merged);
    assertThat(result.isComplete()).isTrue();
    String what = kind.numpyName() + " of " + dtype.numpyName() + shape + " over "
        + java.util.Arrays.toString(axes) + " chunks " + grid.extentsString() + " seed " + seed;
    ReductionReference.assertMatches(
        ReductionReference.reduce(kind, data, dims, ReductionAccumulator.normalizeAxes(rank, axes), ddof),
        result.value(), what);
  }

  /**
   * Integer and float32 frames of detector size, so that runs are long enough for {@link
   * NativeSums} (where it is loaded; the build's java-only run repeats this without it): sums,
   * nansums, means and nanmeans over the signal axes (one value per frame), over the navigation
   * axes (runs added into a sum frame), over one axis, by whole chunks and by single frames,
   * equal the plain loops.
   */
  @Test
  void sumsOfDetectorSizedFramesMatchPlainLoops() {
    Shape shape = Shape.of(6, 5, 48, 64);
    ChunkGrid grid = ChunkGrid.irregular(shape, new int[] {4, 2}, new int[] {5}, new int[] {48},
        new int[] {64});
    for (DType dtype : new DType[] {DType.INT8, DType.UINT8, DType.INT16, DType.UINT16,
        DType.INT32, DType.UINT32, DType.FLOAT32}) {
      Block data = ReductionReference.data(dtype, (int) shape.size(), 5, 0.01);
      for (int[] axes : new int[][] {{2, 3}, {0, 1}, {0}, {1, 3}}) {
        for (int tile : new int[] {Integer.MAX_VALUE, 48 * 64}) {
          for (Reduction kind : new Reduction[] {Reduction.SUM, Reduction.NANSUM, Reduction.MEAN,
              Reduction.NANMEAN}) {
            ReductionAccumulator acc = ReductionAccumulator.of(kind, dtype, grid, axes, 0);
            ReductionAccumulator.State merged = null;
            for (ReductionAccumulator.State s : foldChunks(acc, data, grid, tile)) {
              merged = merged == null ? s : acc.merge(merged, s);
            }
            ReductionReference.assertMatches(
                ReductionReference.reduce(kind, data, new long[] {6, 5, 48, 64}, axes, 0),
                acc.finish(merged).value(), kind.numpyName() + " of " + dtype.numpyName()
                    + " over " + java.util.Arrays.toString(axes) + " in tiles of " + tile);
          }
        }
      }
    }
  }

  /** Splits a box into random sub-boxes along random axes (arbitrary boxes, in any order). */
  private static void split(Region box, SplittableRandom r, List<Region> out) {
    int axis = r.nextInt(box.rank());
    if (box.extent(axis) < 2 || r.nextInt(3) == 0) {
      out.add(box);
      return;
    }
    int cut = 1 + r.nextInt(box.extent(axis) - 1);
    Region a = box.withAxis(axis, box.offset(axis), cut);
    Region b = box.withAxis(axis, box.offset(axis) + cut, box.extent(axis) - cut);
    if (r.nextBoolean()) {
      split(b, r, out);
      split(a, r, out);
    } else {
      split(a, r, out);
      split(b, r, out);
    }
  }
}
