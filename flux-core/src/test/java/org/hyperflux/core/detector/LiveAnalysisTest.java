package org.hyperflux.core.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.detector.FrameAnalysisTest.assertSameBlock;
import static org.hyperflux.core.detector.FrameAnalysisTest.assertSameImage;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveAcquisitionException;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.LiveReport;
import org.hyperflux.core.live.LiveSignal;
import org.hyperflux.core.live.OverflowPolicy;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.live.ScanSimulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveAnalysisTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withParallelism(3).withPrefetch(4);

  static void assertSameSnapshot(FrameAnalysisSnapshot live, FrameAnalysisSnapshot offline,
      boolean exactSumFrame) {
    assertThat(live.framesAccepted()).isEqualTo(offline.framesAccepted());
    assertSameImage(live.navigator(), offline.navigator(), "navigator");
    assertThat(live.detectors().keySet()).containsExactlyElementsOf(offline.detectors().keySet());
    for (String name : offline.detectors().keySet()) {
      assertSameImage(live.detector(name), offline.detector(name), name);
    }
    assertSameImage(live.comX(), offline.comX(), "comX");
    assertSameImage(live.comY(), offline.comY(), "comY");
    if (exactSumFrame) assertSameBlock(live.sumFrame(), offline.sumFrame(), "sum frame");
    assertThat(live.latestFrameIndex()).isEqualTo(offline.latestFrameIndex());
    assertSameBlock(live.latestFrame(), offline.latestFrame(), "latest frame");
  }

  private static FrameAnalysisSnapshot runLive(ScanGeometry g, int batch, FrameAnalysis a) {
    LiveSignal live = LiveSignal.of(new ScanSimulation(g, batch), OPTIONS);
    LiveSignal.Attachment<FrameAnalysisSnapshot> h = live.attach(a.live(OPTIONS));
    StepVerifier.create(live.start()).assertNext(r -> assertThat(r.complete()).isTrue())
        .expectComplete().verify(WAIT);
    return h.result().block(WAIT);
  }

  @Test
  void liveEqualsOfflineBitForBit() {
    ScanGeometry g = new ScanGeometry(9, 11, 16, 14, DType.UINT16);
    FrameAnalysis a = FrameAnalysisTest.everything(g);
    FrameAnalysisSnapshot live = runLive(g, 5, a);
    FrameAnalysisSnapshot offline = a.offline(ScanFixtures.signal(g, 4, 3, 16, 14), OPTIONS).block(WAIT);
    assertSameSnapshot(live, offline, true);
    FrameAnalysisTest.checkAgainstReference(g, live);
  }

  @Test
  void float32LiveEqualsOfflinePerPosition() {
    ScanGeometry g = new ScanGeometry(6, 7, 9, 8, DType.FLOAT32);
    FrameAnalysis a = FrameAnalysisTest.everything(g);
    FrameAnalysisSnapshot live = runLive(g, 4, a);
    FrameAnalysisSnapshot offline = a.offline(ScanFixtures.signal(g, 6, 7, 9, 8), OPTIONS).block(WAIT);
    assertSameSnapshot(live, offline, false);
    for (int p = 0; p < g.framePixels(); p++) {
      assertThat(live.sumFrame().getDouble(p)).isCloseTo(offline.sumFrame().getDouble(p),
          org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void aReplacedMaskRestartsItsImageAtTheNextBatch() {
    ScanGeometry g = new ScanGeometry(8, 8, 16, 16, DType.UINT16);
    FrameAnalysis a = FrameAnalysis.create().withNavigator()
        .withDetector("vbf", DetectorMask.disc(8, 8, 3))
        .withDetector("adf", DetectorMask.annulus(8, 8, 3, 7));
    LiveAnalysis analysis = a.live(OPTIONS);
    DetectorMask replacement = DetectorMask.disc(6, 9, 5);
    int switchAt = 24;
    // Everything before switchAt has been handed to the analysis when the replacement is made.
    Flux<LiveEvent> before = new ScanSimulation(g, 4).acquire()
        .takeWhile(e -> !(e instanceof FrameBatch b) || b.first() < switchAt);
    Flux<LiveEvent> after = Flux.defer(() -> {
      analysis.replaceMask("vbf", replacement);
      return new ScanSimulation(g, 4).acquire()
          .filter(e -> e instanceof FrameBatch b && b.first() >= switchAt);
    });
    FrameAnalysisSnapshot live = analysis.consume(Flux.concat(before, after)).block(WAIT);
    Signal4 offline = new Signal4(g);
    FrameAnalysisSnapshot newMask = FrameAnalysis.create()
        .withDetector("vbf", replacement).offline(offline.signal, OPTIONS).block(WAIT);
    FrameAnalysisSnapshot oldMasks = a.offline(offline.signal, OPTIONS).block(WAIT);
    BitSet expected = new BitSet();
    expected.set(switchAt, 64);
    assertThat(live.detector("vbf").validMask()).isEqualTo(expected);
    assertThat(live.detector("vbf").accepted()).isEqualTo(64 - switchAt);
    for (int f = 0; f < 64; f++) {
      double v = live.detector("vbf").value().getDouble(f);
      if (f < switchAt) assertThat(v).isNaN();
      else assertThat(v).isEqualTo(newMask.detector("vbf").value().getDouble(f));
    }
    assertSameImage(live.detector("adf"), oldMasks.detector("adf"), "adf");
    assertSameImage(live.navigator(), oldMasks.navigator(), "navigator");
    assertThatThrownBy(() -> analysis.replaceMask("bf", replacement))
        .hasMessageContaining("Unknown detector 'bf'; available: [vbf, adf]");
    assertThatThrownBy(() -> analysis.replaceMask("vbf", DetectorMask.of(2, 2, new boolean[4])))
        .hasMessageContaining("does not fit frames of 16x16");
  }

  /** The scan of a geometry as a 4-D signal. */
  private record Signal4(org.hyperflux.core.signal.Signal signal) {
    Signal4(ScanGeometry g) {
      this(ScanFixtures.signal(g, g.scanY(), g.scanX(), g.frameHeight(), g.frameWidth()));
    }
  }

  @Test
  void aFailedAcquisitionPublishesALastSnapshotThenFails() {
    ScanGeometry g = new ScanGeometry(8, 8, 8, 8, DType.UINT8);
    LiveSignal live = LiveSignal.of(new ScanSimulation(g, 5).failAfter(50), OPTIONS);
    LiveAnalysis analysis = FrameAnalysis.create().withNavigator().withSumFrame()
        .withDetector("vbf", DetectorMask.disc(4, 4, 2)).live(OPTIONS);
    List<FrameAnalysisSnapshot> seen = new CopyOnWriteArrayList<>();
    StepVerifier.Step<FrameAnalysisSnapshot> snapshots = StepVerifier.create(
        analysis.snapshots(Duration.ofMillis(1)).doOnNext(seen::add));
    LiveSignal.Attachment<FrameAnalysisSnapshot> h = live.attach(analysis);
    Flux<LiveReport> run = live.start().flux();
    StepVerifier.create(run).expectError(LiveAcquisitionException.class).verify(WAIT);
    StepVerifier.create(h.result())
        .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("50 of 64"))
        .verify(WAIT);
    snapshots.thenConsumeWhile(s -> true)
        .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("50 of 64")).verify(WAIT);
    FrameAnalysisSnapshot last = seen.get(seen.size() - 1);
    assertThat(last.framesAccepted()).isEqualTo(50);
    BitSet first50 = new BitSet();
    first50.set(0, 50);
    assertThat(last.navigator().validMask()).isEqualTo(first50);
    assertThat(last.detector("vbf").validMask()).isEqualTo(first50);
    assertThat(analysis.snapshot()).get().extracting(FrameAnalysisSnapshot::framesAccepted).isEqualTo(50L);
  }

  @Test
  void snapshotsFillInWhileTheScanRunsAndASlowViewerDoesNotHoldIt() {
    ScanGeometry g = new ScanGeometry(40, 40, 32, 32, DType.UINT16);
    LiveSignal live = LiveSignal.of(new ScanSimulation(g, 8), OPTIONS);
    LiveAnalysis analysis = FrameAnalysis.create().withNavigator().withSumFrame().live(OPTIONS);
    assertThat(analysis.snapshot()).isEmpty();
    List<Long> accepted = new CopyOnWriteArrayList<>();
    // A viewer that takes one snapshot and then stalls; another that takes all.
    StepVerifier.Step<FrameAnalysisSnapshot> stalled =
        StepVerifier.create(analysis.snapshots(Duration.ofMillis(2)), 1);
    var all = analysis.snapshots(Duration.ofMillis(2)).doOnNext(s -> accepted.add(s.framesAccepted()))
        .collectList().toFuture();
    LiveSignal.Attachment<FrameAnalysisSnapshot> h = live.attach(analysis, OverflowPolicy.BLOCK);
    StepVerifier.create(live.start()).expectNextCount(1).expectComplete().verify(WAIT);
    FrameAnalysisSnapshot result = h.result().block(WAIT);
    assertThat(result.isComplete()).isTrue();
    // The viewers get snapshots on their own threads: the last one may arrive after the result,
    // so read what the full viewer saw once its stream has completed.
    assertThat(all).succeedsWithin(WAIT).asList().isNotEmpty();
    assertThat(accepted).isSorted().last().isEqualTo(1600L);
    stalled.expectNextCount(1).thenRequest(Long.MAX_VALUE)
        .thenConsumeWhile(s -> true).expectComplete().verify(WAIT);
  }

  @Test
  void framesAreAnalysedOnTheCpuSchedulerNotTheSourceThread() {
    java.util.concurrent.atomic.AtomicLong tasks = new java.util.concurrent.atomic.AtomicLong();
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    reactor.core.scheduler.Scheduler pool = reactor.core.scheduler.Schedulers.newParallel("test-cpu", 2);
    try {
      reactor.core.scheduler.Scheduler counting = reactor.core.scheduler.Schedulers.fromExecutor(r -> {
        tasks.incrementAndGet();
        pool.schedule(() -> {
          threads.add(Thread.currentThread().getName());
          r.run();
        });
      });
      ExecOptions o = OPTIONS.withSchedulers(counting, reactor.core.scheduler.Schedulers.boundedElastic());
      ScanGeometry g = new ScanGeometry(4, 8, 8, 8, DType.UINT16);
      reactor.core.scheduler.Scheduler loop = reactor.core.scheduler.Schedulers.newSingle("source-loop");
      try {
        FrameAnalysisSnapshot s = FrameAnalysis.create().withNavigator().live(o)
            .consume(new ScanSimulation(g, 4).acquire().subscribeOn(loop)).block(WAIT);
        assertThat(s.isComplete()).isTrue();
      } finally {
        loop.dispose();
      }
      assertThat(tasks.get()).isGreaterThanOrEqualTo(8);
      assertThat(threads).allMatch(t -> t.startsWith("test-cpu"));
    } finally {
      pool.dispose();
    }
  }

  @Test
  void aLiveAnalysisConsumesOneAcquisition() {
    ScanGeometry g = new ScanGeometry(2, 2, 4, 4, DType.UINT16);
    LiveAnalysis analysis = FrameAnalysis.create().withNavigator().live(OPTIONS);
    analysis.consume(new ScanSimulation(g, 2).acquire()).block(WAIT);
    StepVerifier.create(analysis.consume(new ScanSimulation(g, 2).acquire()))
        .expectErrorMessage("a LiveAnalysis consumes one acquisition; make another for the next one")
        .verify(WAIT);
  }
}
