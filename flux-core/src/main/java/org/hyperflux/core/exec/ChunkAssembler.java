package org.hyperflux.core.exec;

import java.io.IOException;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;

/** Builds a region from the storage chunks that overlap it; for handles without native region reads. */
public final class ChunkAssembler {
  private ChunkAssembler() {}

  /** Reads every storage chunk of {@code grid} overlapping {@code region} through {@code handle} and copies the overlap. */
  public static Block assemble(SourceHandle handle, ChunkGrid grid, DType dtype, Region region)
      throws IOException {
    Block out = Block.allocate(dtype, region.size());
    if (region.isEmpty()) return out;
    for (ChunkIndex idx : grid.chunksOverlapping(region)) {
      Region chunkRegion = grid.region(idx);
      Region overlap = chunkRegion.intersect(region);
      if (overlap != null && !overlap.isEmpty()) {
        RegionCopy.copy(handle.readChunk(idx), chunkRegion, out, region, overlap);
      }
    }
    return out;
  }
}
