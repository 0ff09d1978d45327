package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.SourceNode;
import org.junit.jupiter.api.Nested;

/**
 * The accumulator contract for {@link QuantileAccumulator}: its first pass (top-digit counts and
 * extremes, with a range) and a refining pass that both counts one bucket digit by digit and
 * collects another, on float32 data with NaN in several chunks.
 */
class QuantileAccumulatorContractTest {
  /** float32 with NaN: most values in [1, 1 + 1/128) (one top-16-bit bucket), the rest spread. */
  static MemoryArray data() {
    float[] d = new float[9 * 13];
    for (int i = 0; i < d.length; i++) {
      if (i % 17 == 0) d[i] = Float.NaN;
      else if (i % 3 != 0) d[i] = 1f + (i * 37 % 101) * 0x1p-16f;
      else d[i] = (i * 53 % 97) / 4f - 12f;
    }
    return MemoryArray.split(Block.wrap(DType.FLOAT32, d), ChunkGrid.regular(Shape.of(9, 13), new int[] {4, 5}));
  }

  static void assertSame(QuantileAccumulator.Counts actual, QuantileAccumulator.Counts expected) {
    assertThat(actual).isEqualTo(expected);
  }

  @Nested
  class FirstPass extends AbstractAccumulatorContractTest<QuantileAccumulator.State, QuantileAccumulator.Counts> {
    @Override
    protected MemoryArray input() {
      return data();
    }

    @Override
    protected QuantileAccumulator accumulator(MemoryArray input) {
      return QuantileSelection.of(DType.FLOAT32, 0.25, 0.5).within(-5, 3).nextPass()
          .expecting(input.shape().size());
    }

    @Override
    protected void assertSameResult(QuantileAccumulator.Counts actual, QuantileAccumulator.Counts expected) {
      assertSame(actual, expected);
    }
  }

  @Nested
  class RefiningPass extends AbstractAccumulatorContractTest<QuantileAccumulator.State, QuantileAccumulator.Counts> {
    @Override
    protected MemoryArray input() {
      return data();
    }

    @Override
    protected QuantileAccumulator accumulator(MemoryArray input) {
      QuantileSelection s = QuantileSelection.of(DType.FLOAT32, 0.1, 0.6).collectingAtMost(8);
      QuantileAccumulator.Counts first = (QuantileAccumulator.Counts) Pass.over(new SourceNode(input),
              ExecOptions.defaults()).feed(s.nextPass()).run().block(Duration.ofSeconds(30)).get(0).value();
      QuantileAccumulator refining = s.advance(first).nextPass();
      // One bucket (the crowded one) counted digit by digit, another collected.
      assertThat(refining.histogramPrefixes()).isEqualTo(1);
      assertThat(refining.collectedValues()).isPositive();
      return refining.expecting(input.shape().size());
    }

    @Override
    protected void assertSameResult(QuantileAccumulator.Counts actual, QuantileAccumulator.Counts expected) {
      assertSame(actual, expected);
    }
  }
}
