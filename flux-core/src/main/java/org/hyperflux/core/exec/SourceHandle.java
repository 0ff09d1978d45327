package org.hyperflux.core.exec;

import java.io.IOException;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;

/**
 * An open lease on a {@link Source} for one execution. Reads may be called concurrently from
 * several threads. {@link #close()} is called exactly once, after every read has returned; a
 * read is never interrupted (an interrupted {@code FileChannel} would close for every user).
 */
public interface SourceHandle extends AutoCloseable {
  /** The storage chunk at {@code index}, in C order of its region; the caller may keep it. */
  Block readChunk(ChunkIndex index) throws IOException;

  /**
   * The storage chunk at {@code index}, read, with its decoding left to the kernel that reads it
   * tile by tile ({@link DeferredChunk}). By default {@link #readChunk}, decoded already; a source
   * whose encoding decodes in independent parts overrides it. Errors found while reading (a
   * missing or truncated chunk, a corrupt header) are thrown here, as by {@link #readChunk}. The
   * caller {@linkplain DeferredChunk#release releases} the chunk when done with it.
   */
  default DeferredChunk readChunkDeferred(ChunkIndex index) throws IOException {
    return DeferredChunk.decoded(readChunk(index));
  }

  /**
   * An arbitrary region. Sources with {@link Capability#REGION_READ} read it natively; others
   * may assemble it from storage chunks with {@link ChunkAssembler#assemble}.
   */
  Block readRegion(Region region) throws IOException;

  @Override
  void close() throws IOException;
}
