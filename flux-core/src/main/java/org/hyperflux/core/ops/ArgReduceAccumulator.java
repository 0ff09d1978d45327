package org.hyperflux.core.ops;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;

/**
 * numpy's {@code argmax}/{@code argmin} along one axis as an accumulator: the int64 index, along
 * {@code axis}, of the largest (smallest) element of every line, in C order of the input shape
 * with {@code axis} removed. Used by {@link ArgReduceOp}, for one output region at a time
 * ({@link #create(Region)}) or in a {@link org.hyperflux.core.exec.Pass} when the axis spans
 * several chunks.
 *
 * <p><b>Order.</b> numpy 1.24's: the first occurrence wins a tie; NaN counts as larger than
 * everything for argmax and smaller than everything for argmin, so both return the index of the
 * first NaN of a line that holds one; {@code -0.0} and {@code 0.0} tie; bool compares False <
 * True; unsigned integers compare unsigned.
 *
 * <p><b>State.</b> Per output element the best value seen so far (a {@code double} for float
 * input, a {@code long} sort key for bool and integers: the value, or for uint64 its bits with the
 * sign bit flipped so that signed comparison orders it) and its index, -1 before any element. A
 * state holds one <em>part</em> per output box, the projection of an input chunk (the chunk with
 * the axis dropped), as {@code ReductionAccumulator} does, or the one explicit region of
 * {@link #create(Region)}. An element replaces the best when it orders strictly before it, or
 * ties with it at a smaller index. That rule makes folding and merging independent of the order
 * tiles and states arrive in: partial states of consecutive chunks along the axis keep the FIRST
 * index on ties whichever way they are merged.
 *
 * <p><b>Kernels.</b> A tile is cut into runs as numpy's iterator does (axes of extent 1 dropped,
 * kept axes that are contiguous in both the tile and the part coalesced; the reduced axis stays a
 * level of its own so that its coordinate is known). When the reduced axis is innermost, a run
 * is one line segment scanned for its first best (a float scan stops at the first NaN); otherwise
 * a run is compared elementwise against a contiguous run of the part at one index. Float tiles
 * are read in place; bool and integer tiles are converted piecewise into a scratch buffer of
 * {@value #SCRATCH} longs, never a whole tile at once.
 *
 * <p>Immutable and thread-safe; a state is used by one thread at a time. Serialisable, as are its
 * states.
 */
final class ArgReduceAccumulator implements Accumulator<ArgReduceAccumulator.State, Block> {
  private static final long serialVersionUID = 1L;
  /** Elements converted at a time into the scratch buffer. */
  static final int SCRATCH = 2048;
  /** Bytes of a state besides its parts: the object, its map and the scratch buffer. */
  private static final long STATE_OVERHEAD_BYTES = 256 + SCRATCH * 8L;
  /** Bytes of a part besides its arrays. */
  private static final long PART_OVERHEAD_BYTES = 160;
  /** Bytes of state per output element: the best value and its index. */
  private static final long BYTES_PER_ELEMENT = 16;
  /** The key of the single part of a state made for an explicit output region. */
  private static final long REGION_KEY = -1;

  private final boolean max;
  private final DType dtype;
  private final int axis;
  private final long[] shape;
  private final int[][] extents;
  private transient volatile ChunkGrid grid;
  private transient volatile ChunkGrid outputGrid;

  private ArgReduceAccumulator(boolean max, DType dtype, ChunkGrid grid, int axis) {
    this.max = max;
    this.dtype = dtype;
    this.axis = axis;
    this.shape = grid.shape().dims();
    int rank = grid.rank();
    this.extents = new int[rank][];
    for (int a = 0; a < rank; a++) extents[a] = grid.extents(a);
    this.grid = grid;
  }

  /**
   * The argmax ({@code max}) or argmin of arrays of {@code dtype} chunked as {@code grid} along
   * {@code axis} (negative counts from the end).
   *
   * @throws IllegalArgumentException for an axis out of range, or a zero-length axis (numpy's
   *     "attempt to get argmax of an empty sequence")
   */
  static ArgReduceAccumulator of(boolean max, DType dtype, ChunkGrid grid, int axis) {
    String name = max ? "argmax" : "argmin";
    int rank = grid.rank();
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          name + ": axis " + axis + " is out of bounds for an array of rank " + rank + " (shape "
              + grid.shape() + ")");
    }
    if (grid.shape().dim(a) == 0) {
      throw new IllegalArgumentException(
          "attempt to get " + name + " of an empty sequence (" + name + " along axis " + axis
              + " of shape " + grid.shape() + ", which has length 0)");
    }
    return new ArgReduceAccumulator(max, dtype, grid, a);
  }

  /** numpy's function name. */
  String name() {
    return max ? "argmax" : "argmin";
  }

  /** The reduced axis, normalised. */
  int axis() {
    return axis;
  }

  /** The input grid tiles are indexed by. */
  ChunkGrid grid() {
    ChunkGrid g = grid;
    if (g == null) {
      g = ChunkGrid.irregular(Shape.of(shape), extents);
      grid = g;
    }
    return g;
  }

  /** The input grid with the reduced axis removed: the boxes states are kept per. */
  ChunkGrid outputGrid() {
    ChunkGrid g = outputGrid;
    if (g == null) {
      long[] dims = new long[shape.length - 1];
      int[][] ext = new int[shape.length - 1][];
      int k = 0;
      for (int a = 0; a < shape.length; a++) {
        if (a == axis) continue;
        dims[k] = shape[a];
        ext[k] = extents[a];
        k++;
      }
      g = ChunkGrid.irregular(Shape.of(dims), ext);
      outputGrid = g;
    }
    return g;
  }

  Shape outputShape() {
    return outputGrid().shape();
  }

  /** Bytes of a state covering {@code outputElements} output elements in one part. */
  long stateBytes(long outputElements) {
    return STATE_OVERHEAD_BYTES + PART_OVERHEAD_BYTES + outputElements * BYTES_PER_ELEMENT;
  }

  /** Bytes of the largest state of one chunk (the projection of the largest input chunk). */
  long chunkStateBytes() {
    return stateBytes(outputGrid().maxChunkElements());
  }

  /** Bytes of a state that has seen every chunk: one part per output chunk. */
  long mergedStateBytes() {
    ChunkGrid out = outputGrid();
    return STATE_OVERHEAD_BYTES + out.chunkCount() * PART_OVERHEAD_BYTES
        + out.shape().size() * BYTES_PER_ELEMENT;
  }

  /** Mergeable, unordered, one pass, live-capable; merged and per-chunk state bytes. */
  @Override
  public AccumulatorTraits traits() {
    long merged = mergedStateBytes();
    return new AccumulatorTraits(true, false, 1, true, merged, Math.min(chunkStateBytes(), merged));
  }

  @Override
  public State create() {
    return new State(false);
  }

  /**
   * A state for exactly {@code outputRegion} (output coordinates): every tile accepted must
   * project inside it, whatever its grid index.
   */
  State create(Region outputRegion) {
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
    State s = new State(true);
    s.parts.put(REGION_KEY, new Part(outputRegion.offsets(), outputRegion.extents(), dtype.isFloat()));
    return s;
  }

  @Override
  public void accept(State state, Chunk tile) {
    Region t = tile.region();
    Block b = tile.block();
    if (b.dtype() != dtype) {
      throw new IllegalArgumentException(
          "tile " + tile + " has dtype " + b.dtype().numpyName() + " but this " + name()
              + " reduces " + dtype.numpyName());
    }
    if (t.rank() != shape.length) {
      throw new IllegalArgumentException(
          "tile region " + t + " has rank " + t.rank() + " but the input has rank " + shape.length);
    }
    if (t.isEmpty()) return;
    fold(partFor(state, tile), t, b, state.scratch());
    state.accepted += t.size();
  }

  /** The part whose box holds the tile's projection: the last one used, or the tile's chunk's. */
  private Part partFor(State state, Chunk tile) {
    Region t = tile.region();
    Part last = state.last;
    if (last != null && last.covers(t, axis)) return last;
    if (state.forRegion) {
      Part only = state.parts.get(REGION_KEY);
      if (!only.covers(t, axis)) {
        throw new IllegalArgumentException(
            "tile " + t + " projects outside the output region " + only.region() + " of this state");
      }
      state.last = only;
      return only;
    }
    ChunkGrid g = grid();
    ChunkIndex idx = tile.gridIndex();
    int[] gridShape = g.gridShape();
    boolean inGrid = idx.rank() == gridShape.length;
    for (int a = 0; inGrid && a < gridShape.length; a++) inGrid = idx.get(a) < gridShape[a];
    Region chunk = inGrid ? g.region(idx) : null;
    if (chunk == null || !chunk.contains(t)) {
      throw new IllegalArgumentException(
          "tile " + t + " with grid index " + idx + " is not inside that chunk of the grid "
              + g.extentsString() + (chunk == null ? "" : " (chunk region " + chunk + ")"));
    }
    int outRank = shape.length - 1;
    int[] outIdx = new int[outRank];
    long[] o = new long[outRank];
    int[] e = new int[outRank];
    int k = 0;
    for (int a = 0; a < shape.length; a++) {
      if (a == axis) continue;
      outIdx[k] = idx.get(a);
      o[k] = chunk.offset(a);
      e[k] = chunk.extent(a);
      k++;
    }
    long key = outputGrid().linear(ChunkIndex.of(outIdx));
    Part part = state.parts.get(key);
    if (part == null) {
      part = new Part(o, e, dtype.isFloat());
      state.parts.put(key, part);
    }
    state.last = part;
    return part;
  }

  /**
   * Folds one tile into a part: coalesces the kept axes into runs (see the class comment) and
   * walks the outer levels with an odometer that also tracks the coordinate along the axis.
   */
  private void fold(Part part, Region t, Block b, Scratch scratch) {
    int rank = t.rank();
    int outRank = part.extent.length;
    int[] pStride = new int[outRank];
    int acc = 1;
    for (int k = outRank - 1; k >= 0; k--) {
      pStride[k] = acc;
      acc *= part.extent[k];
    }
    // Levels innermost first: extent, input stride, output stride (0 for the reduced axis).
    int[] dims = new int[rank];
    int[] inS = new int[rank];
    int[] outS = new int[rank];
    int levels = 0;
    int reducedLevel = -1;
    int base = 0;
    int inStride = 1;
    int k = outRank - 1;
    for (int a = rank - 1; a >= 0; a--) {
      int e = t.extent(a);
      if (a == axis) {
        if (e != 1) {
          dims[levels] = e;
          inS[levels] = inStride;
          outS[levels] = 0;
          reducedLevel = levels;
          levels++;
        }
      } else {
        int os = pStride[k];
        base += (int) (t.offset(a) - part.offset[k]) * pStride[k];
        k--;
        if (e != 1) {
          int g = levels - 1;
          if (g >= 0 && g != reducedLevel && inS[g] * dims[g] == inStride && outS[g] * dims[g] == os) {
            dims[g] *= e;
          } else {
            dims[levels] = e;
            inS[levels] = inStride;
            outS[levels] = os;
            levels++;
          }
        }
      }
      inStride *= e;
    }
    long first = t.offset(axis);
    if (levels == 0) {
      part.scanRun(max, b, 0, 1, base, first, scratch);
      return;
    }
    boolean scan = reducedLevel == 0;
    boolean contiguous = scan || outS[0] == 1;
    int run = contiguous ? dims[0] : 1;
    int from = contiguous ? 1 : 0;
    int[] count = new int[levels];
    int in = 0;
    int out = base;
    while (true) {
      if (scan) {
        part.scanRun(max, b, in, run, out, first, scratch);
      } else {
        long index = reducedLevel < 0 ? first : first + count[reducedLevel];
        part.compareRun(max, b, in, run, out, index, scratch);
      }
      int lv = from;
      while (lv < levels) {
        in += inS[lv];
        out += outS[lv];
        if (++count[lv] < dims[lv]) break;
        in -= inS[lv] * dims[lv];
        out -= outS[lv] * dims[lv];
        count[lv] = 0;
        lv++;
      }
      if (lv == levels) return;
    }
  }

  /** Merges {@code right} into {@code left} part by part; the result does not depend on the order. */
  @Override
  public State merge(State left, State right) {
    if (left.forRegion != right.forRegion) {
      throw new IllegalArgumentException(
          "cannot merge a state made for an explicit output region with a state keyed by chunk");
    }
    for (Map.Entry<Long, Part> en : right.parts.entrySet()) {
      Part r = en.getValue();
      Part l = left.parts.get(en.getKey());
      if (l == null) {
        left.parts.put(en.getKey(), r);
      } else {
        if (!l.sameBox(r)) {
          throw new IllegalArgumentException(
              "cannot merge states over different output regions " + l.region() + " and " + r.region());
        }
        l.merge(max, r);
      }
    }
    left.accepted += right.accepted;
    right.parts.clear();
    right.last = null;
    return left;
  }

  /** The whole output; the state is consumed. Positions no element reached hold -1. */
  @Override
  public Partial<Block> finish(State state) {
    return result(state, true);
  }

  /** The whole output from what was accepted so far; the state is left as it was. */
  @Override
  public Partial<Block> snapshot(State state) {
    return result(state, false);
  }

  /** The result for {@code outputRegion} alone (a state made for it); the state is consumed. */
  Block finish(State state, Region outputRegion) {
    return assemble(state, outputRegion, true);
  }

  private Partial<Block> result(State state, boolean consume) {
    Region whole = Region.whole(outputShape());
    long expected = Shape.of(shape).size();
    long accepted = state.accepted;
    Block value = assemble(state, whole, consume);
    BitSet mask = null;
    if (accepted < expected) {
      long[] idx = (long[]) value.array();
      mask = new BitSet(idx.length);
      for (int i = 0; i < idx.length; i++) if (idx[i] >= 0) mask.set(i);
    }
    return new Partial<>(value, mask, accepted, expected);
  }

  private Block assemble(State state, Region out, boolean consume) {
    if (state.parts.size() == 1) {
      Part only = state.parts.values().iterator().next();
      if (only.region().equals(out)) {
        Block b = Block.wrap(DType.INT64, consume ? only.index : only.index.clone());
        if (consume) {
          state.parts.clear();
          state.last = null;
        }
        return b;
      }
    }
    long[] result = new long[out.size()];
    Arrays.fill(result, -1);
    Block block = Block.wrap(DType.INT64, result);
    Iterator<Part> it = state.parts.values().iterator();
    while (it.hasNext()) {
      Part p = it.next();
      Region box = p.region();
      Region overlap = box.intersect(out);
      if (overlap != null && !overlap.isEmpty()) {
        RegionCopy.copy(Block.wrap(DType.INT64, p.index), box, block, out, overlap);
      }
      if (consume) it.remove();
    }
    if (consume) state.last = null;
    return block;
  }

  @Override
  public String toString() {
    return name() + "(axis=" + axis + ") of " + dtype.numpyName();
  }

  /**
   * The running state: one part per output box seen (keyed by output chunk, in grid order), the
   * number of input elements accepted, and a scratch buffer. Touched by one thread at a time.
   */
  static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    private final TreeMap<Long, Part> parts = new TreeMap<>();
    private final boolean forRegion;
    private long accepted;
    private transient Part last;
    private transient Scratch scratch;

    private State(boolean forRegion) {
      this.forRegion = forRegion;
    }

    /** Input elements folded into this state so far. */
    long accepted() {
      return accepted;
    }

    /** The output boxes this state holds, in grid order. */
    List<Region> regions() {
      List<Region> r = new ArrayList<>();
      for (Part p : parts.values()) r.add(p.region());
      return r;
    }

    private Scratch scratch() {
      if (scratch == null) scratch = new Scratch();
      return scratch;
    }
  }

  /** The conversion buffer of a state. */
  private static final class Scratch {
    final long[] longs = new long[SCRATCH];
  }

  /**
   * The best value and its index per element of one output box, in C order of the box: doubles
   * for float input, long sort keys otherwise; index -1 where nothing was seen yet.
   */
  private static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] offset;
    final int[] extent;
    final double[] dv;
    final long[] lv;
    final long[] index;

    Part(long[] offset, int[] extent, boolean floats) {
      this.offset = offset;
      this.extent = extent;
      int n = 1;
      for (int e : extent) n *= e;
      dv = floats ? new double[n] : null;
      lv = floats ? null : new long[n];
      index = new long[n];
      Arrays.fill(index, -1);
    }

    Region region() {
      return Region.of(offset, extent);
    }

    boolean covers(Region tile, int axis) {
      int k = 0;
      for (int a = 0; a < tile.rank(); a++) {
        if (a == axis) continue;
        if (tile.offset(a) < offset[k] || tile.end(a) > offset[k] + extent[k]) return false;
        k++;
      }
      return true;
    }

    boolean sameBox(Part other) {
      return Arrays.equals(offset, other.offset) && Arrays.equals(extent, other.extent);
    }

    /**
     * Folds the line segment {@code b[from, from + n)}, at indices {@code first, first + 1, ...}
     * along the axis, into element {@code o}.
     */
    void scanRun(boolean max, Block b, int from, int n, int o, long first, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      switch (b.dtype()) {
        case FLOAT64: {
          double[] x = (double[]) a;
          int best = 0;
          double bv = x[off];
          if (bv == bv) {
            for (int i = 1; i < n; i++) {
              double v = x[off + i];
              if (v != v) {
                best = i;
                bv = v;
                break;
              }
              if (max ? v > bv : v < bv) {
                best = i;
                bv = v;
              }
            }
          }
          offerDouble(max, o, bv, first + best);
          return;
        }
        case FLOAT32: {
          float[] x = (float[]) a;
          int best = 0;
          float bv = x[off];
          if (bv == bv) {
            for (int i = 1; i < n; i++) {
              float v = x[off + i];
              if (v != v) {
                best = i;
                bv = v;
                break;
              }
              if (max ? v > bv : v < bv) {
                best = i;
                bv = v;
              }
            }
          }
          offerDouble(max, o, bv, first + best);
          return;
        }
        default: {
          long[] buf = s.longs;
          boolean flip = b.dtype() == DType.UINT64;
          int best = -1;
          long bv = 0;
          for (int done = 0; done < n; done += SCRATCH) {
            int m = Math.min(SCRATCH, n - done);
            Casts.toLong(b, from + done, buf, m);
            for (int i = 0; i < m; i++) {
              long v = flip ? buf[i] ^ Long.MIN_VALUE : buf[i];
              if (best < 0 || (max ? v > bv : v < bv)) {
                best = done + i;
                bv = v;
              }
            }
          }
          offerLong(max, o, bv, first + best);
        }
      }
    }

    /** Folds {@code b[from + i]}, all at index {@code index} along the axis, into element {@code o + i}. */
    void compareRun(boolean max, Block b, int from, int n, int o, long index, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      switch (b.dtype()) {
        case FLOAT64: {
          double[] x = (double[]) a;
          for (int i = 0; i < n; i++) offerDouble(max, o + i, x[off + i], index);
          return;
        }
        case FLOAT32: {
          float[] x = (float[]) a;
          for (int i = 0; i < n; i++) offerDouble(max, o + i, x[off + i], index);
          return;
        }
        default: {
          long[] buf = s.longs;
          boolean flip = b.dtype() == DType.UINT64;
          for (int done = 0; done < n; done += SCRATCH) {
            int m = Math.min(SCRATCH, n - done);
            Casts.toLong(b, from + done, buf, m);
            int base = o + done;
            for (int i = 0; i < m; i++) {
              offerLong(max, base + i, flip ? buf[i] ^ Long.MIN_VALUE : buf[i], index);
            }
          }
        }
      }
    }

    /** Element {@code o} takes {@code (v, i)} if v orders before its best, or ties at a smaller index. */
    private void offerDouble(boolean max, int o, double v, long i) {
      long bi = index[o];
      if (bi < 0) {
        dv[o] = v;
        index[o] = i;
        return;
      }
      double b = dv[o];
      boolean vNaN = v != v;
      boolean bNaN = b != b;
      if (bNaN) {
        if (vNaN && i < bi) index[o] = i;
        return;
      }
      if (vNaN || (max ? v > b : v < b) || (v == b && i < bi)) {
        dv[o] = v;
        index[o] = i;
      }
    }

    private void offerLong(boolean max, int o, long v, long i) {
      long bi = index[o];
      if (bi < 0 || (max ? v > lv[o] : v < lv[o]) || (v == lv[o] && i < bi)) {
        lv[o] = v;
        index[o] = i;
      }
    }

    /** Folds {@code right} (same box) into this part. */
    void merge(boolean max, Part right) {
      for (int o = 0; o < index.length; o++) {
        long i = right.index[o];
        if (i < 0) continue;
        if (dv != null) offerDouble(max, o, right.dv[o], i);
        else offerLong(max, o, right.lv[o], i);
      }
    }
  }
}
