package org.hyperflux.core.live;

import org.hyperflux.core.array.Block;

/**
 * Consecutive frames {@code [first, first + count)} of a scan (0-based frame numbers in
 * acquisition order), decoded into one C-order block of shape {@code (count, frameHeight,
 * frameWidth)}. A batch never spans a lost frame (that is a {@link FrameGap}). Consumers must not
 * modify {@code pixels}: one batch is shared by every consumer of a live signal.
 */
public record FrameBatch(long first, int count, Block pixels) implements LiveEvent {
  public FrameBatch {
    if (first < 0) throw new IllegalArgumentException("first frame must be >= 0, got " + first);
    if (count < 1) throw new IllegalArgumentException("a batch holds at least one frame, got " + count);
    if (pixels == null || pixels.length() % count != 0) {
      throw new IllegalArgumentException(
          "pixels must hold " + count + " whole frames, got "
              + (pixels == null ? "null" : pixels.length() + " elements"));
    }
  }

  /** One past the last frame. */
  public long end() {
    return first + count;
  }

  /** Pixels per frame. */
  public int framePixels() {
    return pixels.length() / count;
  }

  /** Frame {@code first + i} as a view of {@link #pixels()}. */
  public Block frame(int i) {
    int n = framePixels();
    return pixels.slice(i * n, n);
  }
}
