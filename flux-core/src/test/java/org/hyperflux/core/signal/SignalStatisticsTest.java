package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.CpuScheduler;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.hyperflux.core.testing.RecordingProgress;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link Signal#summaryStatistics()} and the {@code fd}/{@code scott} histograms against
 * HyperSpy 1.7.3's eager path ({@code stats_golden.txt}, made by {@code make_stats_golden.py}) on
 * lazy signals chunked in halves, with the default collect limit and with one that forces every
 * refining pass; the number of reads each needs; progress; the non-blocking guard; refusals.
 */
class SignalStatisticsTest {
  private static final String GOLDEN = "/golden/signal/stats_golden.txt";
  private static final Duration VERIFY = Duration.ofSeconds(30);

  private static Map<String, Signal> signals(List<String[]> records) {
    Map<String, Signal> out = new HashMap<>();
    for (String[] f : records) if (f[0].equals("sig")) out.put(f[1], GoldenRecords.defaultAxesSignal(f));
    return out;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char n = s.charAt(++i);
      b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
    }
    return b.toString();
  }

  private static void assertClose(double got, String want, double rel, String what) {
    double w = GoldenRecords.pyDouble(want);
    if (rel == 0 || !Double.isFinite(w)) {
      assertThat(got == w || (Double.isNaN(got) && Double.isNaN(w))).as(what + ": " + got + " vs HyperSpy " + want).isTrue();
    } else {
      assertThat(Math.abs(got - w)).as(what + ": " + got + " vs HyperSpy " + want)
          .isLessThanOrEqualTo(rel * Math.abs(w) + rel);
    }
  }

  @Test
  void summaryStatisticsMatchHyperSpysEagerPath() throws IOException {
    List<String[]> records = GoldenRecords.records(GOLDEN);
    Map<String, Signal> signals = signals(records);
    int checked = 0;
    for (String[] f : records) {
      if (!f[0].equals("stats")) continue;
      Signal s = signals.get(f[1]);
      for (long limit : new long[] {-1, 0}) {
        String what = f[1] + (limit == 0 ? " (no collecting)" : "");
        SummaryStatistics st = limit < 0 ? s.summaryStatistics()
            : SignalStatistics.summaryMono(s, ExecOptions.defaults(), 0).block(VERIFY);
        if (f[2].startsWith("!")) {
          // HyperSpy raises numpy's ValueError on no values; hyperflux gives NaN and a count of 0.
          assertThat(st.count()).as(what).isZero();
          assertThat(st.mean()).isNaN();
          assertThat(st.q1()).isNaN();
          assertThat(st.max()).isNaN();
          continue;
        }
        // numpy sums float32 in float32 (pairwise); hyperflux in double, rounded once.
        double rel = s.dtype() == DType.FLOAT32 ? 2e-6 : 1e-12;
        assertClose(st.mean(), f[2], rel, what + " mean");
        assertClose(st.std(), f[3], rel, what + " std");
        assertClose(st.min(), f[4], 0, what + " min");
        assertClose(st.q1(), f[5], 0, what + " Q1");
        assertClose(st.median(), f[6], 0, what + " median");
        assertClose(st.q3(), f[7], 0, what + " Q3");
        assertClose(st.max(), f[8], 0, what + " max");
        assertThat(st.format("%.3g")).as(what).isEqualTo(unescape(f[10]));
        assertThat(st + "\n").as(what).isEqualTo(unescape(f[10]));
        long nonNaN = 0;
        Block all = s.data().compute().toBlock();
        for (int i = 0; i < all.length(); i++) if (!Double.isNaN(all.getDouble(i))) nonNaN++;
        assertThat(st.count()).as(what).isEqualTo(nonNaN);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(14);
  }

  @Test
  void hyperSpysLazyQuartilesAreApproximateWhereTheseAreExact() throws IOException {
    // The fixture's "lazystats" records come from dask's da.percentile on chunked data: they
    // differ from the eager (exact) quartiles, which hyperflux matches above.
    Map<String, String[]> eager = new HashMap<>();
    int differing = 0;
    for (String[] f : GoldenRecords.records(GOLDEN)) {
      if (f[0].equals("stats")) eager.put(f[1], f);
      if (!f[0].equals("lazystats")) continue;
      String[] e = eager.get(f[1]);
      assertThat(f[2]).as("lazy mean of " + f[1]).isEqualTo(e[2]);
      if (!f[5].equals(e[5]) || !f[6].equals(e[6]) || !f[7].equals(e[7])) differing++;
    }
    assertThat(differing).isEqualTo(4);
  }

  private static Signal histogram(Signal s, String bins, String range, int maxBins, long limit) {
    Double lo = null;
    Double hi = null;
    if (!range.equals("-")) {
      String[] r = range.split(",");
      lo = GoldenRecords.pyDouble(r[0]);
      hi = GoldenRecords.pyDouble(r[1]);
    }
    if (limit < 0) return s.histogram(HistogramBins.of(bins), lo, hi, maxBins, ExecOptions.defaults());
    return SignalHistograms.histogramMono(s, HistogramBins.of(bins), lo, hi, maxBins,
        ExecOptions.defaults(), limit).block(VERIFY);
  }

  @Test
  void fdAndScottHistogramsMatchHyperSpysEagerPath() throws IOException {
    List<String[]> records = GoldenRecords.records(GOLDEN);
    Map<String, Signal> signals = signals(records);
    Map<String, String[]> keepRange = new HashMap<>();
    for (String[] f : records) {
      if (f[0].equals("keeprange")) keepRange.put(f[1] + " " + f[2] + " " + f[3] + " " + f[4], f);
    }
    int checked = 0;
    int keptRange = 0;
    for (String[] f : records) {
      if (!f[0].equals("hist")) continue;
      String key = f[1] + " " + f[2] + " " + f[3] + " " + f[4];
      int maxBins = Integer.parseInt(f[4]);
      String[] k = keepRange.get(key);
      for (long limit : new long[] {-1, 0}) {
        String what = key + (limit == 0 ? " (no collecting)" : "");
        Signal h = histogram(signals.get(f[1]), f[2], f[3], maxBins, limit);
        String axis = f[7];
        String counts = f[8];
        if (k != null) {
          // HyperSpy drops range_bins when it caps the bins; hyperflux keeps the range.
          axis = k[5];
          counts = k[6];
          keptRange++;
        }
        assertThat(h.toString()).as(what).isEqualTo(f[5]);
        assertThat(h.isLazy()).as(what).isFalse();
        assertThat(h.dtype().numpyName()).as(what).isEqualTo(f[6]);
        String[] ax = axis.split(",");
        Axis a = h.axes().axis(0);
        assertThat(a.displayName()).as(what).isEqualTo(ax[0]);
        assertThat(a.size()).as(what + " bins").isEqualTo(Integer.parseInt(ax[1]));
        assertThat(a.scale()).as(what + " scale").isEqualTo(GoldenRecords.pyDouble(ax[2]));
        assertThat(a.offset()).as(what + " offset").isEqualTo(GoldenRecords.pyDouble(ax[3]));
        assertThat(a.displayUnits()).as(what).isEqualTo(ax[4]);
        assertThat(a.navigate()).as(what).isFalse();
        GoldenRecords.assertValues(h.memory().orElseThrow().toBlock(), DType.INT64, counts, 0);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(44);
    assertThat(keptRange).isEqualTo(4);
  }

  @Test
  void hyperSpysLazyHistogramsDifferWhereDocumented() throws IOException {
    Map<String, String> eager = new HashMap<>();
    List<String> differing = new ArrayList<>();
    for (String[] f : GoldenRecords.records(GOLDEN)) {
      String key = f[1] + " " + f[2] + " " + f[3] + " " + (f.length > 4 ? f[4] : "");
      if (f[0].equals("hist")) eager.put(key, f[7] + " " + f[8]);
      if (f[0].equals("lazyhist") && !(f[7] + " " + f[8]).equals(eager.get(key))) differing.add(key);
    }
    // Approximate quartiles (u16, i16, f64), NaN counted (f32n, allnan), edges spaced by the
    // width (const, scott), the range ignored.
    assertThat(differing).hasSizeGreaterThanOrEqualTo(12);
  }

  private static CountingSource counting(DType dtype) {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(30, 41), new int[] {7, 10});
    return CountingSource.of(GeneratedSource.of("values", dtype, grid,
        p -> ((p[0] * 41 + p[1]) * 7919) % 1000 / 8.0 - 20));
  }

  @Test
  void passesAreAsFewAsTheQuartilesAllow() {
    long chunks = 5 * 5;
    Object[][] cases = {
        {DType.FLOAT32, "summary", 2}, {DType.UINT8, "summary", 1}, {DType.INT16, "summary", 1},
        {DType.INT32, "summary", 2}, {DType.FLOAT64, "summary", 2},
        {DType.FLOAT32, "fd", 3}, {DType.UINT16, "fd", 2}, {DType.FLOAT32, "scott", 2},
        {DType.FLOAT64, "bins", 2}, {DType.FLOAT64, "ranged", 1}};
    for (Object[] c : cases) {
      CountingSource src = counting((DType) c[0]);
      Signal s = Signal.of(LazyArray.of(src), 1);
      switch ((String) c[1]) {
        case "summary" -> s.summaryStatistics();
        case "fd" -> s.histogram(HistogramBins.FD);
        case "scott" -> s.histogram("scott");
        case "bins" -> s.histogram(10);
        default -> s.histogram(10, 0.0, 5.0);
      }
      assertThat(src.reads()).as(c[1] + " of " + c[0]).isEqualTo((int) ((int) c[2] * chunks));
      assertThat(src.closes()).isEqualTo(src.opens());
    }
  }

  @Test
  void progressNumbersThePasses() {
    RecordingProgress progress = new RecordingProgress();
    Signal s = Signal.of(LazyArray.of(counting(DType.FLOAT32)), 1);
    s.histogram(HistogramBins.FD, null, null, 250, ExecOptions.defaults().withProgress(progress));
    List<String> starts = progress.events("start").stream()
        .map(e -> e.progress().pass() + "/" + e.progress().passes()).toList();
    assertThat(starts).containsExactly("1/3", "2/3", "3/3");
    RecordingProgress p2 = new RecordingProgress();
    Signal.of(LazyArray.of(counting(DType.UINT8)), 1).summaryStatistics(ExecOptions.defaults().withProgress(p2));
    assertThat(p2.events("start")).hasSize(1);
    assertThat(p2.events("start").get(0).progress().passes()).isEqualTo(1);
  }

  @Test
  void blockingFormsRefuseNonBlockingThreadsAndTheMonoFormsRunThere() {
    Signal s = Signal.of(LazyArray.of(counting(DType.FLOAT32)), 1);
    StepVerifier.create(Mono.fromCallable(s::summaryStatistics).subscribeOn(CpuScheduler.shared()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("summaryStatisticsMono"))
        .verify(VERIFY);
    StepVerifier.create(Mono.fromCallable(() -> s.histogram("fd")).subscribeOn(CpuScheduler.shared()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("histogramMono"))
        .verify(VERIFY);
    SummaryStatistics expected = s.summaryStatistics();
    int scottBins = s.histogram("scott").axes().axis(0).size();
    StepVerifier.create(Mono.defer(() -> s.summaryStatisticsMono(ExecOptions.defaults()))
            .subscribeOn(CpuScheduler.shared()))
        .assertNext(st -> assertThat(st).isEqualTo(expected))
        .expectComplete()
        .verify(VERIFY);
    StepVerifier.create(Mono.defer(() -> s.histogramMono(HistogramBins.SCOTT, ExecOptions.defaults()))
            .subscribeOn(CpuScheduler.shared()))
        .assertNext(h -> assertThat(h.memory().orElseThrow().toBlock().length()).isEqualTo(scottBins))
        .expectComplete()
        .verify(VERIFY);
  }

  @Test
  void nothingIsReadUntilSubscriptionAndCancellingClosesTheSource() {
    CountingSource src = counting(DType.FLOAT64).blocking(Duration.ofMillis(5));
    Signal s = Signal.of(LazyArray.of(src), 1);
    Mono<SummaryStatistics> stats = s.summaryStatisticsMono(ExecOptions.defaults().withPrefetch(1));
    Mono<Signal> hist = s.histogramMono(HistogramBins.FD, ExecOptions.defaults());
    CountingSource.sleepQuietly(50);
    assertThat(src.reads()).isZero();
    StepVerifier.create(stats)
        .then(() -> CountingSource.awaitAtLeast(src::reads, 2, VERIFY))
        .thenCancel()
        .verify(VERIFY);
    CountingSource.awaitAtLeast(src::closes, 1, VERIFY);
    int reads = src.reads();
    CountingSource.sleepQuietly(100);
    assertThat(src.reads()).as("reads after cancel").isEqualTo(reads);
    assertThat(src.reads()).isLessThan(25);
    assertThat(src.closes()).isEqualTo(src.opens());
    assertThat(hist).isNotNull();
  }

  @Test
  void aSinglePassSourceIsRefusedWhereMorePassesMayBeNeeded() {
    CountingSource live = counting(DType.FLOAT32).withCapabilities(Capability.SINGLE_PASS);
    Signal s = Signal.of(LazyArray.of(live), 1);
    assertThatThrownBy(() -> s.summaryStatisticsMono(ExecOptions.defaults()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("summaryStatistics needs up to 2 passes")
        .hasMessageContaining("single-pass");
    assertThatThrownBy(() -> s.histogramMono(HistogramBins.SCOTT, ExecOptions.defaults()))
        .isInstanceOf(PlanException.class).hasMessageContaining("histogram(bins='scott')");
    assertThatThrownBy(() -> s.histogram(10)).isInstanceOf(PlanException.class);
    assertThat(live.reads()).isZero();
    // One pass is enough for 8-bit data, and for a number of bins with a range.
    CountingSource bytes = counting(DType.UINT8).withCapabilities(Capability.SINGLE_PASS);
    assertThat(Signal.of(LazyArray.of(bytes), 1).summaryStatistics().count()).isEqualTo(30 * 41);
    assertThat(s.histogram(4, 0.0, 10.0).axes().axis(0).size()).isEqualTo(4);
  }

  @Test
  void aBudgetTooSmallForTheRefiningPassFailsBeforeReading() {
    CountingSource src = counting(DType.FLOAT64);
    Signal s = Signal.of(LazyArray.of(src), 1);
    assertThatThrownBy(() -> s.summaryStatisticsMono(ExecOptions.defaults().withBudgetBytes(1_500_000)))
        .isInstanceOf(PlanException.class).hasMessageContaining("budget");
    assertThat(src.reads()).isZero();
  }

  @Test
  void knuthBlocksAndUnknownRulesFailClearly() {
    Signal s = Signal.of(LazyArray.of(counting(DType.FLOAT32)), 1);
    assertThatThrownBy(() -> s.histogram("knuth")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bins='knuth' needs the whole data in memory")
        .hasMessageContaining("knuth_bin_width")
        .hasMessageContaining("'fd' or 'scott'")
        .hasMessageContaining("integer number of bins");
    assertThatThrownBy(() -> HistogramBins.of("blocks")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bins='blocks' needs the whole data in memory")
        .hasMessageContaining("bayesian_blocks");
    assertThatThrownBy(() -> HistogramBins.of("auto"))
        .hasMessage("Unknown histogram bin rule 'auto'; available: [fd, scott] (or an integer"
            + " number of bins, or explicit edges)");
    assertThatThrownBy(() -> HistogramBins.of("scotts")).hasMessageContaining("write 'scott'");
    assertThatThrownBy(() -> HistogramBins.count(0)).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> s.histogram(HistogramBins.FD, 1.0, null))
        .hasMessageContaining("both ends");
    assertThatThrownBy(() -> s.histogram(HistogramBins.FD, 2.0, 1.0))
        .hasMessageContaining("max must be larger than min");
    assertThatThrownBy(() -> s.histogram(HistogramBins.FD, null, null, 0, ExecOptions.defaults()))
        .hasMessageContaining("maxNumBins must be >= 1");
  }

  @Test
  void anInfiniteDataRangeFailsAsNumpysAutodetectedRange() {
    Signal s = Signal.of(MemoryArray.of(Shape.of(3),
        Block.wrap(DType.FLOAT64, new double[] {1, Double.POSITIVE_INFINITY, 2})), 1);
    assertThatThrownBy(() -> s.histogram("fd")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("autodetected range of [1.0, inf] is not finite");
    // With a range the infinite value is truncated away.
    assertThat(s.histogram(HistogramBins.SCOTT, 0.0, 3.0).memory().orElseThrow().toBlock().length())
        .isPositive();
    SummaryStatistics st = s.summaryStatistics();
    assertThat(st.mean()).isInfinite();
    assertThat(st.std()).isNaN();
    // np.percentile([1, inf, 2], [25, 50, 75]) = [1.5, nan, nan]: (inf - 2) * 0 is NaN.
    assertThat(st.q1()).isEqualTo(1.5);
    assertThat(st.median()).isNaN();
    assertThat(st.q3()).isNaN();
  }

  @Test
  void pythonFormatting() {
    SummaryStatistics st = new SummaryStatistics(2.675, -0.0, 123456, 1e-5, 0.5, Double.NaN,
        Double.NEGATIVE_INFINITY, 3);
    assertThat(st.format("%.2f")).contains("mean:\t2.67\n", "std:\t-0.00\n", "min:\t123456.00\n",
        "Q3:\tnan\n", "max:\t-inf\n");
    assertThat(st.toString()).contains("mean:\t2.67\n", "min:\t1.23e+05\n", "Q1:\t1e-05\n",
        "median:\t0.5\n").doesNotEndWith("\n");
    assertThat(st.format("%10.3e")).contains("mean:\t 2.675e+00\n");
    assertThat(st.format("%g")).contains("min:\t123456\n");
    assertThat(st.format("%+08.2f%%")).contains("mean:\t+0002.67%\n");
    assertThatThrownBy(() -> st.format("%d")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("%d");
  }
}
