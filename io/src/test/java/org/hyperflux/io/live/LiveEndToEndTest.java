package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.io.live.LivePipeline.G;
import static org.hyperflux.io.live.LivePipeline.tcp;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.Set;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.live.LiveReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's acceptance at the full-pipeline level, on loopback: simulator → {@link MerlinTcpSource}
 * → live signal → analysis + {@code .zspy} writer (both BLOCK). The live results equal the offline
 * analysis of the written file bit for bit, and the file equals what was sent.
 */
class LiveEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void liveAnalysisEqualsTheOfflineAnalysisOfTheFileWhichEqualsWhatWasSent() throws Exception {
    SimulatedFrames frames = SimulatedFrames.disc(G, 71);
    Path file = dir.resolve("scan.zspy");
    LivePipeline p;
    LiveReport report;
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames))) {
      p = new LivePipeline(tcp(sim), G, file);
      report = p.runOk();
    }
    assertThat(report.complete()).isTrue();
    assertThat(report.framesReceived()).isEqualTo(G.frames());
    assertThat(report.framesLost()).isZero();
    assertThat(report.framesDropped()).isZero();
    FrameAnalysisSnapshot result = p.analysis.result().block(LivePipeline.T);
    assertThat(result.isComplete()).isTrue();
    assertThat(result.navigator().validMask()).isNull();
    LiveWriteReport written = p.writer.result().block(LivePipeline.T);
    assertThat(written.complete()).isTrue();
    assertThat(written.framesWritten()).isEqualTo(G.frames());
    BitSet all = LivePipeline.full((int) G.frames());
    LivePipeline.assertFileHolds(file, frames, all, true);
    LivePipeline.assertEqualsOffline(result, file, p.spec, all);
  }

  @Test
  void aSequenceGapIsCountedAndItsPositionsStayInvalidInTheAnalysisAndTheFile() throws Exception {
    SimulatedFrames frames = SimulatedFrames.disc(G, 72);
    Path file = dir.resolve("gap.zspy");
    Set<Long> skipped = Set.of(17L, 18L, 19L, 50L);
    LivePipeline p;
    Object outcome;
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames).withSkipFrames(skipped))) {
      p = new LivePipeline(tcp(sim), G, file);
      outcome = p.run();
    }
    LiveReport report = p.live.report();
    assertThat(report.framesLost()).isEqualTo(4);
    assertThat(report.framesReceived()).isEqualTo(G.frames() - 4);
    assertThat(report.complete()).isFalse();
    System.out.println("gap scan ended with: " + outcome);
    BitSet arrived = LivePipeline.full((int) G.frames());
    for (long k : skipped) arrived.clear((int) k);
    FrameAnalysisSnapshot last = p.lastSnapshot();
    LivePipeline.assertFileHolds(file, frames, arrived, false);
    LivePipeline.assertEqualsOffline(last, file, p.spec, arrived);
  }
}
