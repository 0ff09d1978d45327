package org.hyperflux.core.exec;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * Blocks each thread reuses, one per element type, grown as needed: the buffers that transient
 * tiles are decoded into. A block is valid until the same thread asks this instance again.
 */
public final class ThreadBlocks {
  private final long maxKeptBytes;
  private final ThreadLocal<Block[]> kept =
      ThreadLocal.withInitial(() -> new Block[DType.values().length]);

  /** Blocks of up to {@code maxKeptBytes} are kept for the thread's next request; bigger ones not. */
  public ThreadBlocks(long maxKeptBytes) {
    this.maxKeptBytes = maxKeptBytes;
  }

  /** This thread's block of {@code dtype} with at least {@code n} elements. */
  public Block atLeast(DType dtype, int n) {
    Block[] blocks = kept.get();
    Block b = blocks[dtype.ordinal()];
    if (b == null || b.length() < n) {
      b = Block.allocate(dtype, n);
      if ((long) n * dtype.itemSize() <= maxKeptBytes) blocks[dtype.ordinal()] = b;
    }
    return b;
  }
}
