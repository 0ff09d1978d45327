package org.hyperflux.core.exec;

import java.io.IOException;
import java.util.function.Function;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * A storage chunk read from its source whose decoding waits for the kernel that reads it: each
 * tile is decoded just before it is read ({@link #decode}), while it is still in the CPU's cache,
 * instead of the whole chunk being decoded into memory by the read and read back from memory by
 * the kernel. Returned by {@link SourceHandle#readChunkDeferred}; an already decoded chunk is
 * {@link #decoded(Block)}. A kernel that only reads each tile once, and keeps nothing of it, may
 * instead have tiles decoded into a buffer of its own ({@link #decodeTransient}), so that the
 * chunk's block is never allocated.
 *
 * <p>Implementations are thread-safe: {@link #decode} may be called from any thread, and each part
 * of the chunk is decoded once.
 */
public interface DeferredChunk {
  /** The chunk's element type. */
  DType dtype();

  /** The chunk's number of elements. */
  int length();

  /** The bytes of the chunk's elements decoded ({@link #length()} times the item size). */
  default long decodedBytes() {
    return (long) length() * dtype().itemSize();
  }

  /**
   * The chunk's block, in C order of its region; its elements are valid where {@link #decode} has
   * covered them. Implementations may allocate it on the first call.
   */
  Block block();

  /**
   * Decodes elements {@code [from, to)} (C order) into {@code dst[dstOffset, dstOffset + to -
   * from)} without keeping them, when this chunk can: then {@link #block()} is not allocated for
   * it, and the same range may be decoded again later. Returns false, having decoded nothing,
   * when it cannot (the default, and a chunk whose block exists already); the caller then uses
   * {@link #decode} and {@link #block()}.
   *
   * @param dst a block of {@link #dtype()}
   * @throws IOException as {@link #decode} does
   */
  default boolean decodeTransient(long from, long to, Block dst, int dstOffset) throws IOException {
    return false;
  }

  /**
   * Decodes, unless already done, at least elements {@code [from, to)} (C order) of the chunk.
   *
   * @throws IOException when the stored data is corrupt; the message says what was wrong and
   *     names what was read (the caller adds the source and chunk)
   */
  void decode(long from, long to) throws IOException;

  /** True when the whole chunk is decoded already. */
  boolean complete();

  /** Bytes this chunk holds: its block, plus the stored bytes while decoding is pending. */
  long heldBytes();

  /**
   * Frees what the chunk holds outside the Java heap (stored bytes a source read into native
   * memory), which the garbage collector would free only when the heap is short; called once
   * when the region data that reads the chunk is released. The block, once decoded, stays
   * valid; nothing more may be decoded. By default nothing is held there and nothing is done.
   */
  default void release() {}

  /**
   * {@code chunk}, with every exception its {@link #decode} throws replaced by the one {@code
   * failure} makes of it: a source's way of naming its file and chunk in errors found while
   * decoding, as in those found while reading.
   */
  static DeferredChunk withFailures(DeferredChunk chunk, Function<Exception, IOException> failure) {
    return new DeferredChunk() {
      @Override
      public DType dtype() {
        return chunk.dtype();
      }

      @Override
      public int length() {
        return chunk.length();
      }

      @Override
      public Block block() {
        return chunk.block();
      }

      @Override
      public void decode(long from, long to) throws IOException {
        try {
          chunk.decode(from, to);
        } catch (IOException | RuntimeException e) {
          throw failure.apply(e);
        }
      }

      @Override
      public boolean decodeTransient(long from, long to, Block dst, int dstOffset)
          throws IOException {
        try {
          return chunk.decodeTransient(from, to, dst, dstOffset);
        } catch (IOException | RuntimeException e) {
          throw failure.apply(e);
        }
      }

      @Override
      public boolean complete() {
        return chunk.complete();
      }

      @Override
      public long heldBytes() {
        return chunk.heldBytes();
      }

      @Override
      public void release() {
        chunk.release();
      }
    };
  }

  /** A chunk decoded already. */
  static DeferredChunk decoded(Block block) {
    return new DeferredChunk() {
      @Override
      public DType dtype() {
        return block.dtype();
      }

      @Override
      public int length() {
        return block.length();
      }

      @Override
      public Block block() {
        return block;
      }

      @Override
      public void decode(long from, long to) {}

      @Override
      public boolean complete() {
        return true;
      }

      @Override
      public long heldBytes() {
        return block.nbytes();
      }
    };
  }
}
