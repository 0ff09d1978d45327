package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

/** Demand reaches the socket: a stalled consumer stops the reads, TCP stops the sender, nothing is lost. */
class MerlinBackpressureTest {
  static final Duration T = Duration.ofSeconds(60);

  @Test
  void aStalledConsumerBlocksTheSenderAndNoFrameIsLost() throws InterruptedException {
    // 4096 frames of 32 KiB: 128 MiB, far more than socket buffers and read-ahead hold.
    ScanGeometry g = new ScanGeometry(64, 64, 128, 128, DType.UINT16);
    SimulatedFrames frames = SimulatedFrames.disc(g, 5, 16);
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames))) {
      // The consumer stalls longer than the inter-frame timeout: waiting for it is not the detector's stall.
      MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port())
          .withFramesPerBatch(4).withFrameTimeout(Duration.ofMillis(500)));
      List<LiveEvent> events = new CopyOnWriteArrayList<>();
      AtomicReference<Throwable> error = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      BaseSubscriber<LiveEvent> consumer = new BaseSubscriber<>() {
        @Override
        protected void hookOnSubscribe(Subscription s) {
          s.request(2);
        }

        @Override
        protected void hookOnNext(LiveEvent e) {
          events.add(e);
        }

        @Override
        protected void hookOnError(Throwable t) {
          error.set(t);
          done.countDown();
        }

        @Override
        protected void hookOnComplete() {
          done.countDown();
        }
      };
      source.acquire().subscribe(consumer);

      long sent = awaitStable(sim, Duration.ofMillis(1500));
      assertThat(events).hasSize(2);
      assertThat(sent).as("frames sent while the consumer is stalled").isLessThan(g.frames() / 4);
      assertThat(sim.blockedTime()).isPositive();
      assertThat(error.get()).isNull();
      System.out.printf("stalled consumer: simulator sent %d of %d frames (%.1f MiB), then blocked%n",
          sent, g.frames(), sent * sim.frameMessageBytes() / 1048576.0);

      consumer.request(Long.MAX_VALUE);
      assertThat(done.await(T.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(error.get()).isNull();
      long next = 0;
      for (LiveEvent e : events.subList(1, events.size())) {
        FrameBatch b = (FrameBatch) e;
        assertThat(b.first()).isEqualTo(next);
        for (int i = 0; i < b.count(); i++) {
          MerlinTcpSourceTest.assertSameFrame(b.frame(i), frames.frame(next + i), next + i);
        }
        next += b.count();
      }
      assertThat(next).isEqualTo(g.frames());
      assertThat(sim.framesSent()).isEqualTo(g.frames());
    }
  }

  @Test
  void requestOneAtATimeGetsOneEventAtATime() {
    ScanGeometry g = new ScanGeometry(16, 16, 64, 64, DType.UINT16);
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(SimulatedFrames.disc(g, 5, 8)))) {
      MerlinTcpSource source = new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port()).withFramesPerBatch(16));
      StepVerifier.create(source.acquire(), 0)
          .thenRequest(1)
          .expectNextMatches(e -> e instanceof LiveEvent.Started)
          .expectNoEvent(Duration.ofMillis(200))
          .thenRequest(1)
          .expectNextMatches(e -> e instanceof FrameBatch b && b.first() == 0 && b.count() == 16)
          .expectNoEvent(Duration.ofMillis(200))
          .thenRequest(Long.MAX_VALUE)
          .expectNextCount(15)
          .expectComplete()
          .verify(T);
    }
  }

  /** Waits until the simulator has sent nothing new for {@code quiet}; returns its frame count. */
  static long awaitStable(MerlinSimulator sim, Duration quiet) throws InterruptedException {
    long deadline = System.nanoTime() + T.toNanos();
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = sim.framesSent();
      if (now == last && now > 0) return now;
      last = now;
      Thread.sleep(quiet.toMillis());
    }
    throw new AssertionError("the simulator never stopped sending");
  }
}
