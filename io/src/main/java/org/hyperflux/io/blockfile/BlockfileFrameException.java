package org.hyperflux.io.blockfile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A frame of a blockfile that cannot be read: the file ends before the frame does (a truncated
 * file), or the six-byte frame header in front of it does not hold the frame marker {@code AA 55}
 * and the expected frame ID (a corrupt file, or a header whose sizes do not describe the data).
 * The message names the file, the frame's index in file order ({@code y * NX + x}), its scan
 * position and its byte offset.
 */
public final class BlockfileFrameException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long frame;

  BlockfileFrameException(Path file, long frame, long y, long x, long offset, String problem) {
    super("frame " + frame + " (scan position y=" + y + ", x=" + x + ", at byte " + offset
        + ") of blockfile " + file + ": " + problem);
    this.file = file;
    this.frame = frame;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** The frame's index in file order: {@code y * NX + x}. */
  public long frame() {
    return frame;
  }
}
