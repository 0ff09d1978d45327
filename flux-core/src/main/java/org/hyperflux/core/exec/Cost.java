package org.hyperflux.core.exec;

import java.util.HashSet;
import java.util.Set;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Tiles;

/**
 * What producing one region costs: the bytes held at once while it is alive (source chunks,
 * assembly buffers, tile buffers, per-region accumulator state) and the bytes read from sources.
 * Filled by {@link ArrayNode#cost}; a storage chunk needed twice for one region counts once.
 */
public final class Cost {
  private final int tileElements;
  private long heldBytes;
  private long readBytes;
  private final Set<Object> seen = new HashSet<>();

  /** A cost for kernels that run on tiles of the default size. */
  public Cost() {
    this(Tiles.DEFAULT_TILE_ELEMENTS);
  }

  /** A cost for kernels that run on tiles of {@code tileElements} elements (the execution's setting). */
  public Cost(int tileElements) {
    if (tileElements <= 0) {
      throw new IllegalArgumentException("tile size must be > 0 elements, got " + tileElements);
    }
    this.tileElements = tileElements;
  }

  /** The tile size the kernels will use: what a node's tile buffers hold. */
  public int tileElements() {
    return tileElements;
  }

  /** Records bytes held while the region is alive. */
  public void hold(long bytes) {
    heldBytes += bytes;
  }

  /** Records a storage chunk read (held too); returns false if it was already counted for this region. */
  public boolean read(Source source, ChunkIndex chunk, long bytes) {
    if (!seen.add(java.util.List.of(source, chunk))) return false;
    readBytes += bytes;
    heldBytes += bytes;
    return true;
  }

  /** Records a region read that does not go through storage chunks. */
  public void readRegion(long bytes) {
    readBytes += bytes;
    heldBytes += bytes;
  }

  /**
   * Records bytes read by parts of the region that are loaded one after another, each costed on
   * a {@code Cost} of its own: their reads add up here, while the caller records with
   * {@link #hold} what the parts hold (the largest part, when one is held at a time).
   */
  public void addReadBytes(long bytes) {
    if (bytes < 0) throw new IllegalArgumentException("read bytes must be >= 0, got " + bytes);
    readBytes += bytes;
  }

  public long heldBytes() {
    return heldBytes;
  }

  public long readBytes() {
    return readBytes;
  }
}
