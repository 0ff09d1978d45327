package org.hyperflux.io.blockfile;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.testing.DoubleSum;
import org.hyperflux.core.testing.PeakMemory;

/**
 * A main class run in a forked small-heap JVM by {@link BlockfileMemoryBoundTest}: writes a
 * blockfile of {@code n × n} frames of 256 × 256 pixels with {@link TestBlockfiles} ({@code n =
 * 128}: 16384 frames, 1 GiB of pixels, 1.0000916 GiB on disk), then {@code rounds} times opens it
 * and sums it under a budget of half the heap: the total through {@code LazyArray.sum()}, the
 * same through a {@link Pass} feeding a double-precision test accumulator, and the virtual image
 * (the sum over each frame, HyperSpy's navigator). Each is timed; read+sum throughput is the
 * file's pixel bytes over the time. For scale, one thread reading the file sequentially through
 * a 1 MiB direct buffer without looking at it is timed too (the file is in the page cache after
 * it is written, so all of these measure memory bandwidth and the CPU, not the disk). Prints
 * {@code key=value} lines.
 *
 * <p>Arguments: directory, {@code n}, rounds.
 */
public final class BlockfileMemoryProbe {
  private BlockfileMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(Runtime.getRuntime().maxMemory() / 2);
    PeakMemory peak = PeakMemory.start();

    TestBlockfiles w = new TestBlockfiles();
    w.nx = n;
    w.ny = n;
    w.dp = 256;
    Path file = dir.resolve("probe.blo");
    long t0 = System.nanoTime();
    long expected = w.write(file);
    long writeNanos = System.nanoTime() - t0;
    long pixels = (long) n * n * 256 * 256;

    double sum = 0;
    double navTotal = 0;
    DoubleSum.Result pass = null;
    double bestSum = Double.MAX_VALUE;
    double bestPass = Double.MAX_VALUE;
    double bestNav = Double.MAX_VALUE;
    double bestRaw = Double.MAX_VALUE;
    String grid = "";
    for (int r = 0; r < rounds; r++) {
      long a = System.nanoTime();
      Signal s = Blockfile.load(file);
      Signal sized = Blockfile.open(file).signal(options);
      grid = sized.data().grid().extentsString().length() > 120
          ? sized.data().grid().chunkCount() + " chunks of "
              + java.util.Arrays.toString(sized.data().grid().region(sized.data().grid().index(0))
                  .extents())
          : sized.data().grid().extentsString();
      sum = sized.data().sum().compute(options).getDouble();
      long b = System.nanoTime();
      List<Partial<?>> parts = Pass.over(new SourceNode(Blockfile.open(file)
          .frameSource(sized.data().grid())), options)
          .feed(DoubleSum.mergeable()).run().block(Duration.ofMinutes(5));
      pass = (DoubleSum.Result) parts.get(0).value();
      long c = System.nanoTime();
      MemoryArray nav = sized.data().sum(2, 3).compute(options);
      navTotal = 0;
      for (double v : nav.toDoubleArray()) navTotal += v;
      long d = System.nanoTime();
      long raw = rawRead(file);
      long e = System.nanoTime();
      if (raw != Files.size(file)) throw new IllegalStateException("raw read " + raw);
      bestSum = Math.min(bestSum, (b - a) / 1e9);
      bestPass = Math.min(bestPass, (c - b) / 1e9);
      bestNav = Math.min(bestNav, (d - c) / 1e9);
      bestRaw = Math.min(bestRaw, (e - d) / 1e9);
      if (s.data().shape().size() != pixels) throw new IllegalStateException("shape " + s.data().shape());
    }
    long peakUsed = peak.stop();
    System.out.println("pixels=" + pixels);
    System.out.println("fileBytes=" + Files.size(file));
    System.out.println("expectedSum=" + expected);
    System.out.println("sum=" + (long) sum);
    System.out.println("passSum=" + (long) pass.sum());
    System.out.println("passElements=" + pass.elements());
    System.out.println("navigatorTotal=" + (long) navTotal);
    System.out.println("grid=" + grid);
    System.out.println("writeGBps=" + gbps(pixels, writeNanos / 1e9));
    System.out.println("sumGBps=" + gbps(pixels, bestSum));
    System.out.println("passGBps=" + gbps(pixels, bestPass));
    System.out.println("navigatorGBps=" + gbps(pixels, bestNav));
    System.out.println("rawSequentialReadGBps=" + gbps(Files.size(file), bestRaw));
    System.out.println("cores=" + Runtime.getRuntime().availableProcessors());
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
  }

  private static String gbps(long bytes, double seconds) {
    return String.format(Locale.ROOT, "%.2f", bytes / 1e9 / seconds);
  }

  private static long rawRead(Path file) throws java.io.IOException {
    ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
    long total = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int k; (k = ch.read(b.clear(), total)) > 0; ) total += k;
    }
    return total;
  }
}
