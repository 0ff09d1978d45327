package org.hyperflux.io.zarr;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of zstd decompression contexts, so that every chunk and every Blosc block reuses one
 * instead of creating native state per call (the speed-up codec-speed.md measures). A context is
 * used by one thread at a time: borrowed for one chunk, returned after. At most
 * {@code 2 × cores} idle contexts are kept (as many as threads decode at once); extra ones are
 * closed, so nothing leaks when IO threads come and go.
 */
final class ZstdContexts {
  private static final int MAX_IDLE = 2 * Runtime.getRuntime().availableProcessors();
  private static final ConcurrentLinkedDeque<ZstdDecompressCtx> IDLE = new ConcurrentLinkedDeque<>();
  private static final AtomicInteger IDLE_COUNT = new AtomicInteger();

  private ZstdContexts() {}

  static ZstdDecompressCtx borrow() {
    ZstdDecompressCtx ctx = IDLE.pollFirst();
    if (ctx == null) return new ZstdDecompressCtx();
    IDLE_COUNT.decrementAndGet();
    return ctx;
  }

  static void release(ZstdDecompressCtx ctx) {
    if (IDLE_COUNT.incrementAndGet() <= MAX_IDLE) {
      IDLE.offerFirst(ctx);
    } else {
      IDLE_COUNT.decrementAndGet();
      ctx.close();
    }
  }
}
