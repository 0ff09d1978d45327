package org.hyperflux.core.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hyperflux.core.exec.ExecOptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One acquisition of a {@link LiveSource} (SINGLE_PASS, DESIGN §3 and §6) multicast to the
 * consumers attached before it starts: analyses, writers, views. The source is subscribed once,
 * when the {@link Mono} of {@link #start()} is subscribed; every consumer sees the same events in
 * order, each through its {@link OverflowPolicy}.
 *
 * <pre>{@code
 * LiveSignal live = LiveSignal.of(source, options);
 * LiveSignal.Attachment<FrameAnalysisSnapshot> analysis = live.attach(FrameAnalysis.create()
 *     .withNavigator().withDetector("vbf", DetectorMask.disc(128, 128, 20)).live(options));
 * live.attach("view", view, OverflowPolicy.LATEST);
 * LiveReport report = live.start().block();
 * FrameAnalysisSnapshot result = analysis.result().block();
 * }</pre>
 *
 * <p><b>Buffering.</b> The multicast holds at most {@link #prefetch()} events ahead of the slowest
 * BLOCK consumer: {@code ExecOptions.prefetch()} when it is set (at least 1), otherwise a quarter
 * of the budget divided by the largest batch the source sends ({@code maxBatchBytes}, by default
 * {@link #DEFAULT_BATCH_BYTES}), clamped to {@code [2, 32]} — never Reactor's 256 batches. Under
 * BLOCK the source is asked for at most that many batches, plus one, beyond what the slowest
 * consumer requested (the one lets the end of the stream reach a consumer without demand).
 *
 * <p><b>Failure.</b> When the source fails, every consumer receives all events that arrived
 * (whatever its policy, after any batches it dropped), then the error as a
 * {@link LiveAcquisitionException}; {@link #start()}'s Mono fails with it once every consumer has
 * terminated, so a writer finalises its file first. A consumer that fails on its own is left
 * behind (the others continue) and its error ends {@code start()} once all have terminated.
 * Cancelling the subscription to {@code start()} cancels the source (its socket is closed) and
 * gives the consumers a {@link LiveAcquisitionException} saying the user cancelled. When every
 * consumer has terminated before the source ended (each took what it wanted), the source is
 * cancelled and the report says how much arrived.
 *
 * <p><b>Threads.</b> Consumers receive events on the source's thread (for a socket: its event
 * loop); a consumer that computes or blocks moves off it ({@code publishOn}). Attaching and
 * starting are thread-safe; {@link #counters()} may be called from any thread at any time.
 */
public final class LiveSignal {
  /** The batch size assumed for {@link #prefetch()} when the caller does not give one: 8 MiB. */
  public static final long DEFAULT_BATCH_BYTES = 8L << 20;

  private final LiveSource source;
  private final int prefetch;
  private final List<Attachment<?>> attachments = new ArrayList<>();
  private boolean started;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  private final AtomicLong framesExpected = new AtomicLong();
  private final AtomicLong framesReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong framesLost = new AtomicLong();
  private final AtomicLong framesDropped = new AtomicLong();
  private final AtomicLong startNanos = new AtomicLong();
  private final AtomicLong endNanos = new AtomicLong();
  private volatile boolean sourceCompleted;

  private LiveSignal(LiveSource source, int prefetch) {
    this.source = source;
    this.prefetch = prefetch;
  }

  /** A live signal of {@code source} assuming batches of at most {@link #DEFAULT_BATCH_BYTES}. */
  public static LiveSignal of(LiveSource source, ExecOptions options) {
    return of(source, options, DEFAULT_BATCH_BYTES);
  }

  /**
   * A live signal of {@code source}, whose frame batches hold at most {@code maxBatchBytes} of
   * decoded pixels (sizes the multicast buffer, see the class comment).
   *
   * @throws IllegalArgumentException if two batches do not fit the options' budget
   */
  public static LiveSignal of(LiveSource source, ExecOptions options, long maxBatchBytes) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(options, "options");
    if (maxBatchBytes <= 0) {
      throw new IllegalArgumentException("maxBatchBytes must be > 0, got " + maxBatchBytes);
    }
    int prefetch;
    if (options.prefetch() >= 1) {
      prefetch = options.prefetch();
    } else {
      if (2 * maxBatchBytes > options.budgetBytes()) {
        throw new IllegalArgumentException(
            "two frame batches of " + maxBatchBytes + " bytes do not fit the budget of "
                + options.budgetBytes() + " bytes of " + source.description()
                + ": send smaller batches or raise the budget");
      }
      prefetch = (int) Math.max(2, Math.min(32, options.budgetBytes() / 4 / maxBatchBytes));
    }
    return new LiveSignal(source, prefetch);
  }

  /** Events the multicast buffers ahead of the slowest BLOCK consumer. */
  public int prefetch() {
    return prefetch;
  }

  /** The source's description. */
  public String description() {
    return source.description();
  }

  /** Attaches {@code consumer} with {@link OverflowPolicy#BLOCK}, named {@code consumer-<n>}. */
  public <R> Attachment<R> attach(LiveConsumer<R> consumer) {
    return attach(consumer, OverflowPolicy.BLOCK);
  }

  /** Attaches {@code consumer} with {@code policy}, named {@code consumer-<n>} (n from 1). */
  public <R> Attachment<R> attach(LiveConsumer<R> consumer, OverflowPolicy policy) {
    synchronized (this) {
      return attach("consumer-" + (attachments.size() + 1), consumer, policy);
    }
  }

  /**
   * Attaches {@code consumer} under {@code name} (used in the report) with {@code policy}.
   *
   * @throws IllegalStateException if {@link #start()} was called already
   * @throws IllegalArgumentException if the name is taken
   */
  public synchronized <R> Attachment<R> attach(String name, LiveConsumer<R> consumer,
      OverflowPolicy policy) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(policy, "policy");
    if (started) {
      throw new IllegalStateException(
          "cannot attach '" + name + "' to the live signal of " + source.description()
              + ": it has started, and a live acquisition is single-pass; attach every consumer"
              + " before start()");
    }
    for (Attachment<?> a : attachments) {
      if (a.name.equals(name)) {
        throw new IllegalArgumentException("a consumer named '" + name + "' is attached already");
      }
    }
    Attachment<R> a = new Attachment<>(name, consumer, policy);
    attachments.add(a);
    return a;
  }

  /**
   * The acquisition: on subscription, subscribes every consumer and then the source (once), and
   * emits the report after every consumer has terminated. Fails with the source's
   * {@link LiveAcquisitionException} (or else the first consumer's error) after all consumers
   * terminated. Cancelling it cancels the source.
   *
   * @throws IllegalStateException if called twice (a live acquisition is single-pass)
   */
  public Mono<LiveReport> start() {
    List<Attachment<?>> list;
    synchronized (this) {
      if (started) {
        throw new IllegalStateException(
            "the live signal of " + source.description() + " was started already; a live"
                + " acquisition is single-pass: make a new LiveSignal for another acquisition");
      }
      started = true;
      list = new ArrayList<>(attachments);
    }
    return Mono.defer(() -> {
      if (!subscribed.compareAndSet(false, true)) {
        return Mono.error(new IllegalStateException(
            "start() of " + source.description() + " was subscribed twice; a live acquisition is"
                + " single-pass"));
      }
      return run(list);
    });
  }

  private Mono<LiveReport> run(List<Attachment<?>> list) {
    Sinks.One<Boolean> userCancel = Sinks.one();
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicReference<LiveAcquisitionException> failure = new AtomicReference<>();
    Flux<Object> events = Flux.defer(() -> {
          startNanos.set(System.nanoTime());
          return source.acquire();
        })
        .doOnNext(this::count)
        .takeUntilOther(userCancel.asMono())
        .<Object>map(e -> e)
        .onErrorResume(e -> {
          endNanos.compareAndSet(0, System.nanoTime());
          LiveAcquisitionException f = asAcquisitionFailure(e);
          failure.set(f);
          return Mono.just(new Failure(f));
        })
        .concatWith(Mono.fromSupplier(() -> {
          if (cancelled.get() && failure.get() == null) {
            LiveAcquisitionException f = new LiveCancellationException(source.description(),
                framesReceived.get(), framesExpected.get());
            failure.set(f);
            return new Failure(f);
          }
          if (failure.get() == null) sourceCompleted = true;
          return Boolean.TRUE; // end marker, filtered below
        }))
        .doFinally(s -> endNanos.compareAndSet(0, System.nanoTime()));
    List<Attachment<?>> all = new ArrayList<>(list);
    if (all.isEmpty()) {
      all.add(new Attachment<Void>("drain", e -> e.then(), OverflowPolicy.BLOCK));
    }
    AtomicReference<reactor.core.Disposable> connection = new AtomicReference<>();
    Flux<Object> hub = events.publish(prefetch).autoConnect(all.size(), connection::set);
    List<Mono<Void>> done = new ArrayList<>();
    for (Attachment<?> a : all) {
      done.add(a.subscribe(hub, framesDropped));
    }
    return Mono.when(done)
        .then(Mono.defer(() -> {
          if (failure.get() != null) return Mono.<LiveReport>error(failure.get());
          for (Attachment<?> a : list) {
            if (a.error != null) return Mono.<LiveReport>error(a.error);
          }
          return Mono.just(report());
        }))
        .doOnCancel(() -> {
          cancelled.set(true);
          userCancel.tryEmitValue(Boolean.TRUE);
        })
        .doOnTerminate(() -> {
          // Every consumer has terminated: if some stopped early, nobody needs the source now.
          reactor.core.Disposable c = connection.get();
          if (c != null) c.dispose();
        });
  }

  private void count(LiveEvent e) {
    if (e instanceof FrameBatch b) {
      framesReceived.addAndGet(b.count());
      bytesReceived.addAndGet(b.pixels().nbytes());
    } else if (e instanceof FrameGap g) {
      framesLost.addAndGet(g.count());
    } else if (e instanceof LiveEvent.Started s) {
      framesExpected.set(s.geometry().frames());
    }
  }

  private LiveAcquisitionException asAcquisitionFailure(Throwable e) {
    if (e instanceof LiveAcquisitionException l) return l;
    return new LiveAcquisitionException(source.description(), "the source failed (" + e + ")",
        framesReceived.get(), framesExpected.get(), e);
  }

  /** The counters now; cheap, from any thread. */
  public LiveCounters counters() {
    return new LiveCounters(framesExpected.get(), framesReceived.get(), bytesReceived.get(),
        framesLost.get(), framesDropped.get(), elapsed());
  }

  private Duration elapsed() {
    long s = startNanos.get();
    if (s == 0) return Duration.ZERO;
    long e = endNanos.get();
    return Duration.ofNanos((e == 0 ? System.nanoTime() : e) - s);
  }

  /** The report of what has been delivered so far (the final one once {@link #start()} ended). */
  public synchronized LiveReport report() {
    Map<String, Long> dropped = new LinkedHashMap<>();
    for (Attachment<?> a : attachments) dropped.put(a.name, a.dropped.get());
    long expected = framesExpected.get();
    boolean complete = sourceCompleted && expected > 0 && framesReceived.get() == expected
        && framesLost.get() == 0;
    return new LiveReport(expected, framesReceived.get(), bytesReceived.get(), framesLost.get(),
        dropped, elapsed(), complete);
  }

  /** The source failed (or was cancelled): delivered in order after every event that arrived. */
  record Failure(LiveAcquisitionException error) {}

  /**
   * A consumer attached to a {@link LiveSignal}: its name, policy, frames it dropped so far and
   * the result of its consumption. Thread-safe.
   *
   * @param <R> the consumer's result
   */
  public static final class Attachment<R> {
    private final String name;
    private final LiveConsumer<R> consumer;
    private final OverflowPolicy policy;
    private final AtomicLong dropped = new AtomicLong();
    private final Sinks.One<R> result = Sinks.one();
    private final AtomicBoolean eventsSubscribed = new AtomicBoolean();
    private volatile Throwable error;

    private Attachment(String name, LiveConsumer<R> consumer, OverflowPolicy policy) {
      this.name = name;
      this.consumer = consumer;
      this.policy = policy;
    }

    public String name() {
      return name;
    }

    public OverflowPolicy policy() {
      return policy;
    }

    /** Frames this consumer's policy dropped so far. */
    public long dropped() {
      return dropped.get();
    }

    /**
     * The consumer's result (or its failure), once its consumption ended; the same value for
     * every subscriber. Never completes if the live signal is never started.
     */
    public Mono<R> result() {
      return result.asMono();
    }

    /** Subscribes the consumer to {@code hub}; the Mono completes when the consumer has terminated. */
    private Mono<Void> subscribe(Flux<Object> hub, AtomicLong droppedTotal) {
      Flux<LiveEvent> events = new PolicyGate(hub, policy, dropped, droppedTotal)
          .map(o -> (LiveEvent) o);
      Flux<LiveEvent> once = Flux.defer(() -> eventsSubscribed.compareAndSet(false, true) ? events
          : Flux.error(new IllegalStateException(
              "consumer '" + name + "' subscribed to its events twice; a live acquisition is"
                  + " single-pass")));
      Mono<R> consumed;
      try {
        consumed = Objects.requireNonNull(consumer.consume(once), "consume returned null");
      } catch (RuntimeException e) {
        consumed = Mono.error(e);
      }
      Mono<Void> done = consumed
          .doOnNext(r -> result.tryEmitValue(r))
          .doOnError(e -> {
            error = e;
            result.tryEmitError(e);
          })
          .doOnSuccess(r -> {
            if (r == null) result.tryEmitEmpty();
          })
          .then()
          .onErrorResume(e -> Mono.empty())
          .doFinally(s -> {
            // A consumer that ended without ever subscribing must not keep the others waiting.
            if (eventsSubscribed.compareAndSet(false, true)) events.subscribe().dispose();
          })
          .cache();
      done.subscribe();
      return done;
    }
  }
}
