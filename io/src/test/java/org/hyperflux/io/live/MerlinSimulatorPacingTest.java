package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.ScanGeometry;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A simulator paced at a frame rate playing frames produced on the fly (period 0) sends the whole
 * scan. Regression: a wake-up that ran late, overtaken by the frame feed's wake-up, left the
 * sender with none pending, and it stopped after a few dozen frames until the client timed out.
 */
class MerlinSimulatorPacingTest {
  @RepeatedTest(3)
  void aPacedScanOfGeneratedFramesIsSentWhole() {
    ScanGeometry g = new ScanGeometry(16, 32, 32, 32, DType.UINT16);
    try (MerlinSimulator sim = MerlinSimulator.start(
        MerlinSimulatorOptions.of(SimulatedFrames.disc(g, 92)).withFrameRate(1000))) {
      MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port())
          .withFramesPerBatch(4).withFrameTimeout(Duration.ofSeconds(2)));
      long events = source.acquire().count().block(Duration.ofSeconds(30));
      assertThat(events).isEqualTo(1 + g.frames() / 4);
      assertThat(sim.framesSent()).isEqualTo(g.frames());
    }
  }
}
