package org.hyperflux.io.zarr;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A zarr metadata file ({@code .zarray}, {@code .zgroup}, {@code .zattrs}) that cannot be used:
 * malformed JSON, a missing or invalid field, or a feature hyperflux does not read (Fortran
 * order, filters, an unknown codec or dtype). The message names the file.
 */
public final class ZarrFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  ZarrFormatException(Path file, String problem) {
    super(problem + " (in " + file + ")");
    this.file = file;
  }

  ZarrFormatException(Path file, String problem, Throwable cause) {
    super(problem + " (in " + file + ")", cause);
    this.file = file;
  }

  /** The metadata file at fault. */
  public Path file() {
    return file;
  }
}
