package org.hyperflux.io.internal;

import org.hyperflux.core.internal.NativeLibraries;

/**
 * {@code libhyperflux-io.so}, io's own JNI library ({@code src/main/c}), loaded once, when first
 * needed, by {@link NativeLibraries}. It holds {@link Libdeflate}'s binding and {@link
 * NativeUnshuffle}. {@code -Dhyperflux.native=false} leaves it unloaded: both then report
 * themselves unavailable and their callers use the Java paths, with the same results.
 */
final class NativeLibrary {
  private static final String NAME = "libhyperflux-io.so";

  /** Element sizes of the array kinds of {@link #kind}. */
  private static final int[] SIZES = {1, 2, 4, 8, 4, 8};

  private NativeLibrary() {}

  /** Null when the library is loaded, otherwise why it is not. */
  static String unavailable() {
    return Loaded.UNAVAILABLE;
  }

  /**
   * The native side's code for an array class: 0 {@code byte[]}, 1 {@code short[]}, 2 {@code
   * int[]}, 3 {@code long[]}, 4 {@code float[]}, 5 {@code double[]}.
   *
   * @throws IllegalArgumentException for any other object
   */
  static int kind(Object array) {
    if (array instanceof byte[]) return 0;
    if (array instanceof short[]) return 1;
    if (array instanceof int[]) return 2;
    if (array instanceof long[]) return 3;
    if (array instanceof float[]) return 4;
    if (array instanceof double[]) return 5;
    throw new IllegalArgumentException("not a primitive numeric array: "
        + (array == null ? "null" : array.getClass().getSimpleName()));
  }

  /** The element size, in bytes, of the arrays of {@code kind}. */
  static int elementSize(int kind) {
    return SIZES[kind];
  }

  /** Loads the library once, on first use; {@code UNAVAILABLE} is null when it worked. */
  private static final class Loaded {
    static final String UNAVAILABLE = NativeLibraries.load(NativeLibrary.class, NAME);
  }
}
