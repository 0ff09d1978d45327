package org.hyperflux.core.ops;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Mono;

/**
 * numpy's {@code astype(dtype)} (unsafe casting), tile by tile on the input's grid: floats
 * truncate toward zero into integers, integers narrow by wrapping, anything becomes bool as
 * {@code != 0} (so NaN is True), and integers become floats rounded to nearest.
 *
 * <p>Each tile goes through one working buffer chosen so that every value is rounded once: a
 * float source through {@code double[]} ({@link Casts#toDouble}, {@link Casts#fromDouble}), a
 * bool or integer source through {@code long[]} ({@link Casts#toLong}, {@link Casts#fromLong}, so
 * {@code int64 -> float32} rounds the integer directly rather than through a double). uint64 is
 * the exception, as its bit pattern reads as a negative long from 2<sup>63</sup> up: to float64
 * it goes through {@link Casts#unsignedToDouble}, to float32 through the same halving with a
 * sticky bit in float. A cast to the input's own dtype passes the input's data through.
 */
final class AstypeOp extends ArrayNode {
  /** How a tile is converted. */
  private enum Route { SAME, LONG, DOUBLE, UINT64_TO_FLOAT32 }

  private final ArrayNode input;
  private final Route route;

  AstypeOp(ArrayNode a, DType dtype) {
    super(Objects.requireNonNull(a, "a").shape(), Objects.requireNonNull(dtype, "dtype"), a.grid(),
        List.of(a));
    this.input = a;
    this.route = route(a.dtype(), dtype);
  }

  private static Route route(DType from, DType to) {
    if (from == to) return Route.SAME;
    if (from.isFloat()) return Route.DOUBLE;
    if (from == DType.UINT64 && to == DType.FLOAT64) return Route.DOUBLE;
    if (from == DType.UINT64 && to == DType.FLOAT32) return Route.UINT64_TO_FLOAT32;
    return Route.LONG;
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    Mono<RegionData> in = input.load(region, ctx);
    return route == Route.SAME ? in : in.map(d -> new Data(d, ctx));
  }

  @Override
  public void cost(Region region, Cost cost) {
    input.cost(region, cost);
    if (route != Route.SAME && !region.isEmpty()) {
      long tile = Math.min(region.size(), cost.tileElements());
      cost.hold(tile * (8L + dtype().itemSize()));
    }
  }

  @Override
  public String label() {
    return "astype(" + dtype().numpyName() + ")";
  }

  /** The input's loaded region, converted tile by tile through a reused working buffer. */
  private final class Data implements RegionData {
    private final RegionData in;
    private final ExecContext ctx;
    private final AtomicBoolean released = new AtomicBoolean();
    private double[] doubles;
    private long[] longs;
    private volatile long bufferBytes;

    Data(RegionData in, ExecContext ctx) {
      this.in = in;
      this.ctx = ctx;
    }

    @Override
    public Region region() {
      return in.region();
    }

    @Override
    public DType dtype() {
      return AstypeOp.this.dtype();
    }

    @Override
    public Block tile(Region tile) {
      return convert(tile, false);
    }

    /** As {@link #tile}; the input tile is converted into a new block, so it may be transient. */
    @Override
    public Block transientTile(Region tile) {
      return convert(tile, true);
    }

    /** The tile converted into a new block, the input's tile read as a transient tile or not. */
    private Block convert(Region tile, boolean transientInput) {
      if (released.get()) {
        throw new IllegalStateException("tile " + tile + " of " + label() + " read after release");
      }
      Block src = transientInput ? in.transientTile(tile) : in.tile(tile);
      int n = src.length();
      Block out = Block.allocate(dtype(), n);
      if (n == 0 || Casts.convertToFloat(src, out, n)) return out;
      switch (route) {
        case DOUBLE:
          if (doubles == null || doubles.length < n) doubles = new double[grow(doubles, n)];
          Casts.toDouble(src, 0, doubles, n);
          Casts.fromDouble(doubles, out, 0, n);
          break;
        case LONG:
          if (longs == null || longs.length < n) longs = new long[grow(longs, n)];
          Casts.toLong(src, 0, longs, n);
          Casts.fromLong(longs, out, 0, n);
          break;
        case UINT64_TO_FLOAT32: {
          if (longs == null || longs.length < n) longs = new long[grow(longs, n)];
          Casts.toLong(src, 0, longs, n);
          float[] d = (float[]) out.array();
          for (int i = 0; i < n; i++) {
            long v = longs[i];
            // From 2^63 up: halve keeping the lost bit as a sticky bit, round once, double back.
            d[i] = v >= 0 ? (float) v : ((v >>> 1) | (v & 1)) * 2f;
          }
          break;
        }
        default:
          throw new AssertionError(route);
      }
      return out;
    }

    /** Accounts a working buffer grown to {@code n} elements; returns {@code n}. */
    private int grow(Object old, int n) {
      int oldLength = old == null ? 0 : java.lang.reflect.Array.getLength(old);
      long delta = 8L * (n - oldLength);
      bufferBytes += delta;
      ctx.held(delta);
      return n;
    }

    @Override
    public void release() {
      if (!released.compareAndSet(false, true)) return;
      doubles = null;
      longs = null;
      ctx.released(bufferBytes);
      bufferBytes = 0;
      in.release();
    }
  }
}
