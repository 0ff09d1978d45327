package org.hyperflux.io.hdf5;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.DoubleSum;
import org.hyperflux.core.testing.PeakMemory;

/**
 * A main class run in a forked small-heap JVM by {@link Hdf5MemoryBoundTest}: reads the chunked
 * HDF5 dataset {@code /data} written by {@code write_probe_hdf5.py} (float32, gzip + shuffle) and
 * sums it {@code rounds} times, once through {@code LazyArray.sum()} and once through a
 * {@link Pass}, then the contiguous dataset {@code /contiguous} the same two ways on its automatic
 * grid, all under a budget of half the heap. Prints {@code key=value} lines: the sums, the element
 * counts, the decoded bytes, the peak heap used, the peak resident set and the speeds.
 *
 * <p>Arguments: file, rounds.
 */
public final class Hdf5MemoryProbe {
  private Hdf5MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(Runtime.getRuntime().maxMemory() / 2);
    PeakMemory peak = PeakMemory.start();
    long t0 = System.nanoTime();
    double sum = 0;
    DoubleSum.Result pass = null;
    LazyArray a = null;
    for (int r = 0; r < rounds; r++) {
      a = Hdf5Datasets.array(file, "/data", 2, options);
      sum = a.sum().compute(options).getDouble();
      List<Partial<?>> parts = Pass.over(new SourceNode(sourceOf(file)), options)
          .feed(DoubleSum.mergeable()).run().block(Duration.ofMinutes(5));
      pass = (DoubleSum.Result) parts.get(0).value();
    }
    long t1 = System.nanoTime();
    // A contiguous dataset larger than the heap, read by region on the automatic grid.
    LazyArray c = Hdf5Datasets.array(file, "/contiguous", 2, options);
    double contiguousSum = c.sum().compute(options).getDouble();
    List<Partial<?>> cparts = Pass.over(new SourceNode(sourceOf(file, "/contiguous", options)), options)
        .feed(DoubleSum.mergeable()).run().block(Duration.ofMinutes(5));
    DoubleSum.Result cpass = (DoubleSum.Result) cparts.get(0).value();
    long t2 = System.nanoTime();
    long peakUsed = peak.stop();
    long bytes = a.shape().nbytes(a.dtype());
    System.out.println("elements=" + a.shape().size());
    System.out.println("bytes=" + bytes);
    System.out.println("chunks=" + a.grid().extentsString());
    System.out.println("sum=" + sum);
    System.out.println("passSum=" + pass.sum());
    System.out.println("passElements=" + pass.elements());
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.out.println("readMillis=" + (t1 - t0) / 1_000_000);
    System.out.printf("decodedGBps=%.3f%n", 2.0 * rounds * bytes / 1e9 / ((t1 - t0) / 1e9));
    System.out.println("contiguousElements=" + c.shape().size());
    System.out.println("contiguousBytes=" + c.shape().nbytes(c.dtype()));
    System.out.println("contiguousChunks=" + c.grid().extentsString());
    System.out.println("contiguousSum=" + contiguousSum);
    System.out.println("contiguousPassSum=" + cpass.sum());
    System.out.println("contiguousPassElements=" + cpass.elements());
    System.out.printf("contiguousGBps=%.3f%n", 2.0 * c.shape().nbytes(c.dtype()) / 1e9 / ((t2 - t1) / 1e9));
  }

  private static Source sourceOf(Path file) throws Exception {
    try (Hdf5File f = Hdf5File.open(file)) {
      return f.dataset("/data").source();
    }
  }

  private static Source sourceOf(Path file, String dataset, ExecOptions options) throws Exception {
    try (Hdf5File f = Hdf5File.open(file)) {
      return f.dataset(dataset).source(2, options);
    }
  }
}
