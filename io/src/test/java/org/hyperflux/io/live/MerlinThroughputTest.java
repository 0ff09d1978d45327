package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.FrameGap;
import org.hyperflux.core.live.ScanGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Transport throughput on loopback, simulator in the same JVM (both share the cores): 256 × 256
 * uint16 frames, pre-encoded, a consumer that only touches each batch. A measurement, not an
 * assertion; run with {@code -Dhyperflux.bench=true}.
 */
@EnabledIfSystemProperty(named = "hyperflux.bench", matches = "true")
class MerlinThroughputTest {
  /** Runs {@link #transportThroughput()} outside JUnit (e.g. under a profiler). */
  public static void main(String[] args) {
    new MerlinThroughputTest().transportThroughput();
  }

  /** CPU time per thread kind (digits in names folded): where the time went. */
  static void printThreadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> cpu = new java.util.TreeMap<>();
    for (long id : mx.getAllThreadIds()) {
      java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
      long ns = mx.getThreadCpuTime(id);
      if (info != null && ns > 0) cpu.merge(info.getThreadName().replaceAll("\\d+", "N"), ns / 1_000_000, Long::sum);
    }
    System.out.println("thread CPU ms: " + cpu);
  }

  @Test
  void transportThroughput() {
    int scan = Integer.getInteger("hyperflux.bench.scan", 128);
    ScanGeometry g = new ScanGeometry(scan, scan, 256, 256, DType.UINT16);
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(SimulatedFrames.disc(g, 11, 32)))) {
      for (int round = 0; round < Integer.getInteger("hyperflux.bench.rounds", 3); round++) {
        MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port()));
        AtomicLong frames = new AtomicLong();
        AtomicLong checksum = new AtomicLong();
        long blocked0 = sim.blockedTime().toNanos();
        long t0 = System.nanoTime();
        source.acquire().doOnNext(e -> {
          if (e instanceof FrameBatch b) {
            frames.addAndGet(b.count());
            checksum.addAndGet(b.pixels().getLong(b.pixels().length() / 2));
          } else if (e instanceof FrameGap gap) {
            throw new AssertionError("gap " + gap);
          }
        }).blockLast(Duration.ofMinutes(5));
        double s = (System.nanoTime() - t0) / 1e9;
        assertThat(frames.get()).isEqualTo(g.frames());
        double gb = frames.get() * (double) g.frameBytes() / 1e9;
        System.out.printf("merlin transport round %d: %d frames 256x256 uint16 in %.2f s = %.0f frames/s, %.2f GB/s"
                + " (pixels; wire %.2f GB/s), simulator blocked %.2f s%n",
            round, frames.get(), s, frames.get() / s, gb / s,
            frames.get() * (double) sim.frameMessageBytes() / 1e9 / s,
            (sim.blockedTime().toNanos() - blocked0) / 1e9);
      }
      printThreadCpu();
    }
  }
}
