package org.hyperflux.core.exec;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Tiles;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Runs plans. Evaluation is pull-driven: nothing is read before a subscriber requests, and a
 * request for n chunks starts at most n + window chunk computations (the window is the plan's
 * read-ahead, derived from the budget, never Reactor's default prefetch). Chunks are delivered
 * in C order of the grid; reads run on the IO scheduler, kernels on the CPU scheduler. The
 * execution's leases close on completion, error and cancel, after in-flight reads return.
 */
public final class Executor {
  private Executor() {}

  /** Streams the chunks of {@code root}; the plan is costed (and may fail) now, before subscription. */
  public static Flux<Chunk> chunks(ArrayNode root, ExecOptions options) {
    Plan plan = Plan.build(root, options);
    return chunks(plan, options);
  }

  /** Streams the chunks of a costed plan. Each subscription is a new execution. */
  public static Flux<Chunk> chunks(Plan plan, ExecOptions options) {
    ArrayNode root = plan.root();
    ChunkGrid grid = plan.grid();
    long count = grid.chunkCount();
    return Flux.defer(() -> {
      ExecContext ctx = new ExecContext(options);
      ProgressTracker progress = new ProgressTracker(options.progress(), root.label(), 1, 1,
          count, root.shape().nbytes(root.dtype()));
      Flux<ChunkIndex> indices = Flux.<ChunkIndex, Long>generate(() -> 0L, (i, sink) -> {
        if (i < count) sink.next(grid.index(i));
        else sink.complete();
        return i + 1;
      });
      Flux<Chunk> out = options.prefetch() == 0
          ? indices.concatMap(idx -> computeChunk(root, grid, idx, ctx), 0)
          : indices.flatMapSequential(idx -> computeChunk(root, grid, idx, ctx), plan.window(), 1);
      return out
          .doOnSubscribe(s -> progress.start())
          .doOnNext(c -> progress.chunkDone(c.block().nbytes()))
          .doOnError(progress::failed)
          .doFinally(signal -> {
            ctx.end();
            progress.end(signal);
          });
    });
  }

  /** Computes all chunks into memory; fails before reading when the result exceeds the budget. */
  public static Mono<MemoryArray> compute(ArrayNode root, ExecOptions options) {
    long resultBytes = root.shape().nbytes(root.dtype());
    Plan plan = Plan.build(root, root.grid(), options, 0, resultBytes);
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
    return Mono.usingWhen(
        Mono.defer(() -> root.load(region, ctx)),
        data -> Mono.fromCallable(
                () -> new Chunk(idx, region, materialize(data, region, ctx.options().tileElements())))
            .subscribeOn(ctx.cpu()),
        data -> Mono.fromRunnable(data::release));
  }

  /** The region as one block of its own, computed tile by tile. */
  static Block materialize(RegionData data, Region region, int tileElements) {
    if (data instanceof BlockRegionData) {
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

    void chunkDone(long chunkBytes) {
      long c = chunks.incrementAndGet();
      long b = bytes.addAndGet(chunkBytes);
      listener.onChunk(snapshot(c, b));
    }

    void failed(Throwable e) {
      error = e;
    }

    void end(SignalType signal) {
      Throwable e = signal == SignalType.CANCEL ? new CancellationException("cancelled") : error;
      listener.onEnd(snapshot(chunks.get(), bytes.get()), e);
    }

    private Progress snapshot(long c, long b) {
      return new Progress(label, pass, passes, c, chunksTotal, b, bytesTotal,
          startNanos == 0 ? 0 : System.nanoTime() - startNanos);
    }
  }
}
