package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.LiveAcquisitionException;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** Simulator → {@link MerlinTcpSource} → {@link LiveZspyWriter} on loopback: the file holds what was sent. */
class MerlinToZspyTest {
  static final Duration T = Duration.ofSeconds(60);
  static final ScanGeometry G = new ScanGeometry(6, 9, 16, 20, DType.UINT16);

  @TempDir
  Path dir;

  @Test
  void theFileEqualsWhatWasSent() throws Exception {
    SimulatedFrames frames = SimulatedFrames.disc(G, 21);
    Path file = dir.resolve("scan.zspy");
    LiveWriteReport report;
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames))) {
      MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port()).withFramesPerBatch(4));
      report = LiveZspyWriter.of(LiveZspyOptions.to(file)).consume(source.acquire()).block(T);
    }
    assertThat(report.complete()).isTrue();
    assertThat(report.framesWritten()).isEqualTo(G.frames());
    assertThat(LiveZspyFiles.isComplete(file)).isTrue();
    assertFileHolds(file, frames, G.frames());
  }

  @Test
  void afterADisconnectTheFileHoldsWhatArrivedAndSaysSo() throws Exception {
    SimulatedFrames frames = SimulatedFrames.disc(G, 22);
    Path file = dir.resolve("partial.zspy");
    Throwable error;
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames).withDisconnectAfter(23))) {
      MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port()).withFramesPerBatch(4));
      error = LiveZspyWriter.of(LiveZspyOptions.to(file)).consume(source.acquire())
          .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(T);
    }
    assertThat(error).isInstanceOf(LiveAcquisitionException.class).hasMessageContaining("23 of 54 frames");
    assertThat(LiveZspyFiles.isComplete(file)).isFalse();
    boolean[][] mask = LiveZspyFiles.validFrames(file);
    for (int k = 0; k < G.frames(); k++) {
      assertThat(mask[k / G.scanX()][k % G.scanX()]).as("frame %d valid", k).isEqualTo(k < 23);
    }
    assertFileHolds(file, frames, 23);
  }

  static void assertFileHolds(Path file, SimulatedFrames frames, long n) throws Exception {
    Signal back = SignalFiles.load(file);
    assertThat(back.data().shape()).isEqualTo(G.shape());
    Block all = back.data().compute().toBlock();
    for (long k = 0; k < n; k++) {
      MerlinTcpSourceTest.assertSameFrame(all.slice((int) k * G.framePixels(), G.framePixels()), frames.frame(k), k);
    }
  }
}
