package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.FrameGap;
import org.hyperflux.core.live.LiveAcquisitionException;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.io.live.MerlinSimulatorOptions.Corruption;
import org.hyperflux.io.mib.MerlinAcquisitionHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Simulator → {@link MerlinTcpSource} on loopback: data, geometry, gaps and every fault. */
class MerlinTcpSourceTest {
  static final Duration T = Duration.ofSeconds(30);
  /** A 7 × 5 scan: batches of 4 frames never align with its rows. */
  static final ScanGeometry SCAN = new ScanGeometry(5, 7, 24, 32, DType.UINT16);

  /** What an acquisition delivered: its events and how it ended. */
  record Run(List<LiveEvent> events, Throwable error) {
    LiveEvent.Started started() {
      return (LiveEvent.Started) events.get(0);
    }

    List<FrameBatch> batches() {
      return events.stream().filter(FrameBatch.class::isInstance).map(FrameBatch.class::cast).toList();
    }

    List<FrameGap> gaps() {
      return events.stream().filter(FrameGap.class::isInstance).map(FrameGap.class::cast).toList();
    }

    long frames() {
      return batches().stream().mapToLong(FrameBatch::count).sum();
    }
  }

  static Run run(MerlinSimulatorOptions sim, UnaryOperator<MerlinTcpOptions> client) {
    try (MerlinSimulator s = MerlinSimulator.start(sim)) {
      MerlinTcpSource source = new MerlinTcpSource(client.apply(MerlinTcpOptions.of("127.0.0.1", s.port())));
      AtomicReference<Throwable> error = new AtomicReference<>();
      List<LiveEvent> events = source.acquire()
          .onErrorResume(e -> {
            error.set(e);
            return reactor.core.publisher.Flux.empty();
          })
          .collectList()
          .block(T);
      return new Run(events, error.get());
    }
  }

  static Run run(MerlinSimulatorOptions sim) {
    return run(sim, o -> o.withFramesPerBatch(4));
  }

  static MerlinSimulatorOptions sim(ScanGeometry g) {
    return MerlinSimulatorOptions.of(SimulatedFrames.disc(g, 7));
  }

  /** Every batch holds exactly the frames that were sent, at their positions. */
  static void assertFramesSent(Run run, SimulatedFrames frames) {
    for (FrameBatch b : run.batches()) {
      for (int i = 0; i < b.count(); i++) {
        assertSameFrame(b.frame(i), frames.frame(b.first() + i), b.first() + i);
      }
    }
  }

  static void assertSameFrame(Block actual, Block expected, long frame) {
    assertThat(actual.dtype()).isEqualTo(expected.dtype());
    assertThat(actual.length()).isEqualTo(expected.length());
    for (int p = 0; p < expected.length(); p++) {
      if (actual.getLong(p) != expected.getLong(p)) {
        throw new AssertionError("frame " + frame + " pixel " + p + ": " + actual.getLong(p) + " != " + expected.getLong(p));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"UINT8", "UINT16", "UINT32"})
  void everyFrameArrivesPixelForPixelInBatchesNotAlignedWithRows(DType dtype) {
    ScanGeometry g = new ScanGeometry(5, 7, 24, 32, dtype);
    MerlinSimulatorOptions sim = sim(g);
    Run run = run(sim);

    assertThat(run.error()).isNull();
    assertThat(run.started().geometry()).isEqualTo(g);
    assertThat(run.started().header())
        .containsEntry("ScanX", "7").containsEntry("ScanY", "5")
        .containsEntry(MerlinAcquisitionHeader.FRAMES_IN_ACQUISITION, "35");
    assertThat(run.batches()).extracting(FrameBatch::first).containsExactly(0L, 4L, 8L, 12L, 16L, 20L, 24L, 28L, 32L);
    assertThat(run.batches()).extracting(FrameBatch::count).containsExactly(4, 4, 4, 4, 4, 4, 4, 4, 3);
    assertThat(run.gaps()).isEmpty();
    assertFramesSent(run, sim.frames());
  }

  @Test
  void preEncodedFramesRepeatWithTheirSequenceNumbersPatched() {
    SimulatedFrames frames = SimulatedFrames.disc(SCAN, 3, 3);
    Run run = run(MerlinSimulatorOptions.of(frames), o -> o);
    assertThat(run.error()).isNull();
    assertThat(run.frames()).isEqualTo(35);
    assertFramesSent(run, frames);
    assertSameFrame(frames.frame(4), SimulatedFrames.discFrame(SCAN, 3, 1), 4);
  }

  @Test
  void garbageBeforeTheHeaderIsDrained() {
    MerlinSimulatorOptions sim = sim(SCAN).withGarbageBeforeHeader("GARBAGE MPX,12 MPX,00000000x9,");
    Run run = run(sim);
    assertThat(run.error()).isNull();
    assertThat(run.frames()).isEqualTo(35);
    assertFramesSent(run, sim.frames());
  }

  @Test
  void sequenceGapsAreCountedAndPositionsStayRight() {
    MerlinSimulatorOptions sim = sim(SCAN).withSkipFrames(Set.of(5L, 6L, 20L));
    Run run = run(sim);
    assertThat(run.error()).isNull();
    assertThat(run.gaps()).containsExactly(new FrameGap(5, 2), new FrameGap(20, 1));
    assertThat(run.frames()).isEqualTo(32);
    assertThat(run.batches()).extracting(FrameBatch::first).containsExactly(0L, 4L, 7L, 11L, 15L, 19L, 21L, 25L, 29L, 33L);
    assertFramesSent(run, sim.frames());
    // Order: the gap's event comes between the batches around it.
    List<String> order = new ArrayList<>();
    for (LiveEvent e : run.events()) order.add(e.getClass().getSimpleName());
    assertThat(order.subList(0, 5)).containsExactly("Started", "FrameBatch", "FrameBatch", "FrameGap", "FrameBatch");
  }

  @Test
  void aDisconnectDeliversEverythingReceivedThenSaysHowManyOfHowManyArrived() {
    MerlinSimulatorOptions sim = sim(SCAN).withDisconnectAfter(13);
    Run run = run(sim);
    assertThat(run.frames()).isEqualTo(13);
    assertFramesSent(run, sim.frames());
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("merlin tcp://127.0.0.1:")
        .hasMessageContaining("disconnected")
        .hasMessageContaining("13 of 35 frames");
    assertThat(((LiveAcquisitionException) run.error()).framesReceived()).isEqualTo(13);
    assertThat(((LiveAcquisitionException) run.error()).framesExpected()).isEqualTo(35);
  }

  @Test
  void aCorruptFrameHeaderFailsNamingTheFrame() {
    Run run = run(sim(SCAN).withCorruption(10, Corruption.FRAME_HEADER));
    assertThat(run.frames()).isEqualTo(10);
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("frame 11").hasMessageContaining("MQ1").hasMessageContaining("10 of 35 frames");
  }

  @Test
  void aMalformedMpxLengthFailsClearly() {
    Run run = run(sim(SCAN).withCorruption(10, Corruption.MPX_LENGTH));
    assertThat(run.frames()).isEqualTo(10);
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("frame 11").hasMessageContaining("malformed message prefix 'MPX,0000x")
        .hasMessageContaining("10 of 35 frames");
  }

  @Test
  void aFrameOfAnotherLengthFailsClearly() {
    Run run = run(sim(SCAN).withCorruption(10, Corruption.FRAME_LENGTH));
    assertThat(run.frames()).isEqualTo(10);
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("frame 11").hasMessageContaining("differs from the first frame's");
  }

  @Test
  void aNewHeaderMidScanFails() {
    Run run = run(sim(SCAN).withHeaderAgainAt(9));
    assertThat(run.frames()).isEqualTo(9);
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("frame 10").hasMessageContaining("new acquisition header");
  }

  @Test
  void aHeaderThatDoesNotParseFails() {
    // A complete HDR message without its End line, sent ahead of the real one.
    String body = "HDR,\tFrames in Acquisition (Number):\t35\n";
    String bad = String.format("MPX,%010d,%s", body.length() + 1, body);
    Run run = run(sim(SCAN).withGarbageBeforeHeader(bad));
    assertThat(run.frames()).isZero();
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("no 'End' line").hasMessageContaining("0 of ? frames");
  }

  @Test
  void aStallLongerThanTheFrameTimeoutFails() {
    long t0 = System.nanoTime();
    Run run = run(sim(SCAN).withStall(6, Duration.ofSeconds(20)),
        o -> o.withFramesPerBatch(4).withFrameTimeout(Duration.ofMillis(300)));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.frames()).isEqualTo(6);
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("timed out: no frame after frame 6 within 300 ms").hasMessageContaining("6 of 35");
  }

  @Test
  void aShortStallIsNotATimeout() {
    Run run = run(sim(SCAN).withStall(6, Duration.ofMillis(200)),
        o -> o.withFramesPerBatch(4).withFrameTimeout(Duration.ofSeconds(2)));
    assertThat(run.error()).isNull();
    assertThat(run.frames()).isEqualTo(35);
  }

  @Test
  void noFirstFrameWithinTheFirstFrameTimeoutFails() {
    Run run = run(sim(SCAN).withStall(0, Duration.ofSeconds(20)),
        o -> o.withFirstFrameTimeout(Duration.ofMillis(300)));
    assertThat(run.events()).isEmpty();
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("timed out: no first frame within 300 ms").hasMessageContaining("0 of 35");
  }

  @Test
  void theHeaderTimeoutIsOptional() {
    // The simulator accepts, but a client to a port where nothing is sent waits only as long as asked.
    MerlinSimulatorOptions sim = sim(SCAN).withStall(0, Duration.ofSeconds(20))
        .withGarbageBeforeHeader("x".repeat(10));
    Run run = run(sim, o -> o.withHeaderTimeout(Duration.ofMillis(300)).withFirstFrameTimeout(Duration.ofMillis(300)));
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class).hasMessageContaining("timed out");
  }

  @Test
  void aUserScanMustAgreeWithTheHeader() {
    Run run = run(sim(SCAN), o -> o.withScan("6x6"));
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("scan 6x6 was given but the acquisition header says ScanX 7, ScanY 5");
  }

  @Test
  void aUserScanMustMatchFramesInAcquisition() {
    MerlinAcquisitionHeader noScan = header("Frames in Acquisition (Number):\t35\n");
    Run run = run(sim(SCAN).withHeader(noScan), o -> o.withScan("6x6"));
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("scan 6x6 has 36 frames but the acquisition header says Frames in Acquisition 35");
  }

  @Test
  void withoutScanXAndScanYTheScanMustBeGiven() {
    MerlinAcquisitionHeader noScan = header("Frames in Acquisition (Number):\t35\n");
    Run missing = run(sim(SCAN).withHeader(noScan), o -> o);
    assertThat(missing.error()).isInstanceOf(LiveAcquisitionException.class)
        .hasMessageContaining("no ScanX/ScanY").hasMessageContaining("--scan");

    MerlinSimulatorOptions sim = sim(SCAN).withHeader(noScan);
    Run given = run(sim, o -> o.withFramesPerBatch(4).withScan("7x5"));
    assertThat(given.error()).isNull();
    assertThat(given.started().geometry()).isEqualTo(SCAN);
    assertFramesSent(given, sim.frames());
  }

  @Test
  void aContinuousAcquisitionNeedsTheScanAndStopsAfterIt() {
    MerlinAcquisitionHeader continuous = header("Frames in Acquisition (Number):\t0\n");
    Run missing = run(sim(SCAN).withHeader(continuous), o -> o);
    assertThat(missing.error()).hasMessageContaining("Frames in Acquisition is 0 (continuous)");

    Run given = run(sim(SCAN).withHeader(continuous), o -> o.withScan("7x5"));
    assertThat(given.error()).isNull();
    assertThat(given.frames()).isEqualTo(35);
  }

  @Test
  void cancellingClosesTheConnection() throws InterruptedException {
    ScanGeometry g = new ScanGeometry(64, 64, 64, 64, DType.UINT16);
    try (MerlinSimulator s = MerlinSimulator.start(MerlinSimulatorOptions.of(SimulatedFrames.disc(g, 1, 4)))) {
      MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", s.port()).withFramesPerBatch(8));
      List<LiveEvent> events = source.acquire().take(3).collectList().block(T);
      assertThat(events).hasSize(3);
      long deadline = System.nanoTime() + T.toNanos();
      while (s.closedConnections() < 1 && System.nanoTime() < deadline) Thread.sleep(10);
      assertThat(s.connections()).isEqualTo(1);
      assertThat(s.closedConnections()).isEqualTo(1);
      assertThat(s.framesSent()).isLessThan(g.frames());
    }
  }

  @Test
  void nothingListeningFailsWithTheSourceNamed() {
    int port;
    try (MerlinSimulator s = MerlinSimulator.start(sim(SCAN))) {
      port = s.port();
    }
    MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", port));
    Throwable e = source.acquire().then().onErrorResume(x -> reactor.core.publisher.Mono.error(x))
        .materialize().block(T).getThrowable();
    assertThat(e).isInstanceOf(LiveAcquisitionException.class).hasMessageContaining("cannot connect");
  }

  @Test
  void aSignalIsPlayedFrameByFrame() {
    ScanGeometry g = new ScanGeometry(3, 4, 8, 6, DType.UINT16);
    Block all = Block.allocate(DType.UINT16, (int) g.frames() * g.framePixels());
    for (int i = 0; i < all.length(); i++) all.setLong(i, (i * 31L) % 65536);
    org.hyperflux.core.signal.Signal signal = org.hyperflux.core.signal.Signal.of(
        org.hyperflux.core.exec.MemoryArray.of(g.shape(), all), 2);
    SimulatedFrames frames = SimulatedFrames.fromSignal(signal, org.hyperflux.core.exec.ExecOptions.defaults());
    Run run = run(MerlinSimulatorOptions.of(frames), o -> o.withFramesPerBatch(5));
    assertThat(run.error()).isNull();
    assertThat(run.started().geometry()).isEqualTo(g);
    assertThat(run.frames()).isEqualTo(12);
    for (FrameBatch b : run.batches()) {
      for (int i = 0; i < b.count(); i++) {
        long k = b.first() + i;
        assertSameFrame(b.frame(i), all.slice((int) k * g.framePixels(), g.framePixels()), k);
      }
    }
  }

  @Test
  void aFrameSourceThatFailsDisconnectsTheClient() {
    SimulatedFrames failing = new SimulatedFrames() {
      @Override
      public ScanGeometry geometry() {
        return SCAN;
      }

      @Override
      public Block frame(long index) {
        if (index == 8) throw new IllegalStateException("cannot read frame 8");
        return SimulatedFrames.discFrame(SCAN, 1, index);
      }
    };
    Run run = run(MerlinSimulatorOptions.of(failing));
    assertThat(run.frames()).isEqualTo(8);
    assertThat(run.error()).isInstanceOf(LiveAcquisitionException.class).hasMessageContaining("8 of 35 frames");
  }

  @Test
  void theSimulatorPacesFramesAtTheRateAsked() {
    long t0 = System.nanoTime();
    Run run = run(sim(SCAN).withFrameRate(200), o -> o.withFramesPerBatch(4));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(run.error()).isNull();
    assertThat(run.frames()).isEqualTo(35);
    assertThat(seconds).as("35 frames at 200 Hz").isGreaterThan(0.16);
  }

  @Test
  void batchesAreAboutTwoMebibytesAndBoundedByTheBudget() {
    MerlinTcpOptions o = MerlinTcpOptions.of("h", 1);
    assertThat(o.batchFrames(256 * 256 * 2)).isEqualTo(16);
    assertThat(o.batchFrames(512 * 512 * 4)).isEqualTo(2);
    assertThat(o.batchFrames(64)).isEqualTo(4096);
    MerlinTcpOptions small = o.withExec(org.hyperflux.core.exec.ExecOptions.defaults().withBudgetBytes(20L << 20));
    assertThat(small.batchFrames(256 * 256 * 2)).isEqualTo(4);
    assertThat(new MerlinTcpSource(small).bytesHeld(256 * 256 * 2)).isLessThanOrEqualTo(5L << 20);
    assertThat(o.withFramesPerBatch(3).batchFrames(256 * 256 * 2)).isEqualTo(3);
  }

  static MerlinAcquisitionHeader header(String lines) {
    return MerlinAcquisitionHeader.parse("HDR,\t\n" + lines + "End\t", "test");
  }
}
