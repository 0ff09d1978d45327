package org.hyperflux.io.mib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Raw ({@code R64}) Merlin pixels: hand-derived vectors from the bit rules of LiberTEM-rs'
 * decoder (R1: pixel i of a big-endian 64-bit word is bit i; R6: the 8 bytes of a word reversed;
 * R12: four big-endian u16 in reverse order), the quad layout (wire row {@code [Q4|Q3|Q2|Q1]},
 * Q3/Q4 flipped in x and y, two gap rows and columns for {@code 2x2G}), round trips of {@link
 * MerlinPixels#encodeRaw} and {@link MerlinPixels#decodeRaw} for every depth and layout, and the
 * header's dtype and payload for raw frames.
 */
class MerlinRawPixelsTest {
  private static MerlinFrameHeader single(int width, int height, int depth) {
    return MerlinFrameHeader.forFrame(1, width, height, "R64", 1, "1x1", depth);
  }

  @Test
  void r1PixelIIsBitIOfTheBigEndianWord() {
    MerlinFrameHeader h = single(64, 2, 1);
    assertThat(h.payloadBytes("t")).isEqualTo(16);
    assertThat(h.dtype()).isEqualTo(DType.UINT8);
    byte[] src = new byte[16];
    // word 0 = 0x8000_0000_0000_0005: bits 0, 2 and 63; word 1 = 0x0000_0000_0000_0100: bit 8.
    src[0] = (byte) 0x80;
    src[7] = 0x05;
    src[14] = 0x01;
    Block out = Block.allocate(DType.UINT8, 128);
    MerlinPixels.decodeRaw(h, src, 0, out, 0);
    for (int p = 0; p < 128; p++) {
      boolean set = p == 0 || p == 2 || p == 63 || p == 64 + 8;
      assertThat(out.getLong(p)).as("pixel %d", p).isEqualTo(set ? 1 : 0);
    }
  }

  @Test
  void r6BytesAreReversedInGroupsOfEight() {
    MerlinFrameHeader h = single(8, 2, 6);
    assertThat(h.payloadBytes("t")).isEqualTo(16);
    byte[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    Block out = Block.allocate(DType.UINT8, 16);
    MerlinPixels.decodeRaw(h, src, 0, out, 0);
    long[] expected = {8, 7, 6, 5, 4, 3, 2, 1, 16, 15, 14, 13, 12, 11, 10, 9};
    for (int p = 0; p < 16; p++) assertThat(out.getLong(p)).as("pixel %d", p).isEqualTo(expected[p]);
  }

  @Test
  void r12IsFourBigEndianU16InReverseOrder() {
    MerlinFrameHeader h = single(4, 1, 12);
    assertThat(h.payloadBytes("t")).isEqualTo(8);
    assertThat(h.dtype()).isEqualTo(DType.UINT16);
    byte[] src = {0x0A, 0x01, 0x00, 0x02, 0x0F, (byte) 0xFF, 0x01, 0x23};
    Block out = Block.allocate(DType.UINT16, 4);
    MerlinPixels.decodeRaw(h, ByteBuffer.wrap(src), out, 0);
    assertThat(new long[] {out.getLong(0), out.getLong(1), out.getLong(2), out.getLong(3)})
        .containsExactly(0x0123, 0x0FFF, 0x0002, 0x0A01);
  }

  @Test
  void quadWireRowsHoldQ4Q3Q2Q1WithTheBottomChipsFlipped() {
    for (String layout : new String[] {"2x2", "2x2G"}) {
      MerlinFrameHeader h = MerlinFrameHeader.forFrame(1, 1024, 256, "R64", 4, layout, 6);
      int side = layout.equals("2x2G") ? 514 : 512;
      int gap = side - 512;
      assertThat(h.imageWidth()).isEqualTo(side);
      assertThat(h.imageHeight()).isEqualTo(side);
      assertThat(h.payloadBytes("t")).isEqualTo(1024 * 256);
      // R6: wire pixel k of a word is byte 7 - k. Mark the first pixel of each chip segment of
      // wire row 0 and the last of wire row 3.
      byte[] src = new byte[1024 * 256];
      src[7] = 40;             // row 0, Q4 pixel 0 -> bottom right corner
      src[256 + 7] = 30;       // row 0, Q3 pixel 0 -> (side - 1, 255)
      src[512 + 7] = 20;       // row 0, Q2 pixel 0 -> (0, 256 + gap)
      src[768 + 7] = 10;       // row 0, Q1 pixel 0 -> (0, 0)
      src[3 * 1024 + 255 - 7] = 41; // row 3, Q4 pixel 255 -> (side - 4, 256 + gap)
      src[3 * 1024 + 1023 - 7] = 11; // row 3, Q1 pixel 255 -> (3, 255)
      Block out = Block.allocate(DType.UINT8, side * side);
      out.setLong(256, 99); // a gap pixel (2x2G) or Q2's (2x2): must be overwritten
      MerlinPixels.decodeRaw(h, src, 0, out, 0);
      assertThat(out.getLong((side - 1) * side + side - 1)).isEqualTo(40);
      assertThat(out.getLong((side - 1) * side + 255)).isEqualTo(30);
      assertThat(out.getLong(256 + gap)).isEqualTo(20);
      assertThat(out.getLong(0)).isEqualTo(10);
      assertThat(out.getLong((side - 4) * side + 256 + gap)).isEqualTo(41);
      assertThat(out.getLong(3 * side + 255)).isEqualTo(11);
      assertThat(out.getLong(256)).isEqualTo(gap > 0 ? 0 : 20);
      long total = 0;
      for (int p = 0; p < out.length(); p++) total += out.getLong(p);
      assertThat(total).isEqualTo(40 + 30 + 20 + 10 + 41 + 11);
    }
  }

  @ParameterizedTest(name = "{0} {1}-bit")
  @CsvSource({"1x1, 1", "1x1, 6", "1x1, 12", "2x2, 1", "2x2, 6", "2x2, 12", "2x2G, 1",
      "2x2G, 6", "2x2G, 12"})
  void encodeThenDecodeGivesTheFrameBack(String layout, int depth) {
    TestMibFiles w = layout.equals("1x1") ? TestMibFiles.rawSingle(256, 256, depth)
        : TestMibFiles.rawQuad(layout, depth);
    for (long f : new long[] {0, 5}) {
      MerlinFrameHeader h = w.header(f);
      Block frame = w.frame(f);
      byte[] bytes = new byte[h.payloadBytes("t") + 3];
      MerlinPixels.encodeRaw(h, frame, 0, bytes, 3);
      Block back = Block.allocate(h.dtype(), frame.length() + 2);
      back.setLong(0, 7);
      MerlinPixels.decodeRaw(h, bytes, 3, back, 2);
      assertThat(back.getLong(0)).isEqualTo(7);
      for (int p = 0; p < frame.length(); p++) {
        if (back.getLong(p + 2) != frame.getLong(p)) {
          throw new AssertionError(layout + " depth " + depth + " frame " + f + " pixel " + p
              + ": decoded " + back.getLong(p + 2) + ", encoded " + frame.getLong(p));
        }
      }
      // The generic frame decoder takes the raw path too.
      Block again = Block.allocate(h.dtype(), frame.length());
      MerlinPixels.decodeFrame(h, ByteBuffer.wrap(bytes, 3, bytes.length - 3).slice(), again, 0);
      assertThat(again.getLong(frame.length() - 1)).isEqualTo(frame.getLong(frame.length() - 1));
    }
  }

  @Test
  void rawHeadersNeedASupportedCounterDepthAndLayout() {
    assertThatThrownBy(() -> single(256, 256, 24).payloadBytes("scan.mib frame 3"))
        .isInstanceOf(MerlinFormatException.class)
        .hasMessageContaining("scan.mib frame 3").hasMessageContaining("counter depth 24 are not supported");
    assertThatThrownBy(() -> single(256, 256, 0).payloadBytes("f"))
        .isInstanceOf(MerlinFormatException.class).hasMessageContaining("no counter depth (no MQ1A");
    assertThatThrownBy(() -> MerlinFrameHeader.forFrame(1, 1024, 256, "R64", 4, "Nx1", 12)
        .payloadBytes("f")).hasMessageContaining("layout 'Nx1' are not supported");
    assertThatThrownBy(() -> MerlinFrameHeader.forFrame(1, 512, 512, "R64", 1, "2x2", 12)
        .payloadBytes("f")).hasMessageContaining("4 chips of 256x256");
    assertThatThrownBy(() -> single(60, 1, 1).payloadBytes("f"))
        .hasMessageContaining("whole 64-bit words");
    // A raw header round-trips through its bytes with its counter depth (MQ1A).
    MerlinFrameHeader h = MerlinFrameHeader.forFrame(9, 1024, 256, "R64", 4, "2x2G", 12);
    byte[] b = h.toBytes();
    assertThat(MerlinFrameHeader.parse(b, 0, b.length, "t")).isEqualTo(h);
    assertThat(h.dtype()).isEqualTo(DType.UINT16);
    assertThat(h.frameBytes("t")).isEqualTo(768 + 2 * 1024 * 256);
    assertThatThrownBy(() -> MerlinPixels.decodeRaw(h, new byte[h.payloadBytes("t")], 0,
        Block.allocate(DType.UINT8, 514 * 514), 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decode to uint16, not uint8");
  }
}
