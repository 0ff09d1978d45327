package org.hyperflux.core.ops;

import java.util.List;
import java.util.Objects;
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
 * numpy's {@code argmax(axis=a)} / {@code argmin(axis=a)}: the int64 index along one axis of the
 * first largest (smallest) element of every line, NaN counting as the largest (smallest), computed
 * by an {@link ArgReduceAccumulator} (the order and tie rules are described there). The output
 * grid is the input grid with the axis removed; chunking is never changed. The evaluation follows
 * {@link ReduceOp}'s, chosen when the node is built:
 *
 * <ul>
 *   <li><b>Chunk-local</b>, when the axis lies in a single chunk of the input grid (the usual
 *       case for a signal axis). An output region is produced from the input region with the axis
 *       whole: that region is loaded, its tiles are folded on the CPU scheduler into a state
 *       covering just the output region, and the state's index array is the output block. It
 *       streams: one input region and one output block per chunk in flight.
 *   <li><b>Materialised</b>, when the axis spans several chunks. One {@link Pass} over the input,
 *       run once per execution ({@link ExecContext#shared}), folds the chunks in parallel into
 *       states covering only each chunk's projection and merges them; because an element only
 *       replaces the best on a strictly better value or an equal value at a smaller index, the
 *       merged result keeps the first index on ties across chunk boundaries, whatever the order
 *       of folding and merging. Output regions are views of the whole result, resident for the
 *       execution.
 * </ul>
 *
 * <p>Costing mirrors this exactly as {@link ReduceOp}'s does: chunk-local, the input's cost of
 * the expanded region plus the output block and the state; materialised, the whole output and
 * the merged state are resident, the pass reads the input once and adds one pass, and every
 * output region holds what one chunk of the inner pass holds.
 */
final class ArgReduceOp extends ArrayNode {
  private final ArrayNode input;
  private final ArgReduceAccumulator accumulator;
  private final int axis;
  private final boolean chunkLocal;
  private volatile PassCost passCost;

  /** What one chunk of the inner pass holds (with tiles of a size), and what the whole pass reads. */
  private record PassCost(int tileElements, long perChunkBytes, long readBytes) {}

  private ArgReduceOp(ArrayNode input, ArgReduceAccumulator accumulator) {
    super(accumulator.outputShape(), DType.INT64, accumulator.outputGrid(), List.of(input));
    this.input = input;
    this.accumulator = accumulator;
    this.axis = accumulator.axis();
    this.chunkLocal = input.grid().chunksAlong(axis) == 1;
    if (!chunkLocal && shape().size() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          label() + " of " + input.dtype().numpyName() + input.shape() + " has " + shape().size()
              + " output elements, but an " + accumulator.name() + " whose axis spans several"
              + " chunks (chunks " + input.grid().extentsString() + ") is materialised as one block"
              + " of at most 2^31-9 elements. Alternative: rechunk so that axis " + axis + " is"
              + " whole in every chunk (the " + accumulator.name() + " then streams chunk by chunk).");
    }
  }

  /**
   * {@code argmax} ({@code max}) or {@code argmin} of {@code a} along {@code axis} (negative
   * counts from the end).
   *
   * @throws IllegalArgumentException for an axis out of range or of length 0
   */
  static ArrayNode of(boolean max, ArrayNode a, int axis) {
    Objects.requireNonNull(a, "array");
    return new ArgReduceOp(a, ArgReduceAccumulator.of(max, a.dtype(), a.grid(), axis));
  }

  /** True when the axis lies in one input chunk (the streaming evaluation). */
  boolean isChunkLocal() {
    return chunkLocal;
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
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
    int tileElements = ctx.options().tileElements();
    // A result finished after a cancel is discarded, which releases it too.
    return ctx.workOnCpu(Mono.defer(() -> input.load(in, ctx)),
            data -> fold(data, in, region, tileElements, ctx))
        .doOnDiscard(RegionData.class, RegionData::release);
  }

  /** Folds the tiles of the loaded input region into a state for {@code out} and finishes it. */
  private RegionData fold(RegionData data, Region in, Region out, int tileElements, ExecContext ctx) {
    ArgReduceAccumulator.State state = accumulator.create(out);
    ChunkIndex idx = chunkIndexAt(in);
    for (Region t : Tiles.of(in, tileElements)) {
      accumulator.accept(state, new Chunk(idx, t, data.tile(t)));
    }
    return ctx.hold(out, accumulator.finish(state, out));
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
      Plan plan = Plan.build(input, input.grid(), options, accumulator.chunkStateBytes(),
          accumulator.mergedStateBytes() + outputBytes());
      return Pass.over(input, options).feed(accumulator).run(plan.window(), ctx);
    }).map(results -> (Block) results.get(0).value());
  }

  /** The input region that output region {@code out} needs: the same box, the axis whole. */
  private Region expand(Region out) {
    int rank = input.shape().rank();
    long[] o = new long[rank];
    int[] e = new int[rank];
    int k = 0;
    for (int a = 0; a < rank; a++) {
      if (a == axis) {
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
  public void cost(Region region, Cost cost) {
    if (!chunkLocal) {
      cost.hold(passCost(cost.tileElements()).perChunkBytes());
      return;
    }
    if (region.isEmpty()) return;
    input.cost(expand(region), cost);
    cost.hold(region.size() * (long) dtype().itemSize() + accumulator.stateBytes(region.size()));
  }

  /** A chunk-local result is delivered as the output block its cost already holds. */
  @Override
  public long deliveryBytes(Region region) {
    return chunkLocal ? 0 : super.deliveryBytes(region);
  }

  @Override
  public long residentBytes() {
    long inputs = input.residentBytes();
    return chunkLocal ? inputs : inputs + outputBytes() + accumulator.mergedStateBytes();
  }

  @Override
  public long passReadBytes() {
    long inputs = input.passReadBytes();
    return chunkLocal ? inputs : inputs + passCost(Tiles.DEFAULT_TILE_ELEMENTS).readBytes();
  }

  @Override
  public int passes() {
    return chunkLocal ? input.passes() : input.passes() + 1;
  }

  private PassCost passCost(int tileElements) {
    PassCost pc = passCost;
    if (pc == null || pc.tileElements() != tileElements) {
      Plan.StreamCost stream = Plan.streamCost(input, input.grid(), tileElements);
      pc = new PassCost(tileElements, stream.maxHeldBytes() + accumulator.chunkStateBytes(),
          stream.readBytes());
      passCost = pc;
    }
    return pc;
  }

  @Override
  public String label() {
    return accumulator.name() + "(axis=" + axis + ")";
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
