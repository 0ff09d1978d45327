package org.hyperflux.core.exec;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.NonBlocking;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The default scheduler for hyperflux's CPU work: one work-sharing pool with a thread per core,
 * whose threads are Reactor {@link NonBlocking} threads (so {@code block()} and
 * {@code compute()} refuse to run there, as on {@code Schedulers.parallel()}).
 *
 * <p>Why not {@code Schedulers.parallel()} (DESIGN §3 names it): it hands each new worker to the
 * next thread in turn and never moves work between threads, so when a chunk's read and its fold
 * are two hops, every fold can land on the same thread while another core idles. Measured on the
 * navigator of 1 GiB of in-memory uint16 (2 cores): about 1.45 cores busy on the parallel
 * scheduler, 1.6–1.95 on a shared queue, and 20–40% more throughput. Pass
 * {@code Schedulers.parallel()} through {@link ExecOptions#withSchedulers} to get it anyway.
 */
public final class CpuScheduler {
  private static final class Holder {
    static final Scheduler SHARED = create(Runtime.getRuntime().availableProcessors());
  }

  private CpuScheduler() {}

  /** The process-wide CPU scheduler (created on first use, daemon threads, never disposed). */
  public static Scheduler shared() {
    return Holder.SHARED;
  }

  /** A new CPU scheduler with {@code threads} non-blocking daemon threads; dispose it when done. */
  public static Scheduler create(int threads) {
    if (threads <= 0) throw new IllegalArgumentException("threads must be > 0, got " + threads);
    ForkJoinPool pool = new ForkJoinPool(threads, CpuThread::new, null, true);
    return Schedulers.fromExecutorService(pool, "hyperflux-cpu");
  }

  /** A pool thread that Reactor recognises as non-blocking. */
  private static final class CpuThread extends ForkJoinWorkerThread implements NonBlocking {
    private static final AtomicInteger COUNT = new AtomicInteger();

    CpuThread(ForkJoinPool pool) {
      super(pool);
      setName("hyperflux-cpu-" + COUNT.getAndIncrement());
      setDaemon(true);
    }
  }
}
