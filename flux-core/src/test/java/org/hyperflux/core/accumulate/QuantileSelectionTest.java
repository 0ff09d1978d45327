package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.SourceNode;
import org.junit.jupiter.api.Test;

/**
 * Exact quantiles by radix selection ({@link QuantileSelection} driving {@link
 * QuantileAccumulator} passes) against a sorting reference that applies numpy 1.24's
 * {@code percentile} formula to the NaN-free values: every dtype, duplicates, signed zeros,
 * infinities, NaN, integer extremes (uint64 and int64 included), empty data, awkward chunks, a
 * range, and collect limits small enough to force every pass a dtype can need.
 */
class QuantileSelectionTest {
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withParallelism(2);

  /** A generated case: the values come from {@code seed}, so that a failure prints a reproduction. */
  record Case(DType dtype, int rows, int cols, int chunkRows, int chunkCols, long seed, int style,
      long collectLimit, boolean ranged) {
    Block values() {
      Random r = new Random(seed);
      int n = rows * cols;
      Block b = Block.allocate(dtype, n);
      long[] pool = new long[1 + r.nextInt(6)];
      double[] fpool = new double[pool.length];
      for (int i = 0; i < pool.length; i++) {
        pool[i] = r.nextLong();
        fpool[i] = r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
      }
      for (int i = 0; i < n; i++) {
        int pick = r.nextInt(20);
        if (dtype.isFloat()) {
          double v;
          if (style == 0 || pick < 6) v = fpool[r.nextInt(fpool.length)];
          else if (pick < 8) v = new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
              Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MIN_VALUE, 1e-40}[r.nextInt(8)];
          else if (pick < 12) v = Math.nextUp(1.0) + r.nextInt(50) * Math.ulp(1.0);
          else if (style == 2) v = Double.longBitsToDouble(r.nextLong());
          else v = r.nextGaussian() * 100;
          b.setDouble(i, v);
        } else {
          long v;
          if (style == 0 || pick < 6) v = pool[r.nextInt(pool.length)];
          else if (pick < 9) v = new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1, 0x7F, 0x80, 0xFFFF}[r.nextInt(8)];
          else if (style == 2) v = r.nextLong();
          else v = r.nextInt(200) - 100;
          b.setLong(i, v);
        }
      }
      return b;
    }

    MemoryArray array() {
      Shape shape = Shape.of(rows, cols);
      return MemoryArray.split(values(), ChunkGrid.regular(shape, new int[] {chunkRows, chunkCols}));
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<DType> dtypes = Arbitraries.of(DType.class).withoutEdgeCases();
    return Combinators.combine(dtypes, Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 40), Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 13), Arbitraries.longs(),
            Arbitraries.integers().between(0, 2),
            Arbitraries.of(0L, 1L, 3L, 20L, QuantileSelection.DEFAULT_COLLECT_LIMIT))
        .as((d, r, c, cr, cc, seed, style, limit) -> new Case(d, r, c, cr, cc, seed, style, limit,
            (seed & 7) == 0));
  }

  @Provide
  Arbitrary<double[]> quantiles() {
    Arbitrary<Double> q = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.of(0.0, 0.25, 0.5, 0.75, 1.0)),
        net.jqwik.api.Tuple.of(2, Arbitraries.doubles().between(0, 1)));
    return q.list().ofMinSize(0).ofMaxSize(4).map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Property(tries = 400, seed = "20240603")
  void exactQuantilesEqualSortingAndNumpysFormula(@ForAll("cases") Case c,
      @ForAll("quantiles") double[] qs) {
    MemoryArray a = c.array();
    double lo = -50;
    double hi = 120;
    QuantileSelection s = QuantileSelection.of(c.dtype(), qs).collectingAtMost(c.collectLimit());
    if (c.ranged()) s = s.within(lo, hi);
    int bound = s.maxPassesLeft();
    QuantileSelection done = run(a, s);
    Reference ref = Reference.of(a, c.dtype(), c.ranged() ? new double[] {lo, hi} : null);
    String what = c + " q=" + Arrays.toString(qs);
    assertThat(done.count()).as(what).isEqualTo(ref.count());
    assertThat(done.passes()).as(what).isLessThanOrEqualTo(Math.max(1, SortKeys.bits(c.dtype()) / 16));
    assertThat(done.passes()).as(what).isLessThanOrEqualTo(bound);
    assertSameDouble(done.min(), ref.count() == 0 ? Double.NaN : ref.value(0), what + " min");
    assertSameDouble(done.max(), ref.count() == 0 ? Double.NaN : ref.value(ref.count() - 1), what + " max");
    double[] got = done.quantiles();
    for (int i = 0; i < qs.length; i++) {
      assertSameDouble(got[i], ref.quantile(qs[i]), what + " quantile " + qs[i]);
    }
  }

  @Test
  void float64NeedsFourPassesWhenManyValuesShareTheirTopBitsAndFewMayBeCollected() {
    // 1 + k ulp: every value has the same top 32 key bits, and the buckets of bits 32..47 hold
    // 65536 values each, more than the collect limit.
    int n = 300_000;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) d[i] = 1.0 + ((i * 7919L) % n) * Math.ulp(1.0);
    MemoryArray a = MemoryArray.split(Block.wrap(DType.FLOAT64, d), ChunkGrid.regular(Shape.of(n), 40_000));
    QuantileSelection done = run(a, QuantileSelection.of(DType.FLOAT64, 0.25, 0.5, 0.9).collectingAtMost(1000));
    assertThat(done.passes()).isEqualTo(4);
    double[] q = done.quantiles();
    double[] sorted = d.clone();
    Arrays.sort(sorted);
    assertThat(q[0]).isEqualTo(sorted[0] + 0.25 * (n - 1) * Math.ulp(1.0));
    // (n - 1) * 0.5 = 149999.5: halfway between two neighbours one ulp apart.
    assertThat(q[1]).isEqualTo(sorted[149_999] + (sorted[150_000] - sorted[149_999]) * 0.5);
    // With the default collect limit the second pass collects: two passes.
    assertThat(run(a, QuantileSelection.of(DType.FLOAT64, 0.25, 0.5, 0.9)).passes()).isEqualTo(2);
    // Three passes when the values share their top 16 key bits but only 8 share 32: the second
    // pass counts bits 32..47, the third collects the two buckets the median falls in.
    int m = 1 << 18;
    double[] e = new double[m];
    for (int i = 0; i < m; i++) e[i] = 1.0 + ((long) i << 29) * Math.ulp(1.0);
    MemoryArray b = MemoryArray.split(Block.wrap(DType.FLOAT64, e), ChunkGrid.regular(Shape.of(m), 70_000));
    QuantileSelection three = run(b, QuantileSelection.of(DType.FLOAT64, 0.5).collectingAtMost(20));
    assertThat(three.passes()).isEqualTo(3);
    assertThat(three.quantiles()[0]).isEqualTo(e[m / 2 - 1] + (e[m / 2] - e[m / 2 - 1]) * 0.5);
  }

  @Test
  void passesPerDtypeAndTheIntegerExtremes() {
    long[] u = {-1L, 0, 1, Long.MIN_VALUE, Long.MAX_VALUE, -2L};
    MemoryArray a = MemoryArray.of(Shape.of(u.length), Block.wrap(DType.UINT64, u));
    QuantileSelection s = run(a, QuantileSelection.of(DType.UINT64, 0, 0.5, 1).collectingAtMost(0));
    // Sorted: 0, 1, 2^63 - 1, 2^63, 2^64 - 2, 2^64 - 1.
    assertThat(s.min()).isEqualTo(0.0);
    assertThat(s.max()).isEqualTo(0x1p64);
    assertThat(s.quantiles()[1]).isEqualTo(0x1p63 - 1 + 0.5);
    assertThat(s.span()).isEqualTo(0x1p64);
    byte[] i8 = {-128, 127};
    QuantileSelection b = run(MemoryArray.of(Shape.of(2), Block.wrap(DType.INT8, i8)),
        QuantileSelection.of(DType.INT8, 0.5));
    // numpy's int8 difference wraps (127.5); the exact midpoint is -0.5.
    assertThat(b.quantiles()[0]).isEqualTo(-0.5);
    assertThat(b.passes()).isEqualTo(1);
    assertThat(QuantileSelection.of(DType.UINT16, 0.5).maxPassesLeft()).isEqualTo(1);
    assertThat(QuantileSelection.of(DType.FLOAT32, 0.5).maxPassesLeft()).isEqualTo(2);
    assertThat(QuantileSelection.of(DType.INT64, 0.5).maxPassesLeft()).isEqualTo(4);
    assertThat(QuantileSelection.of(DType.FLOAT64).maxPassesLeft()).isEqualTo(1);
  }

  @Test
  void infinitiesGiveNaNWhereNumpysInterpolationDoes() {
    double[] d = {1, 2, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    QuantileSelection s = run(MemoryArray.of(Shape.of(4), Block.wrap(DType.FLOAT64, d)),
        QuantileSelection.of(DType.FLOAT64, 0.75, 0.25, 1.0));
    // np.percentile([1, 2, inf, inf], [75, 25, 100]) = [nan, 1.75, nan]
    assertThat(s.quantiles()).containsExactly(Double.NaN, 1.75, Double.NaN);
    QuantileSelection one = run(MemoryArray.of(Shape.of(1), Block.wrap(DType.FLOAT32, new float[] {5f})),
        QuantileSelection.of(DType.FLOAT32, 0.5));
    assertThat(one.quantiles()).containsExactly(5.0);
  }

  @Test
  void emptyAndAllNaNDataGiveNaN() {
    QuantileSelection s = run(MemoryArray.of(Shape.of(3), Block.wrap(DType.FLOAT32,
        new float[] {Float.NaN, Float.NaN, Float.NaN})), QuantileSelection.of(DType.FLOAT32, 0.5));
    assertThat(s.count()).isZero();
    assertThat(s.quantiles()).containsExactly(Double.NaN);
    assertThat(s.min()).isNaN();
    QuantileSelection e = run(MemoryArray.of(Shape.of(0, 4), Block.allocate(DType.INT32, 0)),
        QuantileSelection.of(DType.INT32, 0.25));
    assertThat(e.count()).isZero();
    assertThat(e.passes()).isEqualTo(1);
  }

  @Test
  void misuseIsRefused() {
    assertThatThrownBy(() -> QuantileSelection.of(DType.FLOAT64, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> QuantileSelection.of(DType.FLOAT64, 0.5).within(2, 1))
        .hasMessageContaining("lo <= hi");
    QuantileSelection s = QuantileSelection.of(DType.FLOAT64, 0.5);
    assertThatThrownBy(s::quantiles).isInstanceOf(IllegalStateException.class);
    QuantileSelection other = QuantileSelection.of(DType.FLOAT64, 0.5).collectingAtMost(0);
    MemoryArray a = MemoryArray.of(Shape.of(3), Block.wrap(DType.FLOAT64, new double[] {1, 2, 3}));
    QuantileSelection after = other.advance(counts(a, other.nextPass()));
    assertThatThrownBy(() -> after.advance(counts(a, s.nextPass())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the result");
  }

  @Test
  void dataThatChangesBetweenPassesIsDetected() {
    MemoryArray a = MemoryArray.of(Shape.of(5), Block.wrap(DType.FLOAT32, new float[] {1, 2, 3, 4, 5}));
    MemoryArray b = MemoryArray.of(Shape.of(5), Block.wrap(DType.FLOAT32, new float[] {1, 2, 3, 4, 4}));
    QuantileSelection s = QuantileSelection.of(DType.FLOAT32, 0.5);
    QuantileSelection second = s.advance(counts(a, s.nextPass()));
    assertThatThrownBy(() -> second.advance(counts(b, second.nextPass())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("data changed");
  }

  private static QuantileAccumulator.Counts counts(MemoryArray a, QuantileAccumulator acc) {
    return (QuantileAccumulator.Counts) Pass.over(new SourceNode(a), OPTIONS).feed(acc).run()
        .block(Duration.ofSeconds(30)).get(0).value();
  }

  static QuantileSelection run(MemoryArray a, QuantileSelection s) {
    while (!s.isDone()) s = s.advance(counts(a, s.nextPass()));
    return s;
  }

  private static void assertSameDouble(double got, double want, String what) {
    if (Double.isNaN(want)) {
      assertThat(got).as(what).isNaN();
    } else {
      // == so that -0.0 equals 0.0: radix keys do not tell them apart, nor does numpy's partition.
      assertThat(got == want).as(what + ": got " + got + ", want " + want).isTrue();
    }
  }

  /** The NaN-free (and in-range) values sorted exactly, and numpy's percentile formula on them. */
  record Reference(DType dtype, List<BigInteger> ints, double[] floats) {
    static Reference of(MemoryArray a, DType dtype, double[] range) {
      Block b = a.toBlock();
      double lo = range == null ? 0 : dtype == DType.FLOAT32 ? (float) range[0] : range[0];
      double hi = range == null ? 0 : dtype == DType.FLOAT32 ? (float) range[1] : range[1];
      List<BigInteger> ints = new ArrayList<>();
      List<Double> floats = new ArrayList<>();
      for (int i = 0; i < b.length(); i++) {
        double x = b.getDouble(i);
        if (Double.isNaN(x) || (range != null && !(x >= lo && x <= hi))) continue;
        if (dtype.isFloat()) {
          floats.add(x);
        } else if (dtype == DType.UINT64) {
          ints.add(new BigInteger(Long.toUnsignedString(b.getLong(i))));
        } else {
          ints.add(BigInteger.valueOf(b.getLong(i)));
        }
      }
      ints.sort(null);
      double[] f = floats.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new Reference(dtype, ints, f);
    }

    long count() {
      return dtype.isFloat() ? floats.length : ints.size();
    }

    double value(long i) {
      return dtype.isFloat() ? floats[(int) i] : ints.get((int) i).doubleValue();
    }

    /** numpy 1.24: v = (n-1) q; neighbours floor(v), floor(v)+1 (last/last with weight v+1 past the end); _lerp. */
    double quantile(double q) {
      long n = count();
      if (n == 0) return Double.NaN;
      double v = (n - 1) * q;
      int prev;
      int next;
      double t;
      if (v >= n - 1) {
        prev = (int) n - 1;
        next = prev;
        t = v + 1;
      } else {
        prev = (int) Math.floor(v);
        next = prev + 1;
        t = v - prev;
      }
      double a = value(prev);
      double b = value(next);
      double diff;
      if (dtype == DType.FLOAT32) diff = (float) b - (float) a;
      else if (dtype == DType.FLOAT64) diff = b - a;
      else diff = ints.get(next).subtract(ints.get(prev)).doubleValue();
      return t < 0.5 ? a + diff * t : b - diff * (1 - t);
    }
  }
}
