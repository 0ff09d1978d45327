package org.hyperflux.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.hyperflux.core.exec.ExecOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux sum FILE --over signal|navigation}: loads a file lazily, sums it over its
 * signal axes (the navigator; hs_op.py's {@code navsum}) or its navigation axes (the sum frame;
 * {@code sigsum}), computes the sum on all cores and prints one JSON line, like {@code
 * ../shared/bench/hs_op.py}: the file, the op, the result's dtype and dimensions, the checksum
 * ({@link FileOp#checksum}: hs_op.py's), the seconds spent loading and in all (load + sum +
 * compute, after JVM start), and the process's peak resident set ({@code VmHWM}, MiB; null off
 * Linux). {@code hyperflux bench files} runs it in a fresh JVM to time the whole process.
 *
 * <p>Exit codes: 0 done; 2 the file cannot be loaded (missing, unknown format, malformed
 * metadata) or the options are bad; 1 reading the data failed.
 */
@Command(
    name = "sum",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Loads a file, sums it over its signal axes (--over signal: the navigator) or its"
            + " navigation axes (--over navigation: the sum frame) on all cores and prints one"
            + " JSON line: result, checksum (the sum of the result's elements as float64, as"
            + " ../shared/bench/hs_op.py computes it), seconds and peak RSS."})
public final class SumCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "a file of a readable format, e.g. scan.zspy")
  Path file;

  @Option(names = "--over", paramLabel = "AXES", required = true,
      description = "signal (sum over the signal axes: the navigator, hs_op.py's navsum) or"
          + " navigation (sum over the navigation axes: the sum frame, hs_op.py's sigsum)")
  String over;

  @Option(names = "--budget", paramLabel = "SIZE", converter = Units.ByteSize.class,
      description = "memory budget of the computation (default: half the JVM's maximum heap)")
  Long budget;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FileOp op;
    try {
      op = FileOp.over(over);
    } catch (IllegalArgumentException e) {
      err.println("hyperflux sum: " + e.getMessage());
      err.flush();
      return 2;
    }
    ExecOptions options = ExecOptions.defaults();
    if (budget != null) options = options.withBudgetBytes(budget);
    FileOp.Result r;
    try {
      r = op.run(file, options);
    } catch (NoSuchFileException e) {
      return fail(err, 2, "cannot read '" + file + "': no such file or directory");
    } catch (IllegalArgumentException e) {
      return fail(err, 2, "cannot sum '" + file + "': " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return fail(err, 1, "summing '" + file + "' failed: " + e.getMessage());
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("file", file.getFileName() == null ? file.toString() : file.getFileName().toString());
    line.put("op", op.opName());
    line.put("input", r.input().toString());
    line.put("result", r.describeOutput());
    line.put("checksum", r.checksum());
    line.put("load_s", round(r.loadNanos() / 1e9));
    line.put("wall_s", round(r.totalNanos() / 1e9));
    OptionalLong rss = PeakRss.self();
    line.put("peak_rss_mb", rss.isPresent() ? PeakRss.mb(rss.getAsLong()) : null);
    out.println(Json.writeLine(line));
    out.flush();
    return 0;
  }

  private static int fail(PrintWriter err, int code, String message) {
    err.println("hyperflux sum: " + message);
    err.flush();
    return code;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
