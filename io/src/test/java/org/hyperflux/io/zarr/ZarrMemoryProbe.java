package org.hyperflux.io.zarr;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.DoubleSum;
import org.hyperflux.core.testing.MemoryProbe;
import org.hyperflux.core.testing.PeakMemory;

/**
 * A main class run in a forked small-heap JVM by {@link ZarrMemoryBoundTest}: writes flux-core's
 * probe array (float32 {@code (n, 512, 512)}, value = flat index mod 1024; n = 1024 gives 1 GiB)
 * as a zarr array in chunks of {@code (16, 256, 256)} (4 MiB) with Blosc(zstd, 1, shuffle), then
 * reads it back and sums it {@code rounds} times, once through {@code LazyArray.sum()} and once
 * through a {@link Pass}, under a budget of a quarter of the heap (headroom for the GC while
 * zstd-jni and Inflater pin arrays). Prints {@code key=value} lines: the sums, the element count, the bytes on disk, the peak heap used and the peak resident set.
 *
 * <p>Arguments: directory, {@code n}, rounds.
 */
public final class ZarrMemoryProbe {
  private ZarrMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    GeneratedSource src = MemoryProbe.source(n);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(Runtime.getRuntime().maxMemory() / 4);

    PeakMemory peak = PeakMemory.start();
    long t0 = System.nanoTime();
    ZarrArray a = ZarrArray.create(dir.resolve("probe.zarr"),
        ZarrArrayMetadata.of(src.shape(), new int[] {16, 256, 256}, DType.FLOAT32));
    a.write(LazyArray.of(src), options).block(Duration.ofMinutes(5));
    long t1 = System.nanoTime();
    double sum = 0;
    DoubleSum.Result pass = null;
    for (int r = 0; r < rounds; r++) {
      ZarrArray back = ZarrArray.open(a.path());
      sum = back.lazy().sum().compute(options).getDouble();
      List<Partial<?>> parts = Pass.over(new SourceNode(back.source()), options)
          .feed(DoubleSum.mergeable()).run().block(Duration.ofMinutes(5));
      pass = (DoubleSum.Result) parts.get(0).value();
    }
    long t2 = System.nanoTime();
    long peakUsed = peak.stop();
    long onDisk;
    try (var files = java.nio.file.Files.walk(a.path())) {
      onDisk = files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.println("elements=" + src.shape().size());
    System.out.println("bytes=" + src.shape().nbytes(DType.FLOAT32));
    System.out.println("bytesOnDisk=" + onDisk);
    System.out.println("sum=" + sum);
    System.out.println("passSum=" + pass.sum());
    System.out.println("passElements=" + pass.elements());
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.out.println("writeMillis=" + (t1 - t0) / 1_000_000);
    System.out.println("readMillis=" + (t2 - t1) / 1_000_000);
  }
}
