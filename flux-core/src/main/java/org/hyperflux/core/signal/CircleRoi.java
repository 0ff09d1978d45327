package org.hyperflux.core.signal;

import java.util.Arrays;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;

/**
 * HyperSpy 1.7.3's {@code CircleROI(cx, cy, r, r_inner)}: an immutable calibrated disc (or
 * annulus) applied lazily to two axes of a signal; the points outside are NaN.
 *
 * <p>HyperSpy's algorithm, reproduced exactly ({@code CircleROI.__call__}):
 *
 * <ol>
 *   <li>The centre is shifted by 0.5001 pixel: {@code cx' = cx + 0.5001 * scale_x}, {@code cy' =
 *       cy + 0.5001 * scale_y}.
 *   <li>The signal is cropped to the bounding box {@code [cx' - r, cx' + r] x [cy' - r, cy' + r]}
 *       exactly as {@link RectangularRoi} crops (nearest-pixel rounding, upper pixel excluded,
 *       clipped to the axes).
 *   <li>A pixel with calibrated coordinates {@code (x, y)} (the axes' values, {@code offset +
 *       scale * index}) is kept when {@code r_inner^2 <= (x - cx')^2 + (y - cy')^2 <= r^2}, else
 *       it becomes NaN.
 *   <li>The dtype is that of {@code np.where(mask, np.nan, data)}: float32 and float64 data keep
 *       their dtype, every other dtype (integers, bool) becomes float64.
 * </ol>
 *
 * <p>Lazily: the crop is {@link Signal}'s indexing, then the data is cast to the result dtype and
 * multiplied (numpy broadcasting) by a small in-memory mask of 1.0 / NaN whose extent is that of
 * the cropped ROI axes and 1 on every other axis. Only uniform axes are supported, as in
 * HyperSpy.
 */
public final class CircleRoi extends Roi {
  private final double cx;
  private final double cy;
  private final double r;
  private final double rInner;

  private CircleRoi(double cx, double cy, double r, double rInner) {
    this.cx = cx;
    this.cy = cy;
    this.r = r;
    this.rInner = rInner;
  }

  /**
   * A full disc of radius {@code r} centred at {@code (cx, cy)} (calibrated units).
   *
   * @throws IllegalArgumentException if a parameter is not finite or {@code r <= 0}
   */
  public static CircleRoi of(double cx, double cy, double r) {
    return of(cx, cy, r, 0.0);
  }

  /**
   * An annulus {@code rInner <= distance <= r} centred at {@code (cx, cy)}; {@code rInner = 0} is
   * a full disc.
   *
   * @throws IllegalArgumentException if a parameter is not finite, {@code r <= 0}, {@code rInner <
   *     0} or {@code rInner >= r}
   */
  public static CircleRoi of(double cx, double cy, double r, double rInner) {
    for (double[] p : new double[][] {{cx}, {cy}, {r}, {rInner}}) {
      if (!Double.isFinite(p[0])) {
        throw new IllegalArgumentException(
            "invalid CircleROI(cx=" + cx + ", cy=" + cy + ", r=" + r + ", r_inner=" + rInner
                + "): every parameter must be finite");
      }
    }
    if (!(r > 0)) {
      throw new IllegalArgumentException("invalid CircleROI: r (" + r + ") must be positive");
    }
    if (rInner < 0) {
      throw new IllegalArgumentException(
          "invalid CircleROI: r_inner (" + rInner + ") must not be negative");
    }
    if (rInner >= r) {
      throw new IllegalArgumentException(
          "invalid CircleROI: r_inner (" + rInner + ") must be smaller than r (" + r + ")");
    }
    return new CircleRoi(cx, cy, r, rInner);
  }

  /** The centre on the first axis. */
  public double cx() {
    return cx;
  }

  /** The centre on the second axis. */
  public double cy() {
    return cy;
  }

  /** The outer radius. */
  public double r() {
    return r;
  }

  /** The inner radius (0 for a full disc). */
  public double rInner() {
    return rInner;
  }

  @Override
  Signal applyAt(Signal s, int[] axisIndices) {
    Axes axes = s.axes();
    Axis ax = axes.axis(axisIndices[0]);
    Axis ay = axes.axis(axisIndices[1]);
    for (Axis a : new Axis[] {ax, ay}) {
      if (!a.isUniform()) {
        throw new IllegalArgumentException("CircleROI cannot operate on the non-uniform " + a);
      }
    }
    double cxs = cx + 0.5001 * ax.scale();
    double cys = cy + 0.5001 * ay.scale();
    int[][] slices = {
      RoiGeometry.slice(ax, cxs - r, cxs + r, toString()),
      RoiGeometry.slice(ay, cys - r, cys + r, toString())
    };
    Signal cropped = RoiGeometry.crop(s, axisIndices, slices);
    DType dtype = s.dtype() == DType.FLOAT32 || s.dtype() == DType.FLOAT64
        ? s.dtype() : DType.FLOAT64;
    int rank = axes.rank();
    long[] maskShape = new long[rank];
    Arrays.fill(maskShape, 1);
    int nx = slices[0][1] - slices[0][0];
    int ny = slices[1][1] - slices[1][0];
    maskShape[axisIndices[0]] = nx;
    maskShape[axisIndices[1]] = ny;
    long strideX = 1;
    for (int d = axisIndices[0] + 1; d < rank; d++) strideX *= maskShape[d];
    long strideY = 1;
    for (int d = axisIndices[1] + 1; d < rank; d++) strideY *= maskShape[d];
    Block mask = Block.allocate(dtype, nx * ny);
    double r2 = r * r;
    double ri2 = rInner * rInner;
    for (int j = 0; j < ny; j++) {
      double gy = ay.value(slices[1][0] + j) - cys;
      for (int i = 0; i < nx; i++) {
        double gx = ax.value(slices[0][0] + i) - cxs;
        double gr = gx * gx + gy * gy;
        boolean out = gr > r2 || gr < ri2;
        mask.setDouble((int) (i * strideX + j * strideY), out ? Double.NaN : 1.0);
      }
    }
    LazyArray maskArray = LazyArray.of(MemoryArray.of(Shape.of(maskShape), mask));
    LazyArray data = cropped.data();
    if (data.dtype() != dtype) data = data.astype(dtype);
    return Signal.lazy(data.multiply(maskArray), cropped.axes())
        .withMetadata(cropped.metadata())
        .withOriginalMetadata(cropped.originalMetadata());
  }

  /** {@code CircleROI(cx=0.5, cy=2.0, r=1.0, r_inner=0.0)} (Python float reprs). */
  @Override
  public String toString() {
    return "CircleROI(cx=" + PythonRepr.floatRepr(cx) + ", cy=" + PythonRepr.floatRepr(cy)
        + ", r=" + PythonRepr.floatRepr(r) + ", r_inner=" + PythonRepr.floatRepr(rInner) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CircleRoi c
        && Double.compare(cx, c.cx) == 0
        && Double.compare(cy, c.cy) == 0
        && Double.compare(r, c.r) == 0
        && Double.compare(rInner, c.rInner) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(cx, cy, r, rInner);
  }
}
