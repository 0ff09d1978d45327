package org.hyperflux.core.testing;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Index;
import org.hyperflux.core.signal.Signal;

/**
 * A main class run in a forked JVM with a small heap by the signal memory test: a generated
 * 4D-STEM-like {@code uint16} signal of navigation (137, 150) and frames of 256 × 256 (2.5 GiB,
 * chunks of 4 × 32 frames = 16 MiB) is cropped with {@code isig[32:224, 32:224]}, summed over
 * the navigation axes and histogrammed (1024 bins over [0, 1024)), under a 128 MiB budget. The
 * value at navigation flat index n and frame pixel (y, x) is {@code (n + y + x) mod 1024}, so both
 * results have closed forms; the probe checks every pixel and every bin and prints
 * {@code key=value} lines: the counts checked, the mismatches, the peak heap and resident set.
 */
public final class SignalMemoryProbe {
  static final int NAV_Y = 150;
  static final int NAV_X = 137;
  static final int FRAME = 256;
  static final int CROP_START = 32;
  static final int CROP_STOP = 224;
  static final int PERIOD = 1024;

  private SignalMemoryProbe() {}

  /** The probe's data: uint16 (150, 137, 256, 256), value = (nav flat index + y + x) mod 1024. */
  public static GeneratedSource source() {
    Shape shape = Shape.of(NAV_Y, NAV_X, FRAME, FRAME);
    return GeneratedSource.ofRegions("stem-probe", DType.UINT16,
        ChunkGrid.regular(shape, 4, 32, FRAME, FRAME), SignalMemoryProbe::fill);
  }

  private static void fill(Region region, Block out) {
    short[] a = (short[]) out.array();
    int k = out.offset();
    for (int i = 0; i < region.extent(0); i++) {
      for (int j = 0; j < region.extent(1); j++) {
        long n = (region.offset(0) + i) * NAV_X + region.offset(1) + j;
        for (int y = 0; y < region.extent(2); y++) {
          long row = n + region.offset(2) + y + region.offset(3);
          for (int x = 0; x < region.extent(3); x++) a[k++] = (short) ((row + x) & (PERIOD - 1));
        }
      }
    }
  }

  /** The sum over the navigation of {@code (n + c) mod 1024}: the expected sum-frame pixel. */
  static long frameSum(long c) {
    long positions = (long) NAV_Y * NAV_X;
    long full = positions / PERIOD;
    long sum = full * (PERIOD * (PERIOD - 1L) / 2);
    for (long n = full * PERIOD; n < positions; n++) sum += (n + c) % PERIOD;
    return sum;
  }

  /** Expected histogram counts of the cropped data: residues of n convolved with those of y + x. */
  static long[] histogram() {
    long[] navResidues = new long[PERIOD];
    for (long n = 0; n < (long) NAV_Y * NAV_X; n++) navResidues[(int) (n % PERIOD)]++;
    long[] pixelResidues = new long[PERIOD];
    for (int y = CROP_START; y < CROP_STOP; y++) {
      for (int x = CROP_START; x < CROP_STOP; x++) pixelResidues[(y + x) % PERIOD]++;
    }
    long[] counts = new long[PERIOD];
    for (int a = 0; a < PERIOD; a++) {
      for (int b = 0; b < PERIOD; b++) counts[(a + b) % PERIOD] += navResidues[a] * pixelResidues[b];
    }
    return counts;
  }

  public static void main(String[] args) throws Exception {
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(128L << 20);
    Signal signal = Signal.of(LazyArray.of(source()), 2).withTitle("probe");
    PeakMemory peak = PeakMemory.start();

    long t0 = System.nanoTime();
    Signal cropped = signal.isig(Index.range(CROP_START, CROP_STOP), Index.range(CROP_START, CROP_STOP));
    Signal frame = cropped.sum().compute(options);
    long t1 = System.nanoTime();
    Signal histogram = cropped.histogram(PERIOD, 0.0, (double) PERIOD, options);
    long t2 = System.nanoTime();
    long peakUsed = peak.stop();

    MemoryArray frameData = frame.memory().orElseThrow();
    long pixels = 0;
    long frameMismatches = 0;
    for (int y = 0; y < CROP_STOP - CROP_START; y++) {
      for (int x = 0; x < CROP_STOP - CROP_START; x++) {
        pixels++;
        long expected = frameSum(y + x + 2L * CROP_START);
        if (frameData.getLong(y, x) != expected) frameMismatches++;
      }
    }
    long[] expectedCounts = histogram();
    MemoryArray counts = histogram.memory().orElseThrow();
    long bins = counts.shape().size();
    long binMismatches = 0;
    long counted = 0;
    for (int v = 0; v < bins; v++) {
      counted += counts.getLong(v);
      if (counts.getLong(v) != expectedCounts[v]) binMismatches++;
    }

    System.out.println("bytes=" + signal.data().shape().nbytes(DType.UINT16));
    System.out.println("signal=" + signal);
    System.out.println("frame=" + frame);
    System.out.println("frameDtype=" + frame.dtype().numpyName());
    System.out.println("pixels=" + pixels);
    System.out.println("frameMismatches=" + frameMismatches);
    System.out.println("bins=" + bins);
    System.out.println("counted=" + counted);
    System.out.println("binMismatches=" + binMismatches);
    System.out.println("peakHeapUsed=" + peakUsed);
    System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.println("peakRss=" + PeakMemory.peakRss());
    System.out.println("sumMillis=" + (t1 - t0) / 1_000_000);
    System.out.println("histogramMillis=" + (t2 - t1) / 1_000_000);
  }
}
