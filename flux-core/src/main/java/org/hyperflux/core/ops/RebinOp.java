package org.hyperflux.core.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.BlockRegionData;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sums non-overlapping blocks of integer factors per axis: numpy's
 * {@code a[:n0*f0, ...].reshape(n0, f0, n1, f1, ...).sum(axis=(1, 3, ...), dtype=dtype)} with
 * {@code n_i = shape_i // f_i}, the remainder that does not fill a block dropped (HyperSpy 1.7.3's
 * {@code rebin} with integer factors and {@code crop=True}, which for divisible shapes is
 * {@code da.coarsen(np.sum, ...)}). Output element {@code j} along axis {@code i} sums input
 * elements {@code [j f_i, (j + 1) f_i)}.
 *
 * <p><b>dtype.</b> Without one, numpy's {@code sum} dtype ({@link DType#sumType}: int64 for bool
 * and signed integers, uint64 for unsigned ones, floats unchanged). With one, numpy's
 * {@code sum(dtype=...)}: every element is cast to it first (floats truncate into integers,
 * anything into bool is {@code != 0}) and the sum is taken in it (integers wrap, a bool sum is a
 * logical or). Integer and bool sums accumulate in {@code long}, whose two's-complement
 * wrap-around equals numpy's wrapping in the result type; float sums accumulate in
 * {@code double} and are rounded once to the result type (float32 inputs are summed more
 * accurately than numpy's float32 pairwise sum, within its error bound).
 *
 * <p><b>Output grid.</b> Derived from the input grid, never rechunked: along each axis an input
 * chunk boundary that falls on a multiple of the factor becomes an output boundary (divided by
 * the factor). A boundary that does not is skipped, grouping input chunks, until {@code f} input
 * chunks have been grouped, where the boundary is cut at the nearest block boundary. A regular
 * input grid of extent {@code c} is therefore aligned every {@code lcm(c, f) / c <= f} chunks,
 * so every input chunk is read by exactly one output chunk; an irregular one re-reads at most the
 * chunk under an unaligned cut. An output chunk spans at most about one input chunk's extent
 * along each axis (at most {@code f} chunks of input, divided by {@code f}).
 *
 * <p><b>Evaluation.</b> The input region of an output region is cut along the input grid into
 * pieces, each inside one input chunk. The pieces are loaded one after another; each is folded on
 * the CPU scheduler, tile by tile, into a {@code long[]} or {@code double[]} accumulator covering
 * the output region (the tile is converted to the working precision, then every element added to
 * its block's slot through a per-tile index map), and released before the next is loaded. So an
 * output chunk holds one input piece, one tile's working buffers, the accumulator and the output
 * block at a time, however many input chunks it spans. {@link #cost} mirrors this: each piece is
 * costed on its own, the largest piece is held, the reads of all pieces add up.
 */
final class RebinOp extends ArrayNode {
  private final ArrayNode input;
  private final long[] factors;
  private final int[][] inputExtents;
  private final boolean dtypeGiven;
  /** Accumulate in {@code long} (integer or bool result) rather than {@code double}. */
  private final boolean integerSum;
  /** A float input summed into an integer or bool result: converted through a double buffer. */
  private final boolean floatToInteger;

  private RebinOp(ArrayNode input, long[] factors, Shape shape, DType dtype, ChunkGrid grid,
      boolean dtypeGiven) {
    super(shape, dtype, grid, List.of(input));
    this.input = input;
    this.factors = factors;
    this.inputExtents = new int[factors.length][];
    for (int a = 0; a < factors.length; a++) inputExtents[a] = input.grid().extents(a);
    this.dtypeGiven = dtypeGiven;
    this.integerSum = !dtype.isFloat();
    this.floatToInteger = integerSum && input.dtype().isFloat();
  }

  /**
   * {@code a} binned by {@code factors} (one per axis, array order) into {@code dtype}, or into
   * numpy's sum dtype when {@code dtype} is null.
   *
   * @throws IllegalArgumentException for a number of factors other than the rank, a factor below
   *     1, or a factor above the length of its (non-empty) axis
   */
  static ArrayNode of(ArrayNode a, long[] factors, DType dtype) {
    Objects.requireNonNull(a, "array");
    Objects.requireNonNull(factors, "factors");
    Shape in = a.shape();
    if (factors.length != in.rank()) {
      throw new IllegalArgumentException(
          "rebin needs one factor per axis: got " + factors.length + " factors "
              + Arrays.toString(factors) + " for an array of shape " + in);
    }
    int rank = in.rank();
    long[] dims = new long[rank];
    int[][] extents = new int[rank][];
    for (int axis = 0; axis < rank; axis++) {
      long f = factors[axis];
      long n = in.dim(axis);
      if (f < 1) {
        throw new IllegalArgumentException(
            "rebin factor " + f + " along axis " + axis + " must be >= 1 (factors "
                + Arrays.toString(factors) + " for shape " + in + ")");
      }
      if (n > 0 && f > n) {
        throw new IllegalArgumentException(
            "rebin factor " + f + " along axis " + axis + " is larger than the axis length " + n
                + ": the axis would collapse to length 0 (factors " + Arrays.toString(factors)
                + " for shape " + in + ")");
      }
      dims[axis] = n / f;
      extents[axis] = outputExtents(a.grid().extents(axis), n, f);
    }
    Shape out = Shape.of(dims);
    DType t = dtype == null ? a.dtype().sumType() : dtype;
    return new RebinOp(a, factors.clone(), out, t, ChunkGrid.irregular(out, extents),
        dtype != null);
  }

  /**
   * The output chunk extents along one axis of {@code length} elements chunked as {@code in},
   * binned by {@code f} (see the class comment).
   */
  static int[] outputExtents(int[] in, long length, long f) {
    long n = length / f;
    if (n == 0) return new int[] {0};
    List<Integer> out = new ArrayList<>();
    long start = 0;
    long end = 0;
    int grouped = 0;
    for (int i = 0; i < in.length - 1; i++) {
      end += in[i];
      grouped++;
      long cut;
      if (end % f == 0) {
        cut = end / f;
      } else if (grouped >= f) {
        cut = (end + f / 2) / f;
      } else {
        continue;
      }
      if (cut >= n) break;
      if (cut > start) {
        out.add((int) (cut - start));
        start = cut;
        grouped = 0;
      }
    }
    out.add((int) (n - start));
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The pieces of the input region of output region {@code out}, one per input chunk it meets, in C order. */
  private List<Region> pieces(Region out) {
    int rank = out.rank();
    ChunkGrid g = input.grid();
    long[] lo = new long[rank];
    long[] hi = new long[rank];
    int[] first = new int[rank];
    int[] last = new int[rank];
    for (int a = 0; a < rank; a++) {
      lo[a] = out.offset(a) * factors[a];
      hi[a] = out.end(a) * factors[a];
      first[a] = g.chunkAt(a, lo[a]);
      last[a] = g.chunkAt(a, hi[a] - 1);
    }
    List<Region> pieces = new ArrayList<>();
    int[] k = first.clone();
    long[] o = new long[rank];
    int[] e = new int[rank];
    while (true) {
      for (int a = 0; a < rank; a++) {
        long chunkStart = g.offset(a, k[a]);
        long from = Math.max(lo[a], chunkStart);
        long to = Math.min(hi[a], chunkStart + inputExtents[a][k[a]]);
        o[a] = from;
        e[a] = (int) (to - from);
      }
      pieces.add(Region.of(o, e));
      int a = rank - 1;
      while (a >= 0) {
        if (++k[a] <= last[a]) break;
        k[a] = first[a];
        a--;
      }
      if (a < 0) return pieces;
    }
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    if (region.rank() != shape().rank()) {
      return Mono.error(new IllegalArgumentException(
          "region " + region + " has rank " + region.rank() + " but " + label() + " has shape "
              + shape()));
    }
    if (region.isEmpty()) {
      return Mono.just(new BlockRegionData(region, Block.allocate(dtype(), 0)));
    }
    return Mono.defer(() -> {
      int tileElements = ctx.options().tileElements();
      Sums sums = new Sums(region.size());
      ctx.held(sums.bytes());
      return Flux.fromIterable(pieces(region))
          .concatMap(p -> ctx.workOnCpu(Mono.defer(() -> input.load(p, ctx)), data -> {
            fold(data, p, region, sums, tileElements);
            return Boolean.TRUE;
          }), 1)
          .then(Mono.fromCallable(() -> ctx.hold(region, sums.finish())))
          .doFinally(signal -> ctx.released(sums.bytes()));
    }).doOnDiscard(RegionData.class, RegionData::release);
  }

  /**
   * Adds the elements of the loaded input piece to their blocks' slots in {@code sums}. Each
   * tile is consumed before the next is read, so tiles are read as transient tiles.
   */
  private void fold(RegionData data, Region piece, Region out, Sums sums, int tileElements) {
    int n = Math.min(piece.size(), tileElements);
    int[] target = new int[n];
    long[] longs = integerSum ? new long[n] : null;
    double[] doubles = !integerSum || floatToInteger ? new double[n] : null;
    boolean toBool = dtype() == DType.BOOL;
    boolean toUnsigned64 = dtype() == DType.UINT64;
    boolean roundToFloat32 = dtype() == DType.FLOAT32 && input.dtype() != DType.FLOAT32;
    for (Region t : Tiles.of(piece, tileElements)) {
      Block b = data.transientTile(t);
      int m = b.length();
      targets(t, out, target);
      if (!integerSum) {
        Casts.toDouble(b, 0, doubles, m);
        if (roundToFloat32) {
          for (int i = 0; i < m; i++) doubles[i] = (float) doubles[i];
        }
        double[] acc = sums.doubles;
        for (int i = 0; i < m; i++) acc[target[i]] += doubles[i];
        continue;
      }
      if (floatToInteger) {
        Casts.toDouble(b, 0, doubles, m);
        for (int i = 0; i < m; i++) {
          double v = doubles[i];
          longs[i] = toBool ? (v != 0 ? 1 : 0) : Casts.doubleToLong(v, toUnsigned64);
        }
      } else {
        Casts.toLong(b, 0, longs, m);
        if (toBool) {
          for (int i = 0; i < m; i++) longs[i] = longs[i] != 0 ? 1 : 0;
        }
      }
      long[] acc = sums.longs;
      for (int i = 0; i < m; i++) acc[target[i]] += longs[i];
    }
  }

  /**
   * Fills {@code target[0..tile.size())} with the position in {@code out} (C order) of the block
   * holding each element of {@code tile} (C order), walking the tile's axes like an odometer.
   */
  private void targets(Region tile, Region out, int[] target) {
    int rank = tile.rank();
    if (rank == 0) {
      target[0] = 0;
      return;
    }
    int[][] contribution = new int[rank][];
    int stride = 1;
    for (int a = rank - 1; a >= 0; a--) {
      int[] c = new int[tile.extent(a)];
      for (int i = 0; i < c.length; i++) {
        c[i] = (int) (((tile.offset(a) + i) / factors[a] - out.offset(a)) * stride);
      }
      contribution[a] = c;
      stride *= out.extent(a);
    }
    int last = rank - 1;
    int[] inner = contribution[last];
    int[] idx = new int[rank];
    int base = 0;
    for (int a = 0; a < last; a++) base += contribution[a][0];
    int k = 0;
    while (true) {
      for (int v : inner) target[k++] = base + v;
      int a = last - 1;
      while (a >= 0) {
        int[] c = contribution[a];
        if (++idx[a] < c.length) {
          base += c[idx[a]] - c[idx[a] - 1];
          break;
        }
        base -= c[idx[a] - 1] - c[0];
        idx[a] = 0;
        a--;
      }
      if (a < 0) return;
    }
  }

  /** Working-buffer bytes per tile element: the index map, the long or double buffer, and the double buffer of a float-to-integer sum. */
  private int scratchBytesPerElement() {
    return 4 + 8 + (floatToInteger ? 8 : 0);
  }

  @Override
  public void cost(Region region, Cost cost) {
    if (region.isEmpty()) return;
    long maxHeld = 0;
    long reads = 0;
    long maxPiece = 0;
    for (Region p : pieces(region)) {
      Cost part = new Cost(cost.tileElements());
      input.cost(p, part);
      maxHeld = Math.max(maxHeld, part.heldBytes());
      reads += part.readBytes();
      maxPiece = Math.max(maxPiece, p.size());
    }
    long tile = Math.min(maxPiece, cost.tileElements());
    long accumulator = 8L * region.size();
    long output = region.size() * (long) dtype().itemSize();
    cost.hold(maxHeld + tile * scratchBytesPerElement() + accumulator + output);
    cost.addReadBytes(reads);
  }

  /** The result is delivered as the output block its cost already holds. */
  @Override
  public long deliveryBytes(Region region) {
    return 0;
  }

  @Override
  public String label() {
    return "rebin(factors=" + Arrays.toString(factors)
        + (dtypeGiven ? ", dtype=" + dtype().numpyName() : "") + ")";
  }

  /** The per-block sums of one output region, in its C order. */
  private final class Sums {
    final long[] longs;
    final double[] doubles;

    Sums(int n) {
      longs = integerSum ? new long[n] : null;
      doubles = integerSum ? null : new double[n];
    }

    long bytes() {
      return 8L * (integerSum ? longs.length : doubles.length);
    }

    Block finish() {
      int n = integerSum ? longs.length : doubles.length;
      Block out = Block.allocate(dtype(), n);
      if (integerSum) {
        Casts.fromLong(longs, out, 0, n);
      } else {
        Casts.fromDouble(doubles, out, 0, n);
      }
      return out;
    }
  }
}
