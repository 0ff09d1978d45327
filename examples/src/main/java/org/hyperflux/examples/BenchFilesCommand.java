package org.hyperflux.examples;

import static org.hyperflux.examples.BenchChildren.fmt;
import static org.hyperflux.examples.BenchChildren.get;
import static org.hyperflux.examples.BenchChildren.loadavg;
import static org.hyperflux.examples.BenchChildren.message;
import static org.hyperflux.examples.BenchChildren.ratio;
import static org.hyperflux.examples.BenchChildren.storedBytes;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux bench files [DIR]}: the file benchmark of issue 4 — loading and summing HyperSpy
 * files ({@link FileOp}: {@code navsum}, {@code sigsum}), side by side with the decode limit and,
 * with {@code --hyperspy}, with HyperSpy 1.7.3, all in one run. The files are those {@code
 * ../shared/bench/make_data.py} writes ({@code stem4d}, {@code eels_si}, each {@code .zspy} and
 * {@code .hspy}), looked up in DIR.
 *
 * <p>Per file and op, in this order:
 * <ol>
 *   <li>in this JVM, the <b>limit</b> ({@link DecodeLimit}: every storage chunk read and decoded
 *       through the loaded signal's source on all cores, nothing else) and <b>hyperflux
 *       in-process</b> ({@link FileOp#run}: load, sum, compute with {@link
 *       ExecOptions#defaults()}): one untimed run of each (reported as {@code first_s}), then
 *       {@code --repeat} rounds of one timed run of each;</li>
 *   <li>in fresh processes, <b>hyperflux process</b> ({@code hyperflux sum FILE --over
 *       signal|navigation}, {@link SumCommand}, with the launcher's JVM options for {@code sum},
 *       {@link #SUM_JAVA_OPTIONS} and its class-data archive ({@code --cds}, recorded when missing
 *       by untimed runs of both sums on a file of each format, as the launcher's first runs
 *       record it),
 *       timed from outside, start to exit, with its peak RSS: {@link
 *       ChildProcess}) and, with {@code --hyperspy}, <b>HyperSpy</b> ({@code python3 hs_op.py
 *       FILE OP}: HyperSpy's own time after its import, {@code wall_s}, the whole process's time
 *       and its peak RSS): {@code --repeat} rounds of one run of each.</li>
 * </ol>
 * The figures compared with each other are measured in turn, run by run ({@link
 * BenchSeries#alternate}), so that a burst of load from elsewhere on a shared machine slows both
 * alike. Processes get no warm-up run: the in-process runs before them have put the file in the
 * page cache, for both. The best (shortest) run is the headline figure, the median is reported too.
 * Ratios (best against best): in-process / limit (goal at most 1.25), HyperSpy after import /
 * hyperflux process (goal at least 3.5 for {@code .zspy}, 8 for {@code .hspy}), and hyperflux
 * peak RSS / HyperSpy peak RSS (highest of the runs; goal at most 0.5). The checksums (hs_op.py's
 * definition, {@link FileOp#checksum}) of every part must agree; a mismatch is an error.
 *
 * <p>A row that cannot be measured (a missing file, a format hyperflux does not read, a failing
 * child) carries its errors and the parts that did run; the other rows go on. Standard output gets
 * a table (or the JSON with {@code --json}); {@code --out} writes the JSON. Exit code 0 when no row
 * has an error, 1 otherwise; missed goals are reported, not failures.
 */
@Command(
    name = "files",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Times loading and summing HyperSpy files (navsum: sum over the signal axes; sigsum: sum"
            + " over the navigation axes) in this JVM and as a whole 'hyperflux sum' process,"
            + " against the limit (every chunk only decoded, on all cores) and, with --hyperspy,"
            + " against HyperSpy 1.7.3 running ../shared/bench/hs_op.py, in one run; prints a"
            + " table and writes JSON.",
        "DIR holds the files of ../shared/bench/make_data.py (default: the current directory)."})
public final class BenchFilesCommand implements Callable<Integer> {
  /** The JVM options the launcher gives {@code hyperflux sum} (kept equal to {@code ./hyperflux}'s). */
  static final String SUM_JAVA_OPTIONS = "-Xmx256m";
  static final List<String> DEFAULT_FILES =
      List.of("stem4d.zspy", "stem4d.hspy", "eels_si.zspy", "eels_si.hspy");
  static final double GOAL_IN_PROCESS_TO_LIMIT = 1.25;
  static final double GOAL_HYPERSPY_TO_PROCESS_ZSPY = 3.5;
  static final double GOAL_HYPERSPY_TO_PROCESS_HSPY = 8;
  static final double GOAL_RSS_RATIO = 0.5;
  /** Relative tolerance of checksums of float results (integer results must be equal). */
  static final double FLOAT_CHECKSUM_TOLERANCE = 1e-6;

  @Spec
  CommandSpec spec;

  @Mixin
  BenchOptions bench;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".",
      description = "directory holding the files (default: the current directory)")
  Path dir;

  @Option(names = "--files", paramLabel = "NAME,...", split = ",",
      description = "file names in DIR (default: stem4d.zspy,stem4d.hspy,eels_si.zspy,eels_si.hspy)")
  List<String> files;

  @Option(names = "--ops", paramLabel = "OP,...", split = ",", defaultValue = "navsum,sigsum",
      description = "operations: navsum (sum over the signal axes), sigsum (sum over the"
          + " navigation axes) (default: ${DEFAULT-VALUE})")
  List<String> ops;

  @Option(names = "--hyperspy",
      description = "also time HyperSpy 1.7.3 (python3 hs_op.py FILE OP) on every row")
  boolean hyperspy;

  @Option(names = "--hs-op", paramLabel = "PATH",
      description = "hs_op.py (default: shared/bench/hs_op.py in a directory above this"
          + " program or the current directory)")
  Path hsOp;

  @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
      description = "the Python that runs hs_op.py (default: ${DEFAULT-VALUE})")
  String python;

  @Option(names = "--java-options", paramLabel = "OPTIONS", defaultValue = SUM_JAVA_OPTIONS,
      description = "JVM options of the timed 'hyperflux sum' processes, space-separated"
          + " (default: the launcher's for sum, '${DEFAULT-VALUE}')")
  String javaOptions;

  @Option(names = "--cds", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "run the timed 'hyperflux sum' processes with the launcher's class-data"
          + " archive for sum (hyperflux-sum.jsa beside the jar), recording it first, when it is"
          + " missing or older than the jar, with untimed runs of both sums on a file of each"
          + " format, as the launcher's first runs do (default: with it; --no-cds: plain class"
          + " loading)")
  boolean cds;

  @Option(names = "--jar", paramLabel = "JAR",
      description = "the hyperflux jar the timed processes run (default: the jar this runs"
          + " from, else this JVM's class path)")
  Path jar;

  private PrintWriter log;
  private int cores;
  private ExecOptions options;
  private List<String> hyperspyCommand;

  @Override
  public Integer call() throws IOException, InterruptedException {
    log = bench.start();
    List<FileOp> fileOps = new ArrayList<>();
    for (String op : ops) {
      try {
        fileOps.add(FileOp.named(op.trim()));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    List<String> names = files == null || files.isEmpty() ? DEFAULT_FILES : files;
    options = ExecOptions.defaults();
    cores = options.parallelism();
    String loadStart = loadavg();
    log.printf(Locale.ROOT, "bench files: %s, %d cores, load average %s, %d timed runs each%n",
        dir.toAbsolutePath().normalize(), cores, loadStart, bench.repeat);
    log.flush();

    Map<String, Object> hsInfo = hyperspy ? hyperspySetup() : null;
    List<String> hyperfluxCommand = BenchChildren.hyperfluxCommand(javaOptions, jar);
    String cdsArchive = !cds ? "off" : BenchChildren.useClassDataArchive(hyperfluxCommand, "sum",
        classDataRecordRuns(dir, names), log, "bench files");
    List<Map<String, Object>> rows = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(cores, r -> {
      Thread t = new Thread(r, "hyperflux-bench-decode");
      t.setDaemon(true);
      return t;
    });
    try {
      for (String name : names) {
        rows.addAll(benchFile(dir.resolve(name), name, fileOps, hyperfluxCommand, pool));
      }
    } finally {
      pool.shutdownNow();
    }

    boolean ok = rows.stream().allMatch(r -> ((List<?>) r.get("errors")).isEmpty());
    Map<String, Object> report = BenchOptions.head("hyperflux bench files", true,
        cores, options.budgetBytes(), loadStart);
    report.put("loadavg_end", loadavg());
    report.put("dir", dir.toAbsolutePath().normalize().toString());
    report.put("repeat", bench.repeat);
    report.put("warmup_runs", Map.of("hyperflux", 1, "limit", 1, "process", 0, "hyperspy", 0));
    report.put("order", "per row: limit and hyperflux in-process alternate run by run, then"
        + " hyperflux process and HyperSpy alternate run by run");
    report.put("statistic", "best_s = shortest of the timed runs (the headline figure); median_s ="
        + " their median; ratios compare best with best; peak RSS is the highest of the runs");
    report.put("units", "seconds; *_bytes: bytes; *_mb: MiB; gbps: 10^9 decoded bytes per second");
    report.put("limit_definition", "every storage chunk of the loaded signal's sources read and"
        + " decoded through one SourceHandle by " + cores + " threads, in runs of the default tile"
        + " size into a reused buffer, as a reduction reads its tiles, elements dropped (io's"
        + " decoder path: Blosc blocks with zstd-jni and the native unshuffle for .zspy,"
        + " libdeflate and the fused unshuffle for .hspy)");
    report.put("process_command", hyperfluxCommand);
    report.put("process_class_data_archive", cdsArchive);
    report.put("rss_source", ChildProcess.exactRss() ? ChildProcess.GNU_TIME + " -f %M"
        : "VmHWM of /proc/<pid>/status, polled");
    if (hsInfo != null) report.put("hyperspy", hsInfo);
    Map<String, Object> goals = new LinkedHashMap<>();
    goals.put("in_process_to_limit_max", GOAL_IN_PROCESS_TO_LIMIT);
    goals.put("hyperspy_to_process_min", Map.of("zspy", GOAL_HYPERSPY_TO_PROCESS_ZSPY,
        "hspy", GOAL_HYPERSPY_TO_PROCESS_HSPY));
    goals.put("rss_ratio_max", GOAL_RSS_RATIO);
    report.put("goals", goals);
    report.put("rows", rows);
    report.put("ok", ok);

    String text = Json.write(report);
    bench.print(text, () -> table(report));
    if (bench.outFile != null) log.println("bench files: wrote " + bench.outFile);
    if (!ok) log.println("bench files: some rows have errors (see \"errors\")");
    log.flush();
    return ok ? 0 : 1;
  }

  // --------------------------------------------------------------------------------- one file

  private List<Map<String, Object>> benchFile(Path path, String name, List<FileOp> fileOps,
      List<String> hyperfluxCommand, ExecutorService pool) throws InterruptedException {
    List<Map<String, Object>> rows = new ArrayList<>();
    String fileError = null;
    String loadError = null;
    Signal signal = null;
    if (!Files.exists(path)) {
      fileError = "no such file: " + path;
    } else {
      try {
        signal = SignalFiles.load(path);
        log.printf(Locale.ROOT, "bench files: %s: %s, %s%n", name, signal,
            signal.dtype().numpyName());
        log.flush();
      } catch (NoSuchFileException e) {
        fileError = "no such file: " + path;
      } catch (IOException | RuntimeException e) {
        loadError = "hyperflux cannot load " + path + ": " + message(e);
      }
    }
    for (FileOp op : fileOps) {
      Map<String, Object> row = new LinkedHashMap<>();
      List<String> errors = new ArrayList<>();
      row.put("file", name);
      row.put("op", op.opName());
      row.put("path", path.toAbsolutePath().normalize().toString());
      row.put("loadavg", loadavg());
      if (fileError != null) {
        errors.add(fileError);
        row.put("errors", errors);
        rows.add(row);
        log.println("bench files: " + name + " " + op.opName() + ": " + fileError);
        log.flush();
        continue;
      }
      row.put("stored_bytes", storedBytes(path));

      // In this JVM: the limit and the sum, run by run in turn.
      BenchSeries.Limit limit = null;
      BenchSeries.InProcess inProcess = null;
      if (signal == null) {
        errors.add(loadError);   // hyperflux cannot load it; HyperSpy may still run
      } else {
        row.put("input", signal.toString());
        row.put("dtype", signal.dtype().numpyName());
        row.put("input_bytes", signal.axes().shape().nbytes(signal.dtype()));
        limit = new BenchSeries.Limit(signal, pool, cores, bench.repeat);
        inProcess = new BenchSeries.InProcess(path, op, options, bench.repeat);
        BenchSeries.alternate(List.of(limit, inProcess), true, true);
      }
      // Fresh processes: hyperflux and HyperSpy, run by run in turn.
      List<BenchSeries> children = new ArrayList<>();
      BenchSeries.Child process = null;
      BenchSeries.Child hs = null;
      String abs = path.toAbsolutePath().toString();
      if (signal != null) {
        List<String> command = new ArrayList<>(hyperfluxCommand);
        command.addAll(List.of("sum", abs, "--over", op.over()));
        process = new BenchSeries.Child("hyperflux process", command, false, bench.repeat);
        children.add(process);
      }
      if (hyperspyCommand != null) {
        List<String> command = new ArrayList<>(hyperspyCommand);
        command.addAll(List.of(abs, op.opName()));
        hs = new BenchSeries.Child("HyperSpy", command, true, bench.repeat);
        children.add(hs);
      }
      BenchSeries.alternate(children, false, false);

      for (BenchSeries s : new BenchSeries[] {limit, inProcess, process, hs}) {
        if (s != null && s.error() != null) errors.add(s.error());
      }
      Map<String, Object> hfMap = inProcess == null ? null : inProcess.toMap();
      Map<String, Object> limitMap = limit == null ? null : limit.toMap();
      Map<String, Object> processMap = process == null ? null : process.toMap();
      Map<String, Object> hsMap = hs == null ? null : hs.toMap();
      row.put("hyperflux", hfMap);
      row.put("limit", limitMap);
      row.put("ratio_in_process_to_limit", ratio(hfMap, "best_s", limitMap, "best_s"));
      row.put("process", processMap);
      if (hyperspyCommand != null) {
        row.put("hyperspy", hsMap);
        row.put("ratio_hyperspy_to_process", ratio(hsMap, "best_s", processMap, "best_s"));
        row.put("rss_ratio", ratio(processMap, "peak_rss_mb", hsMap, "peak_rss_mb"));
      }
      row.put("checksums_equal", checksums(row, hfMap, processMap, hsMap, errors));
      row.put("goals_met", goalsMet(row, name));
      row.put("errors", errors);
      rows.add(row);
      log.printf(Locale.ROOT, "bench files: %s %s: in-process %s s, limit %s s, process %s s%s%s%n",
          name, op.opName(), fmt(get(hfMap, "best_s")), fmt(get(limitMap, "best_s")),
          fmt(get(processMap, "best_s")),
          hs == null ? "" : ", HyperSpy " + fmt(get(hsMap, "best_s")) + " s",
          errors.isEmpty() ? "" : " (" + errors.size() + " error(s))");
      log.flush();
    }
    return rows;
  }

  /**
   * Whether every checksum present agrees (null when fewer than two are present); adds an error
   * naming them all when not. Integer results must be equal, float results within {@link
   * #FLOAT_CHECKSUM_TOLERANCE} relative.
   */
  private static Boolean checksums(Map<String, Object> row, Map<String, Object> inProcess,
      Map<String, Object> process, Map<String, Object> hs, List<String> errors) {
    Map<String, Double> values = new LinkedHashMap<>();
    if (get(inProcess, "checksum") != null) values.put("hyperflux", (Double) inProcess.get("checksum"));
    if (get(process, "checksum") != null) values.put("hyperflux process", (Double) process.get("checksum"));
    if (get(hs, "checksum") != null) values.put("HyperSpy", (Double) hs.get("checksum"));
    if (values.size() < 2) return null;
    Object dtype = get(inProcess, "result_dtype");
    boolean exact = dtype == null ? !"float32".equals(row.get("dtype"))
        && !"float64".equals(row.get("dtype")) : !dtype.toString().startsWith("float");
    double ref = values.values().iterator().next();
    boolean equal = values.values().stream().allMatch(v -> exact ? Double.compare(v, ref) == 0
        : Math.abs(v - ref) <= FLOAT_CHECKSUM_TOLERANCE * Math.max(Math.abs(v), Math.abs(ref)));
    if (!equal) errors.add("checksum mismatch: " + values);
    return equal;
  }

  private static Map<String, Object> goalsMet(Map<String, Object> row, String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    Double r = (Double) row.get("ratio_in_process_to_limit");
    m.put("in_process_to_limit", r == null ? null : r <= GOAL_IN_PROCESS_TO_LIMIT);
    if (row.containsKey("ratio_hyperspy_to_process")) {
      Double goal = name.endsWith(".zspy") ? GOAL_HYPERSPY_TO_PROCESS_ZSPY
          : name.endsWith(".hspy") ? GOAL_HYPERSPY_TO_PROCESS_HSPY : null;
      Double h = (Double) row.get("ratio_hyperspy_to_process");
      m.put("hyperspy_to_process", h == null || goal == null ? null : h >= goal);
      Double rss = (Double) row.get("rss_ratio");
      m.put("rss_ratio", rss == null ? null : rss <= GOAL_RSS_RATIO);
    }
    return m;
  }

  // --------------------------------------------------------------------------- the children

  /**
   * Finds hs_op.py and checks that the Python imports HyperSpy; returns what the report says about
   * it. When either is missing the HyperSpy columns are left out ({@link #hyperspyCommand} stays
   * null) and the reason is reported.
   */
  private Map<String, Object> hyperspySetup() throws InterruptedException {
    Path script = hsOp != null ? hsOp : findHsOp();
    Map<String, Object> m;
    if (script == null || !Files.isRegularFile(script)) {
      m = new LinkedHashMap<>();
      m.put("python", python);
      m.put("error", script == null ? "hs_op.py not found in shared/bench above "
          + BenchChildren.codeLocation() + " or the current directory; give --hs-op PATH"
          : "no such file: " + script);
    } else {
      m = BenchChildren.pythonWithHyperSpy(python);
      if (!m.containsKey("error")) hyperspyCommand = List.of(python, script.toAbsolutePath().toString());
    }
    m.put("hs_op", script == null ? null : script.toString());
    if (m.containsKey("error")) {
      log.println("bench files: HyperSpy is left out: " + m.get("error"));
      log.flush();
    }
    return m;
  }

  /**
   * The runs that record the class-data archive: a sum over the signal axes, then one over the
   * navigation axes, of the first file of each format (file name extension) among {@code names}
   * that exists in {@code dir}, so that the archive holds the classes each row loads, as the
   * launcher's archive does after its two recorded runs of both sums on a file.
   */
  static List<List<String>> classDataRecordRuns(Path dir, List<String> names) {
    Map<String, Path> byFormat = new LinkedHashMap<>();
    for (String name : names) {
      Path file = dir.resolve(name);
      String format = name.substring(name.lastIndexOf('.') + 1);
      if (Files.exists(file)) byFormat.putIfAbsent(format, file);
    }
    List<List<String>> runs = new ArrayList<>();
    for (Path file : byFormat.values()) {
      for (FileOp op : FileOp.values()) runs.add(List.of(file.toString(), "--over", op.over()));
    }
    return runs;
  }

  static Path findHsOp() {
    List<Path> starts = new ArrayList<>();
    Path code = BenchChildren.codeLocation();
    if (code != null) starts.add(code.toAbsolutePath());
    starts.add(Path.of("").toAbsolutePath());
    for (Path s : starts) {
      for (Path p = s; p != null; p = p.getParent()) {
        Path candidate = p.resolve("shared").resolve("bench").resolve("hs_op.py");
        if (Files.isRegularFile(candidate)) return candidate;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------- the table

  /** The report as a text table, best times; errors and the machine's load below. */
  static String table(Map<String, Object> report) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("rows");
    boolean hs = report.get("hyperspy") instanceof Map<?, ?> m && !m.containsKey("error");
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "hyperflux bench files: %s cores, load average %s at start,"
        + " %s at end; best of %s runs (s)%n", report.get("cores"), report.get("loadavg_start"),
        report.get("loadavg_end"), report.get("repeat")));
    String head = String.format(Locale.ROOT, "%-13s %-6s %8s %8s %9s %8s %8s",
        "file", "op", "hf", "limit", "hf/limit", "hf proc", "hf RSS");
    if (hs) {
      head += String.format(Locale.ROOT, " %8s %8s %9s %8s %9s", "HS", "HS proc", "HS/hfprc",
          "HS RSS", "RSS ratio");
    }
    head += "  checksum";
    b.append(head).append('\n');
    List<String> notes = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      Map<?, ?> hf = (Map<?, ?>) r.get("hyperflux");
      Map<?, ?> limit = (Map<?, ?>) r.get("limit");
      Map<?, ?> proc = (Map<?, ?>) r.get("process");
      Map<?, ?> h = (Map<?, ?>) r.get("hyperspy");
      String line = String.format(Locale.ROOT, "%-13s %-6s %8s %8s %9s %8s %8s", r.get("file"),
          r.get("op"), fmt(get(hf, "best_s")), fmt(get(limit, "best_s")),
          fmt(r.get("ratio_in_process_to_limit")), fmt(get(proc, "best_s")),
          fmt(get(proc, "peak_rss_mb")));
      if (hs) {
        line += String.format(Locale.ROOT, " %8s %8s %9s %8s %9s", fmt(get(h, "best_s")),
            fmt(get(h, "process_best_s")), fmt(r.get("ratio_hyperspy_to_process")),
            fmt(get(h, "peak_rss_mb")), fmt(r.get("rss_ratio")));
      }
      Object eq = r.get("checksums_equal");
      line += "  " + (eq == null ? "-" : Boolean.TRUE.equals(eq) ? "equal" : "MISMATCH");
      b.append(line).append('\n');
      for (Object e : (List<?>) r.get("errors")) notes.add(r.get("file") + " " + r.get("op") + ": " + e);
    }
    b.append("hf = hyperflux in-process (load + sum + compute, after JVM start); limit = every"
        + " chunk only decoded, all cores; hf proc = whole 'hyperflux sum' process");
    b.append(hs ? "; HS = HyperSpy after import; HS proc = whole python process; RSS in MiB\n"
        : "; RSS in MiB\n");
    b.append(String.format(Locale.ROOT, "goals: hf/limit <= %s; HS/hf proc >= %s (.zspy), >= %s"
        + " (.hspy); RSS ratio <= %s%n", GOAL_IN_PROCESS_TO_LIMIT, GOAL_HYPERSPY_TO_PROCESS_ZSPY,
        GOAL_HYPERSPY_TO_PROCESS_HSPY, GOAL_RSS_RATIO));
    for (String n : notes) b.append("error: ").append(n).append('\n');
    return b.toString();
  }

}
