package org.hyperflux.io.live;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.hyperflux.io.mib.MerlinAcquisitionHeader;

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
 */
public record MerlinSimulatorOptions(String host, int port, SimulatedFrames frames,
    MerlinAcquisitionHeader header, double frameRate, String garbageBeforeHeader, long disconnectAfter,
    long corruptAt, Corruption corruption, long stallAfter, Duration stall, Set<Long> skipFrames,
    long headerAgainAt) {

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
  }

  /** Loopback, ephemeral port, derived header, full speed, no faults. */
  public static MerlinSimulatorOptions of(SimulatedFrames frames) {
    return new MerlinSimulatorOptions("127.0.0.1", 0, frames, null, 0, null, -1, -1,
        Corruption.FRAME_HEADER, -1, Duration.ZERO, Set.of(), -1);
  }

  public MerlinSimulatorOptions withHost(String h) {
    return new MerlinSimulatorOptions(h, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt);
  }

  public MerlinSimulatorOptions withPort(int p) {
    return new MerlinSimulatorOptions(host, p, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt);
  }

  public MerlinSimulatorOptions withHeader(MerlinAcquisitionHeader h) {
    return new MerlinSimulatorOptions(host, port, frames, h, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt);
  }

  public MerlinSimulatorOptions withFrameRate(double hz) {
    return new MerlinSimulatorOptions(host, port, frames, header, hz, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt);
  }

  public MerlinSimulatorOptions withGarbageBeforeHeader(String garbage) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbage, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt);
  }

  public MerlinSimulatorOptions withDisconnectAfter(long n) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, n,
        corruptAt, corruption, stallAfter, stall, skipFrames, headerAgainAt);
  }

  public MerlinSimulatorOptions withCorruption(long frame, Corruption how) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        frame, how, stallAfter, stall, skipFrames, headerAgainAt);
  }

  public MerlinSimulatorOptions withStall(long afterFrames, Duration duration) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, afterFrames, duration, skipFrames, headerAgainAt);
  }

  public MerlinSimulatorOptions withSkipFrames(Set<Long> skipped) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipped, headerAgainAt);
  }

  public MerlinSimulatorOptions withHeaderAgainAt(long frame) {
    return new MerlinSimulatorOptions(host, port, frames, header, frameRate, garbageBeforeHeader, disconnectAfter,
        corruptAt, corruption, stallAfter, stall, skipFrames, frame);
  }

  /** The header sent: {@link #header()} or one for the frames' scan. */
  MerlinAcquisitionHeader effectiveHeader() {
    if (header != null) return header;
    var g = frames.geometry();
    int depth = switch (g.dtype()) {
      case UINT8 -> 6;
      case UINT16 -> 12;
      default -> 24;
    };
    return MerlinAcquisitionHeader.forScan(g.scanX(), g.scanY(), depth, 1);
  }
}
