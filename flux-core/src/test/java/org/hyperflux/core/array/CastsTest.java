package org.hyperflux.core.array;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bulk casts agree with numpy's scalar cast semantics, as implemented by {@link Block}'s slow paths. */
class CastsTest {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  @Property(tries = 2000, seed = "31337")
  void unsignedToDoubleRoundsTheExactValueToNearest(@ForAll long bits) {
    double expected = new BigDecimal(new BigInteger(Long.toUnsignedString(bits))).doubleValue();
    assertThat(Casts.unsignedToDouble(bits)).isEqualTo(expected);
  }

  @Test
  void unsignedToDoubleAtTheEdges() {
    assertThat(Casts.unsignedToDouble(0)).isZero();
    assertThat(Casts.unsignedToDouble(-1)).isEqualTo(0x1p64);
    assertThat(Casts.unsignedToDouble(Long.MIN_VALUE)).isEqualTo(0x1p63);
    // 2^63 + 2^11 + 1 lies just above the half-way point between two doubles: rounds up.
    assertThat(Casts.unsignedToDouble(Long.MIN_VALUE + (1L << 10) + 1)).isEqualTo(0x1p63 + 0x1p11);
  }

  @Property(tries = 2000, seed = "2718281828")
  void doubleToUnsignedKeepsTheLow64BitsOfTheTruncatedValue(@ForAll long seed) {
    Random rnd = new Random(seed);
    // Values in [0, 2^64): the uint64 range, where numpy's cast is defined.
    double v = rnd.nextBoolean() ? rnd.nextDouble() * 0x1p64 : rnd.nextDouble() * 1e6;
    long expected = new BigDecimal(v).toBigInteger().mod(TWO_64).longValue();
    assertThat(Casts.doubleToLong(v, true)).as("uint64(%s)", v).isEqualTo(expected);
  }

  @Test
  void doubleToSignedTruncatesTowardZero() {
    assertThat(Casts.doubleToLong(-2.9, false)).isEqualTo(-2);
    assertThat(Casts.doubleToLong(2.9, false)).isEqualTo(2);
    assertThat(Casts.doubleToLong(-1.0, true)).as("negative to uint64 wraps").isEqualTo(-1);
    assertThat(Casts.doubleToLong(Double.NaN, false)).isZero();
  }

  /** A block of {@code n} random values of {@code dtype}, as a view at offset 3 of a larger array. */
  private static Block randomView(DType dtype, int n, Random rnd) {
    Block whole = Block.allocate(dtype, n + 5);
    for (int i = 0; i < whole.length(); i++) {
      switch (dtype) {
        case FLOAT32, FLOAT64 -> whole.setDouble(i, (rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(70)));
        default -> whole.setLong(i, rnd.nextLong());
      }
    }
    return whole.slice(3, n);
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void bulkReadsAgreeWithTheElementPaths(DType dtype) {
    Random rnd = new Random(dtype.ordinal());
    Block src = randomView(dtype, 64, rnd);
    double[] d = new double[60];
    long[] l = new long[60];
    Casts.toDouble(src, 4, d, 60);
    Casts.toLong(src, 4, l, 60);
    for (int i = 0; i < 60; i++) {
      assertThat(d[i]).as("toDouble %s[%d]", dtype, i).isEqualTo(src.getDouble(4 + i));
      assertThat(l[i]).as("toLong %s[%d]", dtype, i).isEqualTo(src.getLong(4 + i));
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void bulkWritesAgreeWithTheElementPaths(DType dtype) {
    Random rnd = new Random(100 + dtype.ordinal());
    double[] d = new double[50];
    long[] l = new long[50];
    for (int i = 0; i < 50; i++) {
      // Doubles inside the int64 range (outside it the C cast is undefined) and some in uint64's upper half.
      d[i] = i % 7 == 0 ? 0x1p63 + rnd.nextDouble() * 0x1p62 : (rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(62));
      l[i] = rnd.nextLong();
    }
    if (dtype != DType.UINT64) {
      for (int i = 0; i < 50; i += 7) d[i] = -d[i] / 4;
    }
    Block bulkD = Block.allocate(dtype, 60).slice(5, 52);
    Block slowD = Block.allocate(dtype, 52);
    Casts.fromDouble(d, bulkD, 2, 50);
    Block bulkL = Block.allocate(dtype, 52);
    Block slowL = Block.allocate(dtype, 52);
    Casts.fromLong(l, bulkL, 2, 50);
    for (int i = 0; i < 50; i++) {
      slowD.setDouble(2 + i, d[i]);
      slowL.setLong(2 + i, l[i]);
    }
    for (int i = 0; i < 52; i++) {
      assertThat(bulkD.getLong(i)).as("fromDouble %s[%d] of %s", dtype, i, i >= 2 ? d[i - 2] : 0).isEqualTo(slowD.getLong(i));
      assertThat(bulkD.getDouble(i)).isEqualTo(slowD.getDouble(i));
      assertThat(bulkL.getLong(i)).as("fromLong %s[%d]", dtype, i).isEqualTo(slowL.getLong(i));
      assertThat(bulkL.getDouble(i)).isEqualTo(slowL.getDouble(i));
    }
  }

  @Test
  void numpyAstypeExamples() {
    // np.array([-1.5, 2.9, 300.7, 65535.9, 70000.2]).astype(t) for several t
    double[] in = {-1.5, 2.9, 300.7, 65535.9, 70000.2};
    assertThat(cast(in, DType.UINT8)).containsExactly(255, 2, 44, 255, 112);
    assertThat(cast(in, DType.INT16)).containsExactly(-1, 2, 300, -1, 4464);
    assertThat(cast(in, DType.UINT16)).containsExactly(65535, 2, 300, 65535, 4464);
    assertThat(cast(in, DType.UINT32)).containsExactly(4294967295L, 2, 300, 65535, 70000);
    assertThat(cast(in, DType.BOOL)).containsExactly(1, 1, 1, 1, 1);
  }

  private static long[] cast(double[] in, DType dtype) {
    Block b = Block.allocate(dtype, in.length);
    Casts.fromDouble(in, b, 0, in.length);
    long[] out = new long[in.length];
    Casts.toLong(b, 0, out, in.length);
    return out;
  }

  @Test
  void uint64RoundTripsThroughDoubleAsNumpy() {
    // np.uint64(2**64 - 1).astype(np.float64) == 2.0**64; exact values below 2^53 survive.
    Block u = Block.wrap(DType.UINT64, new long[] {-1L, (1L << 53) - 1, Long.MIN_VALUE + 4096});
    double[] d = new double[3];
    Casts.toDouble(u, 0, d, 3);
    assertThat(d).containsExactly(0x1p64, 0x1p53 - 1, 0x1p63 + 4096);
    Block back = Block.allocate(DType.UINT64, 2);
    Casts.fromDouble(new double[] {0x1p53 - 1, 0x1p63 + 4096}, back, 0, 2);
    assertThat((long[]) back.array()).containsExactly((1L << 53) - 1, Long.MIN_VALUE + 4096);
  }
}
