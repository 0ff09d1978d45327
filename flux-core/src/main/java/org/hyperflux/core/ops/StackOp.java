package org.hyperflux.core.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ArrayNode;

/**
 * Joins arrays of equal shape along a new axis ({@code np.stack} / {@code da.stack}); dtypes
 * promote as numpy's {@code result_type}.
 *
 * <p>The new axis has one chunk per input (extents all 1), so every output chunk comes from one
 * input and reads only it. The other axes take the first input's chunking, refined by the chunk
 * boundaries of the others where they differ (dask's {@code common_blockdim}), so no output
 * chunk straddles an input chunk. Output box {@code [.., k, ..]} of input {@code k} is the
 * input box with the new axis removed; tiles come from {@link JoinOp}.
 */
final class StackOp extends JoinOp {
  private StackOp(Shape shape, ChunkGrid grid, List<ArrayNode> inputs, int axis, long[] lengths) {
    super(shape, promoteAll(inputs), grid, inputs, axis, lengths);
  }

  /** {@code np.stack(inputs, axis)}; {@code axis} from {@code -rank-1} to {@code rank}. */
  static ArrayNode of(int axis, List<ArrayNode> in) {
    Objects.requireNonNull(in, "inputs");
    if (in.isEmpty()) throw new IllegalArgumentException("need at least one array to stack");
    Shape shape = in.get(0).shape();
    for (ArrayNode n : in) {
      if (!n.shape().equals(shape)) {
        throw new IllegalArgumentException(
            "all input arrays must have the same shape to stack, got shapes " + shapes(in));
      }
    }
    int rank = shape.rank();
    int a = axis < 0 ? axis + rank + 1 : axis;
    if (a < 0 || a > rank) {
      throw new IllegalArgumentException(
          "axis " + axis + " is out of bounds for stacking arrays of rank " + rank
              + " (allowed " + (-rank - 1) + ".." + rank + ")");
    }
    int n = in.size();
    long[] dims = new long[rank + 1];
    int[][] extents = new int[rank + 1][];
    for (int i = 0, src = 0; i <= rank; i++) {
      if (i == a) {
        dims[i] = n;
        extents[i] = new int[n];
        Arrays.fill(extents[i], 1);
        continue;
      }
      List<int[]> chunkings = new ArrayList<>(n);
      for (ArrayNode node : in) chunkings.add(node.grid().extents(src));
      dims[i] = shape.dim(src);
      extents[i] = GeometryKernels.refine(chunkings, shape.dim(src));
      src++;
    }
    long[] lengths = new long[n];
    Arrays.fill(lengths, 1);
    Shape out = Shape.of(dims);
    return new StackOp(out, ChunkGrid.irregular(out, extents), in, a, lengths);
  }

  @Override
  Region toInput(int k, Region out) {
    int rank = out.rank() - 1;
    long[] o = new long[rank];
    int[] e = new int[rank];
    for (int i = 0, j = 0; i <= rank; i++) {
      if (i == axis()) continue;
      o[j] = out.offset(i);
      e[j] = out.extent(i);
      j++;
    }
    return Region.of(o, e);
  }

  @Override
  public String label() {
    return "stack(axis=" + axis() + ", n=" + inputs().size() + ")";
  }
}
