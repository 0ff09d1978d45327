package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import com.scalableminds.bloscjava.Blosc;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java Blosc decoder equals c-blosc (blosc-java) byte for byte: zstd frames over type sizes
 * 1, 2, 3, 4, 8, with and without byte shuffle, many blocks with a leftover block, compression
 * levels 0 (stored uncompressed) to 9, incompressible data, and empty and tiny buffers; a frame
 * with split streams built by hand (c-blosc never splits zstd blocks itself); and the frames it
 * leaves to c-blosc (bit shuffle, other inner codecs) decode equally through {@link BloscFrame}.
 */
class BloscFrameTest {
  private static final Random RANDOM = new Random(4242);

  @TestFactory
  Stream<DynamicTest> javaZstdPathEqualsCBlosc() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int typesize : new int[] {1, 2, 3, 4, 8}) {
      for (Blosc.Shuffle shuffle : new Blosc.Shuffle[] {Blosc.Shuffle.NO_SHUFFLE, Blosc.Shuffle.BYTE_SHUFFLE}) {
        for (int size : new int[] {0, 1, 7, 1000, (1 << 16) + 13 * typesize, 300_000}) {
          for (int blocksize : new int[] {0, 1000, 4096}) {
            for (int clevel : new int[] {0, 1, 9}) {
              String name = "typesize " + typesize + ", " + shuffle + ", " + size + " bytes, blocksize "
                  + blocksize + ", clevel " + clevel;
              tests.add(DynamicTest.dynamicTest(name, () -> {
                byte[] data = smooth(size, typesize);
                byte[] frame = Blosc.compress(data, typesize, Blosc.Compressor.ZSTD, clevel, shuffle, blocksize, 1);
                BloscFrame.Header h = BloscFrame.header(frame, frame.length, size);
                assertThat(BloscFrame.decodesInJava(h)).isTrue();
                assertJavaEqualsNative(frame, data);
              }));
            }
          }
        }
      }
    }
    return tests.stream();
  }

  @Test
  void incompressibleDataIsStoredUncompressedAndCopied() throws Exception {
    byte[] data = new byte[50_000];
    RANDOM.nextBytes(data);
    byte[] frame = Blosc.compress(data, 4, Blosc.Compressor.ZSTD, 5, Blosc.Shuffle.BYTE_SHUFFLE, 0, 1);
    assertThat(BloscFrame.header(frame, frame.length, data.length).memcpyed()).isTrue();
    assertJavaEqualsNative(frame, data);
  }

  @Test
  void handBuiltSplitStreamsDecodeAsCBloscDoes() throws Exception {
    // typesize 4, blocksize 1024: blocks of 1024 / 4 = 256 elements >= 128, so c-blosc reads each
    // full block as 4 streams of 256 bytes (the "do not split" flag is clear); the leftover block
    // of 100 bytes is one stream, stored raw (size == decoded size).
    int typesize = 4;
    int blocksize = 1024;
    byte[] data = smooth(3 * blocksize + 100, typesize);
    int nbytes = data.length;
    int blocks = 4;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int[] starts = new int[blocks];
    int tableEnd = 16 + 4 * blocks;
    for (int j = 0; j < blocks; j++) {
      starts[j] = tableEnd + body.size();
      int bsize = j < 3 ? blocksize : 100;
      byte[] block = new byte[bsize];
      System.arraycopy(data, j * blocksize, block, 0, bsize);
      byte[] shuffled = shuffle(block, typesize);
      int streams = j < 3 ? typesize : 1;
      int streamBytes = bsize / streams;
      for (int s = 0; s < streams; s++) {
        byte[] stream = new byte[streamBytes];
        System.arraycopy(shuffled, s * streamBytes, stream, 0, streamBytes);
        byte[] z = j == 3 ? stream : Zstd.compress(stream, 3);
        body.write(le(z.length));
        body.write(z);
      }
    }
    ByteBuffer frame = ByteBuffer.allocate(tableEnd + body.size()).order(ByteOrder.LITTLE_ENDIAN);
    frame.put((byte) 2).put((byte) 1).put((byte) (BloscFrame.DOSHUFFLE | BloscFrame.FORMAT_ZSTD << 5))
        .put((byte) typesize).putInt(nbytes).putInt(blocksize).putInt(frame.capacity());
    for (int s : starts) frame.putInt(s);
    frame.put(body.toByteArray());
    assertJavaEqualsNative(frame.array(), data);
  }

  @Test
  void framesLeftToCBloscDecodeEqually() throws Exception {
    byte[] data = smooth(100_000, 2);
    for (Blosc.Compressor c : Blosc.Compressor.values()) {
      for (Blosc.Shuffle s : Blosc.Shuffle.values()) {
        byte[] frame = Blosc.compress(data, 2, c, 5, s, 0, 1);
        BloscFrame.Header h = BloscFrame.header(frame, frame.length, data.length);
        boolean java = c == Blosc.Compressor.ZSTD && s != Blosc.Shuffle.BIT_SHUFFLE;
        assertThat(BloscFrame.decodesInJava(h)).as(c + " " + s).isEqualTo(java || h.memcpyed());
        assertJavaEqualsNative(frame, data);
      }
    }
  }

  @Test
  void unshuffleOfEveryTypeSizeInvertsShuffle() {
    for (int typesize = 1; typesize <= 17; typesize++) {
      for (int size : new int[] {0, typesize - 1, 5 * typesize + 3, 1000}) {
        byte[] data = smooth(size, 1);
        byte[] out = new byte[size + 5];
        BloscFrame.unshuffle(typesize, size, shuffle(data, typesize), out, 5);
        byte[] back = new byte[size];
        System.arraycopy(out, 5, back, 0, size);
        assertThat(back).as("typesize %d, %d bytes", typesize, size).isEqualTo(data);
      }
    }
  }

  private static void assertJavaEqualsNative(byte[] frame, byte[] data) throws Exception {
    byte[] viaJava = new byte[data.length];
    BloscFrame.decode(frame, frame.length, viaJava);
    byte[] viaNative = Blosc.decompress(frame, 1);
    assertThat(viaNative).isEqualTo(data);
    assertThat(viaJava).isEqualTo(viaNative);
  }

  /** c-blosc's byte shuffle: byte k of element i goes to k * (n / typesize) + i; the tail stays. */
  static byte[] shuffle(byte[] block, int typesize) {
    int n = block.length / typesize;
    byte[] out = block.clone();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < typesize; k++) out[k * n + i] = block[i * typesize + k];
    }
    return out;
  }

  /** A slowly varying little-endian sequence of {@code typesize}-byte values with seeded noise. */
  static byte[] smooth(int bytes, int typesize) {
    byte[] b = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      int element = i / typesize;
      int k = i % typesize;
      long v = 1000 + (long) (200 * Math.sin(element / 50.0)) + RANDOM.nextInt(4);
      b[i] = (byte) (v >>> (8 * Math.min(k, 7)));
    }
    return b;
  }

  private static byte[] le(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
