package org.hyperflux.io.zarr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers that Blosc chunk files are read into ({@link DirectoryStore#readDirect}), kept
 * for reuse when released. A file read into a direct buffer goes there straight from the kernel,
 * where a Java array gets it through the JDK's temporary direct buffer, one more copy; and zstd
 * decodes from it in place ({@link BloscFrame}), where a Java array's streams are first copied
 * into native memory. A chunk holds its buffer until it is decoded or released, so the buffers
 * in use are bounded as the chunks in flight are. At most {@link #MAX_IDLE} buffers and {@link
 * #MAX_IDLE_BYTES} bytes are kept idle; others are dropped and freed by the garbage collector.
 * Thread-safe.
 */
final class DirectChunkBuffers {
  static final int MAX_IDLE = 2 * Runtime.getRuntime().availableProcessors() + 2;
  /** 64 MiB, or a quarter of the maximum heap (the default limit of direct memory) if less. */
  static final long MAX_IDLE_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 4);
  /** Capacities are rounded up to this many bytes, so chunks of similar sizes share buffers. */
  private static final int GRAIN = 64 << 10;

  private static final List<ByteBuffer> IDLE = new ArrayList<>();
  private static final AtomicLong ALLOCATED = new AtomicLong();
  private static long idleBytes;

  private DirectChunkBuffers() {}

  /**
   * A little-endian direct buffer with position 0 and limit {@code length}, idle or new.
   *
   * @throws OutOfMemoryError when direct memory runs out ({@code -XX:MaxDirectMemorySize})
   */
  static ByteBuffer acquire(int length) {
    synchronized (IDLE) {
      int best = -1;
      for (int i = 0; i < IDLE.size(); i++) {
        int capacity = IDLE.get(i).capacity();
        // Not a large buffer for a small chunk: it may be needed for a large one.
        boolean fits = capacity >= length && capacity <= 2L * Math.max(length, GRAIN);
        if (fits && (best < 0 || capacity < IDLE.get(best).capacity())) best = i;
      }
      if (best >= 0) {
        ByteBuffer b = IDLE.remove(best);
        idleBytes -= b.capacity();
        return b.clear().limit(length);
      }
    }
    long capacity = Math.min(Integer.MAX_VALUE - 8, ((long) length + GRAIN - 1) / GRAIN * GRAIN);
    ALLOCATED.incrementAndGet();
    return ByteBuffer.allocateDirect((int) capacity).order(ByteOrder.LITTLE_ENDIAN).limit(length);
  }

  /**
   * Takes back a buffer from {@link #acquire} that nothing reads any more; kept for reuse while
   * there is room, otherwise dropped.
   */
  static void release(ByteBuffer buffer) {
    synchronized (IDLE) {
      if (IDLE.size() < MAX_IDLE && idleBytes + buffer.capacity() <= MAX_IDLE_BYTES) {
        IDLE.add(buffer);
        idleBytes += buffer.capacity();
      }
    }
  }

  /** Bytes of the buffers kept idle now (for tests). */
  static long idleBytes() {
    synchronized (IDLE) {
      return idleBytes;
    }
  }

  /** Buffers kept idle now (for tests). */
  static int idleCount() {
    synchronized (IDLE) {
      return IDLE.size();
    }
  }

  /** Buffers allocated so far, rather than reused (for tests). */
  static long allocated() {
    return ALLOCATED.get();
  }
}
