package org.hyperflux.core.accumulate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;

/**
 * Reduces an array over a set of axes (sum, mean, min, max, var, std and their NaN-ignoring
 * variants) with numpy 1.24's semantics and result dtypes; see {@link Reduction}. The result
 * has the input's shape with the reduced axes removed (no keepdims) and is computed in one pass
 * over tiles in any order of chunks; it is one {@link Block} in C order of the output shape.
 *
 * <p>Use it in a {@link org.hyperflux.core.exec.Pass} to compute several reductions (and other
 * accumulators) with one read, or on a live stream (it is live-capable and mergeable):
 *
 * <pre>{@code
 * ReductionAccumulator sumFrame = ReductionAccumulator.of(Reduction.SUM, node.dtype(), node.grid(), new int[] {0, 1}, 0);
 * Block frame = (Block) Pass.over(node, options).feed(sumFrame).run().block().get(0).value();
 * }</pre>
 *
 * <p><b>State.</b> A state never holds the whole output per chunk: it holds one <em>part</em> per
 * output box it has seen, the projection of an input chunk (the chunk's region with the reduced
 * axes dropped), allocated on the first tile of that chunk; states merge part by part, keyed by
 * the output chunk, and the executor merges them left to right in grid order, so float results
 * are the same on every run. {@link #create(Region)} makes a state for one explicit output region
 * instead (the chunk-local evaluation of a reduction whose reduced axes are whole in every chunk).
 * The geometry is a {@link ReductionGeometry} and the parts are kept in {@link OutputParts}.
 *
 * <p><b>Kernels.</b> A tile (any box of the input in C order) is cut into runs: axes of extent 1
 * are dropped and adjacent axes that are contiguous in both the tile and the output box are
 * coalesced (numpy's iterator does the same). If the innermost coalesced axis is reduced, every
 * run of it folds into one output element (a navigator); if it is kept, every run is added
 * elementwise into a contiguous run of the output (a sum frame). The per-run kernels are tight
 * loops per storage type ({@link SumKernels}, {@code ReductionPart}); outer axes are walked by an
 * odometer, so the only calls are per run.
 *
 * <p><b>Numerics.</b> Integer sums wrap in int64/uint64 as numpy's; float sums and means
 * accumulate in double and round once at the end. Variance is computed per run two-pass and
 * merged with Chan, Golub and LeVeque's parallel formula (never a naive sum of squares);
 * when {@code count - ddof <= 0}, var and std divide by 0 as numpy's do (inf, or NaN for a zero
 * sum of squares) and nanvar and nanstd give NaN, as numpy's {@code _nanvar}. Min and max propagate NaN; nanmin and nanmax skip it and
 * give NaN for an all-NaN slice. An empty reduction gives 0 for sums and NaN for means and
 * moments; min and max of an empty reduction are refused when the accumulator is built, as
 * numpy's "zero-size array to reduction operation minimum which has no identity".
 *
 * <p>Immutable and thread-safe; each state is used by one thread at a time. Serialisable, as are
 * its states.
 */
public final class ReductionAccumulator implements Accumulator<ReductionAccumulator.State, Block> {
  private static final long serialVersionUID = 1L;
  /** Bytes of a state besides its parts: the object, its map and the scratch buffer. */
  private static final long STATE_OVERHEAD_BYTES = 256 + ReductionPart.SCRATCH * 8L;

  private final Reduction kind;
  private final Reduction effective;
  private final DType dtype;
  private final DType outputDtype;
  private final int ddof;
  private final ReductionGeometry geometry;

  private ReductionAccumulator(Reduction kind, DType dtype, ChunkGrid grid, int[] axes, int ddof) {
    this.kind = kind;
    this.effective = dtype.isFloat() ? kind : kind.withoutNaN();
    this.dtype = dtype;
    this.outputDtype = kind.resultType(dtype);
    this.ddof = ddof;
    this.geometry = ReductionGeometry.of(grid, axes);
  }

  /**
   * A reduction of arrays of {@code dtype} chunked as {@code grid} over {@code axes} (all axes
   * when empty; negative axes count from the end). {@code ddof} is numpy's delta degrees of
   * freedom of var and std (ignored by the others). Tiles must come with grid indices of
   * {@code grid}.
   *
   * @throws IllegalArgumentException for out-of-range or duplicate axes, or min/max over a
   *     zero-length axis
   */
  public static ReductionAccumulator of(Reduction kind, DType dtype, ChunkGrid grid, int[] axes,
      int ddof) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(grid, "grid");
    int[] normalized = normalizeAxes(grid.rank(), axes);
    if (kind.isExtremum()) {
      for (int a : normalized) {
        if (grid.shape().dim(a) == 0) {
          throw new IllegalArgumentException(
              "zero-size array to reduction operation " + kind.ufuncName() + " which has no identity"
                  + " (" + kind.numpyName() + " over axes " + Arrays.toString(normalized)
                  + " of shape " + grid.shape() + ", axis " + a + " has length 0)");
        }
      }
    }
    return new ReductionAccumulator(kind, dtype, grid, normalized, ddof);
  }

  /**
   * numpy's axis normalisation: empty (or null) means every axis, negative axes count from the
   * end; the result is sorted.
   *
   * @throws IllegalArgumentException naming the out-of-range or duplicate axes
   */
  public static int[] normalizeAxes(int rank, int[] axes) {
    if (axes == null || axes.length == 0) {
      int[] all = new int[rank];
      for (int a = 0; a < rank; a++) all[a] = a;
      return all;
    }
    List<Integer> outOfRange = new ArrayList<>();
    List<Integer> duplicates = new ArrayList<>();
    boolean[] seen = new boolean[rank];
    int[] out = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (a < 0 || a >= rank) {
        outOfRange.add(axes[i]);
        continue;
      }
      if (seen[a]) duplicates.add(axes[i]);
      seen[a] = true;
      out[i] = a;
    }
    if (!outOfRange.isEmpty()) {
      throw new IllegalArgumentException(
          (outOfRange.size() == 1 ? "axis " + outOfRange.get(0) + " is" : "axes " + outOfRange + " are")
              + " out of bounds for an array of rank " + rank + " (axes="
              + Arrays.toString(axes) + ")");
    }
    if (!duplicates.isEmpty()) {
      throw new IllegalArgumentException(
          "duplicate axes " + duplicates + " in axes=" + Arrays.toString(axes)
              + " for an array of rank " + rank);
    }
    Arrays.sort(out);
    return out;
  }

  public Reduction kind() {
    return kind;
  }

  /** The input dtype. */
  public DType dtype() {
    return dtype;
  }

  /** numpy's result dtype: {@code sumType}, {@code meanType} or the input dtype. */
  public DType outputDtype() {
    return outputDtype;
  }

  /** The reduced axes, normalised and sorted. */
  public int[] axes() {
    return geometry.axes();
  }

  public int ddof() {
    return ddof;
  }

  /** The input grid tiles are indexed by. */
  public ChunkGrid grid() {
    return geometry.grid();
  }

  /** The input shape with the reduced axes removed. */
  public Shape outputShape() {
    return geometry.outputShape();
  }

  /** The input grid with the reduced axes removed: the boxes states are kept per. */
  public ChunkGrid outputGrid() {
    return geometry.outputGrid();
  }

  /** Bytes of a state covering {@code outputElements} output elements in one part. */
  public long stateBytes(long outputElements) {
    return ReductionGeometry.stateBytes(STATE_OVERHEAD_BYTES, bytesPerElement(), outputElements);
  }

  /** Bytes of the largest state of one chunk (the projection of the largest input chunk). */
  public long chunkStateBytes() {
    return geometry.chunkStateBytes(STATE_OVERHEAD_BYTES, bytesPerElement());
  }

  /** Bytes of a state that has seen every chunk: one part per output chunk. */
  public long mergedStateBytes() {
    return geometry.mergedStateBytes(STATE_OVERHEAD_BYTES, bytesPerElement());
  }

  /** Mergeable, unordered, one pass, live-capable; merged and per-chunk state bytes. */
  @Override
  public AccumulatorTraits traits() {
    return geometry.traits(STATE_OVERHEAD_BYTES, bytesPerElement());
  }

  private long bytesPerElement() {
    return ReductionPart.bytesPerElement(effective, dtype);
  }

  @Override
  public State create() {
    return new State(OutputParts.byChunk());
  }

  /**
   * A state for exactly {@code outputRegion} (output coordinates): every tile accepted must
   * project inside it, whatever its grid index. Used to reduce one output region at a time.
   */
  public State create(Region outputRegion) {
    return new State(OutputParts.forRegion(geometry, outputRegion, this::newPart));
  }

  private ReductionPart newPart(long[] offset, int[] extent) {
    return ReductionPart.create(effective, dtype, ddof, offset, extent);
  }

  @Override
  public void accept(State state, Chunk tile) {
    geometry.requireTile(tile, dtype, kind.numpyName());
    Region t = tile.region();
    if (t.isEmpty()) return;
    ReductionPart part = state.parts.partFor(geometry, tile, this::newPart);
    fold(part, t, tile.block(), state.scratch());
    state.parts.addAccepted(t.size());
  }

  /**
   * Folds one tile into a part: coalesces the tile's axes into runs (see the class comment) and
   * walks the outer axes with an odometer, one kernel call per run.
   */
  private void fold(ReductionPart part, Region t, Block b, ReductionPart.Scratch scratch) {
    int rank = t.rank();
    int outRank = part.extent.length;
    int[] pStride = new int[outRank];
    int acc = 1;
    for (int k = outRank - 1; k >= 0; k--) {
      pStride[k] = acc;
      acc *= part.extent[k];
    }
    // Levels innermost first: extent, input stride, output stride (0 for reduced axes).
    int[] dims = new int[rank];
    int[] inS = new int[rank];
    int[] outS = new int[rank];
    int levels = 0;
    int base = 0;
    int inStride = 1;
    int k = outRank - 1;
    for (int a = rank - 1; a >= 0; a--) {
      int e = t.extent(a);
      int os = 0;
      if (!geometry.isReduced(a)) {
        os = pStride[k];
        base += (int) (t.offset(a) - part.offset[k]) * pStride[k];
        k--;
      }
      if (e != 1) {
        int g = levels - 1;
        if (g >= 0 && inS[g] * dims[g] == inStride && outS[g] * dims[g] == os) {
          dims[g] *= e;
        } else {
          dims[levels] = e;
          inS[levels] = inStride;
          outS[levels] = os;
          levels++;
        }
      }
      inStride *= e;
    }
    if (levels == 0) {
      part.reduceRun(b, 0, 1, base, scratch);
      return;
    }
    boolean reduceRuns = outS[0] == 0;
    // A kept innermost axis that is not contiguous in the output box is walked element by element.
    boolean contiguous = reduceRuns || outS[0] == 1;
    int run = contiguous ? dims[0] : 1;
    int first = contiguous ? 1 : 0;
    // Kept runs that a reduced axis just outside adds into the same output run (the frames of a
    // sum frame) go to the part together, which can fold several per pass over the output.
    boolean sameOutput = !reduceRuns && contiguous && levels > 1 && outS[1] == 0;
    int runs = sameOutput ? dims[1] : 1;
    int runStride = sameOutput ? inS[1] : 0;
    if (sameOutput) first = 2;
    int[] count = new int[levels];
    int in = 0;
    int out = base;
    while (true) {
      if (reduceRuns) part.reduceRun(b, in, run, out, scratch);
      else if (sameOutput) part.addRuns(b, in, run, runStride, runs, out, scratch);
      else part.addRun(b, in, run, out, scratch);
      int lv = first;
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

  /** Merges {@code right} into {@code left} part by part ({@code left} comes first in grid order). */
  @Override
  public State merge(State left, State right) {
    left.parts.mergeFrom(right.parts, ReductionPart::merge);
    return left;
  }

  /** The whole output; the state is consumed. Positions no tile reached hold the empty reduction. */
  @Override
  public Partial<Block> finish(State state) {
    return result(state, true);
  }

  /** The whole output from what was accepted so far; the state is left as it was. */
  @Override
  public Partial<Block> snapshot(State state) {
    return result(state, false);
  }

  /**
   * The result for {@code outputRegion} alone (a state made by {@link #create(Region)} for it, or
   * any state whose parts cover it); the state is consumed.
   */
  public Block finish(State state, Region outputRegion) {
    return assemble(state, outputRegion, true);
  }

  private Partial<Block> result(State state, boolean consume) {
    Region whole = Region.whole(outputShape());
    long expected = geometry.inputSize();
    long accepted = state.parts.accepted();
    BitSet mask = accepted >= expected ? null : state.parts.covered(whole);
    Block value = assemble(state, whole, consume);
    return new Partial<>(value, mask, accepted, expected);
  }

  private Block assemble(State state, Region out, boolean consume) {
    ReductionPart only = state.parts.single(out);
    if (only != null) {
      Block b = only.toBlock(outputDtype, consume);
      if (consume) state.parts.clear();
      return b;
    }
    Block result = Block.allocate(outputDtype, out.size());
    boolean nanWhenEmpty = outputDtype.isFloat() && effective.withoutNaN() != Reduction.SUM;
    if (nanWhenEmpty && outputDtype == DType.FLOAT64) Arrays.fill((double[]) result.array(), Double.NaN);
    if (nanWhenEmpty && outputDtype == DType.FLOAT32) Arrays.fill((float[]) result.array(), Float.NaN);
    state.parts.copyInto(result, out, consume, p -> p.toBlock(outputDtype, consume));
    return result;
  }

  @Override
  public String toString() {
    return kind.numpyName() + "(axes=" + Arrays.toString(geometry.axes())
        + (kind.isMoment() && ddof != 0 ? ", ddof=" + ddof : "") + ") of " + dtype.numpyName();
  }

  /**
   * The running state: one part per output box seen (keyed by output chunk, in grid order), the
   * number of input elements accepted, and a scratch buffer. Touched by one thread at a time.
   */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    private final OutputParts<ReductionPart> parts;
    private transient ReductionPart.Scratch scratch;

    private State(OutputParts<ReductionPart> parts) {
      this.parts = parts;
    }

    /** Input elements folded into this state so far. */
    public long accepted() {
      return parts.accepted();
    }

    /** The output boxes this state holds, in grid order (what it has memory for). */
    public List<Region> regions() {
      return parts.regions();
    }

    private ReductionPart.Scratch scratch() {
      if (scratch == null) scratch = new ReductionPart.Scratch();
      return scratch;
    }
  }
}
