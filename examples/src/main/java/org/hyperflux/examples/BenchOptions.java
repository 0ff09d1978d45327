package org.hyperflux.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the {@code hyperflux bench} subcommands that print a table or JSON ({@code files}, {@code
 * save}, {@code decompose}, {@code live}) share, as a picocli mixin: the options {@code --repeat},
 * {@code --out} and {@code --json}, the head of every report (what ran, on which JVM, cores, heap,
 * budget and the load average at the start) and the printing of the report.
 */
final class BenchOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
      description = "timed runs of each measurement (default: ${DEFAULT-VALUE})")
  int repeat;

  @Option(names = "--out", paramLabel = "FILE", description = "write the JSON report to FILE")
  Path outFile;

  @Option(names = "--json", description = "print the JSON report instead of the table")
  boolean json;

  /** Fails a {@code --repeat} below 1 as a usage error; returns the log (standard error). */
  PrintWriter start() {
    if (repeat < 1) {
      throw new ParameterException(spec.commandLine(),
          "--repeat must be at least 1, got " + repeat);
    }
    return spec.commandLine().getErr();
  }

  /**
   * The head of a report, in this order: {@code benchmark} ({@code "hyperflux bench NAME"}),
   * {@code version}, {@code java}, with {@code os} the operating system, {@code cores}, {@code
   * heap_max_bytes}, {@code budget_bytes} and {@code loadavg_start}.
   */
  static Map<String, Object> head(String benchmark, boolean os, int cores, long budgetBytes,
      String loadStart) throws IOException {
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("benchmark", benchmark);
    head.put("version", new HyperfluxCommand.Version().getVersion()[0]);
    head.put("java", System.getProperty("java.version"));
    if (os) head.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    head.put("cores", cores);
    head.put("heap_max_bytes", HeapMeter.maxBytes());
    head.put("budget_bytes", budgetBytes);
    head.put("loadavg_start", loadStart);
    return head;
  }

  /**
   * Writes {@code jsonText} to {@code --out} when given, then prints it ({@code --json}) or the
   * table on standard output.
   */
  void print(String jsonText, Supplier<String> table) throws IOException {
    if (outFile != null) Files.writeString(outFile, jsonText);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? jsonText : table.get());
    out.flush();
  }

  /** Deletes a file or directory tree, best effort: a temporary file left behind is harmless. */
  static void deleteQuietly(Path root) {
    if (!Files.exists(root)) return;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException | RuntimeException e) {
      // Best effort.
    }
  }
}
