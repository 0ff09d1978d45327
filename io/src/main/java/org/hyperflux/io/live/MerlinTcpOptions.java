package org.hyperflux.io.live;

import java.time.Duration;
import java.util.Objects;
import org.hyperflux.core.exec.ExecOptions;

/**
 * How {@link MerlinTcpSource} connects to a Merlin data channel and cuts its frames into batches.
 * Immutable; start from {@link #of(String, int)} and derive with the {@code with*} methods.
 *
 * <pre>{@code MerlinTcpOptions o = MerlinTcpOptions.of("127.0.0.1", 6342).withScan("128x128");}</pre>
 *
 * @param host the detector PC
 * @param port the data port (Merlin: 6342)
 * @param scanX scan width in positions, 0 to take {@code ScanX} from the acquisition header
 * @param scanY scan height in positions, 0 to take {@code ScanY} from the acquisition header
 * @param framesPerBatch frames per {@link org.hyperflux.core.live.FrameBatch}; 0 chooses about
 *     {@link #TARGET_BATCH_BYTES} of pixels per batch
 * @param maxBatchLatency a batch that has waited this long for its last frame is sent short (slow
 *     frame rates still reach consumers promptly)
 * @param headerTimeout longest wait for the acquisition header, {@link Duration#ZERO} for no limit
 *     (the header comes when the acquisition is armed, which may be much later than connecting)
 * @param firstFrameTimeout longest wait from the header to the first frame
 * @param frameTimeout longest wait for the next frame once frames flow
 * @param exec budget and schedulers; pixels are decoded on {@link ExecOptions#cpu()}
 */
public record MerlinTcpOptions(String host, int port, int scanX, int scanY, int framesPerBatch,
    Duration maxBatchLatency, Duration headerTimeout, Duration firstFrameTimeout,
    Duration frameTimeout, ExecOptions exec) {

  /** Default pixels per batch: 2 MiB, large enough to keep per-frame overhead out of a 10 kHz path. */
  public static final int TARGET_BATCH_BYTES = 2 << 20;
  /** Default first-frame timeout. */
  public static final Duration DEFAULT_FIRST_FRAME_TIMEOUT = Duration.ofSeconds(30);
  /** Default inter-frame timeout. */
  public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(5);
  /** Default batch latency. */
  public static final Duration DEFAULT_MAX_BATCH_LATENCY = Duration.ofMillis(100);

  public MerlinTcpOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    if (scanX < 0 || scanY < 0 || (scanX == 0) != (scanY == 0)) {
      throw new IllegalArgumentException("scan must be both sizes > 0 or both 0 (from the header), got "
          + scanX + "x" + scanY);
    }
    if (framesPerBatch < 0) throw new IllegalArgumentException("framesPerBatch must be >= 0, got " + framesPerBatch);
    positive(maxBatchLatency, "maxBatchLatency");
    notNegative(headerTimeout, "headerTimeout");
    positive(firstFrameTimeout, "firstFrameTimeout");
    positive(frameTimeout, "frameTimeout");
    Objects.requireNonNull(exec, "exec");
  }

  /** Header geometry, automatic batches, no header timeout, 30 s first frame, 5 s between frames. */
  public static MerlinTcpOptions of(String host, int port) {
    return new MerlinTcpOptions(host, port, 0, 0, 0, DEFAULT_MAX_BATCH_LATENCY, Duration.ZERO,
        DEFAULT_FIRST_FRAME_TIMEOUT, DEFAULT_FRAME_TIMEOUT, ExecOptions.defaults());
  }

  /** The scan as users write it, x before y: {@code "128x128"}, {@code "256x64"}. */
  public MerlinTcpOptions withScan(String scan) {
    String[] p = scan.strip().toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (p.length == 2) return withScan(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("scan must be WIDTHxHEIGHT, e.g. 128x128, got '" + scan + "'");
  }

  public MerlinTcpOptions withScan(int x, int y) {
    return new MerlinTcpOptions(host, port, x, y, framesPerBatch, maxBatchLatency, headerTimeout,
        firstFrameTimeout, frameTimeout, exec);
  }

  public MerlinTcpOptions withFramesPerBatch(int frames) {
    return new MerlinTcpOptions(host, port, scanX, scanY, frames, maxBatchLatency, headerTimeout,
        firstFrameTimeout, frameTimeout, exec);
  }

  public MerlinTcpOptions withMaxBatchLatency(Duration latency) {
    return new MerlinTcpOptions(host, port, scanX, scanY, framesPerBatch, latency, headerTimeout,
        firstFrameTimeout, frameTimeout, exec);
  }

  public MerlinTcpOptions withHeaderTimeout(Duration timeout) {
    return new MerlinTcpOptions(host, port, scanX, scanY, framesPerBatch, maxBatchLatency, timeout,
        firstFrameTimeout, frameTimeout, exec);
  }

  public MerlinTcpOptions withFirstFrameTimeout(Duration timeout) {
    return new MerlinTcpOptions(host, port, scanX, scanY, framesPerBatch, maxBatchLatency, headerTimeout,
        timeout, frameTimeout, exec);
  }

  public MerlinTcpOptions withFrameTimeout(Duration timeout) {
    return new MerlinTcpOptions(host, port, scanX, scanY, framesPerBatch, maxBatchLatency, headerTimeout,
        firstFrameTimeout, timeout, exec);
  }

  public MerlinTcpOptions withExec(ExecOptions options) {
    return new MerlinTcpOptions(host, port, scanX, scanY, framesPerBatch, maxBatchLatency, headerTimeout,
        firstFrameTimeout, frameTimeout, options);
  }

  /**
   * Frames per batch for frames of {@code frameBytes} decoded bytes: {@link #framesPerBatch()},
   * or about {@link #TARGET_BATCH_BYTES} of pixels, fewer when {@link MerlinTcpSource#HELD_BATCHES}
   * such batches would take more than a quarter of the budget; at least 1.
   */
  public int batchFrames(long frameBytes) {
    if (framesPerBatch > 0) return framesPerBatch;
    long f = Math.max(1, frameBytes);
    long byTarget = TARGET_BATCH_BYTES / f;
    long byBudget = exec.budgetBytes() / 4 / MerlinTcpSource.HELD_BATCHES / f;
    return (int) Math.max(1, Math.min(4096, Math.min(byTarget, byBudget)));
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }
  }

  private static void notNegative(Duration d, String name) {
    if (d == null || d.isNegative()) throw new IllegalArgumentException(name + " must be >= 0, got " + d);
  }
}
