package org.hyperflux.examples;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.hdf5.write.ChunkEncoder;

/**
 * The limit a {@code .hspy} save is held against: every storage chunk of a loaded signal's sources
 * read and decoded as {@link DecodeLimit} reads them, then encoded as the HDF5 writer encodes it
 * ({@link ChunkEncoder}: shuffle + deflate at the save's level), on {@code threads} threads each
 * taking the next chunk until none is left; the encoded bytes are dropped. Nothing is written and
 * nothing else runs, so a save taking little more than this is bound by decoding and deflate.
 * Edge chunks are encoded as they are, not padded to the full chunk as the writer stores them.
 */
final class SaveLimit {
  private SaveLimit() {}

  /** What one pass did: chunks, decoded bytes, encoded bytes and seconds. */
  record Pass(long chunks, long bytes, long encodedBytes, double seconds) {}

  /** One pass over every chunk of every source of {@code signal}, deflating at {@code level}. */
  static Pass run(Signal signal, int level, ExecutorService pool, int threads)
      throws IOException, InterruptedException {
    ChunkEncoder encoder = new ChunkEncoder(level);
    AtomicLong decoded = new AtomicLong();
    AtomicLong encoded = new AtomicLong();
    long t0 = System.nanoTime();
    long chunks = DecodeLimit.eachChunk(signal, pool, threads, b -> {
      decoded.addAndGet(b.nbytes());
      encoded.addAndGet(encoder.encode(b).length());
    });
    return new Pass(chunks, decoded.get(), encoded.get(), (System.nanoTime() - t0) / 1e9);
  }
}
