package org.hyperflux.core.ops.properties;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.ops.BinaryOp;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.accumulate.Reduction;

/**
 * Lazy equals eager for pipelines: the fixed chain slice → transpose → astype → add (a
 * broadcast array) → reduce, random chains of exact steps ending in an optional reduction, and
 * "rechunk to any grid, then any operation" against the operation on the original values.
 */
class LazyEagerChainTest {

  /** The fixed chain's parameters. */
  record Fixed(Gen.Src src, Gen.Slices slices, int[] perm, DType astype, Gen.Src addend, Gen.Axes axes,
      Reduction reduction) {
    @Override
    public String toString() {
      return src.toString() + slices + ".transpose(" + Arrays.toString(perm) + ").astype(" + astype.numpyName()
          + ").add(" + addend + ")." + reduction.numpyName() + "(" + axes + ")";
    }
  }

  @Provide
  Arbitrary<Fixed> fixedChains() {
    return Combinators.combine(Gen.sources(1, Gen.MAX_RANK), Gen.sliceLists(), Gen.permutations(), Gen.dtypes(),
            Gen.operandSpecs(), Gen.axesSpecs(),
            Arbitraries.of(Reduction.SUM, Reduction.MEAN, Reduction.NANMAX, Reduction.VAR))
        .as((src, sl, p, t, addend, axes, r) -> {
          int rank = src.data().rank();
          Gen.Slices slices = Gen.slicesFor(sl, rank);
          int[] perm = Gen.permutationFor(p, rank);
          long[] shape = Reference.transpose(Reference.slice(src.data(), slices.slices()), perm).shape;
          return new Fixed(src, slices, perm, t, addend.on(shape), axes.on(rank), r);
        });
  }

  @Provide
  Arbitrary<Gen.Src> sources() {
    return Gen.sources(0, Gen.MAX_RANK);
  }

  @Provide
  Arbitrary<Gen.Exec> execs() {
    return Gen.execs();
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Property(tries = 800, seed = "7310061")
  void sliceTransposeAstypeAddReduce(@ForAll("fixedChains") Fixed c, @ForAll("execs") Gen.Exec exec) {
    Dense x = Reference.transpose(Reference.slice(c.src().data(), c.slices().slices()), c.perm()).astype(c.astype());
    Dense sum = Reference.binary(BinaryOp.ADD, x, c.addend().data());
    Dense expected;
    try {
      expected = Reference.reduce(c.reduction(), 0, sum, c.axes().axes());
    } catch (Reference.EmptyReductionException e) {
      return; // covered by LazyEagerReduceTest
    }
    LazyArray lazy = c.src().lazy().slice(c.slices().slices()).transpose(c.perm()).astype(c.astype())
        .add(c.addend().lazy()).reduce(c.reduction(), c.axes().axes());
    LazyAssert.assertLazyEquals(lazy, expected, exec, c.toString());
  }

  @Property(tries = 1000, seed = "7310062")
  void randomChainsEqualComposedReference(@ForAll("sources") Gen.Src src, @ForAll("seeds") long seed,
      @ForAll("execs") Gen.Exec exec, @ForAll boolean viaCompute) {
    Random rnd = new Random(seed);
    Steps.Chain chain = new Steps.Chain(src);
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i <= n; i++) {
      Dense ref = chain.ref();
      Steps.Step s = i < n ? Steps.middle(rnd, ref) : rnd.nextBoolean() ? Steps.reduction(rnd, ref) : null;
      if (s == null) break;
      chain.then(s);
    }
    if (viaCompute) LazyAssert.assertComputeEquals(chain.lazy(), chain.ref(), exec, chain.toString());
    else LazyAssert.assertLazyEquals(chain.lazy(), chain.ref(), exec, chain.toString());
  }

  @Property(tries = 1000, seed = "7310063")
  void rechunkThenAnyOpEqualsOpOnOriginal(@ForAll("sources") Gen.Src src, @ForAll("seeds") long seed,
      @ForAll("execs") Gen.Exec exec) {
    Random rnd = new Random(seed);
    ChunkGrid grid = Steps.randomGrid(rnd, src.data().shape);
    Steps.Step op = rnd.nextInt(3) == 0 ? Steps.reduction(rnd, src.data()) : Steps.middle(rnd, src.data());
    LazyAssert.assertLazyEquals(op.apply(src.lazy().rechunk(grid)), op.apply(src.data()), exec,
        src + ".rechunk(" + grid.extentsString() + ") then " + op);
  }
}
