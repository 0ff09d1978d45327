package org.hyperflux.core.accumulate;

/**
 * The hot loops of sums: one tight loop per storage type, over the primitive arrays themselves,
 * with no conversion pass, no boxing and no per-element call. Two shapes of loop cover every
 * tile once its axes are coalesced (see {@link ReductionAccumulator}):
 *
 * <ul>
 *   <li>{@code sumXxx(a, off, n)}: a contiguous run of reduced elements folded into one value
 *       (a navigator: sum over the trailing signal axes);
 *   <li>{@code addXxx(a, off, out, o, n)}: a contiguous run of kept elements added elementwise
 *       into a contiguous run of the output (a sum frame: sum over the leading axes).
 * </ul>
 *
 * <p>Integer sums accumulate in {@code long} with two's-complement wrap-around, which is exactly
 * numpy's int64/uint64 sum (unsigned values are masked, so {@code uint64} wraps modulo 2^64 on
 * the same bits). Float sums accumulate in {@code double}; a run is summed in four interleaved
 * lanes added pairwise at the end, which is both faster than one dependent chain and a little
 * more accurate, and deterministic for a given run.
 *
 * <p>Where flux-core's native library is loaded, {@link NativeSums} sums the long runs of 8-, 16-
 * and 32-bit integers, and adds many such runs, or float32 ones, into one output run, with the
 * same results bit for bit.
 */
final class SumKernels {
  private SumKernels() {}

  // ---- contiguous run → one value ----

  static long sumBool(boolean[] a, int off, int n) {
    long s = 0;
    for (int i = off, end = off + n; i < end; i++) s += a[i] ? 1 : 0;
    return s;
  }

  // Runs of 8- and 16-bit values are summed in blocks of BLOCK elements into two int partial
  // sums, and each block's total is added to a long before a partial sum can overflow: at most
  // BLOCK / 2 = 16384 additions of |v| <= 65535 each. On this project's machines a 128 x 128
  // uint16 frame sums 2.7 times as fast as through int lanes when it is in cache (as the deferred
  // decoders leave it), 1.8 times from memory. Two partial sums run as fast as four (3.25 µs a
  // frame) and C2 compiles them in about half the time (15 against 37 ms in a 'sum' process,
  // where that compilation competes with the sum for the cores).
  private static final int BLOCK = 32768;

  static long sumI8(byte[] a, int off, int n) {
    long s = 0;
    int end = off + n;
    int i = off;
    while (end - i >= 2) {
      int stop = i + Math.min(BLOCK, (end - i) & ~1);
      int t0 = 0, t1 = 0;
      for (; i < stop; i += 2) {
        t0 += a[i];
        t1 += a[i + 1];
      }
      s += (long) t0 + t1;
    }
    for (; i < end; i++) s += a[i];
    return s;
  }

  static long sumU8(byte[] a, int off, int n) {
    long s = 0;
    int end = off + n;
    int i = off;
    while (end - i >= 2) {
      int stop = i + Math.min(BLOCK, (end - i) & ~1);
      int t0 = 0, t1 = 0;
      for (; i < stop; i += 2) {
        t0 += a[i] & 0xFF;
        t1 += a[i + 1] & 0xFF;
      }
      s += (long) t0 + t1;
    }
    for (; i < end; i++) s += a[i] & 0xFF;
    return s;
  }

  static long sumI16(short[] a, int off, int n) {
    long s = 0;
    int end = off + n;
    int i = off;
    while (end - i >= 2) {
      int stop = i + Math.min(BLOCK, (end - i) & ~1);
      int t0 = 0, t1 = 0;
      for (; i < stop; i += 2) {
        t0 += a[i];
        t1 += a[i + 1];
      }
      s += (long) t0 + t1;
    }
    for (; i < end; i++) s += a[i];
    return s;
  }

  static long sumU16(short[] a, int off, int n) {
    long s = 0;
    int end = off + n;
    int i = off;
    while (end - i >= 2) {
      int stop = i + Math.min(BLOCK, (end - i) & ~1);
      int t0 = 0, t1 = 0;
      for (; i < stop; i += 2) {
        t0 += a[i] & 0xFFFF;
        t1 += a[i + 1] & 0xFFFF;
      }
      s += (long) t0 + t1;
    }
    for (; i < end; i++) s += a[i] & 0xFFFF;
    return s;
  }

  static long sumI32(int[] a, int off, int n) {
    long s = 0;
    for (int i = off, end = off + n; i < end; i++) s += a[i];
    return s;
  }

  static long sumU32(int[] a, int off, int n) {
    long s = 0;
    for (int i = off, end = off + n; i < end; i++) s += a[i] & 0xFFFFFFFFL;
    return s;
  }

  /** int64 and uint64 alike: the wrapped sum has the same bits either way. */
  static long sumI64(long[] a, int off, int n) {
    long s = 0;
    for (int i = off, end = off + n; i < end; i++) s += a[i];
    return s;
  }

  static double sumF32(float[] a, int off, int n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = off;
    int end = off + n;
    for (int end4 = off + (n & ~3); i < end4; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) s0 += a[i];
    return (s0 + s1) + (s2 + s3);
  }

  static double sumF64(double[] a, int off, int n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = off;
    int end = off + n;
    for (int end4 = off + (n & ~3); i < end4; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) s0 += a[i];
    return (s0 + s1) + (s2 + s3);
  }

  /** The sum of the non-NaN elements (numpy's {@code nansum}: NaN counts as 0). */
  static double nansumF32(float[] a, int off, int n) {
    double s0 = 0, s1 = 0;
    int i = off;
    int end = off + n;
    for (int end2 = off + (n & ~1); i < end2; i += 2) {
      float x = a[i];
      float y = a[i + 1];
      s0 += x == x ? x : 0;
      s1 += y == y ? y : 0;
    }
    for (; i < end; i++) {
      float x = a[i];
      s0 += x == x ? x : 0;
    }
    return s0 + s1;
  }

  static double nansumF64(double[] a, int off, int n) {
    double s0 = 0, s1 = 0;
    int i = off;
    int end = off + n;
    for (int end2 = off + (n & ~1); i < end2; i += 2) {
      double x = a[i];
      double y = a[i + 1];
      s0 += x == x ? x : 0;
      s1 += y == y ? y : 0;
    }
    for (; i < end; i++) {
      double x = a[i];
      s0 += x == x ? x : 0;
    }
    return s0 + s1;
  }

  // ---- contiguous run added elementwise into a contiguous output run ----

  static void addBool(boolean[] a, int off, long[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i] ? 1 : 0;
  }

  static void addI8(byte[] a, int off, long[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i];
  }

  static void addU8(byte[] a, int off, long[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i] & 0xFF;
  }

  static void addI16(short[] a, int off, long[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i];
  }

  static void addU16(short[] a, int off, long[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i] & 0xFFFF;
  }

  // ---- several runs, stride apart, added into the same output run ----
  //
  // Four runs are added together in int (four 16-bit values cannot overflow it) before one
  // read-modify-write of the long output: a sum frame of uint16 frames, 25 % faster than four
  // passes of addU16 on this project's machines. The sums are exact, so the order does not show.

  static void addI8Runs(byte[] a, int off, int stride, int runs, long[] out, int o, int n) {
    int r = 0;
    for (; runs - r >= 4; r += 4) {
      int p0 = off + r * stride;
      int p1 = p0 + stride;
      int p2 = p1 + stride;
      int p3 = p2 + stride;
      for (int i = 0; i < n; i++) out[o + i] += a[p0 + i] + a[p1 + i] + a[p2 + i] + a[p3 + i];
    }
    for (; r < runs; r++) addI8(a, off + r * stride, out, o, n);
  }

  static void addU8Runs(byte[] a, int off, int stride, int runs, long[] out, int o, int n) {
    int r = 0;
    for (; runs - r >= 4; r += 4) {
      int p0 = off + r * stride;
      int p1 = p0 + stride;
      int p2 = p1 + stride;
      int p3 = p2 + stride;
      for (int i = 0; i < n; i++) {
        out[o + i] += (a[p0 + i] & 0xFF) + (a[p1 + i] & 0xFF) + (a[p2 + i] & 0xFF)
            + (a[p3 + i] & 0xFF);
      }
    }
    for (; r < runs; r++) addU8(a, off + r * stride, out, o, n);
  }

  static void addI16Runs(short[] a, int off, int stride, int runs, long[] out, int o, int n) {
    int r = 0;
    for (; runs - r >= 4; r += 4) {
      int p0 = off + r * stride;
      int p1 = p0 + stride;
      int p2 = p1 + stride;
      int p3 = p2 + stride;
      for (int i = 0; i < n; i++) out[o + i] += a[p0 + i] + a[p1 + i] + a[p2 + i] + a[p3 + i];
    }
    for (; r < runs; r++) addI16(a, off + r * stride, out, o, n);
  }

  static void addU16Runs(short[] a, int off, int stride, int runs, long[] out, int o, int n) {
    int r = 0;
    for (; runs - r >= 4; r += 4) {
      int p0 = off + r * stride;
      int p1 = p0 + stride;
      int p2 = p1 + stride;
      int p3 = p2 + stride;
      for (int i = 0; i < n; i++) {
        out[o + i] += (a[p0 + i] & 0xFFFF) + (a[p1 + i] & 0xFFFF) + (a[p2 + i] & 0xFFFF)
            + (a[p3 + i] & 0xFFFF);
      }
    }
    for (; r < runs; r++) addU16(a, off + r * stride, out, o, n);
  }

  static void addI32(int[] a, int off, long[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i];
  }

  static void addU32(int[] a, int off, long[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i] & 0xFFFFFFFFL;
  }

  static void addI64(long[] a, int off, long[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i];
  }

  static void addF32(float[] a, int off, double[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i];
  }

  static void addF64(double[] a, int off, double[] out, int o, int n) {
    for (int i = 0; i < n; i++) out[o + i] += a[off + i];
  }

  static void nanaddF32(float[] a, int off, double[] out, int o, int n) {
    for (int i = 0; i < n; i++) {
      float x = a[off + i];
      out[o + i] += x == x ? x : 0;
    }
  }

  static void nanaddF64(double[] a, int off, double[] out, int o, int n) {
    for (int i = 0; i < n; i++) {
      double x = a[off + i];
      out[o + i] += x == x ? x : 0;
    }
  }
}
