package org.hyperflux.core.ops;

import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.DType;

/**
 * Tile kernels shared by the geometry operators (slice, transpose, stack, concatenate).
 *
 * <p>{@link #stridedCopy} moves an n-dimensional box between two blocks addressed by arbitrary
 * (possibly negative) element strides: numpy's strided view semantics. Trailing axes that are
 * contiguous in both layouts are coalesced first, so a step-1 slice or an unpermuted trailing
 * block becomes one {@code System.arraycopy} per run; otherwise the inner loop runs over the
 * last axis with a typed primitive loop (one switch per run, not per element). When the source
 * is more contiguous along the second-to-last axis than along the last (a transpose), the last
 * two axes are copied in 32 × 32 blocks, the classic cache-blocked transpose.
 *
 * <p>{@link #cast} converts a block to a promoted dtype through the two working precisions of
 * {@link Casts} in bounded batches (promotion only widens, so the path is exact wherever numpy's
 * is). {@link #refine} computes the common refinement of several chunkings of one axis (the
 * union of their chunk boundaries), as dask's {@code common_blockdim}.
 */
final class GeometryKernels {
  /** Elements converted per batch by {@link #cast}. */
  private static final int CAST_BATCH = 4096;
  /** Side of the square blocks a transposing copy moves at a time. */
  private static final int BLOCK = 32;

  private GeometryKernels() {}

  /**
   * Copies the box of {@code extent}: the element at multi-index {@code o} goes from
   * {@code src[srcBase + Σ o[a]·srcStrides[a]]} to {@code dst[dstBase + Σ o[a]·dstStrides[a]]}
   * (element positions inside the blocks). The dtypes must match.
   */
  static void stridedCopy(Block src, long srcBase, long[] srcStrides, Block dst, long dstBase,
      long[] dstStrides, int[] extent) {
    if (src.dtype() != dst.dtype()) {
      throw new IllegalArgumentException(
          "cannot copy " + src.dtype().numpyName() + " into " + dst.dtype().numpyName()
              + " without a cast");
    }
    int rank = extent.length;
    for (int e : extent) if (e == 0) return;
    if (rank == 0) {
      dst.copyFrom(src, (int) srcBase, (int) dstBase, 1);
      return;
    }
    // Coalesce trailing axes that are contiguous in both layouts into one longer run.
    int inner = rank - 1;
    long run = extent[inner];
    long ss = srcStrides[inner];
    long ds = dstStrides[inner];
    while (inner > 0
        && srcStrides[inner - 1] == ss * run
        && dstStrides[inner - 1] == ds * run) {
      inner--;
      run *= extent[inner];
    }
    int n = (int) run;
    // A transposing copy (the axis before the run is the more contiguous one in the source):
    // copy the last two axes in square blocks, so that the cache lines a run touches in the
    // source are reused by the next runs instead of being evicted first.
    boolean blocked = inner > 0 && Math.abs(ss) > 1
        && Math.abs(srcStrides[inner - 1]) < Math.abs(ss) && n > BLOCK && extent[inner - 1] > 1;
    int outer = blocked ? inner - 1 : inner;
    int[] counter = new int[outer];
    long s = srcBase;
    long d = dstBase;
    while (true) {
      if (blocked) {
        copyBlocked(src, s, srcStrides[outer], ss, dst, d, dstStrides[outer], ds,
            extent[outer], n);
      } else {
        copyRun(src, (int) s, (int) ss, dst, (int) d, (int) ds, n);
      }
      int a = outer - 1;
      while (a >= 0) {
        s += srcStrides[a];
        d += dstStrides[a];
        if (++counter[a] < extent[a]) break;
        s -= srcStrides[a] * extent[a];
        d -= dstStrides[a] * extent[a];
        counter[a] = 0;
        a--;
      }
      if (a < 0) return;
    }
  }

  /**
   * A 2-d box of {@code rows × n}: row {@code i}, element {@code j} goes from
   * {@code src[s + i·rs + j·ss]} to {@code dst[d + i·rd + j·ds]}, in blocks of
   * {@code BLOCK × BLOCK}.
   */
  private static void copyBlocked(Block src, long s, long rs, long ss, Block dst, long d, long rd,
      long ds, int rows, int n) {
    for (int i0 = 0; i0 < rows; i0 += BLOCK) {
      int i1 = Math.min(rows, i0 + BLOCK);
      for (int j0 = 0; j0 < n; j0 += BLOCK) {
        int m = Math.min(BLOCK, n - j0);
        for (int i = i0; i < i1; i++) {
          copyRun(src, (int) (s + i * rs + j0 * ss), (int) ss, dst, (int) (d + i * rd + j0 * ds),
              (int) ds, m);
        }
      }
    }
  }

  /** One run of {@code n} elements with element strides {@code ss} (source) and {@code ds} (destination). */
  private static void copyRun(Block src, int s, int ss, Block dst, int d, int ds, int n) {
    if (ss == 1 && ds == 1) {
      dst.copyFrom(src, s, d, n);
      return;
    }
    int si = src.offset() + s;
    int di = dst.offset() + d;
    switch (src.dtype()) {
      case BOOL: {
        boolean[] a = (boolean[]) src.array();
        boolean[] b = (boolean[]) dst.array();
        for (int i = 0; i < n; i++, si += ss, di += ds) b[di] = a[si];
        break;
      }
      case INT8: case UINT8: {
        byte[] a = (byte[]) src.array();
        byte[] b = (byte[]) dst.array();
        for (int i = 0; i < n; i++, si += ss, di += ds) b[di] = a[si];
        break;
      }
      case INT16: case UINT16: {
        short[] a = (short[]) src.array();
        short[] b = (short[]) dst.array();
        for (int i = 0; i < n; i++, si += ss, di += ds) b[di] = a[si];
        break;
      }
      case INT32: case UINT32: {
        int[] a = (int[]) src.array();
        int[] b = (int[]) dst.array();
        for (int i = 0; i < n; i++, si += ss, di += ds) b[di] = a[si];
        break;
      }
      case INT64: case UINT64: {
        long[] a = (long[]) src.array();
        long[] b = (long[]) dst.array();
        for (int i = 0; i < n; i++, si += ss, di += ds) b[di] = a[si];
        break;
      }
      case FLOAT32: {
        float[] a = (float[]) src.array();
        float[] b = (float[]) dst.array();
        for (int i = 0; i < n; i++, si += ss, di += ds) b[di] = a[si];
        break;
      }
      case FLOAT64: {
        double[] a = (double[]) src.array();
        double[] b = (double[]) dst.array();
        for (int i = 0; i < n; i++, si += ss, di += ds) b[di] = a[si];
        break;
      }
      default:
        throw new AssertionError(src.dtype());
    }
  }

  /** C-order element strides of a box of {@code extent}. */
  static long[] strides(int[] extent) {
    long[] s = new long[extent.length];
    long acc = 1;
    for (int a = s.length - 1; a >= 0; a--) {
      s[a] = acc;
      acc *= extent[a];
    }
    return s;
  }

  /** {@code src} cast to {@code to} with numpy's cast semantics; {@code src} itself when the dtype matches. */
  static Block cast(Block src, DType to) {
    if (src.dtype() == to) return src;
    int n = src.length();
    Block out = Block.allocate(to, n);
    if (Casts.convertToFloat(src, out, n)) return out;
    int batch = Math.min(n, CAST_BATCH);
    if (to.isFloat()) {
      double[] tmp = new double[batch];
      for (int i = 0; i < n; i += batch) {
        int m = Math.min(batch, n - i);
        Casts.toDouble(src, i, tmp, m);
        Casts.fromDouble(tmp, out, i, m);
      }
    } else {
      long[] tmp = new long[batch];
      for (int i = 0; i < n; i += batch) {
        int m = Math.min(batch, n - i);
        Casts.toLong(src, i, tmp, m);
        Casts.fromLong(tmp, out, i, m);
      }
    }
    return out;
  }

  /**
   * The common refinement of several chunkings of an axis of {@code length}: the chunk
   * boundaries of all of them. A zero-length axis has the single extent 0.
   */
  static int[] refine(List<int[]> chunkings, long length) {
    if (length == 0) return new int[] {0};
    TreeSet<Long> bounds = new TreeSet<>();
    for (int[] extents : chunkings) {
      long acc = 0;
      for (int e : extents) {
        acc += e;
        bounds.add(acc);
      }
    }
    int[] out = new int[bounds.size()];
    long prev = 0;
    int i = 0;
    for (long b : bounds) {
      out[i++] = (int) (b - prev);
      prev = b;
    }
    return out;
  }

  /** A tuple of chunk extents for labels, e.g. {@code (64, 64, 32)}; long tuples are elided in the middle. */
  static String extentsTuple(int[] extents) {
    int n = extents.length;
    StringJoiner j = new StringJoiner(", ", "(", n == 1 ? ",)" : ")");
    for (int i = 0; i < n; i++) {
      if (n > 8 && i == 3) {
        j.add("...");
        i = n - 2;
        continue;
      }
      j.add(Integer.toString(extents[i]));
    }
    return j.toString();
  }
}
