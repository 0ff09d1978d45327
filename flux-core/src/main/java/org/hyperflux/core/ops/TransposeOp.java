package org.hyperflux.core.ops;

import java.util.Arrays;
import java.util.List;
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
 * Permutes the axes of a node ({@code np.transpose(a, perm)}): output axis {@code i} is input
 * axis {@code perm[i]}, and the grid's per-axis extents move with their axes.
 *
 * <p>An output region maps to the input region with the same offsets and extents put back in
 * input axis order; that region is loaded as it is, and each output tile is an n-dimensional
 * strided copy of the corresponding input box (input strides permuted, inner loop over the
 * output's last axis, contiguous trailing axes coalesced by {@link GeometryKernels#stridedCopy}).
 * When the input data is one block the copy reads it in place; otherwise it asks the input for
 * the matching box, which has the tile's size.
 */
final class TransposeOp extends ArrayNode {
  private final ArrayNode input;
  private final int[] perm;

  private TransposeOp(ArrayNode input, int[] perm, Shape shape, ChunkGrid grid) {
    super(shape, input.dtype(), grid, List.of(input));
    this.input = input;
    this.perm = perm;
  }

  /**
   * {@code a} with output axis {@code i} = input axis {@code perm[i]}; negative axes count from
   * the end, as numpy. Returns {@code a} itself for the identity permutation.
   */
  static ArrayNode of(ArrayNode a, int[] perm) {
    int rank = a.shape().rank();
    if (perm == null || perm.length != rank) {
      throw new IllegalArgumentException(
          "axes " + Arrays.toString(perm) + " are not a permutation of 0.." + (rank - 1)
              + " for an array of rank " + rank + " (shape " + a.shape() + ")");
    }
    int[] p = new int[rank];
    boolean[] seen = new boolean[rank];
    boolean identity = true;
    for (int i = 0; i < rank; i++) {
      int axis = perm[i] < 0 ? perm[i] + rank : perm[i];
      if (axis < 0 || axis >= rank || seen[axis]) {
        throw new IllegalArgumentException(
            "axes " + Arrays.toString(perm) + " are not a permutation of 0.." + (rank - 1)
                + " for an array of rank " + rank + " (shape " + a.shape() + ")");
      }
      seen[axis] = true;
      p[i] = axis;
      identity &= axis == i;
    }
    if (identity) return a;
    long[] dims = new long[rank];
    int[][] extents = new int[rank][];
    for (int i = 0; i < rank; i++) {
      dims[i] = a.shape().dim(p[i]);
      extents[i] = a.grid().extents(p[i]);
    }
    Shape shape = Shape.of(dims);
    return new TransposeOp(a, p, shape, ChunkGrid.irregular(shape, extents));
  }

  /** The input region holding the elements of an output region. */
  private Region inputRegion(Region out) {
    int rank = out.rank();
    long[] o = new long[rank];
    int[] e = new int[rank];
    for (int i = 0; i < rank; i++) {
      o[perm[i]] = out.offset(i);
      e[perm[i]] = out.extent(i);
    }
    return Region.of(o, e);
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    if (region.isEmpty()) return Mono.just(GeometryData.empty(region, dtype()));
    return input.load(inputRegion(region), ctx).map(d -> new TransposedData(region, d));
  }

  @Override
  public void cost(Region region, Cost cost) {
    if (region.isEmpty()) return;
    input.cost(inputRegion(region), cost);
  }

  @Override
  public String label() {
    StringJoiner j = new StringJoiner(", ", "transpose(", ")");
    for (int axis : perm) j.add(Integer.toString(axis));
    return j.toString();
  }

  /** An output region over the loaded input region; tiles are transposed copies. */
  private final class TransposedData extends GeometryData {
    TransposedData(Region region, RegionData data) {
      super(region, TransposeOp.this.dtype(), List.of(data));
    }

    @Override
    public Block tile(Region tile) {
      if (!region().contains(tile)) {
        throw new IllegalArgumentException("tile " + tile + " is outside the loaded region " + region());
      }
      RegionData data = inputs().get(0);
      Region box = inputRegion(tile);
      Block src;
      Region srcRegion;
      Block whole = data.asBlock();
      if (whole != null) {
        src = whole;
        srcRegion = data.region();
      } else {
        src = data.tile(box);
        srcRegion = box;
      }
      int rank = tile.rank();
      long[] layout = RegionCopy.strides(srcRegion);
      long[] srcStrides = new long[rank];
      long srcBase = 0;
      for (int axis = 0; axis < rank; axis++) {
        srcBase += (box.offset(axis) - srcRegion.offset(axis)) * layout[axis];
        srcStrides[axis] = layout[perm[axis]];
      }
      Block out = Block.allocate(dtype(), tile.size());
      GeometryKernels.stridedCopy(src, srcBase, srcStrides, out, 0,
          RegionCopy.strides(tile), tile.extents());
      return out;
    }
  }
}
