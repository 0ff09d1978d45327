package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.HistogramBins;
import org.hyperflux.core.signal.Index;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.signal.SignalFunction;
import org.hyperflux.core.signal.SummaryStatistics;
import org.junit.jupiter.api.Test;

/** The README's "Signals" example, line for line, on a small scan, so the README stays true. */
class ReadmeSignalExampleTest {
  @Test
  void theReadmeSignalExampleRunsAsDocumented() {
    Shape shape = Shape.of(8, 8, 256, 256);
    LazyArray data = LazyArray.of(GeneratedSource.of("ramp", DType.UINT16,
        ChunkGrid.regular(shape, 4, 8, 256, 256), p -> (p[2] + p[3] + p[0]) % 1000));

    Signal scan = Signal.of(data, 2).withTitle("scan");
    Signal disc = scan.isig(Index.range(96, 160), Index.range(96, 160));
    Signal frame = disc.sum().compute();
    Signal binned = scan.rebin(2, 2, 4, 4);
    Signal peak = scan.map(SignalFunction.ofDoubles((f, nav, out) -> {
      double best = 0;
      for (double v : f) best = Math.max(best, v);
      out[0] = best;
    }), new long[0], DType.FLOAT64);
    Signal withNavigator = scan.computeNavigator();
    SummaryStatistics stats = disc.summaryStatistics();
    Signal histogram = disc.histogram(HistogramBins.FD);

    assertThat(scan).hasToString("<LazySignal2D, title: scan, dimensions: (8, 8|256, 256)>");
    assertThat(frame).hasToString("<Signal2D, title: scan, dimensions: (|64, 64)>");
    // Pixel (y, x) of the disc is (y + 96) + (x + 96) + scan row, summed over 8 rows of 8.
    assertThat(frame.memory().orElseThrow().getLong(0, 0)).isEqualTo(8 * (8 * 192L + 28));
    assertThat(binned.axes().dimensionsString()).isEqualTo("(4, 4|64, 64)");
    assertThat(binned.axes().axis(2).scale()).isEqualTo(4.0);
    assertThat(peak.axes().dimensionsString()).isEqualTo("(8, 8|)");
    assertThat(peak.compute().memory().orElseThrow().getDouble(0, 0)).isEqualTo(510.0);
    assertThat(withNavigator.navigator()).isPresent();
    assertThat(stats.min()).isEqualTo(192.0);
    assertThat(stats.max()).isEqualTo(192.0 + 126 + 7);
    assertThat(histogram.axes().axis(0).name()).isEqualTo("value");
  }
}
