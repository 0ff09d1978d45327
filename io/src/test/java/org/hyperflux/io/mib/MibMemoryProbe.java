package org.hyperflux.io.mib;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * A main class run in a forked small-heap JVM by {@link MibMemoryBoundTest}: writes a {@code
 * .mib} of {@code scanY × scanX} frames of 256 × 256 U16 (big-endian, 384-byte headers) with its
 * {@code .hdr}, pixel {@code p} of frame {@code f} holding {@code (f * 1009 + p * 31) & 0xFFFF}
 * as {@link TestMibFiles} writes U16, then {@code rounds} times opens it and sums it under a
 * budget of half the heap: the total through {@code LazyArray.sum()}, the same through a {@link
 * Pass} feeding a double-precision test accumulator, and the navigator (the sum over each frame).
 * Each is timed; read+decode+sum throughput is the file's pixel bytes over the time. For scale,
 * one thread reading the file sequentially through a 1 MiB direct buffer is timed too (the file
 * is in the page cache after it is written, so these measure memory bandwidth and the CPU, not
 * the disk). Prints {@code key=value} lines.
 *
 * <p>Arguments: directory, scanX, scanY, rounds.
 */
public final class MibMemoryProbe {
  private MibMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int scanX = Integer.parseInt(args[1]);
    int scanY = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(Runtime.getRuntime().maxMemory() / 2);
    PeakMemory peak = PeakMemory.start();

    Path file = dir.resolve("probe.mib");
    long t0 = System.nanoTime();
    long expected = write(file, (long) scanX * scanY);
    TestMibFiles.writeHdr(file, scanX, scanY, 12);
    long writeNanos = System.nanoTime() - t0;
    long pixels = (long) scanX * scanY * 256 * 256;
    long pixelBytes = 2 * pixels;

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
      MibFile mib = MibFile.open(file);
      Signal s = mib.signal(options);
      grid = s.data().grid().chunkCount() + " chunks of "
          + java.util.Arrays.toString(s.data().grid().region(s.data().grid().index(0)).extents());
      sum = s.data().sum().compute(options).getDouble();
      long b = System.nanoTime();
      List<Partial<?>> parts = Pass.over(new SourceNode(mib.frameSource(s.data().grid())), options)
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

  /** Writes {@code frames} U16 frames as {@link TestMibFiles} does, fast; returns their sum. */
  private static long write(Path file, long frames) throws IOException {
    TestMibFiles w = TestMibFiles.of(256, 256, "U16");
    int n = 256 * 256;
    byte[] frame = new byte[(int) w.frameBytes()];
    long sum = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (long f = 0; f < frames; f++) {
        byte[] head = w.header(f).toBytes();
        System.arraycopy(head, 0, frame, 0, head.length);
        int o = head.length;
        for (int p = 0; p < n; p++, o += 2) {
          int v = (int) ((f * 1009 + p * 31L) & 0xFFFF);
          frame[o] = (byte) (v >>> 8);
          frame[o + 1] = (byte) v;
          sum += v;
        }
        out.write(frame);
      }
    }
    return sum;
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
