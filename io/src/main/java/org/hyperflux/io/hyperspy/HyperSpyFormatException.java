package org.hyperflux.io.hyperspy;

import java.io.IOException;

/**
 * A file that does not follow HyperSpy's layout as far as hyperflux reads it: not a HyperSpy
 * file at all, a signal group without its {@code data} array, axis groups that do not match the
 * data, an axis type or dtype hyperflux does not read. The message names the file and the group
 * or dataset at fault; the cause, if any, is kept.
 */
public final class HyperSpyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String path;

  /** A problem with {@code path} (a group or dataset) in {@code file}. */
  public HyperSpyFormatException(String file, String path, String problem) {
    super(message(file, path, problem));
    this.file = file;
    this.path = path;
  }

  /** A problem with {@code path} in {@code file}, caused by {@code cause}. */
  public HyperSpyFormatException(String file, String path, String problem, Throwable cause) {
    super(message(file, path, problem), cause);
    this.file = file;
    this.path = path;
  }

  private static String message(String file, String path, String problem) {
    return problem + " (file " + file + ", " + path + ")";
  }

  /** The file at fault. */
  public String file() {
    return file;
  }

  /** The group or dataset at fault inside the file, e.g. {@code /Experiments/scan/axis-1}. */
  public String path() {
    return path;
  }
}
