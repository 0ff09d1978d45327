package org.hyperflux.core.exec;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;

/**
 * A storage chunk's region served from a {@link DeferredChunk}: each tile decodes the run of the
 * chunk it spans, then is a view of the chunk's block. Decoding failures are {@link
 * SourceReadException}s naming the source and the chunk, as failed reads are.
 */
final class DeferredRegionData implements RegionData {
  private final Region region;
  private final DeferredChunk chunk;
  private final String source;
  private final ChunkIndex index;
  private final Runnable onRelease;
  private final long[] strides;
  private final AtomicBoolean released = new AtomicBoolean();

  DeferredRegionData(Region region, DeferredChunk chunk, String source, ChunkIndex index,
      Runnable onRelease) {
    if (chunk.block().length() != region.size()) {
      throw new IllegalArgumentException(
          "block of " + chunk.block().length() + " elements cannot hold region " + region);
    }
    this.region = region;
    this.chunk = chunk;
    this.source = source;
    this.index = index;
    this.onRelease = onRelease;
    this.strides = RegionCopy.strides(region);
  }

  @Override
  public Region region() {
    return region;
  }

  @Override
  public DType dtype() {
    return chunk.block().dtype();
  }

  @Override
  public Block tile(Region tile) {
    if (!tile.isEmpty()) {
      // The C-order run from the tile's first element to its last (the whole tile when, as
      // Tiles cuts them, it is contiguous).
      long first = 0;
      long last = 0;
      for (int a = 0; a < strides.length; a++) {
        long start = tile.offset(a) - region.offset(a);
        first += start * strides[a];
        last += (start + tile.extent(a) - 1) * strides[a];
      }
      decode(first, last + 1);
    }
    return RegionCopy.viewOrCopy(chunk.block(), region, tile);
  }

  @Override
  public Block asBlock() {
    decode(0, region.size());
    return chunk.block();
  }

  private void decode(long from, long to) {
    try {
      chunk.decode(from, to);
    } catch (IOException | RuntimeException e) {
      throw new SourceReadException(source, index, e);
    }
  }

  @Override
  public void release() {
    if (released.compareAndSet(false, true)) onRelease.run();
  }
}
