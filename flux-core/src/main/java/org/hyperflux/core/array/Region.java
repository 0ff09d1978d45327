package org.hyperflux.core.array;

import java.util.Arrays;

/**
 * A box inside an array: a global {@code offset} per axis and an in-box {@code extent} per axis.
 * Extents are {@code int} because a region is held in memory as one primitive block. Immutable.
 */
public final class Region {
  private final long[] offset;
  private final int[] extent;

  private Region(long[] offset, int[] extent) {
    if (offset.length != extent.length) {
      throw new IllegalArgumentException(
          "region rank mismatch: offset " + Arrays.toString(offset) + " has rank " + offset.length
              + " but extent " + Arrays.toString(extent) + " has rank " + extent.length);
    }
    long size = 1;
    for (int i = 0; i < offset.length; i++) {
      if (offset[i] < 0 || extent[i] < 0) {
        throw new IllegalArgumentException(
            "region offset and extent must be >= 0 along every axis; offset="
                + Arrays.toString(offset) + " extent=" + Arrays.toString(extent));
      }
      size *= extent[i];
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "region extent " + Arrays.toString(extent) + " holds more than 2^31-9 elements,"
                + " too many for one block; use smaller chunks");
      }
    }
    this.offset = offset;
    this.extent = extent;
  }

  /** A region (arrays copied). */
  public static Region of(long[] offset, int[] extent) {
    return new Region(offset.clone(), extent.clone());
  }

  /** The region {@code [0, shape)}; the shape must fit one block. */
  public static Region whole(Shape shape) {
    int[] e = new int[shape.rank()];
    for (int i = 0; i < e.length; i++) {
      if (shape.dim(i) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + shape + " is too large for one region");
      }
      e[i] = (int) shape.dim(i);
    }
    return new Region(new long[e.length], e);
  }

  public int rank() {
    return extent.length;
  }

  public long offset(int axis) {
    return offset[axis];
  }

  public int extent(int axis) {
    return extent[axis];
  }

  /** Exclusive end along {@code axis}. */
  public long end(int axis) {
    return offset[axis] + extent[axis];
  }

  public long[] offsets() {
    return offset.clone();
  }

  public int[] extents() {
    return extent.clone();
  }

  /** Number of elements. */
  public int size() {
    int s = 1;
    for (int e : extent) s *= e;
    return s;
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** The shape of this region's block. */
  public Shape shape() {
    return Shape.of(extent);
  }

  /** True if {@code inner} lies entirely inside this region. */
  public boolean contains(Region inner) {
    if (inner.rank() != rank()) return false;
    for (int i = 0; i < extent.length; i++) {
      if (inner.offset[i] < offset[i] || inner.end(i) > end(i)) return false;
    }
    return true;
  }

  /** The intersection with {@code other}, or null when they do not overlap (an empty box counts as overlapping). */
  public Region intersect(Region other) {
    checkRank(other);
    long[] o = new long[rank()];
    int[] e = new int[rank()];
    for (int i = 0; i < o.length; i++) {
      long lo = Math.max(offset[i], other.offset[i]);
      long hi = Math.min(end(i), other.end(i));
      if (hi < lo) return null;
      o[i] = lo;
      e[i] = (int) (hi - lo);
    }
    return new Region(o, e);
  }

  /** This region with the offset of {@code origin} subtracted (the position inside {@code origin}). */
  public Region relativeTo(Region origin) {
    checkRank(origin);
    long[] o = new long[rank()];
    for (int i = 0; i < o.length; i++) o[i] = offset[i] - origin.offset[i];
    return new Region(o, extent);
  }

  /** This region shifted by {@code origin}'s offset (the inverse of {@link #relativeTo}). */
  public Region translate(Region origin) {
    checkRank(origin);
    long[] o = new long[rank()];
    for (int i = 0; i < o.length; i++) o[i] = offset[i] + origin.offset[i];
    return new Region(o, extent);
  }

  private void checkRank(Region other) {
    if (other.rank() != rank()) {
      throw new IllegalArgumentException(
          "region " + other + " has rank " + other.rank() + " but " + this + " has rank " + rank());
    }
  }

  /** The same region with one axis replaced. */
  public Region withAxis(int axis, long newOffset, int newExtent) {
    long[] o = offset.clone();
    int[] e = extent.clone();
    o[axis] = newOffset;
    e[axis] = newExtent;
    return new Region(o, e);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Region
        && Arrays.equals(offset, ((Region) o).offset)
        && Arrays.equals(extent, ((Region) o).extent);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(offset) + Arrays.hashCode(extent);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < extent.length; i++) {
      if (i > 0) b.append(", ");
      b.append(offset[i]).append(':').append(end(i));
    }
    return b.append(']').toString();
  }
}
