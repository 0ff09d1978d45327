package org.hyperflux.core.array;

import java.util.Arrays;

/**
 * The extents of an n-dimensional array in C order (last axis fastest). Rank 0 (a scalar) and
 * zero-length axes are legal. Immutable and thread-safe.
 *
 * <pre>{@code Shape s = Shape.of(128, 128, 256, 256); s.size(); // 1073741824 elements}</pre>
 */
public final class Shape {
  private final long[] dims;

  private Shape(long[] dims) {
    for (int axis = 0; axis < dims.length; axis++) {
      if (dims[axis] < 0) {
        throw new IllegalArgumentException(
            "shape extent along axis " + axis + " is negative (" + dims[axis] + "); shape="
                + Arrays.toString(dims));
      }
    }
    this.dims = dims;
    // size() must not overflow: reject shapes with more than Long.MAX_VALUE elements. As numpy,
    // a shape with a zero-length axis holds no elements whatever the other extents are.
    long size = 1;
    for (long d : dims) {
      if (d == 0) return;
    }
    for (long d : dims) {
      if (size > Long.MAX_VALUE / d) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(dims) + " has more than 2^63-1 elements");
      }
      size *= d;
    }
  }

  /** A shape with the given extents (copied). */
  public static Shape of(long... dims) {
    return new Shape(dims.clone());
  }

  /** A shape with the given extents. */
  public static Shape of(int... dims) {
    long[] d = new long[dims.length];
    for (int i = 0; i < dims.length; i++) d[i] = dims[i];
    return new Shape(d);
  }

  /** The scalar shape {@code ()}. */
  public static Shape scalar() {
    return new Shape(new long[0]);
  }

  public int rank() {
    return dims.length;
  }

  /** Extent along {@code axis}. */
  public long dim(int axis) {
    return dims[axis];
  }

  /** A copy of all extents. */
  public long[] dims() {
    return dims.clone();
  }

  /** Number of elements (1 for rank 0, 0 if any axis is empty). */
  public long size() {
    long size = 1;
    for (long d : dims) size *= d;
    return size;
  }

  /** Bytes of the array for a dtype. */
  public long nbytes(DType dtype) {
    long size = size();
    if (size > Long.MAX_VALUE / dtype.itemSize()) {
      throw new IllegalArgumentException(
          "shape " + this + " of " + dtype.numpyName() + " holds more than 2^63-1 bytes");
    }
    return size * dtype.itemSize();
  }

  /** Checks that {@code axis} is valid for this rank, allowing negative axes as numpy; returns it normalised. */
  public int normalizeAxis(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length) {
      throw new IllegalArgumentException(
          "axis " + axis + " is out of bounds for an array of rank " + dims.length);
    }
    return a;
  }

  /** C-order strides in elements. */
  public long[] strides() {
    long[] s = new long[dims.length];
    long acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** numpy style: {@code (128, 128, 256)}, {@code (5,)}, {@code ()}. */
  @Override
  public String toString() {
    return tupleString(dims);
  }

  static String tupleString(long[] values) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) b.append(", ");
      b.append(values[i]);
    }
    if (values.length == 1) b.append(',');
    return b.append(')').toString();
  }
}
