package org.hyperflux.examples;

import static org.hyperflux.examples.BenchChildren.fmt;
import static org.hyperflux.examples.BenchChildren.loadavg;
import static org.hyperflux.examples.BenchChildren.message;
import static org.hyperflux.examples.BenchChildren.storedBytes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.detector.DetectorMask;
import org.hyperflux.core.detector.FrameAnalysis;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.LiveReport;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.io.live.LiveWriteReport;
import org.hyperflux.io.live.LiveZspyFiles;
import org.hyperflux.io.live.LiveZspyOptions;
import org.hyperflux.io.live.MerlinTcpOptions;
import org.hyperflux.io.live.MerlinTcpSource;
import org.hyperflux.io.live.SimulatedFrames;
import org.hyperflux.io.zarr.ZarrCompressor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux bench live}: live acquisition over loopback TCP, against the wire. The
 * simulator runs in a <b>separate child process</b> ({@code hyperflux live simulate --port 0
 * --period N}, started with the same java as this JVM), sending {@code N} pre-encoded distinct
 * frames in a cycle as fast as the client reads; the client runs in this JVM ({@link LiveClient}:
 * {@code MerlinTcpSource} → {@code LiveSignal} → one fused {@code LiveAnalysis} with sum frame,
 * navigator, a virtual bright field disc, an annular dark field and centre of mass, all BLOCK).
 * Both share the machine's cores.
 *
 * <p>Two variants, alternating run by run after one untimed run of each: (a) analysis only,
 * (b) analysis plus the raw frames written to {@code .zspy} with lz4 in {@code --write-dir}
 * (default: a new temporary directory; each file is deleted after its run). Per run: seconds from
 * the first frame's arrival to the end of the acquisition (every consumer done: the last frame
 * analysed and, in (b), the file finalised), frames/s and GB/s of decoded pixels (10^9 bytes per
 * second) over that time, frames dropped (must be 0: every consumer is BLOCK), frames lost in
 * gaps, and for (b) the writer's largest lag and the file's bytes. Reported per variant: the best
 * run (shortest, the headline figure) and the median.
 *
 * <p>Correctness, every run: every frame arrived (no gap, no drop), the file is complete, and the
 * sum frame and the navigator equal those computed here from the same frames
 * ({@link SimulatedFrames#disc} with the same seed and period); a mismatch fails the command.
 * Goal: at least {@value #GOAL_GBPS} GB/s without writing (a quad Merlin at 12 bit, 2 kHz) with
 * dropped = 0.
 */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Measures live acquisition over loopback: the simulator in a child process sends"
            + " pre-encoded frames as fast as the client in this JVM reads them; the client"
            + " computes sum frame, navigator, VBF, ADF and centre of mass in one pass per frame,"
            + " (a) without and (b) with writing the frames to .zspy (lz4).",
        "Reports frames/s, GB/s, dropped frames (goal: >= 1.1 GB/s without writing, 0 dropped),"
            + " writer lag and file size; checks the sum frame and navigator against the frames"
            + " sent; prints a table and writes JSON."})
public final class BenchLiveCommand implements Callable<Integer> {
  static final double GOAL_GBPS = 1.1;
  static final String ANALYSIS = "analysis";
  static final String WRITE = "analysis + .zspy lz4";
  private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");

  @Spec
  CommandSpec spec;

  @Mixin
  BenchOptions bench;

  @Option(names = "--scan", paramLabel = "WxH", defaultValue = "128x128",
      converter = Units.DimsConverter.class, description = "scan positions (default: ${DEFAULT-VALUE})")
  Units.Dims scan;

  @Option(names = "--frame", paramLabel = "WxH", defaultValue = "256x256",
      converter = Units.DimsConverter.class, description = "frame size (default: ${DEFAULT-VALUE})")
  Units.Dims frame;

  @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "uint16",
      description = "uint8, uint16 or uint32 (default: ${DEFAULT-VALUE})")
  String dtype;

  @Option(names = "--period", paramLabel = "N", defaultValue = "64",
      description = "distinct pre-encoded frames the simulator cycles through (default: ${DEFAULT-VALUE})")
  int period;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "seed of the frames (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--write-dir", paramLabel = "DIR",
      description = "where variant (b) writes its files, deleted after each run (default: a new"
          + " temporary directory)")
  Path writeDir;

  @Option(names = "--java-options", paramLabel = "OPTIONS", defaultValue = "-Xmx512m",
      description = "JVM options of the simulator's process, space-separated (default: ${DEFAULT-VALUE})")
  String javaOptions;

  @Option(names = "--jar", paramLabel = "JAR",
      description = "the hyperflux jar the simulator runs (default: the jar this runs from, else"
          + " this JVM's class path)")
  Path jar;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
      converter = Units.DurationConverter.class,
      description = "longest time one acquisition may take (default: ${DEFAULT-VALUE})")
  Duration timeout;

  private PrintWriter log;

  @Override
  public Integer call() throws Exception {
    log = bench.start();
    if (period < 1) {
      throw new ParameterException(spec.commandLine(), "--period must be at least 1, got " + period);
    }
    ScanGeometry g;
    try {
      if (scan.rank() != 2 || frame.rank() != 2) {
        throw new IllegalArgumentException("--scan and --frame are WIDTHxHEIGHT");
      }
      g = new ScanGeometry(scan.get(1), scan.get(0), frame.get(1), frame.get(0),
          DType.fromNumpyName(dtype));
      SimulatedFrames.disc(g, seed, period);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ExecOptions exec = ExecOptions.defaults();
    int cores = exec.parallelism();
    long scanBytes = g.frames() * g.frameBytes();
    String loadStart = loadavg();
    log.printf(Locale.ROOT, "bench live: %s (%s per scan), %d cores, load average %s, 1 untimed"
        + " + %d timed runs of each variant%n", g, Units.bytes(scanBytes), cores, loadStart,
        bench.repeat);
    log.flush();
    Expected expected = expected(g);

    boolean ownDir = writeDir == null;
    Path dir = ownDir ? Files.createTempDirectory("hyperflux-bench-live") : writeDir;
    Files.createDirectories(dir);
    int acquisitions = 2 * (bench.repeat + 1);
    List<String> command = new ArrayList<>(BenchChildren.hyperfluxCommand(javaOptions, jar));
    command.addAll(List.of("live", "simulate", "--port", "0", "--scan", scan.toString(), "--frame",
        frame.toString(), "--dtype", dtype, "--period", Integer.toString(period), "--seed",
        Long.toString(seed), "--acquisitions", Integer.toString(acquisitions), "--json"));
    Path childErr = Files.createTempFile("hyperflux-bench-live-", ".err");
    Process child = new ProcessBuilder(command).redirectError(childErr.toFile()).start();
    List<String> childLines = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> readChild(child, childLines, port), "hyperflux-bench-live-sim");
    reader.setDaemon(true);
    reader.start();

    Map<String, List<Run>> runs = new LinkedHashMap<>();
    runs.put(ANALYSIS, new ArrayList<>());
    runs.put(WRITE, new ArrayList<>());
    List<String> errors = new ArrayList<>();
    Map<String, Object> simulator = new LinkedHashMap<>();
    try {
      int p;
      try {
        p = port.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException("the simulator did not start: " + message(e) + "; its error output: "
            + Files.readString(childErr).strip());
      }
      log.printf(Locale.ROOT, "bench live: simulator (pid %d) listening on port %d%n", child.pid(), p);
      log.flush();
      for (int i = 0; i <= bench.repeat; i++) {
        for (String variant : runs.keySet()) {
          Run r = run(g, p, variant, dir, exec, expected, i);
          if (i > 0) runs.get(variant).add(r);
          errors.addAll(r.errors);
          log.printf(Locale.ROOT, "bench live: %s run %d%s: %.3f s, %s GB/s, %d dropped, %d lost%s%n",
              variant, i, i == 0 ? " (untimed)" : "", r.seconds, fmt(r.gbps()), r.dropped,
              r.lost, r.errors.isEmpty() ? "" : ", errors: " + r.errors);
          log.flush();
        }
      }
      if (child.waitFor(60, TimeUnit.SECONDS)) {
        reader.join(5000);
        simulator.put("exit_code", child.exitValue());
        for (String l : childLines) {
          if (l.trim().startsWith("{")) {
            Object v = Json.parse(l);
            if (v instanceof Map<?, ?> m) {
              for (Map.Entry<?, ?> e : m.entrySet()) simulator.put(e.getKey().toString(), e.getValue());
            }
          }
        }
      } else {
        errors.add("the simulator did not exit after " + acquisitions + " acquisitions");
      }
    } finally {
      if (child.isAlive()) {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(childErr);
      if (ownDir) BenchOptions.deleteQuietly(dir);
    }

    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<String, List<Run>> e : runs.entrySet()) rows.add(row(e.getKey(), e.getValue(), g));
    boolean ok = errors.isEmpty();
    Map<String, Object> report = BenchOptions.head("hyperflux bench live", false,
        cores, exec.budgetBytes(), loadStart);
    report.put("loadavg_end", loadavg());
    report.put("scan", List.of(g.scanX(), g.scanY()));
    report.put("frame", List.of(g.frameWidth(), g.frameHeight()));
    report.put("dtype", g.dtype().numpyName());
    report.put("frames_per_scan", g.frames());
    report.put("bytes_per_scan", scanBytes);
    report.put("period", period);
    report.put("repeat", bench.repeat);
    report.put("analysis", "sum frame, navigator, vbf disc, adf annulus, centre of mass: one"
        + " fused pass per frame, " + cores + " rails");
    report.put("simulator_command", command);
    report.put("simulator", simulator);
    report.put("timing", "seconds from the first frame's arrival to the end of the acquisition"
        + " (every consumer done; in (b) the file finalised); GB/s = decoded pixel bytes / those"
        + " seconds (10^9 B/s); best = shortest run, median of the timed runs");
    report.put("goal", "gbps >= " + GOAL_GBPS + " without writing, dropped = 0");
    report.put("rows", rows);
    report.put("errors", errors);
    report.put("ok", ok);
    String jsonText = Json.write(report);
    bench.print(jsonText, () -> table(report));
    return ok ? 0 : 1;
  }

  /** The sum frame and navigator of a scan of {@code period} cycling frames, computed here. */
  private record Expected(long[] sumFrame, long[] navigator) {}

  private Expected expected(ScanGeometry g) {
    SimulatedFrames frames = SimulatedFrames.disc(g, seed, period);
    int fp = g.framePixels();
    long n = g.frames();
    long[] sum = new long[fp];
    long[] frameSum = new long[period];
    for (int p = 0; p < Math.min(period, n); p++) {
      long times = n / period + (p < n % period ? 1 : 0);
      Block f = frames.frame(p);
      long s = 0;
      for (int i = 0; i < fp; i++) {
        long v = f.getLong(i);
        sum[i] += v * times;
        s += v;
      }
      frameSum[p] = s;
    }
    long[] nav = new long[(int) n];
    for (int k = 0; k < n; k++) nav[k] = frameSum[k % period];
    return new Expected(sum, nav);
  }

  static FrameAnalysis analysisOf(ScanGeometry g) {
    double cx = (g.frameWidth() - 1) / 2.0;
    double cy = (g.frameHeight() - 1) / 2.0;
    double r = Math.max(1, Math.min(g.frameHeight(), g.frameWidth()) / 8.0);
    return FrameAnalysis.create().withSumFrame().withNavigator()
        .withDetector("vbf", DetectorMask.disc(cx, cy, r))
        .withDetector("adf", DetectorMask.annulus(cx, cy, 1.5 * r,
            Math.max(1.5 * r + 1, Math.min(g.frameHeight(), g.frameWidth()) / 2.0)))
        .withCentreOfMass(cx, cy);
  }

  /** One acquisition's measurements and the problems found. */
  private static final class Run {
    long frames;
    long bytes;
    double seconds;
    long dropped;
    long lost;
    long maxLag = -1;
    long fileBytes = -1;
    final List<String> errors = new ArrayList<>();

    double gbps() {
      return seconds > 0 ? bytes / seconds / 1e9 : 0;
    }
  }

  private Run run(ScanGeometry g, int port, String variant, Path dir, ExecOptions exec,
      Expected expected, int index) {
    Run run = new Run();
    Path file = variant.equals(WRITE) ? dir.resolve("bench-live-" + index + ".zspy") : null;
    LiveZspyOptions write = file == null ? null
        : LiveZspyOptions.to(file).withOverwrite(true).withCompressor(ZarrCompressor.lz4(1))
            .withExec(exec);
    LiveClient client = new LiveClient(new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", port).withExec(exec)),
        BenchLiveCommand::analysisOf, write, exec);
    String what = variant + " run " + index;
    try {
      LiveReport report = client.live.start().block(timeout);
      long end = System.nanoTime();
      run.frames = report.framesReceived();
      run.bytes = report.bytesReceived();
      run.dropped = report.framesDropped();
      run.lost = report.framesLost();
      long first = client.clock.firstNanos();
      run.seconds = first == 0 ? 0 : (end - first) / 1e9;
      if (!report.complete() || run.frames != g.frames()) {
        run.errors.add(what + ": " + run.frames + " of " + g.frames() + " frames arrived");
      }
      if (run.dropped != 0 || run.lost != 0) {
        run.errors.add(what + ": " + run.dropped + " frames dropped, " + run.lost + " lost");
      }
      FrameAnalysisSnapshot s = client.analysisResult.result().block(Duration.ofSeconds(30));
      for (int i = 0; i < expected.sumFrame().length; i++) {
        if (s.sumFrame().getLong(i) != expected.sumFrame()[i]) {
          run.errors.add(what + ": sum frame pixel " + i + " is " + s.sumFrame().getLong(i)
              + ", the frames sent sum to " + expected.sumFrame()[i]);
          break;
        }
      }
      Block nav = s.navigator().value();
      for (int k = 0; k < expected.navigator().length; k++) {
        if (!FrameAnalysisSnapshot.isValid(s.navigator(), k) || nav.getLong(k) != expected.navigator()[k]) {
          run.errors.add(what + ": navigator position " + k + " is " + nav.getLong(k)
              + ", the frame sent sums to " + expected.navigator()[k]);
          break;
        }
      }
      if (file != null) {
        LiveWriteReport w = client.writerResult.result().block(Duration.ofSeconds(30));
        run.maxLag = w.maxLag();
        run.fileBytes = storedBytes(file);
        if (!w.complete() || !LiveZspyFiles.isComplete(file)) {
          run.errors.add(what + ": the file is incomplete: " + w);
        }
      }
    } catch (Exception e) {
      run.errors.add(what + ": " + message(e));
    } finally {
      if (file != null) BenchOptions.deleteQuietly(file);
    }
    return run;
  }

  private Map<String, Object> row(String variant, List<Run> runs, ScanGeometry g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("variant", variant);
    m.put("frames", g.frames());
    List<Double> seconds = new ArrayList<>();
    for (Run r : runs) seconds.add(Math.round(r.seconds * 1e4) / 1e4);
    m.put("runs_s", seconds);
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    double best = sorted.isEmpty() ? 0 : sorted.get(0);
    double median = sorted.isEmpty() ? 0 : sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    long bytes = g.frames() * g.frameBytes();
    m.put("best_s", best);
    m.put("median_s", median);
    m.put("frames_per_second", best > 0 ? Math.round(g.frames() / best) : null);
    m.put("gbps", best > 0 ? Math.round(bytes / best / 1e9 * 1000) / 1000.0 : null);
    m.put("median_gbps", median > 0 ? Math.round(bytes / median / 1e9 * 1000) / 1000.0 : null);
    m.put("dropped", runs.stream().mapToLong(r -> r.dropped).max().orElse(0));
    m.put("gaps", runs.stream().mapToLong(r -> r.lost).max().orElse(0));
    if (variant.equals(WRITE)) {
      m.put("writer_lag_max_frames", runs.stream().mapToLong(r -> r.maxLag).max().orElse(-1));
      m.put("file_bytes", runs.stream().mapToLong(r -> r.fileBytes).max().orElse(-1));
    }
    boolean checks = runs.stream().allMatch(r -> r.errors.isEmpty());
    m.put("checks", checks ? "every frame arrived; sum frame and navigator equal the frames sent"
        : "FAILED");
    if (variant.equals(ANALYSIS)) {
      Object gbps = m.get("gbps");
      m.put("goal_met", gbps instanceof Double d && d >= GOAL_GBPS && (Long) m.get("dropped") == 0);
    }
    return m;
  }

  static String table(Map<String, Object> report) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("rows");
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "hyperflux bench live: scan %s, frame %s %s, %s cores,"
            + " load average %s at start, %s at end; best of %s runs%n",
        dims(report.get("scan")), dims(report.get("frame")), report.get("dtype"),
        report.get("cores"), report.get("loadavg_start"), report.get("loadavg_end"),
        report.get("repeat")));
    b.append(String.format(Locale.ROOT, "%-21s %7s %8s %8s %9s %6s %7s %5s %8s %8s  %s%n",
        "variant", "frames", "best s", "median s", "frames/s", "GB/s", "dropped", "gaps",
        "lag max", "file MB", "goal"));
    for (Map<String, Object> r : rows) {
      Object lag = r.get("writer_lag_max_frames");
      Object fileBytes = r.get("file_bytes");
      Object goal = r.get("goal_met");
      b.append(String.format(Locale.ROOT, "%-21s %7s %8s %8s %9s %6s %7s %5s %8s %8s  %s%n",
          r.get("variant"), r.get("frames"), fmt(r.get("best_s")), fmt(r.get("median_s")),
          r.get("frames_per_second") == null ? "-" : r.get("frames_per_second"), fmt(r.get("gbps")),
          r.get("dropped"), r.get("gaps"), lag == null ? "-" : lag,
          fileBytes instanceof Number n && n.longValue() >= 0 ? fmt(n.doubleValue() / 1e6) : "-",
          goal == null ? "-" : (Boolean.TRUE.equals(goal) ? "met" : "NOT met") + " (>= "
              + GOAL_GBPS + " GB/s, 0 dropped)"));
    }
    Map<?, ?> sim = (Map<?, ?>) report.get("simulator");
    if (sim != null && sim.get("frames_sent") != null) {
      b.append(String.format(Locale.ROOT, "simulator (child process): %s frames sent in %s s,"
              + " blocked by backpressure %s s%n", fmtInt(sim.get("frames_sent")), fmt(sim.get("seconds")),
          fmt(sim.get("blocked_seconds"))));
    }
    b.append("time = first frame's arrival to the end of the acquisition (last frame analysed;"
        + " file finalised); GB/s of decoded pixels; file MB = 10^6 bytes stored\n");
    for (Object e : (List<?>) report.get("errors")) b.append("error: ").append(e).append('\n');
    if (Boolean.TRUE.equals(report.get("ok"))) {
      b.append("checks: every frame arrived, none dropped; sum frame and navigator equal the"
          + " frames sent\n");
    }
    return b.toString();
  }

  private static String dims(Object list) {
    if (!(list instanceof List<?> l) || l.size() != 2) return String.valueOf(list);
    return fmtInt(l.get(0)) + "x" + fmtInt(l.get(1));
  }

  private static String fmtInt(Object v) {
    return v instanceof Number n ? Long.toString(n.longValue()) : String.valueOf(v);
  }

  private static void readChild(Process child, List<String> lines, CompletableFuture<Integer> port) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        Matcher m = LISTENING.matcher(line);
        if (!port.isDone() && m.find()) port.complete(Integer.parseInt(m.group(1)));
      }
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new IOException("the simulator ended without a 'listening on' line"));
  }

}
