package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.ops.ElementwiseReference.actual;
import static org.hyperflux.core.ops.ElementwiseReference.assertChunksAsDeclared;
import static org.hyperflux.core.ops.ElementwiseReference.computeDirect;
import static org.hyperflux.core.ops.ElementwiseReference.expectedBinary;
import static org.hyperflux.core.ops.ElementwiseReference.expectedUnary;
import static org.hyperflux.core.ops.ElementwiseReference.lazy;
import static org.hyperflux.core.ops.ElementwiseReference.operandIndex;
import static org.hyperflux.core.ops.ElementwiseReference.position;
import static org.hyperflux.core.ops.ElementwiseReference.values;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.exec.RegionData;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.ops.ElementwiseReference.Value;
import org.hyperflux.core.testing.TrackingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link ElementwiseOp} against plain-loop references with numpy's semantics: dtype promotion
 * and value-based scalar casting, wrap-around, float32 rounding, NaN propagation, broadcasting
 * (ranks 0 to 4, stretched and missing axes, zero-length axes), the refined output grid, chunks
 * as declared, and release of loaded inputs on success, error and cancel.
 */
class ElementwiseOpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ExecOptions DEFAULTS = ExecOptions.defaults();
  /** Tiles of 3 elements: partial rows, so broadcast expansion runs on awkward tiles. */
  private static final ExecOptions TINY_TILES = ExecOptions.defaults().withTileElements(3);

  // ---- reference comparison ----

  /** Computes {@code result} and compares every element with the numpy reference of {@code op}. */
  private static void assertBinary(BinaryOp op, Block a, Shape aShape, Block b, Shape bShape,
      LazyArray result, ExecOptions options) {
    assertBinary(op, a, aShape, b, bShape, result, result.compute(options).toBlock());
  }

  /** Compares {@code out}, the computed values of {@code result}, with the numpy reference. */
  private static void assertBinary(BinaryOp op, Block a, Shape aShape, Block b, Shape bShape,
      LazyArray result, Block out) {
    Shape shape = result.shape();
    assertThat(out.dtype()).isEqualTo(result.dtype());
    assertThat((long) out.length()).isEqualTo(shape.size());
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < out.length(); i++) {
      long[] pos = position(shape, i);
      Value x = Value.of(a, operandIndex(aShape, pos));
      Value y = Value.of(b, operandIndex(bShape, pos));
      Object expected = expectedBinary(op, result.dtype(), x, y);
      Object got = actual(out, i);
      if (!expected.equals(got) && mismatches.size() < 10) {
        mismatches.add(Arrays.toString(pos) + ": " + op + "(" + x + ", " + y + ") expected "
            + expected + " got " + got);
      }
    }
    assertThat(mismatches).as("%s -> %s %s", op, result.dtype(), shape).isEmpty();
  }

  /** As {@link #assertBinary} for an array and a scalar (cast to the result dtype as numpy does). */
  private static void assertScalar(BinaryOp op, Block a, Scalar s, boolean scalarFirst,
      LazyArray result) {
    Block out = result.compute(DEFAULTS).toBlock();
    Value sv = s.isFloat() ? new Value(null, s.doubleValue()) : new Value(BigInteger.valueOf(s.longValue()), 0);
    if (result.dtype() == DType.FLOAT32) sv = new Value(null, sv.f32());
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < out.length(); i++) {
      Value x = Value.of(a, i);
      Object expected = scalarFirst ? expectedBinary(op, result.dtype(), sv, x)
          : expectedBinary(op, result.dtype(), x, sv);
      Object got = actual(out, i);
      if (!expected.equals(got) && mismatches.size() < 10) {
        mismatches.add(i + ": " + x + " expected " + expected + " got " + got);
      }
    }
    assertThat(mismatches).as("%s with %s", op, s).isEmpty();
  }

  private static Block longs(DType dtype, long... v) {
    Block b = Block.allocate(dtype, v.length);
    for (int i = 0; i < v.length; i++) b.setLong(i, v[i]);
    return b;
  }

  private static Block doubles(DType dtype, double... v) {
    Block b = Block.allocate(dtype, v.length);
    for (int i = 0; i < v.length; i++) b.setDouble(i, v[i]);
    return b;
  }

  private static LazyArray vector(Block b) {
    return LazyArray.of(MemoryArray.of(Shape.of(b.length()), b));
  }

  // ---- two arrays: dtypes ----

  static Stream<Arguments> dtypePairs() {
    DType[][] pairs = {
      {DType.UINT8, DType.INT8}, {DType.INT64, DType.UINT64}, {DType.UINT16, DType.UINT16},
      {DType.FLOAT32, DType.FLOAT32}, {DType.INT16, DType.FLOAT32}, {DType.INT32, DType.FLOAT32},
      {DType.BOOL, DType.BOOL}, {DType.UINT64, DType.UINT64}, {DType.INT8, DType.INT8},
      {DType.FLOAT64, DType.INT64}, {DType.UINT32, DType.INT32}, {DType.BOOL, DType.UINT8},
      {DType.INT64, DType.INT64}, {DType.UINT64, DType.UINT8}, {DType.FLOAT32, DType.FLOAT64},
      {DType.UINT8, DType.FLOAT32}, {DType.INT32, DType.UINT16}, {DType.BOOL, DType.FLOAT32},
    };
    List<Arguments> args = new ArrayList<>();
    for (DType[] p : pairs) {
      for (BinaryOp op : BinaryOp.values()) {
        if (op == BinaryOp.SUBTRACT && p[0] == DType.BOOL && p[1] == DType.BOOL) continue;
        args.add(Arguments.of(op, p[0], p[1]));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}({1}, {2})")
  @MethodSource("dtypePairs")
  void twoArraysMatchTheNumpyReference(BinaryOp op, DType left, DType right) {
    Shape shape = Shape.of(5, 7);
    Block a = values(left, 35, 11 * left.ordinal() + op.ordinal());
    Block b = values(right, 35, 1000 + 13 * right.ordinal() + op.ordinal());
    LazyArray x = lazy(a, ChunkGrid.regular(shape, 2, 3));
    LazyArray y = lazy(b, ChunkGrid.irregular(shape, new int[] {3, 2}, new int[] {4, 3}));
    LazyArray r = x.binary(op, y);

    DType expected = op == BinaryOp.DIVIDE ? left.trueDivide(right) : DType.promote(left, right);
    assertThat(r.dtype()).isEqualTo(expected);
    assertThat(r.grid()).isEqualTo(ChunkGrid.irregular(shape, new int[] {2, 1, 1, 1}, new int[] {3, 1, 2, 1}));
    assertBinary(op, a, shape, b, shape, r, DEFAULTS);
    assertBinary(op, a, shape, b, shape, r, TINY_TILES);
    assertChunksAsDeclared(r, TINY_TILES);
  }

  @Test
  void resultDtypesAreNumpys() {
    LazyArray u8 = vector(longs(DType.UINT8, 1));
    LazyArray i8 = vector(longs(DType.INT8, 1));
    LazyArray i16 = vector(longs(DType.INT16, 1));
    LazyArray i32 = vector(longs(DType.INT32, 1));
    LazyArray i64 = vector(longs(DType.INT64, 1));
    LazyArray u64 = vector(longs(DType.UINT64, 1));
    LazyArray f32 = vector(doubles(DType.FLOAT32, 1));
    LazyArray bool = vector(longs(DType.BOOL, 1));
    assertThat(u8.add(i8).dtype()).isEqualTo(DType.INT16);
    assertThat(i64.add(u64).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(i64.maximum(u64).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(i16.multiply(f32).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(i32.multiply(f32).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(i8.divide(i8).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(i16.divide(f32).dtype()).isEqualTo(DType.FLOAT32);
    assertThat(bool.add(bool).dtype()).isEqualTo(DType.BOOL);
    assertThat(bool.divide(bool).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(u64.minimum(u64).dtype()).isEqualTo(DType.UINT64);
  }

  @Test
  void uint16WrapsAround() {
    LazyArray a = vector(longs(DType.UINT16, 65535, 65000, 0, 256, 40000));
    LazyArray b = vector(longs(DType.UINT16, 1, 1000, 1, 256, 40000));
    MemoryArray sum = a.add(b).compute(DEFAULTS);
    MemoryArray difference = a.subtract(b).compute(DEFAULTS);
    MemoryArray product = a.multiply(b).compute(DEFAULTS);
    assertThat(sum.dtype()).isEqualTo(DType.UINT16);
    assertThat(sum.toDoubleArray()).containsExactly(0, 464, 1, 512, 14464);
    assertThat(difference.toDoubleArray()).containsExactly(65534, 64000, 65535, 0, 0);
    assertThat(product.toDoubleArray()).containsExactly(65535, (65000L * 1000) % 65536, 0, 0,
        (40000L * 40000) % 65536);
  }

  @Test
  void int8PlusUint8GivesInt16WithoutWrapping() {
    LazyArray a = vector(longs(DType.UINT8, 255, 200, 0));
    LazyArray b = vector(longs(DType.INT8, 127, -128, -1));
    MemoryArray r = a.add(b).compute(DEFAULTS);
    assertThat(r.dtype()).isEqualTo(DType.INT16);
    assertThat(r.toDoubleArray()).containsExactly(382, 72, -1);
  }

  @Test
  void int64PlusUint64IsFloat64() {
    LazyArray a = vector(longs(DType.INT64, Long.MAX_VALUE, -1));
    LazyArray b = vector(longs(DType.UINT64, -1L, 1L << 63));
    MemoryArray r = a.add(b).compute(DEFAULTS);
    assertThat(r.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(r.toDoubleArray()).containsExactly(0x1p63 + 0x1p64, 0x1p63 - 1);
  }

  @Test
  void float32ArithmeticRoundsOnceToFloat32() {
    LazyArray a = vector(doubles(DType.FLOAT32, 16777216f, 0.1f, 1f / 3, 3e38f, 1e-30f));
    LazyArray b = vector(doubles(DType.FLOAT32, 1f, 0.2f, 3f, 3e38f, 1e-30f));
    Block sum = a.add(b).compute(DEFAULTS).toBlock();
    Block product = a.multiply(b).compute(DEFAULTS).toBlock();
    Block quotient = a.divide(b).compute(DEFAULTS).toBlock();
    assertThat(sum.dtype()).isEqualTo(DType.FLOAT32);
    assertThat((float[]) sum.array()).containsExactly(16777216f, 0.1f + 0.2f, 1f / 3 + 3f,
        Float.POSITIVE_INFINITY, 2e-30f);
    assertThat((float[]) product.array()).containsExactly(16777216f, 0.1f * 0.2f, (1f / 3) * 3f,
        Float.POSITIVE_INFINITY, 1e-30f * 1e-30f);
    assertThat((float[]) quotient.array()).containsExactly(16777216f, 0.1f / 0.2f, (1f / 3) / 3f,
        1f, 1f);
  }

  @Test
  void divisionByZeroGivesInfinityAndNaN() {
    LazyArray ints = vector(longs(DType.INT32, 1, -1, 0, 7));
    LazyArray zeros = vector(longs(DType.INT32, 0, 0, 0, 0));
    MemoryArray r = ints.divide(zeros).compute(DEFAULTS);
    assertThat(r.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(r.toDoubleArray()).containsExactly(Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY);

    LazyArray floats = vector(doubles(DType.FLOAT32, 1, -1, 0, -0.0));
    LazyArray fz = vector(doubles(DType.FLOAT32, 0, 0, 0, -0.0));
    Block f = floats.divide(fz).compute(DEFAULTS).toBlock();
    assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
    assertThat((float[]) f.array()).containsExactly(Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, Float.NaN);
    assertThat(floats.divide(0.0).compute(DEFAULTS).toDoubleArray()).containsExactly(
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN);
  }

  @Test
  void maximumAndMinimumPropagateNaNAndCompareUint64Unsigned() {
    LazyArray a = vector(doubles(DType.FLOAT64, Double.NaN, 1, 2, Double.NEGATIVE_INFINITY));
    LazyArray b = vector(doubles(DType.FLOAT64, 0, Double.NaN, 1, Double.NaN));
    assertThat(a.maximum(b).compute(DEFAULTS).toDoubleArray())
        .containsExactly(Double.NaN, Double.NaN, 2, Double.NaN);
    assertThat(a.minimum(b).compute(DEFAULTS).toDoubleArray())
        .containsExactly(Double.NaN, Double.NaN, 1, Double.NaN);

    LazyArray u = vector(longs(DType.UINT64, 1L << 63, 1, -1L, 5));
    LazyArray v = vector(longs(DType.UINT64, 1, -1L, 0, 5));
    MemoryArray max = u.maximum(v).compute(DEFAULTS);
    MemoryArray min = u.minimum(v).compute(DEFAULTS);
    assertThat(max.dtype()).isEqualTo(DType.UINT64);
    assertThat(new long[] {max.getLong(0), max.getLong(1), max.getLong(2), max.getLong(3)})
        .containsExactly(1L << 63, -1L, -1L, 5);
    assertThat(new long[] {min.getLong(0), min.getLong(1), min.getLong(2), min.getLong(3)})
        .containsExactly(1, 1, 0, 5);
  }

  @Test
  void booleanArithmeticFollowsNumpy() {
    LazyArray a = vector(longs(DType.BOOL, 0, 0, 1, 1));
    LazyArray b = vector(longs(DType.BOOL, 0, 1, 0, 1));
    assertThat(a.add(b).compute(DEFAULTS).toDoubleArray()).containsExactly(0, 1, 1, 1);
    assertThat(a.multiply(b).compute(DEFAULTS).toDoubleArray()).containsExactly(0, 0, 0, 1);
    assertThat(a.maximum(b).compute(DEFAULTS).toDoubleArray()).containsExactly(0, 1, 1, 1);
    assertThatThrownBy(() -> a.subtract(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numpy boolean subtract")
        .hasMessageContaining("logical_xor");
    assertThatThrownBy(() -> a.binary(BinaryOp.SUBTRACT, Scalar.of(true), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numpy boolean subtract");
  }

  @Test
  void anArrayCombinedWithItselfLoadsOnce() {
    Block v = values(DType.INT16, 24, 7);
    Shape shape = Shape.of(4, 6);
    LazyArray a = lazy(v, ChunkGrid.regular(shape, 3, 4));
    LazyArray square = a.multiply(a);
    assertThat(square.node().inputs()).hasSize(1);
    assertBinary(BinaryOp.MULTIPLY, v, shape, v, shape, square, TINY_TILES);
    LazyArray difference = a.subtract(a);
    assertBinary(BinaryOp.SUBTRACT, v, shape, v, shape, difference, DEFAULTS);
  }

  // ---- broadcasting ----

  @Test
  void rank0BroadcastsAgainstRank3InBothOrders() {
    Shape big = Shape.of(2, 3, 4);
    Block scalarValue = doubles(DType.FLOAT64, 2.5);
    Block bigValues = values(DType.INT16, 24, 3);
    LazyArray s = LazyArray.of(MemoryArray.of(Shape.scalar(), scalarValue));
    LazyArray v = lazy(bigValues, ChunkGrid.regular(big, 1, 2, 3));
    assertThat(s.rank()).isZero();

    LazyArray right = v.subtract(s);
    LazyArray left = s.subtract(v);
    assertThat(right.shape()).isEqualTo(big);
    assertThat(right.grid()).isEqualTo(v.grid());
    assertThat(left.grid()).isEqualTo(v.grid());
    assertThat(right.dtype()).isEqualTo(DType.FLOAT64);
    assertBinary(BinaryOp.SUBTRACT, bigValues, big, scalarValue, Shape.scalar(), right, TINY_TILES);
    assertBinary(BinaryOp.SUBTRACT, scalarValue, Shape.scalar(), bigValues, big, left, DEFAULTS);
    assertChunksAsDeclared(left, TINY_TILES);
  }

  @Test
  void rank0WithRank0IsRank0() {
    Block x = doubles(DType.FLOAT32, 1.5);
    Block y = longs(DType.UINT8, 200);
    LazyArray r = LazyArray.of(MemoryArray.of(Shape.scalar(), x))
        .multiply(LazyArray.of(MemoryArray.of(Shape.scalar(), y)));
    assertThat(r.shape()).isEqualTo(Shape.scalar());
    assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(r.compute(DEFAULTS).getDouble()).isEqualTo(300.0);
    assertChunksAsDeclared(r, DEFAULTS);
  }

  @Test
  void columnPlusRowGivesAMatrix() {
    Shape col = Shape.of(3, 1);
    Shape row = Shape.of(1, 4);
    Block c = longs(DType.INT32, 10, 20, 30);
    Block r = longs(DType.INT32, 1, 2, 3, 4);
    LazyArray a = lazy(c, ChunkGrid.single(col));
    LazyArray b = lazy(r, ChunkGrid.regular(row, 1, 3));
    LazyArray sum = a.add(b);
    assertThat(sum.shape()).isEqualTo(Shape.of(3, 4));
    assertThat(sum.grid()).isEqualTo(ChunkGrid.irregular(Shape.of(3, 4), new int[] {3}, new int[] {3, 1}));
    assertThat(sum.compute(DEFAULTS).toDoubleArray())
        .containsExactly(11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34);
    assertBinary(BinaryOp.ADD, c, col, r, row, sum, TINY_TILES);
    assertChunksAsDeclared(sum, TINY_TILES);
  }

  @Test
  void differentGridsGiveTheirCommonRefinement() {
    Shape shape = Shape.of(6, 8);
    Block av = values(DType.FLOAT32, 48, 1);
    Block bv = values(DType.UINT8, 48, 2);
    LazyArray a = lazy(av, ChunkGrid.regular(shape, 4, 4));
    LazyArray b = lazy(bv, ChunkGrid.regular(shape, 3, 8));
    LazyArray r = a.multiply(b);
    assertThat(r.grid()).isEqualTo(ChunkGrid.irregular(shape, new int[] {3, 1, 2}, new int[] {4, 4}));
    assertBinary(BinaryOp.MULTIPLY, av, shape, bv, shape, r, DEFAULTS);
    assertChunksAsDeclared(r, DEFAULTS);

    // A lower-rank operand cuts only the axes it keeps.
    Shape vec = Shape.of(8);
    Block cv = values(DType.INT8, 8, 3);
    LazyArray m = lazy(av, ChunkGrid.regular(shape, 2, 4));
    LazyArray v = lazy(cv, ChunkGrid.regular(vec, 3));
    LazyArray mv = m.maximum(v);
    assertThat(mv.grid()).isEqualTo(ChunkGrid.irregular(shape, new int[] {2, 2, 2}, new int[] {3, 1, 2, 2}));
    assertBinary(BinaryOp.MAXIMUM, av, shape, cv, vec, mv, TINY_TILES);
    assertChunksAsDeclared(mv, TINY_TILES);
  }

  @Test
  void everyOutputChunkReadsInsideOneChunkOfEachOperand() {
    Shape shape = Shape.of(6, 8);
    LazyArray a = lazy(values(DType.FLOAT64, 48, 5), ChunkGrid.irregular(shape, new int[] {2, 4}, new int[] {5, 3}));
    LazyArray b = lazy(values(DType.FLOAT64, 6, 6), ChunkGrid.irregular(Shape.of(6, 1), new int[] {2, 4}, new int[] {1}));
    LazyArray r = a.add(b);
    assertThat(r.grid()).isEqualTo(a.grid());
    for (long i = 0; i < r.grid().chunkCount(); i++) {
      Region out = r.grid().region(r.grid().index(i));
      Region column = Region.of(new long[] {out.offset(0), 0}, new int[] {out.extent(0), 1});
      for (int[][] range : List.of(a.grid().overlapping(out), b.grid().overlapping(column))) {
        for (int[] axis : range) assertThat(axis[0]).isEqualTo(axis[1]);
      }
    }
    // a is read once; the column b once per column of output chunks (twice).
    assertThat(r.plan(DEFAULTS).readBytes()).isEqualTo(48 * 8 + 2 * 6 * 8);
    assertChunksAsDeclared(r, TINY_TILES);
  }

  @Test
  void stretchedAndMissingAxesCombine() {
    Shape as = Shape.of(4, 1, 3);
    Shape bs = Shape.of(5, 1);
    Block av = values(DType.UINT16, 12, 8);
    Block bv = values(DType.INT32, 5, 9);
    LazyArray a = lazy(av, ChunkGrid.regular(as, 3, 1, 2));
    LazyArray b = lazy(bv, ChunkGrid.regular(bs, 2, 1));
    LazyArray whole = lazy(av, ChunkGrid.single(as));
    LazyArray wholeB = lazy(bv, ChunkGrid.single(bs));
    for (BinaryOp op : BinaryOp.values()) {
      LazyArray r = a.binary(op, b);
      assertThat(r.shape()).isEqualTo(Shape.of(4, 5, 3));
      assertThat(r.grid()).isEqualTo(
          ChunkGrid.irregular(Shape.of(4, 5, 3), new int[] {3, 1}, new int[] {2, 2, 1}, new int[] {2, 1}));
      // Twelve output chunks of a 44-byte input re-read its broadcast operands beyond the plan's
      // limit, so this grid is checked through the node; a coarser one through the executor.
      assertBinary(op, av, as, bv, bs, r, computeDirect(r, 3));
      assertBinary(op, av, as, bv, bs, whole.binary(op, wholeB), TINY_TILES);
    }
    assertChunksAsDeclared(whole.add(wholeB), TINY_TILES);
  }

  @Test
  void zeroLengthAxesBroadcast() {
    LazyArray empty = lazy(Block.allocate(DType.FLOAT64, 0), ChunkGrid.regular(Shape.of(0, 3), 1, 2));
    LazyArray row = lazy(doubles(DType.FLOAT64, 1, 2, 3), ChunkGrid.regular(Shape.of(1, 3), 1, 2));
    LazyArray r = empty.add(row);
    assertThat(r.shape()).isEqualTo(Shape.of(0, 3));
    assertThat(r.grid()).isEqualTo(ChunkGrid.irregular(Shape.of(0, 3), new int[] {0}, new int[] {2, 1}));
    assertThat(r.compute(DEFAULTS).toDoubleArray()).isEmpty();
    assertChunksAsDeclared(r, DEFAULTS);

    LazyArray one = lazy(doubles(DType.FLOAT64, 7), ChunkGrid.single(Shape.of(1)));
    LazyArray none = lazy(Block.allocate(DType.INT8, 0), ChunkGrid.single(Shape.of(0)));
    LazyArray s = one.multiply(none);
    assertThat(s.shape()).isEqualTo(Shape.of(0));
    assertThat(s.compute(DEFAULTS).toDoubleArray()).isEmpty();
    assertThatThrownBy(() -> none.add(lazy(doubles(DType.FLOAT64, 1, 2), ChunkGrid.single(Shape.of(2)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shapes (0,) (2,)");
  }

  @Test
  void incompatibleShapesFailAtBuildTimeNamingShapesAndAxis() {
    LazyArray a = lazy(values(DType.FLOAT64, 12, 1), ChunkGrid.single(Shape.of(3, 4)));
    LazyArray b = lazy(values(DType.FLOAT64, 5, 2), ChunkGrid.single(Shape.of(5)));
    assertThatThrownBy(() -> a.add(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operands could not be broadcast together with shapes (3, 4) (5,)")
        .hasMessageContaining("axis 1")
        .hasMessageContaining("4 and 5");
    assertThatThrownBy(() -> b.divide(a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shapes (5,) (3, 4)");
    LazyArray c = lazy(values(DType.FLOAT64, 8, 3), ChunkGrid.single(Shape.of(2, 4, 1)));
    assertThatThrownBy(() -> a.maximum(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shapes (3, 4) (2, 4, 1)")
        .hasMessageContaining("axis 1");
  }

  /** Random broadcastable operand pairs of rank 0 to 4 with random grids, dtypes and ops. */
  @Property(tries = 60, seed = "20240611")
  void broadcastingMatchesTheReference(@ForAll("broadcastCases") BroadcastCase c) {
    Block av = values(c.left, (int) c.aShape.size(), c.seed);
    Block bv = values(c.right, (int) c.bShape.size(), c.seed + 1);
    LazyArray a = lazy(av, ChunkGrid.regular(c.aShape, c.aChunks));
    LazyArray b = lazy(bv, ChunkGrid.regular(c.bShape, c.bChunks));
    if (c.op == BinaryOp.SUBTRACT && DType.promote(c.left, c.right) == DType.BOOL) return;
    LazyArray r = a.binary(c.op, b);
    Shape out = expectedShape(c.aShape, c.bShape);
    assertThat(r.shape()).isEqualTo(out);
    // Each output cut is a cut of an operand that keeps the axis, and each such cut is kept.
    for (int axis = 0; axis < out.rank(); axis++) {
      long offset = 0;
      for (int e : r.grid().extents(axis)) {
        offset += e;
        if (offset == out.dim(axis)) break;
        assertThat(isCut(c.aShape, a.grid(), out, axis, offset) || isCut(c.bShape, b.grid(), out, axis, offset))
            .as("cut %d on axis %d of %s", offset, axis, r.grid()).isTrue();
      }
      for (long cut : cuts(c.aShape, a.grid(), out, axis)) assertThat(cuts(r.grid(), axis)).contains(cut);
      for (long cut : cuts(c.bShape, b.grid(), out, axis)) assertThat(cuts(r.grid(), axis)).contains(cut);
    }
    ExecOptions options = c.tiny ? TINY_TILES : DEFAULTS;
    Block values;
    try {
      r.plan(options);
      values = r.compute(options).toBlock();
      assertChunksAsDeclared(r, options);
    } catch (PlanException e) {
      // Broadcast operands are re-read for every output chunk along the axes they stretch; with
      // tiny sources that can exceed the plan's limit. The node itself is still checked.
      assertThat(e).hasMessageContaining("read amplification");
      values = computeDirect(r, options.tileElements());
    }
    assertBinary(c.op, av, c.aShape, bv, c.bShape, r, values);
  }

  private static boolean isCut(Shape operand, ChunkGrid grid, Shape out, int axis, long offset) {
    return cuts(operand, grid, out, axis).contains(offset);
  }

  /** Chunk offsets of an operand along output axis {@code axis}, if it keeps that axis. */
  private static List<Long> cuts(Shape operand, ChunkGrid grid, Shape out, int axis) {
    int j = axis - (out.rank() - operand.rank());
    if (j < 0 || operand.dim(j) != out.dim(axis)) return List.of();
    return cuts(grid, j);
  }

  private static List<Long> cuts(ChunkGrid grid, int axis) {
    List<Long> c = new ArrayList<>();
    for (int k = 0; k < grid.chunksAlong(axis); k++) c.add(grid.offset(axis, k));
    return c;
  }

  record BroadcastCase(Shape aShape, int[] aChunks, Shape bShape, int[] bChunks,
      DType left, DType right, BinaryOp op, boolean tiny, long seed) {
    @Override
    public String toString() {
      return op + " " + left + aShape + " chunks " + Arrays.toString(aChunks) + " with " + right
          + bShape + " chunks " + Arrays.toString(bChunks);
    }
  }

  @Provide
  Arbitrary<BroadcastCase> broadcastCases() {
    Arbitrary<long[]> outDims = Arbitraries.longs().between(0, 5).array(long[].class).ofMinSize(0).ofMaxSize(4);
    Arbitrary<Long> seeds = Arbitraries.longs();
    Arbitrary<DType> dtypes = Arbitraries.of(DType.class);
    Arbitrary<BinaryOp> ops = Arbitraries.of(BinaryOp.class);
    return Combinators.combine(outDims, seeds, dtypes, dtypes, ops, Arbitraries.of(true, false))
        .as((dims, seed, left, right, op, tiny) -> {
          java.util.Random random = new java.util.Random(seed);
          Shape as = operandShape(dims, random);
          Shape bs = operandShape(dims, random);
          return new BroadcastCase(as, chunks(as, random), bs, chunks(bs, random), left, right,
              op, tiny, seed);
        });
  }

  /** numpy's broadcast shape, computed here by the textbook rule (both shapes are compatible). */
  private static Shape expectedShape(Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    long[] d = new long[rank];
    for (int i = 0; i < rank; i++) {
      int ja = i - (rank - a.rank());
      int jb = i - (rank - b.rank());
      long x = ja < 0 ? 1 : a.dim(ja);
      long y = jb < 0 ? 1 : b.dim(jb);
      d[i] = x == 1 ? y : x;
    }
    return Shape.of(d);
  }

  private static Shape operandShape(long[] dims, java.util.Random random) {
    int rank = random.nextInt(dims.length + 1);
    long[] d = new long[rank];
    for (int j = 0; j < rank; j++) {
      long o = dims[dims.length - rank + j];
      d[j] = random.nextInt(3) == 0 ? 1 : o;
    }
    return Shape.of(d);
  }

  private static int[] chunks(Shape s, java.util.Random random) {
    int[] c = new int[s.rank()];
    for (int j = 0; j < c.length; j++) c[j] = 1 + random.nextInt((int) Math.max(1, s.dim(j)));
    return c;
  }

  // ---- scalars ----

  @Test
  void uint8PlusSmallIntStaysUint8AndWraps() {
    Block v = longs(DType.UINT8, 0, 1, 254, 255);
    LazyArray r = vector(v).add(1L);
    assertThat(r.dtype()).isEqualTo(DType.UINT8);
    assertThat(r.compute(DEFAULTS).toDoubleArray()).containsExactly(1, 2, 255, 0);
    assertScalar(BinaryOp.ADD, v, Scalar.of(1L), false, r);
  }

  @Test
  void uint8PlusLargeIntGoesToUint16() {
    Block v = longs(DType.UINT8, 0, 1, 254, 255);
    LazyArray r = vector(v).add(300L);
    assertThat(r.dtype()).isEqualTo(DType.UINT16);
    assertThat(r.compute(DEFAULTS).toDoubleArray()).containsExactly(300, 301, 554, 555);
    LazyArray negative = vector(v).binary(BinaryOp.ADD, Scalar.of(-1L), false);
    assertThat(negative.dtype()).isEqualTo(DType.INT16);
    assertThat(negative.compute(DEFAULTS).toDoubleArray()).containsExactly(-1, 0, 253, 254);
  }

  @Test
  void float32PlusFloatStaysFloat32AndTheScalarIsRoundedFirst() {
    Block v = doubles(DType.FLOAT32, 0, 1, 0.2f, 16777216f);
    LazyArray r = vector(v).add(1.5);
    assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
    assertScalar(BinaryOp.ADD, v, Scalar.of(1.5), false, r);
    Block tenth = vector(v).add(0.1).compute(DEFAULTS).toBlock();
    assertThat(tenth.dtype()).isEqualTo(DType.FLOAT32);
    assertThat((float[]) tenth.array()).containsExactly(0.1f, 1 + 0.1f, 0.2f + 0.1f, 16777216f);
    assertThat(vector(v).add(1e39).dtype()).isEqualTo(DType.FLOAT64);
  }

  @Test
  void int16PlusFloatIsFloat64() {
    Block v = longs(DType.INT16, -32768, 0, 32767);
    LazyArray r = vector(v).add(1.5);
    assertThat(r.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(r.compute(DEFAULTS).toDoubleArray()).containsExactly(-32766.5, 1.5, 32768.5);
  }

  @Test
  void scalarFirstPutsTheScalarOnTheLeft() {
    Block v = longs(DType.UINT8, 0, 1, 200, 255);
    LazyArray oneMinus = vector(v).binary(BinaryOp.SUBTRACT, Scalar.of(1L), true);
    assertThat(oneMinus.dtype()).isEqualTo(DType.UINT8);
    assertThat(oneMinus.compute(DEFAULTS).toDoubleArray()).containsExactly(1, 0, 57, 2);
    LazyArray tenOver = vector(v).binary(BinaryOp.DIVIDE, Scalar.of(10L), true);
    assertThat(tenOver.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(tenOver.compute(DEFAULTS).toDoubleArray())
        .containsExactly(Double.POSITIVE_INFINITY, 10, 0.05, 10.0 / 255);
  }

  static Stream<Arguments> scalarCases() {
    Scalar[] scalars = {Scalar.of(1L), Scalar.of(-1L), Scalar.of(300L), Scalar.of(70000L),
        Scalar.of(-40000L), Scalar.of(1L << 40), Scalar.of(Long.MAX_VALUE), Scalar.of(1.5),
        Scalar.of(0.1), Scalar.of(-3e38), Scalar.of(1e300), Scalar.of(Double.NaN), Scalar.of(true),
        Scalar.of(false)};
    DType[] arrays = {DType.BOOL, DType.UINT8, DType.INT8, DType.UINT16, DType.INT16, DType.UINT32,
        DType.INT64, DType.UINT64, DType.FLOAT32, DType.FLOAT64};
    List<Arguments> args = new ArrayList<>();
    int k = 0;
    for (DType t : arrays) {
      for (Scalar s : scalars) {
        BinaryOp op = BinaryOp.values()[k++ % BinaryOp.values().length];
        if (op == BinaryOp.SUBTRACT && s.resultType(t) == DType.BOOL) op = BinaryOp.ADD;
        args.add(Arguments.of(t, s, op, k % 2 == 0));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{2}({0} array, {1}) scalarFirst={3}")
  @MethodSource("scalarCases")
  void arrayWithScalarMatchesTheReference(DType dtype, Scalar s, BinaryOp op, boolean scalarFirst) {
    Block v = values(dtype, 20, 17 + dtype.ordinal());
    LazyArray r = vector(v).binary(op, s, scalarFirst);
    DType common = s.resultType(dtype);
    assertThat(r.dtype()).isEqualTo(op == BinaryOp.DIVIDE ? common.trueDivide(common) : common);
    assertScalar(op, v, s, scalarFirst, r);
  }

  @Test
  void scalarDivisionAndBoolScalars() {
    Block u8 = longs(DType.UINT8, 1, 2, 255);
    assertThat(vector(u8).binary(BinaryOp.DIVIDE, Scalar.of(2L), false).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(vector(doubles(DType.FLOAT32, 1)).binary(BinaryOp.DIVIDE, Scalar.of(2L), false).dtype())
        .isEqualTo(DType.FLOAT32);
    Block bools = longs(DType.BOOL, 0, 1);
    LazyArray orTrue = vector(bools).binary(BinaryOp.ADD, Scalar.of(true), false);
    assertThat(orTrue.dtype()).isEqualTo(DType.BOOL);
    assertThat(orTrue.compute(DEFAULTS).toDoubleArray()).containsExactly(1, 1);
    LazyArray times3 = vector(bools).multiply(3L);
    assertThat(times3.dtype()).isEqualTo(DType.INT64);
    assertThat(times3.compute(DEFAULTS).toDoubleArray()).containsExactly(0, 3);
    LazyArray wraps = vector(longs(DType.INT64, Long.MAX_VALUE)).add(1L);
    assertThat(wraps.compute(DEFAULTS).getLong(0)).isEqualTo(Long.MIN_VALUE);
  }

  // ---- unary ----

  static Stream<Arguments> unaryCases() {
    List<Arguments> args = new ArrayList<>();
    for (UnaryOp op : UnaryOp.values()) {
      for (DType t : DType.values()) {
        if (op == UnaryOp.NEGATE && t == DType.BOOL) continue;
        args.add(Arguments.of(op, t));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}({1})")
  @MethodSource("unaryCases")
  void unaryMatchesTheReference(UnaryOp op, DType dtype) {
    Shape shape = Shape.of(3, 2, 5);
    Block v = values(dtype, 30, 31 * dtype.ordinal() + op.ordinal());
    LazyArray r = lazy(v, ChunkGrid.regular(shape, 2, 2, 3)).unary(op);
    assertThat(r.grid()).isEqualTo(ChunkGrid.regular(shape, 2, 2, 3));
    for (ExecOptions options : List.of(DEFAULTS, TINY_TILES)) {
      Block out = r.compute(options).toBlock();
      assertThat(out.dtype()).isEqualTo(r.dtype());
      List<String> mismatches = new ArrayList<>();
      for (int i = 0; i < out.length(); i++) {
        Value x = Value.of(v, i);
        Object expected = expectedUnary(op, r.dtype(), x);
        if (!expected.equals(actual(out, i)) && mismatches.size() < 10) {
          mismatches.add(i + ": " + op + "(" + x + ") expected " + expected + " got " + actual(out, i));
        }
      }
      assertThat(mismatches).isEmpty();
    }
    assertChunksAsDeclared(r, TINY_TILES);
  }

  @Test
  void unaryDtypes() {
    DType[][] sqrt = {
      {DType.BOOL, DType.FLOAT32}, {DType.INT8, DType.FLOAT32}, {DType.UINT8, DType.FLOAT32},
      {DType.INT16, DType.FLOAT32}, {DType.UINT16, DType.FLOAT32}, {DType.INT32, DType.FLOAT64},
      {DType.UINT32, DType.FLOAT64}, {DType.INT64, DType.FLOAT64}, {DType.UINT64, DType.FLOAT64},
      {DType.FLOAT32, DType.FLOAT32}, {DType.FLOAT64, DType.FLOAT64},
    };
    for (DType[] row : sqrt) {
      LazyArray a = vector(Block.allocate(row[0], 1));
      assertThat(a.sqrt().dtype()).as("sqrt(%s)", row[0]).isEqualTo(row[1]);
      assertThat(a.unary(UnaryOp.EXP).dtype()).as("exp(%s)", row[0]).isEqualTo(row[1]);
      assertThat(a.unary(UnaryOp.LOG).dtype()).as("log(%s)", row[0]).isEqualTo(row[1]);
      assertThat(a.abs().dtype()).isEqualTo(row[0]);
      if (row[0] != DType.BOOL) {
        assertThat(a.negate().dtype()).isEqualTo(row[0]);
        assertThat(a.unary(UnaryOp.SQUARE).dtype()).isEqualTo(row[0]);
      }
    }
    // numpy's square has no bool loop: bool squares as int8.
    assertThat(vector(Block.allocate(DType.BOOL, 1)).unary(UnaryOp.SQUARE).dtype()).isEqualTo(DType.INT8);
  }

  @Test
  void negatingBoolIsRejectedAsInNumpy() {
    LazyArray b = vector(longs(DType.BOOL, 1, 0));
    assertThatThrownBy(b::negate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numpy boolean negative")
        .hasMessageContaining("logical_not");
  }

  @Test
  void unaryEdgeValues() {
    assertThat(vector(longs(DType.INT8, -128, 127, 0)).negate().compute(DEFAULTS).toDoubleArray())
        .containsExactly(-128, -127, 0);
    assertThat(vector(longs(DType.UINT8, 0, 1, 255)).negate().compute(DEFAULTS).toDoubleArray())
        .containsExactly(0, 255, 1);
    assertThat(vector(longs(DType.INT8, -128, -5)).abs().compute(DEFAULTS).toDoubleArray())
        .containsExactly(-128, 5);
    assertThat(vector(longs(DType.UINT64, -1L)).abs().compute(DEFAULTS).getLong(0)).isEqualTo(-1L);
    assertThat(vector(longs(DType.UINT8, 16, 15)).unary(UnaryOp.SQUARE).compute(DEFAULTS).toDoubleArray())
        .containsExactly(0, 225);
    assertThat(vector(doubles(DType.FLOAT64, -1, 0, 4)).sqrt().compute(DEFAULTS).toDoubleArray())
        .containsExactly(Double.NaN, 0, 2);
    assertThat(vector(doubles(DType.FLOAT32, 0, -1, 1)).unary(UnaryOp.LOG).compute(DEFAULTS).toDoubleArray())
        .containsExactly(Double.NEGATIVE_INFINITY, Double.NaN, 0);
    assertThat(vector(doubles(DType.FLOAT32, 100, -1000)).unary(UnaryOp.EXP).compute(DEFAULTS).toDoubleArray())
        .containsExactly(Double.POSITIVE_INFINITY, 0);
    assertThat(vector(doubles(DType.FLOAT64, -0.0)).abs().compute(DEFAULTS).toDoubleArray())
        .containsExactly(0.0);
  }

  // ---- chains, labels, costs ----

  @Test
  void chainsComposeTileByTile() {
    Shape shape = Shape.of(4, 6);
    Block av = values(DType.INT16, 24, 41);
    Block bv = values(DType.UINT8, 6, 42);
    LazyArray a = lazy(av, ChunkGrid.regular(shape, 3, 4));
    LazyArray b = lazy(bv, ChunkGrid.regular(Shape.of(6), 5));
    LazyArray chain = a.add(b).multiply(2.0).sqrt().astype(DType.FLOAT32).subtract(a);
    assertThat(chain.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(chain.grid()).isEqualTo(ChunkGrid.irregular(shape, new int[] {3, 1}, new int[] {4, 1, 1}));
    Block out = chain.compute(TINY_TILES).toBlock();
    for (int i = 0; i < out.length(); i++) {
      long[] p = position(shape, i);
      short sum = (short) (av.getLong(i) + bv.getLong((int) p[1]));
      float expected = (float) Math.sqrt(sum * 2.0) - (float) av.getLong(i);
      assertThat(Double.valueOf(out.getDouble(i))).as("%s", Arrays.toString(p)).isEqualTo(Double.valueOf(expected));
    }
    assertChunksAsDeclared(chain, TINY_TILES);
  }

  @Test
  void labels() {
    LazyArray a = vector(doubles(DType.FLOAT64, 1));
    assertThat(a.add(a).node().label()).isEqualTo("add");
    assertThat(a.multiply(2.0).node().label()).isEqualTo("multiply(2.0)");
    assertThat(a.binary(BinaryOp.SUBTRACT, Scalar.of(1L), true).node().label()).isEqualTo("subtract(1, x)");
    assertThat(a.divide(a).node().label()).isEqualTo("divide");
    assertThat(a.maximum(a).node().label()).isEqualTo("maximum");
    assertThat(a.negate().node().label()).isEqualTo("negative");
    assertThat(a.abs().node().label()).isEqualTo("absolute");
    assertThat(a.sqrt().node().label()).isEqualTo("sqrt");
    assertThat(a.astype(DType.FLOAT32).node().label()).isEqualTo("astype(float32)");
  }

  /** The cost the operands report for the regions an output region maps to. */
  private static Cost inputCost(ArrayNode node, Region region) {
    Cost c = new Cost();
    node.cost(region, c);
    return c;
  }

  @Test
  void costCountsInputsAndTileBuffers() {
    Shape shape = Shape.of(8, 8);
    LazyArray a = lazy(values(DType.FLOAT64, 64, 1), ChunkGrid.regular(shape, 4, 4));
    LazyArray b = lazy(values(DType.FLOAT32, 8, 2), ChunkGrid.single(Shape.of(8)));
    Region chunk = Region.of(new long[] {4, 4}, new int[] {4, 4});
    Region row = Region.of(new long[] {4}, new int[] {4});
    Cost aCost = inputCost(a.node(), chunk);
    Cost bCost = inputCost(b.node(), row);

    Cost same = new Cost();
    a.add(a).node().cost(chunk, same);
    // a is loaded once; per tile element one working buffer and the output element.
    assertThat(same.readBytes()).isEqualTo(aCost.readBytes());
    assertThat(same.heldBytes()).isEqualTo(aCost.heldBytes() + 16 * (8 + 8));

    Cost broadcast = new Cost();
    a.add(b).node().cost(chunk, broadcast);
    // b's part of the row is loaded too, and b needs a raw buffer before its expansion.
    assertThat(broadcast.readBytes()).isEqualTo(aCost.readBytes() + bCost.readBytes());
    assertThat(broadcast.heldBytes()).isEqualTo(aCost.heldBytes() + bCost.heldBytes() + 16 * (8 * 3 + 8));

    Cost scalar = new Cost();
    Region large = Region.of(new long[] {0}, new int[] {1 << 20});
    LazyArray g = LazyArray.of(GeneratedSource.of("g", DType.FLOAT32, ChunkGrid.single(Shape.of(1 << 20)), p -> 1));
    g.multiply(2.0).node().cost(large, scalar);
    // Tile buffers are bounded by the tile size, not the region: the array's and the scalar's.
    assertThat(scalar.heldBytes()).isEqualTo(inputCost(g.node(), large).heldBytes()
        + (long) Tiles.DEFAULT_TILE_ELEMENTS * (8 * 2 + 4));

    Cost empty = new Cost();
    a.add(b).node().cost(Region.of(new long[] {0, 0}, new int[] {0, 4}), empty);
    assertThat(empty.heldBytes()).isZero();
    assertThat(a.add(b).plan(DEFAULTS).readAmplification()).isLessThan(2.0);
  }

  // ---- release on every path ----

  /** A node whose loads fail, optionally after a delay. */
  static final class FailingNode extends ArrayNode {
    final Duration delay;

    FailingNode(ArrayNode like, Duration delay) {
      super(like.shape(), like.dtype(), like.grid(), List.of());
      this.delay = delay;
    }

    @Override
    public Mono<RegionData> load(Region region, ExecContext ctx) {
      Mono<RegionData> error = Mono.error(new IllegalStateException("load failed for " + region));
      return delay.isZero() ? error : Mono.delay(delay).then(error);
    }

    @Override
    public void cost(Region region, Cost cost) {}

    @Override
    public String label() {
      return "failing";
    }
  }

  private static ArrayNode source(Shape shape) {
    return new SourceNode(MemoryArray.split(values(DType.FLOAT64, (int) shape.size(), 3), ChunkGrid.regular(shape, 2, 2)));
  }

  private static void awaitZero(AtomicInteger counter) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (counter.get() != 0 && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(counter.get()).as("region data not released").isZero();
  }

  @Test
  void computingReleasesEveryLoadedInput() throws InterruptedException {
    Shape shape = Shape.of(4, 4);
    TrackingNode a = TrackingNode.of(source(shape));
    TrackingNode b = TrackingNode.delayed(source(shape), Duration.ofMillis(1));
    LazyArray r = LazyArray.of(a).multiply(LazyArray.of(b)).negate().add(1.0);
    r.compute(TINY_TILES);
    assertThat(a.loads.get()).isEqualTo(4);
    assertThat(b.loads.get()).isEqualTo(4);
    awaitZero(a.outstanding);
    awaitZero(b.outstanding);
  }

  @Test
  void aFailedLoadReleasesTheOtherOperand() throws InterruptedException {
    Shape shape = Shape.of(4, 4);
    Region region = Region.of(new long[] {0, 0}, new int[] {2, 2});
    TrackingNode ok = TrackingNode.of(source(shape));
    ArrayNode late = new FailingNode(ok, Duration.ofMillis(20));
    ArrayNode early = new FailingNode(ok, Duration.ZERO);
    ExecContext ctx = new ExecContext(DEFAULTS);

    StepVerifier.create(ElementwiseOp.binary(BinaryOp.ADD, ok, late).load(region, ctx))
        .expectErrorMessage("load failed for " + region)
        .verify(TIMEOUT);
    StepVerifier.create(ElementwiseOp.binary(BinaryOp.ADD, early, ok).load(region, ctx))
        .expectErrorMessage("load failed for " + region)
        .verify(TIMEOUT);
    awaitZero(ok.outstanding);

    assertThat(LazyArray.of(ok).add(LazyArray.of(late)).chunks(DEFAULTS).collectList()
        .onErrorResume(e -> Mono.empty()).block(TIMEOUT)).isNull();
    awaitZero(ok.outstanding);
  }

  @Test
  void cancellingALoadReleasesWhatWasLoaded() throws InterruptedException {
    Shape shape = Shape.of(4, 4);
    Region region = Region.of(new long[] {0, 0}, new int[] {2, 2});
    TrackingNode fast = TrackingNode.of(source(shape));
    TrackingNode slow = TrackingNode.delayed(source(shape), Duration.ofMillis(200));
    ExecContext ctx = new ExecContext(DEFAULTS);
    StepVerifier.create(ElementwiseOp.binary(BinaryOp.ADD, fast, slow).load(region, ctx))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(20))
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(fast.loads.get()).isEqualTo(1);
    awaitZero(fast.outstanding);
    Thread.sleep(300);
    awaitZero(slow.outstanding);
  }

  @Test
  void releasingTheOutputReleasesBothInputsOnceAndMetersBuffers() {
    Shape shape = Shape.of(4, 4);
    Region region = Region.of(new long[] {2, 0}, new int[] {2, 2});
    TrackingNode a = TrackingNode.of(source(shape));
    TrackingNode b = TrackingNode.of(source(shape));
    ExecContext ctx = new ExecContext(DEFAULTS);
    RegionData data = ElementwiseOp.binary(BinaryOp.SUBTRACT, a, b).load(region, ctx).block(TIMEOUT);
    assertThat(data.region()).isEqualTo(region);
    assertThat(data.dtype()).isEqualTo(DType.FLOAT64);
    Block tile = data.tile(Region.of(new long[] {3, 0}, new int[] {1, 2}));
    assertThat(tile.length()).isEqualTo(2);
    assertThat(ctx.peakHeldBytes()).isGreaterThan(0);
    assertThatThrownBy(() -> data.tile(Region.of(new long[] {0, 0}, new int[] {1, 1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the loaded region");
    data.release();
    data.release();
    assertThat(a.outstanding.get()).isZero();
    assertThat(b.outstanding.get()).isZero();
    assertThatThrownBy(() -> data.tile(region)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void chunksAreInGridOrderWithDeclaredRegions(BinaryOp op) {
    Shape shape = Shape.of(5, 3, 4);
    LazyArray a = lazy(values(DType.INT32, 60, 9), ChunkGrid.regular(shape, 2, 3, 3));
    LazyArray b = lazy(values(DType.UINT16, 12, 10), ChunkGrid.regular(Shape.of(3, 4), 2, 2));
    LazyArray r = a.binary(op, b);
    List<ChunkIndex> expected = new ArrayList<>();
    for (long i = 0; i < r.grid().chunkCount(); i++) expected.add(r.grid().index(i));
    StepVerifier.create(r.chunks(TINY_TILES).map(Chunk::gridIndex))
        .expectNextSequence(expected)
        .expectComplete()
        .verify(TIMEOUT);
    assertChunksAsDeclared(r, DEFAULTS);
  }
}
