package org.hyperflux.core.ops.properties;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperflux.core.array.DType;

/**
 * Lazy equals eager for {@code astype} between all 121 dtype pairs, with numpy's cast semantics:
 * integers wrap, floats truncate toward zero, anything to bool is {@code != 0} (NaN is True),
 * 64-bit integers round once to float32. Float values that do not fit the target integer type
 * (and NaN/±inf) are undefined in numpy (C leaves them to the compiler) and are not compared.
 */
class LazyEagerAstypeTest {

  @Provide
  Arbitrary<Gen.Src> sources() {
    return Gen.sources(0, Gen.MAX_RANK);
  }

  @Provide
  Arbitrary<Gen.Exec> execs() {
    return Gen.execs();
  }

  @Property(tries = 1500, seed = "7310031")
  void astypeCastsAsNumpy(@ForAll("sources") Gen.Src a, @ForAll DType to, @ForAll("execs") Gen.Exec exec) {
    LazyAssert.assertLazyEquals(a.lazy().astype(to), a.data().astype(to), exec,
        "astype(" + to.numpyName() + ") of " + a);
  }

  @Property(tries = 400, seed = "7310032")
  void astypeTwiceComposesCasts(@ForAll("sources") Gen.Src a, @ForAll DType via, @ForAll DType to,
      @ForAll("execs") Gen.Exec exec) {
    LazyAssert.assertLazyEquals(a.lazy().astype(via).astype(to), a.data().astype(via).astype(to), exec,
        "astype(" + via.numpyName() + ").astype(" + to.numpyName() + ") of " + a);
  }
}
