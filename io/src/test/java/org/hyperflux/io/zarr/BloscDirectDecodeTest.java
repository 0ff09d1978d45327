package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.scalableminds.bloscjava.Blosc;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.DeferredChunk;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link BloscFrame#decodeBlock} (Blosc blocks decoded into a scratch buffer and unshuffled or
 * copied straight into the typed array) equals the byte path ({@link BloscFrame#decode} into a
 * chunk-sized byte array, then {@link ChunkBytes#toBlock}) bit for bit: every dtype, little and
 * big endian, no shuffle and byte shuffle, frame typesizes 1, 2, 4 and 8 (equal to the item size or
 * not), block sizes that leave a partial last Blosc block or do not divide into elements, stored
 * uncompressed frames, and frames left to c-blosc (bit shuffle, lz4). Errors are the byte path's.
 * Deferred decoding ({@link BloscFrame#deferred}, {@link Codec#decodeDeferred}) gives the same
 * elements for every range asked for, in any order, and the same block once all is asked for;
 * so does transient decoding ({@link DeferredChunk#decodeTransient}) into a caller's buffer at
 * any offset, for ranges that cover Blosc blocks whole or in part, until the chunk's block is
 * asked for.
 */
class BloscDirectDecodeTest {
  private static final Random RANDOM = new Random(20261125);

  @TestFactory
  Stream<DynamicTest> directPathEqualsBytePath() {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType dtype : DType.values()) {
      for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        for (Blosc.Shuffle shuffle : new Blosc.Shuffle[] {Blosc.Shuffle.NO_SHUFFLE, Blosc.Shuffle.BYTE_SHUFFLE}) {
          for (int typesize : new int[] {1, 2, 4, 8}) {
            // 3001 elements: 1024-byte blocks leave a partial last block for every item size;
            // 1000-byte blocks do not divide into 8-byte elements; 0 is c-blosc's automatic size.
            for (int blocksize : new int[] {0, 1000, 1024}) {
              for (int clevel : new int[] {0, 1}) {
                String name = dtype + " " + order + " " + shuffle + " typesize " + typesize
                    + " blocksize " + blocksize + " clevel " + clevel;
                tests.add(DynamicTest.dynamicTest(name, () -> assertSame(
                    3001, dtype, order, typesize, shuffle, Blosc.Compressor.ZSTD, blocksize, clevel)));
              }
            }
          }
        }
      }
    }
    return tests.stream();
  }

  @Test
  void lastPartialBlockOfEveryWideTypeIsUnshuffledDirectly() throws Exception {
    for (DType dtype : DType.values()) {
      if (dtype.itemSize() == 1) continue;
      for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        // 20_000 elements in 4096-byte blocks: full blocks are split into streams, the last one
        // (nbytes % 4096 > 0) is a single stream.
        byte[] frame = assertSame(20_000, dtype, order, dtype.itemSize(), Blosc.Shuffle.BYTE_SHUFFLE,
            Blosc.Compressor.ZSTD, 4096, 1);
        BloscFrame.Header h = BloscFrame.header(frame, frame.length, 20_000 * dtype.itemSize());
        assertThat(h.nbytes() % h.blocksize()).isPositive();
        assertThat(h.memcpyed()).isFalse();
      }
    }
  }

  @Test
  void framesLeftToCBloscDecodeThroughTheBytePath() throws Exception {
    for (DType dtype : new DType[] {DType.UINT16, DType.FLOAT32, DType.INT64}) {
      for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        assertSame(5000, dtype, order, dtype.itemSize(), Blosc.Shuffle.BIT_SHUFFLE,
            Blosc.Compressor.ZSTD, 0, 1);
        assertSame(5000, dtype, order, dtype.itemSize(), Blosc.Shuffle.BYTE_SHUFFLE,
            Blosc.Compressor.LZ4, 0, 5);
      }
    }
  }

  @Test
  void emptyChunkAndErrorsMatchTheBytePath() throws Exception {
    byte[] empty = Blosc.compress(new byte[0], 2, Blosc.Compressor.ZSTD, 1, Blosc.Shuffle.BYTE_SHUFFLE, 0, 1);
    Block b = BloscFrame.decodeBlock(empty, empty.length, DType.UINT16, ByteOrder.LITTLE_ENDIAN, 0);
    assertThat(b.length()).isZero();
    assertThat(b.dtype()).isEqualTo(DType.UINT16);

    byte[] data = data(4000, 4);
    byte[] frame = Blosc.compress(data, 4, Blosc.Compressor.ZSTD, 1, Blosc.Shuffle.BYTE_SHUFFLE, 1024, 1);
    assertThatThrownBy(() -> BloscFrame.decodeBlock(frame, frame.length, DType.FLOAT32,
        ByteOrder.LITTLE_ENDIAN, 999))
        .isInstanceOf(IOException.class)
        .hasMessage(messageOf(() -> BloscFrame.decode(frame, frame.length, new byte[999 * 4])));
    byte[] corrupt = frame.clone();
    corrupt[corrupt.length - 3] ^= 0x5A;
    corrupt[corrupt.length - 40] ^= 0x33;
    assertThatThrownBy(() -> BloscFrame.decodeBlock(corrupt, corrupt.length, DType.FLOAT32,
        ByteOrder.LITTLE_ENDIAN, 1000))
        .isInstanceOf(IOException.class)
        .hasMessage(messageOf(() -> BloscFrame.decode(corrupt, corrupt.length, new byte[4000])));
  }

  private interface Decode {
    void run() throws Exception;
  }

  private static String messageOf(Decode d) {
    try {
      d.run();
    } catch (Exception e) {
      return e.getMessage();
    }
    throw new AssertionError("the byte path did not fail");
  }

  /** Compresses {@code elements} elements' worth of bytes and checks both paths agree; returns the frame. */
  private static byte[] assertSame(int elements, DType dtype, ByteOrder order, int typesize,
      Blosc.Shuffle shuffle, Blosc.Compressor cname, int blocksize, int clevel) throws Exception {
    byte[] data = data(elements * dtype.itemSize(), dtype.itemSize());
    byte[] frame = Blosc.compress(data, typesize, cname, clevel, shuffle, blocksize, 1);
    byte[] bytes = new byte[data.length];
    BloscFrame.decode(frame, frame.length, bytes);
    Block generic = ChunkBytes.toBlock(bytes, dtype, order, elements);
    Block direct = BloscFrame.decodeBlock(frame, frame.length, dtype, order, elements);
    assertThat(direct.dtype()).isEqualTo(dtype);
    assertThat(direct.length()).isEqualTo(elements);
    assertThat(ChunkBytes.toBytes(direct, order)).isEqualTo(ChunkBytes.toBytes(generic, order));
    if (dtype != DType.BOOL) assertThat(Arrays.equals(ChunkBytes.toBytes(direct, order), data)).isTrue();
    // The codec reads the frame's own header; its configuration only matters for encoding.
    Block viaCodec = BloscCodec.of(ZarrCompressor.blosc("zstd", 1, ZarrCompressor.Shuffle.BYTE, 0),
        dtype.itemSize()).decodeBlock(frame, frame.length, dtype, order, elements);
    assertThat(ChunkBytes.toBytes(viaCodec, order)).isEqualTo(ChunkBytes.toBytes(generic, order));
    assertDeferredSame(frame, generic, order, typesize, shuffle, cname, blocksize, clevel);
    assertTransientSame(frame, generic, order, typesize, shuffle, blocksize, clevel);
    return frame;
  }

  /**
   * Decodes {@code frame} deferred, a few random element ranges first (each equal to {@code
   * expected} as soon as it is decoded), then everything; the block then equals {@code expected}.
   */
  private static void assertDeferredSame(byte[] frame, Block expected, ByteOrder order,
      int typesize, Blosc.Shuffle shuffle, Blosc.Compressor cname, int blocksize, int clevel)
      throws Exception {
    DType dtype = expected.dtype();
    int n = expected.length();
    DeferredChunk deferred = BloscCodec.of(ZarrCompressor.blosc("zstd", 1, ZarrCompressor.Shuffle.BYTE, 0),
        dtype.itemSize()).decodeDeferred(frame, frame.length, dtype, order, n);
    boolean direct = BloscFrame.deferred(frame, frame.length, dtype, order, n) != null;
    assertThat(deferred.complete()).as("complete before any decode").isEqualTo(!direct || n == 0);
    for (int k = 0; k < 3 && n > 0; k++) {
      int from = RANDOM.nextInt(n);
      int to = from + 1 + RANDOM.nextInt(Math.min(n - from, 700));
      deferred.decode(from, to);
      Block got = Block.allocate(dtype, to - from);
      got.copyFrom(deferred.block(), from, 0, to - from);
      Block want = Block.allocate(dtype, to - from);
      want.copyFrom(expected, from, 0, to - from);
      assertThat(ChunkBytes.toBytes(got, order)).as("elements [%d, %d) of %s typesize %d %s %s"
          + " blocksize %d clevel %d", from, to, dtype, typesize, shuffle, cname, blocksize, clevel)
          .isEqualTo(ChunkBytes.toBytes(want, order));
    }
    deferred.decode(0, n);
    assertThat(deferred.complete()).isTrue();
    assertThat(deferred.heldBytes()).isEqualTo(expected.nbytes());
    assertThat(ChunkBytes.toBytes(deferred.block(), order)).isEqualTo(ChunkBytes.toBytes(expected, order));
  }

  /**
   * Decodes {@code frame} transiently (where its frame decodes straight into typed arrays): random
   * ranges, a range of every Blosc block's first elements across block boundaries, and the whole
   * chunk, each into a buffer at an offset, equal to {@code expected}; none once the block exists.
   */
  private static void assertTransientSame(byte[] frame, Block expected, ByteOrder order,
      int typesize, Blosc.Shuffle shuffle, int blocksize, int clevel) throws Exception {
    DType dtype = expected.dtype();
    int n = expected.length();
    DeferredChunk deferred = BloscCodec.of(ZarrCompressor.blosc("zstd", 1, ZarrCompressor.Shuffle.BYTE, 0),
        dtype.itemSize()).decodeDeferred(frame, frame.length, dtype, order, n);
    boolean direct = BloscFrame.deferred(frame, frame.length, dtype, order, n) != null;
    String what = dtype + " " + order + " typesize " + typesize + " " + shuffle + " blocksize "
        + blocksize + " clevel " + clevel;
    List<int[]> ranges = new ArrayList<>();
    for (int k = 0; k < 4 && n > 0; k++) {
      int from = RANDOM.nextInt(n);
      ranges.add(new int[] {from, from + 1 + RANDOM.nextInt(Math.min(n - from, 900))});
    }
    ranges.add(new int[] {0, n});
    ranges.add(new int[] {n / 2, n / 2});
    for (int[] r : ranges) {
      int count = r[1] - r[0];
      Block buffer = Block.allocate(dtype, count + 10).slice(3, count + 5);
      assertThat(deferred.decodeTransient(r[0], r[1], buffer, 2)).as(what).isEqualTo(direct);
      if (!direct) continue;
      Block got = Block.allocate(dtype, count);
      got.copyFrom(buffer, 2, 0, count);
      Block want = Block.allocate(dtype, count);
      want.copyFrom(expected, r[0], 0, count);
      assertThat(ChunkBytes.toBytes(got, order)).as("elements [%d, %d) of %s", r[0], r[1], what)
          .isEqualTo(ChunkBytes.toBytes(want, order));
    }
    assertThat(deferred.complete()).isEqualTo(!direct || n == 0);
    deferred.block();
    assertThat(deferred.decodeTransient(0, n, Block.allocate(dtype, n), 0)).isFalse();
    deferred.decode(0, n);
    assertThat(ChunkBytes.toBytes(deferred.block(), order)).isEqualTo(ChunkBytes.toBytes(expected, order));
  }

  @Test
  void transientDecodingChecksItsArgumentsAndReportsCorruptBlocks() throws Exception {
    int n = 64 * 1024;
    byte[] data = data(n * 2, 2);
    byte[] frame = Blosc.compress(data, 2, Blosc.Compressor.ZSTD, 1, Blosc.Shuffle.BYTE_SHUFFLE, 8192, 1);
    DeferredChunk d = BloscFrame.deferred(frame, frame.length, DType.UINT16, ByteOrder.LITTLE_ENDIAN, n);
    assertThatThrownBy(() -> d.decodeTransient(0, n + 1, Block.allocate(DType.UINT16, n + 1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.decodeTransient(0, 10, Block.allocate(DType.INT16, 10), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.decodeTransient(0, 10, Block.allocate(DType.UINT16, 10), 1))
        .isInstanceOf(IndexOutOfBoundsException.class);

    int last = (frame[16 + 4 * 15] & 0xFF) | (frame[17 + 4 * 15] & 0xFF) << 8
        | (frame[18 + 4 * 15] & 0xFF) << 16 | (frame[19 + 4 * 15] & 0xFF) << 24;
    byte[] corrupt = frame.clone();
    for (int i = last + 4; i < last + 24; i++) corrupt[i] ^= 0x5A;
    DeferredChunk c = BloscFrame.deferred(corrupt, corrupt.length, DType.UINT16, ByteOrder.LITTLE_ENDIAN, n);
    Block buffer = Block.allocate(DType.UINT16, 4096);
    assertThat(c.decodeTransient(4096, 8192, buffer, 0)).isTrue();
    assertThat(buffer.getLong(5)).isEqualTo(
        ChunkBytes.toBlock(data, DType.UINT16, ByteOrder.LITTLE_ENDIAN, n).getLong(4096 + 5));
    assertThatThrownBy(() -> c.decodeTransient(15 * 4096, n, buffer, 0))
        .isInstanceOf(IOException.class).hasMessageContaining("blosc block 15");
  }

  @Test
  void aCorruptBlockFailsWhenItIsDecodedAndTheOthersStillDecode() throws Exception {
    int n = 64 * 1024;
    byte[] data = data(n * 2, 2);
    byte[] frame = Blosc.compress(data, 2, Blosc.Compressor.ZSTD, 1, Blosc.Shuffle.BYTE_SHUFFLE, 8192, 1);
    BloscFrame.Header h = BloscFrame.header(frame, frame.length, n * 2);
    assertThat(h.blocks()).isEqualTo(16);
    // Corrupt the first compressed bytes of the last Blosc block (elements [15 * 4096, n)).
    int last = (frame[16 + 4 * 15] & 0xFF) | (frame[17 + 4 * 15] & 0xFF) << 8
        | (frame[18 + 4 * 15] & 0xFF) << 16 | (frame[19 + 4 * 15] & 0xFF) << 24;
    byte[] corrupt = frame.clone();
    for (int i = last + 4; i < last + 24; i++) corrupt[i] ^= 0x5A;
    DeferredChunk d = BloscFrame.deferred(corrupt, corrupt.length, DType.UINT16, ByteOrder.LITTLE_ENDIAN, n);
    assertThat(d).isNotNull();
    d.decode(0, 15 * 4096);
    Block want = ChunkBytes.toBlock(data, DType.UINT16, ByteOrder.LITTLE_ENDIAN, n);
    for (int i = 0; i < 15 * 4096; i += 997) {
      assertThat(d.block().getLong(i)).isEqualTo(want.getLong(i));
    }
    assertThat(d.complete()).isFalse();
    assertThat(d.heldBytes()).isEqualTo(n * 2L + corrupt.length);
    assertThatThrownBy(() -> d.decode(15 * 4096, n)).isInstanceOf(IOException.class)
        .hasMessageContaining("blosc block 15");
  }

  /** Bytes that compress part way: smooth high bytes, noisy low bytes, and a run of zeros. */
  private static byte[] data(int n, int itemSize) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      int k = i % itemSize;
      b[i] = k == 0 ? (byte) RANDOM.nextInt(256) : (byte) ((i / itemSize) >> (3 * k));
    }
    Arrays.fill(b, n / 3, n / 3 + n / 10, (byte) 0);
    return b;
  }
}
