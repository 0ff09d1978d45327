package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.LiveSource;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.io.spi.DetectorProtocol;
import org.junit.jupiter.api.Test;

class DetectorProtocolsTest {
  private static final Duration T = Duration.ofSeconds(30);

  @Test
  void merlinIsRegistered() {
    assertThat(DetectorProtocols.available()).extracting(DetectorProtocol::name).contains("merlin");
    DetectorProtocol merlin = DetectorProtocols.named("Merlin");
    assertThat(merlin.defaultPort()).isEqualTo(6342);
    assertThat(merlin.source(DetectorConnection.to("detector-pc", 6342)).description())
        .contains("detector-pc").contains("6342");
  }

  @Test
  void unknownProtocolListsTheAvailableOnes() {
    assertThatThrownBy(() -> DetectorProtocols.named("dectris"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'dectris'").hasMessageContaining("available: [merlin");
  }

  @Test
  void aSourceFromTheRegistryReceivesAScanGivenByTheCaller() {
    ScanGeometry g = new ScanGeometry(3, 4, 16, 16, DType.UINT16);
    // A header without ScanX/ScanY: the caller's scan decides the geometry.
    var header = org.hyperflux.io.mib.MerlinAcquisitionHeader.parse(
        "HDR,\t\nFrames in Acquisition (Number):\t12\nCounter Depth (number):\t12\nEnd\t", "test");
    try (MerlinSimulator s = MerlinSimulator.start(
        MerlinSimulatorOptions.of(SimulatedFrames.disc(g, 5)).withHeader(header))) {
      LiveSource source = DetectorProtocols.named("merlin")
          .source(DetectorConnection.to("127.0.0.1", s.port()).withScan(4, 3)
              .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(5)));
      List<LiveEvent> events = source.acquire().collectList().block(T);
      assertThat(events.get(0)).isInstanceOfSatisfying(LiveEvent.Started.class,
          st -> assertThat(st.geometry()).isEqualTo(g));
      assertThat(events.stream().filter(e -> e instanceof FrameBatch)
          .mapToLong(e -> ((FrameBatch) e).count()).sum()).isEqualTo(12);
    }
  }
}
