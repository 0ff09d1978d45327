package org.hyperflux.core.ops.properties;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.BinaryOp;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.accumulate.Reduction;
import org.hyperflux.core.ops.Scalar;
import org.hyperflux.core.ops.Slice;
import org.hyperflux.core.ops.UnaryOp;

/**
 * Pipeline steps applied in lockstep to a lazy array and to its reference, for the chain
 * properties. A step is drawn from a {@link Random} seeded by jqwik, with parameters that fit
 * the current shape and dtype. Only exact steps are drawn in the middle of a chain (slices,
 * transposes, casts, scalar and self-binary ops, abs/square/negate/sqrt, rechunks, a max that
 * broadcasts back, concatenating or stacking with a transformed copy; no exp/log and no float
 * reductions), so that the reference of the whole chain is exact up to its last step.
 */
final class Steps {
  private Steps() {}

  /** One operation on both sides. */
  interface Step {
    LazyArray apply(LazyArray x);

    Dense apply(Dense x);
  }

  private record Named(String name, UnaryOperator<LazyArray> lazy,
      UnaryOperator<Dense> ref) implements Step {
    @Override
    public LazyArray apply(LazyArray x) {
      return lazy.apply(x);
    }

    @Override
    public Dense apply(Dense x) {
      return ref.apply(x);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Step step(String name, UnaryOperator<LazyArray> lazy, UnaryOperator<Dense> ref) {
    return new Named(name, lazy, ref);
  }

  /**
   * A source's lazy array and its reference taken through the same steps; its string is the
   * source then the list of steps.
   */
  static final class Chain {
    private final Gen.Src src;
    private final List<Step> steps = new ArrayList<>();
    private LazyArray lazy;
    private Dense ref;

    Chain(Gen.Src src) {
      this.src = src;
      this.lazy = src.lazy();
      this.ref = src.data();
    }

    /** 1 to 3 random exact middle steps on {@code src} (their number drawn first). */
    static Chain middleSteps(Random rnd, Gen.Src src) {
      Chain c = new Chain(src);
      for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) c.then(middle(rnd, c.ref));
      return c;
    }

    /** Applies {@code s} to both sides. */
    Chain then(Step s) {
      steps.add(s);
      ref = s.apply(ref);
      lazy = s.apply(lazy);
      return this;
    }

    LazyArray lazy() {
      return lazy;
    }

    Dense ref() {
      return ref;
    }

    @Override
    public String toString() {
      return src + " then " + steps;
    }
  }

  /** A random exact middle step for an array like {@code x}. */
  static Step middle(Random rnd, Dense x) {
    while (true) {
      switch (rnd.nextInt(11)) {
        case 10: return step("squeeze()", LazyArray::squeeze, Reference::squeeze);
        case 0: return slice(rnd, x);
        case 1: return transpose(rnd, x);
        case 2: return astype(DType.values()[rnd.nextInt(DType.values().length)]);
        case 3: return scalar(rnd, x);
        case 4: {
          UnaryOp[] ops = {UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.NEGATE, UnaryOp.SQRT};
          UnaryOp op = ops[rnd.nextInt(ops.length)];
          if (op == UnaryOp.NEGATE && x.dtype == DType.BOOL) continue;
          return step(op.name().toLowerCase() + "()", a -> a.unary(op), a -> Reference.unary(op, a));
        }
        case 5: return rechunk(randomGrid(rnd, x.shape));
        case 6: {
          BinaryOp op = BinaryOp.values()[rnd.nextInt(BinaryOp.values().length)];
          if (op == BinaryOp.SUBTRACT && x.dtype == DType.BOOL) continue;
          return step(op.name().toLowerCase() + "(self)", a -> a.binary(op, a), a -> Reference.binary(op, a, a));
        }
        case 8: {
          if (x.rank() == 0) continue;
          int axis = rnd.nextInt(2 * x.rank()) - x.rank();
          Step other = scalar(rnd, x);
          return step("concatenate(axis=" + axis + ", x, " + other + ")",
              a -> LazyArray.concatenate(axis, a, other.apply(a)),
              a -> Reference.concatenate(axis, a, other.apply(a)));
        }
        case 9: {
          int axis = rnd.nextInt(2 * x.rank() + 2) - x.rank() - 1;
          Step other = scalar(rnd, x);
          return step("stack(axis=" + axis + ", x, " + other + ")",
              a -> LazyArray.stack(axis, a, other.apply(a)),
              a -> Reference.stack(axis, a, other.apply(a)));
        }
        default: {
          // x op x.max(axis=0): the reduced array broadcasts back along the leading axis.
          if (x.rank() < 1 || x.shape[0] == 0) continue;
          BinaryOp op = rnd.nextBoolean() ? BinaryOp.ADD : BinaryOp.MINIMUM;
          return step(op.name().toLowerCase() + "(x, x.max(axis=0))",
              a -> a.binary(op, a.max(0)),
              a -> Reference.binary(op, a, Reference.reduce(Reduction.MAX, 0, a, new int[] {0})));
        }
      }
    }
  }


  static Step slice(Random rnd, Dense x) {
    int k = rnd.nextInt(x.rank() + 1);
    Slice[] s = new Slice[k];
    for (int i = 0; i < k; i++) {
      Long start = rnd.nextInt(4) == 0 ? null : (long) (rnd.nextInt(19) - 9);
      Long stop = rnd.nextInt(4) == 0 ? null : (long) (rnd.nextInt(19) - 9);
      long[] steps = {1, 1, 2, 3, -1, -2};
      s[i] = new Slice(start, stop, steps[rnd.nextInt(steps.length)]);
    }
    return step("slice" + new Gen.Slices(s), a -> a.slice(s), a -> Reference.slice(a, s));
  }

  static Step transpose(Random rnd, Dense x) {
    List<Integer> p = new ArrayList<>();
    for (int i = 0; i < x.rank(); i++) p.add(i);
    Collections.shuffle(p, rnd);
    int[] perm = p.stream().mapToInt(Integer::intValue).toArray();
    return step("transpose" + Arrays.toString(perm), a -> a.transpose(perm), a -> Reference.transpose(a, perm));
  }

  static Step astype(DType t) {
    return step("astype(" + t.numpyName() + ")", a -> a.astype(t), a -> a.astype(t));
  }

  static Step scalar(Random rnd, Dense x) {
    BinaryOp[] ops = {BinaryOp.ADD, BinaryOp.SUBTRACT, BinaryOp.MULTIPLY, BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.DIVIDE};
    BinaryOp op = ops[rnd.nextInt(ops.length)];
    Scalar s;
    switch (rnd.nextInt(3)) {
      case 0: s = Scalar.of((long) (rnd.nextInt(601) - 300)); break;
      case 1: s = Scalar.of(new long[] {127, 128, 255, 256, 40000, 70000, -129}[rnd.nextInt(7)]); break;
      default: s = Scalar.of(new double[] {0.5, -2.25, 3.0, 0.1}[rnd.nextInt(4)]); break;
    }
    boolean first = rnd.nextBoolean();
    return step(first ? op.name().toLowerCase() + "(" + s + ", x)" : op.name().toLowerCase() + "(x, " + s + ")",
        a -> a.binary(op, s, first), a -> Reference.scalar(op, a, s, first));
  }

  static Step rechunk(ChunkGrid grid) {
    return step("rechunk" + grid.extentsString(), a -> a.rechunk(grid), a -> a);
  }

  /** A final reduction (any kind, ddof 0 or 1), or sum where min/max would reduce an empty set. */
  static Step reduction(Random rnd, Dense x) {
    Reduction r = Reduction.values()[rnd.nextInt(Reduction.values().length)];
    int[] axes = randomAxes(rnd, x.rank());
    int ddof = r.name().contains("VAR") || r.name().contains("STD") ? rnd.nextInt(2) : 0;
    try {
      Reference.reduce(r, ddof, x, axes);
    } catch (Reference.EmptyReductionException e) {
      r = Reduction.SUM;
    }
    Reduction red = r;
    return step(red.numpyName() + "(axes=" + Arrays.toString(axes) + (ddof != 0 ? ", ddof=" + ddof : "") + ")",
        a -> a.reduceWithDdof(red, ddof, axes), a -> Reference.reduce(red, ddof, a, axes));
  }

  static int[] randomAxes(Random rnd, int rank) {
    if (rank == 0 || rnd.nextInt(5) == 0) return new int[0];
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < rank; i++) if (rnd.nextBoolean()) l.add(rnd.nextBoolean() ? i : i - rank);
    if (l.isEmpty()) l.add(rnd.nextInt(rank));
    Collections.shuffle(l, rnd);
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A random regular-or-irregular grid for {@code shape}. */
  static ChunkGrid randomGrid(Random rnd, long[] shape) {
    int[][] e = new int[shape.length][];
    for (int a = 0; a < shape.length; a++) {
      int dim = (int) shape[a];
      if (dim == 0) {
        e[a] = new int[] {0};
      } else if (rnd.nextBoolean()) {
        int c = 1 + rnd.nextInt(dim);
        int n = (dim + c - 1) / c;
        e[a] = new int[n];
        Arrays.fill(e[a], c);
        e[a][n - 1] = dim - (n - 1) * c;
      } else {
        List<Integer> parts = new ArrayList<>();
        int run = 1;
        for (int i = 1; i < dim; i++) {
          if (rnd.nextBoolean()) {
            parts.add(run);
            run = 0;
          }
          run++;
        }
        parts.add(run);
        e[a] = parts.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    return ChunkGrid.irregular(Shape.of(shape), e);
  }
}
