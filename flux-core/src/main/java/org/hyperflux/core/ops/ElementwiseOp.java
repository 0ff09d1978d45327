package org.hyperflux.core.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.BlockRegionData;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Mono;

/**
 * Elementwise arithmetic with numpy's broadcasting and type rules: {@code a op b} of two arrays,
 * of an array and a Python scalar, or {@code op(a)}.
 *
 * <p><b>Types.</b> Two arrays promote ({@link DType#promote}; true division uses
 * {@link DType#trueDivide}, so integers divide into float64). An array and a scalar follow numpy
 * 1.24's value-based casting ({@link Scalar#resultType}); the scalar is cast to the result dtype
 * once at build time, as numpy does ({@code float32 + 0.1} adds {@code float32(0.1)}). Unary types
 * are those of {@link UnaryOp}: sqrt, exp and log give float32 for bool and integers up to 16
 * bits (numpy's float16 for bool and 8-bit integers; there is no float16 here) and float64 for
 * wider integers; {@code square} of bool gives int8 as in numpy (its loops have no bool
 * signature). Boolean {@code negative} and {@code subtract} are rejected at build time with
 * numpy's messages.
 *
 * <p><b>Geometry.</b> The output shape is the broadcast shape and the output grid the common
 * refinement of the operands' grids along the axes they keep ({@link Broadcast}); an output
 * region reads the same range of every kept axis and {@code [0, 1)} of every stretched one.
 *
 * <p><b>Computation.</b> {@link #load} loads the operands' regions (zipped; data already loaded
 * is released if the other load fails or the subscription is cancelled) and nothing else.
 * {@link RegionData#tile} pulls each operand's tile, converts it into a working buffer of the
 * result's precision ({@code double[]} for a float result, {@code long[]} for integers and bool,
 * via {@link Casts}), expands broadcast operands, runs one tight loop
 * ({@link ElementwiseKernels}) and narrows into a block of the result dtype. Working buffers are
 * kept per region and reused from tile to tile (one thread reads a region's tiles at a time), so
 * an elementwise chain never widens more than a tile. Integers wrap as numpy's do; floats are
 * rounded to the result dtype once.
 */
final class ElementwiseOp extends ArrayNode {
  private final BinaryOp binaryOp;
  private final UnaryOp unaryOp;
  private final Operand[] operands;
  private final int outOperand;
  private final boolean inDouble;
  private final String label;

  /**
   * One operand of the kernel: input {@code input} of this node seen through {@code broadcast},
   * or, when {@code input < 0}, a scalar already cast to the result dtype.
   */
  private static final class Operand {
    final int input;
    final Broadcast broadcast;
    final double doubleValue;
    final long longValue;

    private Operand(int input, Broadcast broadcast, double doubleValue, long longValue) {
      this.input = input;
      this.broadcast = broadcast;
      this.doubleValue = doubleValue;
      this.longValue = longValue;
    }

    static Operand array(int input, Broadcast broadcast) {
      return new Operand(input, broadcast, 0, 0);
    }

    static Operand scalar(Scalar s, DType resultType) {
      double d;
      if (resultType == DType.FLOAT32) {
        d = s.isFloat() ? (float) s.doubleValue() : (float) s.longValue();
      } else {
        d = s.isFloat() ? s.doubleValue() : (double) s.longValue();
      }
      return new Operand(-1, null, d, s.longValue());
    }

    boolean isScalar() {
      return input < 0;
    }
  }

  private ElementwiseOp(Shape shape, DType dtype, ChunkGrid grid, List<ArrayNode> inputs,
      BinaryOp binaryOp, UnaryOp unaryOp, Operand[] operands, String label) {
    super(shape, dtype, grid, inputs);
    this.binaryOp = binaryOp;
    this.unaryOp = unaryOp;
    this.operands = operands;
    int out = 0;
    while (operands[out].isScalar()) out++;
    this.outOperand = out;
    this.inDouble = dtype.isFloat();
    this.label = label;
  }

  /**
   * {@code op(a, b)} of two arrays with numpy broadcasting.
   *
   * @throws IllegalArgumentException if the shapes do not broadcast (naming both shapes and the
   *     axis), or for boolean subtraction, which numpy rejects
   */
  static ArrayNode binary(BinaryOp op, ArrayNode a, ArrayNode b) {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Shape shape = Broadcast.shape(a.shape(), b.shape());
    DType dtype = op == BinaryOp.DIVIDE ? a.dtype().trueDivide(b.dtype()) : DType.promote(a.dtype(), b.dtype());
    checkBoolSubtract(op, dtype);
    List<ArrayNode> inputs = new ArrayList<>();
    Operand[] operands = new Operand[2];
    ArrayNode[] nodes = {a, b};
    for (int i = 0; i < 2; i++) {
      int index = inputs.indexOf(nodes[i]);
      if (index < 0) {
        index = inputs.size();
        inputs.add(nodes[i]);
      }
      operands[i] = Operand.array(index, Broadcast.of(shape, nodes[i].shape()));
    }
    return new ElementwiseOp(shape, dtype, Broadcast.grid(shape, inputs), inputs, op, null,
        operands, numpyName(op));
  }

  /**
   * {@code op(a, s)}, or {@code op(s, a)} when {@code scalarFirst}, with numpy 1.24's value-based
   * casting of the Python scalar {@code s}.
   *
   * @throws IllegalArgumentException for boolean subtraction, which numpy rejects
   */
  static ArrayNode scalar(BinaryOp op, ArrayNode a, Scalar s, boolean scalarFirst) {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(s, "s");
    DType common = s.resultType(a.dtype());
    DType dtype = op == BinaryOp.DIVIDE ? common.trueDivide(common) : common;
    checkBoolSubtract(op, dtype);
    Operand array = Operand.array(0, Broadcast.of(a.shape(), a.shape()));
    Operand constant = Operand.scalar(s, dtype);
    Operand[] operands = scalarFirst ? new Operand[] {constant, array} : new Operand[] {array, constant};
    String label = numpyName(op) + (scalarFirst ? "(" + s + ", x)" : "(" + s + ")");
    return new ElementwiseOp(a.shape(), dtype, a.grid(), List.of(a), op, null, operands, label);
  }

  /**
   * {@code op(a)} with the result dtype documented on {@link UnaryOp}.
   *
   * @throws IllegalArgumentException for the negative of a bool array, which numpy rejects
   */
  static ArrayNode unary(UnaryOp op, ArrayNode a) {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(a, "a");
    DType dtype = unaryType(op, a.dtype());
    Operand[] operands = {Operand.array(0, Broadcast.of(a.shape(), a.shape()))};
    return new ElementwiseOp(a.shape(), dtype, a.grid(), List.of(a), null, op, operands,
        numpyName(op));
  }

  /** numpy's result dtype of {@code op} on {@code in}. */
  static DType unaryType(UnaryOp op, DType in) {
    switch (op) {
      case NEGATE:
        if (in.isBool()) {
          throw new IllegalArgumentException(
              "The numpy boolean negative, the `-` operator, is not supported, use the `~`"
                  + " operator or the logical_not function instead.");
        }
        return in;
      case ABS:
        return in;
      case SQUARE:
        return in.isBool() ? DType.INT8 : in;
      case SQRT:
      case EXP:
      case LOG:
        if (in.isFloat()) return in;
        return in.itemSize() <= 2 ? DType.FLOAT32 : DType.FLOAT64;
      default:
        throw new AssertionError(op);
    }
  }

  private static void checkBoolSubtract(BinaryOp op, DType dtype) {
    if (op == BinaryOp.SUBTRACT && dtype.isBool()) {
      throw new IllegalArgumentException(
          "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the"
              + " `^` operator, or the logical_xor function instead.");
    }
  }

  private static String numpyName(BinaryOp op) {
    return op.name().toLowerCase(Locale.ROOT);
  }

  private static String numpyName(UnaryOp op) {
    switch (op) {
      case NEGATE: return "negative";
      case ABS: return "absolute";
      default: return op.name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    if (region.isEmpty()) {
      return Mono.just(new BlockRegionData(region, Block.allocate(dtype(), 0)));
    }
    List<ArrayNode> inputs = inputs();
    List<Mono<RegionData>> loads = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      loads.add(inputs.get(i).load(inputRegion(i, region), ctx));
    }
    if (loads.size() == 1) {
      return loads.get(0).map(d -> new Data(region, new RegionData[] {d}, ctx));
    }
    return Mono.zip(loads.get(0), loads.get(1), (x, y) -> (RegionData) new Data(region, new RegionData[] {x, y}, ctx))
        .doOnDiscard(RegionData.class, RegionData::release);
  }

  /** The region of input {@code i} that output {@code region} reads. */
  private Region inputRegion(int i, Region region) {
    for (Operand o : operands) {
      if (o.input == i) return o.broadcast.operandRegion(region);
    }
    throw new IllegalStateException("input " + i + " feeds no operand of " + label);
  }

  @Override
  public void cost(Region region, Cost cost) {
    if (region.isEmpty()) return;
    for (int i = 0; i < inputs().size(); i++) {
      inputs().get(i).cost(inputRegion(i, region), cost);
    }
    // Per tile: a working buffer per operand, a raw buffer per broadcast one, the output block.
    int buffers = 0;
    for (int j = 0; j < operands.length; j++) {
      if (aliasOf(j) >= 0) continue;
      buffers++;
      if (!operands[j].isScalar() && !operands[j].broadcast.isIdentity()) buffers++;
    }
    long tile = Math.min(region.size(), cost.tileElements());
    cost.hold(tile * (8L * buffers + dtype().itemSize()));
  }

  /** The earlier operand that reads the same input (so its working buffer is shared), or -1. */
  private int aliasOf(int j) {
    if (operands[j].isScalar()) return -1;
    for (int k = 0; k < j; k++) {
      if (operands[k].input == operands[j].input) return k;
    }
    return -1;
  }

  @Override
  public String label() {
    return label;
  }

  /** The loaded operands of one output region; computes tiles on demand. */
  private final class Data implements RegionData {
    private final Region region;
    private final RegionData[] inputs;
    private final ExecContext ctx;
    private final AtomicBoolean released = new AtomicBoolean();
    private final double[][] doubleBuf = new double[operands.length][];
    private final double[][] doubleRawBuf = new double[operands.length][];
    private final long[][] longBuf = new long[operands.length][];
    private final long[][] longRawBuf = new long[operands.length][];
    private volatile long bufferBytes;

    Data(Region region, RegionData[] inputs, ExecContext ctx) {
      this.region = region;
      this.inputs = inputs;
      this.ctx = ctx;
    }

    @Override
    public Region region() {
      return region;
    }

    @Override
    public DType dtype() {
      return ElementwiseOp.this.dtype();
    }

    @Override
    public Block tile(Region tile) {
      return compute(tile, false);
    }

    /**
     * As {@link #tile}; each operand tile is consumed before the next is read, into this op's own
     * buffers or output, so the operands may be read as transient tiles.
     */
    @Override
    public Block transientTile(Region tile) {
      return compute(tile, true);
    }

    /** The tile computed into a new block, its operands read as transient tiles or not. */
    private Block compute(Region tile, boolean transientOperands) {
      if (released.get()) {
        throw new IllegalStateException("tile " + tile + " of " + label + " read after release");
      }
      if (!region.contains(tile)) {
        throw new IllegalArgumentException(
            "tile " + tile + " is outside the loaded region " + region + " of " + label);
      }
      int n = tile.size();
      Block out = Block.allocate(dtype(), n);
      if (n == 0 || floatWithScalar(tile, out, transientOperands)) return out;
      if (inDouble) {
        double[][] w = new double[operands.length][];
        for (int j = 0; j < operands.length; j++) {
          w[j] = doubleOperand(j, tile, n, w, transientOperands);
        }
        if (binaryOp != null) {
          ElementwiseKernels.binary(binaryOp, w[0], w[1], w[outOperand], n);
        } else {
          ElementwiseKernels.unary(unaryOp, w[0], w[0], n);
        }
        Casts.fromDouble(w[outOperand], out, 0, n);
      } else {
        long[][] w = new long[operands.length][];
        for (int j = 0; j < operands.length; j++) {
          w[j] = longOperand(j, tile, n, w, transientOperands);
        }
        boolean unsigned = dtype().isUnsigned();
        if (binaryOp != null) {
          ElementwiseKernels.binary(binaryOp, unsigned, w[0], w[1], w[outOperand], n);
        } else {
          ElementwiseKernels.unary(unaryOp, unsigned, w[0], w[0], n);
        }
        Casts.fromLong(w[outOperand], out, 0, n);
      }
      return out;
    }

    /**
     * The common case of a float array and a scalar of the array's dtype ({@code x * 0.25}) in
     * one loop over the input tile, without working buffers, rounding exactly as the general
     * path does. Returns false where it does not apply.
     */
    private boolean floatWithScalar(Region tile, Block out, boolean transientOperands) {
      if (binaryOp == null || operands.length != 2 || !dtype().isFloat()) return false;
      boolean scalarFirst = operands[0].isScalar();
      Operand array = operands[scalarFirst ? 1 : 0];
      Operand scalar = operands[scalarFirst ? 0 : 1];
      if (array.isScalar() || !scalar.isScalar()) return false;
      Region inTile = array.broadcast.operandRegion(tile);
      if (inTile.size() != tile.size()) return false;
      Block src = operandTile(array.input, inTile, transientOperands);
      if (src.dtype() != dtype()) return false;
      double c = scalar.doubleValue;
      int n = tile.size();
      int o = src.offset();
      if (dtype() == DType.FLOAT32) {
        // The scalar is already a float32 value; one float operation rounds exactly as the
        // double operation rounded to float32 does, and keeps the loop vectorisable.
        float k = (float) c;
        float[] x = (float[]) src.array();
        float[] y = (float[]) out.array();
        switch (binaryOp) {
          case ADD: for (int i = 0; i < n; i++) y[i] = x[o + i] + k; return true;
          case MULTIPLY: for (int i = 0; i < n; i++) y[i] = x[o + i] * k; return true;
          case SUBTRACT:
            if (scalarFirst) for (int i = 0; i < n; i++) y[i] = k - x[o + i];
            else for (int i = 0; i < n; i++) y[i] = x[o + i] - k;
            return true;
          case DIVIDE:
            if (scalarFirst) for (int i = 0; i < n; i++) y[i] = k / x[o + i];
            else for (int i = 0; i < n; i++) y[i] = x[o + i] / k;
            return true;
          default: return false;
        }
      }
      double[] x = (double[]) src.array();
      double[] y = (double[]) out.array();
      switch (binaryOp) {
        case ADD: for (int i = 0; i < n; i++) y[i] = x[o + i] + c; return true;
        case MULTIPLY: for (int i = 0; i < n; i++) y[i] = x[o + i] * c; return true;
        case SUBTRACT:
          if (scalarFirst) for (int i = 0; i < n; i++) y[i] = c - x[o + i];
          else for (int i = 0; i < n; i++) y[i] = x[o + i] - c;
          return true;
        case DIVIDE:
          if (scalarFirst) for (int i = 0; i < n; i++) y[i] = c / x[o + i];
          else for (int i = 0; i < n; i++) y[i] = x[o + i] / c;
          return true;
        default: return false;
      }
    }

    /** Tile {@code inTile} of input {@code input}, transient or not. */
    private Block operandTile(int input, Region inTile, boolean transientOperands) {
      return transientOperands ? inputs[input].transientTile(inTile) : inputs[input].tile(inTile);
    }

    /** Operand {@code j} of {@code tile} as doubles, in a buffer of at least {@code n}. */
    private double[] doubleOperand(int j, Region tile, int n, double[][] earlier,
        boolean transientOperands) {
      Operand o = operands[j];
      if (o.isScalar()) {
        if (doubleBuf[j] == null || doubleBuf[j].length < n) {
          doubleBuf[j] = grow(doubleBuf[j], n);
          Arrays.fill(doubleBuf[j], o.doubleValue);
        }
        return doubleBuf[j];
      }
      int alias = aliasOf(j);
      if (alias >= 0) return earlier[alias];
      Region inTile = o.broadcast.operandRegion(tile);
      Block src = operandTile(o.input, inTile, transientOperands);
      doubleBuf[j] = grow(doubleBuf[j], n);
      if (inTile.size() == n) {
        // Same extents on the kept axes and 1 elsewhere: the operand tile is laid out as the tile.
        Casts.toDouble(src, 0, doubleBuf[j], n);
      } else {
        int m = inTile.size();
        doubleRawBuf[j] = grow(doubleRawBuf[j], m);
        Casts.toDouble(src, 0, doubleRawBuf[j], m);
        o.broadcast.expand(doubleRawBuf[j], tile, doubleBuf[j]);
      }
      return doubleBuf[j];
    }

    /** Operand {@code j} of {@code tile} as longs, in a buffer of at least {@code n}. */
    private long[] longOperand(int j, Region tile, int n, long[][] earlier,
        boolean transientOperands) {
      Operand o = operands[j];
      if (o.isScalar()) {
        if (longBuf[j] == null || longBuf[j].length < n) {
          longBuf[j] = grow(longBuf[j], n);
          Arrays.fill(longBuf[j], o.longValue);
        }
        return longBuf[j];
      }
      int alias = aliasOf(j);
      if (alias >= 0) return earlier[alias];
      Region inTile = o.broadcast.operandRegion(tile);
      Block src = operandTile(o.input, inTile, transientOperands);
      longBuf[j] = grow(longBuf[j], n);
      if (inTile.size() == n) {
        // Same extents on the kept axes and 1 elsewhere: the operand tile is laid out as the tile.
        Casts.toLong(src, 0, longBuf[j], n);
      } else {
        int m = inTile.size();
        longRawBuf[j] = grow(longRawBuf[j], m);
        Casts.toLong(src, 0, longRawBuf[j], m);
        o.broadcast.expand(longRawBuf[j], tile, longBuf[j]);
      }
      return longBuf[j];
    }

    private double[] grow(double[] buffer, int n) {
      if (buffer != null && buffer.length >= n) return buffer;
      account(buffer == null ? 0 : buffer.length, n);
      return new double[n];
    }

    private long[] grow(long[] buffer, int n) {
      if (buffer != null && buffer.length >= n) return buffer;
      account(buffer == null ? 0 : buffer.length, n);
      return new long[n];
    }

    private void account(int oldLength, int newLength) {
      long delta = 8L * (newLength - oldLength);
      bufferBytes += delta;
      ctx.held(delta);
    }

    @Override
    public void release() {
      if (!released.compareAndSet(false, true)) return;
      Arrays.fill(doubleBuf, null);
      Arrays.fill(doubleRawBuf, null);
      Arrays.fill(longBuf, null);
      Arrays.fill(longRawBuf, null);
      ctx.released(bufferBytes);
      bufferBytes = 0;
      RegionData.releaseAll(Arrays.asList(inputs));
    }
  }
}
