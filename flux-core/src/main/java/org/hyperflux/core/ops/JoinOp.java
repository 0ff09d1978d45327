package org.hyperflux.core.ops;

import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Mono;

/**
 * Joins inputs side by side along one output axis: the shared machinery of {@link StackOp}
 * (each input a slab of thickness 1 along a new axis) and {@link ConcatenateOp} (each input a
 * slab as thick as its length along an existing axis).
 *
 * <p>Input {@code k} occupies {@code [start[k], start[k] + length[k])} along {@link #axis()}.
 * Loading an output region loads only the inputs whose slabs overlap it, each for the overlap
 * mapped to its own coordinates by {@link #toInput} (so an output chunk that touches one input
 * reads only that input); {@link #cost} mirrors this. A tile inside one slab is that input's
 * tile (cast to the promoted dtype when needed, otherwise returned as it is); a tile across
 * slabs is assembled by copying each input's part. The C order of an output box inside slab
 * {@code k} equals the C order of its input box (stacking removes a unit axis, concatenating
 * shifts one offset), which is what makes the copies plain box copies.
 */
abstract class JoinOp extends ArrayNode {
  private final List<ArrayNode> parts;
  private final int axis;
  private final long[] start;
  private final long[] end;

  JoinOp(Shape shape, DType dtype, ChunkGrid grid, List<ArrayNode> inputs, int axis,
      long[] lengths) {
    super(shape, dtype, grid, inputs);
    this.parts = List.copyOf(inputs);
    this.axis = axis;
    this.start = new long[lengths.length];
    this.end = new long[lengths.length];
    long acc = 0;
    for (int k = 0; k < lengths.length; k++) {
      start[k] = acc;
      acc += lengths[k];
      end[k] = acc;
    }
  }

  /** The output axis the inputs are joined along. */
  final int axis() {
    return axis;
  }

  /** Offset of input {@code k} along the join axis of the output. */
  final long start(int k) {
    return start[k];
  }

  /** The region of input {@code k} holding the output box {@code out}, which lies in its slab. */
  abstract Region toInput(int k, Region out);

  /** The promoted dtype of several inputs (numpy's {@code result_type} of arrays). */
  static DType promoteAll(List<ArrayNode> inputs) {
    DType t = inputs.get(0).dtype();
    for (ArrayNode n : inputs) t = DType.promote(t, n.dtype());
    return t;
  }

  /** Shapes as {@code [(2, 3), (2, 4)]} for messages. */
  static String shapes(List<ArrayNode> inputs) {
    List<String> s = new ArrayList<>(inputs.size());
    for (ArrayNode n : inputs) s.add(n.shape().toString());
    return s.toString();
  }

  /** A slab of one input inside an output region: input index and output box. */
  private record Piece(int input, Region box) {}

  /** The inputs overlapping {@code region} along the join axis, with their output boxes. */
  private List<Piece> pieces(Region region) {
    List<Piece> out = new ArrayList<>();
    long lo = region.offset(axis);
    long hi = region.end(axis);
    // First input whose slab ends after lo (ends are non-decreasing).
    int a = 0;
    int b = end.length;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (end[m] <= lo) a = m + 1;
      else b = m;
    }
    for (int k = a; k < start.length && start[k] < hi; k++) {
      long l = Math.max(lo, start[k]);
      long h = Math.min(hi, end[k]);
      if (l < h) out.add(new Piece(k, region.withAxis(axis, l, (int) (h - l))));
    }
    return out;
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    if (region.isEmpty()) return Mono.just(GeometryData.empty(region, dtype()));
    List<Piece> pieces = pieces(region);
    List<GeometryData.Request> requests = new ArrayList<>(pieces.size());
    for (Piece p : pieces) {
      requests.add(new GeometryData.Request(parts.get(p.input()), toInput(p.input(), p.box())));
    }
    return GeometryData.loadAll(requests, ctx, data -> new JoinData(region, pieces, data));
  }

  @Override
  public void cost(Region region, Cost cost) {
    if (region.isEmpty()) return;
    for (Piece p : pieces(region)) parts.get(p.input()).cost(toInput(p.input(), p.box()), cost);
  }

  /** An output region over the loaded slabs of the inputs it overlaps. */
  private final class JoinData extends GeometryData {
    private final List<Piece> pieces;

    JoinData(Region region, List<Piece> pieces, List<RegionData> data) {
      super(region, JoinOp.this.dtype(), data);
      this.pieces = pieces;
    }

    @Override
    public Block tile(Region tile) {
      if (!region().contains(tile)) {
        throw new IllegalArgumentException("tile " + tile + " is outside the loaded region " + region());
      }
      Block out = null;
      for (int j = 0; j < pieces.size(); j++) {
        Piece p = pieces.get(j);
        Region part = p.box().intersect(tile);
        if (part == null || part.isEmpty()) continue;
        Block src = GeometryKernels.cast(inputs().get(j).tile(toInput(p.input(), part)), dtype());
        if (part.equals(tile)) return src;
        if (out == null) out = Block.allocate(dtype(), tile.size());
        RegionCopy.copy(src, part, out, tile, part);
      }
      return out != null ? out : Block.allocate(dtype(), tile.size());
    }
  }
}
