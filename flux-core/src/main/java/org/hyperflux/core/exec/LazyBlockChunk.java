package org.hyperflux.core.exec;

import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * A {@link DeferredChunk} whose block is allocated on first use ({@link #block()}): a chunk read
 * only by transient decoding ({@link DeferredChunk#decodeTransient}) never allocates it. The
 * subclass decodes; its methods synchronise on the chunk, as {@link #block()} does.
 */
public abstract class LazyBlockChunk implements DeferredChunk {
  private final DType dtype;
  private final int length;
  private Block block;

  protected LazyBlockChunk(DType dtype, int length) {
    this.dtype = dtype;
    this.length = length;
  }

  @Override
  public final DType dtype() {
    return dtype;
  }

  @Override
  public final int length() {
    return length;
  }

  @Override
  public final synchronized Block block() {
    if (block == null) block = Block.allocate(dtype, length);
    return block;
  }

  /**
   * Checks the arguments of {@link #decodeTransient}: a range of this chunk's elements, and a
   * block of its type with room for them from {@code dstOffset}.
   *
   * @throws IllegalArgumentException for a range outside the chunk or a block of another type
   * @throws IndexOutOfBoundsException when the block has no room for the range there
   */
  protected final void checkTransientRange(long from, long to, Block dst, int dstOffset) {
    if (from < 0 || to > length || from > to || dst.dtype() != dtype) {
      throw new IllegalArgumentException("elements [" + from + ", " + to + ") of a chunk of "
          + length + " " + dtype + " into a block of " + dst.dtype());
    }
    Objects.checkFromIndexSize(dstOffset, (int) (to - from), dst.length());
  }

  /** True once {@link #block()} has allocated the block: ranges are then decoded into it. */
  protected final synchronized boolean blockAllocated() {
    return block != null;
  }
}
