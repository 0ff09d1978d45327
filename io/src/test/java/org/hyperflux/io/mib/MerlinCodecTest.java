package org.hyperflux.io.mib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.junit.jupiter.api.Test;

class MerlinCodecTest {
  /** A real single-chip header as published in LiberTEM-rs's tests (thresholds and DACs shortened). */
  private static final String REAL = "MQ1,000001,00384,01,0256,0256,U08,   1x1,01,2020-05-18 16:51:49.971626,"
      + "0.000555,0,0,0,1.200000E+2,5.110000E+2,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,"
      + "0.000000E+0,0.000000E+0,3RX,175,511,000,000,000,000,000,000,125,255,125,125,100,100,082,100,"
      + "087,030,128,004,255,129,128,176,168,511,511,MQ1A,2020-05-18T14:51:49.971626178Z,555000ns,6,";

  @Test
  void parsesARealFrameHeader() {
    byte[] bytes = pad(REAL, 384);
    MerlinFrameHeader h = MerlinFrameHeader.parse(bytes, 0, bytes.length, "test");
    assertThat(h).isEqualTo(new MerlinFrameHeader(1, 384, 1, 256, 256, "U08", "1x1", 6));
    assertThat(h.dtype()).isEqualTo(DType.UINT8);
    assertThat(h.payloadBytes("test")).isEqualTo(65536);
  }

  @Test
  void writtenHeadersParseBackForOneAndFourChips() {
    for (int chips : new int[] {1, 4}) {
      MerlinFrameHeader h = MerlinFrameHeader.forFrame(123456, chips == 1 ? 256 : 512, chips == 1 ? 256 : 512,
          "U16", chips, chips == 1 ? "1x1" : "2x2", 12);
      byte[] bytes = h.toBytes();
      assertThat(bytes).hasSize(chips == 1 ? 384 : 768);
      assertThat(MerlinFrameHeader.parse(bytes, 0, bytes.length, "t")).isEqualTo(h);
    }
  }

  @Test
  void badHeadersFailNamingTheField() {
    byte[] notMq1 = pad("MQ2,000001,00384,01,0256,0256,U08,   1x1,", 384);
    assertThatThrownBy(() -> MerlinFrameHeader.parse(notMq1, 0, 384, "scan.mib frame 0"))
        .isInstanceOf(MerlinFormatException.class).hasMessageContaining("scan.mib frame 0").hasMessageContaining("MQ1,");
    byte[] badWidth = pad("MQ1,000001,00384,01,02x6,0256,U08,   1x1,", 384);
    assertThatThrownBy(() -> MerlinFrameHeader.parse(badWidth, 0, 384, "f"))
        .hasMessageContaining("'width'");
    byte[] badType = pad("MQ1,000001,00384,01,0256,0256,F32,   1x1,", 384);
    assertThatThrownBy(() -> MerlinFrameHeader.parse(badType, 0, 384, "f"))
        .hasMessageContaining("'F32'");
    byte[] shortOffset = pad("MQ1,000001,00010,01,0256,0256,U08,   1x1,", 384);
    assertThatThrownBy(() -> MerlinFrameHeader.parse(shortOffset, 0, 384, "f"))
        .hasMessageContaining("data offset 10");
  }

  @Test
  void acquisitionHeaderRoundTripsAndGivesTheScan() {
    MerlinAcquisitionHeader h = MerlinAcquisitionHeader.forScan(128, 64, 12, 1);
    MerlinAcquisitionHeader back = MerlinAcquisitionHeader.parse(h.toText() + "        ", "t");
    assertThat(back.fields()).isEqualTo(h.fields());
    assertThat(back.framesInAcquisition("t")).isEqualTo(128 * 64);
    assertThat(back.scanX()).hasValue(128);
    assertThat(back.scanY()).hasValue(64);
    assertThat(back.counterDepth()).hasValue(12);
  }

  @Test
  void acquisitionHeaderWithoutEndFails() {
    assertThatThrownBy(() -> MerlinAcquisitionHeader.parse("HDR,\t\nChip ID:\tW\n", "tcp://x:1"))
        .isInstanceOf(MerlinFormatException.class).hasMessageContaining("tcp://x:1").hasMessageContaining("End");
  }

  @Test
  void pixelsRoundTripBigEndian() {
    short[] values = {0, 1, 255, 256, (short) 0xffff, 4095};
    byte[] wire = new byte[values.length * 2];
    MerlinPixels.encode(Block.wrap(DType.UINT16, values), 0, values.length, wire, 0);
    assertThat(wire[2]).isEqualTo((byte) 0);
    assertThat(wire[3]).isEqualTo((byte) 1);
    assertThat(wire[6]).isEqualTo((byte) 1);
    assertThat(wire[7]).isEqualTo((byte) 0);
    MerlinFrameHeader h = MerlinFrameHeader.forFrame(1, 6, 1, "U16", 1, "1x1", 12);
    Block out = Block.allocate(DType.UINT16, values.length);
    MerlinPixels.decode(h, wire, 0, out, 0, values.length);
    assertThat((short[]) out.array()).containsExactly(values);
  }

  private static byte[] pad(String s, int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) ' ');
    byte[] t = s.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(t, 0, b, 0, Math.min(n, t.length));
    return b;
  }
}
