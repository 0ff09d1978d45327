package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.core.ops.ElementwiseReference.actual;
import static org.hyperflux.core.ops.ElementwiseReference.assertChunksAsDeclared;
import static org.hyperflux.core.ops.ElementwiseReference.expectedCast;
import static org.hyperflux.core.ops.ElementwiseReference.lazy;
import static org.hyperflux.core.ops.ElementwiseReference.values;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.RegionData;
import org.hyperflux.core.exec.SourceNode;
import org.hyperflux.core.ops.ElementwiseReference.Value;
import org.hyperflux.core.testing.TrackingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AstypeOp} against a plain-loop reference of numpy's {@code astype} (unsafe casting) for
 * every pair of dtypes, the awkward values of each cast (truncation, wrap-around, NaN to bool,
 * uint64 rounding into floats), its geometry and its data's release.
 */
class AstypeOpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ExecOptions DEFAULTS = ExecOptions.defaults();
  private static final ExecOptions TINY_TILES = ExecOptions.defaults().withTileElements(4);

  static Stream<Arguments> pairs() {
    List<Arguments> args = new ArrayList<>();
    for (DType from : DType.values()) {
      for (DType to : DType.values()) args.add(Arguments.of(from, to));
    }
    return args.stream();
  }

  /**
   * Values of {@code from} whose cast to {@code to} numpy defines: a float cast to an integer is
   * only defined where it fits (numpy's C cast is undefined elsewhere), so floats headed for an
   * integer type are drawn inside the range on which numpy on x86-64 truncates and wraps the way
   * {@code astype} is specified here (through a 32-bit conversion for 8- and 16-bit targets, a
   * 64-bit one for 32-bit unsigned targets, in range for int32 and 64-bit targets).
   */
  private static Block castableValues(DType from, DType to, int n, long seed) {
    if (!from.isFloat() || !to.isInteger()) return values(from, n, seed);
    Random random = new Random(seed);
    double lo;
    double hi;
    switch (to) {
      case INT32: lo = -0x1p31; hi = 0x1p31; break;
      case UINT32: lo = -0x1p40; hi = 0x1p40; break;
      case INT64: lo = -0x1p62; hi = 0x1p62; break;
      case UINT64: lo = -0x1p40; hi = 0x1p64; break;
      default: lo = -0x1p31; hi = 0x1p31; break;
    }
    double[] specials = {0.0, -0.0, 0.5, -0.5, 0.999, -0.999, 1.5, -1.5, 127.9, -128.9, 255.5,
        256.0, 65535.7, -32768.2, 300.0, -300.0};
    Block b = Block.allocate(from, n);
    for (int i = 0; i < n; i++) {
      double v;
      do {
        int kind = random.nextInt(3);
        if (kind == 0) {
          v = specials[random.nextInt(specials.length)];
        } else if (kind == 1) {
          v = (random.nextDouble() - 0.5) * 1000;
        } else {
          v = lo + random.nextDouble() * (hi - lo);
        }
        b.setDouble(i, v);
      } while (b.getDouble(i) < lo || b.getDouble(i) >= hi);
    }
    return b;
  }

  @ParameterizedTest(name = "astype({0} -> {1})")
  @MethodSource("pairs")
  void castsMatchTheNumpyReference(DType from, DType to) {
    Shape shape = Shape.of(4, 9);
    Block v = castableValues(from, to, 36, 97L * from.ordinal() + to.ordinal());
    LazyArray in = lazy(v, ChunkGrid.irregular(shape, new int[] {3, 1}, new int[] {2, 7}));
    LazyArray r = in.astype(to);
    assertThat(r.dtype()).isEqualTo(to);
    assertThat(r.shape()).isEqualTo(shape);
    assertThat(r.grid()).isEqualTo(in.grid());
    for (ExecOptions options : List.of(DEFAULTS, TINY_TILES)) {
      Block out = r.compute(options).toBlock();
      assertThat(out.dtype()).isEqualTo(to);
      List<String> mismatches = new ArrayList<>();
      for (int i = 0; i < out.length(); i++) {
        Value x = Value.of(v, i);
        Object expected = expectedCast(x, to);
        if (!expected.equals(actual(out, i)) && mismatches.size() < 10) {
          mismatches.add(i + ": " + x + " expected " + expected + " got " + actual(out, i));
        }
      }
      assertThat(mismatches).as("%s -> %s", from, to).isEmpty();
    }
    assertChunksAsDeclared(r, TINY_TILES);
  }

  private static LazyArray vector(Block b) {
    return LazyArray.of(MemoryArray.of(Shape.of(b.length()), b));
  }

  private static Block doubles(DType dtype, double... v) {
    Block b = Block.allocate(dtype, v.length);
    for (int i = 0; i < v.length; i++) b.setDouble(i, v[i]);
    return b;
  }

  private static Block longs(DType dtype, long... v) {
    Block b = Block.allocate(dtype, v.length);
    for (int i = 0; i < v.length; i++) b.setLong(i, v[i]);
    return b;
  }

  private static long[] longsOf(MemoryArray m) {
    Block b = m.toBlock();
    long[] l = new long[b.length()];
    for (int i = 0; i < l.length; i++) l[i] = b.getLong(i);
    return l;
  }

  @Test
  void floatsTruncateTowardZero() {
    LazyArray f = vector(doubles(DType.FLOAT64, -1.7, -0.5, 0.5, 1.7, 2.9, -2.9));
    assertThat(longsOf(f.astype(DType.INT16).compute(DEFAULTS))).containsExactly(-1, 0, 0, 1, 2, -2);
    assertThat(longsOf(f.astype(DType.INT64).compute(DEFAULTS))).containsExactly(-1, 0, 0, 1, 2, -2);
    LazyArray big = vector(doubles(DType.FLOAT64, 1.5e19, 0x1p63, 0x1p64 - 0x1p11));
    assertThat(longsOf(big.astype(DType.UINT64).compute(DEFAULTS)))
        .containsExactly(Long.parseUnsignedLong("15000000000000000000"), 1L << 63, -(1L << 11));
  }

  @Test
  void integersNarrowByWrapping() {
    LazyArray i = vector(longs(DType.INT32, 300, -1, 65536 + 5, -129, Integer.MIN_VALUE));
    assertThat(longsOf(i.astype(DType.UINT8).compute(DEFAULTS))).containsExactly(44, 255, 5, 127, 0);
    assertThat(longsOf(i.astype(DType.INT8).compute(DEFAULTS))).containsExactly(44, -1, 5, 127, 0);
    assertThat(longsOf(i.astype(DType.UINT16).compute(DEFAULTS))).containsExactly(300, 65535, 5, 65407, 0);
    assertThat(longsOf(i.astype(DType.UINT64).compute(DEFAULTS)))
        .containsExactly(300, -1, 65541, -129, Integer.MIN_VALUE);
    LazyArray u = vector(longs(DType.UINT64, -1L, 1L << 63));
    assertThat(longsOf(u.astype(DType.INT64).compute(DEFAULTS))).containsExactly(-1, Long.MIN_VALUE);
    assertThat(longsOf(u.astype(DType.UINT32).compute(DEFAULTS))).containsExactly(0xFFFF_FFFFL, 0);
  }

  @Test
  void anythingBecomesBoolByNonZero() {
    LazyArray f = vector(doubles(DType.FLOAT64, 0.0, -0.0, Double.NaN, 1e-300, Double.NEGATIVE_INFINITY));
    assertThat(longsOf(f.astype(DType.BOOL).compute(DEFAULTS))).containsExactly(0, 0, 1, 1, 1);
    LazyArray f32 = vector(doubles(DType.FLOAT32, 0.0, Float.NaN, 1e-45));
    assertThat(longsOf(f32.astype(DType.BOOL).compute(DEFAULTS))).containsExactly(0, 1, 1);
    // A bool is not a narrowing: 256 is True, not 0.
    LazyArray i = vector(longs(DType.INT16, 0, 256, -256));
    assertThat(longsOf(i.astype(DType.BOOL).compute(DEFAULTS))).containsExactly(0, 1, 1);
    LazyArray u = vector(longs(DType.UINT64, 1L << 63, 0));
    assertThat(longsOf(u.astype(DType.BOOL).compute(DEFAULTS))).containsExactly(1, 0);
  }

  @Test
  void wideIntegersRoundOnceIntoFloats() {
    // 2^63 + 2^39 + 1 lies just above the midpoint of two float32 neighbours: rounding through a
    // double first would lose the + 1 and then round the exact tie down to even.
    long above = (1L << 63) + (1L << 39) + 1;
    long tie = (1L << 63) + (1L << 39);
    LazyArray u = vector(longs(DType.UINT64, above, tie, -1L, 1L << 63, 12345));
    Block f = u.astype(DType.FLOAT32).compute(DEFAULTS).toBlock();
    assertThat((float[]) f.array()).containsExactly(0x1p63f + 0x1p40f, 0x1p63f, 0x1p64f, 0x1p63f, 12345f);
    assertThat(u.astype(DType.FLOAT64).compute(DEFAULTS).toDoubleArray())
        .containsExactly(0x1p63 + 0x1p39, 0x1p63 + 0x1p39, 0x1p64, 0x1p63, 12345);

    long signedAbove = (1L << 62) + (1L << 38) + 1;
    LazyArray i = vector(longs(DType.INT64, signedAbove, -signedAbove, Long.MAX_VALUE));
    Block g = i.astype(DType.FLOAT32).compute(DEFAULTS).toBlock();
    assertThat((float[]) g.array()).containsExactly(0x1p62f + 0x1p39f, -(0x1p62f + 0x1p39f), 0x1p63f);
    assertThat((float) (double) signedAbove).isEqualTo(0x1p62f);
  }

  @Test
  void float64ToFloat32Rounds() {
    LazyArray d = vector(doubles(DType.FLOAT64, 0.1, 1e300, -1e-300, Double.NaN, 16777217.0));
    Block f = d.astype(DType.FLOAT32).compute(DEFAULTS).toBlock();
    assertThat((float[]) f.array()).containsExactly(0.1f, Float.POSITIVE_INFINITY, -0.0f, Float.NaN, 16777216f);
  }

  @Test
  void geometryLabelAndPassThrough() {
    Shape shape = Shape.of(5, 0, 3);
    LazyArray empty = lazy(Block.allocate(DType.INT8, 0), ChunkGrid.regular(shape, 2, 1, 2));
    LazyArray e = empty.astype(DType.FLOAT64);
    assertThat(e.shape()).isEqualTo(shape);
    assertThat(e.grid()).isEqualTo(empty.grid());
    assertThat(e.compute(DEFAULTS).toDoubleArray()).isEmpty();
    assertChunksAsDeclared(e, DEFAULTS);

    LazyArray scalar = LazyArray.of(MemoryArray.of(Shape.scalar(), doubles(DType.FLOAT32, -2.5)));
    LazyArray s = scalar.astype(DType.INT8);
    assertThat(s.rank()).isZero();
    assertThat(s.compute(DEFAULTS).getLong()).isEqualTo(-2);
    assertThat(s.node().label()).isEqualTo("astype(int8)");

    assertThat(scalar.astype(DType.FLOAT32)).isSameAs(scalar);
    LazyArray same = LazyArray.of(new AstypeOp(scalar.node(), DType.FLOAT32));
    assertThat(same.compute(DEFAULTS).getDouble()).isEqualTo(-2.5);
    assertThat(same.node().label()).isEqualTo("astype(float32)");
  }

  @Test
  void costIsTheInputsPlusOneTileBuffer() {
    Shape shape = Shape.of(6, 6);
    LazyArray in = lazy(values(DType.UINT16, 36, 3), ChunkGrid.regular(shape, 3, 3));
    Region chunk = in.grid().region(in.grid().index(3));
    Cost input = new Cost();
    in.node().cost(chunk, input);
    Cost cast = new Cost();
    in.astype(DType.FLOAT32).node().cost(chunk, cast);
    assertThat(cast.readBytes()).isEqualTo(input.readBytes());
    assertThat(cast.heldBytes()).isEqualTo(input.heldBytes() + 9 * (8 + 4));
    Cost same = new Cost();
    new AstypeOp(in.node(), DType.UINT16).cost(chunk, same);
    assertThat(same.heldBytes()).isEqualTo(input.heldBytes());

    Cost large = new Cost();
    Region big = Region.of(new long[] {0}, new int[] {1 << 20});
    LazyArray g = LazyArray.of(org.hyperflux.core.exec.GeneratedSource.of("g", DType.FLOAT64,
        ChunkGrid.single(Shape.of(1 << 20)), p -> 1));
    Cost gInput = new Cost();
    g.node().cost(big, gInput);
    g.astype(DType.INT8).node().cost(big, large);
    assertThat(large.heldBytes()).isEqualTo(gInput.heldBytes() + (long) Tiles.DEFAULT_TILE_ELEMENTS * (8 + 1));
  }

  @Test
  void releasingTheCastReleasesItsInputOnce() {
    Shape shape = Shape.of(4, 4);
    TrackingNode in = TrackingNode.of(
        new SourceNode(MemoryArray.split(values(DType.INT32, 16, 4), ChunkGrid.regular(shape, 2, 2))));
    ExecContext ctx = new ExecContext(DEFAULTS);
    Region region = Region.of(new long[] {2, 2}, new int[] {2, 2});
    RegionData data = new AstypeOp(in, DType.FLOAT32).load(region, ctx).block(TIMEOUT);
    assertThat(data.region()).isEqualTo(region);
    assertThat(data.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(data.tile(Region.of(new long[] {3, 2}, new int[] {1, 2})).dtype()).isEqualTo(DType.FLOAT32);
    data.release();
    data.release();
    assertThat(in.loads.get()).isEqualTo(1);
    assertThat(in.outstanding.get()).isZero();

    LazyArray.of(in).astype(DType.UINT8).compute(TINY_TILES);
    assertThat(in.loads.get()).isEqualTo(5);
    assertThat(in.outstanding.get()).isZero();
  }
}
