package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.util.BitSet;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.LazyBlockChunk;
import org.hyperflux.io.internal.Libdeflate;

/**
 * A deflated chunk (deflate, or shuffle then deflate) whose decoding waits for the kernel that
 * reads it: the first range asked for inflates the stored bytes with libdeflate into native
 * memory, and each range of elements is then put together (unshuffled, byte order) into the
 * block just before the kernel reads it, while it is still in the CPU's cache. The native bytes
 * and the stored bytes are dropped when the last piece is done. The block is allocated on first
 * use: a chunk read only by transient decoding ({@link #decodeTransient}, ranges put together
 * into the caller's buffer) never allocates it, and drops the native bytes once as many elements
 * as the chunk has have been copied out (a later read inflates the stored bytes again). A stream
 * libdeflate rejects is decoded by the dataset's pipeline instead, whose error says what is
 * wrong. Thread-safe.
 */
final class InflatingChunk extends LazyBlockChunk {
  /** Elements put together at once. */
  static final int PIECE = 1 << 15;

  /** Decodes a chunk's stored bytes whole (the dataset's pipeline). */
  interface Decoder {
    Block decode(byte[] stored) throws IOException;
  }

  private final boolean shuffled;
  private final boolean bigEndian;
  private final Decoder fallback;
  private final BitSet done;
  private byte[] stored;
  private Libdeflate.Inflated inflated;
  private int pending;
  /** Elements copied out by transient decoding so far. */
  private long copiedOut;

  InflatingChunk(byte[] stored, DType dtype, int elements, boolean shuffled, boolean bigEndian,
      Decoder fallback) {
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
    return decodedBytes() + (stored == null ? 0 : stored.length)
        + (inflated == null ? 0 : inflated.heldBytes());
  }

  @Override
  public synchronized boolean decodeTransient(long from, long to, Block dst, int dstOffset)
      throws IOException {
    if (blockAllocated()) return false;
    checkTransientRange(from, to, dst, dstOffset);
    if (from == to) return true;
    if (inflated == null) {
      inflated = Libdeflate.inflate(Libdeflate.Format.ZLIB, stored, 0, stored.length, length(),
          dtype().itemSize());
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
    Block block = block();
    int n = block.length();
    int first = (int) (Math.max(0, from) / PIECE);
    int last = (int) ((Math.min(n, to) - 1) / PIECE);
    int j = done.nextClearBit(first);
    if (j > last) return;
    if (inflated == null) {
      inflated = Libdeflate.inflate(Libdeflate.Format.ZLIB, stored, 0, stored.length, n,
          block.dtype().itemSize());
      if (inflated == null) {
        block.copyFrom(fallback.decode(stored), 0, 0, n);
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

  private void finish() {
    pending = 0;
    stored = null;
    if (inflated != null) {
      inflated.close();
      inflated = null;
    }
  }
}
