package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.detector.FrameAnalysis;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.detector.LiveAnalysis;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveConsumer;
import org.hyperflux.core.live.LiveReport;
import org.hyperflux.core.live.LiveSignal;
import org.hyperflux.core.live.OverflowPolicy;
import org.hyperflux.core.live.ScanGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Backpressure through the whole live pipeline: a slow BLOCK consumer next to the analysis and
 * the writer holds the sender back over TCP and nothing is lost; the same slow consumer under
 * DROP_COUNTED does not slow the acquisition, and its drops are counted (an analysis under
 * DROP_COUNTED leaves the dropped positions invalid).
 */
class LiveBackpressureEndToEndTest {
  @TempDir
  Path dir;

  /** A consumer that sleeps {@code millis} per batch on boundedElastic while {@code slow} holds. */
  static LiveConsumer<Long> slowView(long millis, AtomicBoolean slow, AtomicLong seen) {
    return events -> events.publishOn(Schedulers.boundedElastic(), 1)
        .doOnNext(e -> {
          if (e instanceof FrameBatch b) {
            seen.addAndGet(b.count());
            if (slow.get()) sleep(millis);
          }
        })
        .then(Mono.fromSupplier(seen::get));
  }

  /** {@code consumer} behind a slow stage: the events reach it {@code millis} per batch late. */
  static <R> LiveConsumer<R> slowed(LiveConsumer<R> consumer, long millis) {
    return events -> consumer.consume(events.publishOn(Schedulers.boundedElastic(), 1)
        .doOnNext(e -> {
          if (e instanceof FrameBatch) sleep(millis);
        }));
  }

  @Test
  void aSlowBlockConsumerBlocksTheSenderAndNoFrameIsLost() throws Exception {
    // 4096 frames of 32 KiB: 128 MiB, far more than socket buffers, the multicast and read-ahead hold.
    ScanGeometry g = new ScanGeometry(64, 64, 128, 128, DType.UINT16);
    SimulatedFrames frames = SimulatedFrames.disc(g, 91, 16);
    AtomicBoolean slow = new AtomicBoolean(true);
    AtomicLong seen = new AtomicLong();
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames))) {
      // A consumer that holds the reads back is not a stalled detector: no inter-frame timeout.
      MerlinTcpOptions tcp = MerlinTcpOptions.of("127.0.0.1", sim.port()).withFramesPerBatch(4)
          .withFrameTimeout(Duration.ofMillis(500));
      LivePipeline p = new LivePipeline(tcp, g, dir.resolve("scan.zspy"));
      LiveSignal.Attachment<Long> view = p.live.attach("slow", slowView(200, slow, seen), OverflowPolicy.BLOCK);
      Mono<LiveReport> run = p.live.start().cache();
      run.subscribe(r -> {}, e -> {});

      Thread.sleep(2500);
      long sent = sim.framesSent();
      assertThat(sim.blockedTime()).as("the sender waited for the client").isPositive();
      assertThat(sent).as("frames sent while the consumer is slow").isLessThan(g.frames() / 4);
      System.out.printf("slow BLOCK consumer: simulator sent %d of %d frames in 2.5 s (consumer saw %d), blocked %d ms%n",
          sent, g.frames(), seen.get(), sim.blockedTime().toMillis());

      slow.set(false);
      LiveReport report = run.block(LivePipeline.T);
      assertThat(report.complete()).isTrue();
      assertThat(report.framesReceived()).isEqualTo(g.frames());
      assertThat(report.framesDropped()).isZero();
      assertThat(view.result().block(LivePipeline.T)).isEqualTo(g.frames());
      FrameAnalysisSnapshot a = p.analysis.result().block(LivePipeline.T);
      assertThat(a.framesAccepted()).isEqualTo(g.frames());
      assertThat(a.navigator().validMask()).isNull();
      LiveWriteReport w = p.writer.result().block(LivePipeline.T);
      assertThat(w.complete()).isTrue();
      assertThat(w.framesWritten()).isEqualTo(g.frames());
      assertThat(LiveZspyFiles.isComplete(p.file)).isTrue();
      assertThat(sim.framesSent()).isEqualTo(g.frames());
    }
  }

  @Test
  void dropCountedConsumersDoNotSlowTheAcquisitionAndCountTheirDrops() throws Exception {
    ScanGeometry g = new ScanGeometry(16, 32, 32, 32, DType.UINT16);
    SimulatedFrames frames = SimulatedFrames.disc(g, 92);
    long perBatch = 50;
    int batch = 4;
    Path file = dir.resolve("drop.zspy");
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames).withFrameRate(1000))) {
      ExecOptions exec = ExecOptions.defaults();
      MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port())
          .withFramesPerBatch(batch).withMaxBatchLatency(Duration.ofMillis(20)));
      LiveSignal live = LiveSignal.of(source, exec, (long) batch * g.frameBytes());
      FrameAnalysis spec = LivePipeline.analysisOf(g);
      LiveAnalysis analysis = spec.live(exec);
      LiveSignal.Attachment<FrameAnalysisSnapshot> a =
          live.attach("analysis", slowed(analysis, perBatch), OverflowPolicy.DROP_COUNTED);
      AtomicLong seen = new AtomicLong();
      LiveSignal.Attachment<Long> view =
          live.attach("view", slowView(perBatch, new AtomicBoolean(true), seen), OverflowPolicy.DROP_COUNTED);
      LiveSignal.Attachment<LiveWriteReport> writer =
          live.attach("writer", LiveZspyWriter.of(LiveZspyOptions.to(file)), OverflowPolicy.BLOCK);

      LiveReport report = live.start().block(LivePipeline.T);
      // Under BLOCK the slow consumers would take frames / batch × perBatch = 6.4 s.
      Duration blocking = Duration.ofMillis(g.frames() / batch * perBatch);
      System.out.printf("DROP_COUNTED: %d frames in %d ms (BLOCK would take >= %d ms), dropped %s%n",
          report.framesReceived(), report.elapsed().toMillis(), blocking.toMillis(), report.dropped());
      assertThat(report.complete()).isTrue();
      assertThat(report.elapsed()).isLessThan(blocking.dividedBy(2));
      assertThat(report.dropped().get("writer")).isZero();
      assertThat(report.dropped().get("view")).isPositive().isEqualTo(view.dropped())
          .isEqualTo(g.frames() - view.result().block(LivePipeline.T));
      assertThat(report.dropped().get("analysis")).isPositive().isEqualTo(a.dropped());
      assertThat(report.framesDropped()).isEqualTo(view.dropped() + a.dropped());

      FrameAnalysisSnapshot s = a.result().block(LivePipeline.T);
      BitSet valid = s.navigator().validMask();
      assertThat(valid).isNotNull();
      assertThat((long) valid.cardinality()).isEqualTo(g.frames() - a.dropped()).isEqualTo(s.framesAccepted());
      // What it did analyse equals the offline analysis of the complete file at those positions.
      assertThat(writer.result().block(LivePipeline.T).complete()).isTrue();
      LivePipeline.assertImage("navigator", s.navigator(),
          spec.offline(org.hyperflux.io.SignalFiles.load(file), exec).block(LivePipeline.T).navigator(),
          valid, (int) g.frames());
      for (String d : s.detectors().keySet()) {
        assertThat(s.detector(d).validMask()).as(d).isEqualTo(valid);
      }
      assertThat(s.comX().validMask()).isEqualTo(valid);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
