package org.hyperflux.core.accumulate;

import java.io.Serializable;
import java.util.Arrays;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;

/**
 * The geometry of a reduction over a set of axes (numpy's {@code axis=axes}, no keepdims) of an
 * array chunked as a grid: the output grid is the input grid with the reduced axes removed, and
 * the <em>output box</em> of an input chunk is its projection onto it (the chunk's region with the
 * reduced axes dropped), the unit of state of {@link OutputParts}. It checks tiles against the
 * input and sizes the states of accumulators built on {@link OutputParts}. It reads no data.
 *
 * <p>Used by {@link ReductionAccumulator}; public so that such accumulators outside this package
 * (argmax and argmin in {@code org.hyperflux.core.ops}) share it. Immutable and thread-safe;
 * serialisable (the grids are rebuilt from the shape and extents after deserialisation).
 */
public final class ReductionGeometry implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] axes;
  private final boolean[] reduced;
  private final long[] shape;
  private final int[][] extents;
  private transient volatile ChunkGrid grid;
  private transient volatile ChunkGrid outputGrid;

  private ReductionGeometry(ChunkGrid grid, int[] axes) {
    int rank = grid.rank();
    this.axes = axes.clone();
    this.reduced = new boolean[rank];
    for (int a : axes) reduced[a] = true;
    this.shape = grid.shape().dims();
    this.extents = new int[rank][];
    for (int a = 0; a < rank; a++) extents[a] = grid.extents(a);
    this.grid = grid;
  }

  /**
   * The reduction over {@code axes} of arrays chunked as {@code grid}. The axes must already be
   * normalised: in range, distinct and ascending (as {@link ReductionAccumulator#normalizeAxes}
   * gives them).
   *
   * @throws IllegalArgumentException naming the axes when they are not
   */
  public static ReductionGeometry of(ChunkGrid grid, int... axes) {
    int rank = grid.rank();
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] < 0 || axes[i] >= rank || (i > 0 && axes[i] <= axes[i - 1])) {
        throw new IllegalArgumentException(
            "axes " + Arrays.toString(axes) + " are not distinct ascending axes of an array of rank "
                + rank);
      }
    }
    return new ReductionGeometry(grid, axes);
  }

  /** The reduced axes, ascending. */
  public int[] axes() {
    return axes.clone();
  }

  /** The input grid tiles are indexed by. */
  public ChunkGrid grid() {
    ChunkGrid g = grid;
    if (g == null) {
      g = ChunkGrid.irregular(Shape.of(shape), extents);
      grid = g;
    }
    return g;
  }

  /** The input grid with the reduced axes removed: the boxes states are kept per. */
  public ChunkGrid outputGrid() {
    ChunkGrid g = outputGrid;
    if (g == null) {
      int outRank = shape.length - axes.length;
      long[] dims = new long[outRank];
      int[][] ext = new int[outRank][];
      int k = 0;
      for (int a = 0; a < shape.length; a++) {
        if (reduced[a]) continue;
        dims[k] = shape[a];
        ext[k] = extents[a];
        k++;
      }
      g = ChunkGrid.irregular(Shape.of(dims), ext);
      outputGrid = g;
    }
    return g;
  }

  /** The input shape with the reduced axes removed. */
  public Shape outputShape() {
    return outputGrid().shape();
  }

  /** Elements of the input: what a state that has seen everything has accepted. */
  public long inputSize() {
    return Shape.of(shape).size();
  }

  int rank() {
    return shape.length;
  }

  boolean isReduced(int axis) {
    return reduced[axis];
  }

  /**
   * Checks a tile offered to {@code reducer} (its name in messages), which reduces {@code dtype}.
   *
   * @throws IllegalArgumentException naming the tile when its dtype or rank is not the input's
   */
  public void requireTile(Chunk tile, DType dtype, String reducer) {
    Region t = tile.region();
    Block b = tile.block();
    if (b.dtype() != dtype) {
      throw new IllegalArgumentException(
          "tile " + tile + " has dtype " + b.dtype().numpyName() + " but this " + reducer
              + " reduces " + dtype.numpyName());
    }
    if (t.rank() != shape.length) {
      throw new IllegalArgumentException(
          "tile region " + t + " has rank " + t.rank() + " but the input has rank " + shape.length);
    }
  }

  /** Checks that {@code outputRegion} lies inside the output shape. */
  void requireOutputRegion(Region outputRegion) {
    Shape out = outputShape();
    if (outputRegion.rank() != out.rank()) {
      throw new IllegalArgumentException(
          "output region " + outputRegion + " has rank " + outputRegion.rank() + " but the output "
              + out + " has rank " + out.rank());
    }
    for (int k = 0; k < out.rank(); k++) {
      if (outputRegion.end(k) > out.dim(k)) {
        throw new IllegalArgumentException(
            "output region " + outputRegion + " is outside the output shape " + out);
      }
    }
  }

  /**
   * Bytes of a state in {@link OutputParts} with one part of {@code outputElements} elements:
   * {@code fixedBytes} for the state itself (object, map, scratch buffers), a part's overhead, and
   * {@code bytesPerElement} per element.
   */
  public static long stateBytes(long fixedBytes, long bytesPerElement, long outputElements) {
    return fixedBytes + OutputParts.PART_OVERHEAD_BYTES + outputElements * bytesPerElement;
  }

  /** Bytes of the largest state of one chunk (the projection of the largest input chunk). */
  public long chunkStateBytes(long fixedBytes, long bytesPerElement) {
    return stateBytes(fixedBytes, bytesPerElement, outputGrid().maxChunkElements());
  }

  /** Bytes of a state that has seen every chunk: one part per output chunk. */
  public long mergedStateBytes(long fixedBytes, long bytesPerElement) {
    ChunkGrid out = outputGrid();
    return fixedBytes + out.chunkCount() * OutputParts.PART_OVERHEAD_BYTES
        + out.shape().size() * bytesPerElement;
  }

  /**
   * The traits of an accumulator whose states are {@link OutputParts} sized as above: mergeable,
   * unordered, one pass, live-capable; merged and per-chunk state bytes.
   */
  public AccumulatorTraits traits(long fixedBytes, long bytesPerElement) {
    long merged = mergedStateBytes(fixedBytes, bytesPerElement);
    return new AccumulatorTraits(true, false, 1, true, merged,
        Math.min(chunkStateBytes(fixedBytes, bytesPerElement), merged));
  }
}
