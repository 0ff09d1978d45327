package org.hyperflux.core.exec;

import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;

/** Region data held as one block; tiles are views where the layout allows, copies otherwise. */
public final class BlockRegionData implements RegionData {
  private final Region region;
  private final Block block;
  private final Runnable onRelease;
  private final AtomicBoolean released = new AtomicBoolean();

  /** @param onRelease run once on the first {@link #release()} (e.g. to return budget bytes) */
  public BlockRegionData(Region region, Block block, Runnable onRelease) {
    if (block.length() != region.size()) {
      throw new IllegalArgumentException(
          "block of " + block.length() + " elements cannot hold region " + region);
    }
    this.region = region;
    this.block = block;
    this.onRelease = onRelease;
  }

  public BlockRegionData(Region region, Block block) {
    this(region, block, () -> {});
  }

  @Override
  public Region region() {
    return region;
  }

  @Override
  public DType dtype() {
    return block.dtype();
  }

  /** The whole block. */
  public Block block() {
    return block;
  }

  @Override
  public Block asBlock() {
    return block;
  }

  @Override
  public Block tile(Region tile) {
    return RegionCopy.viewOrCopy(block, region, tile);
  }

  @Override
  public void release() {
    if (released.compareAndSet(false, true)) onRelease.run();
  }
}
