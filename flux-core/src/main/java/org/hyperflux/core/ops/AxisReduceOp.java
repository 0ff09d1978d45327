package org.hyperflux.core.ops;

import java.util.List;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.BlockRegionData;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.Plan;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Mono;

/**
 * A reduction along a set of axes through an accumulator whose result is one block of the output
 * ({@link ReduceOp}, {@link ArgReduceOp}). The output grid is the input grid with the reduced axes
 * removed. The evaluation is chosen when the node is built:
 *
 * <ul>
 *   <li><b>Chunk-local</b>, when every reduced axis lies in a single chunk of the input grid (a
 *       navigator: the sum over whole signal axes). An output region is produced from the input
 *       region with the reduced axes whole: that region is loaded, its tiles are folded on the CPU
 *       scheduler into a state covering just the output region
 *       ({@link RegionReducer#create(Region)}), and the state is finished into one block. It
 *       streams: one input region and one output block per chunk in flight.
 *   <li><b>Materialised</b>, when a reduced axis spans several chunks (a sum frame over chunked
 *       navigation axes). One {@link Pass} over the input, run once per execution
 *       ({@link ExecContext#shared}) however many output regions are asked for, folds every chunk
 *       into a per-chunk state covering only that chunk's projection onto the output and merges
 *       the states left to right in grid order; output regions are then views of the whole
 *       result, which stays resident for the execution.
 * </ul>
 *
 * <p>Costing mirrors this. Chunk-local: the input's cost of the expanded region plus the output
 * block and the state. Materialised: the whole output and the merged state are resident
 * ({@link #residentBytes}); the pass reads the input once ({@link #passReadBytes}) and adds one
 * pass ({@link #passes}); every output region holds what one chunk of the inner pass holds
 * (input data and a chunk state), so that the window the plan allows the outer stream also fits
 * the inner pass, which runs with a window costed the same way.
 *
 * <p>A subclass gives the accumulator, what it does for one output region and what its states
 * hold ({@link RegionReducer}), names the node ({@link #label}) and checks at build time that a
 * materialised output fits one block ({@link #requireOneBlock}).
 *
 * @param <S> the accumulator's state
 */
abstract class AxisReduceOp<S> extends ArrayNode {
  private final ArrayNode input;
  private final Accumulator<S, Block> accumulator;
  private final RegionReducer<S> reducer;
  private final boolean[] reduced;
  private final boolean chunkLocal;
  private volatile PassCost passCost;

  /** What one chunk of the inner pass holds (with tiles of a size), and what the whole pass reads. */
  private record PassCost(int tileElements, long perChunkBytes, long readBytes) {}

  /**
   * What the node needs of its accumulator besides {@link Accumulator}: states for one output
   * region at a time, and the sizes of its states.
   */
  interface RegionReducer<S> {
    /** A state for exactly {@code outputRegion}: every tile accepted projects inside it. */
    S create(Region outputRegion);

    /** The result for {@code outputRegion} of a state made for it; the state is consumed. */
    Block finish(S state, Region outputRegion);

    /** Bytes of a state covering {@code outputElements} output elements. */
    long stateBytes(long outputElements);

    /** Bytes of the largest state of one input chunk. */
    long chunkStateBytes();

    /** Bytes of a state that has seen every chunk. */
    long mergedStateBytes();
  }

  /**
   * The reduction of {@code input} over {@code axes} (normalised) by {@code accumulator}, whose
   * result is {@code dtype} over {@code outputGrid}; {@code reducer} is the same accumulator's
   * per-region side (the accumulator itself where it implements it).
   */
  AxisReduceOp(ArrayNode input, Accumulator<S, Block> accumulator, RegionReducer<S> reducer,
      int[] axes, ChunkGrid outputGrid, DType dtype) {
    super(outputGrid.shape(), dtype, outputGrid, List.of(input));
    this.input = input;
    this.accumulator = accumulator;
    this.reducer = reducer;
    this.reduced = new boolean[input.shape().rank()];
    boolean local = true;
    for (int a : axes) {
      reduced[a] = true;
      local &= input.grid().chunksAlong(a) == 1;
    }
    this.chunkLocal = local;
  }

  /** True when every reduced axis lies in one input chunk (the streaming evaluation). */
  final boolean isChunkLocal() {
    return chunkLocal;
  }

  /**
   * Refuses, at build time, a materialised output of more than one block can hold (2^31-9
   * elements): {@code what} says which reduction spans several chunks ("a reduction whose axes
   * span"), {@code alternatives} what to do instead.
   */
  final void requireOneBlock(String what, String alternatives) {
    if (!chunkLocal && shape().size() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          label() + " of " + input.dtype().numpyName() + input.shape() + " has " + shape().size()
              + " output elements, but " + what + " several chunks (chunks "
              + input.grid().extentsString() + ") is materialised as one block of at most 2^31-9"
              + " elements. " + alternatives);
    }
  }

  @Override
  public final Mono<RegionData> load(Region region, ExecContext ctx) {
    if (region.rank() != shape().rank()) {
      return Mono.error(new IllegalArgumentException(
          "region " + region + " has rank " + region.rank() + " but " + label() + " has shape "
              + shape()));
    }
    return chunkLocal ? loadChunkLocal(region, ctx) : loadMaterialised(region, ctx);
  }

  private Mono<RegionData> loadChunkLocal(Region region, ExecContext ctx) {
    if (region.isEmpty()) {
      return Mono.just(new BlockRegionData(region, Block.allocate(dtype(), 0)));
    }
    Region in = expand(region);
    if (in.isEmpty()) {
      // A zero-length reduced axis: the empty reduction, nothing to read.
      return Mono.fromCallable(() -> ctx.hold(region, reducer.finish(reducer.create(region), region)));
    }
    int tileElements = ctx.options().tileElements();
    // A result finished after a cancel is discarded, which releases it too.
    return ctx.workOnCpu(Mono.defer(() -> input.load(in, ctx)),
            data -> fold(data, in, region, tileElements, ctx))
        .doOnDiscard(RegionData.class, RegionData::release);
  }

  /**
   * Folds the tiles of the loaded input region into a state for {@code out} and finishes it. The
   * accumulator keeps nothing of a tile, so each is read as a transient tile.
   */
  private RegionData fold(RegionData data, Region in, Region out, int tileElements, ExecContext ctx) {
    S state = reducer.create(out);
    ChunkIndex idx = chunkIndexAt(in);
    for (Region t : Tiles.of(in, tileElements)) {
      accumulator.accept(state, new Chunk(idx, t, data.transientTile(t)));
    }
    return ctx.hold(out, reducer.finish(state, out));
  }

  private Mono<RegionData> loadMaterialised(Region region, ExecContext ctx) {
    Region all = Region.whole(shape());
    if (!all.contains(region)) {
      return Mono.error(new IllegalArgumentException(
          "region " + region + " is outside the shape " + shape() + " of " + label()));
    }
    Mono<Block> whole = ctx.shared(this, () -> runPass(ctx));
    return whole.map(b -> new OutputView(region, b, all));
  }

  /** The one pass of an execution: its window costed as the plan costs this node. */
  private Mono<Block> runPass(ExecContext ctx) {
    return Mono.defer(() -> {
      ExecOptions options = ctx.options();
      Plan plan = Plan.build(input, input.grid(), options, reducer.chunkStateBytes(),
          reducer.mergedStateBytes() + outputBytes());
      return Pass.over(input, options).feed(accumulator).run(plan.window(), ctx);
    }).map(results -> (Block) results.get(0).value());
  }

  /** The input region that output region {@code out} needs: the same box, reduced axes whole. */
  private Region expand(Region out) {
    int rank = reduced.length;
    long[] o = new long[rank];
    int[] e = new int[rank];
    int k = 0;
    for (int a = 0; a < rank; a++) {
      if (reduced[a]) {
        e[a] = (int) input.shape().dim(a);
      } else {
        o[a] = out.offset(k);
        e[a] = out.extent(k);
        k++;
      }
    }
    return Region.of(o, e);
  }

  private ChunkIndex chunkIndexAt(Region in) {
    ChunkGrid g = input.grid();
    int[] k = new int[in.rank()];
    for (int a = 0; a < k.length; a++) k[a] = g.chunkAt(a, in.offset(a));
    return ChunkIndex.of(k);
  }

  private long outputBytes() {
    return shape().nbytes(dtype());
  }

  @Override
  public final void cost(Region region, Cost cost) {
    if (!chunkLocal) {
      cost.hold(passCost(cost.tileElements()).perChunkBytes());
      return;
    }
    if (region.isEmpty()) return;
    Region in = expand(region);
    if (!in.isEmpty()) input.cost(in, cost);
    cost.hold(region.size() * (long) dtype().itemSize() + reducer.stateBytes(region.size()));
  }

  /** A chunk-local result is delivered as the output block its cost already holds. */
  @Override
  public final long deliveryBytes(Region region) {
    return chunkLocal ? 0 : super.deliveryBytes(region);
  }

  @Override
  public final long residentBytes() {
    long inputs = input.residentBytes();
    return chunkLocal ? inputs : inputs + outputBytes() + reducer.mergedStateBytes();
  }

  @Override
  public final long passReadBytes() {
    long inputs = input.passReadBytes();
    return chunkLocal ? inputs : inputs + passCost(Tiles.DEFAULT_TILE_ELEMENTS).readBytes(); // reads do not depend on tiles
  }

  @Override
  public final int passes() {
    return chunkLocal ? input.passes() : input.passes() + 1;
  }

  private PassCost passCost(int tileElements) {
    PassCost pc = passCost;
    if (pc == null || pc.tileElements() != tileElements) {
      Plan.StreamCost stream = Plan.streamCost(input, input.grid(), tileElements);
      pc = new PassCost(tileElements, stream.maxHeldBytes() + reducer.chunkStateBytes(),
          stream.readBytes());
      passCost = pc;
    }
    return pc;
  }

  /** A region of the resident result of the pass; tiles are views where contiguous. */
  private static final class OutputView implements RegionData {
    private final Region region;
    private final Block whole;
    private final Region all;

    OutputView(Region region, Block whole, Region all) {
      this.region = region;
      this.whole = whole;
      this.all = all;
    }

    @Override
    public Region region() {
      return region;
    }

    @Override
    public DType dtype() {
      return whole.dtype();
    }

    @Override
    public Block tile(Region tile) {
      if (!region.contains(tile)) {
        throw new IllegalArgumentException("tile " + tile + " is outside the loaded region " + region);
      }
      return RegionCopy.viewOrCopy(whole, all, tile);
    }

    /** Nothing to free: the result stays resident until the execution ends. */
    @Override
    public void release() {}
  }
}
