package org.hyperflux.io.internal;

import java.lang.reflect.Array;
import java.util.Objects;

/**
 * Blosc's byte unshuffle, in C, straight into a typed array: in a shuffled block of {@code n}
 * elements of {@code s} bytes, byte {@code j} of element {@code i} is at {@code j * n + i}. HotSpot
 * (JDK 17) does not vectorise the byte interleave this needs and gcc does: on HyperSpy's uint16
 * {@code .zspy} chunks, unshuffling and copying into the {@code short[]} took about a fifth of
 * the decoding threads' time in Java, and now takes a few percent.
 *
 * <p>Part of io's own JNI library ({@link NativeLibrary}); where it is not loaded, {@link
 * #available()} is false and callers unshuffle in Java, with the same results. The arrays are
 * copied piece by piece, never pinned. Thread-safe.
 */
public final class NativeUnshuffle {
  private NativeUnshuffle() {}

  /** True when {@link #unshuffle} can be called. */
  public static boolean available() {
    return NativeLibrary.unavailable() == null;
  }

  /** {@code "loaded"} when {@link #available()}, otherwise why not. */
  public static String status() {
    String unavailable = NativeLibrary.unavailable();
    return unavailable == null ? "loaded" : unavailable;
  }

  /**
   * Puts together the {@code n} elements that {@code src[srcOffset, srcOffset + n * s)} holds
   * byte-shuffled, {@code s} being the element size of {@code out} (a {@code byte[]}, {@code
   * short[]}, {@code int[]}, {@code long[]}, {@code float[]} or {@code double[]}), into {@code
   * out[outOffset, outOffset + n)}. With {@code bigEndian}, the elements are stored big-endian.
   *
   * @throws IllegalStateException when not {@link #available()}
   * @throws IllegalArgumentException when {@code out} is not one of those arrays
   * @throws IndexOutOfBoundsException when a range lies outside its array
   */
  public static void unshuffle(byte[] src, int srcOffset, int n, Object out, int outOffset,
      boolean bigEndian) {
    if (!available()) throw new IllegalStateException("native unshuffle is unavailable: " + status());
    int kind = NativeLibrary.kind(out);
    int size = NativeLibrary.elementSize(kind);
    if (n < 0 || srcOffset < 0 || (long) n * size > src.length - srcOffset) {
      throw new IndexOutOfBoundsException(n + " elements of " + size + " bytes from " + srcOffset
          + " exceed a byte[" + src.length + "]");
    }
    Objects.checkFromIndexSize(outOffset, n, Array.getLength(out));
    unshuffle(src, srcOffset, n, size, out, kind, outOffset, bigEndian);
  }

  private static native void unshuffle(byte[] src, int srcOffset, int n, int size, Object out,
      int kind, int outOffset, boolean bigEndian);
}
