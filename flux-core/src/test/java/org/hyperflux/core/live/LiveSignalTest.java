package org.hyperflux.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveSignalTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ScanGeometry GEOMETRY = new ScanGeometry(8, 8, 16, 16, DType.UINT16);
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withPrefetch(4);

  /** Counts the frames a consumer received, checking that they arrive in order. */
  private static LiveConsumer<Long> counting(List<Long> firsts) {
    return events -> events.reduce(0L, (n, e) -> {
      if (e instanceof FrameBatch b) {
        firsts.add(b.first());
        return n + b.count();
      }
      return n;
    });
  }

  @Test
  void everyConsumerSeesEveryFrameOfOneSubscription() {
    ScanSimulation source = new ScanSimulation(GEOMETRY, 5);
    LiveSignal live = LiveSignal.of(source, OPTIONS);
    List<List<Long>> firsts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<LiveSignal.Attachment<Long>> handles = new ArrayList<>();
    for (List<Long> f : firsts) handles.add(live.attach(counting(f)));
    StepVerifier.create(live.start())
        .assertNext(r -> {
          assertThat(r.framesExpected()).isEqualTo(64);
          assertThat(r.framesReceived()).isEqualTo(64);
          assertThat(r.bytesReceived()).isEqualTo(64L * 16 * 16 * 2);
          assertThat(r.framesLost()).isZero();
          assertThat(r.framesDropped()).isZero();
          assertThat(r.dropped()).containsOnlyKeys("consumer-1", "consumer-2", "consumer-3");
          assertThat(r.complete()).isTrue();
        })
        .expectComplete()
        .verify(WAIT);
    assertThat(source.subscriptions()).isEqualTo(1);
    for (LiveSignal.Attachment<Long> h : handles) assertThat(h.result().block(WAIT)).isEqualTo(64);
    for (List<Long> f : firsts) assertThat(f).isSorted().hasSize(13).startsWith(0L, 5L);
    assertThat(live.counters().framesReceived()).isEqualTo(64);
  }

  @Test
  void noConsumerStillDrainsTheSource() {
    ScanSimulation source = new ScanSimulation(GEOMETRY, 8);
    StepVerifier.create(LiveSignal.of(source, OPTIONS).start())
        .assertNext(r -> assertThat(r.complete()).isTrue())
        .expectComplete()
        .verify(WAIT);
  }

  /** A consumer that requests only what the test asks for. */
  private static final class Stalled extends BaseSubscriber<LiveEvent> {
    final List<LiveEvent> received = new CopyOnWriteArrayList<>();
    final long initial;
    final AtomicReference<Throwable> error = new AtomicReference<>();

    Stalled(long initial) {
      this.initial = initial;
    }

    LiveConsumer<Long> consumer() {
      return events -> Mono.create(sink -> events.subscribe(new BaseSubscriber<LiveEvent>() {
        @Override
        protected void hookOnSubscribe(Subscription s) {
          Stalled.this.onSubscribe(s);
        }

        @Override
        protected void hookOnNext(LiveEvent e) {
          received.add(e);
        }

        @Override
        protected void hookOnComplete() {
          sink.success(frames());
        }

        @Override
        protected void hookOnError(Throwable t) {
          error.set(t);
          sink.error(t);
        }
      }));
    }

    @Override
    protected void hookOnSubscribe(Subscription s) {
      if (initial > 0) s.request(initial);
    }

    long frames() {
      return received.stream().filter(e -> e instanceof FrameBatch)
          .mapToLong(e -> ((FrameBatch) e).count()).sum();
    }
  }

  @Test
  void blockHoldsTheSourceWithinPrefetchOfASlowConsumerAndLosesNothing() throws Exception {
    ScanSimulation source = new ScanSimulation(GEOMETRY, 2);
    LiveSignal live = LiveSignal.of(source, OPTIONS);
    Stalled slow = new Stalled(3);
    List<Long> fastFirsts = new CopyOnWriteArrayList<>();
    LiveSignal.Attachment<Long> slowHandle = live.attach(slow.consumer());
    LiveSignal.Attachment<Long> fast = live.attach(counting(fastFirsts));
    Disposable run = live.start().subscribe();
    try {
      Thread.sleep(300);
      // Started + 2 batches requested by the slow consumer, plus at most the prefetch and the
      // one event its branch holds so that the end of the stream always finds demand.
      assertThat(slow.received).hasSize(3);
      assertThat(source.emittedBatches()).isLessThanOrEqualTo(2 + 1 + live.prefetch());
      long before = source.emittedBatches();
      Thread.sleep(100);
      assertThat(source.emittedBatches()).as("the source waits").isEqualTo(before);
      slow.requestUnbounded();
      assertThat(slowHandle.result().block(WAIT)).isEqualTo(64);
      assertThat(fast.result().block(WAIT)).isEqualTo(64);
      assertThat(live.report().framesDropped()).isZero();
    } finally {
      run.dispose();
    }
  }

  @Test
  void dropCountedDropsWhatASlowConsumerCannotTake() {
    ScanSimulation source = new ScanSimulation(GEOMETRY, 4);
    LiveSignal live = LiveSignal.of(source, OPTIONS);
    Stalled slow = new Stalled(2);
    LiveSignal.Attachment<Long> slowHandle = live.attach("view", slow.consumer(), OverflowPolicy.DROP_COUNTED);
    LiveSignal.Attachment<Long> fast = live.attach(counting(new ArrayList<>()));
    StepVerifier.create(live.start())
        .assertNext(r -> {
          assertThat(r.framesReceived()).isEqualTo(64);
          assertThat(r.dropped()).containsEntry("view", 60L).containsEntry("consumer-2", 0L);
          assertThat(r.complete()).isTrue();
        })
        .expectComplete()
        .verify(WAIT);
    assertThat(fast.result().block(WAIT)).isEqualTo(64);
    // The stalled consumer got Started and the first batch, then the completion.
    assertThat(slowHandle.result().block(WAIT)).isEqualTo(4);
    assertThat(slowHandle.dropped()).isEqualTo(60);
    assertThat(((FrameBatch) slow.received.get(1)).first()).isZero();
  }

  @Test
  void latestKeepsTheNewestBatchForAView() {
    ScanSimulation source = new ScanSimulation(GEOMETRY, 4).gap(20, 4);
    LiveSignal live = LiveSignal.of(source, OPTIONS);
    Stalled view = new Stalled(1);
    LiveSignal.Attachment<Long> viewHandle = live.attach("view", view.consumer(), OverflowPolicy.LATEST);
    live.attach(counting(new ArrayList<>()));
    Disposable run = live.start().subscribe();
    try {
      // The source is not held back by the view: it ends while the view has taken only Started.
      Awaits.until(() -> live.counters().framesReceived() == 60);
      assertThat(view.received).hasSize(1);
      view.request(5);
      assertThat(viewHandle.result().block(WAIT)).isEqualTo(4);
      // Started, then the gap (never dropped), then only the newest batch.
      assertThat(view.received).hasSize(3);
      assertThat(view.received.get(1)).isEqualTo(new FrameGap(20, 4));
      assertThat(((FrameBatch) view.received.get(2)).first()).isEqualTo(60);
      assertThat(viewHandle.dropped()).isEqualTo(56);
      LiveReport r = live.report();
      assertThat(r.framesLost()).isEqualTo(4);
      assertThat(r.complete()).isFalse();
    } finally {
      run.dispose();
    }
  }

  @Test
  void aFailingSourceDeliversWhatArrivedThenTheErrorAfterConsumersFinished() {
    ScanSimulation source = new ScanSimulation(GEOMETRY, 5).failAfter(50);
    LiveSignal live = LiveSignal.of(source, OPTIONS);
    List<Long> a = new CopyOnWriteArrayList<>();
    AtomicBoolean finalised = new AtomicBoolean();
    AtomicLong framesSeen = new AtomicLong();
    // A writer-like consumer that takes time to finalise after the error.
    LiveSignal.Attachment<Long> writer = live.attach(events -> events
        .publishOn(Schedulers.boundedElastic(), 2)
        .doOnNext(e -> {
          if (e instanceof FrameBatch b) framesSeen.addAndGet(b.count());
        })
        .then(Mono.just(0L))
        .onErrorResume(e -> Mono.delay(Duration.ofMillis(200))
            .then(Mono.fromRunnable(() -> finalised.set(true)))
            .then(Mono.error(e))));
    LiveSignal.Attachment<Long> counter = live.attach(counting(a), OverflowPolicy.DROP_COUNTED);
    StepVerifier.create(live.start())
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(LiveAcquisitionException.class)
              .hasMessageContaining("50 of 64 frames");
          assertThat(((LiveAcquisitionException) e).framesReceived()).isEqualTo(50);
          assertThat(finalised).as("the writer finalised before start() failed").isTrue();
        })
        .verify(WAIT);
    assertThat(framesSeen.get()).isEqualTo(50);
    StepVerifier.create(counter.result())
        .expectError(LiveAcquisitionException.class)
        .verify(WAIT);
    assertThat(a).hasSize(10);
    StepVerifier.create(writer.result()).expectError(LiveAcquisitionException.class).verify(WAIT);
    LiveReport r = live.report();
    assertThat(r.framesReceived()).isEqualTo(50);
    assertThat(r.framesExpected()).isEqualTo(64);
    assertThat(r.complete()).isFalse();
  }

  @Test
  void cancellingTheStartCancelsTheSourceAndEndsConsumersWithAnError() {
    ScanSimulation source = new ScanSimulation(new ScanGeometry(100, 100, 8, 8, DType.UINT8), 10);
    LiveSignal live = LiveSignal.of(source, OPTIONS);
    LiveSignal.Attachment<Long> slow = live.attach(events -> events
        .concatMap(e -> Mono.just(e).delayElement(Duration.ofMillis(2)), 1)
        .count());
    Disposable run = live.start().subscribe();
    Awaits.until(() -> live.counters().framesReceived() >= 30);
    run.dispose();
    StepVerifier.create(slow.result())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(LiveAcquisitionException.class)
            .hasMessageContaining("cancelled by the user"))
        .verify(WAIT);
    assertThat(source.cancelled()).isTrue();
    assertThat(source.emittedFrames()).isLessThan(10_000);
  }

  @Test
  void consumersThatStopEarlyReleaseTheSource() {
    ScanSimulation source = new ScanSimulation(GEOMETRY, 4);
    LiveSignal live = LiveSignal.of(source, OPTIONS);
    LiveSignal.Attachment<Long> first = live.attach(events -> events.take(3).count());
    StepVerifier.create(live.start())
        .assertNext(r -> assertThat(r.complete()).isFalse())
        .expectComplete()
        .verify(WAIT);
    assertThat(first.result().block(WAIT)).isEqualTo(3);
    assertThat(source.cancelled()).isTrue();
    assertThat(source.emittedBatches()).isLessThanOrEqualTo(2 + 1 + live.prefetch());
  }

  @Test
  void attachingAfterStartAndStartingTwiceFail() {
    LiveSignal live = LiveSignal.of(new ScanSimulation(GEOMETRY, 8), OPTIONS);
    live.attach(counting(new ArrayList<>()));
    Mono<LiveReport> run = live.start();
    assertThatThrownBy(() -> live.attach(counting(new ArrayList<>())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("single-pass");
    assertThatThrownBy(live::start)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("started already");
    StepVerifier.create(run).expectNextCount(1).expectComplete().verify(WAIT);
    StepVerifier.create(run).expectError(IllegalStateException.class).verify(WAIT);
  }

  @Test
  void prefetchComesFromTheBudget() {
    ScanSimulation s = new ScanSimulation(GEOMETRY, 8);
    ExecOptions auto = ExecOptions.defaults().withBudgetBytes(128L << 20);
    assertThat(LiveSignal.of(s, auto, 8L << 20).prefetch()).isEqualTo(4);
    assertThat(LiveSignal.of(s, auto, 64L << 10).prefetch()).isEqualTo(32);
    assertThat(LiveSignal.of(s, auto.withBudgetBytes(20L << 20), 8L << 20).prefetch()).isEqualTo(2);
    assertThatThrownBy(() -> LiveSignal.of(s, auto.withBudgetBytes(8L << 20), 8L << 20))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
  }

  @Test
  void aConsumerThatNeverSubscribesDoesNotHoldTheOthers() {
    LiveSignal live = LiveSignal.of(new ScanSimulation(GEOMETRY, 8), OPTIONS);
    live.attach(events -> Mono.just(1));
    LiveSignal.Attachment<Long> counter = live.attach(counting(new ArrayList<>()));
    StepVerifier.create(live.start()).expectNextCount(1).expectComplete().verify(WAIT);
    assertThat(counter.result().block(WAIT)).isEqualTo(64);
  }

  /** Polls a condition (no fixed sleeps in assertions that can be late). */
  static final class Awaits {
    static void until(java.util.function.BooleanSupplier condition) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) throw new AssertionError("condition not met in " + WAIT);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

}
