package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.ScanGeometry;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * A paced scan of generated frames (period 0: encoded on a worker while the sender waits for
 * their due time) arrives whole: a wake-up that came before its pacing deadline used to return
 * without scheduling another, and the sender stalled after a few frames.
 */
class MerlinSimulatorPacingTest {
  static final ScanGeometry G = new ScanGeometry(4, 8, 16, 16, DType.UINT16);

  @RepeatedTest(3)
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aPacedScanOfGeneratedFramesArrivesWhole() {
    try (MerlinSimulator sim = MerlinSimulator.start(
        MerlinSimulatorOptions.of(SimulatedFrames.disc(G, 1)).withFrameRate(400))) {
      Integer frames = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port())
              .withFramesPerBatch(2).withFrameTimeout(Duration.ofSeconds(2)))
          .acquire().ofType(FrameBatch.class).map(FrameBatch::count).reduce(0, Integer::sum)
          .block(Duration.ofSeconds(30));
      assertThat(frames).isEqualTo((int) G.frames());
      assertThat(sim.framesSent()).isEqualTo(G.frames());
    }
  }
}
