package org.hyperflux.io.blockfile;

import java.nio.file.Path;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.testing.PeakMemory;
import org.hyperflux.io.FrameFileProbe;

/**
 * A main class run in a forked small-heap JVM by {@link BlockfileMemoryBoundTest}: writes a
 * blockfile of {@code n × n} frames of 256 × 256 pixels with {@link TestBlockfiles} ({@code n =
 * 128}: 16384 frames, 1 GiB of pixels, 1.0000916 GiB on disk), then measures reading it {@code
 * rounds} times under a budget of half the heap with {@link FrameFileProbe#measure} (the
 * navigator is the virtual image, HyperSpy's navigator); each round also loads the file with the
 * default chunks and checks its shape.
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
    FrameFileProbe.measure(file, expected, pixels, pixels, writeNanos, rounds, options, peak,
        o -> {
          Signal s = Blockfile.load(file);
          if (s.data().shape().size() != pixels) throw new IllegalStateException("shape " + s.data().shape());
          Signal sized = Blockfile.open(file).signal(o);
          return new FrameFileProbe.Round(sized, Blockfile.open(file).frameSource(sized.data().grid()));
        });
  }
}
