package org.hyperflux.core.live;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import reactor.core.publisher.Flux;

/**
 * An in-memory {@link LiveSource} for tests: a scan whose frames show a disc that moves with the
 * scan position over a deterministic noise floor (a hash of frame, row and column, no RNG), sent
 * in batches of {@code batchFrames} through {@code Flux.generate}, so demand is respected exactly.
 * It can fail after a number of frames, lose frames (a gap) and records what it emitted and
 * whether it was cancelled.
 */
public final class ScanSimulation implements LiveSource {
  private final ScanGeometry geometry;
  private final int batchFrames;
  private long failAfter = -1;
  private long gapAt = -1;
  private long gapLength;
  private final AtomicLong emittedBatches = new AtomicLong();
  private final AtomicLong emittedFrames = new AtomicLong();
  private final AtomicLong subscriptions = new AtomicLong();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public ScanSimulation(ScanGeometry geometry, int batchFrames) {
    this.geometry = geometry;
    this.batchFrames = batchFrames;
  }

  /** Fails with a {@link LiveAcquisitionException} after sending {@code frames} frames. */
  public ScanSimulation failAfter(long frames) {
    this.failAfter = frames;
    return this;
  }

  /** Loses {@code length} frames starting at {@code first} (sent as a gap). */
  public ScanSimulation gap(long first, long length) {
    this.gapAt = first;
    this.gapLength = length;
    return this;
  }

  public ScanGeometry geometry() {
    return geometry;
  }

  public long emittedBatches() {
    return emittedBatches.get();
  }

  public long emittedFrames() {
    return emittedFrames.get();
  }

  public long subscriptions() {
    return subscriptions.get();
  }

  public boolean cancelled() {
    return cancelled.get();
  }

  @Override
  public String description() {
    return "simulated " + geometry;
  }

  @Override
  public Flux<LiveEvent> acquire() {
    long total = geometry.frames();
    return Flux.<LiveEvent, Long>generate(() -> -1L, (next, sink) -> {
      if (next < 0) {
        sink.next(new LiveEvent.Started(geometry, Map.of("Frames in Acquisition", "" + total)));
        return 0L;
      }
      if (failAfter >= 0 && next >= failAfter) {
        sink.error(new LiveAcquisitionException(description(), "the sender disconnected",
            emittedFrames.get(), total, null));
        return next;
      }
      if (next >= total) {
        sink.complete();
        return next;
      }
      if (next == gapAt) {
        sink.next(new FrameGap(next, gapLength));
        return next + gapLength;
      }
      long end = Math.min(total, next + batchFrames);
      if (gapAt > next && gapAt < end) end = gapAt;
      if (failAfter > next && failAfter < end) end = failAfter;
      int n = (int) (end - next);
      Block pixels = Block.allocate(geometry.dtype(), n * geometry.framePixels());
      for (int i = 0; i < n; i++) fill(geometry, next + i, pixels, i * geometry.framePixels());
      emittedBatches.incrementAndGet();
      emittedFrames.addAndGet(n);
      sink.next(new FrameBatch(next, n, pixels));
      return end;
    }).doOnSubscribe(s -> subscriptions.incrementAndGet())
        .doOnCancel(() -> cancelled.set(true));
  }

  /** Writes frame {@code frame} of the scan into {@code out} from element {@code at}. */
  public static void fill(ScanGeometry g, long frame, Block out, int at) {
    int h = g.frameHeight();
    int w = g.frameWidth();
    double cx = w / 2.0 + (g.column(frame) - g.scanX() / 2.0) * 0.5;
    double cy = h / 2.0 + (g.row(frame) - g.scanY() / 2.0) * 0.5;
    double r = Math.max(1.5, Math.min(h, w) / 6.0);
    int k = at;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        long hash = (frame * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL) ^ (x * 0x165667B19E3779F9L);
        hash ^= hash >>> 29;
        hash *= 0xBF58476D1CE4E5B9L;
        hash ^= hash >>> 32;
        int noise = (int) (hash & 15);
        double dx = x - cx;
        double dy = y - cy;
        int v = noise + (dx * dx + dy * dy <= r * r ? 200 + (int) (frame % 7) : 0);
        if (g.dtype() == DType.FLOAT32) out.setDouble(k, v + 0.25 * (hash >>> 60));
        else out.setLong(k, v);
        k++;
      }
    }
  }
}
