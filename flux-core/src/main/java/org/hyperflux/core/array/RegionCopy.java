package org.hyperflux.core.array;

/**
 * Copies n-dimensional boxes between blocks laid out in C order of different regions, with
 * {@code System.arraycopy} over the longest contiguous runs. Also tells when a box is one
 * contiguous run of its enclosing block, so that a tile can be a view instead of a copy.
 */
public final class RegionCopy {
  private RegionCopy() {}

  /**
   * Copies the elements of {@code box} (global coordinates) from {@code src}, which holds
   * {@code srcRegion}, into {@code dst}, which holds {@code dstRegion}. Both regions must contain
   * the box and the dtypes must match.
   */
  public static void copy(Block src, Region srcRegion, Block dst, Region dstRegion, Region box) {
    if (!srcRegion.contains(box) || !dstRegion.contains(box)) {
      throw new IllegalArgumentException(
          "box " + box + " is not inside both " + srcRegion + " and " + dstRegion);
    }
    if (box.isEmpty()) return;
    int rank = box.rank();
    if (rank == 0) {
      dst.copyFrom(src, 0, 0, 1);
      return;
    }
    // Merge trailing axes where the box spans both regions fully: one long run.
    int runAxis = rank - 1;
    int run = box.extent(runAxis);
    while (runAxis > 0
        && box.extent(runAxis) == srcRegion.extent(runAxis)
        && box.extent(runAxis) == dstRegion.extent(runAxis)) {
      runAxis--;
      run *= box.extent(runAxis);
    }
    long[] srcStrides = strides(srcRegion);
    long[] dstStrides = strides(dstRegion);
    int[] counter = new int[runAxis];
    long srcBase = 0;
    long dstBase = 0;
    for (int a = 0; a < rank; a++) {
      srcBase += (box.offset(a) - srcRegion.offset(a)) * srcStrides[a];
      dstBase += (box.offset(a) - dstRegion.offset(a)) * dstStrides[a];
    }
    while (true) {
      long s = srcBase;
      long d = dstBase;
      for (int a = 0; a < runAxis; a++) {
        s += counter[a] * srcStrides[a];
        d += counter[a] * dstStrides[a];
      }
      dst.copyFrom(src, (int) s, (int) d, run);
      int a = runAxis - 1;
      while (a >= 0) {
        if (++counter[a] < box.extent(a)) break;
        counter[a] = 0;
        a--;
      }
      if (a < 0) return;
    }
  }

  /** The box of {@code src} (which holds {@code srcRegion}) as a new compact block. */
  public static Block extract(Block src, Region srcRegion, Region box) {
    Block out = Block.allocate(src.dtype(), box.size());
    copy(src, srcRegion, out, box, box);
    return out;
  }

  /**
   * The box as a view when it is one contiguous run of {@code src}'s layout (leading axes of
   * extent 1, then one partial axis, then full axes), otherwise a compact copy.
   */
  public static Block viewOrCopy(Block src, Region srcRegion, Region box) {
    if (box.equals(srcRegion)) return src;
    int start = contiguousStart(srcRegion, box);
    if (start >= 0) return src.slice(start, box.size());
    return extract(src, srcRegion, box);
  }

  /**
   * Element offset of {@code box} inside {@code outer}'s C layout if it lies inside {@code outer}
   * and is contiguous there, else -1.
   */
  public static int contiguousStart(Region outer, Region box) {
    if (!outer.contains(box)) return -1;
    int rank = box.rank();
    int j = 0;
    while (j < rank && box.extent(j) == 1) j++;
    for (int k = j + 1; k < rank; k++) {
      if (box.extent(k) != outer.extent(k)) return -1;
    }
    long[] strides = strides(outer);
    long start = 0;
    for (int a = 0; a < rank; a++) start += (box.offset(a) - outer.offset(a)) * strides[a];
    return (int) start;
  }

  /** C-order element strides of a region's block. */
  public static long[] strides(Region region) {
    long[] s = new long[region.rank()];
    long acc = 1;
    for (int a = s.length - 1; a >= 0; a--) {
      s[a] = acc;
      acc *= region.extent(a);
    }
    return s;
  }
}
