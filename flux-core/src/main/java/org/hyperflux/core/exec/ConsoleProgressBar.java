package org.hyperflux.core.exec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link ProgressListener} that shows an execution's progress on a console (DESIGN §3
 * "Progress": sampled off the hot path; a bar only on an interactive terminal).
 *
 * <p><b>Interactive</b> (the default when {@code System.console() != null}, or forced by the
 * constructor): one line redrawn in place with a carriage return at most every 100 ms, e.g.
 * <pre>{@code
 * \r[########------------]  42%  123/456 chunks  1.23 GB/s  00:07
 * }</pre>
 * (fraction of chunks, chunks done/total, then "(pass k/n)" when the execution has several
 * passes, rate in decimal units, elapsed mm:ss), ended with a newline when the execution ends.
 * <b>Not interactive</b> (a pipe, a file, a CI log): the same
 * text without the carriage return, one line per step of at least 10 % and at most one line every
 * 2 s, so a run shorter than 2 s prints only its final line and a long one at most about 11 lines.
 * A failed or cancelled execution's final line says so.
 *
 * <p>The rate is the execution's own bytes per second ({@link Progress#bytesPerSecond}) unless
 * {@code rateBytes} is given: then it is {@code fraction done × rateBytes / elapsed}, for
 * executions whose delivered chunks are much smaller than what they read (a reduction's output
 * versus its input).
 *
 * <p>One execution is followed at a time: the first one that starts while none is followed. An
 * execution that starts inside it before it has completed a chunk, with more chunks than it,
 * takes its place: that is a reduction's inner {@link Pass} over the input, whose chunks measure
 * the progress better than the outer execution's few output chunks. Other executions started
 * inside it or alongside it are not shown (give concurrent executions a bar each). After the
 * followed execution ends, the next one to start is followed, so one bar may serve several
 * executions in sequence.
 *
 * <p>Thread-safe. {@link #onChunk} costs a clock read and a few volatile reads unless a line is
 * due; then one caller wins a compare-and-set and renders, the others return.
 *
 * <pre>{@code
 * ConsoleProgressBar bar = new ConsoleProgressBar();           // stderr, interactive if a console
 * MemoryArray nav = data.sum(2, 3).compute(ExecOptions.defaults().withProgress(bar));
 * bar.awaitEnd(Duration.ofSeconds(1));                         // last line printed before we print
 * }</pre>
 */
public final class ConsoleProgressBar implements ProgressListener {
  /** Least time between two redraws of an interactive bar. */
  static final long INTERACTIVE_INTERVAL_NANOS = 100_000_000L;
  /** Least time between two lines on a non-interactive stream. */
  static final long PLAIN_INTERVAL_NANOS = 2_000_000_000L;
  /** Least progress between two lines on a non-interactive stream. */
  static final double PLAIN_STEP = 0.1;
  private static final int WIDTH = 20;

  private final PrintStream out;
  private final boolean interactive;
  private final String title;
  private final long rateBytes;
  private final LongSupplier clock;
  private final long interval;

  /** The clock time before which no line is rendered; claimed by compare-and-set. */
  private final AtomicLong nextDue = new AtomicLong();
  /** The followed execution (null when none); compared by identity of its label and totals. */
  private volatile Key followed;
  /** Fraction shown on the last non-interactive line. */
  private volatile double lastFraction;
  /** True once the followed execution has reported a chunk. */
  private volatile boolean progressed;
  private final Object lock = new Object();
  // Guarded by lock.
  private long lastDone;
  private int lastLength;

  private record Key(String label, int pass, long chunksTotal, long bytesTotal) {
    static Key of(Progress p) {
      return new Key(p.label(), p.pass(), p.chunksTotal(), p.bytesTotal());
    }

    boolean matches(Progress p) {
      return label.equals(p.label()) && pass == p.pass() && chunksTotal == p.chunksTotal()
          && bytesTotal == p.bytesTotal();
    }
  }

  /** A bar on standard error, interactive when the JVM has a console. */
  public ConsoleProgressBar() {
    this(System.err, System.console() != null);
  }

  /** A bar on {@code out}; {@code interactive} chooses the redrawn bar or the plain lines. */
  public ConsoleProgressBar(PrintStream out, boolean interactive) {
    this(out, interactive, "", 0);
  }

  /**
   * A bar on {@code out} with a {@code title} in front of every line and, when
   * {@code rateBytes > 0}, a rate computed as {@code fraction done × rateBytes / elapsed}.
   */
  public ConsoleProgressBar(PrintStream out, boolean interactive, String title, long rateBytes) {
    this(out, interactive, title, rateBytes, System::nanoTime);
  }

  ConsoleProgressBar(PrintStream out, boolean interactive, String title, long rateBytes,
      LongSupplier clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.interactive = interactive;
    this.title = Objects.requireNonNull(title, "title");
    this.rateBytes = rateBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interval = interactive ? INTERACTIVE_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
  }

  /** True if this bar redraws one line in place. */
  public boolean interactive() {
    return interactive;
  }

  @Override
  public void onStart(Progress p) {
    synchronized (lock) {
      Key k = followed;
      if (k != null && (progressed || p.chunksTotal() <= k.chunksTotal())) return;
      // Nothing followed yet, or a finer nested execution replaces one that has not progressed
      // (drawn over its line).
      followed = Key.of(p);
      progressed = false;
      lastDone = 0;
      if (k == null) lastLength = 0;
      lastFraction = 0;
      if (interactive) render(p, null, false);
      nextDue.set(clock.getAsLong() + interval);
    }
  }

  @Override
  public void onChunk(Progress p) {
    Key k = followed;
    if (k == null) return;
    if (!progressed && k.matches(p)) progressed = true;
    long now = clock.getAsLong();
    long due = nextDue.get();
    if (now - due < 0) return;
    if (!interactive && p.fraction() < lastFraction + PLAIN_STEP) return;
    if (!k.matches(p) || !nextDue.compareAndSet(due, now + interval)) return;
    synchronized (lock) {
      // Re-check: the execution may have ended, or a later snapshot been drawn, meanwhile.
      if (followed != k || p.chunksDone() < lastDone) return;
      render(p, null, false);
    }
  }

  @Override
  public void onEnd(Progress p, Throwable error) {
    synchronized (lock) {
      Key k = followed;
      if (k == null || !k.matches(p)) return;
      render(p, error, true);
      followed = null;
      lock.notifyAll();
    }
  }

  /**
   * Waits until the followed execution, if any, has ended and its last line is printed. Useful
   * because a blocking {@code compute()} may return a moment before the executor reports the end.
   *
   * @return false if the timeout passed first
   */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (followed != null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        lock.wait(Math.max(1, left / 1_000_000), 0);
      }
      return true;
    }
  }

  /** Draws one state; called with the lock held. */
  private void render(Progress p, Throwable error, boolean last) {
    String text = line(p, error);
    lastDone = p.chunksDone();
    lastFraction = p.fraction();
    if (interactive) {
      StringBuilder sb = new StringBuilder(text.length() + 16).append('\r').append(text);
      // Blank out what a longer previous line left behind.
      for (int i = text.length(); i < lastLength; i++) sb.append(' ');
      lastLength = text.length();
      if (last) sb.append(System.lineSeparator());
      out.print(sb);
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** The text of one line, without carriage return or newline. */
  String line(Progress p, Throwable error) {
    double f = Math.max(0, Math.min(1, p.fraction()));
    int filled = (int) Math.floor(f * WIDTH);
    StringBuilder sb = new StringBuilder(96);
    if (!title.isEmpty()) sb.append(title).append(' ');
    sb.append('[');
    for (int i = 0; i < WIDTH; i++) sb.append(i < filled ? '#' : '-');
    sb.append("] ").append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100)));
    sb.append("  ").append(p.chunksDone()).append('/').append(p.chunksTotal()).append(" chunks");
    if (p.passes() > 1) {
      sb.append(" (pass ").append(p.pass()).append('/').append(p.passes()).append(')');
    }
    sb.append("  ").append(formatRate(rate(p, f)));
    sb.append("  ").append(formatElapsed(p.elapsedNanos()));
    if (error instanceof java.util.concurrent.CancellationException) {
      sb.append("  cancelled");
    } else if (error != null) {
      sb.append("  failed: ").append(error.getMessage() == null ? error.getClass().getSimpleName()
          : error.getMessage());
    }
    return sb.toString();
  }

  private double rate(Progress p, double fraction) {
    if (rateBytes <= 0) return p.bytesPerSecond();
    return p.elapsedNanos() <= 0 ? 0 : fraction * rateBytes * 1e9 / p.elapsedNanos();
  }

  /** Bytes per second in decimal units with two decimals, e.g. {@code 1.23 GB/s}. */
  static String formatRate(double bytesPerSecond) {
    String[] units = {"B/s", "kB/s", "MB/s", "GB/s", "TB/s"};
    double v = Math.max(0, bytesPerSecond);
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
  }

  /** Elapsed time as {@code mm:ss} (minutes not capped at 59). */
  static String formatElapsed(long nanos) {
    long s = Math.max(0, nanos) / 1_000_000_000L;
    return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }
}
