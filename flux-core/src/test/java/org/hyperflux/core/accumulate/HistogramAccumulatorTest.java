package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.junit.jupiter.api.Test;

/** {@link HistogramAccumulator} against numpy 1.24's {@code np.histogram} (expected values from numpy). */
class HistogramAccumulatorTest {
  private static long[] count(HistogramAccumulator acc, Block values) {
    HistogramAccumulator.State s = acc.create();
    acc.accept(s, new Chunk(ChunkIndex.of(0), Region.of(new long[] {0}, new int[] {values.length()}), values));
    return acc.finish(s).value();
  }

  private static Block doubles(double... v) {
    return Block.wrap(DType.FLOAT64, v);
  }

  @Test
  void explicitEdgesAreHalfOpenButTheLastIsClosed() {
    // np.histogram([0, 1, 1.5, 2, 3, 3.0], bins=[0, 1, 2, 3]) -> [1, 2, 3]
    HistogramAccumulator acc = HistogramAccumulator.withEdges(new double[] {0, 1, 2, 3});
    assertThat(count(acc, doubles(0, 1, 1.5, 2, 3, 3.0))).containsExactly(1, 2, 3);
  }

  @Test
  void nanAndOutOfRangeValuesAreNotCounted() {
    HistogramAccumulator acc = HistogramAccumulator.withEdges(new double[] {0, 1, 2});
    assertThat(count(acc, doubles(Double.NaN, -0.0, -1e-300, 2.0000001, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 0.5))).containsExactly(2, 0);
    HistogramAccumulator uni = HistogramAccumulator.uniform(2, 0, 2);
    assertThat(count(uni, doubles(Double.NaN, -0.0, -1e-300, 2.0000001, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 0.5))).containsExactly(2, 0);
  }

  @Test
  void uniformEdgesAreNumpyLinspace() {
    // np.histogram_bin_edges([], bins=7, range=(5.0, 30.0))
    assertThat(HistogramAccumulator.uniform(7, 5, 30).edges()).containsExactly(5.0, 8.571428571428571,
        12.142857142857142, 15.714285714285715, 19.285714285714285, 22.857142857142858,
        26.42857142857143, 30.0);
    // empty range widened as numpy's _get_outer_edges
    assertThat(HistogramAccumulator.uniform(2, 3, 3).edges()).containsExactly(2.5, 3.0, 3.5);
    // float32 edges: np.histogram_bin_edges(np.float32([0]), bins=3, range=(0.3, 0.7))
    assertThat(HistogramAccumulator.uniform(3, 0.3, 0.7, DType.FLOAT32).edges()).containsExactly(
        (double) 0.3f, (double) 0.43333334f, (double) 0.56666666f, (double) 0.7f);
  }

  @Test
  void valuesOnUniformEdgesFallInNumpysBins() {
    // np.histogram(np.arange(0, 1.01, 0.1), bins=10, range=(0, 1)) -> [1, 1, 1, 1, 1, 1, 1, 1, 1, 2]
    double[] v = new double[11];
    for (int i = 0; i < v.length; i++) v[i] = i * 0.1;
    assertThat(count(HistogramAccumulator.uniform(10, 0, 1), doubles(v)))
        .containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 2);
    // float32 values k/10 on float32 edges: np.histogram(np.float32(k/10), 10, (0., 1.)) -> all ones but the last two
    float[] f = new float[11];
    for (int i = 0; i < f.length; i++) f[i] = (float) (i / 10.0);
    assertThat(count(HistogramAccumulator.uniform(10, 0, 1, DType.FLOAT32), Block.wrap(DType.FLOAT32, f)))
        .containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 2);
  }

  @Test
  void uniformAndExplicitEdgesAgree() {
    HistogramAccumulator uni = HistogramAccumulator.uniform(13, -3.7, 11.2);
    HistogramAccumulator exp = HistogramAccumulator.withEdges(uni.edges());
    double[] v = new double[5000];
    java.util.Random rnd = new java.util.Random(7);
    double[] e = uni.edges();
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 3 == 0 ? e[rnd.nextInt(e.length)] : -5 + 18 * rnd.nextDouble();
      if (i % 5 == 0) v[i] = Math.nextUp(v[i]);
      if (i % 7 == 0) v[i] = Math.nextDown(v[i]);
    }
    assertThat(count(uni, doubles(v))).containsExactly(count(exp, doubles(v)));
  }

  @Test
  void statesMergeByAddingCounts() {
    HistogramAccumulator acc = HistogramAccumulator.uniform(4, 0, 4);
    HistogramAccumulator.State a = acc.create();
    HistogramAccumulator.State b = acc.create();
    acc.accept(a, new Chunk(ChunkIndex.of(0), Region.of(new long[] {0}, new int[] {3}), doubles(0, 1, 4)));
    acc.accept(b, new Chunk(ChunkIndex.of(1), Region.of(new long[] {3}, new int[] {2}), doubles(1.5, 3.9)));
    Partial<long[]> p = acc.finish(acc.merge(a, b));
    assertThat(p.value()).containsExactly(1, 2, 0, 2);
    assertThat(p.accepted()).isEqualTo(5);
    assertThat(p.isComplete()).isTrue();
  }

  @Test
  void badBinsAreRejected() {
    assertThatThrownBy(() -> HistogramAccumulator.withEdges(new double[] {0, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increase strictly");
    assertThatThrownBy(() -> HistogramAccumulator.withEdges(new double[] {0}))
        .hasMessageContaining("at least 2 edges");
    assertThatThrownBy(() -> HistogramAccumulator.uniform(0, 0, 1)).hasMessageContaining("positive");
    assertThatThrownBy(() -> HistogramAccumulator.uniform(3, 2, 1)).hasMessageContaining("max must be larger");
    assertThatThrownBy(() -> HistogramAccumulator.uniform(3, 0, Double.NaN)).hasMessageContaining("not finite");
  }
}
