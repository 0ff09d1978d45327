package org.hyperflux.io.zarr;

import com.scalableminds.bloscjava.Blosc;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.hyperflux.core.array.DType;

/**
 * Prints the single-thread decode speed of the Java Blosc path ({@link BloscFrame}: zstd blocks
 * with a pooled context), into bytes and into a uint16 block, against blosc-java's {@code Blosc.decompress} on
 * shuffled uint16 zstd frames shaped like HyperSpy's {@code .zspy} chunks (Blosc(zstd, clevel 1,
 * byte shuffle), 32 KiB blocks, counts like ../shared/bench's stem4d). Not a test: run it by hand, e.g.
 * {@code java -cp ... org.hyperflux.io.zarr.BloscDecodeSpeed [MiB per chunk] [chunks] [rounds]}.
 */
public final class BloscDecodeSpeed {
  private BloscDecodeSpeed() {}

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int chunks = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Random random = new Random(7);
    byte[][] frames = new byte[chunks][];
    int bytes = mib << 20;
    long compressed = 0;
    for (int c = 0; c < chunks; c++) {
      byte[] data = new byte[bytes];
      for (int i = 0; i < bytes / 2; i++) {
        // ../shared/bench's stem4d: 128x128 frames, a disc of mean 202 on a background of mean 2,
        // Poisson counts.
        int px = i % (128 * 128);
        boolean disc = Math.hypot(px % 128 - 64, px / 128 - 64) < 16;
        int v = disc ? (int) Math.max(0, Math.round(202 + random.nextGaussian() * Math.sqrt(202)))
            : poisson2(random);
        data[2 * i] = (byte) v;
        data[2 * i + 1] = (byte) (v >>> 8);
      }
      frames[c] = Blosc.compress(data, 2, Blosc.Compressor.ZSTD, 1, Blosc.Shuffle.BYTE_SHUFFLE, 32768, 1);
      compressed += frames[c].length;
      byte[] check = new byte[bytes];
      BloscFrame.decode(frames[c], frames[c].length, check);
      if (!Arrays.equals(check, Blosc.decompress(frames[c], 1))) throw new AssertionError("paths differ");
    }
    System.out.printf("%d chunks of %d MiB uint16, Blosc(zstd, 1, shuffle), 32 KiB blocks: %.1f MB compressed%n",
        chunks, mib, compressed / 1e6);
    byte[] out = new byte[bytes];
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      for (byte[] f : frames) BloscFrame.decode(f, f.length, out);
      long t1 = System.nanoTime();
      for (byte[] f : frames) System.arraycopy(Blosc.decompress(f, 1), 0, out, 0, bytes);
      long t2 = System.nanoTime();
      for (byte[] f : frames) {
        BloscFrame.decodeBlock(f, f.length, DType.UINT16, ByteOrder.LITTLE_ENDIAN, bytes / 2);
      }
      long t3 = System.nanoTime();
      double gb = (double) chunks * bytes / 1e9;
      System.out.printf("round %d: java %.3f GB/s, into uint16 %.3f GB/s, blosc-java %.3f GB/s"
          + " (ratio %.2f)%n", round, gb / ((t1 - t0) / 1e9), gb / ((t3 - t2) / 1e9),
          gb / ((t2 - t1) / 1e9), (double) (t2 - t1) / (t1 - t0));
    }
  }

  /** A Poisson(2) count (Knuth's method). */
  private static int poisson2(Random random) {
    double limit = Math.exp(-2);
    double p = random.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= random.nextDouble();
      k++;
    }
    return k;
  }
}
