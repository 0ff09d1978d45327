package org.hyperflux.core.detector;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.live.ScanSimulation;

/**
 * Measures the fused frame kernel on one thread: 256×256 frames (uint16 by default) with sum
 * frame, navigator, VBF, ADF and centre of mass, as the live bench runs it. Prints
 * {@code framesPerSecond} and {@code bytesPerSecond} per second of this thread's CPU time. Arguments: dtype (numpy name), seconds.
 */
public final class FrameKernelThroughput {
  private FrameKernelThroughput() {}

  public static void main(String[] args) {
    DType dtype = args.length > 0 ? DType.fromNumpyName(args[0]) : DType.UINT16;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    ScanGeometry g = new ScanGeometry(1, 64, 256, 256, dtype);
    String what = args.length > 2 ? args[2] : "sum,vbf,adf,com";
    FrameAnalysis a = FrameAnalysis.create().withNavigator().withLatestFrame();
    if (what.contains("sum")) a = a.withSumFrame();
    if (what.contains("vbf")) a = a.withDetector("vbf", DetectorMask.disc(128, 128, 20));
    if (what.contains("adf")) a = a.withDetector("adf", DetectorMask.annulus(128, 128, 40, 100));
    if (what.contains("com")) a = a.withCentreOfMass(128, 128);
    FrameKernel k = a.compile(g);
    Block frames = Block.allocate(dtype, 64 * g.framePixels());
    for (int f = 0; f < 64; f++) ScanSimulation.fill(g, f, frames, f * g.framePixels());
    FrameKernel.Scratch s = k.scratch();
    Object sum = k.newSum();
    long n = 0;
    double check = 0;
    // CPU time of this thread, so that other processes on a shared machine do not count.
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    long end = cpu.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
    long warm = cpu.getCurrentThreadCpuTime() + (long) (seconds * 0.3e9);
    long t0 = 0;
    while (true) {
      long now = cpu.getCurrentThreadCpuTime();
      if (t0 == 0 && now > warm) {
        t0 = now;
        n = 0;
      }
      if (now > end) break;
      for (int f = 0; f < 64; f++) {
        k.frame(frames.array(), f * g.framePixels(), sum, s);
        check += s.totalD + s.comX;
      }
      n += 64;
    }
    double dt = (cpu.getCurrentThreadCpuTime() - t0) / 1e9;
    System.out.println("dtype=" + dtype.numpyName());
    System.out.println("framesPerSecond=" + Math.round(n / dt));
    System.out.println("bytesPerSecond=" + Math.round(n * g.frameBytes() / dt));
    System.out.println("check=" + check);
  }
}
