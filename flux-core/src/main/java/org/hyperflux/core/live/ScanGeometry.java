package org.hyperflux.core.live;

import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/**
 * The geometry of a live scan: {@code scanY × scanX} navigation positions, filled row by row (x
 * fastest), each a {@code frameHeight × frameWidth} frame of {@code dtype} pixels. Frame
 * {@code k} (0-based, in acquisition order) lies at navigation position
 * {@code (k / scanX, k % scanX)}. The array of a whole scan has shape
 * {@code (scanY, scanX, frameHeight, frameWidth)}: navigation axes then signal axes.
 */
public record ScanGeometry(int scanY, int scanX, int frameHeight, int frameWidth, DType dtype) {
  public ScanGeometry {
    if (scanY < 1 || scanX < 1) {
      throw new IllegalArgumentException("scan must be at least 1x1, got " + scanX + "x" + scanY);
    }
    if (frameHeight < 1 || frameWidth < 1) {
      throw new IllegalArgumentException(
          "frame must be at least 1x1, got " + frameWidth + "x" + frameHeight);
    }
    if ((long) frameHeight * frameWidth > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "a frame of " + frameWidth + "x" + frameHeight + " pixels does not fit one block");
    }
    if (dtype == null) throw new IllegalArgumentException("dtype must not be null");
  }

  /** Frames in the whole scan. */
  public long frames() {
    return (long) scanY * scanX;
  }

  /** Pixels in one frame. */
  public int framePixels() {
    return frameHeight * frameWidth;
  }

  /** Bytes of one decoded frame. */
  public long frameBytes() {
    return (long) framePixels() * dtype.itemSize();
  }

  /** {@code (scanY, scanX, frameHeight, frameWidth)}. */
  public Shape shape() {
    return Shape.of(scanY, scanX, frameHeight, frameWidth);
  }

  /** The scan row of frame {@code frame}. */
  public int row(long frame) {
    return (int) (frame / scanX);
  }

  /** The scan column of frame {@code frame}. */
  public int column(long frame) {
    return (int) (frame % scanX);
  }

  /** Scan and frame size as users write them: {@code scan 128x128, frame 256x256 uint16} (x before y). */
  @Override
  public String toString() {
    return "scan " + scanX + "x" + scanY + ", frame " + frameWidth + "x" + frameHeight + " "
        + dtype.numpyName();
  }
}
