package org.hyperflux.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hyperflux.core.detector.DetectorMask;
import org.hyperflux.core.detector.FrameAnalysis;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.detector.LiveAnalysis;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.LiveAcquisitionException;
import org.hyperflux.core.live.LiveCounters;
import org.hyperflux.core.live.LiveReport;
import org.hyperflux.core.live.LiveSource;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.io.live.DetectorConnection;
import org.hyperflux.io.live.DetectorProtocols;
import org.hyperflux.io.live.LiveWriteReport;
import org.hyperflux.io.live.LiveZspyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code hyperflux live acquire}: connects to a Merlin data channel ({@link LiveClient}), analyses
 * every frame while the scan arrives (sum frame, latest frame, navigator, a virtual bright field
 * disc {@code --vbf R}, an annular dark field {@code --adf R1,R2}, centre of mass {@code --com},
 * all around {@code --centre}, by default the frame's centre, fused into one pass per frame) and,
 * with {@code --out}, writes the raw frames to {@code .zspy} at the same time. Every consumer is
 * attached with BLOCK: nothing is dropped; the slowest one paces the socket.
 *
 * <p>While it runs, every {@code --snapshot-every}: a progress line on standard error (frames of
 * the scan, frames/s and MB/s since the previous line, frames dropped, frames lost in gaps, the
 * writer's lag; redrawn in place as a bar on an interactive terminal), and with {@code --png DIR}
 * the snapshot's images ({@link LiveImages}), rendered on a worker with LATEST semantics: a slow
 * renderer skips snapshots and never slows the acquisition. At the end: the final images and a
 * summary on standard output (a JSON object with {@code --json}).
 *
 * <p>Exit code 0 for a complete scan; 1 when it is incomplete (disconnect, malformed data,
 * timeout), with the error saying how many frames of how many arrived, the file finalised and
 * marked incomplete; 2 for bad options. Ctrl-C cancels: a shutdown hook cancels the acquisition
 * (the socket is closed) and waits up to {@value #FINALISE_SECONDS} s for the file to be
 * finalised, marked incomplete.
 */
@Command(
    name = "acquire",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Acquires a scan from a Merlin detector's data channel (TCP), analysing every frame as it"
            + " arrives (sum frame, navigator, virtual BF/ADF, centre of mass) and writing the"
            + " raw frames to .zspy at the same time; prints progress, writes PNG snapshots.",
        "Exits with 1 when the scan is incomplete (the file is kept, finalised and marked"
            + " incomplete); Ctrl-C cancels the same way."})
public final class LiveAcquireCommand implements Callable<Integer> {
  static final int FINALISE_SECONDS = 20;

  @Spec
  CommandSpec spec;

  @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "merlin",
      description = "the detector's data protocol (default: ${DEFAULT-VALUE}; registered:"
          + " DetectorProtocol providers)")
  String protocol;

  @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
      description = "the detector PC (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", paramLabel = "P", defaultValue = "6342",
      description = "its data port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--scan", paramLabel = "WxH", converter = Units.DimsConverter.class,
      description = "scan positions, x before y (default: ScanX and ScanY of the acquisition"
          + " header)")
  Units.Dims scan;

  @Option(names = "--out", paramLabel = "FILE", description = "write the raw frames to this .zspy")
  Path out;

  @Option(names = "--overwrite", description = "replace --out if it exists")
  boolean overwrite;

  @Option(names = "--codec", paramLabel = "NAME", defaultValue = "lz4",
      description = "compressor of --out: lz4, none, zstd or blosc (default: ${DEFAULT-VALUE})")
  String codec;

  @Option(names = "--vbf", paramLabel = "R",
      description = "virtual bright field: a disc of radius R pixels around --centre")
  Double vbf;

  @Option(names = "--adf", paramLabel = "R1,R2", split = ",",
      description = "annular dark field: radii R1 < r <= R2 pixels around --centre")
  double[] adf;

  @Option(names = "--centre", paramLabel = "CX,CY", split = ",",
      description = "centre of the detectors and the centre of mass, column and row in pixels"
          + " (default: the frame's centre)")
  double[] centre;

  @Option(names = "--com", description = "centre-of-mass maps (x and y, relative to --centre)")
  boolean com;

  @Option(names = "--snapshot-every", paramLabel = "DURATION", defaultValue = "1s",
      converter = Units.DurationConverter.class,
      description = "progress lines and PNG snapshots this often (default: ${DEFAULT-VALUE})")
  Duration every;

  @Option(names = "--png", paramLabel = "DIR",
      description = "write the snapshots' images into DIR (replaced at each snapshot)")
  Path png;

  @Option(names = "--first-frame-timeout", paramLabel = "DURATION", defaultValue = "30s",
      converter = Units.DurationConverter.class,
      description = "longest wait from the header to the first frame (default: ${DEFAULT-VALUE})")
  Duration firstFrameTimeout;

  @Option(names = "--frame-timeout", paramLabel = "DURATION", defaultValue = "5s",
      converter = Units.DurationConverter.class,
      description = "longest wait for the next frame (default: ${DEFAULT-VALUE})")
  Duration frameTimeout;

  @Option(names = "--budget", paramLabel = "SIZE", converter = Units.ByteSize.class,
      description = "memory budget of the analysis, the writer and the buffers (default: half"
          + " the heap)")
  Long budget;

  @Option(names = "--json", description = "print the summary as JSON")
  boolean json;

  private volatile Runnable cancel;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ExecOptions exec = budget == null ? ExecOptions.defaults()
        : ExecOptions.defaults().withBudgetBytes(budget);
    LiveClient client;
    try {
      checkOptions();
      DetectorConnection connection = DetectorConnection.to(host, port)
          .withTimeouts(firstFrameTimeout, frameTimeout).withExec(exec);
      if (scan != null) connection = connection.withScan(scan.get(0), scan.get(1));
      LiveSource source = DetectorProtocols.named(protocol).source(connection);
      LiveZspyOptions write = out == null ? null : LiveZspyOptions.to(out).withOverwrite(overwrite)
          .withCompressor(LiveClient.codec(codec)).withExec(exec);
      client = new LiveClient(source, this::analysisOf, write, exec);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!json) {
      stdout.printf(Locale.ROOT, "hyperflux live acquire: %s -> %s%s%n", client.source.description(),
          analysisText(), out == null ? "" : " + " + LiveClient.describe(out));
      stdout.flush();
    }

    LiveImages images = png == null ? null : new LiveImages(png);
    AtomicReference<Throwable> renderError = new AtomicReference<>();
    AtomicReference<List<Path>> pngs = new AtomicReference<>(List.of());
    Mono<Void> rendering = images == null ? Mono.empty()
        : client.analysis.snapshots(every)
            .onBackpressureLatest()
            .publishOn(Schedulers.boundedElastic(), 1)
            .doOnNext(s -> {
              try {
                pngs.set(images.write(s));
              } catch (Exception e) {
                renderError.compareAndSet(null, e);
              }
            })
            .onErrorResume(e -> Mono.empty())
            .then()
            .cache();
    rendering.subscribe();

    boolean interactive = System.console() != null;
    Progress progress = new Progress(client, err, interactive);
    Disposable ticks = Flux.interval(every, every, Schedulers.parallel()).onBackpressureDrop()
        .subscribe(t -> progress.print(false));

    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<LiveReport> report = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long t0 = System.nanoTime();
    Disposable run = client.live.start().subscribe(report::set, e -> {
      failure.set(e);
      done.countDown();
    }, done::countDown);
    cancel = () -> cancel(run, done, failure, client, err);
    Thread hook = new Thread(cancel, "hyperflux-live-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      done.await();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) and finalises the file
      }
    }
    cancel = null;
    long nanos = System.nanoTime() - t0;
    ticks.dispose();
    progress.print(true);
    rendering.block(Duration.ofSeconds(FINALISE_SECONDS));

    LiveReport r = report.get() != null ? report.get() : client.live.report();
    LiveWriteReport file = client.writer == null ? null
        : client.writer.report().block(Duration.ofSeconds(FINALISE_SECONDS));
    Map<String, Object> summary = summary(client, r, file, failure.get(), nanos, pngs.get(),
        renderError.get());
    if (json) {
      stdout.print(Json.write(summary));
    } else {
      printSummary(stdout, summary);
    }
    stdout.flush();
    if (failure.get() != null) {
      err.println("hyperflux live acquire: " + BenchChildren.message(failure.get()));
      err.flush();
      return 1;
    }
    if (!r.complete()) {
      err.printf(Locale.ROOT, "hyperflux live acquire: incomplete: %d of %d frames arrived (%d"
          + " lost in gaps)%n", r.framesReceived(), r.framesExpected(), r.framesLost());
      err.flush();
      return 1;
    }
    return 0;
  }

  /**
   * Cancels a running acquisition as Ctrl-C does (the shutdown hook runs this): the socket is
   * closed and the file finalised; {@code call()} then returns 1. Does nothing when no
   * acquisition runs. For tests; thread-safe.
   */
  void cancelNow() {
    Runnable c = cancel;
    if (c != null) c.run();
  }

  /** Ctrl-C: cancels the acquisition and waits, bounded, for the file to be finalised. */
  private void cancel(Disposable run, CountDownLatch done, AtomicReference<Throwable> failure,
      LiveClient client, PrintWriter err) {
    if (done.getCount() == 0) return;
    LiveCounters c = client.live.counters();
    failure.compareAndSet(null, new LiveAcquisitionException(client.source.description(),
        "cancelled by the user", c.framesReceived(), c.framesExpected(), null));
    run.dispose();
    err.printf(Locale.ROOT, "%nhyperflux live acquire: cancelled after %d of %d frames%s%n",
        c.framesReceived(), c.framesExpected(),
        client.writer == null ? "" : "; finalising " + client.writer.target() + " ...");
    err.flush();
    if (client.writer != null) {
      try {
        LiveWriteReport w = client.writer.report().block(Duration.ofSeconds(FINALISE_SECONDS));
        err.println("hyperflux live acquire: " + (w == null ? "no file was written" : w));
      } catch (RuntimeException e) {
        err.println("hyperflux live acquire: the file was not finalised within "
            + FINALISE_SECONDS + " s: " + e.getMessage());
      }
      err.flush();
    }
    done.countDown();
  }

  private void checkOptions() {
    if (scan != null && scan.rank() != 2) {
      throw new IllegalArgumentException("--scan is WIDTHxHEIGHT, e.g. 128x128, got " + scan);
    }
    if (adf != null && adf.length != 2) {
      throw new IllegalArgumentException("--adf takes two radii R1,R2, got " + adf.length + " values");
    }
    if (centre != null && centre.length != 2) {
      throw new IllegalArgumentException("--centre takes CX,CY, got " + centre.length + " values");
    }
    if (every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("--snapshot-every must be > 0, got " + every);
    }
    if (out != null && !out.getFileName().toString().endsWith(".zspy")) {
      throw new IllegalArgumentException("--out must be a .zspy directory, got " + out);
    }
    LiveClient.codec(codec);
    // Masks check their radii now, before connecting.
    if (vbf != null) DetectorMask.disc(0, 0, vbf);
    if (adf != null) DetectorMask.annulus(0, 0, adf[0], adf[1]);
  }

  /** The analysis for the acquisition's geometry: masks and centre of mass around --centre. */
  FrameAnalysis analysisOf(ScanGeometry g) {
    double cx = centre != null ? centre[0] : (g.frameWidth() - 1) / 2.0;
    double cy = centre != null ? centre[1] : (g.frameHeight() - 1) / 2.0;
    FrameAnalysis a = FrameAnalysis.create().withSumFrame().withLatestFrame().withNavigator();
    if (vbf != null) a = a.withDetector("vbf", DetectorMask.disc(cx, cy, vbf));
    if (adf != null) a = a.withDetector("adf", DetectorMask.annulus(cx, cy, adf[0], adf[1]));
    if (com) a = a.withCentreOfMass(cx, cy);
    return a;
  }

  private String analysisText() {
    List<String> parts = new ArrayList<>(List.of("sum frame", "navigator"));
    String at = centre == null ? "frame centre"
        : String.format(Locale.ROOT, "(%s, %s)", NavigatorImage.label(centre[0]),
            NavigatorImage.label(centre[1]));
    if (vbf != null) parts.add("vbf r=" + NavigatorImage.label(vbf));
    if (adf != null) {
      parts.add("adf " + NavigatorImage.label(adf[0]) + ".." + NavigatorImage.label(adf[1]));
    }
    if (com) parts.add("com");
    return String.join(", ", parts) + (vbf != null || adf != null || com ? " around " + at : "");
  }

  private Map<String, Object> summary(LiveClient client, LiveReport r, LiveWriteReport file,
      Throwable failure, long nanos, List<Path> pngs, Throwable renderError) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", client.source.description());
    ScanGeometry g = client.analysis.analysis().blockOptional(Duration.ofSeconds(1))
        .flatMap(LiveAnalysis::snapshot).map(FrameAnalysisSnapshot::geometry).orElse(null);
    if (g != null) {
      m.put("scan", List.of(g.scanX(), g.scanY()));
      m.put("frame", List.of(g.frameWidth(), g.frameHeight()));
      m.put("dtype", g.dtype().numpyName());
    }
    m.put("frames_expected", r.framesExpected());
    m.put("frames_received", r.framesReceived());
    m.put("frames_lost", r.framesLost());
    m.put("frames_dropped", r.framesDropped());
    m.put("complete", r.complete() && failure == null);
    m.put("elapsed_seconds", round(nanos / 1e9, 3));
    long first = client.clock.firstNanos();
    long last = client.clock.lastNanos();
    double transfer = first == 0 ? 0 : (last - first) / 1e9;
    m.put("first_to_last_frame_seconds", round(transfer, 3));
    double seconds = transfer > 0 ? transfer : r.elapsed().toNanos() / 1e9;
    m.put("frames_per_second", seconds > 0 ? round(r.framesReceived() / seconds, 1) : null);
    m.put("gbps", seconds > 0 ? round(r.bytesReceived() / seconds / 1e9, 3) : null);
    m.put("bytes_received", r.bytesReceived());
    m.put("error", failure == null ? null : BenchChildren.message(failure));
    if (out != null) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("path", LiveClient.describe(out));
      f.put("written", file != null);
      if (file != null) {
        f.put("complete", file.complete());
        f.put("frames_written", file.framesWritten());
        f.put("bytes_raw", file.bytesRaw());
        f.put("bytes_stored", file.bytesStored());
        f.put("max_lag_frames", file.maxLag());
      } else {
        f.put("complete", false);
        f.put("frames_written", 0);
      }
      m.put("file", f);
    }
    if (png != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("dir", png.toAbsolutePath().toString());
      List<String> names = new ArrayList<>();
      for (Path x : pngs) names.add(x.getFileName().toString());
      p.put("files", names);
      p.put("error", renderError == null ? null : BenchChildren.message(renderError));
      m.put("png", p);
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static void printSummary(PrintWriter o, Map<String, Object> m) {
    o.printf(Locale.ROOT, "  frames  : %d of %d received (%s), %d lost in gaps, %d dropped%n",
        m.get("frames_received"), m.get("frames_expected"),
        Boolean.TRUE.equals(m.get("complete")) ? "complete" : "incomplete", m.get("frames_lost"),
        m.get("frames_dropped"));
    o.printf(Locale.ROOT, "  elapsed : %.2f s; first frame to last %.2f s = %s GB/s, %s frames/s%n",
        m.get("elapsed_seconds"), m.get("first_to_last_frame_seconds"),
        BenchChildren.fmt(m.get("gbps")), BenchChildren.fmt(m.get("frames_per_second")));
    Map<String, Object> f = (Map<String, Object>) m.get("file");
    if (f != null && !Boolean.TRUE.equals(f.get("written"))) {
      o.printf(Locale.ROOT, "  file    : %s not written (the acquisition never started)%n",
          f.get("path"));
    } else if (f != null) {
      o.printf(Locale.ROOT, "  file    : %s %s, %s frames written%s%n", f.get("path"),
          Boolean.TRUE.equals(f.get("complete")) ? "complete" : "INCOMPLETE (finalised, marked"
              + " incomplete with its valid-frame mask)", f.get("frames_written"),
          f.get("bytes_stored") == null ? "" : String.format(Locale.ROOT,
              ", %s stored, writer lag at most %s frames",
              Units.bytes(((Number) f.get("bytes_stored")).longValue()), f.get("max_lag_frames")));
    }
    Map<String, Object> p = (Map<String, Object>) m.get("png");
    if (p != null) {
      o.printf(Locale.ROOT, "  images  : %s %s%s%n", p.get("dir"), p.get("files"),
          p.get("error") == null ? "" : " (rendering failed: " + p.get("error") + ")");
    }
  }

  private static Double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /** The progress line: counters since the previous line, from the live signal and the writer. */
  private static final class Progress {
    private final LiveClient client;
    private final PrintWriter err;
    private final boolean interactive;
    private long lastNanos = System.nanoTime();
    private long lastFrames;
    private long lastBytes;

    Progress(LiveClient client, PrintWriter err, boolean interactive) {
      this.client = client;
      this.err = err;
      this.interactive = interactive;
    }

    synchronized void print(boolean end) {
      LiveCounters c = client.live.counters();
      long now = System.nanoTime();
      double dt = (now - lastNanos) / 1e9;
      double fps = dt > 0 ? (c.framesReceived() - lastFrames) / dt : 0;
      double mbps = dt > 0 ? (c.bytesReceived() - lastBytes) / dt / 1e6 : 0;
      lastNanos = now;
      lastFrames = c.framesReceived();
      lastBytes = c.bytesReceived();
      String text = String.format(Locale.ROOT,
          "%d/%s frames  %.0f frames/s  %.1f MB/s  dropped %d  gaps %d%s  %.1f s",
          c.framesReceived(), c.framesExpected() > 0 ? Long.toString(c.framesExpected()) : "?",
          fps, mbps, c.framesDropped(), c.framesLost(),
          client.writer == null ? "" : "  writer lag " + client.writer.lag(),
          c.elapsed().toNanos() / 1e9);
      if (interactive) {
        int width = 24;
        int filled = c.framesExpected() > 0
            ? (int) Math.min(width, c.framesReceived() * width / c.framesExpected()) : 0;
        err.print("\r[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + text
            + (end ? System.lineSeparator() : ""));
      } else if (!end || lastFrames > 0) {
        err.println("  " + text);
      }
      err.flush();
    }
  }
}
