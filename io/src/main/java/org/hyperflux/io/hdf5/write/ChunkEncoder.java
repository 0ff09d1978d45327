package org.hyperflux.io.hdf5.write;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * A chunk's stored bytes: its elements little-endian, then the filters of the dataset's pipeline
 * in order (HDF5 File Format Specification 3.0, §IV.A.2.l): shuffle (filter 2: byte {@code j} of
 * element {@code i} moves to {@code j * n + i}, as libhdf5's {@code H5Z_filter_shuffle}) and
 * deflate (filter 1: a zlib stream, as libhdf5's {@code compress2}). Booleans are stored as the
 * bytes 0 and 1. Thread-safe (no state besides the level). Public so that a benchmark can time
 * exactly what a save does to each chunk ({@code hyperflux bench save}'s limit).
 */
public final class ChunkEncoder {
  private final int level;

  /**
   * An encoder deflating at {@code level}.
   *
   * @throws IllegalArgumentException when {@code level} is not in 0..9
   */
  public ChunkEncoder(int level) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("deflate level must be in 0..9, got " + level);
    }
    this.level = level;
  }

  int level() {
    return level;
  }

  /** The little-endian bytes of {@code block}'s elements. */
  static byte[] littleEndian(Block block) {
    DType dtype = block.dtype();
    int n = block.length();
    int off = block.offset();
    byte[] out = new byte[Math.multiplyExact(n, dtype.itemSize())];
    ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    Object a = block.array();
    switch (dtype) {
      case BOOL -> {
        boolean[] v = (boolean[]) a;
        for (int i = 0; i < n; i++) out[i] = (byte) (v[off + i] ? 1 : 0);
      }
      case INT8, UINT8 -> System.arraycopy((byte[]) a, off, out, 0, n);
      case INT16, UINT16 -> bb.asShortBuffer().put((short[]) a, off, n);
      case INT32, UINT32 -> bb.asIntBuffer().put((int[]) a, off, n);
      case INT64, UINT64 -> bb.asLongBuffer().put((long[]) a, off, n);
      case FLOAT32 -> bb.asFloatBuffer().put((float[]) a, off, n);
      case FLOAT64 -> bb.asDoubleBuffer().put((double[]) a, off, n);
      default -> throw new AssertionError(dtype);
    }
    return out;
  }

  /** HDF5's shuffle of {@code bytes} made of {@code elementSize}-byte elements. */
  static byte[] shuffle(byte[] bytes, int elementSize) {
    if (elementSize == 1) return bytes;
    int n = bytes.length / elementSize;
    byte[] out = new byte[bytes.length];
    for (int j = 0; j < elementSize; j++) {
      int to = j * n;
      for (int i = 0, from = j; i < n; i++, from += elementSize) out[to + i] = bytes[from];
    }
    // Bytes beyond whole elements (none for typed chunks) stay in place, as libhdf5 leaves them.
    System.arraycopy(bytes, n * elementSize, out, n * elementSize, bytes.length - n * elementSize);
    return out;
  }

  /** Bytes {@code [0, length)} of {@code array}. */
  public record Bytes(byte[] array, int length) {}

  /**
   * The zlib stream of {@code bytes} at this encoder's level. The output starts at a quarter of
   * the input and doubles up to zlib's bound when it must: chunks of real data compress (HyperSpy's
   * stem4d about 4.5×), and a chunk-sized output array per chunk was as much garbage again as
   * the input.
   */
  Bytes deflate(byte[] bytes) {
    Deflater d = new Deflater(level);
    try {
      d.setInput(bytes);
      d.finish();
      int bound = bytes.length + bytes.length / 1000 + 64;
      byte[] out = new byte[Math.min(bound, Math.max(4096, bytes.length / 4))];
      int n = 0;
      while (!d.finished()) {
        if (n == out.length) {
          long next = out.length < bound ? Math.min(bound, 2L * out.length) : 2L * out.length;
          out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, next));
        }
        n += d.deflate(out, n, out.length - n);
      }
      return new Bytes(out, n);
    } finally {
      d.end();
    }
  }

  /**
   * {@code shuffle(littleEndian(block), itemSize)} in one pass: byte {@code j} (little-endian) of
   * element {@code i} goes to {@code j * n + i}.
   */
  static byte[] shuffledLittleEndian(Block block) {
    DType dtype = block.dtype();
    int n = block.length();
    int off = block.offset();
    Object a = block.array();
    switch (dtype) {
      case INT16, UINT16 -> {
        short[] v = (short[]) a;
        byte[] out = new byte[2 * n];
        for (int i = 0; i < n; i++) {
          short x = v[off + i];
          out[i] = (byte) x;
          out[n + i] = (byte) (x >>> 8);
        }
        return out;
      }
      case INT32, UINT32, FLOAT32 -> {
        byte[] out = new byte[4 * n];
        for (int i = 0; i < n; i++) {
          int x = dtype == DType.FLOAT32 ? Float.floatToRawIntBits(((float[]) a)[off + i])
              : ((int[]) a)[off + i];
          out[i] = (byte) x;
          out[n + i] = (byte) (x >>> 8);
          out[2 * n + i] = (byte) (x >>> 16);
          out[3 * n + i] = (byte) (x >>> 24);
        }
        return out;
      }
      case INT64, UINT64, FLOAT64 -> {
        byte[] out = new byte[8 * n];
        for (int i = 0; i < n; i++) {
          long x = dtype == DType.FLOAT64 ? Double.doubleToRawLongBits(((double[]) a)[off + i])
              : ((long[]) a)[off + i];
          for (int j = 0; j < 8; j++) out[j * n + i] = (byte) (x >>> (8 * j));
        }
        return out;
      }
      default -> {
        return littleEndian(block); // one-byte elements: shuffle changes nothing
      }
    }
  }

  /** The stored bytes of a full chunk held by {@code block}: shuffled and deflated. */
  public Bytes encode(Block block) {
    return deflate(shuffledLittleEndian(block));
  }
}
