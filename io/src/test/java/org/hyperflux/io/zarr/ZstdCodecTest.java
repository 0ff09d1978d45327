package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ZstdCodec#decode} streams a frame through 128 KiB direct buffers: chunks of many pieces,
 * decoded sizes that end exactly on a piece or not, frames with and without a declared content
 * size, every way a frame can fail to fit its chunk (truncated, too long, too short, trailing
 * garbage), and the pooled context still decoding after a frame failed halfway.
 */
class ZstdCodecTest {
  private final ZstdCodec codec = new ZstdCodec(3);

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 131_071, 131_072, 131_073, 524_288, 1_000_003})
  void framesOfAnySizeDecodeToTheirBytes(int size) throws IOException {
    byte[] data = data(size, size);
    byte[] frame = codec.encode(data, data.length);
    assertThat(Zstd.getFrameContentSize(frame)).isEqualTo(size);

    assertThat(decoded(frame, size)).isEqualTo(data);
    assertThat(decoded(streamed(data), size)).isEqualTo(data);
  }

  @Test
  void aFrameThatDoesNotFitItsChunkFailsClearly() throws IOException {
    byte[] data = data(400_000, 5);
    byte[] declared = codec.encode(data, data.length);
    byte[] undeclared = streamed(data);

    assertThatThrownBy(() -> decoded(declared, data.length - 1))
        .isInstanceOf(IOException.class).hasMessageContaining("decodes to 400000 bytes");
    assertThatThrownBy(() -> decoded(undeclared, data.length - 1))
        .isInstanceOf(IOException.class).hasMessageContaining("more than the 399999 bytes");
    assertThatThrownBy(() -> decoded(undeclared, data.length + 1))
        .isInstanceOf(IOException.class).hasMessageContaining("decodes to 400000 bytes");
    for (int cut : new int[] {declared.length / 3, declared.length - 1}) {
      assertThatThrownBy(() -> codec.decode(declared, cut, new byte[data.length]))
          .isInstanceOf(IOException.class).hasMessageContaining("truncated zstd frame");
    }
    byte[] garbage = Arrays.copyOf(declared, declared.length + 7);
    Arrays.fill(garbage, declared.length, garbage.length, (byte) 0x5A);
    assertThatThrownBy(() -> decoded(garbage, data.length))
        .isInstanceOf(IOException.class).hasMessageContaining("zstd frame");
  }

  @Test
  void aFailedFrameLeavesTheThreadDecodingTheNextOne() throws IOException {
    byte[] data = data(300_000, 9);
    byte[] frame = codec.encode(data, data.length);
    byte[] undeclared = streamed(data);
    for (int round = 0; round < 3; round++) {
      // Each leaves the pooled context in the middle of a frame.
      assertThatThrownBy(() -> codec.decode(frame, frame.length / 2, new byte[data.length]))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> decoded(undeclared, data.length / 2))
          .isInstanceOf(IOException.class);
      assertThat(decoded(frame, data.length)).isEqualTo(data);
    }
  }

  private byte[] decoded(byte[] frame, int size) throws IOException {
    byte[] out = new byte[size];
    codec.decode(frame, frame.length, out);
    return out;
  }

  /** A frame as a stream writes it: no declared content size. */
  private static byte[] streamed(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZstdOutputStream out = new ZstdOutputStream(bytes, 1)) {
      out.write(data);
    }
    byte[] frame = bytes.toByteArray();
    if (data.length == 0) return frame;
    assertThat(Zstd.getFrameContentSize(frame)).as("ZSTD_CONTENTSIZE_UNKNOWN").isEqualTo(-1L);
    return frame;
  }

  /** Compressible bytes: runs of small counts. */
  private static byte[] data(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) b[i] = (byte) (r.nextInt(8) + (i / 4096) % 3);
    return b;
  }
}
