package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.nio.file.Path;
import org.hyperflux.core.array.ChunkIndex;

/**
 * A chunk (or, for a dataset without chunks, a region) of an HDF5 dataset that cannot be read:
 * bytes past the end of a truncated file, a corrupt or truncated deflate stream, a checksum that
 * does not match, or a decoded size that differs from the chunk's. The message names the file,
 * the dataset, the chunk (grid index and element offset) and its position in the file; the
 * cause, when there is one, is kept.
 */
public final class Hdf5ChunkException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String dataset;
  private final ChunkIndex chunk;

  Hdf5ChunkException(Path file, String dataset, ChunkIndex chunk, String what, String message,
      Throwable cause) {
    super("failed to read " + what + " of dataset '" + dataset + "' in HDF5 file " + file + ": "
        + message, cause);
    this.file = file;
    this.dataset = dataset;
    this.chunk = chunk;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The dataset's path inside the file. */
  public String dataset() {
    return dataset;
  }

  /** The grid index of the storage chunk that failed, or null when a region read failed. */
  public ChunkIndex chunk() {
    return chunk;
  }
}
