package org.hyperflux.ml.decomposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.junit.jupiter.api.Test;

/**
 * The ordered learning pass: tiles in chunk-grid order of a blocked chunking reach the learner in
 * C order of the navigation positions (so the result equals that of row-major tiles), and a state
 * holding rows that wait for their turn survives serialisation (DESIGN §4).
 */
class OnlineLearningAccumulatorTest {
  private static final long[] NAV = {6, 5};
  private static final int M = 12;

  private static double value(int y, int x, int j) {
    return 10 + 5 * Math.sin(0.7 * y + 0.3 * j) + 3 * Math.cos(0.5 * x * j) + (y * 5 + x) % 3;
  }

  /** The tile over navigation rows [y0, y0+ny) and columns [x0, x0+nx). */
  private static Chunk tile(int y0, int ny, int x0, int nx) {
    float[] v = new float[ny * nx * M];
    for (int y = 0; y < ny; y++) {
      for (int x = 0; x < nx; x++) {
        for (int j = 0; j < M; j++) v[(y * nx + x) * M + j] = (float) value(y0 + y, x0 + x, j);
      }
    }
    Region region = Region.of(new long[] {y0, x0, 0}, new int[] {ny, nx, M});
    return new Chunk(ChunkIndex.of(y0 / 3, x0 / 3, 0), region, Block.wrap(DType.FLOAT32, v));
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  private static OnlineLearningAccumulator accumulator(String algorithm, SampleRows rows, OnlineParameters o) {
    int m = rows.features();
    OnlineLearningAccumulator.LearnerFactory f = algorithm.equals("orpca")
        ? () -> new OrpcaLearner(m, 3, o, 7)
        : () -> new OrnmfLearner(m, 3, o, 7);
    return new OnlineLearningAccumulator(rows, f, 3, algorithm, algorithm.equals("ornmf"), 15);
  }

  @Test
  void blockedTilesAreLearntInCOrderAndAWaitingStateSurvivesSerialisation() throws Exception {
    boolean[] excluded = new boolean[30];
    excluded[1] = true;
    excluded[17] = true;
    SampleRows rows = new SampleRows(NAV, M, excluded, null, null, null, false, 1 << 17);
    OnlineParameters[] params = {
        OnlineParameters.DEFAULTS.withLambda2(2).withTrainingSamples(4),
        OnlineParameters.DEFAULTS.withLambda2(2).withInit("rand").withBatchSize(4).withMethod("SGD"),
        OnlineParameters.DEFAULTS.withLambda1(2).withMaxIterations(200)};
    String[] algorithms = {"orpca", "orpca", "ornmf"};
    for (int a = 0; a < params.length; a++) {
      OnlineLearningAccumulator acc = accumulator(algorithms[a], rows, params[a]);
      OnlineLearningAccumulator.State rowMajor = acc.create();
      acc.accept(rowMajor, tile(0, 3, 0, 5));
      acc.accept(rowMajor, tile(3, 3, 0, 5));
      double[] expected = acc.finish(rowMajor).value();

      OnlineLearningAccumulator travelled = roundTrip(acc);
      OnlineLearningAccumulator.State blocked = travelled.create();
      travelled.accept(blocked, tile(0, 3, 0, 3));
      assertThat(blocked.sequencer.waiting()).as("rows of positions after (0, 2) wait").isEqualTo(6);
      blocked = roundTrip(blocked);
      assertThat(travelled.snapshot(blocked).isComplete()).isFalse();
      travelled.accept(blocked, tile(0, 3, 3, 2));
      travelled.accept(blocked, tile(3, 3, 0, 3));
      travelled.accept(blocked, tile(3, 3, 3, 2));
      assertThat(blocked.sequencer.waiting()).isZero();
      assertThat(travelled.finish(blocked).value()).as(algorithms[a] + " " + params[a]).containsExactly(expected);
    }
  }
}
