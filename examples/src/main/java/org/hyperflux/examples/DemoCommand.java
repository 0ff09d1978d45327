package org.hyperflux.examples;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ConsoleProgressBar;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Plan;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.ops.LazyArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux demo}: streams generated 4D-STEM data ({@link SyntheticStem}: uint16, scan ×
 * frame, by default 128 × 128 frames of 256 × 256 = 2 GiB, eight times the default 256 MiB budget)
 * through three lazy computations, each one read of the whole dataset on all cores:
 * <ol>
 *   <li>the navigator {@code data.sum(2, 3)} (a virtual bright-field-like image, uint64),</li>
 *   <li>the mean diffraction pattern {@code data.mean(0, 1)} (float64),</li>
 *   <li>the per-pixel standard deviation over the scan of the data converted to float32 and
 *       scaled, {@code data.astype(float32).multiply(0.25).std(0, 1)} (float32).</li>
 * </ol>
 * For each it prints the plan (peak bytes against the budget), a progress bar on standard error,
 * the result's dtype, shape and a few values, the time, the input rate and the JVM heap's peak.
 * Results go to the command's standard output, one labelled line per fact, e.g.
 * {@code   result : uint64 (16, 16)  min=1234 at (0, 1)  max=5678 at (3, 4)  sum=123456}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Streams generated 4D-STEM data (uint16: scan positions x diffraction frames) through"
            + " lazy reductions in bounded memory: the navigator (sum over the frame axes), the"
            + " mean diffraction pattern (mean over the scan) and the per-pixel standard"
            + " deviation of the data scaled to float32.",
        "The data are generated chunk by chunk on all cores and never held whole; every"
            + " execution is planned against the budget before it reads anything."})
public final class DemoCommand implements Callable<Integer> {
  /** The scale applied before the standard deviation (e.g. counts to electrons). */
  static final double GAIN = 0.25;

  @Spec
  CommandSpec spec;

  @Mixin
  DemoData demo = new DemoData();

  /** One lazy computation of the demo. */
  record Computation(String name, String expression, LazyArray array) {}

  /** One computation's outcome. */
  record Step(MemoryArray result, long inputBytes, long nanos, long planPeakBytes,
      long heapPeakBytes, long heapAfterGcPeakBytes) {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SyntheticStem stem = demo.stem();
    Shape shape = stem.shape();
    int cores = Runtime.getRuntime().availableProcessors();
    ChunkGrid grid = demo.grid(shape);
    LazyArray data = LazyArray.of(stem.source(grid));
    long inputBytes = shape.nbytes(DType.UINT16);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(demo.budget);

    out.printf(Locale.ROOT, "hyperflux demo: generated 4D-STEM data, %s %s = %s,"
            + " chunks of %s (%s), %d chunks%n",
        data.dtype().numpyName(), shape, Units.bytes(inputBytes), Units.tuple(maxChunk(grid)),
        Units.bytes(grid.maxChunkElements() * DType.UINT16.itemSize()), grid.chunkCount());
    out.printf(Locale.ROOT, "budget %s per execution, %d cores, JVM max heap %s%n",
        Units.bytes(demo.budget), cores, Units.bytes(HeapMeter.maxBytes()));
    out.flush();

    String stdExpr =
        String.format(Locale.ROOT, "data.astype(float32).multiply(%s).std(0, 1)", GAIN);
    List<Computation> computations = List.of(
        new Computation("navigator", "data.sum(2, 3)", data.sum(2, 3)),
        new Computation("mean pattern", "data.mean(0, 1)", data.mean(0, 1)),
        new Computation("std", stdExpr, data.astype(DType.FLOAT32).multiply(GAIN).std(0, 1)));
    // Cost every computation before reading anything: a plan that does not fit fails here.
    List<Plan> plans = new ArrayList<>();
    try {
      for (Computation c : computations) plans.add(c.array().computePlan(options));
    } catch (PlanException e) {
      err.println("hyperflux demo: " + e.getMessage());
      err.flush();
      return 2;
    }

    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < computations.size(); i++) {
      Step step = step(out, computations.get(i), plans.get(i), options, inputBytes);
      steps.add(step);
      if (i == 0) {
        printNavigator(out, step.result());
      } else {
        printArgmax(out, step.result(), i == 1 ? "brightest pixel" : "largest std");
      }
    }

    long bytes = 0;
    long nanos = 0;
    long planPeak = 0;
    long heapPeak = 0;
    long liveAfterGc = 0;
    for (Step s : steps) {
      bytes += s.inputBytes();
      nanos += s.nanos();
      planPeak = Math.max(planPeak, s.planPeakBytes());
      heapPeak = Math.max(heapPeak, s.heapPeakBytes());
      liveAfterGc = Math.max(liveAfterGc, s.heapAfterGcPeakBytes());
    }
    out.printf(Locale.ROOT, "%ntotal  : %d reads of %s = %s in %.2f s = %.2f GB/s%n", steps.size(),
        Units.bytes(inputBytes), Units.bytes(bytes), nanos / 1e9, Units.gbPerSecond(bytes, nanos));
    out.printf(Locale.ROOT, "memory : planned peak %s of the %s budget for %s of data;"
            + " JVM heap after GC at most %s, in use at most %s (garbage included)"
            + " of %s max heap%n",
        Units.bytes(planPeak), Units.bytes(demo.budget), Units.bytes(inputBytes),
        Units.bytes(liveAfterGc), Units.bytes(heapPeak), Units.bytes(HeapMeter.maxBytes()));
    out.flush();
    return 0;
  }

  private static long[] maxChunk(ChunkGrid grid) {
    long[] c = new long[grid.rank()];
    for (int a = 0; a < c.length; a++) c[a] = grid.maxExtent(a);
    return c;
  }

  /** Computes with a progress bar; prints the plan, the time and the heap. */
  private Step step(PrintWriter out, Computation c, Plan plan, ExecOptions options,
      long inputBytes) throws InterruptedException {
    out.printf(Locale.ROOT, "%n%s = %s%n", c.name(), c.expression());
    out.printf(Locale.ROOT, "  plan   : %s%n", plan.describe());
    out.printf(Locale.ROOT, "  memory : peak %s planned (result included) of the %s budget%n",
        Units.bytes(plan.peakBytes()), Units.bytes(demo.budget));
    out.flush();
    ConsoleProgressBar bar =
        new ConsoleProgressBar(System.err, System.console() != null, "  " + c.name(), inputBytes);
    HeapMeter.reset();
    long t0 = System.nanoTime();
    MemoryArray result = c.array().compute(options.withProgress(bar));
    long nanos = System.nanoTime() - t0;
    bar.awaitEnd(Duration.ofSeconds(2));
    long heap = HeapMeter.peakBytes();
    long afterGc = HeapMeter.peakAfterGcBytes();
    out.printf(Locale.ROOT, "  time   : %s in %.2f s = %.2f GB/s%n", Units.bytes(inputBytes),
        nanos / 1e9, Units.gbPerSecond(inputBytes, nanos));
    out.printf(Locale.ROOT, "  heap   : after GC at most %s; in use at most %s (garbage included)"
        + " of %s%n", Units.bytes(afterGc), Units.bytes(heap), Units.bytes(HeapMeter.maxBytes()));
    return new Step(result, inputBytes, nanos, plan.peakBytes(), heap, afterGc);
  }

  /** min, max (first in C order) and sum of an integer image. */
  private static void printNavigator(PrintWriter out, MemoryArray nav) {
    Block b = nav.toBlock();
    long width = nav.shape().dim(1);
    int min = 0;
    int max = 0;
    long sum = 0;
    for (int i = 0; i < b.length(); i++) {
      long v = b.getLong(i);
      if (v < b.getLong(min)) min = i;
      if (v > b.getLong(max)) max = i;
      sum += v;
    }
    out.printf(Locale.ROOT, "  result : %s %s  min=%d at %s  max=%d at %s  sum=%d%n",
        nav.dtype().numpyName(), nav.shape(), b.getLong(min), Units.tuple(min / width, min % width),
        b.getLong(max), Units.tuple(max / width, max % width), sum);
    out.flush();
  }

  /** The largest value of an image (first in C order) and the image's mean. */
  private static void printArgmax(PrintWriter out, MemoryArray image, String what) {
    double[] v = image.toDoubleArray();
    long width = image.shape().dim(1);
    int max = 0;
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      if (v[i] > v[max]) max = i;
      sum += v[i];
    }
    out.printf(Locale.ROOT, "  result : %s %s  %s=%.6f at %s  mean=%.6f%n",
        image.dtype().numpyName(), image.shape(), what.replace(' ', '_'), v[max],
        Units.tuple(max / width, max % width), sum / v.length);
    out.flush();
  }
}
