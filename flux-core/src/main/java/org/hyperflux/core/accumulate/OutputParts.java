package org.hyperflux.core.accumulate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;

/**
 * The bookkeeping of the state of an accumulator that reduces over a set of axes
 * ({@link ReductionGeometry}) and never holds the whole output per chunk: it holds one
 * <em>part</em> per output box it has seen, the projection of an input chunk, allocated on the
 * first tile of that chunk. Parts are keyed by output chunk (the linear index in the output grid),
 * so they iterate in grid order, and states merge part by part. A state made for one explicit
 * output region holds that region's single part instead, and every tile must project inside it
 * (the chunk-local evaluation of a reduction whose reduced axes are whole in every chunk). It also
 * counts the input elements accepted and remembers the last part used, where the next tile
 * usually falls.
 *
 * <p>Used by {@link ReductionAccumulator}'s states; public so that such accumulators outside this
 * package (argmax and argmin in {@code org.hyperflux.core.ops}) keep theirs the same way. Not
 * thread-safe: touched by one thread at a time, as the state that holds it. Serialisable, with its
 * parts.
 *
 * @param <P> the parts: the running values of one output box each
 */
public final class OutputParts<P extends OutputParts.Part> implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Bytes of a part besides its per-element arrays (object headers, box, array headers). */
  static final long PART_OVERHEAD_BYTES = 160;
  /** The key of the single part of a state made for an explicit output region. */
  private static final long REGION_KEY = -1;

  private final TreeMap<Long, P> parts = new TreeMap<>();
  private final boolean forRegion;
  private long accepted;
  private transient P last;

  /** The running values of one output box, in C order of the box. */
  public interface Part extends Serializable {
    /** Output coordinates of the box's first element (the part's own array, not a copy). */
    long[] offset();

    /** Extents of the box (the part's own array, not a copy). */
    int[] extent();

    /** The box. */
    default Region region() {
      return Region.of(offset(), extent());
    }
  }

  private OutputParts(boolean forRegion) {
    this.forRegion = forRegion;
  }

  /** Empty parts keyed by output chunk: the state of {@link Accumulator#create()}. */
  public static <P extends Part> OutputParts<P> byChunk() {
    return new OutputParts<>(false);
  }

  /**
   * The one part {@code create(offset, extent)} for exactly {@code outputRegion} (output
   * coordinates): every tile accepted must project inside it, whatever its grid index.
   *
   * @throws IllegalArgumentException when the region is not inside the output shape of {@code geometry}
   */
  public static <P extends Part> OutputParts<P> forRegion(ReductionGeometry geometry,
      Region outputRegion, BiFunction<long[], int[], P> create) {
    geometry.requireOutputRegion(outputRegion);
    OutputParts<P> s = new OutputParts<>(true);
    s.parts.put(REGION_KEY, create.apply(outputRegion.offsets(), outputRegion.extents()));
    return s;
  }

  /**
   * The part whose box holds the projection of {@code tile} (a non-empty tile of the input of
   * {@code geometry}): the last one used, or the tile's chunk's, made by
   * {@code create(offset, extent)} on the chunk's first tile.
   *
   * @throws IllegalArgumentException when the tile is not inside the chunk its grid index names,
   *     or projects outside the region of a state made for one
   */
  public P partFor(ReductionGeometry geometry, Chunk tile, BiFunction<long[], int[], P> create) {
    Region t = tile.region();
    P prev = last;
    if (prev != null && covers(geometry, prev, t)) return prev;
    if (forRegion) {
      P only = parts.get(REGION_KEY);
      if (!covers(geometry, only, t)) {
        throw new IllegalArgumentException(
            "tile " + t + " projects outside the output region " + only.region() + " of this state");
      }
      last = only;
      return only;
    }
    ChunkGrid g = geometry.grid();
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
    int rank = geometry.rank();
    int outRank = geometry.outputGrid().rank();
    int[] outIdx = new int[outRank];
    long[] o = new long[outRank];
    int[] e = new int[outRank];
    int k = 0;
    for (int a = 0; a < rank; a++) {
      if (geometry.isReduced(a)) continue;
      outIdx[k] = idx.get(a);
      o[k] = chunk.offset(a);
      e[k] = chunk.extent(a);
      k++;
    }
    long key = geometry.outputGrid().linear(ChunkIndex.of(outIdx));
    P part = parts.get(key);
    if (part == null) {
      part = create.apply(o, e);
      parts.put(key, part);
    }
    last = part;
    return part;
  }

  /** True if the projection of input box {@code tile} (reduced axes dropped) lies in {@code part}. */
  private static boolean covers(ReductionGeometry geometry, Part part, Region tile) {
    long[] offset = part.offset();
    int[] extent = part.extent();
    int k = 0;
    for (int a = 0; a < tile.rank(); a++) {
      if (geometry.isReduced(a)) continue;
      if (tile.offset(a) < offset[k] || tile.end(a) > offset[k] + extent[k]) return false;
      k++;
    }
    return true;
  }

  /** Input elements folded into this state so far. */
  public long accepted() {
    return accepted;
  }

  /** Counts {@code elements} more input elements as folded in. */
  public void addAccepted(long elements) {
    accepted += elements;
  }

  /** The output boxes held, in grid order (what the state has memory for). */
  public List<Region> regions() {
    List<Region> r = new ArrayList<>();
    for (P p : parts.values()) r.add(p.region());
    return r;
  }

  /**
   * Merges {@code right} into these parts part by part, with {@code mergeInto(left, right)} for
   * a box both hold; {@code right} is left empty.
   *
   * @throws IllegalArgumentException when one was made for an explicit region and the other not,
   *     or two parts under one key have different boxes
   */
  public void mergeFrom(OutputParts<P> right, BiConsumer<P, P> mergeInto) {
    if (forRegion != right.forRegion) {
      throw new IllegalArgumentException(
          "cannot merge a state made for an explicit output region with a state keyed by chunk");
    }
    for (Map.Entry<Long, P> en : right.parts.entrySet()) {
      P r = en.getValue();
      P l = parts.get(en.getKey());
      if (l == null) {
        parts.put(en.getKey(), r);
      } else {
        if (!Arrays.equals(l.offset(), r.offset()) || !Arrays.equals(l.extent(), r.extent())) {
          throw new IllegalArgumentException(
              "cannot merge states over different output regions " + l.region() + " and " + r.region());
        }
        mergeInto.accept(l, r);
      }
    }
    accepted += right.accepted;
    right.parts.clear();
    right.last = null;
  }

  /** The only part, when there is exactly one and its box is {@code out}; null otherwise. */
  public P single(Region out) {
    if (parts.size() != 1) return null;
    P only = parts.firstEntry().getValue();
    return only.region().equals(out) ? only : null;
  }

  /**
   * Copies the values of every part, {@code values.apply(part)}, where it overlaps {@code out}
   * into {@code result} (a block of {@code out} in C order); with {@code consume} the parts are
   * removed as they are copied.
   */
  public void copyInto(Block result, Region out, boolean consume, Function<P, Block> values) {
    Iterator<P> it = parts.values().iterator();
    while (it.hasNext()) {
      P p = it.next();
      Region box = p.region();
      Region overlap = box.intersect(out);
      if (overlap != null && !overlap.isEmpty()) {
        RegionCopy.copy(values.apply(p), box, result, out, overlap);
      }
      if (consume) it.remove();
    }
    if (consume) last = null;
  }

  /** Removes every part (the state is consumed). */
  public void clear() {
    parts.clear();
    last = null;
  }

  /** The output positions (C order of {@code out}) inside a part. */
  BitSet covered(Region out) {
    BitSet mask = new BitSet(out.size());
    long[] strides = RegionCopy.strides(out);
    for (P p : parts.values()) {
      Region box = p.region().intersect(out);
      if (box == null || box.isEmpty()) continue;
      int rank = box.rank();
      int[] c = new int[rank];
      while (true) {
        long lin = 0;
        for (int a = 0; a < rank; a++) lin += (box.offset(a) - out.offset(a) + c[a]) * strides[a];
        mask.set((int) lin);
        int a = rank - 1;
        while (a >= 0) {
          if (++c[a] < box.extent(a)) break;
          c[a] = 0;
          a--;
        }
        if (a < 0) break;
      }
    }
    return mask;
  }
}
