package org.hyperflux.core.signal;

import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.BlockRegionData;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Mono;

/**
 * The plan node of {@link Signal#map}: a {@link SignalFunction} applied to the signal of every
 * navigation position (HyperSpy's {@code _map_iterate}, which runs {@code
 * process_function_blockwise} on each dask block).
 *
 * <p><b>Geometry.</b> The input's first {@code navRank} array axes are navigation axes, the
 * others its signal axes; the output has the same navigation axes followed by the output signal
 * axes (array order). The output grid is the input grid's navigation chunks times the whole
 * output signal, so an output chunk is a navigation box with whole output signals. An output
 * region needs the input region of the same navigation box with whole input signals: when the
 * input grid splits the signal axes, the input assembles them (one navigation block of whole
 * signals, allowed by DESIGN §3; the chunking is not changed). A region asked for with part of
 * the output signal is computed whole and cut.
 *
 * <p><b>Computation.</b> {@link #load} loads the input region and then, on the CPU scheduler
 * ({@link ExecContext#workOnCpu}, which releases the input on every path), walks the navigation
 * box in C order: each position's signal is a view of the loaded block where the input is one
 * block (a storage chunk or an assembled region), a tile of the input otherwise, or, for a
 * signal larger than a tile of a computed input (an elementwise chain), assembled tile by tile
 * into one reused buffer so that the chain never widens beyond what it costs. The function
 * writes each position's output into its slot of one new output block (zero-filled). A
 * {@link SignalFunction#ofDoubles} function gets a pair of {@code double[]} buffers reused for the
 * whole box. An exception from the function becomes a {@link SignalFunctionException} naming
 * the navigation index; it reaches the subscriber as {@code onError}.
 *
 * <p><b>Cost</b> mirrors this: the input's cost of the region with whole signals (its storage
 * chunks and assembly buffer), the output block, the signal assembly buffer when a signal is
 * larger than a tile, the double buffers, and the cut part when a partial region is asked for.
 * The output block the cost holds is the one delivered ({@link #deliveryBytes} is 0).
 */
final class MapNode extends ArrayNode {
  /** The most elements one block (a Java array) holds. */
  static final long MAX_BLOCK_ELEMENTS = Integer.MAX_VALUE - 8;

  private final ArrayNode input;
  private final int navRank;
  private final int inSignalSize;
  private final int outSignalSize;
  private final SignalFunction function;
  private final String label;

  private MapNode(ArrayNode input, int navRank, Shape shape, DType dtype, ChunkGrid grid,
      int inSignalSize, int outSignalSize, SignalFunction function, String label) {
    super(shape, dtype, grid, List.of(input));
    this.input = input;
    this.navRank = navRank;
    this.inSignalSize = inSignalSize;
    this.outSignalSize = outSignalSize;
    this.function = function;
    this.label = label;
  }

  /**
   * {@code function} mapped over the signals of {@code input}, whose first {@code navRank} axes
   * are the navigation axes, into output signals of {@code outSignalArrayShape} (array order)
   * and {@code dtype}. {@code label} names the operation in plans and messages.
   *
   * @throws IllegalArgumentException if one signal, one output signal, or a navigation chunk of
   *     whole input or output signals holds more elements than one block
   */
  static MapNode of(ArrayNode input, int navRank, long[] outSignalArrayShape, DType dtype,
      SignalFunction function, String label) {
    Shape inShape = input.shape();
    int rank = inShape.rank();
    long inSignal = 1;
    for (int a = navRank; a < rank; a++) inSignal *= inShape.dim(a);
    long outSignal = 1;
    for (long d : outSignalArrayShape) outSignal *= d;
    ChunkGrid inGrid = input.grid();
    long navChunk = 1;
    for (int a = 0; a < navRank; a++) navChunk *= inGrid.maxExtent(a);
    String what = label + " of " + input.dtype().numpyName() + inShape;
    if (inSignal > MAX_BLOCK_ELEMENTS || outSignal > MAX_BLOCK_ELEMENTS) {
      throw new IllegalArgumentException(String.format(
          "%s: one %s signal holds %d elements, more than one block can (2^31-9); a map needs"
              + " whole signals in memory",
          what, inSignal > MAX_BLOCK_ELEMENTS ? "input" : "output",
          Math.max(inSignal, outSignal)));
    }
    long widest = Math.max(inSignal, outSignal);
    if (widest > 0 && navChunk > MAX_BLOCK_ELEMENTS / widest) {
      throw new IllegalArgumentException(String.format(
          "%s: a navigation chunk of %d positions (grid %s) with whole signals of %d elements"
              + " holds more than one block can (2^31-9). Rechunk the navigation axes smaller"
              + " first (Signal.lazy(s.data().rechunk(...), s.axes())); map never rechunks.",
          what, navChunk, inGrid.extentsString(), widest));
    }
    long[] outDims = new long[navRank + outSignalArrayShape.length];
    int[][] extents = new int[outDims.length][];
    for (int a = 0; a < navRank; a++) {
      outDims[a] = inShape.dim(a);
      extents[a] = inGrid.extents(a);
    }
    for (int k = 0; k < outSignalArrayShape.length; k++) {
      long d = outSignalArrayShape[k];
      outDims[navRank + k] = d;
      extents[navRank + k] = new int[] {(int) d};
    }
    Shape outShape = Shape.of(outDims);
    ChunkGrid grid = ChunkGrid.irregular(outShape, extents);
    return new MapNode(input, navRank, outShape, dtype, grid, (int) inSignal, (int) outSignal,
        function, label);
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    if (region.rank() != shape().rank()) {
      return Mono.error(new IllegalArgumentException(
          "region " + region + " has rank " + region.rank() + " but " + label + " has shape "
              + shape()));
    }
    if (region.isEmpty()) {
      return Mono.just(new BlockRegionData(region, Block.allocate(dtype(), 0)));
    }
    Region full = wholeSignals(region);
    Region in = inputRegion(region);
    int tileElements = ctx.options().tileElements();
    Mono<RegionData> loadInput = in.isEmpty()
        ? Mono.fromSupplier(() -> new BlockRegionData(in, Block.allocate(input.dtype(), 0)))
        : Mono.defer(() -> input.load(in, ctx));
    // A result finished after a cancel is discarded, which releases it too.
    return ctx.workOnCpu(loadInput, data -> {
          Block out = compute(data, in, full, tileElements, ctx);
          return full.equals(region)
              ? ctx.hold(region, out)
              : ctx.hold(region, RegionCopy.extract(out, full, region));
        })
        .doOnDiscard(RegionData.class, RegionData::release);
  }

  /** Runs the function on every position of {@code in}'s navigation box, into a block over {@code full}. */
  private Block compute(RegionData data, Region in, Region full, int tileElements, ExecContext ctx) {
    Block out = Block.allocate(dtype(), full.size());
    int positions = full.size() / outSignalSize;
    Block held = data.asBlock();
    boolean oneBlock = held != null;
    // A whole-region block: position p's signal is the run [p * inSignalSize, +inSignalSize).
    Block whole = oneBlock && data.region().equals(in) ? held : null;
    boolean assemble = !oneBlock && inSignalSize > tileElements;
    DoubleSignalFunction doubles = function instanceof DoubleSignalFunction d ? d : null;
    long buffers = (assemble ? (long) inSignalSize * input.dtype().itemSize() : 0)
        + (doubles != null ? 8L * (inSignalSize + outSignalSize) : 0);
    ctx.held(buffers);
    try {
      Block signalBuffer = assemble ? Block.allocate(input.dtype(), inSignalSize) : null;
      double[] inDoubles = doubles != null ? new double[inSignalSize] : null;
      double[] outDoubles = doubles != null ? new double[outSignalSize] : null;
      Block empty = Block.allocate(input.dtype(), 0);
      long[] offsets = in.offsets();
      int[] extents = in.extents();
      int[] counter = new int[navRank];
      long[] index = new long[navRank];
      for (int p = 0; p < positions; p++) {
        Block signal;
        if (inSignalSize == 0) {
          signal = empty;
        } else if (whole != null) {
          signal = whole.slice(p * inSignalSize, inSignalSize);
        } else {
          for (int a = 0; a < navRank; a++) {
            offsets[a] = in.offset(a) + counter[a];
            extents[a] = 1;
          }
          Region one = Region.of(offsets, extents);
          signal = assemble ? assemble(data, one, signalBuffer, tileElements) : data.tile(one);
        }
        for (int a = 0; a < navRank; a++) index[navRank - 1 - a] = in.offset(a) + counter[a];
        Block slot = out.slice(p * outSignalSize, outSignalSize);
        try {
          if (doubles != null) {
            doubles.apply(signal, index, slot, inDoubles, outDoubles);
          } else {
            function.apply(signal, index, slot);
          }
        } catch (Exception e) {
          for (int a = 0; a < navRank; a++) index[navRank - 1 - a] = in.offset(a) + counter[a];
          throw new SignalFunctionException(index, label, e);
        }
        for (int a = navRank - 1; a >= 0; a--) {
          if (++counter[a] < in.extent(a)) break;
          counter[a] = 0;
        }
      }
      return out;
    } finally {
      ctx.released(buffers);
    }
  }

  /** One signal of a computed input, larger than a tile, copied tile by tile into {@code buffer}. */
  private static Block assemble(RegionData data, Region one, Block buffer, int tileElements) {
    for (Region t : Tiles.of(one, tileElements)) {
      Block b = data.tile(t);
      buffer.copyFrom(b, 0, RegionCopy.contiguousStart(one, t), b.length());
    }
    return buffer;
  }

  /** {@code region} with the output signal axes whole. */
  private Region wholeSignals(Region region) {
    long[] o = region.offsets();
    int[] e = region.extents();
    for (int a = navRank; a < o.length; a++) {
      o[a] = 0;
      e[a] = (int) shape().dim(a);
    }
    return Region.of(o, e);
  }

  /** The input region {@code region} needs: its navigation box with the input signal axes whole. */
  private Region inputRegion(Region region) {
    Shape in = input.shape();
    long[] o = new long[in.rank()];
    int[] e = new int[in.rank()];
    for (int a = 0; a < navRank; a++) {
      o[a] = region.offset(a);
      e[a] = region.extent(a);
    }
    for (int a = navRank; a < o.length; a++) e[a] = (int) in.dim(a);
    return Region.of(o, e);
  }

  @Override
  public void cost(Region region, Cost cost) {
    if (region.isEmpty()) return;
    Region full = wholeSignals(region);
    Region in = inputRegion(region);
    if (!in.isEmpty()) input.cost(in, cost);
    long itemSize = dtype().itemSize();
    cost.hold(full.size() * itemSize);
    if (!full.equals(region)) cost.hold(region.size() * itemSize);
    // The assembly buffer of a computed input's signal (conservatively also where the input
    // will turn out to be one block and needs none).
    if (inSignalSize > cost.tileElements()) cost.hold((long) inSignalSize * input.dtype().itemSize());
    if (function instanceof DoubleSignalFunction) cost.hold(8L * (inSignalSize + outSignalSize));
  }

  /** The output block {@link #cost} holds is the block delivered. */
  @Override
  public long deliveryBytes(Region region) {
    return 0;
  }

  @Override
  public String label() {
    return label;
  }
}
