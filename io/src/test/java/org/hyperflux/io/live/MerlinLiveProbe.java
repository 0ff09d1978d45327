package org.hyperflux.io.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.testing.PeakMemory;
import org.hyperflux.io.live.MerlinSimulatorOptions.Corruption;

/**
 * A main class run in a forked small-heap JVM by {@link MerlinLiveMemoryTest}: streams a scan far
 * larger than the heap from the simulator through {@link MerlinTcpSource}, then runs acquisitions
 * that end badly (disconnect, corrupt frame, timeout, cancel), all under Netty's PARANOID leak
 * detection with a detector that counts what it reports. Prints {@code key=value} lines.
 *
 * <p>Arguments: scan side (frames = side²; frames are 256 × 256 uint16).
 */
public final class MerlinLiveProbe {
  static final AtomicLong LEAKS = new AtomicLong();

  private MerlinLiveProbe() {}

  public static void main(String[] args) throws Exception {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new CountingFactory());
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    int side = Integer.parseInt(args[0]);
    ScanGeometry g = new ScanGeometry(side, side, 256, 256, DType.UINT16);
    SimulatedFrames frames = SimulatedFrames.disc(g, 3, 16);
    PeakMemory peak = PeakMemory.start();
    AtomicLong received = new AtomicLong();
    long t0 = System.nanoTime();
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames))) {
      new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port())).acquire()
          .doOnNext(e -> {
            if (e instanceof FrameBatch b) received.addAndGet(b.count());
          })
          .blockLast(Duration.ofMinutes(3));
    }
    long t1 = System.nanoTime();
    long peakUsed = peak.stop();
    String[] faults = {"disconnect", "corrupt", "length", "timeout", "cancel"};
    for (String fault : faults) {
      MerlinSimulatorOptions o = MerlinSimulatorOptions.of(frames);
      o = switch (fault) {
        case "disconnect" -> o.withDisconnectAfter(100);
        case "corrupt" -> o.withCorruption(100, Corruption.FRAME_HEADER);
        case "length" -> o.withCorruption(100, Corruption.MPX_LENGTH);
        case "timeout" -> o.withStall(100, Duration.ofSeconds(30));
        default -> o;
      };
      try (MerlinSimulator sim = MerlinSimulator.start(o)) {
        var source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port())
            .withFrameTimeout(Duration.ofMillis(300)));
        var events = fault.equals("cancel") ? source.acquire().take(5) : source.acquire();
        events.onErrorResume(e -> reactor.core.publisher.Flux.empty()).blockLast(Duration.ofMinutes(1));
      }
    }
    collectAndReport();
    long leaks = LEAKS.get();
    // The detector's self-check: one buffer dropped unreleased must be reported.
    ByteBufAllocator.DEFAULT.directBuffer(1024).writeInt(1);
    collectAndReport();
    long selfCheck = LEAKS.get() - leaks;
    System.out.println("frames=" + received.get());
    System.out.println("bytes=" + received.get() * g.frameBytes());
    System.out.println("seconds=" + (t1 - t0) / 1e9);
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.out.println("leaks=" + leaks);
    System.out.println("selfCheckLeaks=" + selfCheck);
    System.exit(0);
  }

  /** Leaks are reported when a leaked buffer has been collected and a buffer is allocated later. */
  private static void collectAndReport() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      for (int k = 0; k < 200; k++) {
        ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(1024);
        b.release();
      }
    }
  }

  /** Leak detectors that count their reports (and print them). */
  static final class CountingFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
      return new ResourceLeakDetector<>(resource, samplingInterval) {
        @Override
        protected void reportTracedLeak(String resourceType, String records) {
          LEAKS.incrementAndGet();
          System.out.println("LEAK " + resourceType + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
          LEAKS.incrementAndGet();
          System.out.println("LEAK " + resourceType);
        }
      };
    }
  }
}
