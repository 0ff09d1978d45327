package org.hyperflux.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the file benchmarks ({@code bench files}, {@code bench save}) share: the command line of a
 * fresh hyperflux JVM with the launcher's class-data archive, the check that a Python imports
 * HyperSpy, the machine's load, sizes on disk, and the number formats of their tables.
 */
final class BenchChildren {
  private static final List<String> QUIET_CDS = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  /** How many runs of a subcommand the launcher records into its archive. */
  static final int LAUNCHER_RECORDED_RUNS = 2;

  private BenchChildren() {}

  /**
   * The command line that starts a fresh hyperflux JVM with {@code javaOptions} (space-separated),
   * up to (not including) the subcommand: {@code -jar JAR} ({@code jar}, else the jar this runs
   * from), or this JVM's class path when there is no jar.
   */
  static List<String> hyperfluxCommand(String javaOptions, Path jar) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String o : javaOptions.trim().split("\\s+")) {
      if (!o.isEmpty()) cmd.add(o);
    }
    Path self = jar != null ? jar : codeLocation();
    if (self != null && self.toString().endsWith(".jar") && Files.isRegularFile(self)) {
      cmd.addAll(List.of("-jar", self.toAbsolutePath().toString()));
    } else {
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
          HyperfluxCommand.class.getName()));
    }
    return cmd;
  }

  /** The launcher's class-data archive for {@code subcommand}, beside {@code jar}. */
  static Path classDataArchive(Path jar, String subcommand) {
    return jar.resolveSibling("hyperflux-" + subcommand + ".jsa");
  }

  /**
   * Puts the launcher's AppCDS archive for {@code subcommand} into {@code command} (a {@link
   * #hyperfluxCommand}, before {@code -jar}), recording it first, as the launcher's first runs
   * do, when it is missing, older than the jar or still being recorded by the launcher: untimed
   * runs of {@code subcommand} with each of {@code recordRuns} (say, both sums of one file of
   * each format) list the classes they load, and a static archive is dumped of all of them.
   * Returns what the report says about it. Without a jar, or when recording fails, the command
   * stays as it is and the reason is returned.
   */
  static String useClassDataArchive(List<String> command, String subcommand,
      List<List<String>> recordRuns, PrintWriter log, String logPrefix)
      throws IOException, InterruptedException {
    int jarAt = command.indexOf("-jar");
    if (jarAt < 0) return "off: the processes run from a class path, not a jar";
    if (recordRuns.isEmpty()) return "off: no file to record the archive with";
    Path jarPath = Path.of(command.get(jarAt + 1));
    Path archive = classDataArchive(jarPath, subcommand);
    // The launcher's own record of the runs it has recorded so far, while it records.
    Path launcherRuns = jarPath.resolveSibling("hyperflux-" + subcommand + ".runs");
    Path launcherList = jarPath.resolveSibling("hyperflux-" + subcommand + ".classes");
    boolean fresh = Files.isRegularFile(archive)
        && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jarPath)) >= 0
        && !launcherStillRecording(launcherRuns);
    String how = "reused";
    if (!fresh) {
      String failure = recordClassDataArchive(command, jarAt, subcommand, recordRuns, archive);
      if (failure != null) return "off: recording it failed: " + failure;
      // The launcher then maps this archive as it is rather than adding runs to it.
      Files.deleteIfExists(launcherRuns);
      Files.deleteIfExists(launcherList);
      List<String> runs = new ArrayList<>();
      for (List<String> args : recordRuns) runs.add(subcommand + " " + String.join(" ", args));
      how = "recorded with untimed runs of '" + String.join("', '", runs) + "'";
    }
    List<String> use = new ArrayList<>(QUIET_CDS);
    use.add("-XX:SharedArchiveFile=" + archive);
    command.addAll(jarAt, use);
    log.printf(Locale.ROOT, "%s: hyperflux processes use the class-data archive %s (%s)%n",
        logPrefix, archive, how);
    log.flush();
    return archive + " (" + how + ")";
  }

  /**
   * Whether the launcher has recorded fewer runs into the archive than it records
   * ({@code hyperflux}: {@code recorded_runs}, 2), as its {@code .runs} file beside the archive
   * says; without that file (an archive this class recorded) it is done.
   */
  private static boolean launcherStillRecording(Path runs) throws IOException {
    if (!Files.isRegularFile(runs)) return false;
    String count = Files.readString(runs).strip();
    return !count.matches("[0-9]+") || Integer.parseInt(count) < LAUNCHER_RECORDED_RUNS;
  }

  /**
   * Runs {@code subcommand} once with each of {@code recordRuns}, listing the classes each run
   * loads, and dumps the union of those lists into {@code archive}, as the launcher does. Returns
   * null when done, else why not; temporary files never stay behind.
   */
  private static String recordClassDataArchive(List<String> command, int jarAt,
      String subcommand, List<List<String>> recordRuns, Path archive)
      throws IOException, InterruptedException {
    String prefix = archive.getFileName() + "." + ProcessHandle.current().pid();
    Path recording = archive.resolveSibling(prefix + ".tmp");
    List<Path> lists = new ArrayList<>();
    try {
      // The union keeps each list's order (a class after those it needs) and drops repeats.
      Set<String> classes = new LinkedHashSet<>();
      for (List<String> args : recordRuns) {
        Path list = archive.resolveSibling(prefix + "." + lists.size() + ".classes.tmp");
        lists.add(list);
        List<String> record = new ArrayList<>(command.subList(0, jarAt));
        record.add("-XX:DumpLoadedClassList=" + list);
        record.addAll(command.subList(jarAt, command.size()));
        record.add(subcommand);
        record.addAll(args);
        ChildProcess.Run run = ChildProcess.run(record, null, 900);
        if (run.exitCode() != 0 || !Files.isRegularFile(list)) {
          return "'" + subcommand + " " + String.join(" ", args) + "' exited with "
              + run.exitCode() + ": " + run.errTail(300);
        }
        classes.addAll(Files.readAllLines(list));
      }
      Path union = archive.resolveSibling(prefix + ".classes.tmp");
      lists.add(union);
      Files.write(union, classes);
      List<String> dump = new ArrayList<>(command.subList(0, jarAt));
      dump.addAll(QUIET_CDS);
      dump.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + union,
          "-XX:SharedArchiveFile=" + recording, "-cp", command.get(jarAt + 1)));
      ChildProcess.Run run = ChildProcess.run(dump, null, 300);
      if (run.exitCode() != 0 || !Files.isRegularFile(recording)) {
        return "dumping the archive exited with " + run.exitCode() + ": " + run.errTail(300);
      }
      Files.move(recording, archive, StandardCopyOption.REPLACE_EXISTING);
      return null;
    } finally {
      Files.deleteIfExists(recording);
      for (Path list : lists) Files.deleteIfExists(list);
    }
  }

  /** Where this program's classes come from (a jar or a directory), or null. */
  static Path codeLocation() {
    try {
      return Path.of(BenchChildren.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The versions of HyperSpy, numpy and dask that {@code python} imports ({@code
   * hyperspy_version}, ...), or an {@code error} saying why it cannot; always {@code python}.
   */
  static Map<String, Object> pythonWithHyperSpy(String python) throws InterruptedException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("python", python);
    try {
      ChildProcess.Run r = ChildProcess.run(List.of(python, "-c",
          "import hyperspy, numpy, dask; print(hyperspy.__version__, numpy.__version__,"
              + " dask.__version__)"), null, 120);
      String[] v = r.out().trim().split("\\s+");
      if (r.exitCode() != 0 || v.length != 3) {
        m.put("error", python + " cannot import hyperspy: " + r.errTail(300));
      } else {
        m.put("hyperspy_version", v[0]);
        m.put("numpy_version", v[1]);
        m.put("dask_version", v[2]);
      }
    } catch (IOException e) {
      m.put("error", "cannot run " + python + ": " + message(e));
    }
    return m;
  }

  /** The first three fields of {@code /proc/loadavg} (1, 5 and 15 minutes), or "unknown". */
  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Bytes of a file, or of every file under a directory (a {@code .zspy} store); -1 when unknown. */
  static long storedBytes(Path path) {
    try (Stream<Path> s = Files.walk(path)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static Object get(Map<?, ?> m, String key) {
    return m == null ? null : m.get(key);
  }

  /** {@code a[ka] / b[kb]} to two decimals, or null when either is missing or the divisor is not positive. */
  static Double ratio(Map<String, Object> a, String ka, Map<String, Object> b, String kb) {
    Object x = get(a, ka);
    Object y = get(b, kb);
    if (!(x instanceof Number nx) || !(y instanceof Number ny) || ny.doubleValue() <= 0) return null;
    return Math.round(nx.doubleValue() / ny.doubleValue() * 100) / 100.0;
  }

  /** A number for a table: two decimals below 100, none above; "-" when absent. */
  static String fmt(Object v) {
    if (!(v instanceof Number n)) return "-";
    double d = n.doubleValue();
    return String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.2f", d);
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
