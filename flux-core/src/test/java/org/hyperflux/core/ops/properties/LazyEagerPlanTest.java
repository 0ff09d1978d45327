package org.hyperflux.core.ops.properties;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.ops.BinaryOp;
import org.hyperflux.core.ops.LazyArray;

/**
 * The lazy-equals-eager properties skip plans the executor refuses; this one holds the refusals
 * to account: arrays of a few hundred bytes in memory, well inside any budget, must plan for
 * every geometry (broadcasting a small operand over many chunks, slicing with steps, rechunking
 * to a grid that does not align, and chains of these) with the default options.
 */
class LazyEagerPlanTest {

  @Provide
  Arbitrary<Gen.Src[]> pairs() {
    return Gen.broadcastPairs();
  }

  @Provide
  Arbitrary<Gen.Src> sources() {
    return Gen.sources(0, Gen.MAX_RANK);
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Property(tries = 500, seed = "7310071")
  void broadcastingTinyArraysPlans(@ForAll("pairs") Gen.Src[] pair) {
    if (pair[0].data().dtype == DType.BOOL && pair[1].data().dtype == DType.BOOL) return;
    LazyArray lazy = pair[0].lazy().binary(BinaryOp.ADD, pair[1].lazy());
    assertThatCode(() -> lazy.plan(new Gen.Exec(0, -1).options())).as("plan of add(%s, %s)", pair[0], pair[1])
        .doesNotThrowAnyException();
  }

  @Property(tries = 500, seed = "7310072")
  void tinyChainsPlan(@ForAll("sources") Gen.Src src, @ForAll("seeds") long seed) {
    Steps.Chain chain = Steps.Chain.middleSteps(new Random(seed), src);
    assertThatCode(() -> chain.lazy().plan(new Gen.Exec(0, -1).options())).as("plan of %s", chain)
        .doesNotThrowAnyException();
  }
}
