package org.hyperflux.core.ops.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.statistics.Statistics;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.ops.LazyArray;
import reactor.core.publisher.Flux;

/**
 * dask's {@code assert_eq} for lazy arrays: the declared shape and dtype equal the reference's
 * before anything is computed; streaming the chunks delivers each chunk of the declared grid
 * exactly once, in C order, with the region {@code grid().region(gridIndex())} and the declared
 * dtype, covering the shape; and the assembled values equal the reference (bit-exact for bool and
 * integers, uint64 included; for floats NaN where the reference has NaN, the same infinity, and
 * within the reference's per-element tolerance otherwise, signed zeros counting as equal).
 * Elements the reference marks undefined (numpy leaves them to the C compiler) are skipped.
 * A plan the budget rules refuse ({@link PlanException}) is counted in the property's statistics
 * ("plans: refused") and not compared; {@code LazyEagerPlanTest} checks that tiny arrays are
 * never refused.
 */
final class LazyAssert {
  /** No execution in this suite takes more than a fraction of a second; nothing may hang. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private LazyAssert() {}

  static void assertLazyEquals(LazyArray lazy, Dense expected, Gen.Exec exec, String context) {
    String what = context + " [" + exec + "] -> lazy " + lazy;
    assertThat(lazy.shape()).as("declared shape of %s", what).isEqualTo(Shape.of(expected.shape));
    assertThat(lazy.dtype()).as("declared dtype of %s", what).isEqualTo(expected.dtype);
    ChunkGrid grid = lazy.grid();
    assertThat(grid.shape()).as("declared grid's shape of %s", what).isEqualTo(lazy.shape());

    Flux<Chunk> stream;
    try {
      stream = lazy.chunks(exec.options());
    } catch (PlanException e) {
      // A refusal is no wrong value; LazyEagerPlanTest holds plans of tiny arrays to account.
      Statistics.label("plans").collect("refused");
      return;
    }
    Statistics.label("plans").collect("run");
    List<Chunk> chunks;
    try {
      chunks = stream.collectList().block(TIMEOUT);
    } catch (RuntimeException e) {
      throw new AssertionError("computing failed: " + e + " in " + what, e);
    }
    assertThat(chunks).as("chunks of %s", what).isNotNull();
    assertThat(chunks.size()).as("number of chunks of %s (grid %s)", what, grid.extentsString())
        .isEqualTo(grid.chunkCount());

    int n = expected.size();
    double[] actualD = new double[n];
    long[] actualL = new long[n];
    int[] covered = new int[n];
    int[] strides = Dense.strides(expected.shape);
    for (int c = 0; c < chunks.size(); c++) {
      Chunk chunk = chunks.get(c);
      assertThat(chunk.gridIndex()).as("grid index of chunk #%d (C order) of %s", c, what).isEqualTo(grid.index(c));
      Region region = chunk.region();
      assertThat(region).as("region of chunk %s of %s", chunk.gridIndex(), what).isEqualTo(grid.region(chunk.gridIndex()));
      assertThat(chunk.dtype()).as("dtype of chunk %s of %s", chunk.gridIndex(), what).isEqualTo(expected.dtype);
      Block b = chunk.block();
      assertThat(b.length()).as("block length of chunk %s of %s", chunk.gridIndex(), what).isEqualTo(region.size());
      long[] extent = new long[region.rank()];
      for (int a = 0; a < extent.length; a++) extent[a] = region.extent(a);
      for (int k = 0; k < region.size(); k++) {
        int[] local = Dense.unravel(extent, k);
        int global = 0;
        for (int a = 0; a < local.length; a++) global += (int) (region.offset(a) + local[a]) * strides[a];
        covered[global]++;
        actualD[global] = b.getDouble(k);
        actualL[global] = b.getLong(k);
      }
    }
    for (int i = 0; i < n; i++) {
      if (covered[i] != 1) {
        throw new AssertionError("element " + Arrays.toString(Dense.unravel(expected.shape, i)) + " is covered by "
            + covered[i] + " chunks of grid " + grid.extentsString() + " in " + what);
      }
    }

    compare(expected, actualD, actualL, what);
  }

  /**
   * {@code computeMono()} agrees with the reference too: a {@link MemoryArray} on the declared
   * grid and dtype that holds the reference values (compared as for chunks).
   */
  static void assertComputeEquals(LazyArray lazy, Dense expected, Gen.Exec exec, String context) {
    String what = "compute of " + context + " [" + exec + "] -> lazy " + lazy;
    MemoryArray m;
    try {
      m = lazy.computeMono(exec.options()).block(TIMEOUT);
    } catch (PlanException e) {
      Statistics.label("plans").collect("refused");
      return;
    } catch (RuntimeException e) {
      throw new AssertionError("computing failed: " + e + " in " + what, e);
    }
    assertThat(m).as(what).isNotNull();
    assertThat(m.grid()).as("grid of %s", what).isEqualTo(lazy.grid());
    assertThat(m.dtype()).as("dtype of %s", what).isEqualTo(expected.dtype);
    int n = expected.size();
    double[] actualD = new double[n];
    long[] actualL = new long[n];
    for (int i = 0; i < n; i++) {
      long[] pos = Arrays.stream(Dense.unravel(expected.shape, i)).asLongStream().toArray();
      actualD[i] = m.getDouble(pos);
      actualL[i] = m.getLong(pos);
    }
    compare(expected, actualD, actualL, what);
  }

  private static void compare(Dense expected, double[] actualD, long[] actualL, String what) {
    int n = expected.size();
    List<String> mismatches = new ArrayList<>();
    int bad = 0;
    for (int i = 0; i < n; i++) {
      if (expected.undefined[i] || matches(expected, i, actualD[i], actualL[i])) continue;
      bad++;
      if (mismatches.size() < 8) {
        mismatches.add(Arrays.toString(Dense.unravel(expected.shape, i)) + ": got " + show(expected.dtype, actualD[i], actualL[i])
            + ", expected " + show(expected.dtype, expected.d[i], expected.l == null ? 0 : expected.l[i])
            + (expected.tol[i] > 0 ? " ± " + expected.tol[i] : ""));
      }
    }
    if (bad > 0) {
      throw new AssertionError(bad + " of " + n + " values differ in " + what + "\n  expected " + expected
          + "\n  first: " + String.join("; ", mismatches));
    }
  }

  private static boolean matches(Dense e, int i, double d, long l) {
    if (!e.dtype.isFloat()) return l == e.l[i];
    double x = e.d[i];
    if (Double.isNaN(x)) return Double.isNaN(d);
    if (Double.isInfinite(x)) return d == x;
    return !Double.isNaN(d) && Math.abs(d - x) <= e.tol[i];
  }

  private static String show(DType t, double d, long l) {
    if (t.isFloat()) return t == DType.FLOAT32 ? Float.toString((float) d) : Double.toString(d);
    if (t == DType.UINT64) return Long.toUnsignedString(l);
    return Long.toString(l);
  }
}
