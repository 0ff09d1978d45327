package org.hyperflux.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.DeferredChunk;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;
import org.hyperflux.core.exec.ThreadBlocks;
import org.hyperflux.core.signal.Signal;

/**
 * The limit a file benchmark is held against: the time to read and decode every storage chunk of
 * a loaded signal's sources and do nothing else. Each source is opened once ({@link Source#open})
 * and its chunks are read through that one handle by {@code threads} threads, each taking the
 * next chunk index until none is left, with io's fastest decoder path: the stored bytes are read
 * ({@link SourceHandle#readChunkDeferred}) and decoded run by run, in runs of the default tile
 * size, into a buffer of the thread ({@link DeferredChunk#decodeTransient}) — for {@code .zspy}
 * the Blosc blocks with pooled zstd contexts and the native unshuffle, for {@code .hspy}
 * libdeflate and the unshuffle fused with the conversion — as a reduction reads its tiles; a
 * chunk that does not decode that way is decoded whole into its typed block (when read, or by
 * {@link DeferredChunk#decode}). The decoded elements are dropped. Nothing else runs: no plan, no
 * scheduler, no reduction. This is the least work any computation over all the data must do with
 * these decoders, so a sum taking little more than this is decode-bound.
 */
final class DecodeLimit {
  private DecodeLimit() {}

  /** What one pass read: chunks, decoded bytes (the elements' bytes) and seconds. */
  record Pass(long chunks, long bytes, double seconds) {}

  /** The distinct sources {@code signal}'s data reads. */
  static List<Source> sources(Signal signal) {
    Set<Source> set = new LinkedHashSet<>();
    signal.data().node().collectSources(set);
    return new ArrayList<>(set);
  }

  /** One pass over every chunk of every source of {@code signal} on {@code pool} ({@code threads} tasks). */
  static Pass run(Signal signal, ExecutorService pool, int threads) throws IOException,
      InterruptedException {
    AtomicLong decoded = new AtomicLong();
    long t0 = System.nanoTime();
    long chunks = eachChunkIndex(signal, pool, threads,
        (h, index) -> decoded.addAndGet(decodeInRuns(h, index)));
    return new Pass(chunks, decoded.get(), (System.nanoTime() - t0) / 1e9);
  }

  /** This thread's buffer for the runs of {@link #decodeInRuns}, one per element type. */
  private static final ThreadBlocks RUN_BUFFERS = new ThreadBlocks(Long.MAX_VALUE);

  /**
   * Reads chunk {@code index} and decodes it in runs of {@link Tiles#DEFAULT_TILE_ELEMENTS}
   * elements into this thread's buffer, or whole into a block when it does not decode that way;
   * returns the decoded bytes.
   */
  static long decodeInRuns(SourceHandle h, ChunkIndex index) throws IOException {
    DeferredChunk chunk = h.readChunkDeferred(index);
    try {
      int n = chunk.length();
      if (!chunk.complete()) {
        int run = Math.min(n, Tiles.DEFAULT_TILE_ELEMENTS);
        Block buffer = RUN_BUFFERS.atLeast(chunk.dtype(), run);
        for (int from = 0; from < n; from += run) {
          int to = Math.min(n, from + run);
          if (!chunk.decodeTransient(from, to, buffer, 0)) {
            chunk.decode(0, n);
            break;
          }
        }
      }
      return chunk.decodedBytes();
    } finally {
      chunk.release();
    }
  }

  /** What is done with each decoded chunk, on the pool's threads. */
  interface ChunkTask {
    void accept(Block chunk) throws IOException;
  }

  /** What is done with each chunk index through the source's handle, on the pool's threads. */
  interface IndexTask {
    void accept(SourceHandle handle, ChunkIndex index) throws IOException;
  }

  /**
   * Reads every storage chunk of every source of {@code signal} through one handle per source,
   * on {@code threads} tasks of {@code pool} each taking the next chunk index until none is left,
   * and hands each decoded chunk to {@code task}; returns the number of chunks. The first failure
   * stops the other tasks and is thrown.
   */
  static long eachChunk(Signal signal, ExecutorService pool, int threads, ChunkTask task)
      throws IOException, InterruptedException {
    return eachChunkIndex(signal, pool, threads, (h, index) -> task.accept(h.readChunk(index)));
  }

  /** As {@link #eachChunk}, handing each chunk's index and the source's handle to {@code task}. */
  static long eachChunkIndex(Signal signal, ExecutorService pool, int threads, IndexTask task)
      throws IOException, InterruptedException {
    long chunks = 0;
    for (Source s : sources(signal)) {
      ChunkGrid grid = s.grid();
      long n = grid.chunkCount();
      AtomicLong next = new AtomicLong();
      try (SourceHandle h = s.open()) {
        List<Future<?>> tasks = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
          tasks.add(pool.submit(() -> {
            for (long k = next.getAndIncrement(); k < n; k = next.getAndIncrement()) {
              if (failures.get() > 0) return null;
              try {
                task.accept(h, grid.index(k));
              } catch (IOException | RuntimeException e) {
                failures.incrementAndGet();
                throw e;
              }
            }
            return null;
          }));
        }
        for (Future<?> f : tasks) {
          try {
            f.get();
          } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            throw new IOException(c);
          }
        }
      }
      chunks += n;
    }
    return chunks;
  }
}
