package org.hyperflux.core.ops.properties;

import org.hyperflux.core.accumulate.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.ops.Scalar;
import org.hyperflux.core.ops.Slice;

/**
 * jqwik generators of awkward geometries for the lazy-equals-eager suite: ranks 0–4, extents
 * 0..7 (a zero-length axis about one axis in eleven), chunk grids that are regular with chunks
 * that need not divide the axis or irregular (random positive extents summing to the axis; the
 * single extent 0 on an empty axis), all eleven dtypes with values in sensible ranges (small or
 * any 64-bit integer wrapped into the dtype, so narrow types see their whole range; floats of a
 * few magnitudes, with NaN/±inf in about half of the float arrays), and sources that are either
 * split from one block or given as chunk blocks that are views into larger, poisoned arrays.
 *
 * <p>Every generator is a combination of independent parts (no dependent {@code flatMap}):
 * specifications of grids, axes, slices and values are drawn for the largest rank and applied
 * to the actual shape. jqwik then shrinks each part on its own, which keeps shrinking fast and
 * failing samples small.
 */
final class Gen {
  /** The largest rank generated. */
  static final int MAX_RANK = 4;

  private Gen() {}

  // ---- records that print as a reproduction ----

  /** A source: reference values, its storage grid, and whether chunk blocks are views. */
  record Src(Dense data, int[][] extents, boolean views) {
    ChunkGrid grid() {
      return ChunkGrid.irregular(Shape.of(data.shape), extents);
    }

    MemoryArray memory() {
      ChunkGrid grid = grid();
      if (!views) return MemoryArray.split(data.toBlock(), grid);
      Block[] blocks = new Block[(int) grid.chunkCount()];
      int[] strides = Dense.strides(data.shape);
      for (int c = 0; c < blocks.length; c++) {
        Region r = grid.region(grid.index(c));
        Block backing = Block.allocate(data.dtype, r.size() + 2);
        // Poison the elements around the view: a kernel that reads outside it sees 1/NaN.
        backing.setDouble(0, data.dtype.isFloat() ? Double.NaN : 1);
        backing.setDouble(r.size() + 1, data.dtype.isFloat() ? Double.NaN : 1);
        Block view = backing.slice(1, r.size());
        long[] extent = new long[r.rank()];
        for (int a = 0; a < extent.length; a++) extent[a] = r.extent(a);
        for (int k = 0; k < r.size(); k++) {
          int[] local = Dense.unravel(extent, k);
          int global = 0;
          for (int a = 0; a < local.length; a++) global += (int) (r.offset(a) + local[a]) * strides[a];
          if (data.dtype.isFloat()) view.setDouble(k, data.d[global]);
          else view.setLong(k, data.l[global]);
        }
        blocks[c] = view;
      }
      return MemoryArray.of(data.dtype, grid, blocks);
    }

    LazyArray lazy() {
      return LazyArray.of(memory());
    }

    @Override
    public String toString() {
      return data + " chunks " + grid().extentsString() + (views ? " as view blocks" : " split");
    }
  }

  /**
   * How a computation runs: parallelism 2, a tile size (0: the default) and a read-ahead (-1:
   * derived from the budget; 0: one chunk at a time, the executor's sequential path).
   */
  record Exec(int tileElements, int prefetch) {
    ExecOptions options() {
      ExecOptions o = ExecOptions.defaults().withParallelism(2).withPrefetch(prefetch);
      return tileElements == 0 ? o : o.withTileElements(tileElements);
    }

    @Override
    public String toString() {
      return (tileElements == 0 ? "default tiles" : "tiles of " + tileElements)
          + (prefetch == 0 ? ", no read-ahead" : "");
    }
  }

  /** Axes handed to a reduction, printed as given. */
  record Axes(int[] axes) {
    @Override
    public String toString() {
      return "axes=" + Arrays.toString(axes);
    }
  }

  /** Slices handed to {@code slice(...)}, printed in numpy's notation. */
  record Slices(Slice[] slices) {
    @Override
    public String toString() {
      return "[" + Arrays.stream(slices).map(Slice::toString).collect(Collectors.joining(", ")) + "]";
    }
  }

  // ---- specifications applied to a shape ----

  /** One generated element: an integer (wrapped into integer dtypes) and a float. */
  record Elem(long integer, double real) {}

  /**
   * Chunking of one axis: {@code chunk} repeated (clipped to the axis), or irregular with a cut
   * before every position {@code p} in {@code 1..dim-1} whose flag {@code cuts[p - 1]} is set.
   */
  record AxisSpec(boolean irregular, int chunk, List<Boolean> cuts) {
    int[] extents(long dim) {
      if (dim == 0) return new int[] {0};
      List<Integer> parts = new ArrayList<>();
      if (!irregular) {
        int c = (int) Math.min(chunk, dim);
        for (long left = dim; left > 0; left -= c) parts.add((int) Math.min(c, left));
      } else {
        int run = 1;
        for (int p = 1; p < dim; p++) {
          if (cuts.get(p - 1)) {
            parts.add(run);
            run = 0;
          }
          run++;
        }
        parts.add(run);
      }
      return parts.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** A grid for any shape of rank up to {@link #MAX_RANK}: axis i uses {@code axes[i]}. */
  record GridSpec(List<AxisSpec> axes) {
    int[][] extents(long[] shape) {
      int[][] e = new int[shape.length][];
      for (int a = 0; a < shape.length; a++) e[a] = axes.get(a).extents(shape[a]);
      return e;
    }

    ChunkGrid on(long[] shape) {
      return ChunkGrid.irregular(Shape.of(shape), extents(shape));
    }
  }

  /**
   * An array for any shape: element i is {@code pool[i % p]} plus {@code i / p} (so that a short
   * pool still gives distinct values to distinct positions), cast into the dtype; for floats
   * without {@code specials}, NaN and infinities are replaced by 1.
   */
  record ArraySpec(DType dtype, List<Elem> pool, boolean specials, GridSpec grid, boolean views) {
    Dense values(long[] shape) {
      int n = Dense.size(shape);
      Dense out = Dense.zeros(shape, dtype);
      int p = pool.size();
      for (int i = 0; i < n; i++) {
        Elem e = p == 0 ? new Elem(0, 0) : pool.get(i % p);
        long cycle = p == 0 ? i : i / p;
        if (dtype.isFloat()) {
          double v = e.real();
          if (!specials && !Double.isFinite(v)) v = 1;
          out.setDouble(i, v + cycle);
        } else if (dtype == DType.BOOL) {
          out.setLong(i, (e.integer() + cycle) & 1);
        } else {
          out.setLong(i, e.integer() + cycle);
        }
      }
      return out;
    }

    Src on(long[] shape) {
      return new Src(values(shape), grid.extents(shape), views);
    }
  }

  /** An operand that broadcasts to a shape: its last {@code rank} axes, those in {@code stretch} of extent 1. */
  record OperandSpec(int rank, int stretch, ArraySpec array) {
    long[] shape(long[] out) {
      int r = Math.min(rank, out.length);
      long[] s = new long[r];
      for (int j = 0; j < r; j++) s[j] = (stretch & (1 << j)) != 0 ? 1 : out[out.length - r + j];
      return s;
    }

    Src on(long[] out) {
      return array.on(shape(out));
    }
  }

  /** Reduction axes for any rank: the set bits of {@code mask} in {@code order}, some negative; or all. */
  record AxesSpec(int mask, int negative, List<Integer> order, boolean all) {
    Axes on(int rank) {
      if (all || rank == 0) return new Axes(new int[0]);
      int[] a = order.stream().filter(i -> i < rank && (mask & (1 << i)) != 0)
          .mapToInt(i -> (negative & (1 << i)) != 0 ? i - rank : i).toArray();
      if (a.length == 0) a = new int[] {order.stream().filter(i -> i < rank).findFirst().orElseThrow()};
      return new Axes(a);
    }
  }

  // ---- generators ----

  static Arbitrary<Exec> execs() {
    Arbitrary<Integer> tiles = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(0)),
        Tuple.of(2, Arbitraries.just(3)),
        Tuple.of(1, Arbitraries.of(1, 5)));
    Arbitrary<Integer> prefetch = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(-1)), Tuple.of(1, Arbitraries.just(0)));
    return Combinators.combine(tiles, prefetch).as(Exec::new);
  }

  /** All eleven dtypes evenly (jqwik's edge cases would favour the first and last one). */
  static Arbitrary<DType> dtypes() {
    return Arbitraries.of(DType.class).withoutEdgeCases();
  }

  static Arbitrary<Long> extents() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(0L)),
        Tuple.of(10, Arbitraries.longs().between(1, 7)));
  }

  static Arbitrary<long[]> shapes(int minRank, int maxRank) {
    return extents().list().ofMinSize(minRank).ofMaxSize(maxRank).map(Gen::toLongs);
  }

  static long[] toLongs(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).toArray();
  }

  static Arbitrary<AxisSpec> axisSpecs() {
    return Combinators.combine(Arbitraries.of(false, true), Arbitraries.integers().between(1, 7),
        Arbitraries.of(true, false).list().ofSize(6)).as(AxisSpec::new);
  }

  static Arbitrary<GridSpec> gridSpecs() {
    return axisSpecs().list().ofSize(MAX_RANK).map(GridSpec::new);
  }

  /** Integers: mostly small, sometimes any 64-bit value (wrapped into the dtype when used). */
  static Arbitrary<Long> integers() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().between(-1000, 1000)),
        Tuple.of(1, Arbitraries.longs()));
  }

  /** Floats of a few magnitudes, integral ones (exact casts), signed zeros and halves (rounding), NaN/±inf. */
  static Arbitrary<Double> floats() {
    return Arbitraries.frequencyOf(
        Tuple.of(10, Arbitraries.doubles().between(-1000, 1000).ofScale(5)),
        Tuple.of(4, Arbitraries.longs().between(-300, 300).map(Long::doubleValue)),
        Tuple.of(2, Arbitraries.doubles().between(-1, 1).ofScale(8)),
        Tuple.of(1, Arbitraries.of(0.0, -0.0, 0.5, -0.5, 2.5, -1.5, 1e-30, 65504.5)),
        Tuple.of(2, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
  }

  static Arbitrary<ArraySpec> arraySpecs() {
    return arraySpecs(dtypes());
  }

  static Arbitrary<ArraySpec> arraySpecs(Arbitrary<DType> dtypes) {
    Arbitrary<List<Elem>> pool = Combinators.combine(integers(), floats()).as(Elem::new).list().ofMaxSize(40);
    return Combinators.combine(dtypes, pool, Arbitraries.of(false, true), gridSpecs(), Arbitraries.of(false, true))
        .as(ArraySpec::new);
  }

  static Arbitrary<Src> sources(int minRank, int maxRank) {
    return Combinators.combine(shapes(minRank, maxRank), arraySpecs()).as((s, a) -> a.on(s));
  }

  static Arbitrary<OperandSpec> operandSpecs() {
    // About one stretched axis in four.
    return Combinators.combine(Arbitraries.integers().between(0, MAX_RANK),
            Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 15), arraySpecs())
        .as((rank, s1, s2, a) -> new OperandSpec(rank, s1 & s2, a));
  }

  /** Two operands whose shapes broadcast together (either may have the lower rank). */
  static Arbitrary<Src[]> broadcastPairs() {
    return Combinators.combine(shapes(0, MAX_RANK), Arbitraries.integers().between(0, 2), operandSpecs(), operandSpecs())
        .as((out, which, a, b) -> new Src[] {
            which == 1 ? a.on(out) : a.array().on(out),
            which == 1 ? b.array().on(out) : b.on(out)});
  }

  /** Python ints and floats (and bools) of the magnitudes where value-based casting changes the dtype. */
  static Arbitrary<Scalar> scalars() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(0L, 1L, 2L, -1L, 3L, 7L, 127L, 128L, 255L, 256L, -129L, 300L, 40000L,
            -40000L, 70000L, 1L << 31, -(1L << 40), Long.MAX_VALUE, Long.MIN_VALUE).map(Scalar::of)),
        Tuple.of(2, Arbitraries.longs().between(-500, 500).map(Scalar::of)),
        Tuple.of(3, Arbitraries.of(0.5, -2.25, 0.1, 3.0, -0.0, 1e-3, 65504.0, 3.0e38, 1e300, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).map(Scalar::of)),
        Tuple.of(1, Arbitraries.of(true, false).map(Scalar::of)));
  }

  static Arbitrary<AxesSpec> axesSpecs() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 15),
            Arbitraries.integers().between(0, 15),
            Arbitraries.shuffle(0, 1, 2, 3),
            Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
        .as(AxesSpec::new);
  }

  static Arbitrary<Slice> slices() {
    Arbitrary<Long> bound = Arbitraries.longs().between(-9, 9).injectNull(0.25);
    Arbitrary<Long> step = Arbitraries.of(1L, 1L, 1L, 2L, 3L, 5L, -1L, -1L, -2L, -3L);
    return Combinators.combine(bound, bound, step).as(Slice::new);
  }

  /** Up to {@link #MAX_RANK} slices; {@link #slicesFor} keeps those the rank takes. */
  static Arbitrary<List<Slice>> sliceLists() {
    return slices().list().ofMaxSize(MAX_RANK);
  }

  static Slices slicesFor(List<Slice> l, int rank) {
    return new Slices(l.subList(0, Math.min(rank, l.size())).toArray(new Slice[0]));
  }

  /** A permutation of {@code 0..MAX_RANK-1}; {@link #permutationFor} keeps the axes below the rank, in order. */
  static Arbitrary<List<Integer>> permutations() {
    return Arbitraries.shuffle(0, 1, 2, 3);
  }

  static int[] permutationFor(List<Integer> p, int rank) {
    return p.stream().filter(i -> i < rank).mapToInt(Integer::intValue).toArray();
  }
}
