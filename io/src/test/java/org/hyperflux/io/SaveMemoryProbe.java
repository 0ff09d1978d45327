package org.hyperflux.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.testing.MemoryProbe;
import org.hyperflux.core.testing.PeakMemory;

/**
 * A main class run in a forked small-heap JVM by {@link SaveMemoryBoundTest} (and {@code
 * HspySaveMemoryBoundTest}): saves flux-core's probe array (float32 {@code (n, 512, 512)} in
 * chunks of {@code (16, 256, 256)}, value = flat index mod 1024; n = 2048 gives 2 GiB) as a
 * Signal2D to a {@code .zspy} (or {@code .hspy}) with {@link SignalFiles#save}, then loads it and
 * sums it, under a budget of half the heap. Prints {@code
 * key=value} lines: the sum, the element count, the bytes on disk, the peak heap used, the peak
 * resident set and the write and read times.
 *
 * <p>Arguments: directory, {@code n}, optionally the extension ({@code zspy} by default) and the
 * deflate level of {@code .hspy}.
 */
public final class SaveMemoryProbe {
  private SaveMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    GeneratedSource src = MemoryProbe.source(n);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(Runtime.getRuntime().maxMemory() / 2);
    Signal signal = Signal.of(LazyArray.of(src), 2).withTitle("probe");

    PeakMemory peak = PeakMemory.start();
    long t0 = System.nanoTime();
    String extension = args.length > 2 ? args[2] : "zspy";
    SaveOptions save = SaveOptions.defaults().withExec(options);
    if (args.length > 3) save = save.withDeflateLevel(Integer.parseInt(args[3]));
    Path file = dir.resolve("probe." + extension);
    SignalFiles.save(signal, file, save);
    long t1 = System.nanoTime();
    Signal back = SignalFiles.load(file);
    double sum = back.data().sum().compute(options).getDouble();
    long t2 = System.nanoTime();
    long peakUsed = peak.stop();
    long onDisk;
    try (Stream<Path> files = Files.walk(file)) {
      onDisk = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.println("elements=" + src.shape().size());
    System.out.println("bytes=" + src.shape().nbytes(src.dtype()));
    System.out.println("shape=" + back.data().shape());
    System.out.println("bytesOnDisk=" + onDisk);
    System.out.println("sum=" + sum);
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.out.println("writeMillis=" + (t1 - t0) / 1_000_000);
    System.out.println("readMillis=" + (t2 - t1) / 1_000_000);
  }
}
