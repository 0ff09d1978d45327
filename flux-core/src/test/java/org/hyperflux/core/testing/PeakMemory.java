package org.hyperflux.core.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the used heap every 2 ms on a daemon thread from {@link #start()} to {@link #stop()},
 * and reads the peak resident set (Linux {@code VmHWM}), for the probes that forked small-heap
 * tests run.
 */
public final class PeakMemory implements AutoCloseable {
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread sampler;

  private PeakMemory() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    sampler = new Thread(() -> {
      while (running.get()) {
        peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
  }

  /** A sampler that has started. */
  public static PeakMemory start() {
    PeakMemory m = new PeakMemory();
    m.sampler.start();
    return m;
  }

  /** Stops sampling and returns the peak used heap seen, in bytes. */
  public long stop() throws InterruptedException {
    running.set(false);
    sampler.join();
    return peakUsed.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** VmHWM from /proc/self/status in bytes, or -1 where the platform does not report it. */
  public static long peakRss() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) return -1;
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
