package org.hyperflux.io.mib;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.testing.PeakMemory;
import org.hyperflux.io.FrameFileProbe;

/**
 * A main class run in a forked small-heap JVM by {@link MibMemoryBoundTest}: writes a {@code
 * .mib} of {@code scanY × scanX} frames of 256 × 256 U16 (big-endian, 384-byte headers) with its
 * {@code .hdr}, pixel {@code p} of frame {@code f} holding {@code (f * 1009 + p * 31) & 0xFFFF}
 * as {@link TestMibFiles} writes U16, then measures reading it {@code rounds} times under a budget
 * of half the heap with {@link FrameFileProbe#measure} (read+decode+sum throughput is the frames'
 * pixel bytes over the time).
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
    FrameFileProbe.measure(file, expected, pixels, 2 * pixels, writeNanos, rounds, options, peak,
        o -> {
          MibFile mib = MibFile.open(file);
          Signal s = mib.signal(o);
          return new FrameFileProbe.Round(s, mib.frameSource(s.data().grid()));
        });
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
}
