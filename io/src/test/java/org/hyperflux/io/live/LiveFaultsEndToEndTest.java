package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.io.live.LivePipeline.G;
import static org.hyperflux.io.live.LivePipeline.tcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.live.LiveAcquisitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Faults through the whole live pipeline (simulator → client → analysis + {@code .zspy}, both
 * BLOCK): whatever ends the acquisition early, every frame that arrived is analysed and written,
 * the file is finalised, readable and marked incomplete with its valid-frame mask, the analysis'
 * last snapshot covers exactly those frames and equals the offline analysis of the file, and
 * {@code start()} fails saying how many frames arrived of how many.
 */
class LiveFaultsEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void senderDisconnectsMidScan() throws Exception {
    SimulatedFrames frames = SimulatedFrames.disc(G, 81);
    Object outcome = runAndCheck(frames, MerlinSimulatorOptions.of(frames).withDisconnectAfter(23),
        Duration.ofSeconds(5), 23);
    assertThat((Throwable) outcome).hasMessageContaining("the sender disconnected")
        .hasMessageContaining("23 of 96 frames");
  }

  @ParameterizedTest
  @EnumSource(MerlinSimulatorOptions.Corruption.class)
  void malformedHeaderOrLength(MerlinSimulatorOptions.Corruption how) throws Exception {
    SimulatedFrames frames = SimulatedFrames.disc(G, 82);
    Object outcome = runAndCheck(frames, MerlinSimulatorOptions.of(frames).withCorruption(30, how),
        Duration.ofSeconds(5), 30);
    String what = switch (how) {
      case FRAME_HEADER -> "message type 'MQX' where a MQ1 frame was expected";
      case MPX_LENGTH -> "malformed message prefix";
      case FRAME_LENGTH -> "differs from the first frame's";
    };
    assertThat((Throwable) outcome).hasMessageStartingWith("merlin tcp://127.0.0.1:" + port + ": frame 31: ")
        .hasMessageContaining(what)
        .hasMessageContaining("30 of 96 frames");
  }

  @Test
  void stallLongerThanTheInterFrameTimeout() throws Exception {
    SimulatedFrames frames = SimulatedFrames.disc(G, 83);
    long t0 = System.nanoTime();
    Object outcome = runAndCheck(frames,
        MerlinSimulatorOptions.of(frames).withStall(40, Duration.ofSeconds(30)), Duration.ofMillis(400), 40);
    assertThat((Throwable) outcome).hasMessageContaining("timed out: no frame after frame 40 within 400 ms")
        .hasMessageContaining("40 of 96 frames");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void userCancellationClosesTheSocketAndFinalisesTheFile() throws Exception {
    SimulatedFrames frames = SimulatedFrames.disc(G, 84);
    Path file = dir.resolve("cancelled.zspy");
    LivePipeline p;
    LiveWriteReport written;
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames).withFrameRate(100))) {
      p = new LivePipeline(tcp(sim).withMaxBatchLatency(Duration.ofMillis(20)), G, file);
      Disposable acquisition = p.live.start().subscribe(r -> {}, e -> {});
      long deadline = System.nanoTime() + LivePipeline.T.toNanos();
      while (p.zspy.framesWritten() < 20 && System.nanoTime() < deadline) Thread.sleep(5);
      assertThat(p.zspy.framesWritten()).isGreaterThanOrEqualTo(20);
      acquisition.dispose();
      written = p.zspy.report().block(LivePipeline.T);
      while (sim.closedConnections() < 1 && System.nanoTime() < deadline) Thread.sleep(5);
      assertThat(sim.closedConnections()).as("the simulator saw the socket closed").isEqualTo(1);
      long sentAtCancel = sim.framesSent();
      Thread.sleep(300);
      assertThat(sim.framesSent()).as("nothing sent after the socket closed").isEqualTo(sentAtCancel);
      assertThat(sentAtCancel).isLessThan(G.frames());
    }
    assertThat(p.writer.result().map(r -> (Object) r).onErrorResume(e -> Mono.just(e))
        .block(LivePipeline.T)).isInstanceOf(LiveAcquisitionException.class)
        .asString().contains("cancelled by the user");
    assertThat(written.complete()).isFalse();
    int n = (int) written.framesWritten();
    assertThat((long) n).isEqualTo(p.live.report().framesReceived());
    BitSet arrived = LivePipeline.full(n);
    LivePipeline.assertFileHolds(file, frames, arrived, false);
    LivePipeline.assertEqualsOffline(p.lastSnapshot(), file, p.spec, arrived);
  }

  /**
   * Runs the pipeline against a simulator with {@code sim}; checks that exactly the first
   * {@code arrived} frames were analysed and written; returns the error {@code start()} ended with.
   */
  int port;

  Object runAndCheck(SimulatedFrames frames, MerlinSimulatorOptions sim, Duration frameTimeout, int arrived)
      throws Exception {
    Path file = dir.resolve("partial.zspy");
    LivePipeline p;
    Object outcome;
    try (MerlinSimulator s = MerlinSimulator.start(sim)) {
      port = s.port();
      p = new LivePipeline(tcp(s).withFrameTimeout(frameTimeout), G, file);
      outcome = p.run();
    }
    assertThat(outcome).isInstanceOf(LiveAcquisitionException.class);
    LiveAcquisitionException e = (LiveAcquisitionException) outcome;
    assertThat(e.framesReceived()).isEqualTo(arrived);
    assertThat(e.framesExpected()).isEqualTo(G.frames());
    LiveWriteReport written = p.zspy.report().block(LivePipeline.T);
    assertThat(written.complete()).isFalse();
    assertThat(written.framesWritten()).isEqualTo(arrived);
    // The writer's and the analysis' own results fail with the same error, after finishing.
    assertThat(p.writer.result().then().onErrorResume(x -> Mono.empty())
        .thenReturn(1).block(LivePipeline.T)).isEqualTo(1);
    FrameAnalysisSnapshot last = p.lastSnapshot();
    BitSet first = LivePipeline.full(arrived);
    LivePipeline.assertFileHolds(file, frames, first, false);
    LivePipeline.assertEqualsOffline(last, file, p.spec, first);
    return outcome;
  }
}
