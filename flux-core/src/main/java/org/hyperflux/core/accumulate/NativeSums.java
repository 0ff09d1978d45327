package org.hyperflux.core.accumulate;

import java.util.Objects;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.internal.NativeLibraries;

/**
 * Sum kernels of {@link SumKernels} in native code ({@code libhyperflux-core.so}, {@code
 * src/main/c/hyperflux_sums.c}): 8-, 16- and 32-bit integers summed into {@code long}, runs of
 * them added into {@code long} runs (or, for 8 and 16 bits, into {@code int} runs that a sum
 * carries into {@code long} ones before they could overflow), and float32 runs added into {@code
 * double} ones. JDK 17's C2 compiles these widening additions to scalar code, gcc to AVX-512 or
 * AVX2. Warm, a 128 x 128 uint16 frame sums in 1.2 rather than 2.2 µs, and the kernels run at
 * that speed from their first call, with no compilation to wait for: a {@code sum} of a 512 MiB
 * {@code .hspy} file takes about 8 % less time as a process.
 *
 * <p>The results are bit for bit those of the Java loops (exact integer sums, wrapped modulo
 * 2^64; float additions in the same order, per element), so where the library is not loaded
 * ({@link NativeLibraries}: not built, another platform, or {@code -Dhyperflux.native=false}),
 * for runs shorter than {@link #MIN_RUN}, for which a warm Java loop is as fast as the JNI call,
 * and for fewer than {@link #MIN_RUNS} runs added into one output run, the Java loops serve
 * instead. Every index is checked here before the native code copies the arrays in and out
 * piece by piece. It never pins them ({@code GetPrimitiveArrayCritical}):
 * on JDK 17 a garbage collection waits for pinned arrays, and threads allocating meanwhile on a
 * small heap can fail with an {@code OutOfMemoryError} ({@code NativeSumsGcProbe}, a test).
 */
final class NativeSums {
  /** The shortest run worth a JNI call. */
  static final int MIN_RUN = 512;

  /**
   * The fewest runs worth adding natively into one output run, whose elements are copied in and
   * out once per call: fewer are added faster by the Java loops (a single 128 x 128 uint16 frame
   * added into a sum frame: 6.0 µs natively against 3.7 µs; two: 3.7 against 3.7 µs a frame;
   * four: 3.1 against 3.5; eight: 1.9 against 3.2).
   */
  static final int MIN_RUNS = 4;

  private static final String UNAVAILABLE =
      NativeLibraries.load(NativeSums.class, "libhyperflux-core.so");

  private NativeSums() {}

  /** Null when the native kernels are loaded, otherwise why they are not. */
  static String unavailable() {
    return UNAVAILABLE;
  }

  /** Whether runs of {@code n} {@code dtype} elements go to {@link #sum}. */
  static boolean covers(DType dtype, int n) {
    return n >= MIN_RUN && UNAVAILABLE == null && kind(dtype) >= 0;
  }

  /** Whether {@code runs} runs of {@code n} {@code dtype} elements go to {@link #addRuns}. */
  static boolean coversRuns(DType dtype, int n, int runs) {
    return runs >= MIN_RUNS && covers(dtype, n);
  }

  /**
   * Whether runs of {@code n} {@code dtype} elements go to {@link #sum} and are 8- or 16-bit
   * integers, whose sums in {@code double} (a mean's) are exact and so equal to the native sum.
   */
  static boolean coversNarrow(DType dtype, int n) {
    return covers(dtype, n) && kind(dtype) <= 3;
  }

  /** Whether {@code runs} runs of {@code n} {@code dtype} go to {@link #addRunsToDouble}. */
  static boolean coversRunsToDouble(DType dtype, int n, int runs) {
    return runs >= MIN_RUNS && coversNarrow(dtype, n);
  }

  /** Whether {@code runs} runs of {@code n} float32 elements go to {@link #addFloatRuns}. */
  static boolean coversFloatRuns(int n, int runs) {
    return runs >= MIN_RUNS && n >= MIN_RUN && UNAVAILABLE == null;
  }

  /** The sum of {@code a[off, off + n)} as a wrapped {@code long}. */
  static long sum(DType dtype, Object a, int off, int n) {
    int kind = kind(dtype);
    Objects.checkFromIndexSize(off, n, length(kind, a));
    return nativeSum(kind, a, off, n);
  }

  /**
   * {@code out[o + i] += a[off + r * stride + i]} for {@code r < runs}, {@code i < n}, wrapped:
   * the runs of integers that one output run collects.
   */
  static void addRuns(DType dtype, Object a, int off, int stride, int runs, long[] out, int o,
      int n) {
    int kind = kind(dtype);
    if (checkRuns(off, stride, runs, n, length(kind, a), o, out.length)) {
      nativeAddRuns(kind, a, off, stride, runs, out, o, n);
    }
  }

  /**
   * {@code out[o + i] += a[off + r * stride + i]} in {@code int} (modulo 2^32, as Java adds) for
   * {@code r < runs}, {@code i < n}, for 8- and 16-bit integers: a sum's totals kept narrow
   * between carries into {@code long} ones, which the caller makes before they could overflow.
   */
  static void addRunsToInt(DType dtype, Object a, int off, int stride, int runs, int[] out, int o,
      int n) {
    int kind = kind(dtype);
    if (kind < 0 || kind > 3) {
      throw new IllegalArgumentException("not an 8- or 16-bit integer: " + dtype);
    }
    if (checkRuns(off, stride, runs, n, length(kind, a), o, out.length)) {
      nativeAddRunsToInt(kind, a, off, stride, runs, out, o, n);
    }
  }

  /**
   * {@code out[o + i] += a[off + r * stride + i]} in {@code double} for {@code r < runs}, {@code
   * i < n}, for 8- and 16-bit integers (a mean's sums): exact, so the same as one by one.
   */
  static void addRunsToDouble(DType dtype, Object a, int off, int stride, int runs, double[] out,
      int o, int n) {
    int kind = kind(dtype);
    if (kind < 0 || kind > 3) {
      throw new IllegalArgumentException("not an 8- or 16-bit integer: " + dtype);
    }
    if (checkRuns(off, stride, runs, n, length(kind, a), o, out.length)) {
      nativeAddRunsToDouble(kind, a, off, stride, runs, out, o, n);
    }
  }

  /**
   * {@code out[o + i] += a[off + r * stride + i]} in {@code double} for {@code r < runs}, {@code
   * i < n}, in that order; with {@code nan}, NaN adds 0 (numpy's {@code nansum}).
   */
  static void addFloatRuns(float[] a, int off, int stride, int runs, double[] out, int o, int n,
      boolean nan) {
    if (checkRuns(off, stride, runs, n, a.length, o, out.length)) {
      nativeAddFloatRuns(a, off, stride, runs, out, o, n, nan);
    }
  }

  /** Checks that the runs and the output run lie in their arrays; false when there are none. */
  private static boolean checkRuns(int off, int stride, int runs, int n, int length, int o,
      int outLength) {
    if (stride < 0) throw new IllegalArgumentException("negative stride " + stride);
    if (runs <= 0 || n <= 0) return false;
    Objects.checkFromIndexSize(off, (long) (runs - 1) * stride + n, length);
    Objects.checkFromIndexSize(o, n, outLength);
    return true;
  }

  /** The native code's number for {@code dtype}, or -1 where it has no kernel for it. */
  private static int kind(DType dtype) {
    switch (dtype) {
      case INT8: return 0;
      case UINT8: return 1;
      case INT16: return 2;
      case UINT16: return 3;
      case INT32: return 4;
      case UINT32: return 5;
      default: return -1;
    }
  }

  /** The length of {@code a}, which must be the array of {@code kind}'s elements. */
  private static int length(int kind, Object a) {
    if (kind < 0) throw new IllegalArgumentException("no native sum for this dtype");
    if (kind <= 1) return ((byte[]) a).length;
    if (kind <= 3) return ((short[]) a).length;
    return ((int[]) a).length;
  }

  private static native long nativeSum(int kind, Object a, int off, int n);

  private static native void nativeAddRuns(int kind, Object a, int off, int stride, int runs,
      long[] out, int o, int n);

  private static native void nativeAddRunsToInt(int kind, Object a, int off, int stride,
      int runs, int[] out, int o, int n);

  private static native void nativeAddRunsToDouble(int kind, Object a, int off, int stride,
      int runs, double[] out, int o, int n);

  private static native void nativeAddFloatRuns(float[] a, int off, int stride, int runs,
      double[] out, int o, int n, boolean nan);
}
