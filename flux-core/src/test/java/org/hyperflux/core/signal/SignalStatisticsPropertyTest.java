package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperflux.core.accumulate.HistogramAccumulator;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;

/**
 * Lazy equals eager for the summary statistics and the {@code fd} histogram: signals of several
 * dtypes with NaN, duplicates and zero-length axes, in chunks that do not divide the shape, with
 * and without a range and with small {@code maxNumBins}, against a plain-loop reference of numpy
 * 1.24's formulas (sort, percentile, {@code _hist_bin_fd}, {@code linspace}, {@code histogram}).
 */
class SignalStatisticsPropertyTest {
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withParallelism(2);
  private static final Duration VERIFY = Duration.ofSeconds(30);

  record Case(DType dtype, int rows, int cols, int chunkRows, int chunkCols, long seed,
      boolean ranged, int maxNumBins, long collectLimit) {
    Block values() {
      Random r = new Random(seed);
      Block b = Block.allocate(dtype, rows * cols);
      int spread = 1 + r.nextInt(400);
      for (int i = 0; i < b.length(); i++) {
        int pick = r.nextInt(12);
        if (dtype.isFloat() && pick == 0) b.setDouble(i, Double.NaN);
        else if (pick < 4) b.setDouble(i, r.nextInt(5));
        else b.setDouble(i, dtype.isFloat() ? r.nextGaussian() * spread : r.nextInt(2 * spread) - spread / 2);
      }
      return b;
    }

    Signal signal() {
      ChunkGrid grid = ChunkGrid.regular(Shape.of(rows, cols), new int[] {chunkRows, chunkCols});
      return Signal.of(LazyArray.of(MemoryArray.split(values(), grid)), 1).withTitle("p");
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<DType> dtypes = Arbitraries.of(DType.FLOAT32, DType.FLOAT64, DType.INT16, DType.UINT8,
        DType.INT32, DType.INT64);
    return Combinators.combine(dtypes, Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 37), Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 11), Arbitraries.longs(), Arbitraries.of(false, true),
            Arbitraries.of(250, 250, 4, 1))
        .as((d, r, c, cr, cc, seed, ranged, max) -> new Case(d, r, c, cr, cc, seed, ranged, max,
            seed % 3 == 0 ? 0 : 1 << 20));
  }

  /** The non-NaN values (in the range, if any) as numpy compares them, sorted. */
  private static double[] values(Case c, boolean ranged, double lo, double hi) {
    Block b = c.values();
    double l = c.dtype() == DType.FLOAT32 ? (float) lo : lo;
    double h = c.dtype() == DType.FLOAT32 ? (float) hi : hi;
    return Arrays.stream(toDoubles(b)).filter(x -> !Double.isNaN(x))
        .filter(x -> !ranged || (x >= l && x <= h)).sorted().toArray();
  }

  private static double[] toDoubles(Block b) {
    double[] d = new double[b.length()];
    for (int i = 0; i < d.length; i++) d[i] = b.getDouble(i);
    return d;
  }

  /** numpy 1.24's percentile ('linear') of sorted values (exact in double for these dtypes). */
  private static double percentile(DType dtype, double[] s, double q) {
    int n = s.length;
    double v = (n - 1) * q;
    int prev = v >= n - 1 ? n - 1 : (int) Math.floor(v);
    int next = v >= n - 1 ? n - 1 : prev + 1;
    double t = v >= n - 1 ? v + 1 : v - prev;
    double diff = dtype == DType.FLOAT32 ? (float) s[next] - (float) s[prev] : s[next] - s[prev];
    return t < 0.5 ? s[prev] + diff * t : s[next] - diff * (1 - t);
  }

  @Property(tries = 150, seed = "5551212")
  void summaryStatisticsEqualAPlainLoop(@ForAll("cases") Case c) {
    Signal s = c.signal();
    SummaryStatistics st = SignalStatistics.summaryMono(s, OPTIONS, c.collectLimit()).block(VERIFY);
    double[] v = values(c, false, 0, 0);
    assertThat(st.count()).as(c.toString()).isEqualTo(v.length);
    if (v.length == 0) {
      assertThat(st.median()).isNaN();
      return;
    }
    double mean = Arrays.stream(v).sum() / v.length;
    double m2 = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
    double tol = c.dtype() == DType.FLOAT32 ? 1e-5 : 1e-9;
    assertThat(st.mean()).as(c + " mean").isCloseTo(mean, within(tol * (1 + Math.abs(mean))));
    assertThat(st.std()).as(c + " std").isCloseTo(Math.sqrt(m2 / v.length),
        within(tol * (1 + Math.sqrt(m2 / v.length))));
    assertThat(st.min()).isEqualTo(v[0]);
    assertThat(st.max()).isEqualTo(v[v.length - 1]);
    assertThat(st.q1()).as(c + " Q1").isEqualTo(percentile(c.dtype(), v, 0.25));
    assertThat(st.median()).as(c + " median").isEqualTo(percentile(c.dtype(), v, 0.5));
    assertThat(st.q3()).as(c + " Q3").isEqualTo(percentile(c.dtype(), v, 0.75));
  }

  @Property(tries = 150, seed = "8675309")
  void fdHistogramsEqualAPlainLoop(@ForAll("cases") Case c) {
    double lo = -20;
    double hi = 60;
    Signal s = c.signal();
    Signal h = SignalHistograms.histogramMono(s, HistogramBins.FD, c.ranged() ? lo : null,
        c.ranged() ? hi : null, c.maxNumBins(), OPTIONS, c.collectLimit()).block(VERIFY);
    double[] v = values(c, c.ranged(), lo, hi);
    int n = v.length;
    double first;
    double last;
    if (c.ranged()) {
      first = lo;
      last = hi;
    } else {
      first = n == 0 ? 0 : v[0];
      last = n == 0 ? 1 : v[n - 1];
    }
    long bins = 1;
    if (n > 0) {
      double width = 2.0 * (percentile(c.dtype(), v, 0.75) - percentile(c.dtype(), v, 0.25))
          * Math.pow(n, -1.0 / 3.0);
      double span = c.ranged() ? hi - lo
          : c.dtype() == DType.FLOAT32 ? (float) last - (float) first : last - first;
      if (width != 0) bins = (long) Math.ceil(span / width);
    }
    if (bins + 1 > c.maxNumBins()) bins = c.maxNumBins();
    double[] e = HistogramAccumulator.uniformEdges((int) bins, first, last,
        HistogramAccumulator.numpyBinType(c.dtype()));
    long[] counts = new long[(int) bins];
    for (double x : toDoubles(c.values())) {
      if (!(x >= e[0] && x <= e[e.length - 1])) continue;
      int i = 0;
      while (i < counts.length - 1 && e[i + 1] <= x) i++;
      counts[i]++;
    }
    assertThat(h.dtype()).isEqualTo(DType.INT64);
    assertThat(h.axes().axis(0).size()).as(c.toString()).isEqualTo(counts.length);
    assertThat(h.axes().axis(0).offset()).as(c.toString()).isEqualTo(e[0]);
    long[] got = new long[counts.length];
    Block block = h.memory().orElseThrow().toBlock();
    for (int i = 0; i < got.length; i++) got[i] = block.getLong(i);
    assertThat(got).as(c.toString()).containsExactly(counts);
  }
}
