package org.hyperflux.core.ops;

import java.util.Arrays;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Mono;

/**
 * numpy's {@code squeeze(axis)}: drops axes of length 1. Axes of length 1 do not change the C
 * layout, so a region's data and tiles are the input's, passed through without a copy.
 */
final class SqueezeOp extends ArrayNode {
  private final ArrayNode input;
  private final boolean[] dropped;

  private SqueezeOp(ArrayNode input, boolean[] dropped, Shape shape, ChunkGrid grid) {
    super(shape, input.dtype(), grid, List.of(input));
    this.input = input;
    this.dropped = dropped;
  }

  /** Drops {@code axes} (each of length 1; negative axes count from the end); none given: every axis of length 1. */
  static ArrayNode of(ArrayNode input, int[] axes) {
    Shape in = input.shape();
    if (axes.length == 0) {
      axes = java.util.stream.IntStream.range(0, in.rank()).filter(a -> in.dim(a) == 1).toArray();
      if (axes.length == 0) return input;
    }
    boolean[] dropped = new boolean[in.rank()];
    for (int axis : axes) {
      int a = in.normalizeAxis(axis);
      if (dropped[a]) {
        throw new IllegalArgumentException("axis " + axis + " is given twice in squeeze" + Arrays.toString(axes));
      }
      if (in.dim(a) != 1) {
        throw new IllegalArgumentException(
            "cannot squeeze axis " + axis + " of length " + in.dim(a) + " (shape " + in
                + "); only axes of length 1 can be removed");
      }
      dropped[a] = true;
    }
    int rank = in.rank() - axes.length;
    long[] dims = new long[rank];
    int[][] extents = new int[rank][];
    for (int a = 0, k = 0; a < in.rank(); a++) {
      if (dropped[a]) continue;
      dims[k] = in.dim(a);
      extents[k] = input.grid().extents(a);
      k++;
    }
    Shape shape = Shape.of(dims);
    return new SqueezeOp(input, dropped, shape, ChunkGrid.irregular(shape, extents));
  }

  /** The input region for an output region: the dropped axes as [0, 1). */
  private Region inputRegion(Region out) {
    long[] o = new long[dropped.length];
    int[] e = new int[dropped.length];
    for (int a = 0, k = 0; a < dropped.length; a++) {
      if (dropped[a]) {
        e[a] = 1;
      } else {
        o[a] = out.offset(k);
        e[a] = out.extent(k);
        k++;
      }
    }
    return Region.of(o, e);
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    return input.load(inputRegion(region), ctx).map(data -> new RegionData() {
      @Override
      public Region region() {
        return region;
      }

      @Override
      public DType dtype() {
        return data.dtype();
      }

      @Override
      public Block tile(Region tile) {
        return data.tile(inputRegion(tile));
      }

      @Override
      public Block transientTile(Region tile) {
        return data.transientTile(inputRegion(tile));
      }

      @Override
      public void release() {
        data.release();
      }
    });
  }

  @Override
  public void cost(Region region, Cost cost) {
    input.cost(inputRegion(region), cost);
  }

  @Override
  public long deliveryBytes(Region region) {
    return input.deliveryBytes(inputRegion(region));
  }

  @Override
  public String label() {
    StringBuilder b = new StringBuilder("squeeze(");
    boolean first = true;
    for (int a = 0; a < dropped.length; a++) {
      if (!dropped[a]) continue;
      if (!first) b.append(", ");
      b.append(a);
      first = false;
    }
    return b.append(')').toString();
  }
}
