package org.hyperflux.core.exec;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Tiles;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.SignalType;

/**
 * Runs plans. Evaluation is pull-driven: nothing is read before a subscriber requests, and
 * requests for n chunks start at most n + prefetch chunk computations (the prefetch is the
 * plan's window unless the options fix it; derived from the budget, never Reactor's default
 * prefetch). Chunks are delivered in C order of the grid; blocking reads run on the IO
 * scheduler, kernels and CPU-only sources on the CPU scheduler. The execution's leases close on
 * completion (before the subscriber is told), error and cancel, after in-flight reads return.
 */
public final class Executor {
  private Executor() {}

  /** Streams the chunks of {@code root}; the plan is costed (and may fail) now, before subscription. */
  public static Flux<Chunk> chunks(ArrayNode root, ExecOptions options) {
    Plan plan = Plan.build(root, options);
    return chunks(plan, options);
  }

  /**
   * Streams the chunks of a costed plan. Each subscription is a new execution. Reads start on
   * request, not on subscription: after requests for n chunks in total, at most n + prefetch
   * chunks (n + window with automatic prefetch) have been started, and at most {@code window}
   * are in flight or waiting to be delivered at once. A failed chunk's error is delivered in its
   * place in the order, after every chunk before it, so a consumer sees chunks 0..k-1 and then
   * the error of chunk k, whatever the timing of the reads.
   */
  public static Flux<Chunk> chunks(Plan plan, ExecOptions options) {
    ArrayNode root = plan.root();
    ChunkGrid grid = plan.grid();
    long count = grid.chunkCount();
    int window = plan.window();
    int readAhead = options.prefetch() >= 0 ? options.prefetch() : window;
    return Flux.defer(() -> {
      ExecContext ctx = new ExecContext(options);
      ProgressTracker progress = new ProgressTracker(options.progress(), root.label(), 1, 1,
          count, root.shape().nbytes(root.dtype()));
      DemandGate gate = new DemandGate(grid, count, readAhead);
      return Flux.<ChunkIndex>create(gate::attach)
          .flatMapSequential(idx -> computeChunk(root, grid, idx, ctx)
              .map(Outcome::done)
              .onErrorResume(e -> Mono.just(Outcome.failed(e))), window, 1)
          .<Chunk>handle((outcome, sink) -> {
            if (outcome.error() != null) sink.error(outcome.error());
            else sink.next(outcome.chunk());
          })
          // On completion every read has returned: the handles close now, and a failure to
          // close (which could mean lost data for a writer) ends the stream in an error.
          .concatWith(ctx.endChecked().then(Mono.empty()))
          .doOnSubscribe(s -> progress.start())
          .doOnNext(c -> progress.chunkDone(c.block().nbytes()))
          .doOnError(progress::failed)
          // Before a terminal signal goes downstream: by the time the subscriber hears of the
          // end, the handles are closed (on complete; on error once in-flight reads return)
          // and the listener has been told. Cancel has no signal to precede: doFinally.
          .doOnTerminate(() -> {
            ctx.end();
            progress.end(SignalType.ON_COMPLETE);
          })
          .doFinally(signal -> {
            ctx.end();
            progress.end(signal);
          })
          .doOnRequest(gate::requested);
    });
  }

  /** Computes all chunks into memory; fails before reading when the result exceeds the budget. */
  public static Mono<MemoryArray> compute(ArrayNode root, ExecOptions options) {
    Plan plan = Plan.buildCompute(root, options);
    return Mono.defer(() -> {
      MemoryArray result = MemoryArray.zeros(root.dtype(), root.grid());
      return chunks(plan, options)
          .doOnNext(c -> result.put(c.gridIndex(), c.block()))
          .then(Mono.just(result));
    });
  }

  /** One chunk: load its region, then compute its tiles into one block on the CPU scheduler. */
  static Mono<Chunk> computeChunk(ArrayNode root, ChunkGrid grid, ChunkIndex idx, ExecContext ctx) {
    Region region = grid.region(idx);
    int tileElements = ctx.options().tileElements();
    return ctx.workOnCpu(Mono.defer(() -> root.load(region, ctx)),
        data -> new Chunk(idx, region, materialize(data, region, tileElements)));
  }

  /** The region as one block of its own, computed tile by tile. */
  static Block materialize(RegionData data, Region region, int tileElements) {
    if (data.asBlock() != null) {
      Block b = data.tile(region);
      // A view of a larger array would pin it: copy unless it is the whole array.
      return b.isCompact() ? b : b.copy();
    }
    List<Region> tiles = Tiles.of(region, tileElements);
    if (tiles.size() == 1) {
      Block b = data.tile(tiles.get(0));
      return b.isCompact() ? b : b.copy();
    }
    Block out = Block.allocate(data.dtype(), region.size());
    for (Region t : tiles) {
      Block b = data.tile(t);
      out.copyFrom(b, 0, RegionCopy.contiguousStart(region, t), b.length());
    }
    return out;
  }

  /** A chunk or the error that replaced it, kept in sequence until its turn. */
  private record Outcome(Chunk chunk, Throwable error) {
    static Outcome done(Chunk chunk) {
      return new Outcome(chunk, null);
    }

    static Outcome failed(Throwable error) {
      return new Outcome(null, error);
    }
  }

  /**
   * Emits the chunk indices of a grid in C order, gated by the consumer's demand: nothing before
   * the first request, then at most (chunks requested so far + read-ahead), and never more than
   * the operator below asks for. Without the gate, {@code flatMapSequential} would start
   * {@code window} reads as soon as it is subscribed. Emission runs in a serialised drain loop
   * (work-in-progress counter), entered from either side's request.
   */
  static final class DemandGate {
    private static final AtomicLongFieldUpdater<DemandGate> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(DemandGate.class, "requested");

    private final ChunkGrid grid;
    private final long count;
    private final int readAhead;
    /** Chunks the consumer has requested in total (saturating at Long.MAX_VALUE). */
    private volatile long requested;
    private final AtomicInteger wip = new AtomicInteger();
    private volatile FluxSink<ChunkIndex> sink;
    /** Indices emitted so far; touched only inside the drain loop. */
    private long emitted;
    private boolean completed;

    DemandGate(ChunkGrid grid, long count, int readAhead) {
      this.grid = grid;
      this.count = count;
      this.readAhead = readAhead;
    }

    void attach(FluxSink<ChunkIndex> s) {
      sink = s;
      s.onRequest(n -> drain());
      drain();
    }

    /** The consumer requested {@code n} more chunks. */
    void requested(long n) {
      Operators.addCap(REQUESTED, this, n);
      drain();
    }

    private void drain() {
      FluxSink<ChunkIndex> s = sink;
      if (s == null || wip.getAndIncrement() != 0) return;
      int missed = 1;
      do {
        long r = requested;
        long allowed = r == 0 ? 0 : Operators.addCap(r, readAhead);
        while (!completed && emitted < count && emitted < allowed && s.requestedFromDownstream() > 0
            && !s.isCancelled()) {
          s.next(grid.index(emitted++));
        }
        if (!completed && emitted == count) {
          completed = true;
          s.complete();
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }
  }

  /** Progress counters for one execution; listener calls are cheap, rendering is the listener's. */
  static final class ProgressTracker {
    private final ProgressListener listener;
    private final String label;
    private final int pass;
    private final int passes;
    private final long chunksTotal;
    private final long bytesTotal;
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long startNanos;
    private volatile Throwable error;

    ProgressTracker(ProgressListener listener, String label, int pass, int passes, long chunksTotal,
        long bytesTotal) {
      this.listener = listener;
      this.label = label;
      this.pass = pass;
      this.passes = passes;
      this.chunksTotal = chunksTotal;
      this.bytesTotal = bytesTotal;
    }

    void start() {
      startNanos = System.nanoTime();
      listener.onStart(snapshot(0, 0));
    }

    /**
     * Counts a chunk and reports it. Synchronized so that, with chunks finishing on several
     * threads, every event's chunk and byte counts belong together and events arrive in order.
     */
    synchronized void chunkDone(long chunkBytes) {
      long c = chunks.incrementAndGet();
      long b = bytes.addAndGet(chunkBytes);
      listener.onChunk(snapshot(c, b));
    }

    void failed(Throwable e) {
      error = e;
    }

    /** Reports the end once (later calls are ignored); the error is the one recorded, or a cancel. */
    synchronized void end(SignalType signal) {
      if (!ended.compareAndSet(false, true)) return;
      Throwable e = signal == SignalType.CANCEL ? new CancellationException("cancelled") : error;
      listener.onEnd(snapshot(chunks.get(), bytes.get()), e);
    }

    private Progress snapshot(long c, long b) {
      return new Progress(label, pass, passes, c, chunksTotal, b, bytesTotal,
          startNanos == 0 ? 0 : System.nanoTime() - startNanos);
    }
  }
}
