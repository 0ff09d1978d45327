package org.hyperflux.core.exec;

import java.util.HashSet;
import java.util.Set;
import org.hyperflux.core.array.ChunkIndex;

/**
 * What producing one region costs: the bytes held at once while it is alive (source chunks,
 * assembly buffers, tile buffers, per-region accumulator state) and the bytes read from sources.
 * Filled by {@link ArrayNode#cost}; a storage chunk needed twice for one region counts once.
 */
public final class Cost {
  private long heldBytes;
  private long readBytes;
  private final Set<Object> seen = new HashSet<>();

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

  public long heldBytes() {
    return heldBytes;
  }

  public long readBytes() {
    return readBytes;
  }
}
