package org.hyperflux.io.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.FrameGap;
import org.hyperflux.core.live.LiveAcquisitionException;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import reactor.core.publisher.Flux;

/**
 * In-memory live scans for the writer's tests: uint16 frames showing a bright disc whose centre
 * moves with the scan position over a faint background, emitted as a {@link LiveEvent} stream
 * with batches of a given size (not aligned with rows), optional gaps and an optional failure,
 * generated on demand (a scan larger than the heap streams through).
 */
final class LiveScans {
  private LiveScans() {}

  static ScanGeometry geometry(int scanY, int scanX, int height, int width) {
    return new ScanGeometry(scanY, scanX, height, width, DType.UINT16);
  }

  static Map<String, String> header(ScanGeometry g) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Frames in Acquisition (Number)", Long.toString(g.frames()));
    h.put("ScanX", Integer.toString(g.scanX()));
    h.put("ScanY", Integer.toString(g.scanY()));
    h.put("Counter Depth (number)", "12");
    h.put("Bias.Voltage (V)", "120.0");
    return h;
  }

  /** The value of pixel {@code (py, px)} of frame {@code k}. */
  static int pixel(ScanGeometry g, long k, int py, int px) {
    int y = g.row(k);
    int x = g.column(k);
    int h = g.frameHeight();
    int w = g.frameWidth();
    int cy = (y * 3 + h / 4) % h;
    int cx = (x * 5 + w / 4) % w;
    int r = Math.max(1, Math.min(h, w) / 5);
    int dy = py - cy;
    int dx = px - cx;
    return dy * dy + dx * dx <= r * r ? 200 + (int) (k % 50) : (int) ((k + py * w + px) % 5);
  }

  /** Frames {@code [first, first + count)} as one C-order block. */
  static Block frames(ScanGeometry g, long first, int count) {
    int fp = g.framePixels();
    short[] a = new short[count * fp];
    for (int i = 0; i < count; i++) {
      long k = first + i;
      for (int py = 0; py < g.frameHeight(); py++) {
        for (int px = 0; px < g.frameWidth(); px++) {
          a[i * fp + py * g.frameWidth() + px] = (short) pixel(g, k, py, px);
        }
      }
    }
    return Block.wrap(DType.UINT16, a);
  }

  /** A scan stream: which frames arrive, in batches of {@code batch}, and how it ends. */
  static final class Stream {
    final ScanGeometry geometry;
    int batch = 3;
    final List<long[]> gaps = new ArrayList<>();
    long failAfter = -1;
    boolean stall;
    final AtomicLong requested = new AtomicLong();
    final AtomicLong emittedFrames = new AtomicLong();
    volatile boolean cancelled;

    Stream(ScanGeometry geometry) {
      this.geometry = geometry;
    }

    Stream batch(int n) {
      batch = n;
      return this;
    }

    /** Frames {@code [first, first + count)} are lost (a {@link FrameGap}). */
    Stream gap(long first, long count) {
      gaps.add(new long[] {first, count});
      return this;
    }

    /** The stream fails, as a sender that disconnects, once {@code frames} frames were sent. */
    Stream failAfter(long frames) {
      failAfter = frames;
      return this;
    }

    /** The stream stops sending, without ending, once {@code frames} frames were sent. */
    Stream stallAfter(long frames) {
      failAfter = frames;
      stall = true;
      return this;
    }

    boolean arrives(long k) {
      if (failAfter >= 0 && k >= failAfter) return false;
      for (long[] gp : gaps) if (k >= gp[0] && k < gp[0] + gp[1]) return false;
      return true;
    }

    /** The events, generated lazily as they are requested. */
    Flux<LiveEvent> events() {
      long end = failAfter >= 0 ? Math.min(failAfter, geometry.frames()) : geometry.frames();
      Flux<LiveEvent> frames = Flux.<LiveEvent, long[]>generate(() -> new long[] {0}, (state, sink) -> {
        long k = state[0];
        if (k >= end) {
          if (failAfter >= 0 && failAfter < geometry.frames() && !stall) {
            sink.error(new LiveAcquisitionException("test sender", "the sender disconnected",
                emittedFrames.get(), geometry.frames(), null));
          } else {
            sink.complete();
          }
          return state;
        }
        for (long[] gp : gaps) {
          if (k == gp[0]) {
            long n = Math.min(gp[1], end - k);
            state[0] = k + n;
            sink.next(new FrameGap(k, n));
            return state;
          }
        }
        long stop = Math.min(end, k + batch);
        for (long[] gp : gaps) if (gp[0] > k && gp[0] < stop) stop = gp[0];
        int n = (int) (stop - k);
        state[0] = stop;
        emittedFrames.addAndGet(n);
        sink.next(new FrameBatch(k, n, frames(geometry, k, n)));
        return state;
      });
      if (stall) frames = frames.concatWith(Flux.never());
      return Flux.concat(Flux.just(new LiveEvent.Started(geometry, header(geometry))), frames)
          .doOnRequest(requested::addAndGet)
          .doOnCancel(() -> cancelled = true);
    }
  }
}
