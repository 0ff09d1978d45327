package org.hyperflux.io.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.testing.PeakMemory;
import org.hyperflux.io.zarr.ZarrCompressor;
import reactor.core.publisher.Flux;

/**
 * A main class run in a forked small-heap JVM by {@link LiveZspyMemoryBoundTest}, and by hand to
 * measure write throughput: writes a live scan of uint16 frames with {@link LiveZspyWriter}
 * under a budget of half the heap and prints {@code key=value} lines (the report, peak heap and
 * RSS, the file, and, in {@code check} mode, the sum of what was sent).
 *
 * <p>Arguments: directory, scanY, scanX, frame size, batch, mode ({@code check}: frames from the
 * moving-disc generator, summed as sent; {@code speed}: one pre-generated batch sent again and
 * again with advancing frame numbers, so that only the writer's work is timed; {@code noise}:
 * as {@code speed} with seeded noise of 0..7 counts on every pixel, less compressible), compressor
 * ({@code lz4} or {@code none}).
 */
public final class LiveZspyMemoryProbe {
  private LiveZspyMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    ScanGeometry g = LiveScans.geometry(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), Integer.parseInt(args[3]));
    int batch = Integer.parseInt(args[4]);
    boolean check = args[5].equals("check");
    ZarrCompressor compressor = args[6].equals("none") ? ZarrCompressor.none() : ZarrCompressor.lz4(1);
    ExecOptions exec = ExecOptions.defaults().withBudgetBytes(Runtime.getRuntime().maxMemory() / 2);
    Path file = dir.resolve("probe-" + args[6] + ".zspy");
    LiveZspyOptions options = LiveZspyOptions.to(file).withExec(exec).withCompressor(compressor);

    double[] sent = new double[1];
    Flux<LiveEvent> events;
    if (check) {
      events = new LiveScans.Stream(g).batch(batch).events().doOnNext(e -> {
        if (e instanceof FrameBatch b) sent[0] += sum(b.pixels());
      });
    } else {
      Block pixels = LiveScans.frames(g, 0, batch);
      if (args[5].equals("noise")) {
        // counts of a sparse detector: the disc plus seeded noise of a few counts per pixel
        short[] a = (short[]) pixels.array();
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < a.length; i++) {
          x ^= x << 13;
          x ^= x >>> 7;
          x ^= x << 17;
          a[i] = (short) (a[i] + (int) ((x >>> 60) & 7));
        }
      }
      Flux<LiveEvent> frames = Flux.<LiveEvent, long[]>generate(() -> new long[] {0}, (state, sink) -> {
        long k = state[0];
        if (k >= g.frames()) {
          sink.complete();
        } else {
          int n = (int) Math.min(batch, g.frames() - k);
          state[0] = k + n;
          sink.next(new FrameBatch(k, n, n == batch ? pixels : pixels.slice(0, n * g.framePixels())));
        }
        return state;
      });
      events = Flux.concat(Flux.just(new LiveEvent.Started(g, LiveScans.header(g))), frames);
    }
    PeakMemory peak = PeakMemory.start();
    LiveWritePlan plan = LiveZspyWriter.checkBudget(g, options);
    LiveWriteReport r = LiveZspyWriter.of(options).consume(events).block();
    long peakWrite = peak.stop();
    System.out.println("plan=" + plan);
    System.out.println("report=" + r);
    System.out.println("complete=" + r.complete());
    System.out.println("scanBytes=" + g.frames() * g.frameBytes());
    System.out.println("bytesRaw=" + r.bytesRaw());
    System.out.println("bytesStored=" + r.bytesStored());
    System.out.println("seconds=" + r.elapsed().toNanos() / 1e9);
    System.out.println("MBps=" + r.megabytesPerSecond());
    System.out.println("maxLag=" + r.maxLag());
    System.out.println("peakHeapUsed=" + peakWrite);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.out.println("file=" + file);
    if (check) System.out.println("sumSent=" + sent[0]);
    try (Stream<Path> files = Files.walk(file)) {
      System.out.println("bytesOnDisk="
          + files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum());
    }
  }

  private static double sum(Block b) {
    short[] a = (short[]) b.array();
    long s = 0;
    for (int i = b.offset(); i < b.offset() + b.length(); i++) s += a[i] & 0xFFFF;
    return s;
  }
}
