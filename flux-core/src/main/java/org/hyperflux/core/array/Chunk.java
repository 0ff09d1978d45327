package org.hyperflux.core.array;

import java.util.Objects;

/**
 * One piece of an array: its position in the grid, the region it covers and its data in C order
 * of that region. A chunk carries its own position; nobody infers it from arrival order. Tiles
 * (sub-regions of a chunk handed to kernels and accumulators) are chunks too, with the grid index
 * of the chunk they belong to. A chunk's block may be shared with its source (a chunk of an
 * in-memory array is that array's own block): treat it as read-only.
 */
public final class Chunk {
  private final ChunkIndex gridIndex;
  private final Region region;
  private final Block block;

  public Chunk(ChunkIndex gridIndex, Region region, Block block) {
    this.gridIndex = Objects.requireNonNull(gridIndex, "gridIndex");
    this.region = Objects.requireNonNull(region, "region");
    this.block = Objects.requireNonNull(block, "block");
    if (block.length() != region.size()) {
      throw new IllegalArgumentException(
          "chunk " + gridIndex + " covers region " + region + " of " + region.size()
              + " elements but its block holds " + block.length());
    }
  }

  public ChunkIndex gridIndex() {
    return gridIndex;
  }

  public Region region() {
    return region;
  }

  public Block block() {
    return block;
  }

  public DType dtype() {
    return block.dtype();
  }

  @Override
  public String toString() {
    return "Chunk" + gridIndex + " " + region + " " + block.dtype().numpyName();
  }
}
