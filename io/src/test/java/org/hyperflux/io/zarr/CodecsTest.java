package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every codec decodes what it encodes for empty, tiny and large chunks; the framing matches
 * numcodecs (lz4's size header, zlib's and gzip's headers, Blosc's typesize); numcodecs'
 * defaults fill configuration gaps; unknown ids fail listing the supported ones.
 */
class CodecsTest {
  @Test
  void everyCodecRoundTrips() throws Exception {
    Random random = new Random(99);
    for (ZarrCompressor c : ZarrArrayWriteTest.compressors()) {
      for (int itemSize : new int[] {1, 2, 8}) {
        Codec codec = Codecs.create(c, itemSize);
        for (int size : new int[] {0, 1, 8, 1000, 100_000}) {
          byte[] data = BloscFrameTest.smooth(size - size % itemSize, itemSize);
          if (size == 1000) random.nextBytes(data);
          byte[] enc = codec.encode(data, data.length);
          byte[] dec = new byte[data.length];
          codec.decode(enc, enc.length, dec);
          assertThat(dec).as("%s, item size %d, %d bytes", c, itemSize, size).isEqualTo(data);
        }
      }
    }
  }

  @Test
  void framingMatchesNumcodecs() throws Exception {
    byte[] data = BloscFrameTest.smooth(4000, 2);
    byte[] lz4 = Codecs.create(ZarrCompressor.lz4(1), 2).encode(data, data.length);
    assertThat(lz4[0] & 0xFF | (lz4[1] & 0xFF) << 8).isEqualTo(4000);
    byte[] zlib = Codecs.create(ZarrCompressor.zlib(1), 2).encode(data, data.length);
    assertThat(zlib[0] & 0xFF).isEqualTo(0x78);
    byte[] gzip = Codecs.create(ZarrCompressor.gzip(1), 2).encode(data, data.length);
    assertThat(gzip[0] & 0xFF).isEqualTo(0x1F);
    assertThat(gzip[1] & 0xFF).isEqualTo(0x8B);
    byte[] zstd = Codecs.create(ZarrCompressor.zstd(1), 2).encode(data, data.length);
    assertThat(zstd[0] & 0xFF).isEqualTo(0x28);
    byte[] blosc = Codecs.create(ZarrCompressor.zspyDefault(), 2).encode(data, data.length);
    BloscFrame.Header h = BloscFrame.header(blosc, blosc.length, 4000);
    assertThat(h.typesize()).isEqualTo(2);
    assertThat(h.codec()).isEqualTo(BloscFrame.FORMAT_ZSTD);
    assertThat(h.flags() & BloscFrame.DOSHUFFLE).isNotZero();
    // numcodecs' automatic shuffle: bit shuffle for one-byte items, byte shuffle otherwise.
    ZarrCompressor auto = ZarrCompressor.blosc("lz4", 5, ZarrCompressor.Shuffle.AUTO, 0);
    byte[] one = Codecs.create(auto, 1).encode(data, data.length);
    assertThat(BloscFrame.header(one, one.length, 4000).flags() & BloscFrame.DOBITSHUFFLE).isNotZero();
    byte[] two = Codecs.create(auto, 2).encode(data, data.length);
    assertThat(BloscFrame.header(two, two.length, 4000).flags() & BloscFrame.DOSHUFFLE).isNotZero();
  }

  @Test
  void numcodecsDefaultsFillConfigurationGaps() throws Exception {
    ZarrCompressor bare = ZarrCompressor.fromJson("blosc", Map.of());
    byte[] data = BloscFrameTest.smooth(4000, 4);
    byte[] enc = Codecs.create(bare, 4).encode(data, data.length);
    BloscFrame.Header h = BloscFrame.header(enc, enc.length, data.length);
    assertThat(h.codec()).as("lz4").isEqualTo(1);
    assertThat(h.flags() & BloscFrame.DOSHUFFLE).isNotZero();
    assertThat(Codecs.create(ZarrCompressor.fromJson("zlib", Map.of()), 1).id()).isEqualTo("zlib");
    assertThatThrownBy(() -> Codecs.create(ZarrCompressor.fromJson("zlib", Map.of("level", "high")), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level = high");
  }

  @Test
  void unknownCodecFailsListingTheSupportedOnes() {
    assertThatThrownBy(() -> Codecs.create(ZarrCompressor.fromJson("bz2", Map.of("level", 1)), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown codec 'bz2'; supported: [blosc, gzip, lz4, zlib, zstd] or null (no compressor)");
  }
}
