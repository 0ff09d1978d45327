package org.hyperflux.io.live;

import java.nio.file.Path;
import org.hyperflux.core.testing.PeakMemory;
import org.hyperflux.io.SignalFiles;

/**
 * A main class run in a forked small-heap JVM: loads a {@code .zspy} and sums it with the default
 * options; prints {@code sum=}, or {@code error=} and {@code message=} when it fails, and the
 * peak heap.
 *
 * <p>Arguments: the file.
 */
public final class ZspySumProbe {
  private ZspySumProbe() {}

  public static void main(String[] args) throws Exception {
    PeakMemory peak = PeakMemory.start();
    try {
      var s = SignalFiles.load(Path.of(args[0]));
      var exec = org.hyperflux.core.exec.ExecOptions.defaults();
      if (args.length > 2) {
        exec = exec.withBudgetBytes((long) (Runtime.getRuntime().maxMemory() * Double.parseDouble(args[2])));
      }
      if (args.length > 1 && args[1].equals("all")) {
        System.out.println("sum=" + s.data().sum().compute(exec).getDouble());
      } else {
        // HyperSpy's s.sum(): over the navigation axes, a frame-shaped result.
        System.out.println("sum=" + s.sum().compute(exec).data().sum().compute(exec).getDouble());
      }
    } catch (Throwable e) {
      System.out.println("error=" + e.getClass().getName());
      System.out.println("message=" + String.valueOf(e.getMessage()).replace('\n', ' '));
      e.printStackTrace(System.out);
    }
    System.out.println("peakHeapUsed=" + peak.stop());
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.exit(0);
  }
}
