package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.accumulate.Reduction;
import org.hyperflux.core.accumulate.ReductionAccumulator;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.testing.CountingSource;
import org.junit.jupiter.api.Test;

/**
 * A pass of mergeable accumulators folds fixed partitions of consecutive chunks (sized by the
 * grid alone) and merges them in order: results equal a plain loop, are bit-identical from run
 * to run whatever the parallelism, and every chunk is read once.
 */
class PassPartitionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  // 1000 chunks of (1, 16): 15 chunks per partition (at least 64 partitions).
  private static final Shape SHAPE = Shape.of(1000, 16);
  private static final ChunkGrid GRID = ChunkGrid.regular(SHAPE, 1, 16);

  private static double value(long[] p) {
    return Math.sin(p[0] * 0.37 + p[1]) * 1e3 + p[0] % 7;
  }

  @Test
  void partitionsDependOnTheGridOnly() {
    assertThat(Pass.partitionChunks(GRID, 8)).isEqualTo(15);
    assertThat(Pass.partitionChunks(ChunkGrid.regular(Shape.of(64, 1 << 20), 1, 1 << 20), 8)).isEqualTo(1);
    assertThat(Pass.partitionChunks(ChunkGrid.regular(Shape.of(4096, 1 << 16), 1, 1 << 16), 2))
        .as("128 KiB chunks: 16 MiB per partition").isEqualTo(64);
  }

  @Test
  void partitionedSumsAndVariancesEqualPlainLoopsAndRepeatBitForBit() {
    double[] colSum = new double[16];
    for (long i = 0; i < 1000; i++) for (long j = 0; j < 16; j++) colSum[(int) j] += value(new long[] {i, j});
    List<double[]> runs = new ArrayList<>();
    for (int parallelism : new int[] {1, 2, 4, 4}) {
      CountingSource src = CountingSource.of(GeneratedSource.of("g", DType.FLOAT64, GRID, PassPartitionTest::value));
      ReductionAccumulator sum = ReductionAccumulator.of(Reduction.SUM, DType.FLOAT64, GRID, new int[] {0}, 0);
      ReductionAccumulator var = ReductionAccumulator.of(Reduction.VAR, DType.FLOAT64, GRID, new int[] {0}, 0);
      ExecOptions o = ExecOptions.defaults().withParallelism(parallelism).withTileElements(5);
      var results = Pass.over(new SourceNode(src), o).feed(sum).feed(var).run().block(TIMEOUT);
      Block s = (Block) results.get(0).value();
      Block v = (Block) results.get(1).value();
      double[] both = new double[32];
      for (int j = 0; j < 16; j++) {
        assertThat(s.getDouble(j)).isCloseTo(colSum[j], org.assertj.core.data.Offset.offset(1e-6));
        both[j] = s.getDouble(j);
        both[16 + j] = v.getDouble(j);
      }
      assertThat(src.reads()).as("every chunk read once").isEqualTo(1000);
      runs.add(both);
    }
    for (double[] r : runs) assertThat(r).containsExactly(runs.get(0));
  }
}
