package org.hyperflux.io.internal;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Random primitive arrays and the bytes a file stores them as, for the native library's tests. */
final class TypedArrays {
  private TypedArrays() {}

  /** {@code n} random elements of {@code type}: byte, short, int, long, float or double. */
  static Object randomArray(String type, int n, Random r) {
    switch (type) {
      case "byte": {
        byte[] a = new byte[n];
        r.nextBytes(a);
        return a;
      }
      case "short": {
        short[] a = new short[n];
        for (int i = 0; i < n; i++) a[i] = (short) (r.nextInt(1 << 12) + (i % 3 == 0 ? 40000 : 0));
        return a;
      }
      case "int": {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt() >> (i % 20);
        return a;
      }
      case "long": {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = r.nextLong() >> (i % 50);
        return a;
      }
      case "float": {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian() * 100;
        return a;
      }
      case "double": {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian() * 1e5;
        return a;
      }
      default:
        throw new AssertionError(type);
    }
  }

  /** The element size, in bytes, of a primitive numeric array. */
  static int itemSize(Object array) {
    if (array instanceof byte[]) return 1;
    if (array instanceof short[]) return 2;
    if (array instanceof int[] || array instanceof float[]) return 4;
    return 8;
  }

  /** The elements as a file stores them in {@code order}. */
  static byte[] storedBytes(Object array, int n, int size, ByteOrder order) {
    ByteBuffer b = ByteBuffer.allocate(n * size).order(order);
    for (int i = 0; i < n; i++) {
      if (array instanceof byte[] a) b.put(a[i]);
      else if (array instanceof short[] a) b.putShort(a[i]);
      else if (array instanceof int[] a) b.putInt(a[i]);
      else if (array instanceof long[] a) b.putLong(a[i]);
      else if (array instanceof float[] a) b.putFloat(a[i]);
      else b.putDouble(((double[]) array)[i]);
    }
    return b.array();
  }

  /** HDF5's and Blosc's byte shuffle: byte {@code j} of every element, then byte {@code j + 1}. */
  static byte[] shuffle(byte[] bytes, int n, int size) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < size; j++) out[j * n + i] = bytes[i * size + j];
    }
    return out;
  }

  /** The first {@code n} elements of a primitive array, boxed, for one equality check. */
  static Object[] prefix(Object array, int n) {
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) out[i] = Array.get(array, i);
    return out;
  }
}
