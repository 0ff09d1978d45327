package org.hyperflux.core.exec;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;

/**
 * The data of one region of an {@link ArrayNode}, loaded and ready to be read tile by tile.
 * Tiles are computed on demand (an elementwise chain computes one tile at a time) and may be
 * views that stay valid until {@link #release()}. One thread reads a region's tiles at a time.
 */
public interface RegionData {
  /** The loaded region, in global coordinates. */
  Region region();

  DType dtype();

  /** The elements of {@code tile} (inside {@link #region()}) in C order of the tile. */
  Block tile(Region tile);

  /**
   * The elements of {@code tile}, as {@link #tile}, for a kernel that reads them once and keeps
   * nothing of them (as {@link org.hyperflux.core.accumulate.Accumulator#accept} promises): the
   * block may be a buffer of the calling thread that the next {@code transientTile} call on that
   * thread, of any region data, overwrites. Data decoded as it is read then decodes the tile
   * into that buffer without ever allocating the whole region's block. By default, {@link #tile}.
   */
  default Block transientTile(Region tile) {
    return tile(tile);
  }

  /**
   * The whole region as one C-order block when this data holds it so (decoding first whatever is
   * still pending), valid until {@link #release()}; null when it does not, and the region is only
   * read tile by tile. Kernels that can use the whole block at once ask for it.
   */
  default Block asBlock() {
    return null;
  }

  /** Frees what this region holds; idempotent. */
  void release();

  /** Releases every item even if one of them throws; the first failure is rethrown. */
  static void releaseAll(Iterable<? extends RegionData> data) {
    RuntimeException failure = null;
    for (RegionData d : data) {
      try {
        d.release();
      } catch (RuntimeException e) {
        if (failure == null) failure = e;
        else failure.addSuppressed(e);
      }
    }
    if (failure != null) throw failure;
  }
}
