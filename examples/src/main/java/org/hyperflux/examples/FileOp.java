package org.hyperflux.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.AxisSet;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;

/**
 * The file operations the benchmark times, named as {@code ../shared/bench/hs_op.py} names them:
 * {@code navsum} is the sum over the signal axes (HyperSpy's {@code s.sum(axis=
 * s.axes_manager.signal_axes)}, the navigator) and {@code sigsum} the sum over the navigation
 * axes ({@code s.sum(axis=s.axes_manager.navigation_axes)}, the sum frame). {@link #run} does what
 * hs_op.py times: load the file lazily, build the sum, compute it, then take the checksum.
 *
 * <p>The checksum is hs_op.py's {@code float(np.asarray(r.data, dtype=np.float64).sum())}: every
 * element of the result converted to a double, then added as numpy adds a contiguous float64
 * array (the first element plus the pairwise sum of the rest: runs of at most 128 elements summed
 * with eight interleaved accumulators, longer runs split in two at a multiple of 8). Integer
 * results whose partial sums stay below 2^53 (every result of the reference data) give the exact
 * total whatever the order, so they match HyperSpy's bit for bit; float results may differ in the
 * last digits where the sums themselves were accumulated in another order.
 */
enum FileOp {
  NAVSUM("signal", AxisSet.SIGNAL),
  SIGSUM("navigation", AxisSet.NAVIGATION);

  private final String over;
  private final AxisSet axes;

  FileOp(String over, AxisSet axes) {
    this.over = over;
    this.axes = axes;
  }

  /** The name hs_op.py uses: {@code navsum} or {@code sigsum}. */
  String opName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The axes summed over, as {@code hyperflux sum --over} names them: {@code signal} or {@code navigation}. */
  String over() {
    return over;
  }

  /** The op named {@code name} ({@code navsum}, {@code sigsum}; case-insensitive). */
  static FileOp named(String name) {
    for (FileOp op : values()) {
      if (op.opName().equalsIgnoreCase(name)) return op;
    }
    throw new IllegalArgumentException("unknown operation '" + name + "'; available: navsum (sum"
        + " over the signal axes), sigsum (sum over the navigation axes)");
  }

  /** The op summing {@code over} ({@code signal} or {@code navigation}; case-insensitive). */
  static FileOp over(String over) {
    for (FileOp op : values()) {
      if (op.over.equalsIgnoreCase(over)) return op;
    }
    throw new IllegalArgumentException("--over must be 'signal' or 'navigation', got '" + over + "'");
  }

  /** The lazy sum of {@code signal} (nothing is read). */
  Signal apply(Signal signal) {
    return signal.sum(axes);
  }

  /** What one run did: the loaded signal, the computed result, its checksum and the times. */
  record Result(Signal input, Signal output, double checksum, long loadNanos, long totalNanos) {
    /** {@code uint64 (128, 128|)}: the result's dtype and dimensions. */
    String describeOutput() {
      return output.dtype().numpyName() + " " + output.axes().dimensionsString();
    }
  }

  /**
   * Loads {@code file} lazily, sums it and computes the sum with {@code options} (blocking), then
   * takes the checksum. The total time covers load, op and compute, not the checksum.
   *
   * @throws IOException when the file is missing or malformed (from {@link SignalFiles#load})
   * @throws IllegalArgumentException when no format reads the file
   */
  Result run(Path file, ExecOptions options) throws IOException {
    long t0 = System.nanoTime();
    Signal input = SignalFiles.load(file);
    long t1 = System.nanoTime();
    Signal output = apply(input).compute(options);
    long t2 = System.nanoTime();
    return new Result(input, output, checksum(output.memory().orElseThrow()), t1 - t0, t2 - t0);
  }

  /** hs_op.py's checksum of a computed result (see the class comment). */
  static double checksum(MemoryArray result) {
    Block b = result.toBlock();
    int n = b.length();
    if (n == 0) return 0.0;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) values[i] = b.getDouble(i);
    return values[0] + pairwiseSum(values, 1, n - 1);
  }

  /** numpy's {@code pairwise_sum} of {@code a[from, from + n)} (float64, unit stride). */
  static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) res += a[from + i];
      return res;
    }
    if (n <= 128) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) r[j] = a[from + j];
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[from + i];
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
  }
}
