package org.hyperflux.io.zarr;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A chunk of a zarr array that cannot be read or written: truncated or corrupt compressed data,
 * a decoded size that does not match the chunk, or a failed write. The message names the array,
 * the chunk key and the chunk's file, and the cause is kept.
 */
public final class ZarrChunkException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path array;
  private final String key;
  private final transient Path file;

  ZarrChunkException(String action, Path array, String key, Path file, Throwable cause) {
    super("failed to " + action + " chunk '" + key + "' of zarr array " + array + " (file " + file
        + "): " + cause.getMessage(), cause);
    this.array = array;
    this.key = key;
    this.file = file;
  }

  /** The array's directory. */
  public Path array() {
    return array;
  }

  /** The chunk key, e.g. {@code "0.3.1"} or {@code "0/3/1"}. */
  public String key() {
    return key;
  }

  /** The chunk's file. */
  public Path file() {
    return file;
  }
}
