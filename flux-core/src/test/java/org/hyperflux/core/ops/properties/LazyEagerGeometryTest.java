package org.hyperflux.core.ops.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.ops.Slice;

/**
 * Lazy equals eager for the geometry operators: slicing with steps (Python slice semantics,
 * negative and out-of-range bounds), transposition, rechunking (identity on values, the grid
 * asked for), stacking and concatenating arrays of different dtypes and grids.
 */
class LazyEagerGeometryTest {

  @Provide
  Arbitrary<Tuple2<Gen.Src, Gen.Slices>> sliceCases() {
    return Combinators.combine(Gen.sources(0, Gen.MAX_RANK), Gen.sliceLists())
        .as((s, l) -> Tuple.of(s, Gen.slicesFor(l, s.data().rank())));
  }

  @Provide
  Arbitrary<Tuple2<Gen.Src, int[]>> transposeCases() {
    return Combinators.combine(Gen.sources(0, Gen.MAX_RANK), Gen.permutations())
        .as((s, p) -> Tuple.of(s, Gen.permutationFor(p, s.data().rank())));
  }

  @Provide
  Arbitrary<Tuple2<Gen.Src, ChunkGrid>> rechunkCases() {
    return Combinators.combine(Gen.sources(0, Gen.MAX_RANK), Gen.gridSpecs())
        .as((s, g) -> Tuple.of(s, g.on(s.data().shape)));
  }

  /** One to three arrays of one shape (own dtypes and grids) and an axis in [-(rank + 1), rank]. */
  @Provide
  Arbitrary<Tuple2<List<Gen.Src>, Integer>> stackCases() {
    return Combinators.combine(Gen.shapes(0, 3), Gen.arraySpecs().list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(0, 9))
        .as((shape, specs, raw) -> Tuple.of(
            specs.stream().map(a -> a.on(shape)).collect(Collectors.toList()),
            raw % (2 * shape.length + 2) - (shape.length + 1)));
  }

  /** One to three arrays that agree except along an axis in [-rank, rank). */
  @Provide
  Arbitrary<Tuple2<List<Gen.Src>, Integer>> concatenateCases() {
    Arbitrary<Tuple2<Gen.ArraySpec, Long>> part = Combinators.combine(Gen.arraySpecs(), Gen.extents()).as(Tuple::of);
    return Combinators.combine(Gen.shapes(1, Gen.MAX_RANK), part.list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(0, 7))
        .as((shape, parts, raw) -> {
          int axis = raw % (2 * shape.length) - shape.length;
          int ax = axis < 0 ? axis + shape.length : axis;
          List<Gen.Src> in = parts.stream().map(t -> {
            long[] s = shape.clone();
            s[ax] = t.get2();
            return t.get1().on(s);
          }).collect(Collectors.toList());
          return Tuple.of(in, axis);
        });
  }

  @Provide
  Arbitrary<Gen.Exec> execs() {
    return Gen.execs();
  }

  @Property(tries = 1000, seed = "7310051")
  void slicesFollowPythonSemantics(@ForAll("sliceCases") Tuple2<Gen.Src, Gen.Slices> c, @ForAll("execs") Gen.Exec exec) {
    Gen.Src a = c.get1();
    Slice[] s = c.get2().slices();
    Dense expected = Reference.slice(a.data(), s);
    for (int ax = 0; ax < s.length; ax++) {
      // The reference's own index computation agrees with Slice.resolve on the length only.
      assertThat(expected.shape[ax]).as("reference length of %s on %d", s[ax], a.data().shape[ax])
          .isEqualTo(s[ax].resolve(a.data().shape[ax])[2]);
    }
    LazyAssert.assertLazyEquals(a.lazy().slice(s), expected, exec, a + c.get2().toString());
  }

  @Property(tries = 800, seed = "7310052")
  void transposeAsNumpy(@ForAll("transposeCases") Tuple2<Gen.Src, int[]> c, @ForAll boolean reverse,
      @ForAll("execs") Gen.Exec exec) {
    Gen.Src a = c.get1();
    int rank = a.data().rank();
    int[] perm = c.get2();
    if (reverse) {
      perm = new int[rank];
      for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
    }
    LazyArray lazy = reverse ? a.lazy().transpose() : a.lazy().transpose(perm);
    LazyAssert.assertLazyEquals(lazy, Reference.transpose(a.data(), perm), exec,
        a + ".transpose(" + (reverse ? "" : Arrays.toString(perm)) + ")");
  }

  @Property(tries = 800, seed = "7310053")
  void rechunkKeepsValuesOnTheGridAskedFor(@ForAll("rechunkCases") Tuple2<Gen.Src, ChunkGrid> c,
      @ForAll("execs") Gen.Exec exec) {
    Gen.Src a = c.get1();
    LazyArray lazy = a.lazy().rechunk(c.get2());
    assertThat(lazy.grid()).as("grid of %s rechunked to %s", a, c.get2()).isEqualTo(c.get2());
    LazyAssert.assertLazyEquals(lazy, a.data(), exec, a + ".rechunk(" + c.get2().extentsString() + ")");
  }

  @Property(tries = 800, seed = "7310054")
  void stackAsNumpy(@ForAll("stackCases") Tuple2<List<Gen.Src>, Integer> c, @ForAll("execs") Gen.Exec exec) {
    List<Gen.Src> in = c.get1();
    int axis = c.get2();
    LazyArray lazy = LazyArray.stack(axis, in.stream().map(Gen.Src::lazy).toArray(LazyArray[]::new));
    Dense expected = Reference.stack(axis, in.stream().map(Gen.Src::data).toArray(Dense[]::new));
    LazyAssert.assertLazyEquals(lazy, expected, exec, "stack(axis=" + axis + ", " + in + ")");
  }

  @Property(tries = 800, seed = "7310055")
  void concatenateAsNumpy(@ForAll("concatenateCases") Tuple2<List<Gen.Src>, Integer> c,
      @ForAll("execs") Gen.Exec exec) {
    List<Gen.Src> in = c.get1();
    int axis = c.get2();
    LazyArray lazy = LazyArray.concatenate(axis, in.stream().map(Gen.Src::lazy).toArray(LazyArray[]::new));
    Dense expected = Reference.concatenate(axis, in.stream().map(Gen.Src::data).toArray(Dense[]::new));
    LazyAssert.assertLazyEquals(lazy, expected, exec, "concatenate(axis=" + axis + ", " + in + ")");
  }
}
