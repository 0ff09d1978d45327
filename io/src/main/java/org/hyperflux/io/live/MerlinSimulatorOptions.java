package org.hyperflux.io.live;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.hyperflux.core.array.DType;
import org.hyperflux.io.mib.MerlinAcquisitionHeader;
import org.hyperflux.io.mib.MerlinFrameHeader;
import org.hyperflux.io.mib.MerlinPixels;

/**
 * What {@link MerlinSimulator} serves and how it misbehaves. Immutable; start from
 * {@link #of(SimulatedFrames)} and derive with the {@code with*} methods. Frame numbers here are
 * 0-based frame indices (the sequence number on the wire is index + 1); -1 disables a fault.
 *
 * @param host address to bind (default loopback)
 * @param port port to bind, 0 for an ephemeral one
 * @param frames the scan to play
 * @param header the acquisition header to send, null for one derived from the frames' geometry
 *     ({@code ScanX}, {@code ScanY}, {@code Frames in Acquisition}, counter depth)
 * @param frameRate frames per second, 0 for as fast as the client reads
 * @param garbageBeforeHeader bytes sent before the header (a client must drain them), or null
 * @param disconnectAfter close the connection after this many frames were sent
 * @param corruptAt the frame whose message is corrupted as {@code corruption} says
 * @param corruption how {@code corruptAt} is corrupted
 * @param stallAfter stop sending for {@code stall} once this many frames were sent
 * @param stall how long the stall lasts
 * @param skipFrames frames never sent (a sequence gap on the wire)
 * @param headerAgainAt send the acquisition header again before this frame (an aborted and
 *     restarted acquisition)
 * @param rawDepth 0 to send binary frames ({@code U08}/{@code U16}/{@code U32}); 1, 6 or 12 to
 *     send raw {@code R64} frames of that counter depth ({@code R1}, {@code R6}, {@code R12};
 *     frames of uint8 for 1 and 6, uint16 for 12), encoded with {@link MerlinPixels#encodeRaw}
 * @param rawLayout the raw frames' layout: {@code 1x1} (one chip, any frame size that fills whole
 *     64-bit words), {@code 2x2} (quad, 512 × 512 frames, 1024 × 256 on the wire) or {@code 2x2G}
 *     (quad with gaps, 514 × 514 frames); null when binary
 */
public record MerlinSimulatorOptions(String host, int port, SimulatedFrames frames,
    MerlinAcquisitionHeader header, double frameRate, String garbageBeforeHeader, long disconnectAfter,
    long corruptAt, Corruption corruption, long stallAfter, Duration stall, Set<Long> skipFrames,
    long headerAgainAt, int rawDepth, String rawLayout) {

  /** Ways to corrupt one frame message. */
  public enum Corruption {
    /** The frame header's magic {@code MQ1} becomes {@code MQX}. */
    FRAME_HEADER,
    /** The {@code MPX} length field holds a non-digit. */
    MPX_LENGTH,
    /** The {@code MPX} length (and the message) is two bytes longer than the other frames'. */
    FRAME_LENGTH
  }

  public MerlinSimulatorOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(frames, "frames");
    Objects.requireNonNull(corruption, "corruption");
    Objects.requireNonNull(stall, "stall");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    if (!(frameRate >= 0) || Double.isInfinite(frameRate)) {
      throw new IllegalArgumentException("frameRate must be >= 0 Hz (0: as fast as possible), got " + frameRate);
    }
    if (frames.geometry().frames() > 999_999) {
      throw new IllegalArgumentException("a Merlin sequence number has 6 digits; the scan has "
          + frames.geometry().frames() + " frames");
    }
    skipFrames = Set.copyOf(new TreeSet<>(skipFrames));
    if (rawDepth != 0) checkRaw(frames.geometry(), rawDepth, rawLayout);
    else if (rawLayout != null) throw new IllegalArgumentException("rawLayout needs a raw counter depth (1, 6, 12)");
  }

  /** Loopback, ephemeral port, derived header, full speed, no faults. */
  public static MerlinSimulatorOptions of(SimulatedFrames frames) {
    return new MerlinSimulatorOptions("127.0.0.1", 0, frames, null, 0, null, -1, -1,
        Corruption.FRAME_HEADER, -1, Duration.ZERO, Set.of(), -1, 0, null);
  }

  public MerlinSimulatorOptions withHost(String h) {
    return new MerlinSimulatorOptions(h, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt, rawDepth, rawLayout);
  }

  public MerlinSimulatorOptions withPort(int p) {
    return new MerlinSimulatorOptions(host, p, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt, rawDepth, rawLayout);
  }

  public MerlinSimulatorOptions withHeader(MerlinAcquisitionHeader h) {
    return new MerlinSimulatorOptions(host, port, frames, h, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt, rawDepth, rawLayout);
  }

  public MerlinSimulatorOptions withFrameRate(double hz) {
    return new MerlinSimulatorOptions(host, port, frames, header, hz, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt, rawDepth, rawLayout);
  }

  public MerlinSimulatorOptions withGarbageBeforeHeader(String garbage) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbage, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt, rawDepth, rawLayout);
  }

  public MerlinSimulatorOptions withDisconnectAfter(long n) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, n,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt, rawDepth, rawLayout);
  }

  public MerlinSimulatorOptions withCorruption(long frame, Corruption how) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        frame, how, stallAfter, stall, skipFrames, headerAgainAt, rawDepth, rawLayout);
  }

  public MerlinSimulatorOptions withStall(long afterFrames, Duration duration) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, afterFrames, duration, skipFrames, headerAgainAt, rawDepth, rawLayout);
  }

  public MerlinSimulatorOptions withSkipFrames(Set<Long> skipped) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipped, headerAgainAt, rawDepth, rawLayout);
  }

  public MerlinSimulatorOptions withHeaderAgainAt(long frame) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, frame, rawDepth, rawLayout);
  }

  /**
   * Sends raw {@code R64} frames of counter depth {@code counterDepth} (1, 6 or 12) in
   * {@code layout} ({@code 1x1}, {@code 2x2}, {@code 2x2G}) instead of binary ones.
   *
   * @throws IllegalArgumentException when the frames' dtype or size does not fit (depth 12 needs
   *     uint16 frames, 1 and 6 uint8; a quad needs 512 × 512 frames, 514 × 514 with gaps)
   */
  public MerlinSimulatorOptions withRaw(int counterDepth, String layout) {
    Objects.requireNonNull(layout, "layout");
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt, counterDepth, layout);
  }

  /** Whether frames are sent raw ({@code R64}). */
  public boolean raw() {
    return rawDepth != 0;
  }

  /** The header of frame 0 as sent: binary of the frames' dtype, or raw as {@link #withRaw} says. */
  MerlinFrameHeader frameHeader() {
    var g = frames.geometry();
    if (!raw()) {
      return MerlinFrameHeader.forFrame(0, g.frameWidth(), g.frameHeight(), MerlinPixels.pixelType(g.dtype()), 1,
          "1x1", depth(g.dtype()));
    }
    if (rawLayout.equals("1x1")) {
      return MerlinFrameHeader.forFrame(0, g.frameWidth(), g.frameHeight(), "R64", 1, "1x1", rawDepth);
    }
    return MerlinFrameHeader.forFrame(0, 1024, 256, "R64", 4, rawLayout, rawDepth);
  }

  private static void checkRaw(org.hyperflux.core.live.ScanGeometry g, int depth, String layout) {
    if (depth != 1 && depth != 6 && depth != 12) {
      throw new IllegalArgumentException("raw counter depth must be 1, 6 or 12, got " + depth);
    }
    DType want = depth == 12 ? DType.UINT16 : DType.UINT8;
    if (g.dtype() != want) {
      throw new IllegalArgumentException("raw frames of counter depth " + depth + " are " + want.numpyName()
          + ", but the frames are " + g.dtype().numpyName());
    }
    if (layout == null) throw new IllegalArgumentException("raw frames need a layout (1x1, 2x2, 2x2G)");
    switch (layout) {
      case "1x1" -> {
        int perWord = 64 / (depth == 1 ? 1 : depth == 6 ? 8 : 16);
        if ((long) g.frameWidth() * g.frameHeight() % perWord != 0) {
          throw new IllegalArgumentException("a raw frame of " + g.frameWidth() + "x" + g.frameHeight()
              + " pixels does not fill whole 64-bit words of " + perWord + " pixels");
        }
      }
      case "2x2", "2x2G" -> {
        int side = layout.equals("2x2") ? 512 : 514;
        if (g.frameWidth() != side || g.frameHeight() != side) {
          throw new IllegalArgumentException("raw " + layout + " quad frames are " + side + "x" + side
              + ", got " + g.frameWidth() + "x" + g.frameHeight());
        }
      }
      default -> throw new IllegalArgumentException("raw layout must be 1x1, 2x2 or 2x2G, got '" + layout + "'");
    }
  }

  private static int depth(DType dtype) {
    return switch (dtype) {
      case UINT8 -> 6;
      case UINT16 -> 12;
      default -> 24;
    };
  }

  /** The header sent: {@link #header()} or one for the frames' scan. */
  MerlinAcquisitionHeader effectiveHeader() {
    if (header != null) return header;
    var g = frames.geometry();
    return MerlinAcquisitionHeader.forScan(g.scanX(), g.scanY(), raw() ? rawDepth : depth(g.dtype()),
        raw() && !rawLayout.equals("1x1") ? 4 : 1);
  }
}
