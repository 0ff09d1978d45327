package org.hyperflux.core.ops.properties;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.ops.LazyArray;

/**
 * Lazy equals eager for {@code argmax}/{@code argmin} along one axis: the suite's awkward sources
 * (ranks 1–4, chunks that do not divide the axes, irregular grids, view blocks) and sources whose
 * values come from a small alphabet per dtype (the dtype's extremes, signed zeros, infinities and
 * NaN), so that nearly every line has ties, many of them across chunk boundaries of the reduced
 * axis, on axes of up to 7 elements split into several chunks. The reference is a plain loop
 * written from numpy's definition ({@link #argReduce}); a zero-length axis must be refused when
 * the lazy array is built. A line holding an element numpy leaves undefined is not compared.
 */
class LazyEagerArgReduceTest {

  /** A source and the axis reduced (as given: negative or not). */
  record Case(Gen.Src src, int axis) {
    @Override
    public String toString() {
      return src + ", axis=" + axis;
    }
  }

  /** Values per dtype for the tie-heavy sources: extremes, zeros, NaN and infinities. */
  private static final double[] FLOAT_ALPHABET = {
      Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 0.0, 1.5, -1.5,
      Double.MAX_VALUE, -Double.MAX_VALUE, 2.0};
  private static final long[] INT_ALPHABET = {
      Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, 2, -128, 127, 128, 255, 0xFFFF, 0x8000,
      Integer.MIN_VALUE, 0xFFFF_FFFFL, 1L << 63 | 5};

  @Provide
  Arbitrary<Case> suiteCases() {
    return Combinators.combine(Gen.sources(1, Gen.MAX_RANK), Arbitraries.integers().between(0, 7))
        .as((s, k) -> new Case(s, axisFor(s.data().rank(), k)));
  }

  @Provide
  Arbitrary<Case> tieCases() {
    Arbitrary<long[]> shapes = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)),
            net.jqwik.api.Tuple.of(12, Arbitraries.longs().between(1, 7)))
        .list().ofMinSize(1).ofMaxSize(Gen.MAX_RANK).map(Gen::toLongs);
    Arbitrary<List<Integer>> symbols = Arbitraries.integers().between(0, 99).list().ofMinSize(1).ofMaxSize(30);
    Arbitrary<Integer> alphabetSizes = Arbitraries.integers().between(1, 15);
    return Combinators.combine(shapes, Gen.dtypes(), symbols, alphabetSizes, Gen.gridSpecs(),
            Arbitraries.of(false, true), Arbitraries.integers().between(0, 7))
        .as((shape, dtype, sym, alphabet, grid, views, k) -> {
          Dense d = Dense.zeros(shape, dtype);
          for (int i = 0; i < d.size(); i++) {
            int s = sym.get(i % sym.size()) + i / sym.size();
            if (dtype.isFloat()) d.setDouble(i, FLOAT_ALPHABET[s % Math.min(alphabet, FLOAT_ALPHABET.length)]);
            else d.setLong(i, INT_ALPHABET[s % alphabet]);
          }
          return new Case(new Gen.Src(d, grid.extents(shape), views), axisFor(shape.length, k));
        });
  }

  /** An axis in {@code [-rank, rank)} from any {@code k}. */
  private static int axisFor(int rank, int k) {
    return k % (2 * rank) - rank;
  }

  @Provide
  Arbitrary<Gen.Exec> execs() {
    return Gen.execs();
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Property(tries = 1500, seed = "7310081")
  void argReductionsOfSuiteSourcesAsNumpy(@ForAll("suiteCases") Case c, @ForAll boolean max,
      @ForAll("execs") Gen.Exec exec) {
    check(c, max, exec);
  }

  @Property(tries = 2000, seed = "7310082")
  void argReductionsWithTiesNaNAndExtremesAsNumpy(@ForAll("tieCases") Case c, @ForAll boolean max,
      @ForAll("execs") Gen.Exec exec) {
    Statistics.label("lines").collect(tieAcrossChunks(c, max) ? "a tie across chunks" : "no tie across chunks");
    check(c, max, exec);
    Statistics.label("lines").coverage(k -> k.check("a tie across chunks").percentage(p -> p > 20));
  }

  /** True when some line's extreme (or NaN) occurs in two chunks of the reduced axis. */
  private static boolean tieAcrossChunks(Case c, boolean max) {
    Dense a = c.src().data();
    int ax = Math.floorMod(c.axis(), a.rank());
    if (a.shape[ax] == 0 || c.src().extents()[ax].length < 2) return false;
    Dense idx = argReduce(a, c.axis(), max);
    int[] chunkOf = new int[(int) a.shape[ax]];
    int[] e = c.src().extents()[ax];
    for (int k = 0, p = 0; k < e.length; k++) for (int j = 0; j < e[k]; j++) chunkOf[p++] = k;
    int[] strides = Dense.strides(a.shape);
    long[] outShape = idx.shape;
    for (int o = 0; o < idx.size(); o++) {
      int[] pos = Dense.unravel(outShape, o);
      int start = 0;
      for (int i = 0, k = 0; i < a.rank(); i++) if (i != ax) start += pos[k++] * strides[i];
      int best = (int) idx.l[o];
      int b = start + best * strides[ax];
      for (int j = best + 1; j < a.shape[ax]; j++) {
        int v = start + j * strides[ax];
        boolean same = a.dtype.isFloat()
            ? a.d[v] == a.d[b] || (Double.isNaN(a.d[v]) && Double.isNaN(a.d[b])) : a.l[v] == a.l[b];
        if (same && chunkOf[j] != chunkOf[best]) return true;
      }
    }
    return false;
  }

  /** Random exact steps (slices, transposes, casts, rechunks, ...) then an arg-reduction. */
  @Property(tries = 600, seed = "7310083")
  void argReductionsAfterRandomStepsAsNumpy(@ForAll("suiteCases") Case c, @ForAll("seeds") long seed,
      @ForAll boolean max, @ForAll("execs") Gen.Exec exec, @ForAll boolean viaCompute) {
    Steps.Chain chain = Steps.Chain.middleSteps(new Random(seed), c.src());
    LazyArray lazy = chain.lazy();
    Dense ref = chain.ref();
    if (ref.rank() == 0) return;
    int axis = axisFor(ref.rank(), c.axis() + Gen.MAX_RANK);
    String what = chain + " then " + (max ? "argmax" : "argmin") + "(axis=" + axis + ")";
    if (ref.shape[Math.floorMod(axis, ref.rank())] == 0) {
      assertThatThrownBy(() -> reduce(lazy, max, axis)).as(what)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty sequence");
      return;
    }
    Dense expected = argReduce(ref, axis, max);
    if (viaCompute) LazyAssert.assertComputeEquals(reduce(lazy, max, axis), expected, exec, what);
    else LazyAssert.assertLazyEquals(reduce(lazy, max, axis), expected, exec, what);
  }

  private static void check(Case c, boolean max, Gen.Exec exec) {
    Dense a = c.src().data();
    String what = (max ? "argmax" : "argmin") + "(" + c + ")";
    if (a.shape[Math.floorMod(c.axis(), a.rank())] == 0) {
      // numpy: ValueError "attempt to get argmax of an empty sequence"; refused at build time.
      assertThatThrownBy(() -> reduce(c.src().lazy(), max, c.axis())).as(what)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty sequence");
      return;
    }
    LazyAssert.assertLazyEquals(reduce(c.src().lazy(), max, c.axis()), argReduce(a, c.axis(), max),
        exec, what);
  }

  private static LazyArray reduce(LazyArray a, boolean max, int axis) {
    return max ? a.argmax(axis) : a.argmin(axis);
  }

  /**
   * numpy's {@code argmax}/{@code argmin} by definition: along each line, the index of the first
   * NaN if there is one; otherwise the extreme value is found first and then the first index
   * holding it (integers compared exactly, uint64 unsigned; -0.0 equals 0.0).
   */
  static Dense argReduce(Dense a, int axis, boolean max) {
    int rank = a.rank();
    int ax = Math.floorMod(axis, rank);
    long[] outShape = new long[rank - 1];
    for (int i = 0, k = 0; i < rank; i++) if (i != ax) outShape[k++] = a.shape[i];
    Dense out = Dense.zeros(outShape, DType.INT64);
    int[] strides = Dense.strides(a.shape);
    int len = (int) a.shape[ax];
    for (int o = 0; o < out.size(); o++) {
      int[] pos = Dense.unravel(outShape, o);
      int start = 0;
      for (int i = 0, k = 0; i < rank; i++) if (i != ax) start += pos[k++] * strides[i];
      int step = strides[ax];
      int found = -1;
      if (a.dtype.isFloat()) {
        for (int j = 0; j < len && found < 0; j++) if (Double.isNaN(a.d[start + j * step])) found = j;
        if (found < 0) {
          double best = a.d[start];
          for (int j = 1; j < len; j++) {
            double v = a.d[start + j * step];
            best = max ? Math.max(best, v) : Math.min(best, v);
          }
          for (int j = 0; j < len && found < 0; j++) if (a.d[start + j * step] == best) found = j;
        }
      } else {
        boolean unsigned = a.dtype == DType.UINT64;
        long best = a.l[start];
        for (int j = 1; j < len; j++) {
          long v = a.l[start + j * step];
          int cmp = unsigned ? Long.compareUnsigned(v, best) : Long.compare(v, best);
          if (max ? cmp > 0 : cmp < 0) best = v;
        }
        for (int j = 0; j < len && found < 0; j++) if (a.l[start + j * step] == best) found = j;
      }
      out.setLong(o, found);
      // An element numpy leaves undefined (a cast out of range) makes the whole line undefined.
      for (int j = 0; j < len; j++) out.undefined[o] |= a.undefined[start + j * step];
    }
    return out;
  }
}
