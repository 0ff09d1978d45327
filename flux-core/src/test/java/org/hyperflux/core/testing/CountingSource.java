package org.hyperflux.core.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;

/**
 * A {@link Source} that delegates to another one and records what the executor does with it:
 * handles opened and closed, chunk and region reads started and finished (with the chunk
 * indices), reads whose thread was interrupted, and closes that happened while a read was still
 * running. Optional behaviours: a blocking mode whose reads sleep on the IO scheduler, reads held
 * until the test releases them, a chunk whose read fails with an {@link IOException}, and
 * capabilities other than the delegate's.
 *
 * <p>Configure before use (the fluent setters are not meant to race with reads); the counters
 * are thread-safe.
 */
public final class CountingSource implements Source {
  private final Source delegate;
  private volatile Duration readDelay = Duration.ZERO;
  private volatile boolean blocking;
  private volatile ChunkIndex failAt;
  private volatile boolean failAll;
  private volatile Set<Capability> capabilities;
  private volatile String description;
  private volatile CountDownLatch hold;

  private final AtomicInteger opens = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();
  private final AtomicInteger readsStarted = new AtomicInteger();
  private final AtomicInteger readsFinished = new AtomicInteger();
  private final AtomicInteger regionReads = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger interruptedReads = new AtomicInteger();
  private final AtomicInteger closesDuringRead = new AtomicInteger();
  private final List<ChunkIndex> chunksRead = new CopyOnWriteArrayList<>();
  private final List<Region> regionsRead = new CopyOnWriteArrayList<>();
  private final List<String> readThreads = new CopyOnWriteArrayList<>();

  private CountingSource(Source delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.capabilities = delegate.capabilities();
    this.description = "counting " + delegate.description();
  }

  /** Counts the reads of {@code delegate}. */
  public static CountingSource of(Source delegate) {
    return new CountingSource(delegate);
  }

  /** A counting float32 ramp ({@code value = flat index}) on a regular grid. */
  public static CountingSource ramp(Shape shape, int... chunkShape) {
    ChunkGrid grid = ChunkGrid.regular(shape, chunkShape);
    long[] strides = shape.strides();
    return of(GeneratedSource.of("ramp", DType.FLOAT32, grid, p -> {
      long flat = 0;
      for (int a = 0; a < p.length; a++) flat += p[a] * strides[a];
      return flat;
    }));
  }

  /** Every read sleeps {@code delay} and the source declares itself blocking (reads on the IO scheduler). */
  public CountingSource blocking(Duration delay) {
    this.readDelay = delay;
    this.blocking = true;
    return this;
  }

  /**
   * Every read waits (on the IO scheduler: the source declares itself blocking) until
   * {@link #releaseReads} is called, at most 10 seconds; an interrupt while waiting is recorded.
   */
  public CountingSource heldUntilReleased() {
    this.hold = new CountDownLatch(1);
    this.blocking = true;
    return this;
  }

  /** Lets held reads (and all later ones) proceed. */
  public void releaseReads() {
    CountDownLatch h = hold;
    if (h != null) h.countDown();
  }

  /** The read of chunk {@code index} throws an {@link IOException}. */
  public CountingSource failingAt(ChunkIndex index) {
    this.failAt = index;
    return this;
  }

  /** Every chunk's read throws an {@link IOException}. */
  public CountingSource failingEverywhere() {
    this.failAll = true;
    return this;
  }

  /** Declares these capabilities instead of the delegate's. */
  public CountingSource withCapabilities(Capability first, Capability... rest) {
    this.capabilities = EnumSet.of(first, rest);
    return this;
  }

  /** Names the source {@code description} in messages. */
  public CountingSource named(String description) {
    this.description = description;
    return this;
  }

  @Override
  public Shape shape() {
    return delegate.shape();
  }

  @Override
  public DType dtype() {
    return delegate.dtype();
  }

  @Override
  public ChunkGrid grid() {
    return delegate.grid();
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public boolean blocking() {
    return blocking || delegate.blocking();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public SourceHandle open() throws IOException {
    SourceHandle inner = delegate.open();
    opens.incrementAndGet();
    return new SourceHandle() {
      @Override
      public Block readChunk(ChunkIndex index) throws IOException {
        readsStarted.incrementAndGet();
        chunksRead.add(index);
        readThreads.add(Thread.currentThread().getName());
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          pause();
          if (failAll || index.equals(failAt)) {
            throw new IOException("simulated disk failure at chunk " + index);
          }
          return inner.readChunk(index);
        } finally {
          inFlight.decrementAndGet();
          readsFinished.incrementAndGet();
        }
      }

      @Override
      public Block readRegion(Region region) throws IOException {
        regionReads.incrementAndGet();
        regionsRead.add(region);
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          pause();
          return inner.readRegion(region);
        } finally {
          inFlight.decrementAndGet();
        }
      }

      @Override
      public void close() throws IOException {
        if (inFlight.get() > 0) closesDuringRead.incrementAndGet();
        closes.incrementAndGet();
        inner.close();
      }
    };
  }

  /** Waits for the hold and sleeps the read delay; records an interrupt that arrives meanwhile. */
  private void pause() {
    CountDownLatch h = hold;
    if (h == null && readDelay.isZero()) return;
    try {
      if (h != null) h.await(10, TimeUnit.SECONDS);
      if (!readDelay.isZero()) Thread.sleep(readDelay.toMillis());
      if (Thread.currentThread().isInterrupted()) interruptedReads.incrementAndGet();
    } catch (InterruptedException e) {
      interruptedReads.incrementAndGet();
      Thread.currentThread().interrupt();
    }
  }

  /** Handles opened. */
  public int opens() {
    return opens.get();
  }

  /** Handles closed. */
  public int closes() {
    return closes.get();
  }

  /** Chunk reads that have started. */
  public int reads() {
    return readsStarted.get();
  }

  /** Chunk reads that have returned (normally or by throwing). */
  public int readsFinished() {
    return readsFinished.get();
  }

  /** Region reads ({@link SourceHandle#readRegion}). */
  public int regionReads() {
    return regionReads.get();
  }

  /** The most reads (chunk or region) that ran at the same time. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Reads that saw their thread interrupted. */
  public int interruptedReads() {
    return interruptedReads.get();
  }

  /** Closes that happened while a read was still running. */
  public int closesDuringRead() {
    return closesDuringRead.get();
  }

  /** The chunk indices read, in the order the reads started. */
  public List<ChunkIndex> chunksRead() {
    return List.copyOf(chunksRead);
  }

  /** The regions read through {@link SourceHandle#readRegion}. */
  public List<Region> regionsRead() {
    return List.copyOf(regionsRead);
  }

  /** Names of the threads that ran chunk reads. */
  public List<String> readThreads() {
    return List.copyOf(readThreads);
  }

  /** Waits up to {@code timeout} until {@code counter} reaches {@code atLeast}; returns its last value. */
  public static int awaitAtLeast(IntSupplier counter, int atLeast, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int v = counter.getAsInt();
    while (v < atLeast && System.nanoTime() < deadline) {
      sleepQuietly(5);
      v = counter.getAsInt();
    }
    return v;
  }

  /** Sleeps without throwing (the interrupt flag is kept). */
  public static void sleepQuietly(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
