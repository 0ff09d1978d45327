package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.detector.DetectorMask;
import org.hyperflux.core.detector.FrameAnalysis;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.detector.LiveAnalysis;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.LiveReport;
import org.hyperflux.core.live.LiveSignal;
import org.hyperflux.core.live.OverflowPolicy;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import reactor.core.publisher.Mono;

/**
 * The whole live pipeline of the end-to-end tests: a {@link MerlinTcpSource} multicast by a
 * {@link LiveSignal} to a {@link LiveAnalysis} (sum frame, navigator, VBF disc, ADF annulus,
 * centre of mass) and a {@link LiveZspyWriter}, both BLOCK; and the checks that compare its
 * results with the offline analysis of the written file and with what was sent.
 */
final class LivePipeline {
  static final Duration T = Duration.ofSeconds(60);
  /** The scan of the end-to-end tests: 8 × 12 positions of 32 × 32 uint16 frames. */
  static final ScanGeometry G = new ScanGeometry(8, 12, 32, 32, DType.UINT16);

  /** The client of {@code sim} on loopback, in batches of 5 frames (not aligned with G's rows). */
  static MerlinTcpOptions tcp(MerlinSimulator sim) {
    return MerlinTcpOptions.of("127.0.0.1", sim.port()).withFramesPerBatch(5);
  }

  final LiveSignal live;
  final LiveAnalysis liveAnalysis;
  final LiveSignal.Attachment<FrameAnalysisSnapshot> analysis;
  final LiveZspyWriter zspy;
  final LiveSignal.Attachment<LiveWriteReport> writer;
  final FrameAnalysis spec;
  final Path file;

  LivePipeline(MerlinTcpOptions tcp, ScanGeometry g, Path file) {
    this(tcp, g, file, ExecOptions.defaults());
  }

  LivePipeline(MerlinTcpOptions tcp, ScanGeometry g, Path file, ExecOptions exec) {
    this.file = file;
    this.spec = analysisOf(g);
    MerlinTcpSource source = new MerlinTcpSource(tcp.withExec(exec));
    long batchBytes = (long) tcp.withExec(exec).batchFrames(g.frameBytes()) * g.frameBytes();
    this.live = LiveSignal.of(source, exec, batchBytes);
    this.liveAnalysis = spec.live(exec);
    this.analysis = live.attach("analysis", liveAnalysis,
        OverflowPolicy.BLOCK);
    this.zspy = file == null ? null : LiveZspyWriter.of(LiveZspyOptions.to(file).withExec(exec));
    this.writer = file == null ? null
        : live.attach("writer", zspy, OverflowPolicy.BLOCK);
  }

  static FrameAnalysis analysisOf(ScanGeometry g) {
    double cx = g.frameWidth() / 2.0;
    double cy = g.frameHeight() / 2.0;
    double side = Math.min(g.frameWidth(), g.frameHeight());
    return FrameAnalysis.create().withSumFrame().withNavigator()
        .withDetector("vbf", DetectorMask.disc(cx, cy, side / 6))
        .withDetector("adf", DetectorMask.annulus(cx, cy, side / 4, side / 2.2))
        .withCentreOfMass();
  }

  /** Runs the acquisition: its report, or its error. */
  Object run() {
    return live.start().cast(Object.class).onErrorResume(Mono::just).block(T);
  }

  LiveReport runOk() {
    Object r = run();
    if (r instanceof Throwable t) throw new AssertionError("the acquisition failed", t);
    return (LiveReport) r;
  }

  /** The analysis' last snapshot: its result, or after a failure what it had analysed. */
  FrameAnalysisSnapshot lastSnapshot() {
    return liveAnalysis.snapshot().orElseThrow();
  }

  /**
   * The live snapshot equals the offline analysis of the written file at every position the live
   * one covers (bit for bit), its valid positions are exactly {@code arrived}, and the sum frames
   * are equal (frames that never arrived read as 0 from the file).
   */
  static void assertEqualsOffline(FrameAnalysisSnapshot live, Path file, FrameAnalysis spec,
      BitSet arrived) throws Exception {
    Signal back = SignalFiles.load(file);
    FrameAnalysisSnapshot off = spec.offline(back, ExecOptions.defaults()).block(T);
    int n = (int) live.framesExpected();
    assertThat(live.framesAccepted()).isEqualTo(arrived.cardinality());
    assertImage("navigator", live.navigator(), off.navigator(), arrived, n);
    for (Map.Entry<String, Partial<Block>> e : live.detectors().entrySet()) {
      assertImage(e.getKey(), e.getValue(), off.detector(e.getKey()), arrived, n);
    }
    assertImage("comX", live.comX(), off.comX(), arrived, n);
    assertImage("comY", live.comY(), off.comY(), arrived, n);
    Block a = live.sumFrame();
    Block b = off.sumFrame();
    assertThat(a.dtype()).isEqualTo(b.dtype());
    assertThat(a.length()).isEqualTo(b.length());
    for (int p = 0; p < a.length(); p++) {
      if (a.getLong(p) != b.getLong(p)) {
        throw new AssertionError("sum frame pixel " + p + ": live " + a.getLong(p) + " != offline " + b.getLong(p));
      }
    }
  }

  static void assertImage(String name, Partial<Block> live, Partial<Block> off, BitSet arrived, int n) {
    BitSet valid = live.validMask() == null ? full(n) : live.validMask();
    assertThat(valid).as("%s: valid positions", name).isEqualTo(arrived);
    assertThat(live.accepted()).as("%s: accepted", name).isEqualTo(arrived.cardinality());
    Block a = live.value();
    Block b = off.value();
    assertThat(a.dtype()).as(name).isEqualTo(b.dtype());
    for (int k = arrived.nextSetBit(0); k >= 0; k = arrived.nextSetBit(k + 1)) {
      boolean same = a.dtype().isFloat()
          ? Double.doubleToRawLongBits(a.getDouble(k)) == Double.doubleToRawLongBits(b.getDouble(k))
          : a.getLong(k) == b.getLong(k);
      if (!same) {
        throw new AssertionError(name + " at position " + k + ": live " + a.getDouble(k)
            + " != offline " + b.getDouble(k));
      }
    }
  }

  /** The file holds frame k as sent for every k in {@code arrived}, and its valid-frame mask is {@code arrived}. */
  static void assertFileHolds(Path file, SimulatedFrames frames, BitSet arrived, boolean complete) throws Exception {
    ScanGeometry g = frames.geometry();
    assertThat(LiveZspyFiles.isComplete(file)).isEqualTo(complete);
    if (!complete) {
      boolean[][] mask = LiveZspyFiles.validFrames(file);
      for (int k = 0; k < g.frames(); k++) {
        assertThat(mask[k / g.scanX()][k % g.scanX()]).as("frame %d valid in the file", k).isEqualTo(arrived.get(k));
      }
    }
    Signal back = SignalFiles.load(file);
    assertThat(back.data().shape()).isEqualTo(g.shape());
    assertThat(back.dtype()).isEqualTo(g.dtype());
    Block all = back.data().compute().toBlock();
    for (int k = arrived.nextSetBit(0); k >= 0; k = arrived.nextSetBit(k + 1)) {
      MerlinTcpSourceTest.assertSameFrame(all.slice(k * g.framePixels(), g.framePixels()), frames.frame(k), k);
    }
  }

  static BitSet full(int n) {
    BitSet b = new BitSet(n);
    b.set(0, n);
    return b;
  }
}
