package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-storage sum loops against one-line plain loops, on runs with offsets and odd lengths. */
class SumKernelsTest {
  private static final int N = 1003;
  private static final int OFF = 5;
  private static final int LEN = 997;

  @Test
  void longEightAndSixteenBitRunsSumInIntBlocksWithoutOverflow() {
    SplittableRandom r = new SplittableRandom(2);
    // Random runs over several 32768-element blocks, with offsets and ragged ends.
    short[] s = new short[150_003];
    byte[] b = new byte[150_003];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) r.nextInt();
      b[i] = (byte) r.nextInt();
    }
    for (int[] run : new int[][] {{0, 150_003}, {7, 8192}, {3, 40_961}, {1, 12_345}, {2, 3},
        {5, 32_768}, {6, 65_539}}) {
      long signed = 0;
      long unsigned = 0;
      long signedBytes = 0;
      long unsignedBytes = 0;
      for (int i = run[0]; i < run[0] + run[1]; i++) {
        signed += s[i];
        unsigned += Short.toUnsignedLong(s[i]);
        signedBytes += b[i];
        unsignedBytes += Byte.toUnsignedLong(b[i]);
      }
      assertThat(SumKernels.sumI16(s, run[0], run[1])).as("int16 run %s", run[1]).isEqualTo(signed);
      assertThat(SumKernels.sumU16(s, run[0], run[1])).as("uint16 run %s", run[1]).isEqualTo(unsigned);
      assertThat(SumKernels.sumI8(b, run[0], run[1])).as("int8 run %s", run[1]).isEqualTo(signedBytes);
      assertThat(SumKernels.sumU8(b, run[0], run[1])).as("uint8 run %s", run[1]).isEqualTo(unsignedBytes);
    }
    // Extreme values over several blocks: each block's int partial sums must not overflow.
    int n = 5 * 32768 + 7;
    short[] max = new short[n];
    java.util.Arrays.fill(max, (short) 0xFFFF);
    assertThat(SumKernels.sumU16(max, 0, n)).isEqualTo(65535L * n);
    assertThat(SumKernels.sumI16(max, 0, n)).isEqualTo(-1L * n);
    java.util.Arrays.fill(max, Short.MIN_VALUE);
    assertThat(SumKernels.sumI16(max, 0, n)).isEqualTo(-32768L * n);
    java.util.Arrays.fill(max, Short.MAX_VALUE);
    assertThat(SumKernels.sumI16(max, 0, n)).isEqualTo(32767L * n);
    byte[] bytes = new byte[n];
    java.util.Arrays.fill(bytes, (byte) 0xFF);
    assertThat(SumKernels.sumU8(bytes, 0, n)).isEqualTo(255L * n);
    assertThat(SumKernels.sumI8(bytes, 0, n)).isEqualTo(-1L * n);
    java.util.Arrays.fill(bytes, Byte.MIN_VALUE);
    assertThat(SumKernels.sumI8(bytes, 0, n)).isEqualTo(-128L * n);
  }

  @Test
  void integerRunsSumAsWrappedLongs() {
    SplittableRandom r = new SplittableRandom(1);
    byte[] b = new byte[N];
    short[] s = new short[N];
    int[] i32 = new int[N];
    long[] i64 = new long[N];
    boolean[] z = new boolean[N];
    for (int i = 0; i < N; i++) {
      b[i] = (byte) r.nextInt();
      s[i] = (short) r.nextInt();
      i32[i] = r.nextInt();
      i64[i] = r.nextLong();
      z[i] = r.nextBoolean();
    }
    long eb = 0, eub = 0, es = 0, eus = 0, ei = 0, eui = 0, el = 0, ez = 0;
    for (int i = OFF; i < OFF + LEN; i++) {
      eb += b[i];
      eub += Byte.toUnsignedLong(b[i]);
      es += s[i];
      eus += Short.toUnsignedLong(s[i]);
      ei += i32[i];
      eui += Integer.toUnsignedLong(i32[i]);
      el += i64[i];
      ez += z[i] ? 1 : 0;
    }
    assertThat(SumKernels.sumI8(b, OFF, LEN)).isEqualTo(eb);
    assertThat(SumKernels.sumU8(b, OFF, LEN)).isEqualTo(eub);
    assertThat(SumKernels.sumI16(s, OFF, LEN)).isEqualTo(es);
    assertThat(SumKernels.sumU16(s, OFF, LEN)).isEqualTo(eus);
    assertThat(SumKernels.sumI32(i32, OFF, LEN)).isEqualTo(ei);
    assertThat(SumKernels.sumU32(i32, OFF, LEN)).isEqualTo(eui);
    assertThat(SumKernels.sumI64(i64, OFF, LEN)).isEqualTo(el);
    assertThat(SumKernels.sumBool(z, OFF, LEN)).isEqualTo(ez);

    long[] out = new long[LEN + 2];
    long[] expected = new long[LEN + 2];
    SumKernels.addU16(s, OFF, out, 1, LEN);
    SumKernels.addI8(b, OFF, out, 1, LEN);
    SumKernels.addU32(i32, OFF, out, 1, LEN);
    SumKernels.addI64(i64, OFF, out, 1, LEN);
    SumKernels.addBool(z, OFF, out, 1, LEN);
    for (int i = 0; i < LEN; i++) {
      expected[1 + i] = Short.toUnsignedLong(s[OFF + i]) + b[OFF + i] + Integer.toUnsignedLong(i32[OFF + i])
          + i64[OFF + i] + (z[OFF + i] ? 1 : 0);
    }
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void runsStrideApartAddIntoOneOutputRunAsSingleRunsWould() {
    SplittableRandom r = new SplittableRandom(3);
    short[] s = new short[40_000];
    byte[] b = new byte[40_000];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) r.nextInt();
      b[i] = (byte) r.nextInt();
    }
    // Run counts below, at and past multiples of four; strides longer than the runs (gaps) and
    // equal to them (frames back to back); extreme values below.
    for (int runs : new int[] {1, 3, 4, 5, 8, 11}) {
      for (int[] shape : new int[][] {{997, 1003}, {1024, 1024}, {1, 7}}) {
        int n = shape[0];
        int stride = shape[1];
        long[] u16 = new long[n + 3];
        long[] i16 = new long[n + 3];
        long[] u8 = new long[n + 3];
        long[] i8 = new long[n + 3];
        long[][] expected = new long[4][n + 3];
        for (long[] e : expected) e[2] = 17;
        for (long[] out : new long[][] {u16, i16, u8, i8}) out[2] = 17;
        SumKernels.addU16Runs(s, OFF, stride, runs, u16, 2, n);
        SumKernels.addI16Runs(s, OFF, stride, runs, i16, 2, n);
        SumKernels.addU8Runs(b, OFF, stride, runs, u8, 2, n);
        SumKernels.addI8Runs(b, OFF, stride, runs, i8, 2, n);
        for (int k = 0; k < runs; k++) {
          SumKernels.addU16(s, OFF + k * stride, expected[0], 2, n);
          SumKernels.addI16(s, OFF + k * stride, expected[1], 2, n);
          SumKernels.addU8(b, OFF + k * stride, expected[2], 2, n);
          SumKernels.addI8(b, OFF + k * stride, expected[3], 2, n);
        }
        String what = runs + " runs of " + n + " every " + stride;
        assertThat(u16).as("uint16, %s", what).isEqualTo(expected[0]);
        assertThat(i16).as("int16, %s", what).isEqualTo(expected[1]);
        assertThat(u8).as("uint8, %s", what).isEqualTo(expected[2]);
        assertThat(i8).as("int8, %s", what).isEqualTo(expected[3]);
      }
    }
    short[] max = new short[4 * 64];
    java.util.Arrays.fill(max, (short) 0xFFFF);
    long[] out = new long[64];
    SumKernels.addU16Runs(max, 0, 64, 4, out, 0, 64);
    assertThat(out).containsOnly(4 * 65535L);
    java.util.Arrays.fill(max, Short.MIN_VALUE);
    java.util.Arrays.fill(out, 0);
    SumKernels.addI16Runs(max, 0, 64, 4, out, 0, 64);
    assertThat(out).containsOnly(4 * -32768L);
  }

  @Test
  void floatRunsSumInDoubleAndNansumSkipsNaN() {
    SplittableRandom r = new SplittableRandom(2);
    float[] f = new float[N];
    double[] d = new double[N];
    for (int i = 0; i < N; i++) {
      f[i] = (float) (r.nextDouble() * 10 - 3);
      d[i] = r.nextDouble() * 10 - 3;
    }
    double ef = 0, ed = 0, nf = 0, nd = 0, abs = 0;
    for (int i = OFF; i < OFF + LEN; i++) {
      ef += f[i];
      ed += d[i];
      abs += Math.abs(f[i]) + Math.abs(d[i]);
    }
    assertThat(SumKernels.sumF32(f, OFF, LEN)).isCloseTo(ef, org.assertj.core.data.Offset.offset(abs * 1e-14));
    assertThat(SumKernels.sumF64(d, OFF, LEN)).isCloseTo(ed, org.assertj.core.data.Offset.offset(abs * 1e-14));
    for (int i = 0; i < N; i += 7) {
      f[i] = Float.NaN;
      d[i] = Double.NaN;
    }
    for (int i = OFF; i < OFF + LEN; i++) {
      if (!Float.isNaN(f[i])) nf += f[i];
      if (!Double.isNaN(d[i])) nd += d[i];
    }
    assertThat(SumKernels.nansumF32(f, OFF, LEN)).isCloseTo(nf, org.assertj.core.data.Offset.offset(abs * 1e-14));
    assertThat(SumKernels.nansumF64(d, OFF, LEN)).isCloseTo(nd, org.assertj.core.data.Offset.offset(abs * 1e-14));
    assertThat(SumKernels.sumF64(d, OFF, LEN)).isNaN();
    double[] out = new double[LEN];
    SumKernels.nanaddF32(f, OFF, out, 0, LEN);
    SumKernels.nanaddF64(d, OFF, out, 0, LEN);
    for (int i = 0; i < LEN; i++) {
      double x = (Float.isNaN(f[OFF + i]) ? 0 : f[OFF + i]) + (Double.isNaN(d[OFF + i]) ? 0 : d[OFF + i]);
      assertThat(out[i]).isEqualTo(x);
    }
  }
}
