package org.hyperflux.core.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How an array of a {@link Shape} is cut into chunks: a list of chunk extents per axis (dask's
 * tuple of tuples). Regular grids repeat one chunk shape (the last chunk along an axis may be
 * shorter); irregular grids list every extent. A zero-length axis has one chunk of extent 0.
 * Immutable and thread-safe; construction validates the geometry and names the offending values.
 */
public final class ChunkGrid {
  /** The cap DESIGN §2 puts on automatic chunks. */
  public static final long AUTO_CHUNK_CAP_BYTES = 128L << 20;

  private final Shape shape;
  private final int[][] extents;
  private final long[][] offsets;

  private ChunkGrid(Shape shape, int[][] extents) {
    if (extents.length != shape.rank()) {
      throw new IllegalArgumentException(
          "chunk grid has rank " + extents.length + " but shape " + shape + " has rank "
              + shape.rank());
    }
    this.shape = shape;
    this.extents = new int[extents.length][];
    this.offsets = new long[extents.length][];
    for (int axis = 0; axis < extents.length; axis++) {
      int[] e = extents[axis].clone();
      long sum = 0;
      for (int x : e) {
        if (x < 0) {
          throw new IllegalArgumentException(
              "chunk extents along axis " + axis + " must be >= 0 (extents=" + Arrays.toString(e)
                  + ")");
        }
        if (x == 0 && shape.dim(axis) != 0) {
          throw new IllegalArgumentException(
              "chunk extents along axis " + axis + " contain 0 but the axis has length "
                  + shape.dim(axis) + " (extents=" + Arrays.toString(e) + ")");
        }
        sum += x;
      }
      if (e.length == 0) {
        throw new IllegalArgumentException("no chunk extents given for axis " + axis);
      }
      if (shape.dim(axis) == 0 && !(e.length == 1 && e[0] == 0)) {
        throw new IllegalArgumentException(
            "axis " + axis + " has length 0 and needs the single chunk extent [0], got "
                + Arrays.toString(e));
      }
      if (sum != shape.dim(axis)) {
        throw new IllegalArgumentException(
            "chunk extents along axis " + axis + " sum to " + sum + " but shape has "
                + shape.dim(axis) + " (extents=" + Arrays.toString(e) + ")");
      }
      long[] o = new long[e.length];
      long acc = 0;
      for (int i = 0; i < e.length; i++) {
        o[i] = acc;
        acc += e[i];
      }
      this.extents[axis] = e;
      this.offsets[axis] = o;
    }
    long elements = 1;
    for (int axis = 0; axis < extents.length; axis++) {
      elements *= maxExtent(axis);
      if (elements > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "chunks of grid " + this.extentsString() + " hold more than 2^31-9 elements;"
                + " a chunk must fit one Java array");
      }
    }
  }

  /** A regular grid: {@code chunkShape} repeated, the last chunk along an axis possibly shorter. */
  public static ChunkGrid regular(Shape shape, int... chunkShape) {
    if (chunkShape.length != shape.rank()) {
      throw new IllegalArgumentException(
          "chunk shape " + Arrays.toString(chunkShape) + " has rank " + chunkShape.length
              + " but shape " + shape + " has rank " + shape.rank());
    }
    int[][] ext = new int[shape.rank()][];
    for (int axis = 0; axis < ext.length; axis++) {
      long dim = shape.dim(axis);
      int c = chunkShape[axis];
      if (c <= 0) {
        throw new IllegalArgumentException(
            "chunk shape " + Arrays.toString(chunkShape) + " has extent " + c + " along axis "
                + axis + "; chunk extents must be > 0");
      }
      if (dim == 0) {
        ext[axis] = new int[] {0};
        continue;
      }
      long n = (dim + c - 1) / c;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("too many chunks along axis " + axis);
      }
      int[] e = new int[(int) n];
      Arrays.fill(e, c);
      e[e.length - 1] = (int) (dim - (n - 1) * c);
      ext[axis] = e;
    }
    return new ChunkGrid(shape, ext);
  }

  /** An irregular grid: every chunk extent along every axis. */
  public static ChunkGrid irregular(Shape shape, int[]... extentsPerAxis) {
    return new ChunkGrid(shape, extentsPerAxis);
  }

  /** One chunk covering the whole shape. */
  public static ChunkGrid single(Shape shape) {
    int[] c = new int[shape.rank()];
    for (int i = 0; i < c.length; i++) c[i] = (int) Math.max(1, Math.min(Integer.MAX_VALUE, shape.dim(i)));
    return regular(shape, c);
  }

  /**
   * The automatic grid of DESIGN §2: the largest chunk that keeps the last {@code signalAxes}
   * axes whole and holds at most {@code min(128 MiB, budgetBytes / (4 × cores))} bytes. Navigation
   * axes are split as evenly as their lengths allow (near-cubic chunks, as dask's {@code auto}).
   * When a single signal is larger than the target, signal axes are split too, outermost first.
   */
  public static ChunkGrid auto(Shape shape, DType dtype, int signalAxes, long budgetBytes, int cores) {
    if (signalAxes < 0 || signalAxes > shape.rank()) {
      throw new IllegalArgumentException(
          "signalAxes=" + signalAxes + " must be between 0 and the rank " + shape.rank());
    }
    if (budgetBytes <= 0 || cores <= 0) {
      throw new IllegalArgumentException(
          "budget (" + budgetBytes + " bytes) and cores (" + cores + ") must be > 0");
    }
    long target = Math.max(dtype.itemSize(), Math.min(AUTO_CHUNK_CAP_BYTES, budgetBytes / (4L * cores)));
    long targetElements = Math.max(1, target / dtype.itemSize());
    int rank = shape.rank();
    int[] chunk = new int[rank];
    for (int i = 0; i < rank; i++) chunk[i] = (int) Math.max(1, Math.min(Integer.MAX_VALUE, shape.dim(i)));
    int firstSignal = rank - signalAxes;
    long frame = 1;
    for (int i = firstSignal; i < rank; i++) frame *= Math.max(1, shape.dim(i));
    if (frame > targetElements) {
      // One signal is already too large: split signal axes outermost first, navigation to 1.
      for (int i = 0; i < firstSignal; i++) chunk[i] = 1;
      long remaining = targetElements;
      for (int i = firstSignal; i < rank; i++) {
        long inner = 1;
        for (int j = i + 1; j < rank; j++) inner *= Math.max(1, shape.dim(j));
        if (inner <= remaining) {
          chunk[i] = (int) Math.max(1, Math.min(chunk[i], remaining / inner));
          break;
        }
        chunk[i] = 1;
      }
      return regular(shape, chunk);
    }
    splitEvenly(shape, chunk, 0, firstSignal, targetElements / frame);
    return regular(shape, chunk);
  }

  /** Sets chunk[from..to) so their product is at most {@code budget}, as even as the axis lengths allow. */
  private static void splitEvenly(Shape shape, int[] chunk, int from, int to, long budget) {
    boolean[] fixed = new boolean[chunk.length];
    long remaining = Math.max(1, budget);
    int free = to - from;
    boolean changed = true;
    while (changed && free > 0) {
      changed = false;
      double ideal = Math.pow(remaining, 1.0 / free);
      for (int i = from; i < to; i++) {
        long dim = Math.max(1, shape.dim(i));
        if (!fixed[i] && dim <= ideal) {
          chunk[i] = (int) dim;
          fixed[i] = true;
          remaining = Math.max(1, remaining / dim);
          free--;
          changed = true;
        }
      }
    }
    if (free > 0) {
      long each = Math.max(1, (long) Math.floor(Math.pow(remaining, 1.0 / free) + 1e-9));
      for (int i = from; i < to; i++) {
        if (!fixed[i]) chunk[i] = (int) Math.min(each, Math.max(1, shape.dim(i)));
      }
    }
  }

  public Shape shape() {
    return shape;
  }

  public int rank() {
    return shape.rank();
  }

  /** Number of chunks along {@code axis}. */
  public int chunksAlong(int axis) {
    return extents[axis].length;
  }

  /** Chunk extents along {@code axis} (a copy). */
  public int[] extents(int axis) {
    return extents[axis].clone();
  }

  /** Largest chunk extent along {@code axis}. */
  public int maxExtent(int axis) {
    int m = 0;
    for (int e : extents[axis]) m = Math.max(m, e);
    return m;
  }

  /** Elements in the largest chunk. */
  public long maxChunkElements() {
    long n = 1;
    for (int axis = 0; axis < rank(); axis++) n *= maxExtent(axis);
    return n;
  }

  /** Total number of chunks. */
  public long chunkCount() {
    long n = 1;
    for (int[] e : extents) n *= e.length;
    return n;
  }

  /** True if every chunk except possibly the last along each axis has the same extent. */
  public boolean isRegular() {
    for (int[] e : extents) {
      for (int i = 1; i < e.length - 1; i++) if (e[i] != e[0]) return false;
      if (e.length > 1 && e[e.length - 1] > e[0]) return false;
    }
    return true;
  }

  /** The region of the chunk at {@code index}. */
  public Region region(ChunkIndex index) {
    if (index.rank() != rank()) {
      throw new IllegalArgumentException(
          "grid index " + index + " has rank " + index.rank() + " but the grid has rank " + rank());
    }
    long[] o = new long[rank()];
    int[] e = new int[rank()];
    for (int axis = 0; axis < o.length; axis++) {
      int k = index.get(axis);
      if (k >= extents[axis].length) {
        throw new IndexOutOfBoundsException(
            "grid index " + index + " is outside the grid " + Arrays.toString(gridShape()));
      }
      o[axis] = offsets[axis][k];
      e[axis] = extents[axis][k];
    }
    return Region.of(o, e);
  }

  /** Chunks per axis. */
  public int[] gridShape() {
    int[] g = new int[rank()];
    for (int i = 0; i < g.length; i++) g[i] = extents[i].length;
    return g;
  }

  /** The chunk index at C-order position {@code linear}. */
  public ChunkIndex index(long linear) {
    int[] c = new int[rank()];
    for (int axis = rank() - 1; axis >= 0; axis--) {
      int n = extents[axis].length;
      c[axis] = (int) (linear % n);
      linear /= n;
    }
    return ChunkIndex.of(c);
  }

  /** The C-order position of {@code index}. */
  public long linear(ChunkIndex index) {
    long l = 0;
    for (int axis = 0; axis < rank(); axis++) l = l * extents[axis].length + index.get(axis);
    return l;
  }

  /** The index of the chunk along {@code axis} that holds global position {@code position}. */
  public int chunkAt(int axis, long position) {
    long[] o = offsets[axis];
    int k = Arrays.binarySearch(o, position);
    if (k >= 0) {
      // Zero-length chunks cannot occur except on an empty axis, so the first match is right.
      return k;
    }
    return -k - 2;
  }

  /** Offset of chunk {@code k} along {@code axis}. */
  public long offset(int axis, int k) {
    return offsets[axis][k];
  }

  /** Grid-index ranges {@code [lo, hi]} along each axis of the chunks that overlap {@code region}; null if none. */
  public int[][] overlapping(Region region) {
    int[][] r = new int[rank()][2];
    for (int axis = 0; axis < rank(); axis++) {
      if (region.extent(axis) == 0) {
        if (shape.dim(axis) == 0) {
          r[axis][0] = 0;
          r[axis][1] = 0;
          continue;
        }
        return null;
      }
      r[axis][0] = chunkAt(axis, region.offset(axis));
      r[axis][1] = chunkAt(axis, region.end(axis) - 1);
    }
    return r;
  }

  /** The indices of the chunks that overlap {@code region}, in C order (none for an empty region). */
  public List<ChunkIndex> chunksOverlapping(Region region) {
    List<ChunkIndex> out = new ArrayList<>();
    int[][] range = overlapping(region);
    if (range == null) return out;
    int rank = region.rank();
    int[] k = new int[rank];
    for (int a = 0; a < rank; a++) k[a] = range[a][0];
    while (true) {
      out.add(ChunkIndex.of(k));
      int a = rank - 1;
      while (a >= 0) {
        if (++k[a] <= range[a][1]) break;
        k[a] = range[a][0];
        a--;
      }
      if (a < 0) return out;
    }
  }

  /** dask style: {@code ((32, 32), (128,))}. */
  public String extentsString() {
    StringBuilder b = new StringBuilder("(");
    for (int axis = 0; axis < extents.length; axis++) {
      if (axis > 0) b.append(", ");
      long[] l = new long[extents[axis].length];
      for (int i = 0; i < l.length; i++) l[i] = extents[axis][i];
      b.append(Shape.tupleString(l));
    }
    if (extents.length == 1) b.append(',');
    return b.append(')').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkGrid
        && shape.equals(((ChunkGrid) o).shape)
        && Arrays.deepEquals(extents, ((ChunkGrid) o).extents);
  }

  @Override
  public int hashCode() {
    return 31 * shape.hashCode() + Arrays.deepHashCode(extents);
  }

  @Override
  public String toString() {
    return "ChunkGrid" + extentsString();
  }
}
