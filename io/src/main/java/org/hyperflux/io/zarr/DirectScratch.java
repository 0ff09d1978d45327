package org.hyperflux.io.zarr;

import java.nio.ByteBuffer;

/**
 * One thread's direct buffers that zstd works between: its input, copied out of a Java array (the
 * compressed bytes of a Blosc stream of a frame not read into a direct buffer, or a piece of a
 * Zstd chunk), and its output (a decoded, still shuffled, Blosc block, or a piece of a chunk's
 * frame). zstd reads and writes them in place, so no Java array is pinned while it runs:
 * zstd-jni's byte-array calls pin both arrays ({@code GetPrimitiveArrayCritical}), and on JDK 17
 * a pinned array can make G1 fail other threads' allocations ({@code BloscGcProbe}). Buffers of
 * up to 1 MiB are kept for the thread's next call; a larger one serves the call that asked for
 * it.
 */
final class DirectScratch {
  /** The largest buffer a thread keeps between calls. */
  static final int MAX_KEPT = 1 << 20;
  private static final ThreadLocal<DirectScratch> THREAD = ThreadLocal.withInitial(DirectScratch::new);

  private ByteBuffer input = ByteBuffer.allocateDirect(0);
  private ByteBuffer output = ByteBuffer.allocateDirect(0);

  private DirectScratch() {}

  /** This thread's buffers. */
  static DirectScratch get() {
    return THREAD.get();
  }

  /** A cleared direct buffer of at least {@code size} bytes for zstd's input. */
  ByteBuffer input(int size) {
    if (input.capacity() >= size) return input.clear();
    ByteBuffer b = ByteBuffer.allocateDirect(size);
    if (size <= MAX_KEPT) input = b;
    return b;
  }

  /** A cleared direct buffer of at least {@code size} bytes for zstd's output. */
  ByteBuffer output(int size) {
    if (output.capacity() >= size) return output.clear();
    ByteBuffer b = ByteBuffer.allocateDirect(size);
    if (size <= MAX_KEPT) output = b;
    return b;
  }
}
