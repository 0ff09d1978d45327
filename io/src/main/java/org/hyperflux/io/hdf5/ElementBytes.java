package org.hyperflux.io.hdf5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * Stored HDF5 element bytes to flux-core {@link Block}s: the byte-order boundary of DESIGN §2.
 *
 * <p>Plain bytes go through {@link ByteBuffer} views (bulk copies, byte-swapped only when the
 * stored order differs from the platform's). Byte-shuffled bytes (HDF5's shuffle filter: byte
 * {@code j} of element {@code i} at {@code j * n + i}) are unshuffled and converted in one pass,
 * assembling each element from its byte planes straight into the typed array, so a shuffled
 * chunk is never unshuffled into an intermediate byte array. Bool bytes read as {@code true}
 * when non-zero.
 */
final class ElementBytes {
  private ElementBytes() {}

  /** {@code n} elements of {@code dtype} stored at {@code bytes[off..]} in {@code order}, as a new block. */
  static Block toBlock(byte[] bytes, int off, int n, DType dtype, ByteOrder order) {
    ByteBuffer buf = ByteBuffer.wrap(bytes, off, n * dtype.itemSize()).slice().order(order);
    switch (dtype) {
      case BOOL: {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) a[i] = bytes[off + i] != 0;
        return Block.wrap(dtype, a);
      }
      case INT8:
      case UINT8: {
        byte[] a = new byte[n];
        System.arraycopy(bytes, off, a, 0, n);
        return Block.wrap(dtype, a);
      }
      case INT16:
      case UINT16: {
        short[] a = new short[n];
        buf.asShortBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      case INT32:
      case UINT32: {
        int[] a = new int[n];
        buf.asIntBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      case INT64:
      case UINT64: {
        long[] a = new long[n];
        buf.asLongBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      case FLOAT32: {
        float[] a = new float[n];
        buf.asFloatBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      case FLOAT64: {
        double[] a = new double[n];
        buf.asDoubleBuffer().get(a);
        return Block.wrap(dtype, a);
      }
      default:
        throw new AssertionError(dtype);
    }
  }

  /**
   * {@code n} elements of {@code dtype} in HDF5 byte-shuffled form ({@code bytes} holds exactly
   * {@code n * itemSize} bytes), unshuffled and converted from {@code order} in one pass.
   */
  static Block unshuffleToBlock(byte[] s, int n, DType dtype, ByteOrder order) {
    boolean le = order == ByteOrder.LITTLE_ENDIAN;
    switch (dtype.itemSize()) {
      case 1:
        return toBlock(s, 0, n, dtype, order);
      case 2: {
        short[] a = new short[n];
        int lo = le ? 0 : n;
        int hi = le ? n : 0;
        for (int i = 0; i < n; i++) {
          a[i] = (short) ((s[lo + i] & 0xFF) | (s[hi + i] << 8));
        }
        return Block.wrap(dtype, a);
      }
      case 4: {
        int p0 = le ? 0 : 3 * n;
        int p1 = le ? n : 2 * n;
        int p2 = le ? 2 * n : n;
        int p3 = le ? 3 * n : 0;
        if (dtype == DType.FLOAT32) {
          float[] f = new float[n];
          for (int i = 0; i < n; i++) {
            f[i] = Float.intBitsToFloat((s[p0 + i] & 0xFF) | (s[p1 + i] & 0xFF) << 8
                | (s[p2 + i] & 0xFF) << 16 | s[p3 + i] << 24);
          }
          return Block.wrap(dtype, f);
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
          a[i] = (s[p0 + i] & 0xFF) | (s[p1 + i] & 0xFF) << 8 | (s[p2 + i] & 0xFF) << 16
              | s[p3 + i] << 24;
        }
        return Block.wrap(dtype, a);
      }
      case 8: {
        int[] p = new int[8];
        for (int j = 0; j < 8; j++) p[j] = (le ? j : 7 - j) * n;
        if (dtype == DType.FLOAT64) {
          double[] d = new double[n];
          for (int i = 0; i < n; i++) d[i] = Double.longBitsToDouble(gather8(s, p, i));
          return Block.wrap(dtype, d);
        }
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = gather8(s, p, i);
        return Block.wrap(dtype, a);
      }
      default:
        throw new AssertionError(dtype);
    }
  }

  /** Element {@code i} of 8-byte elements from byte planes starting at {@code p[0]} (least significant) .. {@code p[7]}. */
  private static long gather8(byte[] s, int[] p, int i) {
    int lo = (s[p[0] + i] & 0xFF) | (s[p[1] + i] & 0xFF) << 8 | (s[p[2] + i] & 0xFF) << 16
        | s[p[3] + i] << 24;
    int hi = (s[p[4] + i] & 0xFF) | (s[p[5] + i] & 0xFF) << 8 | (s[p[6] + i] & 0xFF) << 16
        | s[p[7] + i] << 24;
    return (lo & 0xFFFF_FFFFL) | (long) hi << 32;
  }

  /**
   * HDF5's unshuffle on plain bytes: {@code bytes.length / size} elements, the leftover bytes (when
   * the length is not a multiple of {@code size}) copied unchanged at the end.
   */
  static byte[] unshuffle(byte[] s, int size) {
    int n = s.length / size;
    if (size <= 1 || n <= 1) return s;
    byte[] out = new byte[s.length];
    for (int j = 0; j < size; j++) {
      int plane = j * n;
      for (int i = 0; i < n; i++) out[i * size + j] = s[plane + i];
    }
    int done = n * size;
    System.arraycopy(s, done, out, done, s.length - done);
    return out;
  }
}
