package org.hyperflux.io.zarr;

import java.nio.ByteBuffer;

/**
 * One thread's direct buffers that zstd decodes Blosc blocks between: the compressed bytes of a
 * stream, copied out of the chunk's byte array, and a decoded (still shuffled) Blosc block. zstd
 * reads and writes them in place, so no Java array is pinned while it runs: zstd-jni's byte-array
 * calls pin both arrays ({@code GetPrimitiveArrayCritical}), and on JDK 17 a pinned array can make
 * G1 fail other threads' allocations ({@code BloscGcProbe}). Buffers of up to 1 MiB are kept for
 * the thread's next call; a larger one serves the call that asked for it.
 */
final class DirectScratch {
  /** The largest buffer a thread keeps between calls. */
  static final int MAX_KEPT = 1 << 20;
  private static final ThreadLocal<DirectScratch> THREAD = ThreadLocal.withInitial(DirectScratch::new);

  private ByteBuffer compressed = ByteBuffer.allocateDirect(0);
  private ByteBuffer decoded = ByteBuffer.allocateDirect(0);

  private DirectScratch() {}

  /** This thread's buffers. */
  static DirectScratch get() {
    return THREAD.get();
  }

  /** A cleared direct buffer of at least {@code size} bytes for compressed input. */
  ByteBuffer compressed(int size) {
    if (compressed.capacity() >= size) return compressed.clear();
    ByteBuffer b = ByteBuffer.allocateDirect(size);
    if (size <= MAX_KEPT) compressed = b;
    return b;
  }

  /** A cleared direct buffer of at least {@code size} bytes for decoded output. */
  ByteBuffer decoded(int size) {
    if (decoded.capacity() >= size) return decoded.clear();
    ByteBuffer b = ByteBuffer.allocateDirect(size);
    if (size <= MAX_KEPT) decoded = b;
    return b;
  }
}
