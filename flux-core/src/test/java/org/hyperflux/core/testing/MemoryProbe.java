package org.hyperflux.core.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.ops.LazyArray;

/**
 * A main class run in a forked JVM with a small heap by the memory test: sums a generated float32
 * array of {@code (n, 512, 512)} (n = 2048 gives 2 GiB) in chunks of {@code (16, 256, 256)} (4
 * MiB) under a 128 MiB budget, once with {@code LazyArray.sum()} and once through a {@link Pass}
 * with a plain test accumulator, and prints {@code key=value} lines: both sums, the element count,
 * the peak heap used (sampled every few milliseconds) and the peak resident set where Linux
 * reports it. The value at flat index f is {@code f mod 1024}, so the exact sum has a closed form.
 *
 * <p>Arguments: {@code n} (default 2048).
 */
public final class MemoryProbe {
  /** Values repeat every this many elements: 0, 1, ..., 1023. */
  public static final int PERIOD = 1024;

  private MemoryProbe() {}

  /** The exact sum of {@code f mod 1024} over {@code f} in {@code [0, elements)}. */
  public static double closedFormSum(long elements) {
    long full = elements / PERIOD;
    long rest = elements % PERIOD;
    return full * (PERIOD * (PERIOD - 1L) / 2) + rest * (rest - 1) / 2;
  }

  /** The probe's array: float32 (n, 512, 512), value = flat index mod 1024. */
  public static GeneratedSource source(int n) {
    Shape shape = Shape.of(n, 512, 512);
    long[] strides = shape.strides();
    return GeneratedSource.ofRegions("probe", DType.FLOAT32, ChunkGrid.regular(shape, 16, 256, 256),
        (region, out) -> fill(region, out, strides));
  }

  private static void fill(Region region, Block out, long[] strides) {
    float[] a = (float[]) out.array();
    int k = out.offset();
    int e0 = region.extent(0);
    int e1 = region.extent(1);
    int e2 = region.extent(2);
    for (int i = 0; i < e0; i++) {
      for (int j = 0; j < e1; j++) {
        long row = (region.offset(0) + i) * strides[0] + (region.offset(1) + j) * strides[1] + region.offset(2);
        int start = (int) (row % PERIOD);
        for (int x = 0; x < e2; x++) a[k++] = (start + x) & (PERIOD - 1);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
    GeneratedSource src = source(n);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(128L << 20);

    PeakMemory peak = PeakMemory.start();
    long t0 = System.nanoTime();
    double sum = LazyArray.of(src).sum().compute(options).getDouble();
    long t1 = System.nanoTime();
    List<Partial<?>> pass = Pass.over(new SourceNode(src), options).feed(DoubleSum.mergeable())
        .run().block(Duration.ofMinutes(5));
    long t2 = System.nanoTime();
    long peakUsed = peak.stop();
    DoubleSum.Result r = (DoubleSum.Result) pass.get(0).value();

    long poolPeaks = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) poolPeaks += pool.getPeakUsage().getUsed();
    }
    System.out.println("elements=" + src.shape().size());
    System.out.println("bytes=" + src.shape().nbytes(DType.FLOAT32));
    System.out.println("sum=" + sum);
    System.out.println("passSum=" + r.sum());
    System.out.println("passElements=" + r.elements());
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("heapPoolPeaks=" + poolPeaks);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.out.println("sumMillis=" + (t1 - t0) / 1_000_000);
    System.out.println("passMillis=" + (t2 - t1) / 1_000_000);
  }
}
