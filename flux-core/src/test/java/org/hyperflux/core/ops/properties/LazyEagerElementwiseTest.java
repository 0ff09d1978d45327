package org.hyperflux.core.ops.properties;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.ops.BinaryOp;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.ops.Scalar;
import org.hyperflux.core.ops.UnaryOp;

/**
 * Lazy equals eager for elementwise operations: array–array binary ops with numpy broadcasting
 * and promotion, array–scalar ops with numpy 1.24's value-based casting (scalar on either side),
 * and unary ops, each on awkward geometries and every dtype, against {@link Reference}.
 */
class LazyEagerElementwiseTest {

  @Provide
  Arbitrary<Gen.Src[]> pairs() {
    return Gen.broadcastPairs();
  }

  @Provide
  Arbitrary<Gen.Src> sources() {
    return Gen.sources(0, Gen.MAX_RANK);
  }

  @Provide
  Arbitrary<Scalar> scalars() {
    return Gen.scalars();
  }

  @Provide
  Arbitrary<Gen.Exec> execs() {
    return Gen.execs();
  }

  @Property(tries = 1500, seed = "7310021")
  void binaryOpsBroadcastAndPromoteAsNumpy(@ForAll("pairs") Gen.Src[] pair, @ForAll BinaryOp op,
      @ForAll("execs") Gen.Exec exec) {
    Gen.Src a = pair[0];
    Gen.Src b = pair[1];
    String what = op.name().toLowerCase() + "(" + a + ", " + b + ")";
    if (op == BinaryOp.SUBTRACT && a.data().dtype == DType.BOOL && b.data().dtype == DType.BOOL) {
      // numpy: "numpy boolean subtract, the `-` operator, is not supported".
      assertThatThrownBy(() -> a.lazy().binary(op, b.lazy())).as(what).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Dense expected = Reference.binary(op, a.data(), b.data());
    LazyAssert.assertLazyEquals(a.lazy().binary(op, b.lazy()), expected, exec, what);
  }

  @Property(tries = 1500, seed = "7310022")
  void scalarOpsCastByValueAsNumpy(@ForAll("sources") Gen.Src a, @ForAll BinaryOp op,
      @ForAll("scalars") Scalar s, @ForAll boolean scalarFirst, @ForAll("execs") Gen.Exec exec) {
    String what = scalarFirst ? op.name().toLowerCase() + "(" + s + ", " + a + ")"
        : op.name().toLowerCase() + "(" + a + ", " + s + ")";
    if (op == BinaryOp.SUBTRACT && a.data().dtype == DType.BOOL && s.isBool()) {
      assertThatThrownBy(() -> a.lazy().binary(op, s, scalarFirst)).as(what).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Dense expected = Reference.scalar(op, a.data(), s, scalarFirst);
    LazyAssert.assertLazyEquals(a.lazy().binary(op, s, scalarFirst), expected, exec, what);
  }

  @Property(tries = 1000, seed = "7310023")
  void unaryOpsAsNumpy(@ForAll("sources") Gen.Src a, @ForAll UnaryOp op, @ForAll("execs") Gen.Exec exec) {
    String what = op.name().toLowerCase() + "(" + a + ")";
    if (op == UnaryOp.NEGATE && a.data().dtype == DType.BOOL) {
      // numpy: "The numpy boolean negative, the `-` operator, is not supported".
      assertThatThrownBy(() -> a.lazy().unary(op)).as(what).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    LazyAssert.assertLazyEquals(a.lazy().unary(op), Reference.unary(op, a.data()), exec, what);
  }

  @Property(tries = 300, seed = "7310024")
  void operandSharedTwiceEqualsReference(@ForAll("sources") Gen.Src a, @ForAll BinaryOp op, @ForAll("execs") Gen.Exec exec) {
    if (op == BinaryOp.SUBTRACT && a.data().dtype == DType.BOOL) return;
    LazyArray x = a.lazy();
    LazyAssert.assertLazyEquals(x.binary(op, x), Reference.binary(op, a.data(), a.data()), exec,
        op.name().toLowerCase() + "(x, x) for x = " + a);
  }
}
