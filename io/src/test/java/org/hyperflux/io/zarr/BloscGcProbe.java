package org.hyperflux.io.zarr;

import com.scalableminds.bloscjava.Blosc;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.testing.HumongousAllocations;

/**
 * Run in a forked JVM with a small heap ({@link BloscGcTest}): three threads decode Blosc(zstd,
 * byte shuffle) chunks of uint16 frames without pause, into typed blocks and into byte arrays,
 * and Zstd and LZ4 chunks, while two others allocate and drop arrays of 1 and 2 MiB ({@link
 * HumongousAllocations}). Prints {@code decoded}, {@code allocations} and {@code error} ({@code
 * none}, or the first failure). Decoding that pins the Java arrays ({@code
 * GetPrimitiveArrayCritical}, as zstd-jni's byte-array calls do) made the allocating threads
 * fail here on JDK 17 ("Retried waiting for GCLocker too often"), on a heap the same
 * allocations fit without it.
 */
public final class BloscGcProbe {
  private static final int FRAME = 256 * 256;
  private static final int FRAMES = 4;
  private static final int DECODERS = 3;

  private BloscGcProbe() {}

  public static void main(String[] args) throws Exception {
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
    byte[] chunk = frames();
    byte[] blosc = Blosc.compress(chunk, 2, Blosc.Compressor.ZSTD, 1, Blosc.Shuffle.BYTE_SHUFFLE,
        0, 1);
    ZstdCodec zstd = new ZstdCodec(1);
    byte[] zstdChunk = zstd.encode(chunk, chunk.length);
    byte[] lz4Chunk = Lz4Codec.INSTANCE.encode(chunk, chunk.length);
    short[] expected = new short[FRAME * FRAMES];
    ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(expected);
    AtomicLong decoded = new AtomicLong();
    AtomicLong allocations = new AtomicLong();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread[] threads = new Thread[DECODERS + 2];
    for (int t = 0; t < DECODERS; t++) {
      threads[t] = new Thread(() -> {
        byte[] bytes = new byte[chunk.length];
        try {
          for (int i = 0; System.nanoTime() < end && error.get() == null; i++) {
            // Checked now and then: the decoding itself is what runs alongside the allocations.
            boolean checked = i % 32 == 0;
            Block block = BloscFrame.decodeBlock(blosc, blosc.length, DType.UINT16,
                ByteOrder.LITTLE_ENDIAN, FRAME * FRAMES);
            check(!checked || Arrays.equals((short[]) block.array(), expected), "typed block");
            BloscFrame.decode(blosc, blosc.length, bytes);
            check(!checked || Arrays.equals(bytes, chunk), "byte chunk");
            if (checked) Arrays.fill(bytes, (byte) 0);
            zstd.decode(zstdChunk, zstdChunk.length, bytes);
            check(!checked || Arrays.equals(bytes, chunk), "zstd chunk");
            if (checked) Arrays.fill(bytes, (byte) 0);
            Lz4Codec.INSTANCE.decode(lz4Chunk, lz4Chunk.length, bytes);
            check(!checked || Arrays.equals(bytes, chunk), "lz4 chunk");
            decoded.incrementAndGet();
          }
        } catch (Throwable e) {
          error.compareAndSet(null, e);
        }
      });
    }
    Thread[] allocating = HumongousAllocations.threads(2, end, allocations, error);
    System.arraycopy(allocating, 0, threads, DECODERS, 2);
    for (Thread t : threads) t.start();
    for (Thread t : threads) t.join();
    System.out.println("decoded=" + decoded.get());
    System.out.println("allocations=" + allocations.get());
    System.out.println("error=" + (error.get() == null ? "none" : error.get().toString()));
  }

  /** Detector-like uint16 frames: a smooth disc and counting noise, so zstd has work to do. */
  private static byte[] frames() {
    ByteBuffer b = ByteBuffer.allocate(2 * FRAME * FRAMES).order(ByteOrder.LITTLE_ENDIAN);
    SplittableRandom r = new SplittableRandom(26);
    for (int f = 0; f < FRAMES; f++) {
      for (int y = 0; y < 256; y++) {
        for (int x = 0; x < 256; x++) {
          int d2 = (x - 128) * (x - 128) + (y - 128) * (y - 128);
          b.putShort((short) ((d2 < 40 * 40 ? 900 : 20) + r.nextInt(16)));
        }
      }
    }
    return b.array();
  }

  private static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what + " decoded to other values");
  }
}
