package org.hyperflux.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.detector.DetectorMask;
import org.hyperflux.core.detector.FrameAnalysis;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.detector.LiveAnalysis;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveConsumer;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.LiveReport;
import org.hyperflux.core.live.LiveSignal;
import org.hyperflux.core.live.OverflowPolicy;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.live.LiveWriteReport;
import org.hyperflux.io.live.LiveZspyOptions;
import org.hyperflux.io.live.LiveZspyWriter;
import org.hyperflux.io.live.MerlinSimulator;
import org.hyperflux.io.live.MerlinSimulatorOptions;
import org.hyperflux.io.live.MerlinTcpOptions;
import org.hyperflux.io.live.MerlinTcpSource;
import org.hyperflux.io.live.SimulatedFrames;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A custom live pipeline composed in Java, end to end on loopback:
 * <ol>
 *   <li>an in-process {@link MerlinSimulator} plays a scan at a frame rate;</li>
 *   <li>a {@link MerlinTcpSource} connects to it and a {@link LiveSignal} multicasts the frames
 *       to three consumers, all BLOCK: a {@link LiveAnalysis} (sum frame, navigator, a virtual
 *       bright field disc {@code vbf} and a custom boolean mask {@code upper}: the upper half of
 *       the frame), the {@link LiveZspyWriter}, and {@link RowMaximum}, a consumer of this
 *       example's own (the brightest pixel of each scan row, printed as rows complete);</li>
 *   <li>snapshots of the analysis are printed while the scan runs, and halfway through the scan
 *       the {@code vbf} disc is replaced by a larger one: its image restarts from there, with a
 *       valid-position mask;</li>
 *   <li>afterwards the written file is loaded and {@link FrameAnalysis#offline} runs the same
 *       analysis (with the final masks) over it: the navigator, the sum frame and {@code upper}
 *       equal the live ones everywhere, {@code vbf} at every position the live image covers.</li>
 * </ol>
 *
 * <pre>{@code
 * java -cp examples/target/hyperflux.jar org.hyperflux.examples.LivePipelineExample [DIR [SCAN_X SCAN_Y FRAME RATE]]
 * }</pre>
 */
public final class LivePipelineExample {
  private LivePipelineExample() {}

  /**
   * The brightest pixel of each scan row over its frames: a {@link LiveConsumer} of this
   * example's own. It moves off the source's thread ({@code publishOn}), asks for a few batches
   * at a time (BLOCK: its demand paces the acquisition like any other consumer's), and calls
   * {@code onRow} each time a row is complete. Its result is the per-row maxima.
   */
  static final class RowMaximum implements LiveConsumer<long[]> {
    private final ExecOptions options;
    private final RowListener onRow;

    /** Told of each complete row, on the consumer's thread. */
    interface RowListener {
      void row(int row, long maximum);
    }

    RowMaximum(ExecOptions options, RowListener onRow) {
      this.options = options;
      this.onRow = onRow;
    }

    @Override
    public Mono<long[]> consume(Flux<LiveEvent> events) {
      return Mono.defer(() -> {
        long[][] state = new long[1][];
        ScanGeometry[] geometry = new ScanGeometry[1];
        return events.publishOn(options.cpu(), 2).doOnNext(e -> {
          if (e instanceof LiveEvent.Started s) {
            geometry[0] = s.geometry();
            state[0] = new long[s.geometry().scanY()];
          } else if (e instanceof FrameBatch b) {
            ScanGeometry g = geometry[0];
            for (int i = 0; i < b.count(); i++) {
              long k = b.first() + i;
              Block f = b.frame(i);
              long max = 0;
              for (int p = 0; p < f.length(); p++) max = Math.max(max, f.getLong(p));
              int row = g.row(k);
              state[0][row] = Math.max(state[0][row], max);
              if (g.column(k) == g.scanX() - 1) onRow.row(row, state[0][row]);
            }
          }
        }).then(Mono.fromSupplier(() -> state[0]));
      });
    }
  }

  /** What one run of the example produced, for its test. */
  record Result(LiveReport report, LiveWriteReport file, FrameAnalysisSnapshot live,
      FrameAnalysisSnapshot offline, long[] rowMaxima, int snapshotsPrinted, boolean equal) {}

  /**
   * Runs the example: scan {@code scanX × scanY} of {@code frame × frame} uint16 frames at
   * {@code rate} Hz, writing {@code dir/live.zspy} (replaced), printing to {@code out}.
   */
  static Result run(Path dir, int scanX, int scanY, int frame, double rate, PrintStream out)
      throws IOException {
    ScanGeometry g = new ScanGeometry(scanY, scanX, frame, frame, DType.UINT16);
    ExecOptions exec = ExecOptions.defaults();
    Path file = dir.resolve("live.zspy");
    double c = (frame - 1) / 2.0;
    boolean[] upper = new boolean[frame * frame];
    Arrays.fill(upper, 0, frame * frame / 2, true);
    FrameAnalysis analysis = FrameAnalysis.create().withSumFrame().withNavigator()
        .withDetector("vbf", DetectorMask.disc(c, c, frame / 8.0))
        .withDetector("upper", DetectorMask.of(frame, frame, upper));
    DetectorMask larger = DetectorMask.disc(c, c, frame / 4.0);

    try (MerlinSimulator sim = MerlinSimulator.start(
        MerlinSimulatorOptions.of(SimulatedFrames.disc(g, 11)).withFrameRate(rate))) {
      out.printf(Locale.ROOT, "simulator: %s at %.0f frames/s on port %d%n", g, rate, sim.port());
      MerlinTcpSource source = new MerlinTcpSource(
          MerlinTcpOptions.of("127.0.0.1", sim.port()).withFramesPerBatch(4).withExec(exec));
      LiveSignal live = LiveSignal.of(source, exec);

      LiveAnalysis liveAnalysis = analysis.live(exec);
      LiveSignal.Attachment<FrameAnalysisSnapshot> analysed =
          live.attach("analysis", liveAnalysis, OverflowPolicy.BLOCK);
      LiveSignal.Attachment<LiveWriteReport> written = live.attach("writer",
          LiveZspyWriter.of(LiveZspyOptions.to(file).withOverwrite(true).withExec(exec)),
          OverflowPolicy.BLOCK);
      AtomicBoolean replaced = new AtomicBoolean();
      LiveSignal.Attachment<long[]> rows = live.attach("row-maximum", new RowMaximum(exec,
          (row, max) -> {
            out.printf(Locale.ROOT, "  row %d complete: brightest pixel %d%n", row, max);
            if (row + 1 >= scanY / 2 && replaced.compareAndSet(false, true)) {
              liveAnalysis.replaceMask("vbf", larger);
              out.printf(Locale.ROOT, "  replaced the vbf disc (r=%s) by %s after row %d%n",
                  NavigatorImage.label(frame / 8.0), larger, row);
            }
          }), OverflowPolicy.BLOCK);

      int[] printed = new int[1];
      Disposable snapshots = liveAnalysis.snapshots(Duration.ofMillis(50)).subscribe(s -> {
        printed[0]++;
        Partial<Block> vbf = s.detector("vbf");
        out.printf(Locale.ROOT, "  snapshot: %d of %d frames, vbf covers %d positions%n",
            s.framesAccepted(), s.framesExpected(), vbf.accepted());
      }, e -> { });

      LiveReport report = live.start().block(Duration.ofMinutes(5));
      FrameAnalysisSnapshot liveResult = analysed.result().block(Duration.ofMinutes(1));
      LiveWriteReport fileReport = written.result().block(Duration.ofMinutes(1));
      long[] maxima = rows.result().block(Duration.ofMinutes(1));
      snapshots.dispose();
      out.printf(Locale.ROOT, "acquired: %d of %d frames, %d dropped, %.2f s; file: %s%n",
          report.framesReceived(), report.framesExpected(), report.framesDropped(),
          report.elapsed().toNanos() / 1e9, fileReport);

      Signal signal = SignalFiles.load(file);
      FrameAnalysis finalMasks = FrameAnalysis.create().withSumFrame().withNavigator()
          .withDetector("vbf", larger).withDetector("upper", DetectorMask.of(frame, frame, upper));
      FrameAnalysisSnapshot offline = finalMasks.offline(signal, exec).block(Duration.ofMinutes(5));
      boolean equal = equal(liveResult, offline, out);
      out.println(equal ? "offline analysis of the file equals the live one"
          : "offline analysis of the file DIFFERS from the live one");
      return new Result(report, fileReport, liveResult, offline, maxima, printed[0], equal);
    }
  }

  /** Live equals offline: navigator, sum frame and {@code upper} everywhere, {@code vbf} where valid. */
  static boolean equal(FrameAnalysisSnapshot live, FrameAnalysisSnapshot offline, PrintStream out) {
    boolean ok = sameBlock(live.sumFrame(), offline.sumFrame(), null)
        && sameBlock(live.navigator().value(), offline.navigator().value(), null)
        && sameBlock(live.detector("upper").value(), offline.detector("upper").value(), null)
        && sameBlock(live.detector("vbf").value(), offline.detector("vbf").value(),
            live.detector("vbf"));
    out.printf(Locale.ROOT, "  live vbf (restarted halfway) covers %d of %d positions; compared"
        + " there%n", live.detector("vbf").accepted(), live.framesExpected());
    return ok;
  }

  private static boolean sameBlock(Block a, Block b, Partial<Block> validOnly) {
    if (a.length() != b.length()) return false;
    for (int i = 0; i < a.length(); i++) {
      if (validOnly != null && !FrameAnalysisSnapshot.isValid(validOnly, i)) continue;
      if (Double.compare(a.getDouble(i), b.getDouble(i)) != 0) return false;
    }
    return true;
  }

  /** {@code [DIR [SCAN_X SCAN_Y FRAME RATE]]}: defaults to a temporary directory, 32 32 64 2000. */
  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("hyperflux-live");
    Files.createDirectories(dir);
    int scanX = args.length > 2 ? Integer.parseInt(args[1]) : 32;
    int scanY = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int frame = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    double rate = args.length > 4 ? Double.parseDouble(args[4]) : 2000;
    Result r = run(dir, scanX, scanY, frame, rate, System.out);
    System.exit(r.equal() && r.report().complete() ? 0 : 1);
  }
}
