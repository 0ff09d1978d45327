package org.hyperflux.core.exec;

import org.hyperflux.core.array.ChunkIndex;

/** A failure reading data while streaming; names the source and the chunk and keeps the cause. */
public final class SourceReadException extends RuntimeException {
  private final String source;
  private final ChunkIndex chunk;

  public SourceReadException(String source, ChunkIndex chunk, Throwable cause) {
    super("failed to read chunk " + chunk + " of " + source + ": " + cause.getMessage(), cause);
    this.source = source;
    this.chunk = chunk;
  }

  public SourceReadException(String source, String what, Throwable cause) {
    super("failed to read " + what + " of " + source + ": " + cause.getMessage(), cause);
    this.source = source;
    this.chunk = null;
  }

  /** The source's description. */
  public String source() {
    return source;
  }

  /** The storage chunk that failed, or null when a region read failed. */
  public ChunkIndex chunk() {
    return chunk;
  }
}
