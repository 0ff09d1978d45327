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
 * chunk it spans, then is a view of the chunk's block; a transient tile ({@link #transientTile})
 * is decoded into a buffer of the reading thread instead, so that a chunk read only that way never
 * has its block allocated (nor zeroed, written and read back from memory). Decoding failures are
 * {@link SourceReadException}s naming the source and the chunk, as failed reads are.
 */
final class DeferredRegionData implements RegionData {
  private final Region region;
  private final DeferredChunk chunk;
  private final String source;
  private final ChunkIndex index;
  private final Runnable onRelease;
  private final long[] strides;
  private final AtomicBoolean released = new AtomicBoolean();

  /** Transient tiles above this many elements are views of the chunk's block instead. */
  static final int MAX_TRANSIENT_ELEMENTS = 1 << 20;

  /** Each thread's transient-tile buffers. */
  private static final ThreadBlocks TRANSIENT = new ThreadBlocks(Long.MAX_VALUE);

  DeferredRegionData(Region region, DeferredChunk chunk, String source, ChunkIndex index,
      Runnable onRelease) {
    if (chunk.length() != region.size()) {
      throw new IllegalArgumentException(
          "chunk of " + chunk.length() + " elements cannot hold region " + region);
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
    return chunk.dtype();
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
  public Block transientTile(Region tile) {
    int n = tile.size();
    int start = n == 0 || n > MAX_TRANSIENT_ELEMENTS ? -1 : RegionCopy.contiguousStart(region, tile);
    if (start >= 0) {
      Block buffer = TRANSIENT.atLeast(chunk.dtype(), n);
      boolean decoded;
      try {
        decoded = chunk.decodeTransient(start, start + (long) n, buffer, 0);
      } catch (IOException | RuntimeException e) {
        throw new SourceReadException(source, index, e);
      }
      if (decoded) return buffer.length() == n ? buffer : buffer.slice(0, n);
    }
    return tile(tile);
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
    if (!released.compareAndSet(false, true)) return;
    try {
      chunk.release();
    } finally {
      onRelease.run();
    }
  }
}
