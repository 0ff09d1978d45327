package org.hyperflux.io.blockfile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file whose blockfile header cannot be used: not a blockfile at all (its first six bytes are
 * not {@code IMGBLO}), an unsupported version ({@code MAGIC} other than {@code 0x0102}), a header
 * cut short by the end of the file, or a field whose value makes the layout impossible (an offset
 * inside the fixed header, a virtual bright-field image overlapping the frames). The message names
 * the file and the header field at fault.
 */
public final class BlockfileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String field;

  BlockfileFormatException(Path file, String field, String problem) {
    super(problem + " (blockfile " + file + ", header field " + field + ")");
    this.file = file;
    this.field = field;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** The header field at fault, as HyperSpy names it ({@code "ID"}, {@code "MAGIC"}, {@code "SX"}, {@code "Note"}...). */
  public String field() {
    return field;
  }
}
