package org.hyperflux.core.array;

import java.util.Objects;

/**
 * A typed primitive block: {@code length} elements of one {@link DType} stored in a Java array
 * starting at {@code offset}, in C order of the region it holds. Storage per dtype: bool →
 * {@code boolean[]}, int8/uint8 → {@code byte[]}, int16/uint16 → {@code short[]}, int32/uint32 →
 * {@code int[]}, int64/uint64 → {@code long[]}, float32 → {@code float[]}, float64 →
 * {@code double[]}; unsigned values keep their bit pattern. A block may be a view of a larger
 * array ({@link #slice}); it is not thread-safe for concurrent writes.
 */
public final class Block {
  private final DType dtype;
  private final Object array;
  private final int offset;
  private final int length;

  private Block(DType dtype, Object array, int offset, int length) {
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.array = Objects.requireNonNull(array, "array");
    int capacity = java.lang.reflect.Array.getLength(array);
    if (offset < 0 || length < 0 || offset > capacity - length) {
      throw new IllegalArgumentException(
          "block view [" + offset + ", " + (offset + length) + ") is outside an array of length "
              + capacity);
    }
    Class<?> expected = storageClass(dtype);
    if (array.getClass() != expected) {
      throw new IllegalArgumentException(
          "dtype " + dtype.numpyName() + " is stored in " + expected.getSimpleName() + ", not "
              + array.getClass().getSimpleName());
    }
    this.offset = offset;
    this.length = length;
  }

  /** A new zero-filled block. */
  public static Block allocate(DType dtype, int length) {
    return new Block(dtype, newArray(dtype, length), 0, length);
  }

  /** A block over a whole Java array of the dtype's storage class (not copied). */
  public static Block wrap(DType dtype, Object array) {
    return new Block(dtype, array, 0, java.lang.reflect.Array.getLength(array));
  }

  /** A view of part of a Java array (not copied). */
  public static Block wrap(DType dtype, Object array, int offset, int length) {
    return new Block(dtype, array, offset, length);
  }

  /** The Java array class that holds {@code dtype}. */
  public static Class<?> storageClass(DType dtype) {
    switch (dtype) {
      case BOOL: return boolean[].class;
      case INT8: case UINT8: return byte[].class;
      case INT16: case UINT16: return short[].class;
      case INT32: case UINT32: return int[].class;
      case INT64: case UINT64: return long[].class;
      case FLOAT32: return float[].class;
      case FLOAT64: return double[].class;
      default: throw new AssertionError(dtype);
    }
  }

  private static Object newArray(DType dtype, int n) {
    return java.lang.reflect.Array.newInstance(storageClass(dtype).getComponentType(), n);
  }

  public DType dtype() {
    return dtype;
  }

  /** The backing Java array; element i of this block is at {@code array()[offset() + i]}. */
  public Object array() {
    return array;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  /** Bytes of the elements in this view. */
  public long nbytes() {
    return (long) length * dtype.itemSize();
  }

  /** A view of {@code n} elements starting at element {@code from} of this block. */
  public Block slice(int from, int n) {
    if (from < 0 || n < 0 || from > length - n) {
      throw new IndexOutOfBoundsException(
          "slice [" + from + ", " + (from + n) + ") of a block of length " + length);
    }
    return new Block(dtype, array, offset + from, n);
  }

  /** A compact copy that owns its array. */
  public Block copy() {
    Block b = allocate(dtype, length);
    System.arraycopy(array, offset, b.array, 0, length);
    return b;
  }

  /** True if this view covers its whole backing array from index 0. */
  public boolean isCompact() {
    return offset == 0 && length == java.lang.reflect.Array.getLength(array);
  }

  /** Copies {@code n} elements from {@code src[srcPos..]} into this block at {@code pos}; dtypes must match. */
  public void copyFrom(Block src, int srcPos, int pos, int n) {
    if (src.dtype != dtype) {
      throw new IllegalArgumentException(
          "cannot copy " + src.dtype.numpyName() + " into " + dtype.numpyName() + " without a cast");
    }
    // Check against the views, not the backing arrays: a view must not write past its end.
    if (n < 0 || srcPos < 0 || pos < 0 || srcPos > src.length - n || pos > length - n) {
      throw new IndexOutOfBoundsException(
          "copy of " + n + " elements from [" + srcPos + "] of a block of length " + src.length
              + " to [" + pos + "] of a block of length " + length);
    }
    System.arraycopy(src.array, src.offset + srcPos, array, offset + pos, n);
  }

  /** Element i as a double (unsigned values as their unsigned value). Slow path for tests and scalars. */
  public double getDouble(int i) {
    int k = offset + i;
    switch (dtype) {
      case BOOL: return ((boolean[]) array)[k] ? 1 : 0;
      case INT8: return ((byte[]) array)[k];
      case UINT8: return ((byte[]) array)[k] & 0xFF;
      case INT16: return ((short[]) array)[k];
      case UINT16: return ((short[]) array)[k] & 0xFFFF;
      case INT32: return ((int[]) array)[k];
      case UINT32: return ((int[]) array)[k] & 0xFFFFFFFFL;
      case INT64: return ((long[]) array)[k];
      case UINT64: return Casts.unsignedToDouble(((long[]) array)[k]);
      case FLOAT32: return ((float[]) array)[k];
      case FLOAT64: return ((double[]) array)[k];
      default: throw new AssertionError(dtype);
    }
  }

  /** Element i as a long (integers exactly, uint64 as its bit pattern; floats truncated as a C cast). */
  public long getLong(int i) {
    int k = offset + i;
    switch (dtype) {
      case BOOL: return ((boolean[]) array)[k] ? 1 : 0;
      case INT8: return ((byte[]) array)[k];
      case UINT8: return ((byte[]) array)[k] & 0xFF;
      case INT16: return ((short[]) array)[k];
      case UINT16: return ((short[]) array)[k] & 0xFFFF;
      case INT32: return ((int[]) array)[k];
      case UINT32: return ((int[]) array)[k] & 0xFFFFFFFFL;
      case INT64: case UINT64: return ((long[]) array)[k];
      case FLOAT32: return Casts.doubleToLong(((float[]) array)[k], false);
      case FLOAT64: return Casts.doubleToLong(((double[]) array)[k], false);
      default: throw new AssertionError(dtype);
    }
  }

  /** Stores a double at i with numpy's cast to this dtype (truncation toward zero for integers, wrap-around). */
  public void setDouble(int i, double v) {
    int k = offset + i;
    switch (dtype) {
      case BOOL: ((boolean[]) array)[k] = v != 0; break;
      case INT8: case UINT8: ((byte[]) array)[k] = (byte) Casts.doubleToLong(v, false); break;
      case INT16: case UINT16: ((short[]) array)[k] = (short) Casts.doubleToLong(v, false); break;
      case INT32: case UINT32: ((int[]) array)[k] = (int) Casts.doubleToLong(v, false); break;
      case INT64: ((long[]) array)[k] = Casts.doubleToLong(v, false); break;
      case UINT64: ((long[]) array)[k] = Casts.doubleToLong(v, true); break;
      case FLOAT32: ((float[]) array)[k] = (float) v; break;
      case FLOAT64: ((double[]) array)[k] = v; break;
      default: throw new AssertionError(dtype);
    }
  }

  /** Stores an integer at i with numpy's cast to this dtype (wrap-around for narrower integers). */
  public void setLong(int i, long v) {
    int k = offset + i;
    switch (dtype) {
      case BOOL: ((boolean[]) array)[k] = v != 0; break;
      case INT8: case UINT8: ((byte[]) array)[k] = (byte) v; break;
      case INT16: case UINT16: ((short[]) array)[k] = (short) v; break;
      case INT32: case UINT32: ((int[]) array)[k] = (int) v; break;
      case INT64: case UINT64: ((long[]) array)[k] = v; break;
      case FLOAT32: ((float[]) array)[k] = (float) v; break;
      case FLOAT64: ((double[]) array)[k] = v; break;
      default: throw new AssertionError(dtype);
    }
  }

  @Override
  public String toString() {
    return "Block[" + dtype.numpyName() + " x " + length + "]";
  }
}
