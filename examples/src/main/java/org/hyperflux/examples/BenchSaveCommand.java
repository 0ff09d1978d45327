package org.hyperflux.examples;

import static org.hyperflux.examples.BenchChildren.fmt;
import static org.hyperflux.examples.BenchChildren.get;
import static org.hyperflux.examples.BenchChildren.loadavg;
import static org.hyperflux.examples.BenchChildren.message;
import static org.hyperflux.examples.BenchChildren.ratio;
import static org.hyperflux.examples.BenchChildren.storedBytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
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
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux bench save [DIR]}: times saving HyperSpy files as {@code .hspy} (the
 * {@code stem4d} and {@code eels_si} {@code .zspy} files of {@code ../shared/bench/make_data.py},
 * looked up in DIR) against the limit and, with {@code --hyperspy}, against HyperSpy 1.7.3's
 * {@code s.save('x.hspy')} on the lazily loaded file, all in one run.
 *
 * <p>Per file, in this order:
 * <ol>
 *   <li>in this JVM, the <b>limit</b> ({@link SaveLimit}: every chunk decoded, shuffled and
 *       deflated at the save's level on all cores, nothing written) and <b>hyperflux
 *       in-process</b> (load, then {@link SignalFiles#save} to {@code .hspy} with {@link
 *       ExecOptions#defaults()}): one untimed run of each, then {@code --repeat} rounds of one
 *       timed run of each;</li>
 *   <li>in fresh processes, <b>hyperflux process</b> ({@code hyperflux convert FILE OUT.hspy
 *       --json}, with the launcher's class-data archive for {@code convert}, timed from outside
 *       with its peak RSS) and, with {@code --hyperspy}, <b>HyperSpy</b> ({@code hs_save.py FILE
 *       OUT.hspy}: its time after the import, the whole process's time, its peak RSS): {@code
 *       --repeat} rounds of one run of each.</li>
 * </ol>
 * Then both written files are loaded by hyperflux and summed: their checksums must equal the
 * input's, and their sizes are compared. Ratios (best against best): in-process / limit (goal at
 * most 1.25), HyperSpy after import / hyperflux process, hyperflux file size / HyperSpy's (goal at
 * most 1), peak RSS ratio. The files are written under {@code --work} (default: a new temporary
 * directory) and deleted at the end.
 */
@Command(
    name = "save",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Times saving HyperSpy files as .hspy in this JVM and as a whole 'hyperflux convert'"
            + " process, against the limit (every chunk decoded, shuffled and deflated on all"
            + " cores, nothing written) and, with --hyperspy, against HyperSpy 1.7.3's"
            + " s.save('x.hspy') on the lazily loaded file, in one run; checks that both files"
            + " load with the input's values; prints a table and writes JSON.",
        "DIR holds the files of ../shared/bench/make_data.py (default: the current directory)."})
public final class BenchSaveCommand implements Callable<Integer> {
  static final List<String> DEFAULT_FILES = List.of("stem4d.zspy", "eels_si.zspy");
  static final double GOAL_IN_PROCESS_TO_LIMIT = 1.25;
  static final double GOAL_SIZE_RATIO = 1.0;

  @Spec
  CommandSpec spec;

  @Mixin
  BenchOptions bench;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".",
      description = "directory holding the files (default: the current directory)")
  Path dir;

  @Option(names = "--files", paramLabel = "NAME", split = ",",
      description = "files in DIR to save (default: stem4d.zspy,eels_si.zspy)")
  List<String> files;

  @Option(names = "--deflate-level", paramLabel = "0-9",
      description = "deflate level of the saves and the limit (default: ${DEFAULT-VALUE},"
          + " HyperSpy's)")
  int deflateLevel = SaveOptions.DEFAULT_DEFLATE_LEVEL;

  @Option(names = "--hyperspy",
      description = "also time HyperSpy 1.7.3 saving each file (hs_save.py, shipped in the jar)")
  boolean hyperspy;

  @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
      description = "the Python that runs hs_save.py (default: ${DEFAULT-VALUE})")
  String python;

  @Option(names = "--java-options", paramLabel = "OPTIONS", defaultValue = "",
      description = "JVM options of the timed 'hyperflux convert' processes, space-separated"
          + " (default: none, as the launcher gives convert)")
  String javaOptions;

  @Option(names = "--cds", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "run the timed 'hyperflux convert' processes with the launcher's class-data"
          + " archive for convert, recording it first with one untimed run when it is missing or"
          + " older than the jar (default: with it)")
  boolean cds;

  @Option(names = "--jar", paramLabel = "JAR",
      description = "the hyperflux jar the timed processes run (default: the jar this runs"
          + " from, else this JVM's class path)")
  Path jar;

  @Option(names = "--work", paramLabel = "DIR",
      description = "where the saved files are written, then deleted (default: a new temporary"
          + " directory)")
  Path work;

  private PrintWriter log;
  private int cores;
  private ExecOptions options;

  @Override
  public Integer call() throws IOException, InterruptedException {
    log = bench.start();
    if (deflateLevel < 0 || deflateLevel > 9) {
      throw new ParameterException(spec.commandLine(),
          "--deflate-level must be in 0..9, got " + deflateLevel);
    }
    List<String> names = files == null || files.isEmpty() ? DEFAULT_FILES : files;
    options = ExecOptions.defaults();
    cores = options.parallelism();
    boolean ownWork = work == null;
    Path workDir = ownWork ? Files.createTempDirectory("hyperflux-bench-save") : work;
    Files.createDirectories(workDir);
    String loadStart = loadavg();
    log.printf(Locale.ROOT, "bench save: %s, %d cores, load average %s, %d timed runs each,"
        + " deflate level %d, files written in %s%n", dir.toAbsolutePath().normalize(), cores,
        loadStart, bench.repeat, deflateLevel, workDir);
    log.flush();

    Map<String, Object> report = new LinkedHashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(cores, r -> {
      Thread t = new Thread(r, "hyperflux-bench-encode");
      t.setDaemon(true);
      return t;
    });
    try {
      List<String> hsCommand = null;
      if (hyperspy) {
        Map<String, Object> hs = BenchChildren.pythonWithHyperSpy(python);
        if (hs.containsKey("error")) {
          log.println("bench save: HyperSpy is left out: " + hs.get("error"));
          log.flush();
        } else {
          Path script = workDir.resolve("hs_save.py");
          try (InputStream in = BenchSaveCommand.class.getResourceAsStream("hs_save.py")) {
            Files.copy(in, script);
          }
          hsCommand = List.of(python, script.toString());
          hs.put("script", "hs_save.py (org/hyperflux/examples/hs_save.py in the jar)");
        }
        report.put("hyperspy", hs);
      }
      List<String> hfCommand = BenchChildren.hyperfluxCommand(javaOptions, jar);
      Path sample = names.stream().map(dir::resolve).filter(Files::exists).findFirst().orElse(null);
      String cdsArchive = !cds ? "off" : BenchChildren.useClassDataArchive(hfCommand, "convert",
          sample == null ? List.of() : List.of(List.of(sample.toString(),
              workDir.resolve("cds-recording.hspy").toString(), "--overwrite", "--json")),
          log, "bench save");
      Files.deleteIfExists(workDir.resolve("cds-recording.hspy"));
      for (String name : names) {
        rows.add(benchFile(dir.resolve(name), name, workDir, hfCommand, hsCommand, pool));
      }
      report.put("process_class_data_archive", cdsArchive);
      report.put("process_command", hfCommand);
    } finally {
      pool.shutdownNow();
      if (ownWork) BenchOptions.deleteQuietly(workDir);
    }

    boolean ok = rows.stream().allMatch(r -> ((List<?>) r.get("errors")).isEmpty());
    Map<String, Object> head = BenchOptions.head("hyperflux bench save", false,
        cores, options.budgetBytes(), loadStart);
    head.put("loadavg_end", loadavg());
    head.put("dir", dir.toAbsolutePath().normalize().toString());
    head.put("repeat", bench.repeat);
    head.put("deflate_level", deflateLevel);
    head.put("order", "per row: limit and hyperflux in-process alternate run by run (one untimed"
        + " run of each first), then hyperflux process and HyperSpy alternate run by run");
    head.put("statistic", "best_s = shortest of the timed runs; median_s = their median; ratios"
        + " compare best with best; peak RSS is the highest of the runs");
    head.put("limit_definition", "every storage chunk of the loaded signal read and decoded,"
        + " then shuffled and deflated at the deflate level as the .hspy writer does, by "
        + cores + " threads; nothing written");
    head.put("goals", Map.of("ratio_in_process_to_limit_max", GOAL_IN_PROCESS_TO_LIMIT,
        "size_ratio_max", GOAL_SIZE_RATIO));
    head.putAll(report);
    head.put("rows", rows);
    head.put("ok", ok);
    String jsonText = Json.write(head);
    bench.print(jsonText, () -> table(head));
    return ok ? 0 : 1;
  }

  private Map<String, Object> benchFile(Path path, String name, Path workDir,
      List<String> hfCommand, List<String> hsCommand, ExecutorService pool)
      throws InterruptedException {
    Map<String, Object> row = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    row.put("file", name);
    row.put("path", path.toAbsolutePath().normalize().toString());
    row.put("loadavg", loadavg());
    row.put("errors", errors);
    Signal signal;
    double inputChecksum;
    try {
      signal = SignalFiles.load(path);
      inputChecksum = FileOp.NAVSUM.run(path, options).checksum();
    } catch (IOException | RuntimeException e) {
      errors.add("hyperflux cannot load and sum " + path + ": " + message(e));
      log.println("bench save: " + name + ": " + errors.get(0));
      log.flush();
      return row;
    }
    log.printf(Locale.ROOT, "bench save: %s: %s, %s%n", name, signal, signal.dtype().numpyName());
    log.flush();
    row.put("input", signal.toString());
    row.put("dtype", signal.dtype().numpyName());
    row.put("input_bytes", signal.axes().shape().nbytes(signal.dtype()));
    row.put("stored_bytes", storedBytes(path));
    row.put("input_checksum", inputChecksum);

    String stem = name.replaceAll("\\.[^.]*$", "");
    Path inProcessOut = workDir.resolve(stem + ".inprocess.hspy");
    Path processOut = workDir.resolve(stem + ".hyperflux.hspy");
    Path hsOut = workDir.resolve(stem + ".hyperspy.hspy");
    Limit limit = new Limit(signal, deflateLevel, pool, cores, bench.repeat);
    InProcessSave inProcess =
        new InProcessSave(path, inProcessOut, deflateLevel, options, bench.repeat);
    BenchSeries.alternate(List.of(limit, inProcess), true, true);

    List<BenchSeries> children = new ArrayList<>();
    List<String> convert = new ArrayList<>(hfCommand);
    convert.addAll(List.of("convert", path.toAbsolutePath().toString(), processOut.toString(),
        "--overwrite", "--json", "--deflate-level", Integer.toString(deflateLevel)));
    BenchSeries.Child process =
        new BenchSeries.Child("hyperflux process", convert, false, bench.repeat);
    children.add(process);
    BenchSeries.Child hs = null;
    if (hsCommand != null) {
      List<String> command = new ArrayList<>(hsCommand);
      command.addAll(List.of(path.toAbsolutePath().toString(), hsOut.toString()));
      hs = new BenchSeries.Child("HyperSpy", command, true, bench.repeat);
      children.add(hs);
    }
    BenchSeries.alternate(children, false, false);

    for (BenchSeries s : new BenchSeries[] {limit, inProcess, process, hs}) {
      if (s != null && s.error() != null) errors.add(s.error());
    }
    Map<String, Object> limitMap = limit.toMap();
    Map<String, Object> hfMap = inProcess.toMap();
    Map<String, Object> processMap = process.toMap();
    Map<String, Object> hsMap = hs == null ? null : hs.toMap();
    row.put("limit", limitMap);
    row.put("hyperflux", hfMap);
    row.put("ratio_in_process_to_limit", ratio(hfMap, "best_s", limitMap, "best_s"));
    row.put("process", processMap);
    Map<String, Object> hfFile = check(processMap == null ? null : processOut, inputChecksum, errors);
    row.put("hyperflux_file", hfFile);
    if (hsCommand != null) {
      row.put("hyperspy", hsMap);
      row.put("ratio_hyperspy_to_process", ratio(hsMap, "best_s", processMap, "best_s"));
      row.put("rss_ratio", ratio(processMap, "peak_rss_mb", hsMap, "peak_rss_mb"));
      Map<String, Object> hsFile = check(hsMap == null ? null : hsOut, inputChecksum, errors);
      row.put("hyperspy_file", hsFile);
      row.put("size_ratio", ratio(hfFile, "bytes", hsFile, "bytes"));
    }
    Map<String, Object> goals = new LinkedHashMap<>();
    Double r = (Double) row.get("ratio_in_process_to_limit");
    goals.put("ratio_in_process_to_limit", r == null ? null : r <= GOAL_IN_PROCESS_TO_LIMIT);
    Double size = (Double) row.get("size_ratio");
    goals.put("size_ratio", size == null ? null : size <= GOAL_SIZE_RATIO);
    row.put("goals_met", goals);
    log.printf(Locale.ROOT, "bench save: %s: in-process %s s, limit %s s, process %s s%s%s%n",
        name, fmt(get(hfMap, "best_s")), fmt(get(limitMap, "best_s")),
        fmt(get(processMap, "best_s")),
        hs == null ? "" : ", HyperSpy " + fmt(get(hsMap, "best_s")) + " s",
        errors.isEmpty() ? "" : " (" + errors.size() + " error(s))");
    log.flush();
    return row;
  }

  /**
   * The size of the written {@code file} and whether hyperflux reads it back with the input's
   * checksum (an error otherwise); null when there is no file to check.
   */
  private Map<String, Object> check(Path file, double inputChecksum, List<String> errors) {
    if (file == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytes", storedBytes(file));
    try {
      double c = FileOp.NAVSUM.run(file, options).checksum();
      m.put("checksum", c);
      boolean equal = Double.compare(c, inputChecksum) == 0;
      m.put("checksum_equal", equal);
      if (!equal) {
        errors.add(file.getFileName() + " reads back with checksum " + c + ", the input has "
            + inputChecksum);
      }
    } catch (IOException | RuntimeException e) {
      errors.add("hyperflux cannot read back " + file + ": " + message(e));
    }
    return m;
  }

  /** The report as a text table, best times; errors and the machine's load below. */
  static String table(Map<String, Object> report) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("rows");
    boolean hs = report.get("hyperspy") instanceof Map<?, ?> m && !m.containsKey("error");
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "hyperflux bench save: %s cores, deflate level %s, load"
        + " average %s at start, %s at end; best of %s runs (s)%n", report.get("cores"),
        report.get("deflate_level"), report.get("loadavg_start"), report.get("loadavg_end"),
        report.get("repeat")));
    String head = String.format(Locale.ROOT, "%-13s %8s %8s %9s %8s %8s %8s", "file", "hf",
        "limit", "hf/limit", "hf proc", "hf RSS", "hf MB");
    if (hs) {
      head += String.format(Locale.ROOT, " %8s %8s %9s %8s %8s %10s", "HS", "HS proc",
          "HS/hfprc", "HS RSS", "HS MB", "size ratio");
    }
    b.append(head).append("  read back\n");
    List<String> notes = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      Map<?, ?> hfFile = (Map<?, ?>) r.get("hyperflux_file");
      Map<?, ?> hsFile = (Map<?, ?>) r.get("hyperspy_file");
      Map<?, ?> proc = (Map<?, ?>) r.get("process");
      Map<?, ?> h = (Map<?, ?>) r.get("hyperspy");
      String line = String.format(Locale.ROOT, "%-13s %8s %8s %9s %8s %8s %8s", r.get("file"),
          fmt(get((Map<?, ?>) r.get("hyperflux"), "best_s")),
          fmt(get((Map<?, ?>) r.get("limit"), "best_s")), fmt(r.get("ratio_in_process_to_limit")),
          fmt(get(proc, "best_s")), fmt(get(proc, "peak_rss_mb")), megabytes(get(hfFile, "bytes")));
      if (hs) {
        line += String.format(Locale.ROOT, " %8s %8s %9s %8s %8s %10s", fmt(get(h, "best_s")),
            fmt(get(h, "process_best_s")), fmt(r.get("ratio_hyperspy_to_process")),
            fmt(get(h, "peak_rss_mb")), megabytes(get(hsFile, "bytes")), fmt(r.get("size_ratio")));
      }
      boolean equal = Boolean.TRUE.equals(get(hfFile, "checksum_equal"))
          && (!hs || Boolean.TRUE.equals(get(hsFile, "checksum_equal")));
      b.append(line).append("  ").append(hfFile == null ? "-" : equal ? "equal" : "MISMATCH")
          .append('\n');
      for (Object e : (List<?>) r.get("errors")) notes.add(r.get("file") + ": " + e);
    }
    b.append("hf = hyperflux in-process (load + save, after JVM start); limit = every chunk"
        + " decoded + shuffled + deflated, all cores, nothing written; hf proc = whole 'hyperflux"
        + " convert' process");
    b.append(hs ? "; HS = HyperSpy after import; HS proc = whole python process; RSS and file"
        + " sizes in MiB; size ratio = hf file / HS file\n" : "; RSS and file sizes in MiB\n");
    b.append(String.format(Locale.ROOT, "goals: hf/limit <= %s; size ratio <= %s%n",
        GOAL_IN_PROCESS_TO_LIMIT, GOAL_SIZE_RATIO));
    for (String n : notes) b.append("error: ").append(n).append('\n');
    return b.toString();
  }

  private static String megabytes(Object bytes) {
    return bytes instanceof Number n && n.doubleValue() >= 0 ? fmt(n.doubleValue() / (1 << 20)) : "-";
  }

  /** {@link SaveLimit} as a series. */
  static final class Limit extends BenchSeries {
    private final Signal signal;
    private final int level;
    private final ExecutorService pool;
    private final int threads;
    private SaveLimit.Pass last;

    Limit(Signal signal, int level, ExecutorService pool, int threads, int repeat) {
      super("limit", repeat);
      this.signal = signal;
      this.level = level;
      this.pool = pool;
      this.threads = threads;
    }

    @Override
    double once() throws IOException, InterruptedException {
      last = SaveLimit.run(signal, level, pool, threads);
      return last.seconds();
    }

    @Override
    void report(Map<String, Object> m) {
      m.put("threads", threads);
      m.put("chunks", last.chunks());
      m.put("decoded_bytes", last.bytes());
      m.put("encoded_bytes", last.encodedBytes());
      m.put("gbps", round(last.bytes() / best() / 1e9));
    }
  }

  /** Load + {@link SignalFiles#save} to {@code .hspy} in this JVM, the file replaced each run. */
  static final class InProcessSave extends BenchSeries {
    private final Path in;
    private final Path out;
    private final SaveOptions save;
    private long bytes;

    InProcessSave(Path in, Path out, int level, ExecOptions options, int repeat) {
      super("hyperflux", repeat);
      this.in = in;
      this.out = out;
      this.save = SaveOptions.defaults().withOverwrite(true).withDeflateLevel(level)
          .withExec(options);
    }

    @Override
    double once() throws IOException {
      long t0 = System.nanoTime();
      SignalFiles.save(SignalFiles.load(in), out, save);
      double s = (System.nanoTime() - t0) / 1e9;
      bytes = storedBytes(out);
      return s;
    }

    @Override
    void report(Map<String, Object> m) {
      m.put("file_bytes", bytes);
    }
  }
}
