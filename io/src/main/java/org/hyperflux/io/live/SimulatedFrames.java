package org.hyperflux.io.live;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.ScanGeometry;

/**
 * The frames {@link MerlinSimulator} plays: a scan geometry and the pixels of each frame. The
 * extension point for replaying data: implement {@link #frame(long)} over a file (e.g. a loaded
 * 4-D signal's frame at {@code (k / scanX, k % scanX)}) or use {@link #of(ScanGeometry, List)}.
 *
 * <p>When {@link #period()} is {@code p > 0}, frame {@code k} equals frame {@code k % p}: the
 * simulator encodes those {@code p} frames once and sends them again with only the sequence number
 * patched (the fast path for benchmarks). With period 0 every frame is produced and encoded when
 * sent, on a worker thread ({@code boundedElastic}), a few frames ahead of the socket.
 */
public interface SimulatedFrames {
  /** Scan, frame size and dtype (uint8, uint16 or uint32). */
  ScanGeometry geometry();

  /**
   * Frame {@code index} (0-based, acquisition order): {@code framePixels} values of the geometry's
   * dtype in C order (rows of {@code frameWidth}). Called from one thread at a time.
   */
  Block frame(long index);

  /** Distinct frames before they repeat, or 0 when every frame may differ. */
  default int period() {
    return 0;
  }

  /**
   * A bright disc on a dim background, moving with scan position (a 4D-STEM scan over a
   * specimen with a deflecting field), with Poisson noise keyed by (seed, frame index): the same
   * seed gives the same frames on every run and every thread. The disc's radius is 1/8 of the
   * frame's smaller side; its centre moves linearly by ±1/8 of the frame across the scan; mean
   * counts are 50 inside, 1 outside (clipped to the dtype).
   */
  static SimulatedFrames disc(ScanGeometry geometry, long seed) {
    return disc(geometry, seed, 0);
  }

  /** {@link #disc(ScanGeometry, long)} cycling through the first {@code period} frames (0: all distinct). */
  static SimulatedFrames disc(ScanGeometry geometry, long seed, int period) {
    Objects.requireNonNull(geometry, "geometry");
    checkDtype(geometry.dtype());
    if (period < 0) throw new IllegalArgumentException("period must be >= 0, got " + period);
    return periodic(geometry, period,
        index -> discFrame(geometry, seed, period == 0 ? index : index % period));
  }

  /** Plays {@code frames} in a cycle (period = their number). */
  static SimulatedFrames of(ScanGeometry geometry, List<Block> frames) {
    checkDtype(geometry.dtype());
    List<Block> copy = List.copyOf(frames);
    if (copy.isEmpty()) throw new IllegalArgumentException("at least one frame is needed");
    for (Block b : copy) {
      if (b.dtype() != geometry.dtype() || b.length() != geometry.framePixels()) {
        throw new IllegalArgumentException("frames must be " + geometry.framePixels() + " " + geometry.dtype().numpyName()
            + " values, got " + b.length() + " " + b.dtype().numpyName());
      }
    }
    return periodic(geometry, copy.size(), index -> copy.get((int) (index % copy.size())));
  }

  /** Frames computed by {@code frame}, declared to repeat after {@code period} (0: never). */
  private static SimulatedFrames periodic(ScanGeometry geometry, int period,
      LongFunction<Block> frame) {
    return new SimulatedFrames() {
      @Override
      public ScanGeometry geometry() {
        return geometry;
      }

      @Override
      public Block frame(long index) {
        return frame.apply(index);
      }

      @Override
      public int period() {
        return period;
      }
    };
  }

  /**
   * The frames of a 4-D signal {@code (scanY, scanX, frameHeight, frameWidth)} of uint8, uint16
   * or uint32 (e.g. one loaded with {@code SignalFiles.load}), read lazily one scan row at a time
   * (one row's frames are held). The simulator calls {@link #frame(long)} on a worker thread,
   * never on its event loop, so reading a file here is fine.
   */
  static SimulatedFrames fromSignal(org.hyperflux.core.signal.Signal signal,
      org.hyperflux.core.exec.ExecOptions exec) {
    long[] d = signal.data().shape().dims();
    if (d.length != 4) {
      throw new IllegalArgumentException("a scan to simulate is 4-D (scanY, scanX, frameHeight, frameWidth), got shape "
          + signal.data().shape());
    }
    ScanGeometry g = new ScanGeometry(Math.toIntExact(d[0]), Math.toIntExact(d[1]), Math.toIntExact(d[2]),
        Math.toIntExact(d[3]), signal.dtype());
    checkDtype(g.dtype());
    return new SimulatedFrames() {
      private long row = -1;
      private Block rowFrames;

      @Override
      public ScanGeometry geometry() {
        return g;
      }

      @Override
      public Block frame(long index) {
        long r = index / g.scanX();
        if (r != row) {
          rowFrames = signal.data().slice(0, r, r + 1, 1).compute(exec).toBlock();
          row = r;
        }
        return rowFrames.slice((int) (index % g.scanX()) * g.framePixels(), g.framePixels());
      }
    };
  }

  /** The disc frame at position {@code index} of the scan (see {@link #disc(ScanGeometry, long)}). */
  static Block discFrame(ScanGeometry g, long seed, long index) {
    int h = g.frameHeight();
    int w = g.frameWidth();
    double r = Math.max(1, Math.min(h, w) / 8.0);
    double fy = g.scanY() > 1 ? (index / g.scanX()) % g.scanY() / (double) (g.scanY() - 1) - 0.5 : 0;
    double fx = g.scanX() > 1 ? (index % g.scanX()) / (double) (g.scanX() - 1) - 0.5 : 0;
    double cy = h / 2.0 + fy * h / 4.0;
    double cx = w / 2.0 + fx * w / 4.0;
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    double max = g.dtype().maxValue();
    double inside = Math.exp(-50);
    double outside = Math.exp(-1);
    Block b = Block.allocate(g.dtype(), g.framePixels());
    for (int y = 0; y < h; y++) {
      double dy = y + 0.5 - cy;
      for (int x = 0; x < w; x++) {
        double dx = x + 0.5 - cx;
        double limit = dx * dx + dy * dy <= r * r ? inside : outside;
        // Knuth's multiplication method: exact for small means.
        long k = 0;
        double p = random.nextDouble();
        while (p > limit) {
          k++;
          p *= random.nextDouble();
        }
        b.setLong(y * w + x, (long) Math.min(k, max));
      }
    }
    return b;
  }

  private static void checkDtype(DType dtype) {
    if (dtype != DType.UINT8 && dtype != DType.UINT16 && dtype != DType.UINT32) {
      throw new IllegalArgumentException("simulated Merlin frames are uint8, uint16 or uint32, not " + dtype.numpyName());
    }
  }
}
