package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;

/**
 * Lazy {@link Signal#map} equals a plain loop over the whole array, on awkward geometries: 0–2
 * navigation and 0–2 signal axes of extents 0..5, regular chunks that need not divide the axes or
 * irregular ones (so signal axes are split and assembled, navigation chunks are uneven), output
 * signals of rank 0–3 (scalars, same or other shapes, zero-length axes), every output dtype,
 * every form of the function (a {@link SignalFunction} over the block, its {@code double[]} form,
 * and an inferring {@link SignalMapper}), inputs that are one block per region (a source) or
 * computed tile by tile (an {@code astype} chain), and tiles of 3 elements so that signals larger
 * than a tile of a computed input are assembled. The declared shape, dtype, grid and signal
 * shape must equal what the chunks deliver: every chunk of the declared grid exactly once, in C
 * order, with its region and dtype.
 *
 * <p>The function writes {@code out[j] = sum_i signal[i] * ((i + j) % 3 + 1) + sum_k
 * index[k] * (k + 2) * 10 + j} (integers, exact in every working precision), cast to the output
 * dtype as {@link Block#setDouble} does, and so does the reference.
 */
class SignalMapPropertyTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The three ways of giving the function. */
  enum Form { BLOCK, DOUBLES, MAPPER }

  @Provide
  Arbitrary<DType> inputDtypes() {
    return Arbitraries.of(DType.UINT8, DType.INT16, DType.UINT16, DType.INT32, DType.INT64,
        DType.UINT64, DType.FLOAT32, DType.FLOAT64);
  }

  @Property(tries = 300, seed = "20240611")
  void lazyMapEqualsAPlainLoop(
      @ForAll @IntRange(max = 2) int navRank,
      @ForAll @IntRange(max = 2) int sigRank,
      @ForAll @Size(4) List<@IntRange(max = 5) Integer> dims,
      @ForAll @Size(4) List<@IntRange(min = 1, max = 4) Integer> chunks,
      @ForAll @Size(4) List<Boolean> irregular,
      @ForAll @IntRange(max = 3) int outRank,
      @ForAll @Size(3) List<@IntRange(max = 4) Integer> outDims,
      @ForAll("inputDtypes") DType inDtype,
      @ForAll DType outDtype,
      @ForAll Form form,
      @ForAll boolean chain,
      @ForAll boolean tinyTiles) {
    int rank = navRank + sigRank;
    long[] shape = new long[rank];
    int[][] extents = new int[rank][];
    for (int a = 0; a < rank; a++) {
      shape[a] = dims.get(a);
      extents[a] = extents(shape[a], chunks.get(a), irregular.get(a));
    }
    long[] outNatural = new long[outRank];
    for (int k = 0; k < outRank; k++) outNatural[k] = outDims.get(k);
    long[] outArray = SignalMapTest.reversed(outNatural);

    Shape inShape = Shape.of(shape);
    Block values = Block.allocate(inDtype, (int) inShape.size());
    for (int i = 0; i < values.length(); i++) values.setDouble(i, (i * 7L + 3) % 11);
    Signal s = Signal.of(LazyArray.of(MemoryArray.split(values, ChunkGrid.irregular(inShape, extents))),
        sigRank);
    if (chain) s = s.changeDtype(inDtype == DType.FLOAT64 ? DType.FLOAT32 : DType.FLOAT64);
    int outSize = (int) Shape.of(outArray).size();
    String context = "map of " + s + " chunks " + s.data().grid().extentsString() + " ("
        + inDtype.numpyName() + (chain ? " via astype" : "") + ") to " + outDtype.numpyName()
        + " " + Arrays.toString(outNatural) + " as " + form + (tinyTiles ? ", tiles of 3" : "");

    Signal result;
    switch (form) {
      case BLOCK -> result = s.map((signal, index, out) -> {
        for (int j = 0; j < out.length(); j++) out.setDouble(j, formula(signal, index, j));
      }, outNatural, outDtype);
      case DOUBLES -> result = s.map(SignalFunction.ofDoubles((signal, index, out) -> {
        Block b = Block.wrap(DType.FLOAT64, signal);
        for (int j = 0; j < out.length; j++) out[j] = formula(b, index, j);
      }), outNatural, outDtype);
      default -> {
        SignalMapper mapper = (signal, index) -> {
          Block out = Block.allocate(outDtype, outSize);
          for (int j = 0; j < outSize; j++) out.setDouble(j, formula(signal, index, j));
          return SignalMapper.Output.of(out, outNatural);
        };
        Signal input = s;
        if (Shape.of(Arrays.copyOf(shape, navRank)).size() == 0) {
          assertThatThrownBy(() -> input.map(mapper)).as(context)
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("no navigation positions");
          return;
        }
        result = s.map(mapper);
      }
    }

    // declared: shape, dtype, axes, grid
    long[] expectedShape = new long[navRank + outRank];
    System.arraycopy(shape, 0, expectedShape, 0, navRank);
    System.arraycopy(outArray, 0, expectedShape, navRank, outRank);
    LazyArray data = result.data();
    assertThat(data.shape()).as(context).isEqualTo(Shape.of(expectedShape));
    assertThat(data.dtype()).as(context).isEqualTo(outDtype);
    assertThat(result.axes().signalShape()).as(context).containsExactly(outNatural);
    assertThat(result.axes().navigationAxes()).as(context).isEqualTo(s.axes().navigationAxes());
    ChunkGrid grid = data.grid();
    for (int a = 0; a < navRank; a++) {
      assertThat(grid.extents(a)).as(context).containsExactly(s.data().grid().extents(a));
    }
    for (int k = 0; k < outRank; k++) {
      assertThat(grid.chunksAlong(navRank + k)).as(context).isEqualTo(1);
    }

    Block expected = reference(s, values, navRank, outDtype, outSize);
    ExecOptions options = ExecOptions.defaults().withParallelism(2);
    if (tinyTiles) options = options.withTileElements(3);
    List<Chunk> got = data.chunks(options).collectList().block(TIMEOUT);
    assertThat(got).as(context).hasSize((int) grid.chunkCount());
    Shape outShape = Shape.of(expectedShape);
    for (int c = 0; c < got.size(); c++) {
      Chunk chunk = got.get(c);
      assertThat(chunk.gridIndex()).as(context).isEqualTo(grid.index(c));
      Region region = chunk.region();
      assertThat(region).as(context).isEqualTo(grid.region(chunk.gridIndex()));
      assertThat(chunk.dtype()).as(context).isEqualTo(outDtype);
      assertThat(chunk.block().length()).as(context).isEqualTo(region.size());
      long[] strides = outShape.strides();
      for (int k = 0; k < region.size(); k++) {
        long flat = 0;
        int rest = k;
        for (int a = region.rank() - 1; a >= 0; a--) {
          flat += (region.offset(a) + rest % region.extent(a)) * strides[a];
          rest /= region.extent(a);
        }
        assertThat(chunk.block().getLong(k)).as("element %d of %s in %s", flat, region, context)
            .isEqualTo(expected.getLong((int) flat));
        if (outDtype.isFloat()) {
          assertThat(chunk.block().getDouble(k)).as(context).isEqualTo(expected.getDouble((int) flat));
        }
      }
    }
  }

  /** The function's value for output element {@code j}. */
  private static double formula(Block signal, long[] index, int j) {
    double v = j;
    for (int i = 0; i < signal.length(); i++) v += signal.getDouble(i) * ((i + j) % 3 + 1);
    for (int k = 0; k < index.length; k++) v += index[k] * (k + 2) * 10.0;
    return v;
  }

  /** The plain loop: every navigation position in C order, its signal a run of the whole array. */
  private static Block reference(Signal s, Block values, int navRank, DType outDtype, int outSize) {
    long[] shape = s.axes().arrayShape();
    int positions = (int) Shape.of(Arrays.copyOf(shape, navRank)).size();
    int sigSize = (int) Shape.of(Arrays.copyOfRange(shape, navRank, shape.length)).size();
    Block out = Block.allocate(outDtype, positions * outSize);
    long[] index = new long[navRank];
    for (int p = 0; p < positions; p++) {
      int rest = p;
      for (int a = navRank - 1; a >= 0; a--) {
        index[navRank - 1 - a] = rest % shape[a];
        rest /= (int) shape[a];
      }
      Block signal = Block.allocate(DType.FLOAT64, sigSize);
      for (int i = 0; i < sigSize; i++) signal.setDouble(i, values.getDouble(p * sigSize + i));
      for (int j = 0; j < outSize; j++) out.setDouble(p * outSize + j, formula(signal, index, j));
    }
    return out;
  }

  /** Regular chunks of {@code chunk}, or irregular ones cycling through chunk, 1, chunk + 1. */
  private static int[] extents(long dim, int chunk, boolean irregular) {
    if (dim == 0) return new int[] {0};
    List<Integer> parts = new ArrayList<>();
    int[] cycle = irregular ? new int[] {chunk, 1, chunk + 1} : new int[] {chunk};
    long left = dim;
    for (int k = 0; left > 0; k++) {
      int e = (int) Math.min(cycle[k % cycle.length], left);
      parts.add(e);
      left -= e;
    }
    return parts.stream().mapToInt(Integer::intValue).toArray();
  }
}
