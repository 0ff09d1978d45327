package org.hyperflux.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Mono;

/**
 * numpy basic slicing ({@code a[start:stop:step, ...]}) of a node, lazily.
 *
 * <p><b>Geometry.</b> Each axis is resolved with Python's {@code slice.indices} rules into
 * (first, step, count); output index {@code o} reads input index {@code first + step·o}. The
 * output grid follows dask's {@code slicing.slice_array}: along each axis the selected input
 * indices are walked in output order (for a negative step the input chunks are visited in
 * reverse) and counted per input chunk; chunks holding none are dropped, and a zero-length
 * output axis has the single extent 0. So every output chunk lies in exactly one input chunk per
 * axis, and the input chunk behind each output chunk is remembered.
 *
 * <p><b>Loading.</b> An output region is cut per axis into runs of output chunks whose input
 * chunks are adjacent (no input chunk skipped between them); the product of those runs gives
 * sub-boxes, and each sub-box loads the bounding box of its selected input indices. For a
 * region of the node's own grid, or whenever the step does not skip whole input chunks, that is
 * one load of one bounding box; a step larger than the input chunks never reads the chunks it
 * jumps over. {@link #cost} mirrors this exactly.
 *
 * <p><b>Tiles.</b> A tile gathers from each sub-box's data with strides {@code step × input
 * stride} (negative for negative steps). When the input data is one block the gather reads it
 * in place; otherwise it asks the input for pieces whose bounding boxes hold at most the
 * execution's tile size, so a large step never widens a tile by the product of the steps. A
 * step-1 (or single-element) mapping returns the input's tile unchanged.
 */
final class SliceOp extends ArrayNode {
  private final ArrayNode input;
  private final Slice[] given;
  private final long[] first;
  private final long[] step;
  /** Per axis, the input chunk index behind each output chunk. */
  private final int[][] sourceChunk;

  private SliceOp(ArrayNode input, Slice[] given, Shape shape, ChunkGrid grid, long[] first,
      long[] step, int[][] sourceChunk) {
    super(shape, input.dtype(), grid, List.of(input));
    this.input = input;
    this.given = given;
    this.first = first;
    this.step = step;
    this.sourceChunk = sourceChunk;
  }

  /**
   * {@code a[slices]}: one slice per leading axis, missing trailing axes whole. Returns
   * {@code a} itself when the slice selects everything in order.
   */
  static ArrayNode of(ArrayNode a, Slice[] slices) {
    Objects.requireNonNull(slices, "slices");
    Shape in = a.shape();
    int rank = in.rank();
    if (slices.length > rank) {
      throw new IllegalArgumentException(
          "too many indices: " + slices.length + " slices given for an array of rank " + rank
              + " (shape " + in + ")");
    }
    long[] first = new long[rank];
    long[] step = new long[rank];
    long[] count = new long[rank];
    boolean identity = true;
    for (int axis = 0; axis < rank; axis++) {
      Slice s = axis < slices.length ? slices[axis] : Slice.all();
      if (s == null) {
        throw new IllegalArgumentException("slice for axis " + axis + " is null; use Slice.all()");
      }
      long[] r = s.resolve(in.dim(axis));
      first[axis] = r[0];
      step[axis] = r[1];
      count[axis] = r[2];
      identity &= count[axis] == in.dim(axis) && (count[axis] <= 1 || step[axis] == 1);
    }
    if (identity) return a;
    ChunkGrid inGrid = a.grid();
    int[][] extents = new int[rank][];
    int[][] sourceChunk = new int[rank][];
    for (int axis = 0; axis < rank; axis++) {
      int[][] c = axisChunks(inGrid, axis, first[axis], step[axis], count[axis]);
      extents[axis] = c[0];
      sourceChunk[axis] = c[1];
    }
    Shape shape = Shape.of(count);
    return new SliceOp(a, slices.clone(), shape, ChunkGrid.irregular(shape, extents), first, step,
        sourceChunk);
  }

  /** Output chunk extents along one axis and the input chunk behind each (dask's rule). */
  private static int[][] axisChunks(ChunkGrid inGrid, int axis, long first, long step, long count) {
    if (count == 0) return new int[][] {{0}, {0}};
    int[] inExtents = inGrid.extents(axis);
    List<int[]> out = new ArrayList<>();
    long i = first;
    long remaining = count;
    while (remaining > 0) {
      int k = inGrid.chunkAt(axis, i);
      long lo = inGrid.offset(axis, k);
      long hi = lo + inExtents[k];
      long n = step > 0 ? (hi - i + step - 1) / step : (i - lo) / -step + 1;
      n = Math.min(n, remaining);
      out.add(new int[] {(int) n, k});
      remaining -= n;
      if (remaining > 0) i += n * step;
    }
    int[][] r = new int[2][out.size()];
    for (int j = 0; j < out.size(); j++) {
      r[0][j] = out.get(j)[0];
      r[1][j] = out.get(j)[1];
    }
    return r;
  }

  /** The output sub-boxes of {@code region} that each load one input bounding box. */
  private List<Region> subBoxes(Region region) {
    int rank = region.rank();
    List<long[][]> runs = new ArrayList<>(rank);
    ChunkGrid g = grid();
    for (int axis = 0; axis < rank; axis++) {
      long lo = region.offset(axis);
      long hi = region.end(axis);
      int k0 = g.chunkAt(axis, lo);
      int k1 = g.chunkAt(axis, hi - 1);
      int dir = step[axis] > 0 ? 1 : -1;
      List<long[]> axisRuns = new ArrayList<>();
      long start = lo;
      for (int k = k0 + 1; k <= k1; k++) {
        if (sourceChunk[axis][k] - sourceChunk[axis][k - 1] != dir) {
          long boundary = g.offset(axis, k);
          axisRuns.add(new long[] {start, boundary});
          start = boundary;
        }
      }
      axisRuns.add(new long[] {start, hi});
      runs.add(axisRuns.toArray(new long[0][]));
    }
    List<Region> boxes = new ArrayList<>();
    int[] k = new int[rank];
    while (true) {
      long[] o = new long[rank];
      int[] e = new int[rank];
      for (int axis = 0; axis < rank; axis++) {
        long[] r = runs.get(axis)[k[axis]];
        o[axis] = r[0];
        e[axis] = (int) (r[1] - r[0]);
      }
      boxes.add(Region.of(o, e));
      int axis = rank - 1;
      while (axis >= 0) {
        if (++k[axis] < runs.get(axis).length) break;
        k[axis] = 0;
        axis--;
      }
      if (axis < 0) return boxes;
    }
  }

  /** The bounding box of the input indices an output box selects. */
  private Region inputBox(Region out) {
    int rank = out.rank();
    long[] o = new long[rank];
    int[] e = new int[rank];
    for (int axis = 0; axis < rank; axis++) {
      int n = out.extent(axis);
      long s = step[axis];
      long firstIn = first[axis] + s * out.offset(axis);
      if (n == 0) {
        o[axis] = Math.max(0, firstIn);
        e[axis] = 0;
        continue;
      }
      long lastIn = firstIn + s * (n - 1);
      o[axis] = Math.min(firstIn, lastIn);
      long span = Math.abs(lastIn - firstIn) + 1;
      if (span > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            label() + ": the input elements of " + out + " span " + span + " positions along axis "
                + axis + " (step " + s + "), more than one block can hold; use smaller chunks"
                + " for the sliced array along that axis (rechunk it)");
      }
      e[axis] = (int) span;
    }
    return Region.of(o, e);
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    if (region.isEmpty()) return Mono.just(GeometryData.empty(region, dtype()));
    List<Region> boxes = subBoxes(region);
    List<GeometryData.Request> requests = new ArrayList<>(boxes.size());
    for (Region b : boxes) requests.add(new GeometryData.Request(input, inputBox(b)));
    int tileLimit = ctx.options().tileElements();
    return GeometryData.loadAll(requests, ctx, data -> new SliceData(region, boxes, data, tileLimit));
  }

  @Override
  public void cost(Region region, Cost cost) {
    if (region.isEmpty()) return;
    for (Region b : subBoxes(region)) input.cost(inputBox(b), cost);
  }

  @Override
  public String label() {
    StringJoiner j = new StringJoiner(", ", "slice[", "]");
    for (Slice s : given) j.add(s.toString());
    return j.toString();
  }

  /** An output region over the loaded bounding boxes of its sub-boxes. */
  private final class SliceData extends GeometryData {
    private final List<Region> boxes;
    private final int tileLimit;

    SliceData(Region region, List<Region> boxes, List<RegionData> data, int tileLimit) {
      super(region, SliceOp.this.dtype(), data);
      this.boxes = boxes;
      this.tileLimit = tileLimit;
    }

    @Override
    public Block tile(Region tile) {
      if (!region().contains(tile)) {
        throw new IllegalArgumentException("tile " + tile + " is outside the loaded region " + region());
      }
      if (unitMapping(tile)) {
        for (int j = 0; j < boxes.size(); j++) {
          if (boxes.get(j).contains(tile)) return inputs().get(j).tile(inputBox(tile));
        }
      }
      Block out = Block.allocate(dtype(), tile.size());
      if (tile.isEmpty()) return out;
      for (int j = 0; j < boxes.size(); j++) {
        Region part = boxes.get(j).intersect(tile);
        if (part == null || part.isEmpty()) continue;
        gather(inputs().get(j), part, out, tile);
      }
      return out;
    }

    /** True when the tile maps onto an input box of the same shape and order. */
    private boolean unitMapping(Region tile) {
      for (int axis = 0; axis < tile.rank(); axis++) {
        if (tile.extent(axis) > 1 && step[axis] != 1) return false;
      }
      return true;
    }

    /** Copies the output box {@code part} from {@code data} into {@code out}, which holds {@code tile}. */
    private void gather(RegionData data, Region part, Block out, Region tile) {
      long[] dstStrides = RegionCopy.strides(tile);
      Block whole = data.asBlock();
      if (whole != null) {
        copy(whole, data.region(), part, out, tile, dstStrides);
        return;
      }
      for (Region piece : pieces(part)) {
        Region box = inputBox(piece);
        copy(data.tile(box), box, piece, out, tile, dstStrides);
      }
    }

    /** Strided copy of the output box {@code piece} from {@code src} (laid out as {@code srcRegion}). */
    private void copy(Block src, Region srcRegion, Region piece, Block out, Region tile,
        long[] dstStrides) {
      int rank = piece.rank();
      long[] layout = RegionCopy.strides(srcRegion);
      long[] srcStrides = new long[rank];
      long srcBase = 0;
      long dstBase = 0;
      for (int axis = 0; axis < rank; axis++) {
        long firstIn = first[axis] + step[axis] * piece.offset(axis);
        srcBase += (firstIn - srcRegion.offset(axis)) * layout[axis];
        srcStrides[axis] = layout[axis] * step[axis];
        dstBase += (piece.offset(axis) - tile.offset(axis)) * dstStrides[axis];
      }
      GeometryKernels.stridedCopy(src, srcBase, srcStrides, out, dstBase, dstStrides,
          piece.extents());
    }

    /**
     * Cuts an output box into boxes whose input bounding boxes hold at most {@code tileLimit}
     * elements (at least one output element each): leading axes one index at a time, one axis
     * split into runs, trailing axes whole, as {@code Tiles.of} does on the input side.
     */
    private List<Region> pieces(Region part) {
      int rank = part.rank();
      List<Region> out = new ArrayList<>();
      if (rank == 0) {
        out.add(part);
        return out;
      }
      int split = rank - 1;
      long inner = 1;
      while (split > 0 && inner * span(split, part.extent(split)) <= tileLimit) {
        inner *= span(split, part.extent(split));
        split--;
      }
      if (split == 0 && inner * span(0, part.extent(0)) <= tileLimit) {
        out.add(part);
        return out;
      }
      long fit = tileLimit / inner;
      int run = (int) Math.max(1, Math.min(part.extent(split), (fit - 1) / Math.abs(step[split]) + 1));
      int[] counter = new int[split];
      while (true) {
        for (int s = 0; s < part.extent(split); s += run) {
          long[] o = part.offsets();
          int[] e = part.extents();
          for (int axis = 0; axis < split; axis++) {
            o[axis] += counter[axis];
            e[axis] = 1;
          }
          o[split] += s;
          e[split] = Math.min(run, part.extent(split) - s);
          out.add(Region.of(o, e));
        }
        int axis = split - 1;
        while (axis >= 0) {
          if (++counter[axis] < part.extent(axis)) break;
          counter[axis] = 0;
          axis--;
        }
        if (axis < 0) return out;
      }
    }

    /** Input elements spanned along {@code axis} by {@code n} selected outputs. */
    private long span(int axis, int n) {
      return n == 0 ? 0 : Math.abs(step[axis]) * (n - 1) + 1;
    }
  }
}
