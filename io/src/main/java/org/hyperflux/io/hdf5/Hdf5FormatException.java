package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An HDF5 file, or an object in it, that cannot be read: not an HDF5 file, a truncated or
 * damaged file, or a datatype, layout or filter hyperflux does not read. The message names the
 * file and, where one is involved, the object (group, dataset or attribute path); the cause is
 * kept.
 */
public final class Hdf5FormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String object;

  Hdf5FormatException(Path file, String object, String message) {
    this(file, object, message, null);
  }

  Hdf5FormatException(Path file, String object, String message, Throwable cause) {
    super(where(file, object) + ": " + message, cause);
    this.file = file;
    this.object = object;
  }

  private static String where(Path file, String object) {
    return object == null ? "HDF5 file " + file : "'" + object + "' in HDF5 file " + file;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The path of the object inside the file (e.g. {@code /entry/data/data}), or null for the file itself. */
  public String object() {
    return object;
  }
}
