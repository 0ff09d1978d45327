package org.hyperflux.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a command as a child process and measures it from the outside: wall seconds from just
 * before the start to its exit, and its peak resident set size. The peak is GNU time's maximum
 * resident set ({@code /usr/bin/time -f %M}, from the kernel's accounting at exit: exact) when
 * {@code /usr/bin/time} is there; otherwise {@code VmHWM} of {@code /proc/<pid>/status}, polled
 * every 5 ms while the child runs (it can miss growth in the child's last milliseconds). Standard
 * output and error go to temporary files, read back after the exit, so a chatty child never
 * blocks on a full pipe. A child that outlives the timeout is killed (with its descendants).
 */
final class ChildProcess {
  static final Path GNU_TIME = Path.of("/usr/bin/time");
  private static final long POLL_MILLIS = 5;

  private ChildProcess() {}

  /**
   * One finished run: exit code, wall seconds, peak RSS in bytes (-1 when unknown), where the
   * peak came from, and the child's standard output and error.
   */
  record Run(int exitCode, double seconds, long peakRssBytes, String rssSource, String out,
      String err) {
    /** The last line of standard output that starts with {@code {}, parsed as a JSON object; null when none parses. */
    @SuppressWarnings("unchecked")
    Map<String, Object> jsonLine() {
      String[] lines = out.split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        String l = lines[i].trim();
        if (!l.startsWith("{")) continue;
        try {
          Object v = Json.parse(l);
          if (v instanceof Map<?, ?>) return (Map<String, Object>) v;
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
      return null;
    }

    /** The tail of standard error (the last {@code max} characters), for messages. */
    String errTail(int max) {
      String e = err.strip();
      return e.length() <= max ? e : "..." + e.substring(e.length() - max);
    }
  }

  /** Whether peaks come from GNU time (exact) rather than polling. */
  static boolean exactRss() {
    return Files.isExecutable(GNU_TIME);
  }

  /** Runs {@code command} in {@code dir} (null: this process's directory), waiting at most {@code timeoutSeconds}. */
  static Run run(List<String> command, Path dir, long timeoutSeconds) throws IOException,
      InterruptedException {
    Path out = Files.createTempFile("hyperflux-bench-", ".out");
    Path err = Files.createTempFile("hyperflux-bench-", ".err");
    Path rss = exactRss() ? Files.createTempFile("hyperflux-bench-", ".rss") : null;
    try {
      List<String> cmd = new ArrayList<>();
      if (rss != null) cmd.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
      cmd.addAll(command);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      if (dir != null) pb.directory(dir.toFile());
      AtomicLong polled = new AtomicLong(-1);
      long t0 = System.nanoTime();
      Process p = pb.start();
      Thread poller = rss != null ? null : startPolling(p, polled);
      boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      long t1 = System.nanoTime();
      if (poller != null) {
        poller.interrupt();
        poller.join();
      }
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      long peak = polled.get();
      String source = "VmHWM of /proc/<pid>/status, polled every " + POLL_MILLIS + " ms";
      if (rss != null) {
        peak = gnuTimeKb(rss).orElse(-1) * 1024;
        source = GNU_TIME + " -f %M (maximum resident set size)";
        if (peak < 0) peak = -1;
      }
      return new Run(p.exitValue(), (t1 - t0) / 1e9, peak, source,
          Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      if (rss != null) Files.deleteIfExists(rss);
    }
  }

  /** GNU time's report: the last line of its output file that is a number (kB). */
  private static OptionalLong gnuTimeKb(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i).trim();
      if (l.matches("\\d+")) return OptionalLong.of(Long.parseLong(l));
    }
    return OptionalLong.empty();
  }

  private static Thread startPolling(Process p, AtomicLong peak) {
    Thread t = new Thread(() -> {
      while (p.isAlive() && !Thread.currentThread().isInterrupted()) {
        PeakRss.of(p.pid()).ifPresent(v -> peak.accumulateAndGet(v, Math::max));
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "hyperflux-bench-rss");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
