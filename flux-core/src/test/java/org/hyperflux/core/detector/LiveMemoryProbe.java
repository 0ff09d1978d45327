package org.hyperflux.core.detector;

import java.time.Duration;
import java.util.Map;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.LiveReport;
import org.hyperflux.core.live.LiveSignal;
import org.hyperflux.core.live.LiveSource;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.live.ScanSimulation;
import org.hyperflux.core.testing.PeakMemory;
import reactor.core.publisher.Flux;

/**
 * A main class run in a forked JVM with a small heap by {@link LiveMemoryTest}: streams a scan of
 * {@code scanY × 128} frames of 256×256 uint16 (128 KiB each; scanY = 128 gives 2 GiB) in fresh
 * batches of 16 frames through a {@link LiveSignal} into a {@link LiveAnalysis} (sum frame,
 * navigator, VBF, ADF, centre of mass) and a second, counting consumer, and prints
 * {@code key=value} lines: frames, bytes, the sum frame's check value against the closed form,
 * the peak heap used and the peak resident set. Frame {@code f} is frame {@code f mod 8} of a
 * {@link ScanSimulation}, so the sum frame is known without keeping the scan.
 */
public final class LiveMemoryProbe {
  private LiveMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    int scanY = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    ScanGeometry g = new ScanGeometry(scanY, 128, 256, 256, DType.UINT16);
    int fp = g.framePixels();
    short[] ring = new short[8 * fp];
    Block ringBlock = Block.wrap(DType.UINT16, ring);
    for (int f = 0; f < 8; f++) ScanSimulation.fill(g, f, ringBlock, f * fp);
    int batch = 16;
    LiveSource source = new LiveSource() {
      @Override
      public Flux<LiveEvent> acquire() {
        return Flux.generate(() -> -1L, (next, sink) -> {
          if (next < 0) {
            sink.next(new LiveEvent.Started(g, Map.of()));
            return 0L;
          }
          if (next >= g.frames()) {
            sink.complete();
            return next;
          }
          int n = (int) Math.min(batch, g.frames() - next);
          short[] pixels = new short[n * fp];
          for (int i = 0; i < n; i++) {
            System.arraycopy(ring, (int) ((next + i) % 8) * fp, pixels, i * fp, fp);
          }
          sink.next(new FrameBatch(next, n, Block.wrap(DType.UINT16, pixels)));
          return next + n;
        });
      }

      @Override
      public String description() {
        return "probe";
      }
    };
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(32L << 20);
    PeakMemory peak = PeakMemory.start();
    long t0 = System.nanoTime();
    LiveSignal live = LiveSignal.of(source, options, (long) batch * g.frameBytes());
    LiveAnalysis analysis = FrameAnalysis.create().withSumFrame().withNavigator()
        .withDetector("vbf", DetectorMask.disc(128, 128, 20))
        .withDetector("adf", DetectorMask.annulus(128, 128, 40, 100))
        .withCentreOfMass(128, 128).live(options);
    LiveSignal.Attachment<FrameAnalysisSnapshot> result = live.attach(analysis);
    LiveSignal.Attachment<Long> counter = live.attach(e -> e.ofType(FrameBatch.class)
        .map(b -> (long) b.count()).reduce(0L, Long::sum));
    LiveReport report = live.start().block(Duration.ofMinutes(5));
    FrameAnalysisSnapshot s = result.result().block(Duration.ofMinutes(1));
    long seconds = System.nanoTime() - t0;
    long peakUsed = peak.stop();
    // Sum frame at a few pixels against the closed form: the scan repeats the 8 ring frames.
    long full = g.frames() / 8;
    boolean sumOk = true;
    for (int p = 0; p < fp; p += 4099) {
      long expected = 0;
      for (int f = 0; f < 8; f++) {
        long count = full + (f < g.frames() % 8 ? 1 : 0);
        expected += count * (ring[f * fp + p] & 0xFFFF);
      }
      sumOk &= s.sumFrame().getLong(p) == expected;
    }
    System.out.println("frames=" + report.framesReceived());
    System.out.println("bytes=" + report.bytesReceived());
    System.out.println("complete=" + report.complete());
    System.out.println("analysed=" + s.framesAccepted());
    System.out.println("navigatorComplete=" + (s.navigator().validMask() == null));
    System.out.println("counted=" + counter.result().block(Duration.ofMinutes(1)));
    System.out.println("sumFrameOk=" + sumOk);
    System.out.println("prefetch=" + live.prefetch());
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.out.println("millis=" + seconds / 1_000_000);
  }
}
