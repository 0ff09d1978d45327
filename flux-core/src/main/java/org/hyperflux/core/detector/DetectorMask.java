package org.hyperflux.core.detector;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The weights of a virtual detector over one frame: a virtual image's value at a scan position
 * is {@code Σ weight(y, x) · frame(y, x)} (a float64 sum). Pixel {@code (y, x)} is row {@code y},
 * column {@code x} of the frame; geometric masks are in pixel units of the frame, {@code cx} a
 * column, {@code cy} a row, and a pixel belongs to them when its centre does.
 *
 * <ul>
 *   <li>{@link #disc}: {@code (x - cx)² + (y - cy)² <= r²} (virtual bright field);
 *   <li>{@link #annulus}: {@code rInner² < (x - cx)² + (y - cy)² <= rOuter²} (annular dark field),
 *       so that {@code disc(r1)} and {@code annulus(r1, r2)} together are {@code disc(r2)};
 *   <li>{@link #of(int, int, boolean[])} and {@link #weights}: arbitrary masks of frame shape, C
 *       order (row after row).
 * </ul>
 *
 * Masks whose weights are all 0 or 1 run as runs of pixels per row (integer frames sum them
 * exactly); others as their non-zero weights. Immutable and serialisable.
 */
public final class DetectorMask implements Serializable {
  private static final long serialVersionUID = 1L;

  private enum Kind { DISC, ANNULUS, ARRAY }

  private final Kind kind;
  private final double cx;
  private final double cy;
  private final double rInner;
  private final double rOuter;
  private final int height;
  private final int width;
  private final double[] weights;

  private DetectorMask(Kind kind, double cx, double cy, double rInner, double rOuter, int height,
      int width, double[] weights) {
    this.kind = kind;
    this.cx = cx;
    this.cy = cy;
    this.rInner = rInner;
    this.rOuter = rOuter;
    this.height = height;
    this.width = width;
    this.weights = weights;
  }

  /** A disc of radius {@code r} pixels centred on column {@code cx}, row {@code cy}. */
  public static DetectorMask disc(double cx, double cy, double r) {
    check(cx, cy);
    if (!(r >= 0) || Double.isInfinite(r)) {
      throw new IllegalArgumentException("disc radius must be finite and >= 0, got " + r);
    }
    return new DetectorMask(Kind.DISC, cx, cy, -1, r, 0, 0, null);
  }

  /** The pixels with {@code rInner < distance <= rOuter} from column {@code cx}, row {@code cy}. */
  public static DetectorMask annulus(double cx, double cy, double rInner, double rOuter) {
    check(cx, cy);
    if (!(rInner >= 0) || !(rOuter > rInner) || Double.isInfinite(rOuter)) {
      throw new IllegalArgumentException(
          "annulus radii must be finite with 0 <= rInner < rOuter, got rInner=" + rInner
              + ", rOuter=" + rOuter);
    }
    return new DetectorMask(Kind.ANNULUS, cx, cy, rInner, rOuter, 0, 0, null);
  }

  /** A boolean mask of a {@code height × width} frame, C order (copied). */
  public static DetectorMask of(int height, int width, boolean[] mask) {
    checkShape(height, width, mask.length);
    double[] w = new double[mask.length];
    for (int i = 0; i < w.length; i++) w[i] = mask[i] ? 1 : 0;
    return new DetectorMask(Kind.ARRAY, 0, 0, 0, 0, height, width, w);
  }

  /** Weights of a {@code height × width} frame, C order (copied; float64 products). */
  public static DetectorMask weights(int height, int width, double[] weights) {
    checkShape(height, width, weights.length);
    for (int i = 0; i < weights.length; i++) {
      if (!Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("weight " + i + " is not finite: " + weights[i]);
      }
    }
    return new DetectorMask(Kind.ARRAY, 0, 0, 0, 0, height, width, weights.clone());
  }

  /** Weights of a {@code height × width} frame, C order (copied, widened to float64). */
  public static DetectorMask weights(int height, int width, float[] weights) {
    double[] w = new double[weights.length];
    for (int i = 0; i < w.length; i++) w[i] = weights[i];
    return weights(height, width, w);
  }

  private static void check(double cx, double cy) {
    if (!Double.isFinite(cx) || !Double.isFinite(cy)) {
      throw new IllegalArgumentException("mask centre must be finite, got (" + cx + ", " + cy + ")");
    }
  }

  private static void checkShape(int height, int width, int length) {
    if (height < 1 || width < 1 || (long) height * width != length) {
      throw new IllegalArgumentException(
          "a mask of " + height + "x" + width + " (height x width) pixels needs "
              + ((long) height * width) + " values, got " + length);
    }
  }

  /**
   * The weights over a {@code height × width} frame.
   *
   * @throws IllegalArgumentException if an array mask has another shape
   */
  Compiled compile(int frameHeight, int frameWidth) {
    double[] w;
    if (kind == Kind.ARRAY) {
      if (height != frameHeight || width != frameWidth) {
        throw new IllegalArgumentException(
            "a mask of " + height + "x" + width + " (height x width) does not fit frames of "
                + frameHeight + "x" + frameWidth);
      }
      w = weights;
    } else {
      w = new double[frameHeight * frameWidth];
      double in2 = rInner < 0 ? -1 : rInner * rInner;
      double out2 = rOuter * rOuter;
      for (int y = 0, k = 0; y < frameHeight; y++) {
        for (int x = 0; x < frameWidth; x++, k++) {
          double dx = x - cx;
          double dy = y - cy;
          double d2 = dx * dx + dy * dy;
          w[k] = d2 <= out2 && d2 > in2 ? 1 : 0;
        }
      }
    }
    return Compiled.of(w, frameHeight, frameWidth);
  }

  @Override
  public String toString() {
    switch (kind) {
      case DISC: return "disc(cx=" + cx + ", cy=" + cy + ", r=" + rOuter + ")";
      case ANNULUS: return "annulus(cx=" + cx + ", cy=" + cy + ", rInner=" + rInner + ", rOuter=" + rOuter + ")";
      default: return "mask(" + width + "x" + height + ")";
    }
  }

  /**
   * A mask compiled for one frame shape. Binary masks are runs {@code [from, to)} of columns per
   * row (row r's runs are {@code rowStart[r]..rowStart[r+1]}); weighted ones are the non-zero
   * weights per row in CSR form ({@code index} columns, {@code value} weights).
   */
  static final class Compiled implements Serializable {
    private static final long serialVersionUID = 1L;
    final boolean binary;
    final int[] rowStart;
    final int[] from;
    final int[] to;
    final double[] value;

    private Compiled(boolean binary, int[] rowStart, int[] from, int[] to, double[] value) {
      this.binary = binary;
      this.rowStart = rowStart;
      this.from = from;
      this.to = to;
      this.value = value;
    }

    static Compiled of(double[] w, int h, int width) {
      boolean binary = true;
      int nonZero = 0;
      for (double v : w) {
        if (v != 0) nonZero++;
        if (v != 0 && v != 1) binary = false;
      }
      int[] rowStart = new int[h + 1];
      if (binary) {
        int[] from = new int[nonZero];
        int[] to = new int[nonZero];
        int n = 0;
        for (int y = 0; y < h; y++) {
          rowStart[y] = n;
          int x = 0;
          while (x < width) {
            if (w[y * width + x] == 0) {
              x++;
              continue;
            }
            int start = x;
            while (x < width && w[y * width + x] != 0) x++;
            from[n] = start;
            to[n] = x;
            n++;
          }
        }
        rowStart[h] = n;
        return new Compiled(true, rowStart, Arrays.copyOf(from, n), Arrays.copyOf(to, n), null);
      }
      int[] index = new int[nonZero];
      double[] value = new double[nonZero];
      int n = 0;
      for (int y = 0; y < h; y++) {
        rowStart[y] = n;
        for (int x = 0; x < width; x++) {
          double v = w[y * width + x];
          if (v != 0) {
            index[n] = x;
            value[n] = v;
            n++;
          }
        }
      }
      rowStart[h] = n;
      return new Compiled(false, rowStart, index, null, value);
    }
  }
}
