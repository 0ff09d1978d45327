package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConsoleProgressBarTest {
  private static final long MS = 1_000_000L;
  private static final String NL = System.lineSeparator();

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong clock = new AtomicLong(1_000 * MS);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private ConsoleProgressBar bar(boolean interactive) {
    return new ConsoleProgressBar(out, interactive, "", 0, clock::get);
  }

  private static Progress progress(String label, long done, long total, long bytesDone, long elapsedMs) {
    return new Progress(label, 1, 1, done, total, bytesDone, total * 1000, elapsedMs * MS);
  }

  @Test
  void interactiveLineHasBarPercentChunksRateAndElapsed() {
    ConsoleProgressBar bar = bar(true);
    bar.onStart(progress("x", 0, 456, 0, 0));
    clock.addAndGet(100 * MS);
    // 1.23 GB/s over 7.5 s.
    bar.onChunk(new Progress("x", 1, 1, 192, 456, 9_225_000_000L, 456_000, 7_500 * MS));

    assertThat(output()).isEqualTo(
        "\r[--------------------]   0%  0/456 chunks  0.00 B/s  00:00"
            + "\r[########------------]  42%  192/456 chunks  1.23 GB/s  00:07");
  }

  @Test
  void interactiveRedrawsAtMostEvery100msAndEndsWithNewline() {
    ConsoleProgressBar bar = bar(true);
    bar.onStart(progress("x", 0, 100, 0, 0));
    for (int i = 1; i <= 99; i++) {
      clock.addAndGet(10 * MS);
      bar.onChunk(progress("x", i, 100, i * 1000L, i * 10L));
    }
    bar.onEnd(progress("x", 100, 100, 100_000, 1000), null);

    String s = output();
    // 990 ms of chunks every 10 ms: a redraw at 100, 200, ... 900 ms, plus start and end.
    assertThat(s.chars().filter(c -> c == '\r').count()).isEqualTo(1 + 9 + 1);
    assertThat(s).endsWith("\r[####################] 100%  100/100 chunks  100.00 kB/s  00:01" + NL);
    assertThat(s.indexOf(NL)).isEqualTo(s.length() - NL.length());
  }

  @Test
  void shorterLineBlanksTheRestOfTheLongerOne() {
    ConsoleProgressBar bar = bar(true);
    bar.onStart(progress("x", 0, 10, 0, 0));
    clock.addAndGet(200 * MS);
    bar.onChunk(new Progress("x", 1, 1, 5, 10, 1_000_000_000_000L, 10_000, 1000 * MS));
    bar.onEnd(new Progress("x", 1, 1, 9, 10, 0, 10_000, 1000 * MS), null);

    String[] draws = output().split("\r", -1);
    // "", start, middle, end.
    assertThat(draws).hasSize(4);
    String middle = draws[2];
    String end = draws[3].substring(0, draws[3].length() - NL.length());
    assertThat(middle).contains("1.00 TB/s");
    assertThat(end).hasSameSizeAs(middle).startsWith("[##################--]  90%").endsWith("00:01 ");
  }

  @Test
  void plainStreamPrintsTenPercentStepsAtMostEveryTwoSecondsAndAFinalLine() {
    ConsoleProgressBar bar = bar(false);
    bar.onStart(progress("x", 0, 1000, 0, 0));
    // 1000 chunks, one every 10 ms: 10 s in all.
    for (int i = 1; i < 1000; i++) {
      clock.addAndGet(10 * MS);
      bar.onChunk(progress("x", i, 1000, i, i * 10L));
    }
    bar.onEnd(progress("x", 1000, 1000, 1000, 10_000), null);

    String s = output();
    assertThat(s).doesNotContain("\r");
    List<String> lines = s.lines().toList();
    // Lines at 2 s (20 %), 4 s, 6 s, 8 s and the final one.
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("[####----------------]  20%  200/1000 chunks");
    assertThat(lines.get(4)).isEqualTo("[####################] 100%  1000/1000 chunks  100.00 B/s  00:10");
  }

  @Test
  void plainStreamWaitsForTenPercentMoreEvenWhenTimeHasPassed() {
    ConsoleProgressBar bar = bar(false);
    bar.onStart(progress("x", 0, 100, 0, 0));
    clock.addAndGet(3000 * MS);
    bar.onChunk(progress("x", 5, 100, 0, 3000));
    clock.addAndGet(3000 * MS);
    bar.onChunk(progress("x", 12, 100, 0, 6000));
    clock.addAndGet(3000 * MS);
    bar.onChunk(progress("x", 15, 100, 0, 9000));

    assertThat(output().lines().toList()).singleElement().asString().contains(" 12% ");
  }

  @Test
  void shortPlainRunPrintsOnlyItsFinalLineAndNamesAFailure() {
    ConsoleProgressBar bar = bar(false);
    bar.onStart(progress("x", 0, 10, 0, 0));
    for (int i = 1; i <= 5; i++) {
      clock.addAndGet(100 * MS);
      bar.onChunk(progress("x", i, 10, 0, i * 100L));
    }
    bar.onEnd(progress("x", 5, 10, 0, 500), new IllegalStateException("disk on fire"));

    assertThat(output()).isEqualTo(
        "[##########----------]  50%  5/10 chunks  0.00 B/s  00:00  failed: disk on fire" + NL);
  }

  @Test
  void cancelledRunSaysSoAndTitlePrefixesTheLine() {
    ConsoleProgressBar bar = new ConsoleProgressBar(out, true, "navigator", 0, clock::get);
    bar.onStart(progress("x", 0, 4, 0, 0));
    bar.onEnd(progress("x", 1, 4, 0, 0), new CancellationException("cancelled"));

    assertThat(output()).endsWith("\rnavigator [#####---------------]  25%  1/4 chunks  0.00 B/s  00:00  cancelled" + NL);
  }

  @Test
  void severalPassesAreNamed() {
    ConsoleProgressBar bar = bar(false);
    bar.onStart(new Progress("x", 2, 3, 0, 10, 0, 10, 0));
    bar.onEnd(new Progress("x", 2, 3, 10, 10, 10, 10, 1000 * MS), null);

    assertThat(output()).isEqualTo(
        "[####################] 100%  10/10 chunks (pass 2/3)  10.00 B/s  00:01" + NL);
  }

  @Test
  void rateBytesGivesTheRateOfWhatTheExecutionReads() {
    // 2 GB read over 4 s for a run whose own output is tiny: 0.5 of 2 GB in 1 s = 1 GB/s.
    ConsoleProgressBar bar = new ConsoleProgressBar(out, false, "", 2_000_000_000L, clock::get);
    bar.onStart(progress("x", 0, 8, 0, 0));
    bar.onEnd(new Progress("x", 1, 1, 4, 8, 64, 8_000, 1000 * MS), null);

    assertThat(output()).contains(" 4/8 chunks  1.00 GB/s  00:01");
  }

  @Test
  void followsOneExecutionAndIgnoresNestedOnesThenFollowsTheNext() {
    ConsoleProgressBar bar = bar(false);
    bar.onStart(progress("outer", 0, 2, 0, 0));
    clock.addAndGet(5000 * MS);
    bar.onChunk(progress("outer", 1, 2, 0, 5000));
    // Starts after the outer one progressed: not shown, though it has more chunks.
    bar.onStart(progress("inner", 0, 50, 0, 0));
    clock.addAndGet(5000 * MS);
    bar.onChunk(progress("inner", 25, 50, 0, 5000));
    bar.onEnd(progress("inner", 50, 50, 0, 5000), null);
    bar.onEnd(progress("outer", 2, 2, 0, 10_000), null);
    bar.onStart(progress("second", 0, 3, 0, 0));
    bar.onEnd(progress("second", 3, 3, 0, 1000), null);

    assertThat(output().lines().toList()).containsExactly(
        "[##########----------]  50%  1/2 chunks  0.00 B/s  00:05",
        "[####################] 100%  2/2 chunks  0.00 B/s  00:10",
        "[####################] 100%  3/3 chunks  0.00 B/s  00:01");
  }

  @Test
  void aFinerInnerPassStartedBeforeAnyOuterChunkTakesTheOuterOnesPlace() {
    ConsoleProgressBar bar = bar(true);
    bar.onStart(progress("sum frame", 0, 1, 0, 0));
    bar.onStart(progress("pass", 0, 64, 0, 0));
    bar.onStart(progress("coarser", 0, 8, 0, 0));
    clock.addAndGet(100 * MS);
    bar.onChunk(progress("pass", 16, 64, 0, 100));
    bar.onEnd(progress("pass", 64, 64, 0, 400), null);
    bar.onChunk(progress("sum frame", 1, 1, 0, 400));
    bar.onEnd(progress("sum frame", 1, 1, 0, 400), null);

    assertThat(output()).isEqualTo(
        "\r[--------------------]   0%  0/1 chunks  0.00 B/s  00:00"
            + "\r[--------------------]   0%  0/64 chunks  0.00 B/s  00:00"
            + "\r[#####---------------]  25%  16/64 chunks  0.00 B/s  00:00"
            + "\r[####################] 100%  64/64 chunks  0.00 B/s  00:00" + NL);
  }

  @Test
  void awaitEndReturnsOnceTheFollowedExecutionHasEnded() throws Exception {
    ConsoleProgressBar bar = bar(true);
    assertThat(bar.awaitEnd(Duration.ofMillis(1))).isTrue();
    bar.onStart(progress("x", 0, 1, 0, 0));
    assertThat(bar.awaitEnd(Duration.ofMillis(20))).isFalse();

    Thread ender = new Thread(() -> bar.onEnd(progress("x", 1, 1, 0, 0), null));
    ender.start();
    assertThat(bar.awaitEnd(Duration.ofSeconds(10))).isTrue();
    ender.join(10_000);
    assertThat(output()).endsWith(NL);
  }

  @Test
  void concurrentChunksFromManyThreadsRenderFewWellFormedLines() throws Exception {
    ConsoleProgressBar bar = new ConsoleProgressBar(out, true);
    int threads = 4;
    int perThread = 50_000;
    long total = (long) threads * perThread;
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    bar.onStart(new Progress("x", 1, 1, 0, total, 0, total, 0));
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < perThread; i++) {
          long d = done.incrementAndGet();
          bar.onChunk(new Progress("x", 1, 1, d, total, d, total, System.nanoTime() - start));
        }
      });
      w.start();
      workers.add(w);
    }
    go.countDown();
    for (Thread w : workers) w.join(10_000);
    long elapsed = System.nanoTime() - start;
    bar.onEnd(new Progress("x", 1, 1, total, total, total, total, elapsed), null);

    String s = output();
    long draws = s.chars().filter(c -> c == '\r').count();
    assertThat(draws).isBetween(2L, 2 + elapsed / ConsoleProgressBar.INTERACTIVE_INTERVAL_NANOS + 1);
    Pattern line = Pattern.compile(
        "\\[[#-]{20}] +\\d{1,3}%  \\d+/" + total + " chunks  \\d+\\.\\d\\d [kMGT]?B/s  \\d\\d:\\d\\d *");
    String[] parts = s.substring(1, s.length() - NL.length()).split("\r");
    for (String part : parts) assertThat(part).matches(line);
    assertThat(parts[parts.length - 1]).startsWith("[####################] 100%");
  }

  @Test
  void ratesAndTimesUseDecimalUnitsAndMinutesSeconds() {
    assertThat(ConsoleProgressBar.formatRate(0)).isEqualTo("0.00 B/s");
    assertThat(ConsoleProgressBar.formatRate(999)).isEqualTo("999.00 B/s");
    assertThat(ConsoleProgressBar.formatRate(1_500)).isEqualTo("1.50 kB/s");
    assertThat(ConsoleProgressBar.formatRate(2.5e6)).isEqualTo("2.50 MB/s");
    assertThat(ConsoleProgressBar.formatRate(1.234e9)).isEqualTo("1.23 GB/s");
    assertThat(ConsoleProgressBar.formatElapsed(0)).isEqualTo("00:00");
    assertThat(ConsoleProgressBar.formatElapsed(59_999 * MS)).isEqualTo("00:59");
    assertThat(ConsoleProgressBar.formatElapsed(3_725_000 * MS)).isEqualTo("62:05");
  }
}
