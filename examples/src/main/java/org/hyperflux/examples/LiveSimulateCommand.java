package org.hyperflux.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.live.MerlinSimulator;
import org.hyperflux.io.live.MerlinSimulatorOptions;
import org.hyperflux.io.live.SimulatedFrames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux live simulate}: a Merlin detector's data channel on a TCP port ({@link
 * MerlinSimulator}), serving {@code --acquisitions} connections one acquisition each and then
 * exiting. The frames are generated ({@link SimulatedFrames#disc}: a disc moving with the scan
 * position, Poisson noise from {@code --seed}; {@code --period N} pre-encodes N distinct frames
 * and cycles through them, the fast path for benchmarks) or read from {@code --from FILE} (any
 * 4-D uint8/16/32 signal {@link SignalFiles#load} reads). {@code --rate} paces the frames;
 * without it they go as fast as the client reads (TCP backpressure holds the sender back).
 *
 * <p>Standard output: the first line is {@code listening on HOST:PORT} (machine-readable; {@code
 * bench live} starts this with {@code --port 0} and reads the port from it), then one line per
 * acquisition served, then a summary: frames and bytes sent, and the time the sender was blocked
 * by backpressure; with {@code --json} the summary is one JSON line.
 *
 * <p>Misbehaviour for tests: {@code --disconnect-after N}, {@code --corrupt-at N} (with {@code
 * --corruption}), {@code --stall-after N --stall 2s}, {@code --skip N,...} (frames never sent, a
 * sequence gap), {@code --garbage TEXT} (sent before the header). Frame numbers are 0-based.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Serves a scan as a Merlin detector's data channel (MPX framing, HDR, MQ1 frames) on a TCP"
            + " port: each connection gets one acquisition; exits after --acquisitions of them.",
        "Prints 'listening on HOST:PORT' first, then frames and bytes sent and the time the sender"
            + " waited for the client (TCP backpressure)."})
public final class LiveSimulateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", paramLabel = "P", defaultValue = "6342",
      description = "port to listen on, 0 for an ephemeral one (default: ${DEFAULT-VALUE},"
          + " Merlin's data port)")
  int port;

  @Option(names = "--scan", paramLabel = "WxH", defaultValue = "128x128",
      converter = Units.DimsConverter.class,
      description = "scan positions, x before y (default: ${DEFAULT-VALUE}; ignored with --from)")
  Units.Dims scan;

  @Option(names = "--frame", paramLabel = "WxH", defaultValue = "256x256",
      converter = Units.DimsConverter.class,
      description = "frame size in pixels, x before y (default: ${DEFAULT-VALUE}; ignored with"
          + " --from)")
  Units.Dims frame;

  @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "uint16",
      description = "uint8, uint16 or uint32 (default: ${DEFAULT-VALUE}; ignored with --from)")
  String dtype;

  @Option(names = "--rate", paramLabel = "HZ", defaultValue = "0",
      description = "frames per second, 0 for as fast as the client reads (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--from", paramLabel = "FILE",
      description = "play the frames of a 4-D file (.mib, .zspy, .hspy, ...) instead of"
          + " generated ones")
  Path from;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "seed of the generated frames' noise (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--period", paramLabel = "N", defaultValue = "0",
      description = "pre-encode N distinct generated frames and cycle through them (fast; for"
          + " benchmarks); 0 generates every frame (default: ${DEFAULT-VALUE})")
  int period;

  @Option(names = "--acquisitions", paramLabel = "N", defaultValue = "1",
      description = "connections to serve before exiting (default: ${DEFAULT-VALUE})")
  int acquisitions;

  @Option(names = "--disconnect-after", paramLabel = "N",
      description = "close the connection after N frames")
  Long disconnectAfter;

  @Option(names = "--corrupt-at", paramLabel = "N", description = "corrupt frame N's message")
  Long corruptAt;

  @Option(names = "--corruption", paramLabel = "HOW", defaultValue = "frame-header",
      description = "how --corrupt-at corrupts: frame-header (MQ1 becomes MQX), mpx-length (a"
          + " non-digit in the length) or frame-length (two bytes too long) (default:"
          + " ${DEFAULT-VALUE})")
  String corruption;

  @Option(names = "--stall-after", paramLabel = "N",
      description = "stop sending for --stall after N frames")
  Long stallAfter;

  @Option(names = "--stall", paramLabel = "DURATION", defaultValue = "2s",
      converter = Units.DurationConverter.class,
      description = "how long --stall-after stalls (default: ${DEFAULT-VALUE})")
  Duration stall;

  @Option(names = "--skip", paramLabel = "N", split = ",",
      description = "frames never sent (a sequence gap), e.g. --skip 5,6,40")
  List<Long> skip;

  @Option(names = "--garbage", paramLabel = "TEXT",
      description = "bytes sent before the acquisition header (a client must skip them)")
  String garbage;

  @Option(names = "--json", description = "print the summary as one JSON line")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (acquisitions < 1) {
      throw new ParameterException(spec.commandLine(),
          "--acquisitions must be at least 1, got " + acquisitions);
    }
    PrintWriter out = spec.commandLine().getOut();
    MerlinSimulatorOptions options;
    try {
      options = MerlinSimulatorOptions.of(frames()).withHost(host).withPort(port)
          .withFrameRate(rate);
      if (disconnectAfter != null) options = options.withDisconnectAfter(disconnectAfter);
      if (corruptAt != null) options = options.withCorruption(corruptAt, corruption());
      if (stallAfter != null) options = options.withStall(stallAfter, stall);
      if (skip != null) options = options.withSkipFrames(new TreeSet<>(skip));
      if (garbage != null) options = options.withGarbageBeforeHeader(garbage);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ScanGeometry g = options.frames().geometry();
    long t0;
    try (MerlinSimulator sim = MerlinSimulator.start(options)) {
      out.printf(Locale.ROOT, "listening on %s:%d%n", host, sim.port());
      out.printf(Locale.ROOT, "serving %d acquisition%s of %s (%s per frame on the wire), %s%n",
          acquisitions, acquisitions == 1 ? "" : "s", g,
          Units.bytes(sim.frameMessageBytes()),
          rate > 0 ? String.format(Locale.ROOT, "%.0f frames/s", rate) : "as fast as the client reads");
      out.flush();
      t0 = System.nanoTime();
      long reported = 0;
      while (sim.closedConnections() < acquisitions) {
        Thread.sleep(20);
        long closed = sim.closedConnections();
        if (closed > reported) {
          reported = closed;
          out.printf(Locale.ROOT, "acquisition %d of %d done: %d frames sent so far%n", closed,
              acquisitions, sim.framesSent());
          out.flush();
        }
        if (sim.frameSourceError() != null) {
          spec.commandLine().getErr().println("hyperflux live simulate: cannot produce the frames: "
              + sim.frameSourceError());
          return 1;
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("port", sim.port());
      summary.put("acquisitions", sim.closedConnections());
      summary.put("frames_sent", sim.framesSent());
      summary.put("bytes_sent", sim.bytesSent());
      summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
      summary.put("blocked_seconds", Math.round(sim.blockedTime().toNanos() / 1e6) / 1000.0);
      if (json) {
        out.println(Json.writeLine(summary));
      } else {
        out.printf(Locale.ROOT, "sent %d frames, %s in %.2f s; blocked by backpressure %.2f s%n",
            sim.framesSent(), Units.bytes(sim.bytesSent()), seconds,
            sim.blockedTime().toNanos() / 1e9);
      }
      out.flush();
    }
    return 0;
  }

  private SimulatedFrames frames() throws java.io.IOException {
    if (from != null) {
      Signal s = SignalFiles.load(from);
      return SimulatedFrames.fromSignal(s, ExecOptions.defaults());
    }
    if (scan.rank() != 2 || frame.rank() != 2) {
      throw new IllegalArgumentException("--scan and --frame are WIDTHxHEIGHT, got " + scan
          + " and " + frame);
    }
    ScanGeometry g = new ScanGeometry(scan.get(1), scan.get(0), frame.get(1), frame.get(0),
        DType.fromNumpyName(dtype));
    return SimulatedFrames.disc(g, seed, period);
  }

  private MerlinSimulatorOptions.Corruption corruption() {
    return switch (corruption.toLowerCase(Locale.ROOT)) {
      case "frame-header" -> MerlinSimulatorOptions.Corruption.FRAME_HEADER;
      case "mpx-length" -> MerlinSimulatorOptions.Corruption.MPX_LENGTH;
      case "frame-length" -> MerlinSimulatorOptions.Corruption.FRAME_LENGTH;
      default -> throw new IllegalArgumentException("Unknown corruption '" + corruption
          + "'; available: " + List.of("frame-header", "mpx-length", "frame-length"));
    };
  }
}
