package org.hyperflux.core.ops.properties;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import org.hyperflux.core.accumulate.Reduction;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.ops.Slice;

/**
 * Lazy equals eager for {@link LazyArray#rebin}: any rank 0–4, zero-length axes, regular grids
 * whose chunks need not divide the axis nor be multiples of the factor, irregular grids, factors
 * from 1 to the axis length (so that a remainder is cropped), every dtype, with numpy's sum dtype
 * or an explicit one. The reference is numpy's definition written with the reference model's own
 * operations: {@code a[:n0*f0, ...].reshape(n0, f0, n1, f1, ...).sum(axis=(1, 3, ...))}, and for
 * an explicit dtype {@code a.astype(dtype)} summed and cast back (numpy's
 * {@code sum(dtype=...)}, integers wrapping, a bool sum being a logical or).
 */
class LazyEagerRebinTest {

  /** A source, one raw factor per axis (mapped into 1..length), and an optional dtype. */
  @Provide
  Arbitrary<Tuple3<Gen.Src, long[], DType>> cases() {
    Arbitrary<List<Long>> raw = Arbitraries.longs().between(1, 7).list().ofSize(Gen.MAX_RANK);
    Arbitrary<DType> dtype = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just((DType) null)),
        Tuple.of(2, Gen.dtypes()));
    return Combinators.combine(Gen.sources(0, Gen.MAX_RANK), raw, dtype)
        .as((s, r, t) -> Tuple.of(s, factorsFor(s.data().shape, r), t));
  }

  private static long[] factorsFor(long[] shape, List<Long> raw) {
    long[] f = new long[shape.length];
    for (int a = 0; a < f.length; a++) {
      f[a] = shape[a] == 0 ? raw.get(a) : (raw.get(a) - 1) % shape[a] + 1;
    }
    return f;
  }

  @Provide
  Arbitrary<Gen.Exec> execs() {
    return Gen.execs();
  }

  @Property(tries = 1500, seed = "7310091")
  void rebinAsNumpy(@ForAll("cases") Tuple3<Gen.Src, long[], DType> c, @ForAll("execs") Gen.Exec exec) {
    Gen.Src a = c.get1();
    long[] factors = c.get2();
    DType dtype = c.get3();
    LazyArray lazy = dtype == null ? a.lazy().rebin(factors) : a.lazy().rebin(dtype, factors);
    String what = "rebin(" + a + ", factors=" + Arrays.toString(factors)
        + (dtype == null ? "" : ", dtype=" + dtype.numpyName()) + ")";
    LazyAssert.assertLazyEquals(lazy, rebin(a.data(), factors, dtype), exec, what);
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  /**
   * Rebinning what a chain of exact steps produced (slices, transposes, casts, rechunks, joins: so
   * the pieces are loaded from operators, not only from sources), then maybe one more step on the
   * binned array; and arrays this small always plan with the default options.
   */
  @Property(tries = 600, seed = "7310093")
  void rebinInsideChains(@ForAll("sources") Gen.Src src, @ForAll("seeds") long seed,
      @ForAll("execs") Gen.Exec exec) {
    Random rnd = new Random(seed);
    Steps.Chain chain = Steps.Chain.middleSteps(rnd, src);
    Dense binned = chain.ref();
    long[] factors = new long[binned.rank()];
    for (int a = 0; a < factors.length; a++) {
      factors[a] = binned.shape[a] == 0 ? 1 + rnd.nextInt(3) : 1 + rnd.nextInt((int) binned.shape[a]);
    }
    chain.then(Steps.step("rebin(" + Arrays.toString(factors) + ")", x -> x.rebin(factors),
        x -> rebin(x, factors, null)));
    if (rnd.nextBoolean() && !chain.ref().dtype.isFloat()) {
      // Middle steps are exact on exact values; after a float rebin the reference carries a tolerance.
      chain.then(Steps.middle(rnd, chain.ref()));
    }
    assertThatCode(() -> chain.lazy().plan(ExecOptions.defaults())).as("plan of %s", chain)
        .doesNotThrowAnyException();
    LazyAssert.assertLazyEquals(chain.lazy(), chain.ref(), exec, chain.toString());
  }

  @Provide
  Arbitrary<Gen.Src> sources() {
    return Gen.sources(0, Gen.MAX_RANK);
  }

  @Property(tries = 200, seed = "7310092")
  void badFactorsFailWhenBuilt(@ForAll("cases") Tuple3<Gen.Src, long[], DType> c,
      @ForAll("badFactor") long bad, @ForAll("axisPick") int pick) {
    Gen.Src a = c.get1();
    int rank = a.data().rank();
    long[] factors = c.get2();
    assertThatThrownBy(() -> a.lazy().rebin(Arrays.copyOf(factors, rank + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one factor per axis");
    if (rank == 0) return;
    int axis = pick % rank;
    long[] f = factors.clone();
    long length = a.data().shape[axis];
    f[axis] = bad <= 0 ? bad : length + bad;
    if (bad > 0 && length == 0) return; // any factor >= 1 is legal on an empty axis
    assertThatThrownBy(() -> a.lazy().rebin(f)).as("factors %s for %s", Arrays.toString(f), a)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("axis " + axis)
        .hasMessageContaining(String.valueOf(f[axis]));
  }

  @Provide
  Arbitrary<Long> badFactor() {
    return Arbitraries.of(0L, -1L, -5L, 1L, 3L);
  }

  @Provide
  Arbitrary<Integer> axisPick() {
    return Arbitraries.integers().between(0, 11);
  }

  /** numpy's rebin: crop, reshape into (n0, f0, n1, f1, ...), sum the odd axes (in {@code dtype}). */
  static Dense rebin(Dense a, long[] factors, DType dtype) {
    Dense in = dtype == null ? a : a.astype(dtype);
    int rank = in.rank();
    Slice[] crop = new Slice[rank];
    long[] split = new long[2 * rank];
    int[] blockAxes = new int[rank];
    for (int ax = 0; ax < rank; ax++) {
      long n = in.shape[ax] / factors[ax];
      crop[ax] = Slice.of(0, n * factors[ax]);
      split[2 * ax] = n;
      split[2 * ax + 1] = factors[ax];
      blockAxes[ax] = 2 * ax + 1;
    }
    Dense cropped = Reference.slice(in, crop);
    // A C-order reshape keeps the element order: the same arrays under the split shape.
    Dense reshaped = new Dense(split, cropped.dtype, cropped.d, cropped.l, cropped.undefined, cropped.tol);
    if (rank == 0) {
      // numpy: sum(axis=()) of a rank-0 array is the element in the sum dtype.
      return dtype == null ? in.astype(in.dtype.sumType()) : in;
    }
    Dense sum = Reference.reduce(Reduction.SUM, 0, reshaped, blockAxes);
    return dtype == null || sum.dtype == dtype ? sum : sum.astype(dtype);
  }
}
