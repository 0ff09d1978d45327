package org.hyperflux.io.mib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden {@code .mib} files written with numpy by {@code golden/mib/make_mib_golden.py},
 * independently of hyperflux's writer (header text as a real Merlin's, pixels big-endian or raw
 * R1/R6/R12, a raw 2x2G quad laid out [Q4|Q3|Q2|Q1] with the bottom chips flipped), read through
 * {@link SignalFiles}: shape, dtype and every value equal the script's {@code value(kind, f, y,
 * x)}, recomputed here. HyperSpy 1.7.3 has no {@code .mib} reader, so these stand in for a
 * comparison with it.
 */
class MibGoldenTest {
  static Path golden(String name) {
    URL url = MibGoldenTest.class.getResource("/golden/mib/" + name);
    assertThat(url).as(name + " on the test classpath").isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The script's {@code value(kind, f, y, x)}. */
  static long value(String kind, long f, long y, long x) {
    switch (kind) {
      case "U08": return (f * 37 + y * 11 + x * 3) & 0xFF;
      case "U16": return (f * 4099 + y * 257 + x * 3 + 60000) & 0xFFFF;
      case "U32": return (f * 2654435761L + y * 40503 + x * 7) & 0xFFFF_FFFFL;
      case "R12": return (f * 1000 + y * 64 + x * 9) & 0xFFF;
      case "R6": return (f * 5 + y * 7 + x) & 0x3F;
      case "R1": return (f + 3 * y + 5 * x + (x * y) % 7) % 2;
      default: throw new IllegalArgumentException(kind);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "scan_u16.mib, U16, '<LazySignal2D, title: scan_u16, dimensions: (3, 2|8, 6)>', uint16",
      "old_u08.mib, U08, '<LazySignal2D, title: old_u08, dimensions: (5|8, 6)>', uint8",
      "frames_u32.mib, U32, '<LazySignal2D, title: frames_u32, dimensions: (4|8, 6)>', uint32",
      "raw_r12.mib, R12, '<LazySignal2D, title: raw_r12, dimensions: (3|64, 2)>', uint16",
      "raw_r6.mib, R6, '<LazySignal2D, title: raw_r6, dimensions: (3|64, 2)>', uint8",
      "raw_quad_r1.mib, R1, '<LazySignal2D, title: raw_quad_r1, dimensions: (2|514, 514)>', uint8"})
  void valuesEqualWhatNumpyWrote(String file, String kind, String repr, String dtype)
      throws IOException {
    Signal s = SignalFiles.load(golden(file));
    assertThat(s.toString()).isEqualTo(repr);
    assertThat(s.dtype()).isEqualTo(DType.fromNumpyName(dtype));
    long[] dims = s.data().shape().dims();
    int h = (int) dims[dims.length - 2];
    int w = (int) dims[dims.length - 1];
    Block b = s.data().compute().toBlock();
    boolean quad = kind.equals("R1");
    for (int i = 0; i < b.length(); i++) {
      long f = i / (h * w);
      long y = (i / w) % h;
      long x = i % w;
      boolean gap = quad && (y == 256 || y == 257 || x == 256 || x == 257);
      long expected = gap ? 0 : value(kind, f, y, x);
      if (b.getLong(i) != expected) {
        throw new AssertionError(file + " frame " + f + " (y=" + y + ", x=" + x + "): read "
            + b.getLong(i) + ", numpy wrote " + expected);
      }
    }
    if (file.equals("scan_u16.mib")) {
      assertThat(s.originalMetadata().getString("hdr_file.Software Version")).hasValue("1.6.1.217");
      assertThat(s.originalMetadata().getString("frame_header.text").orElseThrow())
          .startsWith("MQ1,000001,00384,01,0008,0006,U16,   1x1,01,2020-05-18 16:51:49.971626");
    }
  }
}
