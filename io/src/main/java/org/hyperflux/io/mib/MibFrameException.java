package org.hyperflux.io.mib;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A frame of a Merlin {@code .mib} file that cannot be read: its {@code MQ1} header does not
 * parse, it differs from the first frame's (another size, pixel type or layout: a file whose
 * frames are not all alike), or the file ends inside it. The message names the file, the frame's
 * index in file order (0-based; Merlin's own sequence numbers start at 1) and its byte offset.
 */
public final class MibFrameException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long frame;

  MibFrameException(Path file, long frame, long offset, String problem) {
    super("frame " + frame + " (at byte " + offset + ") of Merlin file " + file + ": " + problem);
    this.file = file;
    this.frame = frame;
  }

  MibFrameException(Path file, long frame, long offset, String problem, Throwable cause) {
    this(file, frame, offset, problem);
    initCause(cause);
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** The frame's 0-based index in file order. */
  public long frame() {
    return frame;
  }
}
