package org.hyperflux.core.ops;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ArrayNode;

/**
 * numpy broadcasting of one operand to an output shape: which output region the operand reads
 * for an output region, and how the operand's tile is expanded to the output tile.
 *
 * <p>Shapes are right-aligned (numpy's broadcasting rules). Along each output axis an operand
 * either <em>keeps</em> the axis (its extent equals the output's: it reads the same range),
 * <em>stretches</em> it (extent 1 under a longer or empty output axis: it reads {@code [0, 1)}),
 * or <em>lacks</em> it (a leading output axis beyond the operand's rank: dropped). An operand
 * tile therefore has the output tile's extents on kept axes and 1 elsewhere, and expanding it is
 * a copy with stride 0 along stretched and missing axes.
 *
 * <p>The output grid ({@link #grid}) along each axis is the common refinement of the grids of
 * the operands that keep the axis (the union of their cut points, as dask's
 * {@code common_blockdim}); nothing else is rechunked. So every output chunk lies inside one
 * chunk of every operand, and a source serves it without assembling.
 */
final class Broadcast {
  private final Shape out;
  private final int lead;
  private final boolean[] stretched;
  private final boolean identity;

  private Broadcast(Shape out, Shape operand) {
    this.out = out;
    this.lead = out.rank() - operand.rank();
    this.stretched = new boolean[operand.rank()];
    boolean same = lead == 0;
    for (int j = 0; j < stretched.length; j++) {
      long d = operand.dim(j);
      long o = out.dim(j + lead);
      if (d != o && d != 1) {
        throw new IllegalArgumentException(
            "operand of shape " + operand + " cannot be broadcast to " + out);
      }
      stretched[j] = d != o;
      same &= !stretched[j];
    }
    this.identity = same;
  }

  /** How an operand of shape {@code operand} maps onto the broadcast shape {@code out}. */
  static Broadcast of(Shape out, Shape operand) {
    return new Broadcast(out, operand);
  }

  /**
   * numpy's broadcast shape of {@code a} and {@code b}.
   *
   * @throws IllegalArgumentException naming both shapes and the axis when they are incompatible
   */
  static Shape shape(Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    long[] d = new long[rank];
    for (int axis = 0; axis < rank; axis++) {
      long x = alignedDim(a, axis, rank);
      long y = alignedDim(b, axis, rank);
      if (x == y || y == 1) {
        d[axis] = x;
      } else if (x == 1) {
        d[axis] = y;
      } else {
        throw new IllegalArgumentException(
            "operands could not be broadcast together with shapes " + a + " " + b + ": along axis "
                + axis + " of the result their extents " + x + " and " + y
                + " differ and neither is 1");
      }
    }
    return Shape.of(d);
  }

  private static long alignedDim(Shape s, int axis, int rank) {
    int j = axis - (rank - s.rank());
    return j < 0 ? 1 : s.dim(j);
  }

  /**
   * The output grid: along each axis of {@code out}, the union of the chunk boundaries of the
   * operands that keep that axis (an operand that stretches or lacks it does not cut it).
   */
  static ChunkGrid grid(Shape out, List<ArrayNode> operands) {
    int rank = out.rank();
    int[][] extents = new int[rank][];
    for (int axis = 0; axis < rank; axis++) {
      long dim = out.dim(axis);
      if (dim == 0) {
        extents[axis] = new int[] {0};
        continue;
      }
      TreeSet<Long> cuts = new TreeSet<>();
      cuts.add(0L);
      cuts.add(dim);
      for (ArrayNode operand : operands) {
        int j = axis - (rank - operand.shape().rank());
        if (j < 0 || operand.shape().dim(j) != dim) continue;
        ChunkGrid g = operand.grid();
        for (int k = 0; k < g.chunksAlong(j); k++) cuts.add(g.offset(j, k));
      }
      int[] e = new int[cuts.size() - 1];
      long previous = 0;
      int i = 0;
      for (long c : cuts.tailSet(0L, false)) {
        e[i++] = (int) (c - previous);
        previous = c;
      }
      extents[axis] = e;
    }
    return ChunkGrid.irregular(out, extents);
  }

  /** True if the operand has the output's shape: regions and tiles map to themselves. */
  boolean isIdentity() {
    return identity;
  }

  /** The operand region that output region {@code region} reads. */
  Region operandRegion(Region region) {
    if (identity) return region;
    long[] o = new long[stretched.length];
    int[] e = new int[stretched.length];
    for (int j = 0; j < o.length; j++) {
      if (stretched[j]) {
        e[j] = 1;
      } else {
        o[j] = region.offset(j + lead);
        e[j] = region.extent(j + lead);
      }
    }
    return Region.of(o, e);
  }

  /**
   * Writes the operand tile {@code src} (C order of {@code operandRegion(tile)}) expanded to the
   * output {@code tile} into {@code dst[0, tile.size())}.
   */
  void expand(double[] src, Region tile, double[] dst) {
    Walk w = new Walk(tile);
    while (w.hasNext()) {
      int base = w.base;
      if (w.innerStride == 0) {
        Arrays.fill(dst, w.dst, w.dst + w.inner, src[base]);
      } else {
        System.arraycopy(src, base, dst, w.dst, w.inner);
      }
      w.next();
    }
  }

  /** {@link #expand(double[], Region, double[])} for integer working buffers. */
  void expand(long[] src, Region tile, long[] dst) {
    Walk w = new Walk(tile);
    while (w.hasNext()) {
      int base = w.base;
      if (w.innerStride == 0) {
        Arrays.fill(dst, w.dst, w.dst + w.inner, src[base]);
      } else {
        System.arraycopy(src, base, dst, w.dst, w.inner);
      }
      w.next();
    }
  }

  /**
   * Walks an output tile row by row (a row is the run along the last axis): {@code base} is the
   * row's first element in the operand tile, {@code dst} its first element in the output tile.
   */
  private final class Walk {
    private final int[] extent;
    private final int[] stride;
    private final int[] counter;
    private final int size;
    final int inner;
    final int innerStride;
    int base;
    int dst;

    Walk(Region tile) {
      int rank = tile.rank();
      extent = tile.extents();
      stride = new int[rank];
      int acc = 1;
      for (int a = rank - 1; a >= 0; a--) {
        int j = a - lead;
        if (j >= 0 && !stretched[j]) {
          stride[a] = acc;
          acc *= extent[a];
        }
      }
      counter = new int[rank];
      size = tile.size();
      inner = rank == 0 ? 1 : extent[rank - 1];
      innerStride = rank == 0 ? 1 : stride[rank - 1];
    }

    boolean hasNext() {
      return dst < size;
    }

    void next() {
      dst += inner;
      if (dst >= size) return;
      int a = extent.length - 2;
      while (++counter[a] == extent[a]) {
        base -= stride[a] * (counter[a] - 1);
        counter[a] = 0;
        a--;
      }
      base += stride[a];
    }
  }

  @Override
  public String toString() {
    return "Broadcast[to " + out + ", lead " + lead + ", stretched " + Arrays.toString(stretched) + "]";
  }
}
