package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.live.LiveZspyFiles;
import org.hyperflux.io.live.MerlinSimulator;
import org.hyperflux.io.live.MerlinSimulatorOptions;
import org.hyperflux.io.live.SimulatedFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hyperflux live simulate} and {@code live acquire} run in this JVM on loopback with
 * ephemeral ports and tiny scans: the file equals what was sent, the PNGs and the JSON summary are
 * there, and a sender that disconnects gives exit 1 with N of M frames and a file finalised
 * incomplete.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveCommandTest {
  static final ScanGeometry G = new ScanGeometry(6, 8, 24, 32, DType.UINT16);
  static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir
  Path dir;

  @Test
  void simulateAndAcquireCommandsWriteTheScanThatWasSent() throws Exception {
    StringWriter simOut = new StringWriter();
    CommandLine sim = HyperfluxCommand.commandLine();
    sim.setOut(new PrintWriter(simOut, true));
    sim.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> simExit = CompletableFuture.supplyAsync(() -> sim.execute("live",
        "simulate", "--port", "0", "--scan", "8x6", "--frame", "32x24", "--seed", "7",
        "--json"));
    int port = awaitPort(simOut);
    Path file = dir.resolve("scan.zspy");
    Path png = dir.resolve("png");
    CommandRun run = CommandRun.of("live", "acquire", "--port", Integer.toString(port),
        "--out", file.toString(), "--vbf", "4", "--adf", "6,12", "--com", "--png", png.toString(),
        "--snapshot-every", "100ms", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(simExit.get(30, TimeUnit.SECONDS)).isZero();

    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(run.out());
    assertThat(json).containsEntry("frames_expected", 48.0).containsEntry("frames_received", 48.0)
        .containsEntry("frames_lost", 0.0).containsEntry("frames_dropped", 0.0)
        .containsEntry("complete", true).containsEntry("dtype", "uint16")
        .containsEntry("scan", List.of(8.0, 6.0)).containsEntry("frame", List.of(32.0, 24.0));
    assertThat((Map<String, Object>) json.get("file")).containsEntry("complete", true)
        .containsEntry("frames_written", 48.0);
    assertFileHolds(file, SimulatedFrames.disc(G, 7), G.frames());
    assertThat(LiveZspyFiles.isComplete(file)).isTrue();
    for (String name : List.of("navigator", "vbf", "adf", "com_x", "com_y", "sum_frame",
        "latest_frame")) {
      Path p = png.resolve(name + ".png");
      assertThat(p).exists();
      assertThat(Files.size(p)).as(name).isGreaterThan(100);
    }
    assertThat(simOut.toString()).contains("\"frames_sent\": 48");
  }

  @Test
  void simulateMisbehavesOnRequestAndReplaysAFile() throws Exception {
    // --skip: a sequence gap the client counts; the scan is incomplete.
    StringWriter simOut = new StringWriter();
    CompletableFuture<Integer> simExit = simulate(simOut, "--scan", "8x6", "--frame", "32x24",
        "--seed", "9", "--skip", "5,6");
    Path gapped = dir.resolve("gapped.zspy");
    CommandRun run = CommandRun.of("live", "acquire", "--port",
        Integer.toString(awaitPort(simOut)), "--out", gapped.toString(), "--json");
    assertThat(simExit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("incomplete: 46 of 48 frames arrived (2 lost in gaps)");
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(run.out());
    assertThat(json).containsEntry("frames_lost", 2.0).containsEntry("complete", false);
    boolean[][] valid = LiveZspyFiles.validFrames(gapped);
    assertThat(valid[0][5]).isFalse();
    assertThat(valid[0][6]).isFalse();
    assertThat(valid[0][7]).isTrue();

    // --from: the first file played back (its gaps read as zeros) arrives as it is stored.
    Path source = dir.resolve("source.zspy");
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(
        SimulatedFrames.disc(G, 4)))) {
      assertThat(CommandRun.of("live", "acquire", "--port", Integer.toString(sim.port()), "--out",
          source.toString()).exitCode()).isZero();
    }
    StringWriter replayOut = new StringWriter();
    CompletableFuture<Integer> replayExit = simulate(replayOut, "--from", source.toString());
    Path copy = dir.resolve("copy.zspy");
    CommandRun again = CommandRun.of("live", "acquire", "--port",
        Integer.toString(awaitPort(replayOut)), "--out", copy.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(replayExit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(replayOut.toString()).contains("sent 48 frames");
    assertFileHolds(copy, SimulatedFrames.disc(G, 4), G.frames());
  }

  /** {@code hyperflux live simulate --port 0 ARGS} in a thread, printing into {@code out}. */
  static CompletableFuture<Integer> simulate(StringWriter out, String... args) {
    CommandLine sim = HyperfluxCommand.commandLine();
    sim.setOut(new PrintWriter(out, true));
    sim.setErr(new PrintWriter(new StringWriter(), true));
    String[] all = new String[args.length + 4];
    all[0] = "live";
    all[1] = "simulate";
    all[2] = "--port";
    all[3] = "0";
    System.arraycopy(args, 0, all, 4, args.length);
    return CompletableFuture.supplyAsync(() -> sim.execute(all));
  }

  @Test
  void aSenderThatDisconnectsGivesExitOneWithNOfMAndAnIncompleteFile() throws Exception {
    Path file = dir.resolve("partial.zspy");
    CommandRun run;
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(
        SimulatedFrames.disc(G, 3)).withDisconnectAfter(23))) {
      run = CommandRun.of("live", "acquire", "--port", Integer.toString(sim.port()), "--out",
          file.toString(), "--vbf", "4", "--snapshot-every", "100ms");
    }
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("23 of 48 frames");
    assertThat(run.out()).contains("23 of 48 received (incomplete)").contains("INCOMPLETE");
    assertThat(LiveZspyFiles.isComplete(file)).isFalse();
    boolean[][] valid = LiveZspyFiles.validFrames(file);
    int n = 0;
    for (boolean[] row : valid) {
      for (boolean v : row) n += v ? 1 : 0;
    }
    assertThat(n).isEqualTo(23);
    assertFileHolds(file, SimulatedFrames.disc(G, 3), 23);
  }

  @Test
  void cancellingAsCtrlCDoesClosesTheSocketAndFinalisesTheFileIncomplete() throws Exception {
    Path file = dir.resolve("cancelled.zspy");
    CommandLine cmd = HyperfluxCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    LiveAcquireCommand acquire = cmd.getSubcommands().get("live").getSubcommands().get("acquire")
        .getCommand();
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(
        SimulatedFrames.disc(G, 5)).withFrameRate(100))) {
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cmd.execute("live",
          "acquire", "--port", Integer.toString(sim.port()), "--out", file.toString(),
          "--snapshot-every", "50ms"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (sim.framesSent() < 10 && System.nanoTime() < deadline) Thread.sleep(10);
      Thread.sleep(100);
      acquire.cancelNow();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sim.closedConnections() < 1 && System.nanoTime() < closeDeadline) Thread.sleep(10);
      assertThat(sim.closedConnections()).as("the socket was closed").isEqualTo(1);
      assertThat(sim.framesSent()).isLessThan(G.frames());
    }
    assertThat(err.toString()).contains("cancelled").contains("of 48 frames");
    assertThat(LiveZspyFiles.isComplete(file)).isFalse();
    assertThat(LiveZspyFiles.acquisition(file).getString("end")).hasValue("cancelled");
    int n = 0;
    for (boolean[] row : LiveZspyFiles.validFrames(file)) {
      for (boolean v : row) n += v ? 1 : 0;
    }
    assertThat(n).isPositive().isLessThan(48);
    assertFileHolds(file, SimulatedFrames.disc(G, 5), n);
  }

  @Test
  void badOptionsFailBeforeConnecting() {
    CommandRun run = CommandRun.of("live", "acquire", "--port", "1", "--adf", "5");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--adf takes two radii");
    CommandRun codec = CommandRun.of("live", "acquire", "--port", "1", "--out",
        dir.resolve("x.zspy").toString(), "--codec", "gzip9");
    assertThat(codec.exitCode()).isEqualTo(2);
    assertThat(codec.err()).contains("Unknown codec 'gzip9'; available: [blosc, lz4, none, zstd]");
    CommandRun protocol = CommandRun.of("live", "acquire", "--port", "1", "--protocol", "dectris");
    assertThat(protocol.exitCode()).isEqualTo(2);
    assertThat(protocol.err()).contains("Unknown detector protocol 'dectris'; available: [merlin]");
  }

  static int awaitPort(StringWriter out) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(out.toString());
      if (m.find()) return Integer.parseInt(m.group(1));
      Thread.sleep(10);
    }
    throw new AssertionError("the simulator printed no 'listening on' line: " + out);
  }

  static void assertFileHolds(Path file, SimulatedFrames frames, long n) throws Exception {
    Signal back = SignalFiles.load(file);
    assertThat(back.data().shape()).isEqualTo(G.shape());
    Block all = back.data().compute().toBlock();
    int fp = G.framePixels();
    for (long k = 0; k < n; k++) {
      Block expected = frames.frame(k);
      for (int i = 0; i < fp; i++) {
        if (all.getLong((int) k * fp + i) != expected.getLong(i)) {
          throw new AssertionError("frame " + k + " pixel " + i + ": "
              + all.getLong((int) k * fp + i) + " != " + expected.getLong(i));
        }
      }
    }
  }
}
