package org.hyperflux.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.testing.DoubleSum;
import org.hyperflux.core.testing.PeakMemory;

/**
 * The measuring half of the 4-D frame-file memory probes ({@code BlockfileMemoryProbe}, {@code
 * MibMemoryProbe}) and the checks of their tests. {@link #measure}: {@code rounds} times, opens
 * the written file and sums it under the given budget: the total through {@code LazyArray.sum()},
 * the same through a {@link Pass} over the frame source feeding a double-precision test
 * accumulator, and the navigator (the sum over each frame). Each is timed; throughput is the
 * file's pixel bytes over the best time. For scale, one thread reading the file sequentially
 * through a 1 MiB direct buffer is timed too (the file is in the page cache after it is written,
 * so these measure memory bandwidth and the CPU, not the disk). Prints {@code key=value} lines for
 * {@code ForkedProbe}.
 */
public final class FrameFileProbe {
  private FrameFileProbe() {}

  /** One round's view of the file: the signal to sum and its frames as a source. */
  public record Round(Signal signal, Source frames) {}

  /** Opens the file for one round, its signal chunked for {@code options}' budget. */
  public interface Opener {
    Round open(ExecOptions options) throws Exception;
  }

  /**
   * Measures and prints. {@code expected}: the sum written; {@code pixels} and {@code pixelBytes}:
   * the frames' values and their bytes; {@code writeNanos}: how long writing took.
   */
  public static void measure(Path file, long expected, long pixels, long pixelBytes,
      long writeNanos, int rounds, ExecOptions options, PeakMemory peak, Opener opener)
      throws Exception {
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
      Round round = opener.open(options);
      Signal s = round.signal();
      grid = describe(s.data().grid());
      sum = s.data().sum().compute(options).getDouble();
      long b = System.nanoTime();
      List<Partial<?>> parts = Pass.over(new SourceNode(round.frames()), options)
          .feed(DoubleSum.mergeable()).run().block(Duration.ofMinutes(5));
      pass = (DoubleSum.Result) parts.get(0).value();
      long c = System.nanoTime();
      MemoryArray nav = s.data().sum(2, 3).compute(options);
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
    System.out.println("writeGBps=" + gbps(pixelBytes, writeNanos / 1e9));
    System.out.println("sumGBps=" + gbps(pixelBytes, bestSum));
    System.out.println("passGBps=" + gbps(pixelBytes, bestPass));
    System.out.println("navigatorGBps=" + gbps(pixelBytes, bestNav));
    System.out.println("rawSequentialReadGBps=" + gbps(Files.size(file), bestRaw));
    System.out.println("cores=" + Runtime.getRuntime().availableProcessors());
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
  }

  /**
   * Asserts what {@link #measure} printed: {@code pixels} values, a file larger than 1 GiB, every
   * sum equal to the one written, the heap's peak under {@code maxHeap} and, where the RSS is
   * known, under {@code maxRss} (heap + metaspace + code cache + thread stacks + the per-thread 1
   * MiB read buffers); then prints the throughputs after {@code label}.
   */
  public static void check(Map<String, String> v, long pixels, long maxHeap, long maxRss,
      String label) {
    long expected = Long.parseLong(v.get("expectedSum"));
    assertThat(Long.parseLong(v.get("pixels"))).isEqualTo(pixels);
    assertThat(Long.parseLong(v.get("fileBytes"))).isGreaterThan(1L << 30);
    assertThat(Long.parseLong(v.get("sum"))).isEqualTo(expected);
    assertThat(Long.parseLong(v.get("passSum"))).isEqualTo(expected);
    assertThat(Long.parseLong(v.get("passElements"))).isEqualTo(pixels);
    assertThat(Long.parseLong(v.get("navigatorTotal"))).isEqualTo(expected);
    assertThat(Long.parseLong(v.get("peakHeapUsed"))).isPositive().isLessThan(maxHeap);
    assertThat(Long.parseLong(v.get("maxHeap"))).isLessThanOrEqualTo(maxHeap);
    long rss = Long.parseLong(v.get("peakRss"));
    if (rss > 0) assertThat(rss).as("peak RSS").isLessThan(maxRss);
    System.out.printf("%s: sum %s GB/s, pass %s GB/s, navigator %s GB/s; raw sequential read %s"
            + " GB/s; write %s GB/s; %s cores, grid %s%n", label,
        v.get("sumGBps"), v.get("passGBps"), v.get("navigatorGBps"),
        v.get("rawSequentialReadGBps"), v.get("writeGBps"), v.get("cores"), v.get("grid"));
  }

  /** The grid's extents, or its chunk count and first chunk's extents when they are long. */
  private static String describe(ChunkGrid grid) {
    return grid.extentsString().length() > 120
        ? grid.chunkCount() + " chunks of "
            + java.util.Arrays.toString(grid.region(grid.index(0)).extents())
        : grid.extentsString();
  }

  private static String gbps(long bytes, double seconds) {
    return String.format(Locale.ROOT, "%.2f", bytes / 1e9 / seconds);
  }

  private static long rawRead(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
    long total = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int k; (k = ch.read(b.clear(), total)) > 0; ) total += k;
    }
    return total;
  }
}
