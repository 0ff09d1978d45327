package org.hyperflux.io.live;

import java.nio.file.Path;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.live.LiveReport;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.testing.PeakMemory;
import org.hyperflux.io.SignalFiles;

/**
 * A main class run in a forked small-heap JVM by {@link LivePipelineMemoryTest}: the whole live
 * pipeline over TCP (simulator in the same JVM sending pre-encoded frames → client → analysis +
 * {@code .zspy} writer, both BLOCK, budget half the heap) on a scan far larger than the heap.
 * Prints {@code key=value} lines: counts, the navigator's total against that of what was sent,
 * the file's completeness and its last frame checked against the sent one, peak heap and RSS.
 *
 * <p>Arguments: directory, scan side (frames = side²), frame side (uint16 frames).
 */
public final class LivePipelineMemoryProbe {
  private LivePipelineMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]).resolve("live.zspy");
    int side = Integer.parseInt(args[1]);
    int frame = Integer.parseInt(args[2]);
    ScanGeometry g = new ScanGeometry(side, side, frame, frame, DType.UINT16);
    int period = 16;
    SimulatedFrames frames = SimulatedFrames.disc(g, 5, period);
    long[] periodSums = new long[period];
    for (int i = 0; i < period; i++) periodSums[i] = sum(frames.frame(i));
    long sentTotal = 0;
    for (long k = 0; k < g.frames(); k++) sentTotal += periodSums[(int) (k % period)];

    PeakMemory peak = PeakMemory.start();
    long t0 = System.nanoTime();
    LivePipeline p;
    LiveReport report;
    try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(frames))) {
      p = new LivePipeline(MerlinTcpOptions.of("127.0.0.1", sim.port()), g, file);
      report = p.runOk();
    }
    long t1 = System.nanoTime();
    long peakUsed = peak.stop();
    FrameAnalysisSnapshot a = p.analysis.result().block(LivePipeline.T);
    LiveWriteReport w = p.writer.result().block(LivePipeline.T);
    Block nav = a.navigator().value();
    long navTotal = 0;
    for (int k = 0; k < nav.length(); k++) navTotal += nav.getLong(k);
    // The last frame as read back from the file (one chunk row, not the whole file).
    long last = g.frames() - 1;
    Block back = SignalFiles.load(file).data().slice(0, side - 1, side, 1).slice(1, side - 1, side, 1)
        .compute().toBlock();
    boolean lastSame = true;
    Block sent = frames.frame(last);
    for (int i = 0; i < g.framePixels(); i++) lastSame &= back.getLong(i) == sent.getLong(i);

    System.out.println("frames=" + report.framesReceived());
    System.out.println("bytes=" + report.bytesReceived());
    System.out.println("complete=" + report.complete());
    System.out.println("dropped=" + report.framesDropped());
    System.out.println("analysed=" + a.framesAccepted());
    System.out.println("navigatorTotal=" + navTotal);
    System.out.println("sentTotal=" + sentTotal);
    System.out.println("written=" + w.framesWritten());
    System.out.println("fileComplete=" + LiveZspyFiles.isComplete(file));
    System.out.println("lastFrameSame=" + lastSame);
    System.out.println("seconds=" + (t1 - t0) / 1e9);
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.exit(0);
  }

  private static long sum(Block b) {
    long s = 0;
    for (int i = 0; i < b.length(); i++) s += b.getLong(i);
    return s;
  }
}
