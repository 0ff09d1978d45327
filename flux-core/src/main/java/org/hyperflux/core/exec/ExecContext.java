package org.hyperflux.core.exec;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The state of one execution: leased source handles, results shared between the nodes of one
 * run (a materialised reduction is computed once), the schedulers, and a meter of bytes held.
 * Created by the executor; ended exactly once, after which leases close as their reads return.
 */
public final class ExecContext {
  private final ExecOptions options;
  private final Map<Source, SourceLease> leases = new ConcurrentHashMap<>();
  private final Map<Object, Mono<?>> shared = new ConcurrentHashMap<>();
  private final AtomicLong heldBytes = new AtomicLong();
  private final AtomicLong peakHeldBytes = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private volatile boolean ended;

  public ExecContext(ExecOptions options) {
    this.options = options;
  }

  public ExecOptions options() {
    return options;
  }

  public Scheduler cpu() {
    return options.cpu();
  }

  /**
   * Reads one storage chunk through this execution's lease, on the IO scheduler when the source
   * blocks. Cancelling the returned Mono never interrupts the read; the block is dropped.
   */
  public Mono<Block> readChunk(Source source, ChunkIndex index) {
    return read(source, h -> h.readChunk(index), Block::nbytes)
        .onErrorMap(ExecContext::isDataError, e -> new SourceReadException(source.description(), index, e));
  }

  /**
   * Reads one storage chunk as {@link #readChunk} does, leaving its decoding to the tiles that
   * read it where the source allows ({@link SourceHandle#readChunkDeferred}). The caller
   * releases the chunk ({@link #hold} hands that to the region data's release).
   */
  public Mono<DeferredChunk> readChunkDeferred(Source source, ChunkIndex index) {
    return read(source, h -> h.readChunkDeferred(index), DeferredChunk::decodedBytes)
        .onErrorMap(ExecContext::isDataError, e -> new SourceReadException(source.description(), index, e))
        // A chunk whose read returns after a cancel is dropped: released, so that what it holds
        // outside the heap is freed now rather than whenever the garbage collector runs.
        .doOnDiscard(DeferredChunk.class, DeferredChunk::release);
  }

  /** Reads an arbitrary region (REGION_READ sources, or assembled from chunks by the handle). */
  public Mono<Block> readRegion(Source source, Region region) {
    return read(source, h -> h.readRegion(region), Block::nbytes)
        .onErrorMap(ExecContext::isDataError,
            e -> new SourceReadException(source.description(), "region " + region, e));
  }

  private static boolean isDataError(Throwable e) {
    return !(e instanceof SourceReadException) && !(e instanceof CancellationException);
  }

  private interface HandleRead<T> {
    T apply(SourceHandle handle) throws IOException;
  }

  private <T> Mono<T> read(Source source, HandleRead<T> op, ToLongFunction<T> nbytes) {
    return Mono.create(sink -> {
      AtomicBoolean cancelled = new AtomicBoolean();
      sink.onCancel(() -> cancelled.set(true));
      Runnable task = () -> {
        // A read whose consumer went away before it started is not started at all.
        if (cancelled.get()) return;
        SourceLease lease = lease(source);
        SourceHandle handle;
        try {
          handle = lease.acquire();
        } catch (Throwable t) {
          if (!cancelled.get()) sink.error(t);
          return;
        }
        T b = null;
        Throwable failure = null;
        try {
          b = op.apply(handle);
          if (b == null) failure = new IllegalStateException("the source returned no data");
        } catch (Throwable t) {
          failure = t;
        } finally {
          // Released before signalling: once the last chunk is delivered, no read holds the handle.
          lease.release();
        }
        if (failure != null) {
          // After a cancel nobody listens: the error is dropped quietly.
          if (!cancelled.get()) sink.error(failure);
        } else {
          bytesRead.addAndGet(nbytes.applyAsLong(b));
          sink.success(b);
        }
      };
      // Blocking reads go to the IO scheduler, CPU-bound ones (generators) to the CPU scheduler
      // so that chunks are produced in parallel. Deliberately not disposed on cancel: disposing
      // could interrupt the reading thread.
      (source.blocking() ? options.io() : options.cpu()).schedule(task);
    });
  }

  /** This execution's lease on {@code source}; a lease created after {@link #end} is ended at once. */
  private SourceLease lease(Source source) {
    SourceLease lease = leases.computeIfAbsent(source, SourceLease::new);
    // end() may have iterated the leases before this one was added: end it here, so that its
    // handle is never opened (acquire refuses) and nothing is left open.
    if (ended) lease.end();
    return lease;
  }

  /** A result computed once per execution under {@code key} and shared by every caller. */
  @SuppressWarnings("unchecked")
  public <T> Mono<T> shared(Object key, Supplier<Mono<T>> compute) {
    return (Mono<T>) shared.computeIfAbsent(key, k -> compute.get().cache());
  }

  /** Region data over {@code block}, counted as held by this execution until released. */
  public RegionData hold(Region region, Block block) {
    long bytes = block.nbytes();
    held(bytes);
    return new BlockRegionData(region, block, () -> released(bytes));
  }

  /**
   * Region data over the storage chunk {@code chunk} of {@code source} at {@code index}, decoded
   * tile by tile as it is read unless it is complete already; counted as held until released.
   * The chunk is {@linkplain DeferredChunk#release released} with the region data (at once when
   * it is complete).
   */
  public RegionData hold(Region region, DeferredChunk chunk, Source source, ChunkIndex index) {
    if (chunk.complete()) {
      Block block = chunk.block();
      chunk.release();
      return hold(region, block);
    }
    long bytes = chunk.heldBytes();
    held(bytes);
    return new DeferredRegionData(region, chunk, source.description(), index, () -> released(bytes));
  }

  /**
   * Loads region data, then runs {@code work} on it on the CPU scheduler and releases it. The
   * data is released exactly once by whoever takes it first: the work when it has finished (so a
   * cancel never releases data a kernel is still reading), or a cancel that comes before the work
   * started ({@code publishOn} would drop the data on such a cancel without discarding it).
   */
  public <T> Mono<T> workOnCpu(Mono<RegionData> load, Function<RegionData, T> work) {
    return load.flatMap(data -> {
      AtomicBoolean taken = new AtomicBoolean();
      return Mono.fromCallable(() -> {
            if (!taken.compareAndSet(false, true)) return null;
            try {
              return work.apply(data);
            } finally {
              data.release();
            }
          })
          .subscribeOn(cpu())
          .doOnCancel(() -> {
            if (taken.compareAndSet(false, true)) data.release();
          });
    });
  }

  /** Counts bytes held by region data; pair every call with {@link #released}. */
  public void held(long bytes) {
    long now = heldBytes.addAndGet(bytes);
    peakHeldBytes.accumulateAndGet(now, Math::max);
  }

  public void released(long bytes) {
    heldBytes.addAndGet(-bytes);
  }

  /** The most bytes of source and intermediate data held at once so far. */
  public long peakHeldBytes() {
    return peakHeldBytes.get();
  }

  /** Bytes returned by source reads so far. */
  public long bytesRead() {
    return bytesRead.get();
  }

  /** Ends the execution: every lease closes once its in-flight reads have returned. Idempotent. */
  public void end() {
    ended = true;
    leases.values().forEach(SourceLease::end);
  }

  /**
   * Ends the execution and returns the first failure to close one of its handles, named by its
   * source, or null. Call it when every read has returned (after the stream completed), so that
   * the handles closed here.
   */
  public SourceReadException endAndCheckClose() {
    end();
    for (Map.Entry<Source, SourceLease> e : leases.entrySet()) {
      IOException failure = e.getValue().closeError();
      if (failure != null) return SourceReadException.closing(e.getKey().description(), failure);
    }
    return null;
  }

  /** A Mono that ends the execution and fails if a handle failed to close; for the end of a stream. */
  public Mono<Void> endChecked() {
    return Mono.defer(() -> {
      SourceReadException failure = endAndCheckClose();
      return failure == null ? Mono.empty() : Mono.error(failure);
    });
  }

  public boolean isEnded() {
    return ended;
  }
}
