package org.hyperflux.core.ops.properties;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.hyperflux.core.accumulate.Reduction;

/**
 * Lazy equals eager for reductions over any axis set (given in any order, negative or not, or
 * none for all axes), every {@link Reduction} and dtype, with numpy's result dtypes and edge cases
 * (empty sums, all-NaN slices, ddof beyond the count). Float results compare within the
 * tolerances {@link Reference} derives from the summation and variance error bounds.
 */
class LazyEagerReduceTest {

  @Provide
  Arbitrary<Tuple2<Gen.Src, Gen.Axes>> cases() {
    return Combinators.combine(Gen.sources(0, Gen.MAX_RANK), Gen.axesSpecs())
        .as((s, ax) -> Tuple.of(s, ax.on(s.data().rank())));
  }

  @Provide
  Arbitrary<Integer> ddofs() {
    // Beyond 1 so that n - ddof <= 0 happens on the short axes generated (numpy: inf or NaN).
    return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(3, Arbitraries.just(1)),
        Tuple.of(1, Arbitraries.just(2)), Tuple.of(1, Arbitraries.just(3)), Tuple.of(1, Arbitraries.just(5)));
  }

  @Provide
  Arbitrary<Gen.Exec> execs() {
    return Gen.execs();
  }

  @Property(tries = 2000, seed = "7310041")
  void reductionsAsNumpy(@ForAll("cases") Tuple2<Gen.Src, Gen.Axes> c, @ForAll Reduction r,
      @ForAll("ddofs") int ddofChoice, @ForAll("execs") Gen.Exec exec) {
    Gen.Src a = c.get1();
    int[] axes = c.get2().axes();
    int ddof = r.name().endsWith("VAR") || r.name().endsWith("STD") ? ddofChoice : 0;
    String what = r.numpyName() + "(" + a + ", " + c.get2() + (ddof != 0 ? ", ddof=" + ddof : "") + ")";
    Dense expected;
    try {
      expected = Reference.reduce(r, ddof, a.data(), axes);
    } catch (Reference.EmptyReductionException e) {
      // numpy raises ValueError; a lazy array must refuse when it is built (DESIGN: errors at build time).
      assertThatThrownBy(() -> a.lazy().reduceWithDdof(r, ddof, axes)).as(what).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    LazyAssert.assertLazyEquals(a.lazy().reduceWithDdof(r, ddof, axes), expected, exec, what);
  }
}
