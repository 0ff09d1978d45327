package org.hyperflux.core.array;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a region into tiles of at most a given number of elements, each one contiguous run of
 * the region's C layout: leading axes fixed to one index, one axis split, trailing axes whole.
 * Kernels run on tiles so that an elementwise chain fused into a reduction never widens a whole
 * chunk (DESIGN §2).
 */
public final class Tiles {
  /** The default tile size: 1 MiB of float64 working precision. */
  public static final int DEFAULT_TILE_ELEMENTS = 1 << 17;

  private Tiles() {}

  /** The tiles of {@code region} in C order; an empty region has no tiles, rank 0 has one. */
  public static List<Region> of(Region region, int maxElements) {
    if (maxElements <= 0) {
      throw new IllegalArgumentException("tiles must hold at least 1 element, got " + maxElements);
    }
    List<Region> tiles = new ArrayList<>();
    if (region.isEmpty()) return tiles;
    int rank = region.rank();
    if (rank == 0) {
      tiles.add(region);
      return tiles;
    }
    // Find the split axis: the outermost axis whose trailing product fits.
    int split = rank - 1;
    long inner = 1;
    while (split > 0 && inner * region.extent(split) <= maxElements) {
      inner *= region.extent(split);
      split--;
    }
    if (inner * region.extent(split) <= maxElements) {
      // Even the split axis fits whole: the region itself is one tile when split == 0.
      if (split == 0) {
        tiles.add(region);
        return tiles;
      }
    }
    int step = (int) Math.max(1, maxElements / inner);
    int[] counter = new int[split];
    while (true) {
      for (int s = 0; s < region.extent(split); s += step) {
        long[] o = region.offsets();
        int[] e = region.extents();
        for (int a = 0; a < split; a++) {
          o[a] += counter[a];
          e[a] = 1;
        }
        o[split] += s;
        e[split] = Math.min(step, region.extent(split) - s);
        tiles.add(Region.of(o, e));
      }
      int a = split - 1;
      while (a >= 0) {
        if (++counter[a] < region.extent(a)) break;
        counter[a] = 0;
        a--;
      }
      if (a < 0) return tiles;
    }
  }
}
