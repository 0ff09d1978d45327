package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Raw {@code R64} frames over TCP: the simulator encodes them with {@code MerlinPixels.encodeRaw},
 * the client sizes them by {@code imageWidth × imageHeight} (a quad's 1024 × 256 wire image is a
 * 512 × 512 or 514 × 514 frame), types them by counter depth and decodes them off the event loop;
 * every frame equals the source frame.
 */
class MerlinRawTcpTest {
  static final Duration T = Duration.ofSeconds(60);

  @ParameterizedTest(name = "R{0} {1} {2}x{2}")
  @CsvSource({"12, 2x2G, 514", "12, 2x2, 512", "1, 1x1, 64", "6, 1x1, 48", "12, 1x1, 40", "1, 2x2G, 514"})
  void rawFramesOverLoopbackEqualTheSourceFrames(int depth, String layout, int side) {
    DType dtype = depth == 12 ? DType.UINT16 : DType.UINT8;
    ScanGeometry g = new ScanGeometry(2, 5, side, side, dtype);
    SimulatedFrames frames = rawFrames(g, depth, layout.equals("2x2G"));
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames).withRaw(depth, layout))) {
      MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port()).withFramesPerBatch(3));
      List<LiveEvent> events = source.acquire().collectList().block(T);
      LiveEvent.Started started = (LiveEvent.Started) events.get(0);
      assertThat(started.geometry()).isEqualTo(g);
      long next = 0;
      for (LiveEvent e : events.subList(1, events.size())) {
        FrameBatch b = (FrameBatch) e;
        assertThat(b.first()).isEqualTo(next);
        assertThat(b.pixels().dtype()).isEqualTo(dtype);
        for (int i = 0; i < b.count(); i++) {
          MerlinTcpSourceTest.assertSameFrame(b.frame(i), frames.frame(next + i), next + i);
        }
        next += b.count();
      }
      assertThat(next).isEqualTo(g.frames());
    }
  }

  @ParameterizedTest(name = "R{0} {1} on {2}x{2} {3}")
  @CsvSource({"12, 2x2G, 512, uint16", "6, 1x1, 64, uint16", "1, 3x1, 64, uint8", "24, 1x1, 64, uint8"})
  void rawOptionsThatDoNotFitTheFramesFailAtOnce(int depth, String layout, int side, String dtype) {
    ScanGeometry g = new ScanGeometry(1, 2, side, side, DType.valueOf(dtype.toUpperCase()));
    MerlinSimulatorOptions o = MerlinSimulatorOptions.of(SimulatedFrames.disc(g, 1));
    assertThatThrownBy(() -> o.withRaw(depth, layout)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Disc frames with values a counter of {@code depth} bits holds (the low bit for 1), and 0 in
   * the gap rows and columns of a {@code 2x2G} quad (256, 257), which decode to 0.
   */
  static SimulatedFrames rawFrames(ScanGeometry g, int depth, boolean gaps) {
    ScanGeometry wide = new ScanGeometry(g.scanY(), g.scanX(), g.frameHeight(), g.frameWidth(), DType.UINT16);
    long max = (1L << depth) - 1;
    List<Block> list = new ArrayList<>();
    for (long k = 0; k < g.frames(); k++) {
      Block d = SimulatedFrames.discFrame(wide, 7, k);
      Block b = Block.allocate(g.dtype(), g.framePixels());
      for (int p = 0; p < g.framePixels(); p++) {
        int y = p / g.frameWidth();
        int x = p % g.frameWidth();
        boolean gap = gaps && (y == 256 || y == 257 || x == 256 || x == 257);
        b.setLong(p, gap ? 0 : (d.getLong(p) + p) & max);
      }
      list.add(b);
    }
    return SimulatedFrames.of(g, list);
  }
}
