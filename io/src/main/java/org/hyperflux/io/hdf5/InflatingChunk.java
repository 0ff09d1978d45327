package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.util.BitSet;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.LazyBlockChunk;
import org.hyperflux.io.internal.Libdeflate;

/**
 * A deflated chunk (deflate, or shuffle then deflate) whose decoding waits for the kernel that
 * reads it. Its stored bytes were read from the file straight into native memory; the first
 * range asked for inflates them with libdeflate into native memory too, and each range of
 * elements is then put together (unshuffled, byte order) into the block just before the kernel
 * reads it, while it is still in the CPU's cache. The inflated and the stored bytes are freed
 * when the last piece is done, or when the chunk is {@linkplain #release released} before that
 * (the region data reading it releases it). The block is allocated on first use: a chunk read
 * only by transient decoding ({@link #decodeTransient}, ranges put together into the caller's
 * buffer) never allocates it, and frees the inflated bytes once as many elements as the chunk
 * has have been copied out (a later read inflates the stored bytes again). A stream libdeflate
 * rejects is decoded by the dataset's pipeline instead, whose error says what is wrong.
 * Thread-safe.
 */
final class InflatingChunk extends LazyBlockChunk {
  /** Elements put together at once. */
  static final int PIECE = 1 << 15;

  /** Decodes a chunk's stored bytes whole (the dataset's pipeline). */
  interface Decoder {
    Block decode(byte[] stored) throws IOException;
  }

  /** A chunk decoded or transiently read after its release. */
  private static final String RELEASED = "the chunk was released";

  private final boolean shuffled;
  private final boolean bigEndian;
  private final Decoder fallback;
  private final BitSet done;
  /**
   * The stored bytes in native memory; null once done (every piece decoded into the block) or
   * released. Decoding that is not done yet finds it null only after a release.
   */
  private Libdeflate.Input stored;
  private Libdeflate.Inflated inflated;
  private int pending;
  /** Elements copied out by transient decoding so far. */
  private long copiedOut;

  /** A chunk of the stored bytes {@code stored}, which it frees when done or released. */
  InflatingChunk(Libdeflate.Input stored, DType dtype, int elements, boolean shuffled,
      boolean bigEndian, Decoder fallback) {
    super(dtype, elements);
    this.stored = stored;
    this.shuffled = shuffled;
    this.bigEndian = bigEndian;
    this.fallback = fallback;
    this.pending = (elements + PIECE - 1) / PIECE;
    this.done = new BitSet(pending);
  }

  @Override
  public synchronized boolean complete() {
    return pending == 0;
  }

  /** The block, counted whether allocated yet or not, the stored bytes and the native bytes. */
  @Override
  public synchronized long heldBytes() {
    return decodedBytes() + (stored == null ? 0 : stored.heldBytes())
        + (inflated == null ? 0 : inflated.heldBytes());
  }

  @Override
  public synchronized boolean decodeTransient(long from, long to, Block dst, int dstOffset)
      throws IOException {
    if (blockAllocated()) return false;
    checkTransientRange(from, to, dst, dstOffset);
    if (stored == null) throw new IllegalStateException(RELEASED);
    if (from == to) return true;
    if (inflated == null) {
      inflated = Libdeflate.inflate(Libdeflate.Format.ZLIB, stored, length(), dtype().itemSize());
      // A stream libdeflate rejects: decode diagnoses it with the dataset's pipeline.
      if (inflated == null) return false;
    }
    inflated.copyTo(dst.array(), dst.offset() + dstOffset, (int) from, (int) (to - from),
        shuffled, bigEndian);
    copiedOut += to - from;
    if (copiedOut >= length()) {
      // Every element has been copied out once: the native bytes go, the stored ones stay for
      // any later read.
      inflated.close();
      inflated = null;
      copiedOut = 0;
    }
    return true;
  }

  @Override
  public synchronized void decode(long from, long to) throws IOException {
    if (pending == 0 || from >= to) return;
    if (stored == null) throw new IllegalStateException(RELEASED);
    Block block = block();
    int n = block.length();
    int first = (int) (Math.max(0, from) / PIECE);
    int last = (int) ((Math.min(n, to) - 1) / PIECE);
    int j = done.nextClearBit(first);
    if (j > last) return;
    if (inflated == null) {
      inflated = Libdeflate.inflate(Libdeflate.Format.ZLIB, stored, n, block.dtype().itemSize());
      if (inflated == null) {
        block.copyFrom(fallback.decode(stored.toArray()), 0, 0, n);
        finish();
        return;
      }
    }
    for (; j <= last; j = done.nextClearBit(j + 1)) {
      int start = j * PIECE;
      inflated.copyTo(block.array(), start, Math.min(PIECE, n - start), shuffled, bigEndian);
      done.set(j);
      if (--pending == 0) finish();
    }
  }

  /** Frees the stored and the inflated bytes; the block, if decoded, stays valid. */
  @Override
  public synchronized void release() {
    dropNativeBytes();
  }

  private void finish() {
    pending = 0;
    dropNativeBytes();
  }

  private void dropNativeBytes() {
    if (stored != null) {
      stored.close();
      stored = null;
    }
    if (inflated != null) {
      inflated.close();
      inflated = null;
    }
  }
}
