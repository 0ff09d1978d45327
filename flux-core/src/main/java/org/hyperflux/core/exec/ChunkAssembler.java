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
    int[][] range = grid.overlapping(region);
    if (range == null || region.isEmpty()) return out;
    int rank = region.rank();
    int[] k = new int[rank];
    for (int a = 0; a < rank; a++) k[a] = range[a][0];
    while (true) {
      ChunkIndex idx = ChunkIndex.of(k);
      Region chunkRegion = grid.region(idx);
      Region overlap = chunkRegion.intersect(region);
      if (overlap != null && !overlap.isEmpty()) {
        RegionCopy.copy(handle.readChunk(idx), chunkRegion, out, region, overlap);
      }
      int a = rank - 1;
      while (a >= 0) {
        if (++k[a] <= range[a][1]) break;
        k[a] = range[a][0];
        a--;
      }
      if (a < 0) return out;
    }
  }
}
