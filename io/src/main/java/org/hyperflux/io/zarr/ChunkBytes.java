package org.hyperflux.io.zarr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * Converts decoded chunk bytes to flux-core {@link Block}s and back: the byte-order boundary of
 * DESIGN §2. Multi-byte types go through {@link ByteBuffer} views (bulk copies, byte-swapped only
 * when the file's order differs from the platform's); one-byte integer types reuse the byte array
 * itself; bool bytes read as {@code true} when non-zero and are written as 0/1.
 */
final class ChunkBytes {
  private ChunkBytes() {}

  /** The first {@code elements} elements of {@code bytes} as a block of {@code dtype} (may share {@code bytes}). */
  static Block toBlock(byte[] bytes, DType dtype, ByteOrder order, int elements) {
    ByteBuffer buf = ByteBuffer.wrap(bytes, 0, elements * dtype.itemSize()).order(order);
    switch (dtype) {
      case BOOL: {
        boolean[] a = new boolean[elements];
        for (int i = 0; i < elements; i++) a[i] = bytes[i] != 0;
        return Block.wrap(dtype, a);
      }
      case INT8:
      case UINT8:
        return Block.wrap(dtype, bytes, 0, elements);
      case INT16:
      case UINT16: {
        short[] a = new short[elements];
        buf.asShortBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      case INT32:
      case UINT32: {
        int[] a = new int[elements];
        buf.asIntBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      case INT64:
      case UINT64: {
        long[] a = new long[elements];
        buf.asLongBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      case FLOAT32: {
        float[] a = new float[elements];
        buf.asFloatBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      case FLOAT64: {
        double[] a = new double[elements];
        buf.asDoubleBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      default:
        throw new AssertionError(dtype);
    }
  }

  /**
   * Copies the {@code length / itemSize} whole elements in {@code bytes[from, from + length)},
   * stored in {@code order}, into the primitive array {@code dst} (short[], int[], long[], float[]
   * or double[]) from element {@code at}.
   */
  static void copyInto(byte[] bytes, int from, int length, ByteOrder order, Object dst, int at) {
    copyInto(ByteBuffer.wrap(bytes), from, length, order, dst, at);
  }

  /** {@link #copyInto(byte[], int, int, ByteOrder, Object, int)} from a buffer, heap or direct. */
  static void copyInto(ByteBuffer bytes, int from, int length, ByteOrder order, Object dst, int at) {
    ByteBuffer buf = bytes.slice(from, length).order(order);
    if (dst instanceof short[] a) {
      buf.asShortBuffer().get(a, at, length / 2);
    } else if (dst instanceof int[] a) {
      buf.asIntBuffer().get(a, at, length / 4);
    } else if (dst instanceof long[] a) {
      buf.asLongBuffer().get(a, at, length / 8);
    } else if (dst instanceof float[] a) {
      buf.asFloatBuffer().get(a, at, length / 4);
    } else if (dst instanceof double[] a) {
      buf.asDoubleBuffer().get(a, at, length / 8);
    } else {
      throw new AssertionError(dst.getClass());
    }
  }

  /** The elements of {@code block} as bytes in {@code order} (a new array of exactly {@code block.nbytes()}). */
  static byte[] toBytes(Block block, ByteOrder order) {
    int n = block.length();
    int off = block.offset();
    byte[] out = new byte[(int) block.nbytes()];
    ByteBuffer buf = ByteBuffer.wrap(out).order(order);
    switch (block.dtype()) {
      case BOOL: {
        boolean[] a = (boolean[]) block.array();
        for (int i = 0; i < n; i++) out[i] = a[off + i] ? (byte) 1 : 0;
        break;
      }
      case INT8:
      case UINT8:
        System.arraycopy(block.array(), off, out, 0, n);
        break;
      case INT16:
      case UINT16:
        buf.asShortBuffer().put((short[]) block.array(), off, n);
        break;
      case INT32:
      case UINT32:
        buf.asIntBuffer().put((int[]) block.array(), off, n);
        break;
      case INT64:
      case UINT64:
        buf.asLongBuffer().put((long[]) block.array(), off, n);
        break;
      case FLOAT32:
        buf.asFloatBuffer().put((float[]) block.array(), off, n);
        break;
      case FLOAT64:
        buf.asDoubleBuffer().put((double[]) block.array(), off, n);
        break;
      default:
        throw new AssertionError(block.dtype());
    }
    return out;
  }
}
