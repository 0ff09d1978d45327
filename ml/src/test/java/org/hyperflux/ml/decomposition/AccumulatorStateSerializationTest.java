package org.hyperflux.ml.decomposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §4: accumulators and their states serialise (a distributed engine will ship them), and a
 * state that travelled merges to the same result as one that did not.
 */
class AccumulatorStateSerializationTest {
  private static final long[] NAV = {6, 5};
  private static final int M = 12;

  private static Chunk tile(int row0, int rows, long seed) {
    Random r = new Random(seed);
    float[] v = new float[rows * (int) NAV[1] * M];
    for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    Region region = Region.of(new long[] {row0, 0, 0}, new int[] {rows, (int) NAV[1], M});
    return new Chunk(ChunkIndex.of(row0, 0, 0), region, Block.wrap(DType.FLOAT32, v));
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

  private static <S, R> R run(Accumulator<S, R> acc, boolean travel) throws Exception {
    Accumulator<S, R> a = travel ? roundTrip(acc) : acc;
    S left = a.create();
    a.accept(left, tile(0, 3, 1));
    S right = a.create();
    a.accept(right, tile(3, 3, 2));
    if (travel) {
      left = roundTrip(left);
      right = roundTrip(right);
    }
    S merged = a.merge(left, right);
    a.accept(merged, tile(0, 1, 3));
    return a.finish(merged).value();
  }

  @Test
  void everyDecompositionStateSurvivesSerialisation() throws Exception {
    boolean[] excluded = new boolean[30];
    excluded[7] = true;
    SampleRows rows = new SampleRows(NAV, M, excluded, new int[] {0, 2, 3, 5, 6, 7, 8, 11}, null, null, false, 1 << 17);
    int m = rows.features();
    double[] basis = new double[m * 3];
    for (int i = 0; i < basis.length; i++) basis[i] = Math.sin(i);
    double[] components = new double[2 * m];
    for (int i = 0; i < components.length; i++) components[i] = Math.cos(i);

    GramAccumulator.Gram g1 = run(new GramAccumulator(rows, true), false);
    GramAccumulator.Gram g2 = run(new GramAccumulator(rows, true), true);
    assertThat(g2.matrix()).containsExactly(g1.matrix());
    assertThat(g2.mean()).containsExactly(g1.mean());
    assertThat(g2.count()).isEqualTo(g1.count()).isEqualTo(14 + 15 + 5);

    GramProductAccumulator.Product p1 = run(new GramProductAccumulator(rows, basis, 3), false);
    GramProductAccumulator.Product p2 = run(new GramProductAccumulator(rows, basis, 3), true);
    assertThat(p2.product()).containsExactly(p1.product());

    SampleRows centred = rows.rowCentred(true);
    ProjectionAccumulator.Projection l1 = run(new ProjectionAccumulator(centred, components, 2, null, 30), false);
    ProjectionAccumulator.Projection l2 = run(new ProjectionAccumulator(centred, components, 2, null, 30), true);
    assertThat(l2.loadings()).containsExactly(l1.loadings());
    assertThat(l2.rowMeans()).containsExactly(l1.rowMeans());
    assertThat(l1.loadings()[7 * 2]).isNaN();

    PoissonSumsAccumulator.Sums s1 = run(new PoissonSumsAccumulator(rows, 30), false);
    PoissonSumsAccumulator.Sums s2 = run(new PoissonSumsAccumulator(rows, 30), true);
    assertThat(s2.featureSums()).containsExactly(s1.featureSums());
    assertThat(s2.rowSums()).containsExactly(s1.rowSums());
  }
}
