package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.ops.Slice;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * A source whose chunks are decoded by the kernels that read them ({@link
 * SourceHandle#readChunkDeferred}): each tile decodes only its own run, every element is decoded
 * once, results equal the eager source's for reductions, slices, transposes and plain computes,
 * a chunk delivered whole is delivered as the source's own block, and a decoding failure is a
 * {@link SourceReadException} naming the source and the chunk. A source that decodes transiently
 * ({@link DeferredChunk#decodeTransient}) has reductions read every tile that way, never asking
 * for a chunk's block, with the same results and errors.
 */
class DeferredDecodeTest {
  private static final Shape SHAPE = Shape.of(6, 10, 64, 48);
  private static final ChunkGrid GRID = ChunkGrid.regular(SHAPE, 4, 5, 64, 48);
  private static final ExecOptions SMALL_TILES = ExecOptions.defaults().withTileElements(3000);

  /** float32 values {@code flat index % 1000}: exact in float32 and in any sum here. */
  private static final Source EAGER = GeneratedSource.of("values", DType.FLOAT32, GRID, p -> {
    long flat = 0;
    long[] strides = SHAPE.strides();
    for (int a = 0; a < p.length; a++) flat += p[a] * strides[a];
    return flat % 1000;
  });

  @Test
  void reductionsDecodeEachTileJustBeforeReadingItAndEveryElementOnce() {
    DeferringSource deferred = new DeferringSource(-1);
    double[] want = LazyArray.of(EAGER).sum(2, 3).compute().toDoubleArray();
    double[] got = LazyArray.of(deferred).sum(2, 3).compute(SMALL_TILES).toDoubleArray();
    assertThat(got).containsExactly(want);
    assertThat(deferred.decodedElements.get()).isEqualTo(SHAPE.size());
    // Tiles of at most 3000 elements: no decode call covers more than one tile's run.
    assertThat(deferred.ranges).allSatisfy(r -> assertThat(r[1] - r[0]).isBetween(1L, 3000L));
    assertThat(deferred.ranges.size()).isGreaterThan((int) GRID.chunkCount());

    double[] frameWant = LazyArray.of(EAGER).sum(0, 1).compute().toDoubleArray();
    assertThat(LazyArray.of(new DeferringSource(-1)).sum(0, 1).compute(SMALL_TILES).toDoubleArray())
        .containsExactly(frameWant);
  }

  @Test
  void reductionsReadTransientTilesWithoutAskingForAnyChunksBlock() {
    double[] want = LazyArray.of(EAGER).sum(2, 3).compute().toDoubleArray();
    double[] frameWant = LazyArray.of(EAGER).sum(0, 1).compute().toDoubleArray();
    for (boolean overSignal : new boolean[] {true, false}) {
      DeferringSource deferred = new DeferringSource(-1, true);
      LazyArray sum = overSignal ? LazyArray.of(deferred).sum(2, 3) : LazyArray.of(deferred).sum(0, 1);
      assertThat(sum.compute(SMALL_TILES).toDoubleArray())
          .containsExactly(overSignal ? want : frameWant);
      assertThat(deferred.blockCalls.get()).isZero();
      assertThat(deferred.decodedElements.get()).isZero();
      assertThat(deferred.transientElements.get()).isEqualTo(SHAPE.size());
      assertThat(deferred.ranges).allSatisfy(r -> assertThat(r[1] - r[0]).isBetween(1L, 3000L));
    }
    // Computing the array itself still fills the chunks' blocks.
    DeferringSource deferred = new DeferringSource(-1, true);
    assertThat(LazyArray.of(deferred).compute(SMALL_TILES).toDoubleArray())
        .containsExactly(LazyArray.of(EAGER).compute().toDoubleArray());
    assertThat(deferred.decodedElements.get()).isEqualTo(SHAPE.size());
    assertThat(deferred.transientElements.get()).isZero();
  }

  @Test
  void elementwiseCastSqueezeAndRebinStillReadTransientTiles() {
    LazyArray eager = LazyArray.of(EAGER);
    List<java.util.function.UnaryOperator<LazyArray>> pipelines = List.of(
        a -> a.astype(DType.FLOAT64).sum(2, 3),
        a -> a.multiply(0.5).add(a).sum(0, 1),
        a -> a.slice(Slice.of(2, 3), Slice.all(), Slice.all(), Slice.all()).squeeze(0).sum(1, 2));
    for (java.util.function.UnaryOperator<LazyArray> pipeline : pipelines) {
      DeferringSource deferred = new DeferringSource(-1, true);
      assertThat(pipeline.apply(LazyArray.of(deferred)).compute(SMALL_TILES).toDoubleArray())
          .containsExactly(pipeline.apply(eager).compute().toDoubleArray());
      if (deferred.transientElements.get() > 0) {
        assertThat(deferred.blockCalls.get()).isZero();
        assertThat(deferred.decodedElements.get()).isZero();
      }
    }
    // A rebin folds its input's tiles as a reduction does.
    DeferringSource rebinned = new DeferringSource(-1, true);
    assertThat(LazyArray.of(rebinned).rebin(2, 5, 4, 4).compute(SMALL_TILES).toDoubleArray())
        .containsExactly(eager.rebin(2, 5, 4, 4).compute().toDoubleArray());
    assertThat(rebinned.blockCalls.get()).isZero();
    assertThat(rebinned.transientElements.get()).isEqualTo(SHAPE.size());
    // The cast and the elementwise chain read whole chunks: every element transiently.
    DeferringSource cast = new DeferringSource(-1, true);
    LazyArray.of(cast).astype(DType.FLOAT64).sum(2, 3).compute(SMALL_TILES);
    assertThat(cast.transientElements.get()).isEqualTo(SHAPE.size());
    DeferringSource chain = new DeferringSource(-1, true);
    LazyArray.of(chain).multiply(0.5).add(LazyArray.of(chain)).sum(0, 1).compute(SMALL_TILES);
    assertThat(chain.blockCalls.get()).isZero();
    assertThat(chain.transientElements.get()).isEqualTo(2 * SHAPE.size());
  }

  @Test
  void everyChunkReadIsReleasedOnceWhetherTheExecutionCompletesOrFails() throws Exception {
    // Reductions by transient tiles and by blocks, a compute of the whole, a slice: all released.
    for (boolean transientRuns : new boolean[] {true, false}) {
      DeferringSource s = new DeferringSource(-1, transientRuns);
      LazyArray.of(s).sum(2, 3).compute(SMALL_TILES);
      LazyArray.of(s).sum(0, 1).compute(SMALL_TILES);
      LazyArray.of(s).compute(SMALL_TILES);
      LazyArray.of(s).slice(Slice.of(1, 3), Slice.all(), Slice.all(), Slice.all()).compute();
      assertThat(s.chunksRead.get()).isPositive();
      assertThat(s.releases).as("transient %s", transientRuns).hasValue(s.chunksRead.get());
    }
    // A failed execution: the chunks read before, at and after the failure (reads that return
    // once the execution has been cancelled) are released too, once their reads have returned.
    for (boolean transientRuns : new boolean[] {true, false}) {
      DeferringSource s = new DeferringSource(SHAPE.size() / 3, transientRuns);
      assertThatThrownBy(() -> LazyArray.of(s).sum(2, 3).compute(SMALL_TILES))
          .isInstanceOf(SourceReadException.class);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (s.releases.get() < s.chunksRead.get() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(s.releases).as("transient %s", transientRuns).hasValue(s.chunksRead.get());
    }
  }

  @Test
  void aChunkWhoseReadReturnsAfterACancelIsReleased() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    DeferringSource slow = new DeferringSource(-1, true);
    slow.beforeDeferredRead = () -> {
      reading.countDown();
      try {
        proceed.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    };
    ExecContext ctx = new ExecContext(ExecOptions.defaults());
    Disposable subscription = ctx.readChunkDeferred(slow, ChunkIndex.of(0, 0, 0, 0)).subscribe();
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    subscription.dispose();
    proceed.countDown();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (slow.releases.get() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(slow.chunksRead).hasValue(1);
    assertThat(slow.releases).as("the dropped chunk released").hasValue(1);
    ctx.end();
  }

  @Test
  void aTransientDecodingFailureNamesTheSourceAndTheChunk() {
    DeferringSource failing = new DeferringSource(130_000, true);
    assertThatThrownBy(() -> LazyArray.of(failing).sum(0, 1).compute(SMALL_TILES))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("deferring test source")
        .hasMessageContaining("chunk [1, 0, 0, 0]")
        .hasRootCauseMessage("corrupt data at element 130000");
  }

  @Test
  void slicesTransposesAndComputesEqualTheEagerSource() {
    LazyArray eager = LazyArray.of(EAGER);
    LazyArray deferred = LazyArray.of(new DeferringSource(-1));
    assertThat(deferred.compute(SMALL_TILES).toDoubleArray())
        .containsExactly(eager.compute().toDoubleArray());
    assertThat(deferred.slice(Slice.of(1, 5), Slice.step(3), Slice.of(7, 60, 2), Slice.all())
        .compute(SMALL_TILES).toDoubleArray()).containsExactly(eager.slice(Slice.of(1, 5),
            Slice.step(3), Slice.of(7, 60, 2), Slice.all()).compute().toDoubleArray());
    assertThat(deferred.transpose(3, 1, 0, 2).compute(SMALL_TILES).toDoubleArray())
        .containsExactly(eager.transpose(3, 1, 0, 2).compute().toDoubleArray());
  }

  @Test
  void aWholeChunkIsDeliveredAsTheSourcesOwnBlock() {
    DeferringSource deferred = new DeferringSource(-1);
    List<Block> delivered = new CopyOnWriteArrayList<>();
    LazyArray.of(deferred).chunks(SMALL_TILES).doOnNext(c -> delivered.add(c.block())).blockLast();
    assertThat(delivered).hasSize((int) GRID.chunkCount());
    assertThat(delivered).allSatisfy(b -> assertThat(deferred.blocks).anySatisfy(
        own -> assertThat(own).isSameAs(b.array())));
    assertThat(deferred.decodedElements.get()).isEqualTo(SHAPE.size());
  }

  @Test
  void aDecodingFailureNamesTheSourceAndTheChunk() {
    // Element 130_000 = (4, 2, 20, 16) lies in chunk (1, 0, 0, 0).
    DeferringSource failing = new DeferringSource(130_000);
    assertThatThrownBy(() -> LazyArray.of(failing).sum(2, 3).compute(SMALL_TILES))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("deferring test source")
        .hasMessageContaining("chunk [1, 0, 0, 0]")
        .hasRootCauseMessage("corrupt data at element 130000");
  }

  /**
   * Reads {@link #EAGER}'s chunks, then hands out blocks filled with NaN that {@link
   * DeferredChunk#decode} fills run by run, recording the runs; decoding the run holding element
   * {@code failAt} (a flat index of the whole array, -1: none) fails. With {@code transientRuns},
   * its chunks also decode runs into a caller's buffer until their block is asked for.
   */
  private static final class DeferringSource implements Source {
    final long failAt;
    final boolean transientRuns;
    final AtomicLong decodedElements = new AtomicLong();
    final AtomicLong transientElements = new AtomicLong();
    final AtomicLong blockCalls = new AtomicLong();
    final AtomicLong chunksRead = new AtomicLong();
    final AtomicLong releases = new AtomicLong();
    /** Runs before each deferred read, on the reading thread. */
    volatile ReadHook beforeDeferredRead = () -> {};
    final List<long[]> ranges = new CopyOnWriteArrayList<>();
    final List<Object> blocks = new CopyOnWriteArrayList<>();

    DeferringSource(long failAt) {
      this(failAt, false);
    }

    DeferringSource(long failAt, boolean transientRuns) {
      this.failAt = failAt;
      this.transientRuns = transientRuns;
    }

    @Override
    public Shape shape() {
      return SHAPE;
    }

    @Override
    public DType dtype() {
      return DType.FLOAT32;
    }

    @Override
    public ChunkGrid grid() {
      return GRID;
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.RANDOM_ACCESS);
    }

    @Override
    public boolean blocking() {
      return true;
    }

    @Override
    public String description() {
      return "deferring test source";
    }

    @Override
    public SourceHandle open() throws IOException {
      SourceHandle eager = EAGER.open();
      return new SourceHandle() {
        @Override
        public Block readChunk(ChunkIndex index) throws IOException {
          return eager.readChunk(index);
        }

        @Override
        public DeferredChunk readChunkDeferred(ChunkIndex index) throws IOException {
          beforeDeferredRead.run();
          return new Pending(GRID.region(index), eager.readChunk(index));
        }

        @Override
        public Block readRegion(Region region) throws IOException {
          return eager.readRegion(region);
        }

        @Override
        public void close() throws IOException {
          eager.close();
        }
      };
    }

    /** Something to do before a read, which may fail as a read does. */
    interface ReadHook {
      void run() throws IOException;
    }

    private final class Pending implements DeferredChunk {
      private final Region region;
      private final Block truth;
      private final Block block;
      private final boolean[] done;
      private boolean blockAsked;

      private boolean released;

      Pending(Region region, Block truth) {
        chunksRead.incrementAndGet();
        this.region = region;
        this.truth = truth;
        this.block = Block.allocate(DType.FLOAT32, truth.length());
        Arrays.fill((float[]) block.array(), Float.NaN);
        this.done = new boolean[truth.length()];
        blocks.add(block.array());
      }

      @Override
      public DType dtype() {
        return DType.FLOAT32;
      }

      @Override
      public int length() {
        return truth.length();
      }

      @Override
      public synchronized Block block() {
        blockCalls.incrementAndGet();
        blockAsked = true;
        return block;
      }

      @Override
      public synchronized void decode(long from, long to) throws IOException {
        ranges.add(new long[] {from, to});
        for (int i = (int) from; i < to; i++) {
          if (done[i]) continue;
          check(i);
          block.setDouble(i, truth.getDouble(i));
          done[i] = true;
          decodedElements.incrementAndGet();
        }
      }

      @Override
      public synchronized boolean decodeTransient(long from, long to, Block dst, int dstOffset)
          throws IOException {
        if (!transientRuns || blockAsked) return false;
        ranges.add(new long[] {from, to});
        for (int i = (int) from; i < to; i++) {
          check(i);
          dst.setDouble(dstOffset + i - (int) from, truth.getDouble(i));
          transientElements.incrementAndGet();
        }
        return true;
      }

      /** Fails at element {@code i} of the chunk when it is {@code failAt}. */
      private void check(int i) throws IOException {
        long[] strides = SHAPE.strides();
        long[] local = RegionCopy.strides(region);
        long flat = 0;
        long rest = i;
        for (int a = 0; a < local.length; a++) {
          flat += (region.offset(a) + rest / local[a]) * strides[a];
          rest %= local[a];
        }
        if (flat == failAt) throw new IOException("corrupt data at element " + flat);
      }

      @Override
      public synchronized boolean complete() {
        for (boolean d : done) if (!d) return false;
        return true;
      }

      @Override
      public long heldBytes() {
        return block.nbytes() + truth.nbytes();
      }

      @Override
      public synchronized void release() {
        if (released) throw new AssertionError("chunk " + region + " released twice");
        released = true;
        releases.incrementAndGet();
      }
    }
  }
}
