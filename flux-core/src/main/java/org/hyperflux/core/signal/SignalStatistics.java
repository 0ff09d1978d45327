package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.MomentsAccumulator;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.accumulate.QuantileAccumulator;
import org.hyperflux.core.accumulate.QuantileSelection;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.Plan;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.ops.LazyArray;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Summary statistics of a signal and the driver of exact quantile selections over its data, the
 * multi-pass plans behind {@link Signal#summaryStatistics()} and the {@code fd}/{@code scott}
 * histograms.
 *
 * <p><b>Driver.</b> A {@link QuantileSelection} is run as a chain of {@link Pass}es: pass 1
 * feeds the selection's first accumulator together with any other one-pass accumulators the
 * caller needs (mean and std here), and pass k+1 is built from pass k's counts until the
 * selection is done; each pass reports progress as "pass k of n", n being the most passes still
 * possible (it can shrink once the data shows that the next pass resolves everything). Building
 * costs pass 1 and the largest refining pass, so a plan that cannot fit the budget fails at once,
 * and refuses a single-pass source when more than one pass may be needed. Nothing is read before
 * subscription; every pass is a new execution.
 *
 * <p><b>Summary statistics</b> follow HyperSpy 1.7.3's eager {@code _calculate_summary_statistics}:
 * NaN dropped, {@code nanmean}, {@code nanstd} (ddof 0; rounded to float32 for float32 data),
 * {@code nanmin}, {@code percentile} 25/50/75 and {@code nanmax}. The passes: 1 for bool and
 * 8/16-bit integers, 2 for float32 and 32-bit integers, typically 2 and at most 4 for float64
 * and 64-bit integers. HyperSpy's lazy path computes the quartiles with dask's
 * {@code da.percentile}, which merges per-chunk percentiles into an approximation (and gives
 * NaN or wrong quartiles when the data holds NaN); these are exact.
 */
final class SignalStatistics {
  private SignalStatistics() {}

  /** The smallest collect limit, whatever the budget. */
  private static final long MIN_COLLECT_LIMIT = 1024;

  /**
   * The values a refining pass may collect under {@code options}' budget: a 256th of it at 16
   * bytes a value (a 16th of the budget), between 1024 and {@link
   * QuantileSelection#DEFAULT_COLLECT_LIMIT}.
   */
  static long collectLimit(ExecOptions options) {
    return Math.max(MIN_COLLECT_LIMIT,
        Math.min(QuantileSelection.DEFAULT_COLLECT_LIMIT, options.budgetBytes() / 256));
  }

  /** A finished selection and the first pass's results of the accumulators run alongside it. */
  record Selected(QuantileSelection selection, List<Partial<?>> alongside) {}

  /**
   * Runs {@code start} over {@code data}, feeding {@code alongside} into its first pass;
   * {@code passesAfter} more passes follow the selection (for the progress numbering and the
   * single-pass check). Pass 1 and the largest refining pass are costed now.
   *
   * @throws PlanException when a pass cannot fit the budget, or more than one pass may be needed
   *     over a single-pass source
   */
  static Mono<Selected> select(LazyArray data, QuantileSelection start,
      List<Accumulator<?, ?>> alongside, ExecOptions options, int passesAfter, String what) {
    ArrayNode node = data.node();
    int total = start.maxPassesLeft() + passesAfter;
    requireReadable(node, total, what);
    if (start.maxPassesLeft() > 1) {
      AccumulatorTraits t = start.largestRefiningTraits();
      Plan.build(node, node.grid(), options, t.partitionStateBytes(), t.stateBytes());
    }
    long size = data.shape().size();
    Pass first = Pass.over(node, options);
    for (Accumulator<?, ?> a : alongside) first.feed(a);
    first.feed(start.nextPass().expecting(size)).numbered(1, total);
    Mono<List<Partial<?>>> run = first.run();
    int n = alongside.size();
    return run.flatMap(results -> {
      QuantileSelection s = start.advance((QuantileAccumulator.Counts) results.get(n).value());
      List<Partial<?>> side = new ArrayList<>(results.subList(0, n));
      return refine(node, s, options, size, passesAfter).map(done -> new Selected(done, side));
    });
  }

  private static Mono<QuantileSelection> refine(ArrayNode node, QuantileSelection s,
      ExecOptions options, long size, int passesAfter) {
    if (s.isDone()) return Mono.just(s);
    int pass = s.passes() + 1;
    int total = s.passes() + s.maxPassesLeft() + passesAfter;
    return Mono.defer(() -> Pass.over(node, options).feed(s.nextPass().expecting(size))
            .numbered(pass, total).run())
        .flatMap(r -> refine(node, s.advance((QuantileAccumulator.Counts) r.get(0).value()),
            options, size, passesAfter));
  }

  /**
   * Refuses {@code passes > 1} over a single-pass source, naming the alternatives.
   *
   * @throws PlanException naming the source and the passes
   */
  static void requireReadable(ArrayNode node, int passes, String what) {
    if (passes <= 1) return;
    Set<Source> sources = new LinkedHashSet<>();
    node.collectSources(sources);
    for (Source s : sources) {
      if (s.capabilities().contains(Capability.SINGLE_PASS)) {
        throw new PlanException(what + " needs up to " + passes + " passes over the data, but "
            + s.description() + " is single-pass (read once, in order). Alternatives: save the"
            + " stream first and compute from the saved copy, or use one-pass results: the"
            + " nanmean/nanstd/nanmin/nanmax reductions, or a histogram with explicit edges or an"
            + " integer number of bins and a range.");
      }
    }
  }

  /** Blocks on {@code mono}, refusing on a non-blocking thread as {@link LazyArray#compute} does. */
  static <T> T block(Mono<T> mono, String method, String monoMethod) {
    if (Schedulers.isInNonBlockingThread()) {
      throw new IllegalStateException(method + " blocks and cannot run on the non-blocking thread "
          + Thread.currentThread().getName() + "; use " + monoMethod + " instead");
    }
    return mono.block();
  }

  /** {@link Signal#summaryStatisticsMono}, collecting at most {@code collectLimit} values in a refining pass. */
  static Mono<SummaryStatistics> summaryMono(Signal signal, ExecOptions options, long collectLimit) {
    Objects.requireNonNull(options, "options");
    LazyArray data = signal.data();
    DType dtype = data.dtype();
    QuantileSelection start =
        QuantileSelection.of(dtype, 0.25, 0.5, 0.75).collectingAtMost(collectLimit);
    MomentsAccumulator moments = MomentsAccumulator.of(dtype).expecting(data.shape().size());
    return select(data, start, List.of(moments), options, 0, "summaryStatistics")
        .map(done -> summary(dtype, done));
  }

  private static SummaryStatistics summary(DType dtype, Selected done) {
    QuantileSelection s = done.selection();
    MomentsAccumulator.Moments m = (MomentsAccumulator.Moments) done.alongside().get(0).value();
    double[] q = s.quantiles();
    return new SummaryStatistics(inMeanType(dtype, m.mean()), inMeanType(dtype, m.std(0)),
        s.min(), q[0], q[1], q[2], s.max(), s.count());
  }

  /** {@code v} rounded to numpy's mean/std result dtype for {@code dtype} (float32 stays float32). */
  static double inMeanType(DType dtype, double v) {
    return dtype.meanType() == DType.FLOAT32 ? (double) (float) v : v;
  }
}
