package org.hyperflux.core.exec;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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
    return read(source, h -> h.readChunk(index))
        .onErrorMap(ExecContext::isDataError, e -> new SourceReadException(source.description(), index, e));
  }

  /** Reads an arbitrary region (REGION_READ sources, or assembled from chunks by the handle). */
  public Mono<Block> readRegion(Source source, Region region) {
    return read(source, h -> h.readRegion(region))
        .onErrorMap(ExecContext::isDataError,
            e -> new SourceReadException(source.description(), "region " + region, e));
  }

  private static boolean isDataError(Throwable e) {
    return !(e instanceof SourceReadException) && !(e instanceof CancellationException);
  }

  private interface HandleRead {
    Block apply(SourceHandle handle) throws IOException;
  }

  private Mono<Block> read(Source source, HandleRead op) {
    SourceLease lease = leases.computeIfAbsent(source, SourceLease::new);
    return Mono.create(sink -> {
      Runnable task = () -> {
        SourceHandle handle;
        try {
          handle = lease.acquire();
        } catch (Throwable t) {
          sink.error(t);
          return;
        }
        try {
          Block b = op.apply(handle);
          bytesRead.addAndGet(b.nbytes());
          sink.success(b);
        } catch (Throwable t) {
          sink.error(t);
        } finally {
          lease.release();
        }
      };
      if (source.blocking()) {
        // Deliberately not disposed on cancel: disposing could interrupt the reading thread.
        options.io().schedule(task);
      } else {
        task.run();
      }
    });
  }

  /** A result computed once per execution under {@code key} and shared by every caller. */
  @SuppressWarnings("unchecked")
  public <T> Mono<T> shared(Object key, Supplier<Mono<T>> compute) {
    return (Mono<T>) shared.computeIfAbsent(key, k -> compute.get().cache());
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

  public boolean isEnded() {
    return ended;
  }
}
