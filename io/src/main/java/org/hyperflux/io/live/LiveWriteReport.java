package org.hyperflux.io.live;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a {@link LiveZspyWriter} wrote for one acquisition, once its file was finalised.
 *
 * @param path the {@code .zspy} directory
 * @param framesExpected frames in the scan
 * @param framesReceived frames that reached the writer
 * @param framesWritten frames stored in chunks that were written (equal to {@code
 *     framesReceived} unless a write failed)
 * @param framesLost frames the source reported lost ({@link org.hyperflux.core.live.FrameGap})
 *     or skipped
 * @param chunksWritten chunk files written
 * @param bytesRaw bytes of the chunks written, decoded
 * @param bytesStored bytes of the chunk files written (compressed)
 * @param maxLag the largest number of frames received but not yet written seen during the run
 * @param complete whether every frame of the scan is in the file
 * @param elapsed from the acquisition's start to the file's finalisation
 */
public record LiveWriteReport(Path path, long framesExpected, long framesReceived,
    long framesWritten, long framesLost, long chunksWritten, long bytesRaw, long bytesStored,
    long maxLag, boolean complete, Duration elapsed) {

  /** Decoded megabytes (10^6 bytes) written per second of {@link #elapsed()}. */
  public double megabytesPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s <= 0 ? 0 : bytesRaw / 1e6 / s;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "%s: %s, %d of %d frames written (%d lost), %d chunks, %.1f MB raw, %.1f MB stored,"
            + " max lag %d frames, %.2f s (%.1f MB/s)",
        path, complete ? "complete" : "incomplete", framesWritten, framesExpected, framesLost,
        chunksWritten, bytesRaw / 1e6, bytesStored / 1e6, maxLag, elapsed.toNanos() / 1e9,
        megabytesPerSecond());
  }
}
