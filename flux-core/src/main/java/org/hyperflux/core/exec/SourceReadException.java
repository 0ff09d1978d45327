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
    this(source, null, "failed to read " + what + " of " + source + ": " + cause.getMessage(), cause);
  }

  private SourceReadException(String source, ChunkIndex chunk, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
    this.chunk = chunk;
  }

  /** Closing the source's handle failed after everything was read. */
  public static SourceReadException closing(String source, Throwable cause) {
    return new SourceReadException(source, null,
        "failed to close " + source + " after reading it: " + cause.getMessage(), cause);
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
