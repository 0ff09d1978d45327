package org.hyperflux.examples;

import static org.hyperflux.examples.BenchChildren.fmt;
import static org.hyperflux.examples.BenchChildren.get;
import static org.hyperflux.examples.BenchChildren.loadavg;
import static org.hyperflux.examples.BenchChildren.message;
import static org.hyperflux.examples.BenchChildren.ratio;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.ml.Decomposition;
import org.hyperflux.ml.DecompositionOptions;
import org.hyperflux.ml.DecompositionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux bench decompose [DIR]}: times decompositions of one file ({@code eels_si.zspy}
 * of {@code ../shared/bench/make_data.py} by default) with every algorithm asked for, in this JVM,
 * as a whole {@code hyperflux decompose --json} process and, with {@code --hyperspy}, as HyperSpy
 * 1.7.3's lazy {@code s.decomposition(algorithm=..., output_dimension=8)} ({@code hs_op.py FILE
 * svd|pca|orpca|ornmf}), all in one run, and measures the quality of each result.
 *
 * <p>Per file: first the <b>exact references</b> in this JVM, the uncentred {@code svd} and the
 * centred {@code pca} (exact to rounding: the Gram or covariance matrix and its eigenvectors; the
 * ml tests check them against numpy to 1e-6). Then per algorithm:
 * <ol>
 *   <li><b>hyperflux in-process</b> (load + {@link Decomposition#of}): one untimed run, then
 *       {@code --repeat} timed runs;</li>
 *   <li>in fresh processes, <b>hyperflux process</b> ({@code hyperflux decompose FILE --algorithm A
 *       -n K --json}) and, with {@code --hyperspy} for the algorithms {@code hs_op.py} knows,
 *       <b>HyperSpy</b> (its time after the import and the whole process's): {@code --repeat}
 *       rounds of one run of each. A HyperSpy run longer than {@code --hyperspy-timeout} is killed
 *       and reported as a timeout; a failing one (e.g. {@code pca} without scikit-learn) as an
 *       error.</li>
 * </ol>
 * Quality: the largest relative difference of the first explained variances (k of hyperflux, the
 * 6 that {@code hs_op.py} prints of HyperSpy) from the reference ({@code pca}'s for {@code pca},
 * {@code svd}'s otherwise); for hyperflux also the largest principal angle between its factor
 * subspace and the reference's ({@link SubspaceAngle}), the measure for algorithms without
 * explained variance. Ratios: HyperSpy after import / hyperflux in-process, and process / process.
 */
@Command(
    name = "decompose",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Times decompositions (svd, pca, rsvd, ... of the ml registry) of a file in this JVM and"
            + " as a 'hyperflux decompose' process, against HyperSpy 1.7.3's lazy decomposition"
            + " (--hyperspy, hs_op.py) in one run; compares each result's explained variance, and"
            + " hyperflux's factor subspace, with exact references; prints a table and writes JSON.",
        "DIR holds the file (default: the current directory)."})
public final class BenchDecomposeCommand implements Callable<Integer> {
  static final String DEFAULT_FILE = "eels_si.zspy";
  /** The algorithms hs_op.py runs (its output dimension is always 8). */
  static final Set<String> HYPERSPY_ALGORITHMS = Set.of("svd", "pca", "orpca", "ornmf");
  /** The output dimension of hs_op.py. */
  static final int HYPERSPY_OUTPUT_DIMENSION = 8;

  @Spec
  CommandSpec spec;

  @Mixin
  BenchOptions bench;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".",
      description = "directory holding the file (default: the current directory)")
  Path dir;

  @Option(names = "--file", paramLabel = "NAME", defaultValue = DEFAULT_FILE,
      description = "the file in DIR (default: ${DEFAULT-VALUE})")
  String file;

  @Option(names = "--algorithms", paramLabel = "A,B,...", split = ",",
      description = "algorithms to time (default: every registered one: ${COMPLETION-CANDIDATES})",
      completionCandidates = DecomposeCommand.Algorithms.class)
  List<String> algorithms;

  @Option(names = {"-n", "--output-dimension"}, paramLabel = "K", defaultValue = "8",
      description = "components (default: ${DEFAULT-VALUE}, hs_op.py's)")
  int components;

  @Option(names = "--hyperspy",
      description = "also time HyperSpy 1.7.3 (python3 hs_op.py FILE ALGORITHM) for svd, pca,"
          + " orpca and ornmf")
  boolean hyperspy;

  @Option(names = "--hyperspy-timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "kill a HyperSpy run after this long and report a timeout (default:"
          + " ${DEFAULT-VALUE})")
  long hyperspyTimeout;

  @Option(names = "--hs-op", paramLabel = "PATH",
      description = "hs_op.py (default: shared/bench/hs_op.py in a directory above this"
          + " program or the current directory)")
  Path hsOp;

  @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
      description = "the Python that runs hs_op.py (default: ${DEFAULT-VALUE})")
  String python;

  @Option(names = "--java-options", paramLabel = "OPTIONS", defaultValue = "--add-modules jdk.incubator.vector",
      description = "JVM options of the timed 'hyperflux decompose' processes, space-separated"
          + " (default: '${DEFAULT-VALUE}', as the launcher gives decompose: the Vector API Gram kernel)")
  String javaOptions;

  @Option(names = "--jar", paramLabel = "JAR",
      description = "the hyperflux jar the timed processes run (default: the jar this runs"
          + " from, else this JVM's class path)")
  Path jar;

  private PrintWriter log;

  @Override
  public Integer call() throws IOException, InterruptedException {
    log = bench.start();
    if (hyperspyTimeout < 1) {
      throw new ParameterException(spec.commandLine(),
          "--hyperspy-timeout must be at least 1 s, got " + hyperspyTimeout);
    }
    List<String> names = algorithms == null || algorithms.isEmpty() ? Decomposition.algorithms()
        : algorithms.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).toList();
    ExecOptions options = ExecOptions.defaults();
    Path path = dir.resolve(file);
    String loadStart = loadavg();
    log.printf(Locale.ROOT, "bench decompose: %s, %d cores, load average %s, %d components,"
        + " %d timed runs each%n", path.toAbsolutePath().normalize(), options.parallelism(), loadStart,
        components, bench.repeat);
    log.flush();

    Map<String, Object> head = BenchOptions.head("hyperflux bench decompose", false,
        options.parallelism(), options.budgetBytes(), loadStart);
    head.put("file", path.toAbsolutePath().normalize().toString());
    head.put("components", components);
    head.put("repeat", bench.repeat);
    List<String> hsCommand = hyperspy ? hyperspySetup(head) : null;
    if (hsCommand != null && components != HYPERSPY_OUTPUT_DIMENSION) {
      log.printf(Locale.ROOT, "bench decompose: note: hs_op.py decomposes with output_dimension %d,"
          + " hyperflux with %d%n", HYPERSPY_OUTPUT_DIMENSION, components);
    }
    List<String> hfCommand = BenchChildren.hyperfluxCommand(withoutMissingVectorModule(javaOptions), jar);
    head.put("process_command", hfCommand);
    head.put("order", "per row: hyperflux in-process (one untimed run, then the timed runs), then"
        + " hyperflux process and HyperSpy alternate run by run");
    head.put("statistic", "best_s = shortest of the timed runs; ratios compare best with best;"
        + " quality: max relative difference of the explained variances from the exact reference"
        + " (pca's for pca, svd's otherwise), largest principal angle of hyperflux's factor subspace"
        + " to the reference's");

    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, DecompositionResult> references = new LinkedHashMap<>();
    Signal signal = null;
    try {
      signal = SignalFiles.load(path);
      head.put("input", signal.toString());
      head.put("dtype", signal.dtype().numpyName());
      for (String ref : List.of("svd", "pca")) {
        long t0 = System.nanoTime();
        references.put(ref, Decomposition.of(signal, DecompositionOptions.of(ref, components)));
        log.printf(Locale.ROOT, "bench decompose: exact %s reference in %.2f s%n", ref,
            (System.nanoTime() - t0) / 1e9);
        log.flush();
      }
    } catch (IOException | RuntimeException e) {
      head.put("error", "hyperflux cannot load and decompose " + path + ": " + message(e));
      log.println("bench decompose: " + head.get("error"));
      log.flush();
    }
    if (signal != null && references.size() == 2) {
      Map<String, Object> refs = new LinkedHashMap<>();
      for (Map.Entry<String, DecompositionResult> e : references.entrySet()) {
        refs.put(e.getKey(), java.util.Arrays.stream(e.getValue().explainedVariance()).boxed().toList());
      }
      head.put("reference_explained_variance", refs);
      for (String algorithm : names) {
        rows.add(benchAlgorithm(algorithm, path, references, options, hfCommand, hsCommand));
      }
    }
    head.put("loadavg_end", loadavg());
    head.put("rows", rows);
    boolean ok = !head.containsKey("error") && rows.stream().allMatch(r -> ((List<?>) r.get("errors")).isEmpty());
    head.put("ok", ok);
    String jsonText = Json.write(head);
    bench.print(jsonText, () -> table(head));
    return ok ? 0 : 1;
  }

  private List<String> hyperspySetup(Map<String, Object> head) throws InterruptedException {
    Path script = hsOp != null ? hsOp : BenchFilesCommand.findHsOp();
    Map<String, Object> m;
    List<String> command = null;
    if (script == null || !Files.isRegularFile(script)) {
      m = new LinkedHashMap<>();
      m.put("python", python);
      m.put("error", script == null ? "hs_op.py not found in shared/bench above this program or the"
          + " current directory; give --hs-op PATH" : "no such file: " + script);
    } else {
      m = BenchChildren.pythonWithHyperSpy(python);
      if (!m.containsKey("error")) command = List.of(python, script.toAbsolutePath().toString());
    }
    m.put("hs_op", script == null ? null : script.toString());
    m.put("timeout_s", hyperspyTimeout);
    if (m.containsKey("error")) {
      log.println("bench decompose: HyperSpy is left out: " + m.get("error"));
      log.flush();
    }
    head.put("hyperspy", m);
    return command;
  }

  private Map<String, Object> benchAlgorithm(String algorithm, Path path,
      Map<String, DecompositionResult> references, ExecOptions options, List<String> hfCommand,
      List<String> hsCommand) throws InterruptedException {
    Map<String, Object> row = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    row.put("algorithm", algorithm);
    row.put("loadavg", loadavg());
    row.put("errors", errors);
    DecompositionResult reference = references.get("pca".equals(algorithm) ? "pca" : "svd");
    row.put("reference", "pca".equals(algorithm) ? "pca" : "svd");
    log.printf(Locale.ROOT, "bench decompose: %s ...%n", algorithm);
    log.flush();

    InProcess inProcess = new InProcess(path, algorithm, components, options, bench.repeat);
    BenchSeries.alternate(List.of(inProcess), true, true);
    List<String> command = new ArrayList<>(hfCommand);
    command.addAll(List.of("decompose", path.toAbsolutePath().toString(), "--algorithm", algorithm,
        "-n", Integer.toString(components), "--json"));
    Child process = new Child("hyperflux process", command, false, 900, bench.repeat);
    List<Child> children = new ArrayList<>(List.of(process));
    Child hs = null;
    if (hsCommand != null && HYPERSPY_ALGORITHMS.contains(algorithm)) {
      List<String> c = new ArrayList<>(hsCommand);
      c.addAll(List.of(path.toAbsolutePath().toString(), algorithm));
      hs = new Child("HyperSpy " + algorithm, c, true, hyperspyTimeout, bench.repeat);
      children.add(hs);
    }
    BenchSeries.alternate(children, false, false);

    Map<String, Object> hfMap = inProcess.toMap();
    Map<String, Object> processMap = process.toMap();
    if (inProcess.error() != null) errors.add(inProcess.error());
    if (process.error() != null) errors.add(process.error());
    if (hfMap != null) {
      DecompositionResult r = inProcess.result;
      hfMap.put("explained_variance_rel_diff", relativeDifference(r.explainedVariance(), reference));
      int n = r.factor(0).length;
      hfMap.put("max_principal_angle_deg", BenchSeries.round(SubspaceAngle.largestDegrees(
          factors(r), r.components(), factors(reference), reference.components(), n)));
    }
    if (processMap != null) {
      processMap.put("explained_variance_rel_diff", relativeDifference(process.explainedVariance, reference));
    }
    row.put("hyperflux", hfMap);
    row.put("process", processMap);
    if (hs != null) {
      Map<String, Object> hsMap = hs.toMap();
      if (hsMap != null) {
        hsMap.put("explained_variance_rel_diff", relativeDifference(hs.explainedVariance, reference));
        row.put("hyperspy_status", "ok");
      } else {
        String why = hs.error();
        errors.add(why);
        row.put("hyperspy_status", why != null && why.contains("timed out after") ? "timeout" : "error");
      }
      row.put("hyperspy", hsMap);
      row.put("ratio_hyperspy_to_in_process", ratio(hsMap, "best_s", hfMap, "best_s"));
      row.put("ratio_hyperspy_to_process", ratio(hsMap, "process_best_s", processMap, "best_s"));
    } else {
      row.put("hyperspy_status", hsCommand == null ? "not run" : "not in hs_op.py");
    }
    log.printf(Locale.ROOT, "bench decompose: %s: in-process %s s, process %s s%s%s%n", algorithm,
        fmt(get(hfMap, "best_s")), fmt(get(processMap, "best_s")),
        hs == null ? "" : ", HyperSpy " + (row.get("hyperspy") == null ? row.get("hyperspy_status")
            : fmt(get((Map<?, ?>) row.get("hyperspy"), "best_s")) + " s"),
        errors.isEmpty() ? "" : " (" + errors.size() + " error(s))");
    log.flush();
    return row;
  }

  /** Row-major {@code n_sig × k} factors of a result. */
  private static double[] factors(DecompositionResult r) {
    int k = r.components();
    double[] first = r.factor(0);
    double[] out = new double[first.length * k];
    for (int c = 0; c < k; c++) {
      double[] f = c == 0 ? first : r.factor(c);
      for (int j = 0; j < f.length; j++) out[j * k + c] = f[j];
    }
    return out;
  }

  /**
   * The largest {@code |ev[c] - ref[c]| / ref[c]} over the components both have; null when
   * {@code ev} is absent or empty (the algorithm defines no explained variance).
   */
  static Double relativeDifference(double[] ev, DecompositionResult reference) {
    if (ev == null || ev.length == 0) return null;
    double[] ref = reference.explainedVariance();
    double worst = 0;
    for (int c = 0; c < Math.min(ev.length, ref.length); c++) {
      worst = Math.max(worst, Math.abs(ev[c] - ref[c]) / Math.abs(ref[c]));
    }
    return worst;
  }

  /** The report as a text table, best times; errors and the machine's load below. */
  static String table(Map<String, Object> report) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("rows");
    boolean hs = report.get("hyperspy") instanceof Map<?, ?> m && !m.containsKey("error");
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "hyperflux bench decompose: %s (%s), %s components, %s cores,"
        + " load average %s at start, %s at end; best of %s runs (s)%n", report.get("file"),
        report.get("input"), report.get("components"), report.get("cores"), report.get("loadavg_start"),
        report.get("loadavg_end"), report.get("repeat")));
    String head = String.format(Locale.ROOT, "%-9s %8s %8s %10s %9s", "algorithm", "hf", "hf proc",
        "hf EV err", "hf angle");
    if (hs) {
      head += String.format(Locale.ROOT, " %8s %8s %8s %8s %10s  %s", "HS", "HS proc", "HS/hf",
          "HSp/hfp", "HS EV err", "HyperSpy");
    }
    b.append(head).append('\n');
    List<String> notes = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      Map<?, ?> hf = (Map<?, ?>) r.get("hyperflux");
      Map<?, ?> proc = (Map<?, ?>) r.get("process");
      Map<?, ?> h = (Map<?, ?>) r.get("hyperspy");
      String line = String.format(Locale.ROOT, "%-9s %8s %8s %10s %9s", r.get("algorithm"),
          fmt(get(hf, "best_s")), fmt(get(proc, "best_s")), sci(get(hf, "explained_variance_rel_diff")),
          get(hf, "max_principal_angle_deg") instanceof Number a ? fmt(a) + "\u00b0" : "-");
      if (hs) {
        line += String.format(Locale.ROOT, " %8s %8s %8s %8s %10s  %s", fmt(get(h, "best_s")),
            fmt(get(h, "process_best_s")), fmt(r.get("ratio_hyperspy_to_in_process")),
            fmt(r.get("ratio_hyperspy_to_process")), sci(get(h, "explained_variance_rel_diff")),
            r.get("hyperspy_status"));
      }
      b.append(line).append('\n');
      for (Object e : (List<?>) r.get("errors")) notes.add(r.get("algorithm") + ": " + e);
    }
    b.append("hf = hyperflux in-process (load + decompose, after JVM start); hf proc = whole"
        + " 'hyperflux decompose --json' process; EV err = largest relative difference of the"
        + " explained variances from the exact reference (svd; pca for pca); angle = largest"
        + " principal angle of the factor subspace to the reference's");
    b.append(hs ? "; HS = HyperSpy after import; HS proc = whole python process; HS/hf and"
        + " HSp/hfp = time ratios\n" : "\n");
    if (report.get("error") != null) notes.add(String.valueOf(report.get("error")));
    for (String n : notes) b.append("error: ").append(n.replace('\n', ' ')).append('\n');
    return b.toString();
  }

  private static String sci(Object v) {
    return v instanceof Number n ? String.format(Locale.ROOT, "%.1e", n.doubleValue()) : "-";
  }

  /** Load + {@link Decomposition#of} in this JVM; keeps the last result. */
  static final class InProcess extends BenchSeries {
    private final Path path;
    private final DecompositionOptions decomposition;
    DecompositionResult result;

    InProcess(Path path, String algorithm, int components, ExecOptions options, int repeat) {
      super("hyperflux", repeat);
      this.path = path;
      this.decomposition = DecompositionOptions.of(algorithm, components).withExec(options);
    }

    @Override
    double once() throws IOException {
      long t0 = System.nanoTime();
      Signal s = SignalFiles.load(path);
      result = Decomposition.of(s, decomposition);
      double seconds = (System.nanoTime() - t0) / 1e9;
      SignalFiles.closeFile(s);
      return seconds;
    }

    @Override
    void report(Map<String, Object> m) {
      m.put("explained_variance", java.util.Arrays.stream(result.explainedVariance()).boxed().toList());
    }
  }

  /**
   * A child process printing one JSON line with its {@code wall_s} and {@code peak_rss_mb}, and
   * {@code explained_variance} ({@code hyperflux decompose --json}) or {@code
   * explained_variance_head} (hs_op.py); killed after {@code timeoutSeconds}. {@code ownTime}: the
   * series' seconds are the child's own {@code wall_s} (HyperSpy after import), otherwise the
   * process's.
   */
  static final class Child extends BenchSeries {
    private final List<String> command;
    private final boolean ownTime;
    private final long timeoutSeconds;
    private final double[] other;
    private double peakMb = -1;
    private double lastOther;
    double[] explainedVariance;

    Child(String name, List<String> command, boolean ownTime, long timeoutSeconds, int repeat) {
      super(name, repeat);
      this.command = List.copyOf(command);
      this.ownTime = ownTime;
      this.timeoutSeconds = timeoutSeconds;
      this.other = new double[repeat];
    }

    @Override
    double once() throws IOException, InterruptedException {
      ChildProcess.Run r = ChildProcess.run(command, null, timeoutSeconds);
      Map<String, Object> line = r.jsonLine();
      if (r.exitCode() != 0 || line == null || !(line.get("wall_s") instanceof Double)) {
        throw new IOException("'" + String.join(" ", command) + "' exited with " + r.exitCode()
            + (line == null ? " and printed no JSON line" : "") + ": " + r.errTail(300));
      }
      Object ev = line.containsKey("explained_variance") ? line.get("explained_variance")
          : line.get("explained_variance_head");
      explainedVariance = ev instanceof List<?> l ? l.stream().mapToDouble(BenchSeries::number).toArray() : null;
      double outside = r.peakRssBytes() < 0 ? -1 : PeakRss.mb(r.peakRssBytes());
      peakMb = Math.max(peakMb, Math.max(outside, number(line.get("peak_rss_mb"))));
      double own = number(line.get("wall_s"));
      lastOther = ownTime ? r.seconds() : own;
      return ownTime ? own : r.seconds();
    }

    @Override
    void kept(int index) {
      other[index] = lastOther;
    }

    @Override
    void report(Map<String, Object> m) {
      m.put("command", String.join(" ", command));
      m.put("explained_variance", explainedVariance == null ? null
          : java.util.Arrays.stream(explainedVariance).boxed().toList());
      m.put("peak_rss_mb", peakMb < 0 ? null : peakMb);
    }

    @Override
    Map<String, Object> toMap() {
      Map<String, Object> m = super.toMap();
      if (m == null) return null;
      String prefix = ownTime ? "process_" : "in_process_";
      m.put(prefix + "seconds", rounded(other));
      m.put(prefix + "best_s", round(java.util.Arrays.stream(other).min().orElse(Double.NaN)));
      return m;
    }
  }

  /** The options without the Vector API module where this Java does not have it (the child would not start). */
  static String withoutMissingVectorModule(String options) {
    if (ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent()) return options;
    return options.replace("--add-modules " + VECTOR_MODULE, "").trim();
  }

  private static final String VECTOR_MODULE = "jdk.incubator.vector";
}
