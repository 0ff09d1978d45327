package org.hyperflux.core.live;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One consumer's branch of a live signal's multicast, applying its {@link OverflowPolicy} and
 * turning the multicast's in-band markers into terminal signals: a {@link LiveSignal.Failure}
 * becomes {@code onError} after everything queued before it (Reactor's {@code publish} would drop
 * queued elements on an error, so the live signal sends failures in band), the end marker is
 * skipped. Markers need no demand from the consumer.
 *
 * <p>BLOCK passes the consumer's demand upstream plus one, so that a marker always finds demand;
 * it holds at most one element the consumer has not asked for. DROP_COUNTED and LATEST request
 * everything from the multicast (so the branch never holds the source back) and hand the
 * consumer only what it asked for. A {@link FrameBatch} that finds no demand is
 * dropped (DROP_COUNTED) or replaces the batch still waiting beyond demand (LATEST); every other
 * element (Started, gaps, the failure marker) is queued, so it is never dropped and keeps its
 * order. The queue holds at most the consumer's outstanding demand of batches plus one (LATEST)
 * and the few non-batch events. Drops are counted in frames.
 */
final class PolicyGate extends Flux<Object> {
  private final Flux<Object> upstream;
  private final OverflowPolicy policy;
  private final AtomicLong dropped;
  private final AtomicLong droppedTotal;

  PolicyGate(Flux<Object> upstream, OverflowPolicy policy, AtomicLong dropped, AtomicLong droppedTotal) {
    this.upstream = upstream;
    this.policy = policy;
    this.dropped = dropped;
    this.droppedTotal = droppedTotal;
  }

  @Override
  public void subscribe(CoreSubscriber<? super Object> actual) {
    upstream.subscribe(new Gate(actual));
  }

  private final class Gate implements CoreSubscriber<Object>, Subscription {
    private final CoreSubscriber<? super Object> actual;
    private final AtomicInteger wip = new AtomicInteger();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private Subscription s;
    private long requested;
    private boolean done;
    private boolean terminated;
    private Throwable error;
    private volatile boolean cancelled;

    Gate(CoreSubscriber<? super Object> actual) {
      this.actual = actual;
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (Operators.validate(this.s, s)) {
        this.s = s;
        actual.onSubscribe(this);
        s.request(policy == OverflowPolicy.BLOCK ? 1 : Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(Object o) {
      if (!(o instanceof LiveEvent)) {
        if (o instanceof LiveSignal.Failure f) {
          onError(f.error());
        } else if (policy == OverflowPolicy.BLOCK) {
          s.request(1);
        }
        return;
      }
      synchronized (this) {
        if (policy != OverflowPolicy.BLOCK && o instanceof FrameBatch b && requested <= queue.size()) {
          if (policy == OverflowPolicy.DROP_COUNTED) {
            count(b.count());
            return;
          }
          // LATEST: the newest waiting batch gives way to this one.
          for (Iterator<Object> it = queue.descendingIterator(); it.hasNext(); ) {
            Object q = it.next();
            if (q instanceof FrameBatch old) {
              it.remove();
              count(old.count());
              break;
            }
          }
        }
        queue.add(o);
      }
      drain();
    }

    private void count(int frames) {
      dropped.addAndGet(frames);
      droppedTotal.addAndGet(frames);
    }

    @Override
    public void onError(Throwable t) {
      synchronized (this) {
        if (done) return;
        error = t;
        done = true;
      }
      drain();
    }

    @Override
    public void onComplete() {
      synchronized (this) {
        done = true;
      }
      drain();
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        synchronized (this) {
          requested = Operators.addCap(requested, n);
        }
        if (policy == OverflowPolicy.BLOCK) s.request(n);
        drain();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      s.cancel();
      synchronized (this) {
        queue.clear();
      }
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) return;
      int missed = 1;
      while (true) {
        while (true) {
          Object o;
          boolean finish;
          Throwable e;
          synchronized (this) {
            if (cancelled || terminated) {
              queue.clear();
              return;
            }
            o = requested > 0 ? queue.poll() : null;
            if (o != null && requested != Long.MAX_VALUE) requested--;
            finish = o == null && done && queue.isEmpty();
            if (finish) terminated = true;
            e = error;
          }
          if (finish) {
            s.cancel(); // after an in-band failure the multicast may still hold its end marker
            if (e != null) actual.onError(e);
            else actual.onComplete();
            return;
          }
          if (o == null) break;
          actual.onNext(o);
        }
        missed = wip.addAndGet(-missed);
        if (missed == 0) return;
      }
    }
  }
}
