package org.hyperflux.io.internal;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Blosc's byte unshuffle, in C, straight into a typed array: in a shuffled block of {@code n}
 * elements of {@code s} bytes, byte {@code j} of element {@code i} is at {@code j * n + i}. HotSpot
 * (JDK 17) does not vectorise the byte interleave this needs and gcc does: on HyperSpy's uint16
 * {@code .zspy} chunks, unshuffling and copying into the {@code short[]} took about a fifth of
 * the decoding threads' time in Java, and now takes a few percent.
 *
 * <p>Part of io's own JNI library ({@link NativeLibrary}); where it is not loaded, {@link
 * #available()} is false and callers unshuffle in Java, with the same results. The shuffled bytes
 * are read in place from a direct buffer; the array is written piece by piece, never pinned (a
 * pinned array can keep G1 from collecting while others allocate). Thread-safe.
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
   * Puts together the {@code n} elements that the direct buffer {@code src} holds byte-shuffled
   * from byte {@code srcOffset} ({@code n * s} bytes, {@code s} being the element size of {@code
   * out}: a {@code byte[]}, {@code short[]}, {@code int[]}, {@code long[]}, {@code float[]} or
   * {@code double[]}) into {@code out[outOffset, outOffset + n)}. With {@code bigEndian}, the
   * elements are stored big-endian. The buffer's position and limit are ignored and left as they
   * are.
   *
   * @throws IllegalStateException when not {@link #available()}
   * @throws IllegalArgumentException when {@code src} is not direct or {@code out} is not one of
   *     those arrays
   * @throws IndexOutOfBoundsException when a range lies outside its buffer or array
   */
  public static void unshuffle(ByteBuffer src, int srcOffset, int n, Object out, int outOffset,
      boolean bigEndian) {
    if (!available()) throw new IllegalStateException("native unshuffle is unavailable: " + status());
    if (!src.isDirect()) throw new IllegalArgumentException("the shuffled bytes must be in a direct buffer");
    int kind = NativeLibrary.kind(out);
    int size = NativeLibrary.elementSize(kind);
    if (n < 0 || srcOffset < 0 || (long) n * size > src.capacity() - srcOffset) {
      throw new IndexOutOfBoundsException(n + " elements of " + size + " bytes from " + srcOffset
          + " exceed a buffer of " + src.capacity() + " bytes");
    }
    Objects.checkFromIndexSize(outOffset, n, Array.getLength(out));
    unshuffle(src, srcOffset, n, size, out, kind, outOffset, bigEndian);
  }

  private static native void unshuffle(ByteBuffer src, int srcOffset, int n, int size, Object out,
      int kind, int outOffset, boolean bigEndian);
}
