package org.hyperflux.core.signal;

import java.util.List;
import java.util.Objects;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.HistogramAccumulator;
import org.hyperflux.core.accumulate.MomentsAccumulator;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.accumulate.QuantileSelection;
import org.hyperflux.core.accumulate.Reduction;
import org.hyperflux.core.accumulate.ReductionAccumulator;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.ops.LazyArray;
import reactor.core.publisher.Mono;

/**
 * {@link Signal#histogram} and its variants: HyperSpy 1.7.3's eager {@code get_histogram}
 * (NaN dropped first, then {@code hyperspy.misc.hist_tools.histogram}: numpy's
 * {@code histogram_bin_edges} and {@code histogram}) as a chain of passes over the data.
 *
 * <p><b>Passes.</b> Explicit edges, or a number of bins with a range: one pass counting
 * ({@link HistogramAccumulator}). A number of bins without a range: a pass for the minimum and
 * maximum ignoring NaN, then the count. {@code fd}: an exact quantile selection of Q1 and Q3
 * ({@link QuantileSelection}, 1 to 4 passes by dtype, the first also finding the extremes), then
 * the count. {@code scott}: one pass for the moments and the extremes, then the count.
 *
 * <p><b>Bin rules</b>, numpy 1.24's {@code _get_bin_edges}: with a range {@code [lo, hi]} (an
 * empty one widened to {@code [lo - 0.5, hi + 0.5]} first) the data is truncated to it (float32
 * data compared in float32) and the edges span it; without one they span the data's minimum and
 * maximum, which must be finite. The width is {@code 2 IQR n^(-1/3)} (fd, numpy's
 * {@code _hist_bin_fd}) or {@code (24 sqrt(pi) / n)^(1/3) std} (scott, std rounded to float32 for
 * float32 data) over the {@code n} truncated values; the number of bins is
 * {@code ceil((last - first) / width)} with {@code last - first} numpy's {@code _unsigned_subtract}
 * (exact for integer data, float32 for float32 data), or 1 for a zero width or no values. The
 * edges are {@code linspace(first, last, bins + 1)} in numpy's bin dtype.
 *
 * <p><b>The cap</b> is HyperSpy's eager one, applied to the rules: when the edges outnumber
 * {@code maxNumBins} ({@code bins + 1 > maxNumBins}) the histogram has {@code maxNumBins} equal
 * bins. Over the data's range without a range; with a range HyperSpy then drops the range (its
 * {@code np.histogram(a, bins=max_num_bins)} ignores {@code range_bins}), which hyperflux does not:
 * the capped bins still span the range asked for. An explicit number of bins or explicit edges
 * are used as given (HyperSpy caps them too: {@code bins=300} gives 250 bins).
 */
final class SignalHistograms {
  private SignalHistograms() {}

  /** HyperSpy's default {@code max_num_bins}. */
  static final int DEFAULT_MAX_NUM_BINS = 250;

  /** The histogram of every value of {@code s}; see {@link Signal#histogram(HistogramBins, Double, Double, int, ExecOptions)}. */
  static Mono<Signal> histogramMono(Signal s, HistogramBins bins, Double rangeMin, Double rangeMax,
      int maxNumBins, ExecOptions options, long collectLimit) {
    Objects.requireNonNull(bins, "bins");
    Objects.requireNonNull(options, "options");
    if ((rangeMin == null) != (rangeMax == null)) {
      throw new IllegalArgumentException(
          "give both ends of the histogram range or neither (got [" + rangeMin + ", " + rangeMax + "])");
    }
    if (maxNumBins < 1) {
      throw new IllegalArgumentException("maxNumBins must be >= 1, got " + maxNumBins);
    }
    DType binType = HistogramAccumulator.numpyBinType(s.dtype());
    if (rangeMin != null) {
      // numpy's checks of the range (ValueError there): ordered and finite.
      HistogramAccumulator.uniformEdges(1, rangeMin, rangeMax, binType);
    }
    if (bins instanceof HistogramBins.Edges e) {
      HistogramAccumulator acc = HistogramAccumulator.withEdges(e.edges());
      double[] edges = e.edges();
      return count(s, acc, edges[1] - edges[0], edges[0], options, 1, 1);
    }
    if (bins instanceof HistogramBins.Count c) {
      if (rangeMin != null) return count(s, uniform(c.bins(), rangeMin, rangeMax, binType), options, 1, 1);
      SignalStatistics.requireReadable(s.data().node(), 2, "histogram(" + c.bins() + ") without a range");
      return dataRange(s, options).flatMap(r -> {
        if (!(Double.isFinite(r[0]) && Double.isFinite(r[1]))) {
          return Mono.error(new IllegalArgumentException("autodetected range of ["
              + PythonRepr.floatRepr(r[0]) + ", " + PythonRepr.floatRepr(r[1]) + "] is not finite;"
              + " give histogram(bins, min, max) a finite range"));
        }
        return count(s, uniform(c.bins(), r[0], r[1], binType), options, 2, 2);
      });
    }
    return ruleMono(s, (HistogramBins.Rule) bins, rangeMin, rangeMax, maxNumBins, binType, options,
        collectLimit);
  }

  private static Mono<Signal> ruleMono(Signal s, HistogramBins.Rule rule, Double rangeMin,
      Double rangeMax, int maxNumBins, DType binType, ExecOptions options, long collectLimit) {
    LazyArray data = s.data();
    DType dtype = data.dtype();
    boolean ranged = rangeMin != null;
    double lo = ranged ? rangeMin : 0;
    double hi = ranged ? rangeMax : 0;
    if (ranged && lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    QuantileSelection start = rule == HistogramBins.Rule.FD
        ? QuantileSelection.of(dtype, 0.75, 0.25) : QuantileSelection.of(dtype);
    start = start.collectingAtMost(collectLimit);
    MomentsAccumulator moments = MomentsAccumulator.of(dtype).expecting(data.shape().size());
    if (ranged) {
      start = start.within(lo, hi);
      moments = moments.within(lo, hi);
    }
    List<Accumulator<?, ?>> alongside =
        rule == HistogramBins.Rule.SCOTT ? List.of(moments) : List.of();
    double first = lo;
    double last = hi;
    return SignalStatistics.select(data, start, alongside, options, 1,
            "histogram(bins='" + rule.pythonName() + "')")
        .flatMap(done -> {
          QuantileSelection q = done.selection();
          long n = q.count();
          double from = first;
          double to = last;
          if (!ranged) {
            from = n == 0 ? 0 : q.min();
            to = n == 0 ? 1 : q.max();
            if (!(Double.isFinite(from) && Double.isFinite(to))) {
              return Mono.error(new IllegalArgumentException("autodetected range of ["
                  + PythonRepr.floatRepr(from) + ", " + PythonRepr.floatRepr(to) + "] is not"
                  + " finite; give the histogram a finite range"));
            }
          }
          double bins = 1;
          if (n > 0) {
            double width;
            if (rule == HistogramBins.Rule.FD) {
              double[] q75q25 = q.quantiles();
              width = 2.0 * (q75q25[0] - q75q25[1]) * Math.pow(n, -1.0 / 3.0);
            } else {
              MomentsAccumulator.Moments m = (MomentsAccumulator.Moments) done.alongside().get(0).value();
              double std = SignalStatistics.inMeanType(dtype, m.std(0));
              width = Math.pow(24.0 * Math.pow(Math.PI, 0.5) / n, 1.0 / 3.0) * std;
            }
            if (Double.isNaN(width)) {
              return Mono.error(new IllegalArgumentException("the " + rule.pythonName()
                  + " bin width of the data is NaN; give an integer number of bins or edges"));
            }
            if (width != 0) bins = Math.ceil((ranged ? to - from : q.span()) / width);
          }
          int passes = q.passes() + 1;
          if (bins + 1 > maxNumBins) {
            // HyperSpy's cap; with a range it would also drop the range, which is kept here.
            return count(s, uniform(maxNumBins, from, to, binType), options, passes, passes);
          }
          return count(s, uniform((int) bins, from, to, binType), options, passes, passes);
        });
  }

  private static HistogramAccumulator uniform(int bins, double lo, double hi, DType binType) {
    return HistogramAccumulator.uniform(bins, lo, hi, binType);
  }

  /** A count pass over equal bins; the axis scale is the first bin's width in the bin dtype. */
  private static Mono<Signal> count(Signal s, HistogramAccumulator acc, ExecOptions options,
      int pass, int passes) {
    double[] e = acc.edges();
    boolean f32 = HistogramAccumulator.numpyBinType(s.dtype()) == DType.FLOAT32;
    double scale = f32 ? (double) ((float) e[1] - (float) e[0]) : e[1] - e[0];
    return count(s, acc, scale, e[0], options, pass, passes);
  }

  /** The minimum and maximum ignoring NaN in one pass; {@code [0, 1]} for empty or all-NaN data (numpy's range of no data). */
  private static Mono<double[]> dataRange(Signal s, ExecOptions options) {
    LazyArray data = s.data();
    if (data.shape().size() == 0) return Mono.just(new double[] {0, 1});
    ReductionAccumulator min = ReductionAccumulator.of(Reduction.NANMIN, data.dtype(), data.grid(), new int[0], 0);
    ReductionAccumulator max = ReductionAccumulator.of(Reduction.NANMAX, data.dtype(), data.grid(), new int[0], 0);
    return Pass.over(data.node(), options).feed(min).feed(max).numbered(1, 2).run().map(results -> {
      double lo = ((Block) results.get(0).value()).getDouble(0);
      double hi = ((Block) results.get(1).value()).getDouble(0);
      if (Double.isNaN(lo) || Double.isNaN(hi)) return new double[] {0, 1};
      return new double[] {lo, hi};
    });
  }

  /**
   * The counting pass (costed now) and the result: a materialised {@code Signal1D} of int64
   * counts with HyperSpy's axis ({@code value}, offset and scale given) and title.
   */
  private static Mono<Signal> count(Signal s, HistogramAccumulator acc, double scale,
      double offset, ExecOptions options, int pass, int passes) {
    Mono<List<Partial<?>>> run = Pass.over(s.data().node(), options)
        .feed(acc.expecting(s.data().shape().size())).numbered(pass, passes).run();
    String title = s.title() + " histogram";
    return run.map(results -> {
      long[] counts = (long[]) results.get(0).value();
      MemoryArray memory = MemoryArray.of(Shape.of(counts.length), Block.wrap(DType.INT64, counts));
      Axes axes = Axes.of(Axis.uniform(counts.length, scale, offset).withName("value"));
      return Signal.of(memory, axes).withMetadata(Metadata.empty().withTitle(title));
    });
  }
}
