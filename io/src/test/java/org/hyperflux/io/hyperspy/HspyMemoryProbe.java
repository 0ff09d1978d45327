package org.hyperflux.io.hyperspy;

import java.nio.file.Path;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.testing.PeakMemory;
import org.hyperflux.io.SignalFiles;

/**
 * A main class run in a forked small-heap JVM by {@link HspyMemoryBoundTest}: loads the {@code
 * .hspy} written by {@code write_probe_hspy.py} through {@link SignalFiles#load} (lazy) and, under
 * a budget of half the heap, sums all of it and computes its full navigator (the sum over the
 * signal axes of every frame). Prints {@code key=value} lines: the sum, the navigator's length and
 * range, the element count, the bytes, the chunks, the peak heap used, the peak resident set and
 * the time.
 *
 * <p>Arguments: file.
 */
public final class HspyMemoryProbe {
  private HspyMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(Runtime.getRuntime().maxMemory() / 2);
    PeakMemory peak = PeakMemory.start();
    long t0 = System.nanoTime();
    Signal s = SignalFiles.load(file);
    double sum = s.data().sum().compute(options).getDouble();
    long t1 = System.nanoTime();
    double[] nav = s.computeFullNavigator(options).navigator().orElseThrow().memory().orElseThrow()
        .toDoubleArray();
    long t2 = System.nanoTime();
    long peakUsed = peak.stop();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : nav) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    System.out.println("signal=" + s);
    System.out.println("lazy=" + s.isLazy());
    System.out.println("elements=" + s.data().shape().size());
    System.out.println("bytes=" + s.data().shape().nbytes(s.dtype()));
    System.out.println("chunks=" + s.data().grid().extentsString());
    System.out.println("sum=" + sum);
    System.out.println("navigatorLength=" + nav.length);
    System.out.println("navigatorMin=" + min);
    System.out.println("navigatorMax=" + max);
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.out.println("sumMillis=" + (t1 - t0) / 1_000_000);
    System.out.println("navigatorMillis=" + (t2 - t1) / 1_000_000);
  }
}
