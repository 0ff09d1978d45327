package org.hyperflux.core.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Tiles;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * One read of an array feeding any number of accumulators (DESIGN §3 "one pass, many
 * consumers"). Chunks are loaded and folded in parallel, up to the plan's window; mergeable
 * accumulators fold each chunk into a state of its own, merged left to right in grid order on
 * one thread, so float results are the same on every run; ordered accumulators see every tile
 * in grid order. Demand from the accumulators is what triggers reads (overflow policy BLOCK).
 *
 * <pre>{@code
 * List<Partial<?>> results = Pass.over(array.node(), options).feed(sum).feed(histogram).run().block();
 * }</pre>
 */
public final class Pass {
  private final ArrayNode input;
  private final ExecOptions options;
  private final List<Accumulator<?, ?>> accumulators = new ArrayList<>();
  private int pass = 1;
  private int passes = 1;

  private Pass(ArrayNode input, ExecOptions options) {
    this.input = input;
    this.options = options;
  }

  /** A pass over {@code input}'s chunk grid. */
  public static Pass over(ArrayNode input, ExecOptions options) {
    return new Pass(input, options);
  }

  /** Adds an accumulator; results come back in the order they were added. */
  public Pass feed(Accumulator<?, ?> accumulator) {
    accumulators.add(accumulator);
    return this;
  }

  /**
   * Reports this pass's progress as pass {@code pass} of {@code passes} of a multi-pass plan
   * (by default pass 1 of 1); a plan whose number of passes depends on the data gives its
   * current upper bound.
   *
   * @throws IllegalArgumentException unless {@code 1 <= pass <= passes}
   */
  public Pass numbered(int pass, int passes) {
    if (pass < 1 || pass > passes) {
      throw new IllegalArgumentException("pass must be in [1, passes], got pass " + pass + " of " + passes);
    }
    this.pass = pass;
    this.passes = passes;
    return this;
  }

  /** Costs the pass now (throws {@link PlanException} when it does not fit) and returns its plan. */
  public Plan plan() {
    long perChunk = 0;
    long resident = 0;
    for (Accumulator<?, ?> a : accumulators) {
      if (a.traits().mergeable()) perChunk += a.traits().partitionStateBytes();
      resident += a.traits().stateBytes();
    }
    return Plan.build(input, input.grid(), options, perChunk, resident);
  }

  /** Runs the pass as a new execution; the plan is costed now, reading starts on subscription. */
  public Mono<List<Partial<?>>> run() {
    Plan plan = plan();
    return Mono.defer(() -> {
      ExecContext ctx = new ExecContext(options);
      return run(plan.window(), ctx)
          .flatMap(results -> ctx.endChecked().thenReturn(results))
          .doOnTerminate(ctx::end)
          .doFinally(s -> ctx.end());
    });
  }

  /** Runs the pass inside an existing execution (a plan node that needs a pass first). */
  public Mono<List<Partial<?>>> run(int window, ExecContext ctx) {
    ChunkGrid grid = input.grid();
    long count = grid.chunkCount();
    int tileElements = options.tileElements();
    return Mono.defer(() -> {
      Executor.ProgressTracker progress = new Executor.ProgressTracker(options.progress(),
          input.label(), pass, passes, count, input.shape().nbytes(input.dtype()));
      Object[] global = new Object[accumulators.size()];
      Pending pending = new Pending();
      Flux<Folded> stream;
      if (accumulators.stream().allMatch(a -> a.traits().mergeable())) {
        // Fixed partitions of consecutive chunks, each folded into one state: fewer, larger
        // states to merge. The partition size depends only on the geometry, so the merge tree,
        // and the float results, are the same on every machine.
        long perPartition = partitionChunks(grid, input.dtype().itemSize());
        long partitions = (count + perPartition - 1) / perPartition;
        stream = Flux.<Long, Long>generate(() -> 0L, (p, sink) -> {
          if (p < partitions) sink.next(p);
          else sink.complete();
          return p + 1;
        }).flatMapSequential(p -> foldPartition(p * perPartition,
            Math.min(count, (p + 1) * perPartition), ctx, tileElements, progress, pending), window, 1);
      } else {
        Flux<ChunkIndex> indices = Flux.<ChunkIndex, Long>generate(() -> 0L, (i, sink) -> {
          if (i < count) sink.next(grid.index(i));
          else sink.complete();
          return i + 1;
        });
        stream = indices
            .flatMapSequential(idx -> foldChunk(idx, grid.region(idx), ctx, tileElements, pending),
                window, 1)
            .doOnNext(f -> progress.chunkDone(f.bytes));
      }
      return stream
          .doOnNext(folded -> {
            // Take the chunk out of the pending set first: after that a cancel (which releases
            // what is still pending) can no longer release data the merge is reading.
            if (!pending.take(folded)) return;
            try {
              mergeInOrder(global, folded, tileElements);
            } finally {
              folded.releaseData();
            }
          })
          .doOnDiscard(Folded.class, Folded::releaseData)
          .doOnDiscard(RegionData.class, RegionData::release)
          .onErrorMap(Exceptions::isMultiple, Pass::firstFailure)
          .doOnSubscribe(s -> progress.start())
          .doOnError(progress::failed)
          .doOnTerminate(() -> progress.end(SignalType.ON_COMPLETE))
          .doFinally(progress::end)
          .doFinally(s -> pending.close())
          .then(Mono.fromCallable(() -> finish(global)));
    });
  }

  /**
   * The first of the failures that {@code flatMapSequential} gathered into Reactor's composite
   * exception when chunks failed at the same time, with the others suppressed in it: the pass
   * fails with an error that names its chunk, as when one chunk fails.
   */
  static Throwable firstFailure(Throwable multiple) {
    List<Throwable> all = Exceptions.unwrapMultiple(multiple);
    Throwable first = all.get(0);
    for (Throwable other : all.subList(1, all.size())) first.addSuppressed(other);
    return first;
  }

  /** Target bytes of input per partition of a pass of mergeable accumulators. */
  static final long PARTITION_TARGET_BYTES = 16L << 20;

  /** Partitions a pass keeps at least, when it has that many chunks, so that all cores get work. */
  static final long MIN_PARTITIONS = 64;

  /**
   * Chunks per partition: enough to hold about {@link #PARTITION_TARGET_BYTES} of input, but no
   * fewer than {@link #MIN_PARTITIONS} partitions. A function of the grid alone.
   */
  static long partitionChunks(ChunkGrid grid, int itemSize) {
    long chunkBytes = Math.max(1, grid.maxChunkElements() * itemSize);
    return Math.max(1, Math.min(PARTITION_TARGET_BYTES / chunkBytes, grid.chunkCount() / MIN_PARTITIONS));
  }

  /**
   * Folds chunks {@code [from, to)} one after another into one set of fresh states, each chunk
   * on the CPU scheduler and released as soon as it is folded.
   */
  private Mono<Folded> foldPartition(long from, long to, ExecContext ctx, int tileElements,
      Executor.ProgressTracker progress, Pending pending) {
    return Mono.defer(() -> {
      ChunkGrid grid = input.grid();
      Object[] states = new Object[accumulators.size()];
      long[] bytes = new long[1];
      return Flux.<Long, Long>generate(() -> from, (i, sink) -> {
            if (i < to) sink.next(i);
            else sink.complete();
            return i + 1;
          })
          .concatMap(i -> {
            ChunkIndex idx = grid.index(i);
            Region region = grid.region(idx);
            return ctx.workOnCpu(Mono.defer(() -> input.load(region, ctx)), data -> {
              foldInto(states, idx, region, data, tileElements);
              long b = region.size() * (long) data.dtype().itemSize();
              bytes[0] += b;
              progress.chunkDone(b);
              return Boolean.TRUE;
            });
          }, 0)
          .then(Mono.fromCallable(() -> pending.add(new Folded(null, null, null, states, bytes[0]))));
    });
  }

  /**
   * Folds every tile of one loaded chunk into the states of the mergeable accumulators, creating
   * them on first use. When every accumulator is mergeable, nothing reads the chunk's data again,
   * so each tile is read once, as a transient tile ({@link RegionData#transientTile}), and handed
   * to every accumulator in turn.
   */
  @SuppressWarnings("unchecked")
  private void foldInto(Object[] states, ChunkIndex idx, Region region, RegionData data, int tileElements) {
    List<Region> tiles = Tiles.of(region, tileElements);
    boolean allMergeable = true;
    for (int a = 0; a < states.length; a++) {
      Accumulator<Object, ?> acc = (Accumulator<Object, ?>) accumulators.get(a);
      if (!acc.traits().mergeable()) {
        allMergeable = false;
      } else if (states[a] == null) {
        states[a] = acc.create();
      }
    }
    if (allMergeable) {
      for (Region t : tiles) {
        Chunk tile = new Chunk(idx, t, data.transientTile(t));
        for (int a = 0; a < states.length; a++) {
          ((Accumulator<Object, ?>) accumulators.get(a)).accept(states[a], tile);
        }
      }
      return;
    }
    for (int a = 0; a < states.length; a++) {
      Accumulator<Object, ?> acc = (Accumulator<Object, ?>) accumulators.get(a);
      if (!acc.traits().mergeable()) continue;
      for (Region t : tiles) acc.accept(states[a], new Chunk(idx, t, data.tile(t)));
    }
  }

  /** The per-chunk work on the CPU scheduler: fold every tile into fresh states of the mergeable accumulators. */
  private Mono<Folded> foldChunk(ChunkIndex idx, Region region, ExecContext ctx, int tileElements,
      Pending pending) {
    return Mono.defer(() -> input.load(region, ctx))
        .flatMap(data -> {
          // The data is released by whoever takes it first: the fold (on failure; on success the
          // Folded carries it), or a cancel that comes before the fold started. publishOn would
          // drop the data on such a cancel without discarding it.
          AtomicBoolean taken = new AtomicBoolean();
          return Mono.fromCallable(() -> taken.compareAndSet(false, true)
                  ? pending.add(fold(idx, region, data, tileElements)) : null)
              .subscribeOn(ctx.cpu())
              .doOnCancel(() -> {
                if (taken.compareAndSet(false, true)) data.release();
              });
        });
  }

  /** Folds every tile of one chunk into fresh states; releases the data if that fails. */
  private Folded fold(ChunkIndex idx, Region region, RegionData data, int tileElements) {
    try {
      Object[] states = new Object[accumulators.size()];
      foldInto(states, idx, region, data, tileElements);
      return new Folded(idx, region, data, states, region.size() * (long) data.dtype().itemSize());
    } catch (RuntimeException e) {
      data.release();
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private void mergeInOrder(Object[] global, Folded folded, int tileElements) {
    List<Region> tiles = null;
    for (int a = 0; a < global.length; a++) {
      Accumulator<Object, ?> acc = (Accumulator<Object, ?>) accumulators.get(a);
      if (acc.traits().mergeable()) {
        Object part = folded.states[a];
        if (part != null) global[a] = global[a] == null ? part : acc.merge(global[a], part);
      } else {
        if (global[a] == null) global[a] = acc.create();
        if (tiles == null) tiles = Tiles.of(folded.region, tileElements);
        for (Region t : tiles) acc.accept(global[a], new Chunk(folded.index, t, folded.data.tile(t)));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private List<Partial<?>> finish(Object[] global) {
    List<Partial<?>> results = new ArrayList<>();
    for (int a = 0; a < global.length; a++) {
      Accumulator<Object, ?> acc = (Accumulator<Object, ?>) accumulators.get(a);
      results.add(acc.finish(global[a] == null ? acc.create() : global[a]));
    }
    return results;
  }

  /**
   * Folded chunks not merged yet. flatMapSequential drops the values it buffers on error or
   * cancel without discarding them, so the pass releases whatever is left here when it ends.
   */
  private static final class Pending {
    private final Set<Folded> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    /** Registers a folded chunk; after the end of the pass it is released and null returned. */
    Folded add(Folded f) {
      synchronized (this) {
        if (!closed) {
          live.add(f);
          return f;
        }
      }
      f.releaseData();
      return null;
    }

    /** Takes a folded chunk over for merging; false if the pass has ended and released it. */
    synchronized boolean take(Folded f) {
      return live.remove(f);
    }

    void close() {
      List<Folded> left;
      synchronized (this) {
        closed = true;
        left = new ArrayList<>(live);
        live.clear();
      }
      for (Folded f : left) f.releaseData();
    }
  }

  /** Folded states of one chunk (with its data, for ordered accumulators) or of one partition (no data). */
  private record Folded(ChunkIndex index, Region region, RegionData data, Object[] states, long bytes) {
    void releaseData() {
      if (data != null) data.release();
    }
  }
}
