package org.hyperflux.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;

/**
 * One measured quantity of {@code hyperflux bench files}: repeated runs of one thing (the decode
 * limit, the in-process sum, a child process), their seconds and what the runs reported, and the
 * first failure. {@link #alternate} interleaves several series run by run, so that a burst of load
 * from elsewhere on a shared machine slows all of them alike instead of one whole series; the
 * figures compared with each other (in-process with limit, hyperflux process with HyperSpy) are
 * always measured in one such interleaving.
 */
abstract class BenchSeries {
  final String name;
  final double[] seconds;
  private int runs;
  private String error;
  private Double first;

  BenchSeries(String name, int repeat) {
    this.name = name;
    this.seconds = new double[repeat];
  }

  /** One run; returns its seconds. */
  abstract double once() throws IOException, InterruptedException;

  /** Called after a timed run {@code index} succeeded (not after the warm-up run). */
  void kept(int index) {}

  /** What the runs reported besides their seconds, in report order. */
  abstract void report(Map<String, Object> m);

  /** The first failure, e.g. {@code "hyperflux process: ..."}; null while all runs succeeded. */
  String error() {
    return error;
  }

  /**
   * With {@code warmup}, one untimed run of each series (its time is reported as {@code
   * first_s}); then, {@code repeat} times, one timed run of each series in turn. A series that
   * fails stops there and keeps its error; the others go on. {@code gc}: collect garbage before
   * every run (for runs in this JVM).
   */
  static void alternate(List<? extends BenchSeries> series, boolean warmup, boolean gc)
      throws InterruptedException {
    if (warmup) {
      for (BenchSeries s : series) s.step(true, gc);
    }
    int repeat = series.isEmpty() ? 0 : series.get(0).seconds.length;
    for (int i = 0; i < repeat; i++) {
      for (BenchSeries s : series) s.step(false, gc);
    }
  }

  private void step(boolean warmup, boolean gc) throws InterruptedException {
    if (error != null) return;
    if (gc) System.gc();
    try {
      double t = once();
      if (warmup) {
        first = t;
      } else {
        seconds[runs] = t;
        kept(runs++);
      }
    } catch (IOException | RuntimeException e) {
      error = name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** The report of a series whose runs all succeeded, else null. */
  Map<String, Object> toMap() {
    if (error != null || runs < seconds.length) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    report(m);
    if (first != null) m.put("first_s", round(first));
    m.put("seconds", rounded(seconds));
    m.put("best_s", round(best()));
    m.put("median_s", round(median(seconds)));
    return m;
  }

  double best() {
    return Arrays.stream(seconds).min().orElse(Double.NaN);
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static double[] rounded(double[] seconds) {
    double[] r = new double[seconds.length];
    for (int i = 0; i < r.length; i++) r[i] = round(seconds[i]);
    return r;
  }

  static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : -1;
  }

  /** {@link DecodeLimit}: every chunk of the signal's sources decoded on {@code threads} threads. */
  static final class Limit extends BenchSeries {
    private final Signal signal;
    private final ExecutorService pool;
    private final int threads;
    private DecodeLimit.Pass last;

    Limit(Signal signal, ExecutorService pool, int threads, int repeat) {
      super("limit", repeat);
      this.signal = signal;
      this.pool = pool;
      this.threads = threads;
    }

    @Override
    double once() throws IOException, InterruptedException {
      last = DecodeLimit.run(signal, pool, threads);
      return last.seconds();
    }

    @Override
    void report(Map<String, Object> m) {
      m.put("threads", threads);
      m.put("sources", DecodeLimit.sources(signal).size());
      m.put("chunks", last.chunks());
      m.put("decoded_bytes", last.bytes());
      m.put("gbps", round(last.bytes() / best() / 1e9));
    }
  }

  /** {@link FileOp#run} in this JVM; the checksum must not change between runs. */
  static final class InProcess extends BenchSeries {
    private final Path path;
    private final FileOp op;
    private final ExecOptions options;
    private FileOp.Result result;

    InProcess(Path path, FileOp op, ExecOptions options, int repeat) {
      super("hyperflux", repeat);
      this.path = path;
      this.op = op;
      this.options = options;
    }

    @Override
    double once() throws IOException {
      FileOp.Result r = op.run(path, options);
      if (result != null && Double.compare(r.checksum(), result.checksum()) != 0) {
        throw new IllegalStateException("the checksum changed between runs: " + result.checksum()
            + " then " + r.checksum());
      }
      result = r;
      return r.totalNanos() / 1e9;
    }

    @Override
    void report(Map<String, Object> m) {
      m.put("result", result.describeOutput());
      m.put("result_dtype", result.output().dtype().numpyName());
      m.put("checksum", result.checksum());
    }
  }

  /**
   * A child process printing one JSON line with {@code checksum}, {@code wall_s} (its own time)
   * and {@code peak_rss_mb}: {@code hyperflux sum} or hs_op.py. {@code ownTime}: the series'
   * seconds are the child's own {@code wall_s} (HyperSpy after import), otherwise the process's.
   * The peak RSS is the highest of the runs, each the larger of the outside measurement and the
   * child's own.
   */
  static final class Child extends BenchSeries {
    private final List<String> command;
    private final boolean ownTime;
    private final double[] other;
    private double peakMb = -1;
    private Double checksum;
    private double lastOther;

    Child(String name, List<String> command, boolean ownTime, int repeat) {
      super(name, repeat);
      this.command = List.copyOf(command);
      this.ownTime = ownTime;
      this.other = new double[repeat];
    }

    @Override
    double once() throws IOException, InterruptedException {
      ChildProcess.Run r = ChildProcess.run(command, null, 900);
      Map<String, Object> line = r.jsonLine();
      if (r.exitCode() != 0 || line == null || !(line.get("wall_s") instanceof Double)) {
        throw new IOException("'" + String.join(" ", command) + "' exited with " + r.exitCode()
            + (line == null ? " and printed no JSON line" : "") + ": " + r.errTail(400));
      }
      double own = number(line.get("wall_s"));
      double c = number(line.get("checksum"));
      if (checksum != null && Double.compare(c, checksum) != 0) {
        throw new IOException("the checksum changed between runs: " + checksum + " then " + c);
      }
      checksum = c;
      double outside = r.peakRssBytes() < 0 ? -1 : PeakRss.mb(r.peakRssBytes());
      peakMb = Math.max(peakMb, Math.max(outside, number(line.get("peak_rss_mb"))));
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
      m.put("checksum", checksum);
      m.put("peak_rss_mb", peakMb < 0 ? null : peakMb);
    }

    @Override
    Map<String, Object> toMap() {
      Map<String, Object> m = super.toMap();
      if (m == null) return null;
      String prefix = ownTime ? "process_" : "in_process_";
      m.put(prefix + "seconds", rounded(other));
      m.put(prefix + "best_s", round(Arrays.stream(other).min().orElse(Double.NaN)));
      m.put(prefix + "median_s", round(median(other)));
      return m;
    }
  }
}
