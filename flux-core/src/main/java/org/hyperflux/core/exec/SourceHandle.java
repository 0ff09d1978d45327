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
   * An arbitrary region. Sources with {@link Capability#REGION_READ} read it natively; others
   * may assemble it from storage chunks with {@link ChunkAssembler#assemble}.
   */
  Block readRegion(Region region) throws IOException;

  @Override
  void close() throws IOException;
}
