package org.hyperflux.core.ops;

import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.OutputParts;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.accumulate.ReductionGeometry;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
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
 * the axis dropped), or the one explicit region of {@link #create(Region)}: the geometry and the
 * parts are kept as {@code ReductionAccumulator}'s are, by {@link ReductionGeometry} and
 * {@link OutputParts}. An element replaces the best when it orders strictly before it, or
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
 * {@value #SCRATCH} longs, never a whole tile at once. The kernels repeat one loop per storage
 * type ({@code double[]}, {@code float[]}, converted longs) on purpose: each stays a tight
 * monomorphic loop the JIT compiles well.
 *
 * <p>Immutable and thread-safe; a state is used by one thread at a time. Serialisable, as are its
 * states.
 */
final class ArgReduceAccumulator implements Accumulator<ArgReduceAccumulator.State, Block>,
    AxisReduceOp.RegionReducer<ArgReduceAccumulator.State> {
  private static final long serialVersionUID = 1L;
  /** Elements converted at a time into the scratch buffer. */
  static final int SCRATCH = 2048;
  /** Bytes of a state besides its parts: the object, its map and the scratch buffer. */
  private static final long STATE_OVERHEAD_BYTES = 256 + SCRATCH * 8L;
  /** Bytes of state per output element: the best value and its index. */
  private static final long BYTES_PER_ELEMENT = 16;

  private final boolean max;
  private final DType dtype;
  private final int axis;
  private final ReductionGeometry geometry;

  private ArgReduceAccumulator(boolean max, DType dtype, ChunkGrid grid, int axis) {
    this.max = max;
    this.dtype = dtype;
    this.axis = axis;
    this.geometry = ReductionGeometry.of(grid, axis);
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
    return geometry.grid();
  }

  /** The input grid with the reduced axis removed: the boxes states are kept per. */
  ChunkGrid outputGrid() {
    return geometry.outputGrid();
  }

  Shape outputShape() {
    return geometry.outputShape();
  }

  /** Bytes of a state covering {@code outputElements} output elements in one part. */
  @Override
  public long stateBytes(long outputElements) {
    return ReductionGeometry.stateBytes(STATE_OVERHEAD_BYTES, BYTES_PER_ELEMENT, outputElements);
  }

  /** Bytes of the largest state of one chunk (the projection of the largest input chunk). */
  @Override
  public long chunkStateBytes() {
    return geometry.chunkStateBytes(STATE_OVERHEAD_BYTES, BYTES_PER_ELEMENT);
  }

  /** Bytes of a state that has seen every chunk: one part per output chunk. */
  @Override
  public long mergedStateBytes() {
    return geometry.mergedStateBytes(STATE_OVERHEAD_BYTES, BYTES_PER_ELEMENT);
  }

  /** Mergeable, unordered, one pass, live-capable; merged and per-chunk state bytes. */
  @Override
  public AccumulatorTraits traits() {
    return geometry.traits(STATE_OVERHEAD_BYTES, BYTES_PER_ELEMENT);
  }

  @Override
  public State create() {
    return new State(OutputParts.byChunk());
  }

  /**
   * A state for exactly {@code outputRegion} (output coordinates): every tile accepted must
   * project inside it, whatever its grid index.
   */
  @Override
  public State create(Region outputRegion) {
    return new State(OutputParts.forRegion(geometry, outputRegion, this::newPart));
  }

  private Part newPart(long[] offset, int[] extent) {
    return new Part(offset, extent, dtype.isFloat());
  }

  @Override
  public void accept(State state, Chunk tile) {
    geometry.requireTile(tile, dtype, name());
    Region t = tile.region();
    if (t.isEmpty()) return;
    fold(state.parts.partFor(geometry, tile, this::newPart), t, tile.block(), state.scratch());
    state.parts.addAccepted(t.size());
  }

  /**
   * Folds one tile into a part: coalesces the kept axes into runs (see the class comment) and
   * walks the outer levels with an odometer that also tracks the coordinate along the axis. The
   * run cutting is {@code ReductionAccumulator}'s; it is repeated here rather than shared so that
   * the odometer stays in local variables of this hot loop and calls the kernels directly.
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
    left.parts.mergeFrom(right.parts, (l, r) -> l.merge(max, r));
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
  @Override
  public Block finish(State state, Region outputRegion) {
    return assemble(state, outputRegion, true);
  }

  private Partial<Block> result(State state, boolean consume) {
    Region whole = Region.whole(outputShape());
    long expected = geometry.inputSize();
    long accepted = state.parts.accepted();
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
    Part only = state.parts.single(out);
    if (only != null) {
      Block b = Block.wrap(DType.INT64, consume ? only.index : only.index.clone());
      if (consume) state.parts.clear();
      return b;
    }
    long[] result = new long[out.size()];
    Arrays.fill(result, -1);
    Block block = Block.wrap(DType.INT64, result);
    state.parts.copyInto(block, out, consume, p -> Block.wrap(DType.INT64, p.index));
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
    private final OutputParts<Part> parts;
    private transient Scratch scratch;

    private State(OutputParts<Part> parts) {
      this.parts = parts;
    }

    /** Input elements folded into this state so far. */
    long accepted() {
      return parts.accepted();
    }

    /** The output boxes this state holds, in grid order. */
    List<Region> regions() {
      return parts.regions();
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
  private static final class Part implements OutputParts.Part {
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

    @Override
    public long[] offset() {
      return offset;
    }

    @Override
    public int[] extent() {
      return extent;
    }

    /**
     * Folds the line segment {@code b[from, from + n)}, at indices {@code first, first + 1, ...}
     * along the axis, into element {@code o}.
     */
    void scanRun(boolean max, Block b, int from, int n, int o, long first, Scratch s) {
      Object a = b.array();
      int off = b.offset() + from;
      // One loop per storage type, alike on purpose (see the class comment).
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
