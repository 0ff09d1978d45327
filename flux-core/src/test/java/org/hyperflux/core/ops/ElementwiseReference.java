package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.RegionData;

/**
 * Plain-loop references with numpy's semantics for the elementwise and astype tests, written
 * independently of the kernels: integers exactly as {@link BigInteger} then wrapped to the
 * result's width, float32 arithmetic in Java {@code float}, float64 in {@code double}, and
 * broadcasting by explicit index arithmetic per element.
 */
final class ElementwiseReference {
  private static final BigInteger TWO = BigInteger.valueOf(2);

  private ElementwiseReference() {}

  /** One element's exact value: an integer (bool as 0/1) or a float. */
  record Value(BigInteger integer, double real) {
    static Value of(Block b, int i) {
      DType t = b.dtype();
      if (t.isFloat()) return new Value(null, b.getDouble(i));
      long bits = b.getLong(i);
      return new Value(t == DType.UINT64 ? new BigInteger(Long.toUnsignedString(bits)) : BigInteger.valueOf(bits), 0);
    }

    boolean isFloat() {
      return integer == null;
    }

    /** numpy's cast of this value to float32 (integers rounded once, to nearest). */
    float f32() {
      return isFloat() ? (float) real : integer.floatValue();
    }

    double f64() {
      return isFloat() ? real : integer.doubleValue();
    }
  }

  /** The value a result element should hold: a Long (Block.getLong form) or a Double. */
  static Object expectedBinary(BinaryOp op, DType rt, Value a, Value b) {
    if (rt == DType.FLOAT32) {
      float x = a.f32();
      float y = b.f32();
      float r;
      switch (op) {
        case ADD: r = x + y; break;
        case SUBTRACT: r = x - y; break;
        case MULTIPLY: r = x * y; break;
        case DIVIDE: r = x / y; break;
        case MAXIMUM: r = x >= y || Float.isNaN(x) ? x : y; break;
        case MINIMUM: r = x <= y || Float.isNaN(x) ? x : y; break;
        default: throw new AssertionError(op);
      }
      return (double) r;
    }
    if (rt == DType.FLOAT64) {
      double x = a.f64();
      double y = b.f64();
      switch (op) {
        case ADD: return x + y;
        case SUBTRACT: return x - y;
        case MULTIPLY: return x * y;
        case DIVIDE: return x / y;
        case MAXIMUM: return x >= y || Double.isNaN(x) ? x : y;
        case MINIMUM: return x <= y || Double.isNaN(x) ? x : y;
        default: throw new AssertionError(op);
      }
    }
    BigInteger x = a.integer();
    BigInteger y = b.integer();
    BigInteger r;
    switch (op) {
      case ADD: r = x.add(y); break;
      case SUBTRACT: r = x.subtract(y); break;
      case MULTIPLY: r = x.multiply(y); break;
      case MAXIMUM: r = x.max(y); break;
      case MINIMUM: r = x.min(y); break;
      default: throw new AssertionError(op + " has no integer result");
    }
    return wrap(r, rt);
  }

  /** The value a unary result element should hold (see {@link #expectedBinary}). */
  static Object expectedUnary(UnaryOp op, DType rt, Value a) {
    if (rt == DType.FLOAT32) {
      float x = a.f32();
      switch (op) {
        case NEGATE: return (double) -x;
        case ABS: return (double) Math.abs(x);
        case SQUARE: return (double) (x * x);
        case SQRT: return (double) (float) Math.sqrt(x);
        case EXP: return (double) (float) Math.exp(x);
        case LOG: return (double) (float) Math.log(x);
        default: throw new AssertionError(op);
      }
    }
    if (rt == DType.FLOAT64) {
      double x = a.f64();
      switch (op) {
        case NEGATE: return -x;
        case ABS: return Math.abs(x);
        case SQUARE: return x * x;
        case SQRT: return Math.sqrt(x);
        case EXP: return Math.exp(x);
        case LOG: return Math.log(x);
        default: throw new AssertionError(op);
      }
    }
    BigInteger x = a.integer();
    switch (op) {
      case NEGATE: return wrap(x.negate(), rt);
      case ABS: return wrap(x.abs(), rt);
      case SQUARE: return wrap(x.multiply(x), rt);
      default: throw new AssertionError(op + " has no integer result");
    }
  }

  /** numpy's {@code astype(to)} of one value (float to integer: truncation toward zero, then wrap). */
  static Object expectedCast(Value a, DType to) {
    if (to == DType.BOOL) {
      boolean nonZero = a.isFloat() ? a.real() != 0 || Double.isNaN(a.real()) : a.integer().signum() != 0;
      return nonZero ? 1L : 0L;
    }
    if (to == DType.FLOAT32) return (double) a.f32();
    if (to == DType.FLOAT64) return a.f64();
    BigInteger x = a.isFloat() ? new BigDecimal(a.real()).toBigInteger() : a.integer();
    return wrap(x, to);
  }

  /** {@code r} reduced modulo 2^bits of {@code rt}, in {@link Block#getLong}'s form. */
  static long wrap(BigInteger r, DType rt) {
    if (rt == DType.BOOL) return r.signum() != 0 ? 1 : 0;
    int bits = rt.itemSize() * 8;
    BigInteger m = TWO.pow(bits);
    BigInteger w = r.mod(m);
    if (!rt.isUnsigned() && w.testBit(bits - 1)) w = w.subtract(m);
    return w.longValue();
  }

  /** The element of {@code result} at flat C-order index {@code i}, in the expected form. */
  static Object actual(Block result, int i) {
    return result.dtype().isFloat() ? (Object) result.getDouble(i) : (Object) result.getLong(i);
  }

  /** Flat index into an operand of {@code operand} shape for output position {@code pos} (broadcasting). */
  static int operandIndex(Shape operand, long[] pos) {
    int lead = pos.length - operand.rank();
    long index = 0;
    for (int j = 0; j < operand.rank(); j++) {
      long p = operand.dim(j) == 1 ? 0 : pos[j + lead];
      index = index * operand.dim(j) + p;
    }
    return (int) index;
  }

  /** The C-order position of flat index {@code i} in {@code shape}. */
  static long[] position(Shape shape, int i) {
    long[] p = new long[shape.rank()];
    long r = i;
    for (int a = shape.rank() - 1; a >= 0; a--) {
      p[a] = r % shape.dim(a);
      r /= shape.dim(a);
    }
    return p;
  }

  /**
   * {@code n} deterministic values of {@code dtype}: about a third from the dtype's awkward
   * values (extremes, zero, NaN, infinities, signed zero), the rest random.
   */
  static Block values(DType dtype, int n, long seed) {
    Random random = new Random(seed);
    Block b = Block.allocate(dtype, n);
    long[] intSpecials = {0, 1, -1, 2, 3, 100, 127, 128, 255, 256, 300, 32767, 32768, 65535, 65536,
        Integer.MAX_VALUE, 1L << 31, 0xFFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53,
        (1L << 53) + 1};
    double[] floatSpecials = {0.0, -0.0, 1.0, -1.0, 0.5, -2.25, 0.1, 1.5, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3.4e38, -3.3e38, 1e-45, 65504.0,
        1e300, -1e-300, 16777217.0};
    for (int i = 0; i < n; i++) {
      boolean special = random.nextInt(3) == 0;
      switch (dtype) {
        case BOOL:
          b.setLong(i, random.nextBoolean() ? 1 : 0);
          break;
        case FLOAT32:
        case FLOAT64:
          if (special) {
            b.setDouble(i, floatSpecials[random.nextInt(floatSpecials.length)]);
          } else {
            b.setDouble(i, random.nextGaussian() * Math.pow(10, random.nextInt(7) - 2));
          }
          break;
        default:
          // Integer stores wrap: a special or random long lands on every width's edge cases.
          b.setLong(i, special ? intSpecials[random.nextInt(intSpecials.length)] : random.nextLong()
              >> random.nextInt(64));
      }
    }
    return b;
  }

  /** A lazy array over {@code values} (C order of {@code grid.shape()}) stored on {@code grid}. */
  static LazyArray lazy(Block values, ChunkGrid grid) {
    return LazyArray.of(MemoryArray.split(values, grid));
  }

  /**
   * Streams the chunks of {@code lazy} and checks that each one is the region and dtype the lazy
   * array declared, in grid order, one per grid chunk.
   */
  static void assertChunksAsDeclared(LazyArray lazy, ExecOptions options) {
    List<Chunk> chunks = lazy.chunks(options).collectList().block(Duration.ofSeconds(10));
    ChunkGrid grid = lazy.grid();
    assertThat(chunks).hasSize((int) grid.chunkCount());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertThat(c.gridIndex()).as("chunk %d", i).isEqualTo(grid.index(i));
      assertThat(c.region()).as("chunk %s", c.gridIndex()).isEqualTo(grid.region(c.gridIndex()));
      assertThat(c.dtype()).as("chunk %s", c.gridIndex()).isEqualTo(lazy.dtype());
      assertThat(c.block().length()).isEqualTo(c.region().size());
    }
  }

  /**
   * Computes {@code lazy} chunk by chunk through its node's {@code load}, {@code tile} and
   * {@code release}, without the executor: no plan is built, so geometries whose broadcast
   * operands are re-read beyond the plan's read-amplification limit can still be checked. Each
   * tile's dtype and length are checked against the declaration.
   */
  static Block computeDirect(LazyArray lazy, int tileElements) {
    ExecContext ctx = new ExecContext(ExecOptions.defaults());
    ChunkGrid grid = lazy.grid();
    Region all = Region.whole(lazy.shape());
    Block out = Block.allocate(lazy.dtype(), all.size());
    try {
      for (long i = 0; i < grid.chunkCount(); i++) {
        Region region = grid.region(grid.index(i));
        RegionData data = lazy.node().load(region, ctx).block(Duration.ofSeconds(10));
        try {
          assertThat(data.region()).isEqualTo(region);
          assertThat(data.dtype()).isEqualTo(lazy.dtype());
          for (Region t : Tiles.of(region, tileElements)) {
            Block b = data.tile(t);
            assertThat(b.dtype()).isEqualTo(lazy.dtype());
            assertThat(b.length()).isEqualTo(t.size());
            RegionCopy.copy(b, t, out, all, t);
          }
        } finally {
          data.release();
        }
      }
    } finally {
      ctx.end();
    }
    return out;
  }
}
