package org.hyperflux.examples;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.RegionFunction;

/**
 * Generated 4D-STEM-like data: uint16 of shape (scanY, scanX, frameY, frameX), a diffraction
 * frame per scan position. The value at (y, x, ky, kx) is
 * <ul>
 *   <li>a background of 0..63 counts: the top 6 bits of a splitmix64-style hash of the C-order
 *       linear index (so it is keyed by position, never by reading order), plus</li>
 *   <li>inside the bright disc, {@code (ky - cy)² + (kx - cx)² ≤ r²}, an intensity of 1000 on
 *       scan positions with {@code (y / 8 + x / 8)} even and 600 elsewhere (a checkerboard of
 *       8 × 8 "grains" for the navigator to show). The radius is {@code r = max(1, min(H, W) / 8)};
 *       the centre {@code cy = H / 2 + floor((2y − (scanY − 1)) · s / max(1, scanY − 1))} moves
 *       linearly by ±s = min(H, W) / 16 across the scan (likewise cx along x), so the disc always
 *       lies inside the frame.</li>
 * </ul>
 * The largest value is 1063. {@link #fill} writes any region row by row: the background run,
 * then the disc's span of that row, whose half-width is the integer square root of
 * {@code r² − (ky − cy)²}; it equals {@link #valueAt} element by element.
 */
final class SyntheticStem implements RegionFunction {
  private static final long serialVersionUID = 1L;
  private static final long SEED = 0x5EED_0F_4D_57E3L;
  static final int BRIGHT = 1000;
  static final int DIM = 600;

  private final int scanY;
  private final int scanX;
  private final int frameY;
  private final int frameX;
  private final int radius;
  private final int shift;

  SyntheticStem(int scanY, int scanX, int frameY, int frameX) {
    if (scanY <= 0 || scanX <= 0 || frameY <= 0 || frameX <= 0) {
      throw new IllegalArgumentException(String.format(
          "scan %dx%d and frame %dx%d must be positive", scanY, scanX, frameY, frameX));
    }
    this.scanY = scanY;
    this.scanX = scanX;
    this.frameY = frameY;
    this.frameX = frameX;
    this.radius = Math.max(1, Math.min(frameY, frameX) / 8);
    this.shift = Math.min(frameY, frameX) / 16;
  }

  Shape shape() {
    return Shape.of(scanY, scanX, frameY, frameX);
  }

  /** The data on {@code grid} (whose shape must be {@link #shape()}). */
  GeneratedSource source(ChunkGrid grid) {
    if (!grid.shape().equals(shape())) {
      throw new IllegalArgumentException("grid " + grid + " does not cover shape " + shape());
    }
    return GeneratedSource.ofRegions("4D-STEM", DType.UINT16, grid, this);
  }

  /** Background counts 0..63 at a C-order linear index. */
  static int noise(long index) {
    long z = index * 0x9E3779B97F4A7C15L + SEED;
    z = (z ^ (z >>> 29)) * 0xBF58476D1CE4E5B9L;
    return (int) (z >>> 58);
  }

  int centreY(long y) {
    return frameY / 2 + (int) Math.floorDiv((2 * y - (scanY - 1)) * shift, Math.max(1, scanY - 1));
  }

  int centreX(long x) {
    return frameX / 2 + (int) Math.floorDiv((2 * x - (scanX - 1)) * shift, Math.max(1, scanX - 1));
  }

  static int intensity(long y, long x) {
    return ((y / 8 + x / 8) & 1) == 0 ? BRIGHT : DIM;
  }

  /** The value at one position: the definition {@link #fill} must agree with. */
  int valueAt(long y, long x, long ky, long kx) {
    long index = ((y * scanX + x) * frameY + ky) * frameX + kx;
    long dy = ky - centreY(y);
    long dx = kx - centreX(x);
    boolean disc = dy * dy + dx * dx <= (long) radius * radius;
    return noise(index) + (disc ? intensity(y, x) : 0);
  }

  @Override
  public void fill(Region region, Block out) {
    if (region.rank() != 4) {
      throw new IllegalArgumentException("4D-STEM regions have rank 4, got " + region);
    }
    short[] a = (short[]) out.array();
    int pos = out.offset();
    long r2 = (long) radius * radius;
    int e3 = region.extent(3);
    long x0 = region.offset(3);
    for (long y = region.offset(0); y < region.end(0); y++) {
      for (long x = region.offset(1); x < region.end(1); x++) {
        int cy = centreY(y);
        int cx = centreX(x);
        short inten = (short) intensity(y, x);
        for (long ky = region.offset(2); ky < region.end(2); ky++) {
          long index = ((y * scanX + x) * frameY + ky) * frameX + x0;
          for (int i = 0; i < e3; i++) {
            a[pos + i] = (short) noise(index + i);
          }
          long dy = ky - cy;
          if (dy * dy <= r2) {
            long half = (long) Math.sqrt((double) (r2 - dy * dy));
            long from = Math.max(cx - half, x0);
            long to = Math.min(cx + half, x0 + e3 - 1);
            for (long kx = from; kx <= to; kx++) {
              a[pos + (int) (kx - x0)] += inten;
            }
          }
          pos += e3;
        }
      }
    }
  }
}
