package org.hyperflux.core.exec;

import java.io.IOException;
import java.util.function.Function;
import org.hyperflux.core.array.Block;

/**
 * A storage chunk read from its source whose decoding waits for the kernel that reads it: each
 * tile is decoded just before it is read ({@link #decode}), while it is still in the CPU's cache,
 * instead of the whole chunk being decoded into memory by the read and read back from memory by
 * the kernel. Returned by {@link SourceHandle#readChunkDeferred}; an already decoded chunk is
 * {@link #decoded(Block)}.
 *
 * <p>Implementations are thread-safe: {@link #decode} may be called from any thread, and each part
 * of the chunk is decoded once.
 */
public interface DeferredChunk {
  /**
   * The chunk's block, in C order of its region; its elements are valid where {@link #decode} has
   * covered them.
   */
  Block block();

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
   * {@code chunk}, with every exception its {@link #decode} throws replaced by the one {@code
   * failure} makes of it: a source's way of naming its file and chunk in errors found while
   * decoding, as in those found while reading.
   */
  static DeferredChunk withFailures(DeferredChunk chunk, Function<Exception, IOException> failure) {
    return new DeferredChunk() {
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
      public boolean complete() {
        return chunk.complete();
      }

      @Override
      public long heldBytes() {
        return chunk.heldBytes();
      }
    };
  }

  /** A chunk decoded already. */
  static DeferredChunk decoded(Block block) {
    return new DeferredChunk() {
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
