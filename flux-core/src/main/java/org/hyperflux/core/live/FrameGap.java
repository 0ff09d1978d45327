package org.hyperflux.core.live;

/**
 * Frames {@code [first, first + count)} were lost in transport: the detector's sequence numbers
 * jumped over them. Their positions stay invalid in every result and file.
 */
public record FrameGap(long first, long count) implements LiveEvent {
  public FrameGap {
    if (first < 0 || count < 1) {
      throw new IllegalArgumentException("a gap needs first >= 0 and count >= 1, got " + first + ", " + count);
    }
  }
}
