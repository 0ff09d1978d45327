package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.testing.ForkedProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The native sums against the Java loops of {@link SumKernels}, bit for bit: every integer kind
 * and float32, runs across the 32768-element blocks and the native code's pieces (8192 elements
 * summed, 2048 added, at a time), extreme values, checked indices, and other threads'
 * allocations on a small heap. Skipped where {@code libhyperflux-core.so} was not built, and in
 * the build's {@code java-only} run ({@code -Dhyperflux.native=false}), where {@link #loaded}
 * first checks that the library stays unloaded.
 */
class NativeSumsTest {
  private static final boolean TURNED_OFF = "false".equals(System.getProperty("hyperflux.native"));
  private static final boolean BUILT =
      NativeSums.class.getResource("native/linux-x86_64/libhyperflux-core.so") != null;
  private static final DType[] ALL =
      {DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.INT32, DType.UINT32};

  @BeforeAll
  static void loaded() {
    assumeTrue(BUILT, "libhyperflux-core.so was not built (not Linux x86-64, or no gcc)");
    if (TURNED_OFF) {
      assertThat(NativeSums.unavailable()).contains("-Dhyperflux.native=false");
      assertThat(NativeSums.covers(DType.UINT16, 1 << 20)).isFalse();
    }
    assumeTrue(!TURNED_OFF, "turned off for this run");
  }

  @Test
  void loadsFromAPrivateCopyItDeletesAndCoversLongRunsOnly() throws IOException {
    assertThat(NativeSums.unavailable()).isNull();
    String copies = "hyperflux-core-" + ProcessHandle.current().pid() + "-*";
    try (DirectoryStream<Path> left = Files.newDirectoryStream(
        Path.of(System.getProperty("java.io.tmpdir")), copies)) {
      assertThat(left).as("copies of libhyperflux-core.so left in the temporary directory").isEmpty();
    }
    int n = NativeSums.MIN_RUN;
    int runs = NativeSums.MIN_RUNS;
    for (DType t : ALL) {
      assertThat(NativeSums.covers(t, n)).as("%s", t).isTrue();
      assertThat(NativeSums.covers(t, n - 1)).as("%s", t).isFalse();
      assertThat(NativeSums.coversRuns(t, n, runs)).as("%s", t).isTrue();
      assertThat(NativeSums.coversRuns(t, n, runs - 1)).as("%s", t).isFalse();
      assertThat(NativeSums.coversRuns(t, n - 1, runs)).as("%s", t).isFalse();
    }
    assertThat(NativeSums.coversFloatRuns(n, runs)).isTrue();
    assertThat(NativeSums.coversFloatRuns(n - 1, runs)).isFalse();
    assertThat(NativeSums.coversFloatRuns(n, runs - 1)).isFalse();
    for (DType t : new DType[] {DType.BOOL, DType.INT64, DType.UINT64, DType.FLOAT32, DType.FLOAT64}) {
      assertThat(NativeSums.covers(t, 1 << 20)).as("%s", t).isFalse();
    }
  }

  @Test
  void runsSumAsTheJavaLoopsDoBitForBit() {
    SplittableRandom r = new SplittableRandom(7);
    int len = 300_011; // past several 32768-element blocks and 8192-element pieces
    byte[] b = new byte[len];
    short[] s = new short[len];
    int[] i = new int[len];
    for (int k = 0; k < len; k++) {
      b[k] = (byte) r.nextInt();
      s[k] = (short) r.nextInt();
      i[k] = r.nextInt();
    }
    for (int[] run : new int[][] {{0, len}, {3, 256}, {1, 257}, {5, 4099}, {9, 8_191},
        {4, 8_193}, {7, 32_768}, {11, 65_536}, {13, 65_537}, {2, 200_003}, {len - 300, 300}}) {
      int off = run[0];
      int n = run[1];
      for (DType t : ALL) {
        Object a = arrayOf(t, b, s, i);
        assertThat(NativeSums.sum(t, a, off, n)).as("%s, %s from %s", t, n, off)
            .isEqualTo(javaSum(t, a, off, n));
      }
    }
  }

  @Test
  void extremeValuesNeitherOverflowThePartialSumsNorLoseTheWrap() {
    int n = 5 * 32_768 + 7;
    short[] s = new short[n];
    byte[] b = new byte[n];
    Arrays.fill(s, (short) 0xFFFF);
    Arrays.fill(b, (byte) 0xFF);
    assertThat(NativeSums.sum(DType.UINT16, s, 0, n)).isEqualTo(65_535L * n);
    assertThat(NativeSums.sum(DType.INT16, s, 0, n)).isEqualTo(-1L * n);
    assertThat(NativeSums.sum(DType.UINT8, b, 0, n)).isEqualTo(255L * n);
    assertThat(NativeSums.sum(DType.INT8, b, 0, n)).isEqualTo(-1L * n);
    Arrays.fill(s, Short.MIN_VALUE);
    Arrays.fill(b, Byte.MIN_VALUE);
    assertThat(NativeSums.sum(DType.INT16, s, 0, n)).isEqualTo(-32_768L * n);
    assertThat(NativeSums.sum(DType.INT8, b, 0, n)).isEqualTo(-128L * n);
    int[] i = new int[n];
    Arrays.fill(i, -1);
    assertThat(NativeSums.sum(DType.UINT32, i, 0, n)).isEqualTo(0xFFFF_FFFFL * n);
    assertThat(NativeSums.sum(DType.INT32, i, 0, n)).isEqualTo(-1L * n);

    // Into a long that wraps, as Java's additions do.
    long[] out = new long[300];
    Arrays.fill(out, Long.MAX_VALUE);
    NativeSums.addRuns(DType.UINT32, i, 0, 300, 1, out, 0, 300);
    assertThat(out).containsOnly(Long.MAX_VALUE + 0xFFFF_FFFFL);
    short[] frames = new short[4 * 300];
    Arrays.fill(frames, (short) 0xFFFF);
    Arrays.fill(out, Long.MAX_VALUE);
    NativeSums.addRuns(DType.UINT16, frames, 0, 300, 4, out, 0, 300);
    assertThat(out).containsOnly(Long.MAX_VALUE + 4 * 65_535L);
  }

  @Test
  void runsAddIntoAnOutputRunAsTheJavaLoopsDo() {
    SplittableRandom r = new SplittableRandom(11);
    byte[] b = new byte[400_000];
    short[] s = new short[400_000];
    int[] i = new int[400_000];
    for (int k = 0; k < b.length; k++) {
      b[k] = (byte) r.nextInt();
      s[k] = (short) r.nextInt();
      i[k] = r.nextInt();
    }
    // One run: short, long, and longer than a piece.
    for (int n : new int[] {256, 2_048, 2_049, 4097, 70_001}) {
      for (DType t : ALL) {
        Object a = arrayOf(t, b, s, i);
        long[] expected = seeded(n + 4, r);
        long[] out = expected.clone();
        javaAdd(t, a, 9, expected, 3, n);
        NativeSums.addRuns(t, a, 9, n, 1, out, 3, n);
        assertThat(out).as("%s, %s elements", t, n).isEqualTo(expected);
      }
    }
    // Several runs stride apart: counts around multiples of four and past the 16-run groups,
    // frames back to back and with gaps, runs longer than a piece.
    for (int runs : new int[] {1, 3, 4, 5, 16, 17, 37}) {
      for (int[] shape : new int[][] {{256, 256}, {997, 1003}, {2_049, 2_049}, {16_384, 16_384},
          {70_001, 70_001}}) {
        int n = shape[0];
        int stride = shape[1];
        if (9 + (long) (runs - 1) * stride + n > s.length) continue;
        for (DType t : ALL) {
          Object a = arrayOf(t, b, s, i);
          long[] expected = seeded(n + 2, r);
          long[] out = expected.clone();
          for (int k = 0; k < runs; k++) javaAdd(t, a, 9 + k * stride, expected, 2, n);
          NativeSums.addRuns(t, a, 9, stride, runs, out, 2, n);
          assertThat(out).as("%s, %s runs of %s every %s", t, runs, n, stride).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void narrowIntegerRunsAddIntoAnIntRunAsJavaIntsDo() {
    SplittableRandom r = new SplittableRandom(19);
    byte[] b = new byte[200_000];
    short[] s = new short[200_000];
    for (int k = 0; k < b.length; k++) {
      b[k] = (byte) r.nextInt();
      s[k] = (short) r.nextInt();
    }
    for (int runs : new int[] {1, 4, 5, 17}) {
      for (int[] shape : new int[][] {{512, 512}, {2_049, 2_060}, {9_000, 9_000}}) {
        int n = shape[0];
        int stride = shape[1];
        for (DType t : new DType[] {DType.INT8, DType.UINT8, DType.INT16, DType.UINT16}) {
          Object a = arrayOf(t, b, s, null);
          int[] expected = new int[n + 2];
          // Totals near the ends of the int range: the additions wrap as Java's do.
          for (int k = 0; k < expected.length; k++) expected[k] = r.nextInt();
          int[] out = expected.clone();
          for (int k = 0; k < runs; k++) {
            int from = 9 + k * stride;
            for (int i = 0; i < n; i++) expected[2 + i] += (int) element(t, a, from + i);
          }
          NativeSums.addRunsToInt(t, a, 9, stride, runs, out, 2, n);
          assertThat(out).as("%s, %s runs of %s every %s", t, runs, n, stride).isEqualTo(expected);
        }
      }
    }
    assertThatThrownBy(() -> NativeSums.addRunsToInt(DType.INT32, new int[600], 0, 512, 1,
        new int[512], 0, 512)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A sum part keeps 8- and 16-bit runs in int totals and carries them into its long ones before
   * they could overflow: extreme values over more runs than the int totals hold equal the exact
   * sums, read at any point.
   */
  @Test
  void sumPartsCarryTheirIntTotalsBeforeTheyOverflow() {
    int n = 512;
    int runs = 8;
    int calls = ReductionPart.LongSum.NARROW_RUNS / runs + 3;
    for (DType t : new DType[] {DType.UINT16, DType.INT16, DType.UINT8, DType.INT8}) {
      short[] s = new short[runs * n];
      byte[] b = new byte[runs * n];
      Arrays.fill(s, t == DType.UINT16 ? (short) 0xFFFF : Short.MIN_VALUE);
      Arrays.fill(b, t == DType.UINT8 ? (byte) 0xFF : Byte.MIN_VALUE);
      Object a = arrayOf(t, b, s, null);
      long value = (long) element(t, a, 0);
      Block block = Block.wrap(t, a);
      ReductionPart part =
          ReductionPart.create(Reduction.SUM, t, 0, new long[] {0}, new int[] {n});
      ReductionPart.Scratch scratch = new ReductionPart.Scratch();
      for (int c = 0; c < calls; c++) {
        part.addRuns(block, 0, n, n, runs, 0, scratch);
        if (c == calls / 2) {
          long[] half = (long[]) part.toBlock(DType.INT64, false).array();
          assertThat(half).as("%s after %s runs", t, (c + 1) * runs)
              .containsOnly(value * (c + 1) * runs);
        }
      }
      long[] total = (long[]) part.toBlock(DType.INT64, false).array();
      assertThat((long) calls * runs).isGreaterThan(ReductionPart.LongSum.NARROW_RUNS);
      assertThat(total).as("%s after %s runs", t, calls * runs).containsOnly(value * calls * runs);
    }
  }

  @Test
  void narrowIntegerRunsAddIntoADoubleRunAsOneByOne() {
    SplittableRandom r = new SplittableRandom(17);
    byte[] b = new byte[200_000];
    short[] s = new short[200_000];
    for (int k = 0; k < b.length; k++) {
      b[k] = (byte) r.nextInt();
      s[k] = (short) r.nextInt();
    }
    for (int runs : new int[] {1, 3, 4, 5, 17}) {
      for (int[] shape : new int[][] {{512, 512}, {2_049, 2_060}, {9_000, 9_000}}) {
        int n = shape[0];
        int stride = shape[1];
        for (DType t : new DType[] {DType.INT8, DType.UINT8, DType.INT16, DType.UINT16}) {
          Object a = arrayOf(t, b, s, null);
          double[] expected = new double[n + 2];
          for (int k = 0; k < expected.length; k++) expected[k] = r.nextInt(1 << 30) - (1 << 29);
          double[] out = expected.clone();
          for (int k = 0; k < runs; k++) {
            int from = 9 + k * stride;
            for (int i = 0; i < n; i++) expected[2 + i] += element(t, a, from + i);
          }
          NativeSums.addRunsToDouble(t, a, 9, stride, runs, out, 2, n);
          assertThat(out).as("%s, %s runs of %s every %s", t, runs, n, stride).isEqualTo(expected);
        }
      }
    }
    assertThatThrownBy(() -> NativeSums.addRunsToDouble(DType.INT32, new int[600], 0, 512, 1,
        new double[512], 0, 512)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void floatRunsAddIntoADoubleRunAsTheJavaLoopsDoBitForBit() {
    SplittableRandom r = new SplittableRandom(13);
    float[] f = new float[400_000];
    for (int k = 0; k < f.length; k++) {
      // Magnitudes over many decades, so that the order of the additions shows in the bits.
      f[k] = (float) ((r.nextDouble() - 0.3) * Math.pow(10, r.nextInt(12) - 6));
      if (r.nextInt(50) == 0) f[k] = Float.NaN;
    }
    f[20] = -0.0f;
    for (int runs : new int[] {1, 3, 4, 5, 16, 17, 37}) {
      for (int[] shape : new int[][] {{256, 256}, {1024, 1031}, {2_049, 2_049}, {16_384, 16_384},
          {70_001, 70_001}}) {
        int n = shape[0];
        int stride = shape[1];
        if (9 + (long) (runs - 1) * stride + n > f.length) continue;
        for (boolean nan : new boolean[] {false, true}) {
          double[] expected = new double[n + 2];
          for (int k = 0; k < expected.length; k++) expected[k] = (r.nextDouble() - 0.5) * 1e3;
          expected[3] = -0.0;
          double[] out = expected.clone();
          for (int k = 0; k < runs; k++) {
            if (nan) SumKernels.nanaddF32(f, 9 + k * stride, expected, 2, n);
            else SumKernels.addF32(f, 9 + k * stride, expected, 2, n);
          }
          NativeSums.addFloatRuns(f, 9, stride, runs, out, 2, n, nan);
          String what = (nan ? "nansum, " : "sum, ") + runs + " runs of " + n + " every " + stride;
          assertThat(out).as(what).isEqualTo(expected);
        }
      }
    }
  }

  /** Sums never make the allocations of other threads fail: see {@link NativeSumsGcProbe}. */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void sumsAlongsideLargeAllocationsOnASmallHeapLeaveThemRoom() throws Exception {
    Map<String, String> values = ForkedProbe.run(NativeSumsGcProbe.class, 48, 1, "1500");
    assertThat(values.get("error")).isEqualTo("none");
    assertThat(Long.parseLong(values.get("sums"))).isPositive();
    assertThat(Long.parseLong(values.get("allocations"))).isPositive();
  }

  @Test
  void indicesOutsideTheArraysAndArraysOfTheWrongKindAreRefusedBeforeTheNativeCode() {
    short[] s = new short[1000];
    long[] out = new long[1000];
    assertThatThrownBy(() -> NativeSums.sum(DType.UINT16, s, 800, 256))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> NativeSums.sum(DType.UINT16, s, -1, 256))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> NativeSums.addRuns(DType.UINT16, s, 0, 256, 1, out, 900, 256))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> NativeSums.addFloatRuns(new float[1000], 0, 256, 4, new double[256],
        0, 256, false)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> NativeSums.addRuns(DType.UINT16, s, 0, 300, 4, out, 0, 256))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> NativeSums.addRuns(DType.UINT16, s, 999, -300, 3, out, 0, 256))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NativeSums.sum(DType.INT32, s, 0, 256))
        .isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> NativeSums.addRuns(DType.FLOAT32, new float[1000], 0, 256, 2, out, 0,
        256)).isInstanceOf(IllegalArgumentException.class);
    assertThat(out).containsOnly(0L);
  }

  private static long[] seeded(int n, SplittableRandom r) {
    long[] a = new long[n];
    for (int k = 0; k < n; k++) a[k] = r.nextLong();
    return a;
  }

  /** Whichever of the arrays holds {@code t}'s elements. */
  private static Object arrayOf(DType t, byte[] b, short[] s, int[] i) {
    if (t == DType.INT8 || t == DType.UINT8) return b;
    return t == DType.INT16 || t == DType.UINT16 ? s : i;
  }

  /** Element {@code i} of an 8- or 16-bit array of {@code t}, as a number. */
  private static long element(DType t, Object a, int i) {
    switch (t) {
      case INT8: return ((byte[]) a)[i];
      case UINT8: return ((byte[]) a)[i] & 0xFF;
      case INT16: return ((short[]) a)[i];
      default: return ((short[]) a)[i] & 0xFFFF;
    }
  }

  private static long javaSum(DType t, Object a, int off, int n) {
    switch (t) {
      case INT8: return SumKernels.sumI8((byte[]) a, off, n);
      case UINT8: return SumKernels.sumU8((byte[]) a, off, n);
      case INT16: return SumKernels.sumI16((short[]) a, off, n);
      case UINT16: return SumKernels.sumU16((short[]) a, off, n);
      case INT32: return SumKernels.sumI32((int[]) a, off, n);
      default: return SumKernels.sumU32((int[]) a, off, n);
    }
  }

  private static void javaAdd(DType t, Object a, int off, long[] out, int o, int n) {
    switch (t) {
      case INT8: SumKernels.addI8((byte[]) a, off, out, o, n); break;
      case UINT8: SumKernels.addU8((byte[]) a, off, out, o, n); break;
      case INT16: SumKernels.addI16((short[]) a, off, out, o, n); break;
      case UINT16: SumKernels.addU16((short[]) a, off, out, o, n); break;
      case INT32: SumKernels.addI32((int[]) a, off, out, o, n); break;
      default: SumKernels.addU32((int[]) a, off, out, o, n); break;
    }
  }
}
