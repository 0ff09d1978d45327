package org.hyperflux.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ArrayNode;

/**
 * Joins arrays along an existing axis ({@code np.concatenate} / {@code da.concatenate}); dtypes
 * promote as numpy's {@code result_type}.
 *
 * <p>Along the join axis the output chunks are the inputs' chunks one after another (so every
 * output chunk comes from one input and reads only it); zero-length inputs contribute nothing.
 * The other axes take the common refinement of the inputs' chunkings (dask's
 * {@code common_blockdim}). Output box of input {@code k} is the input box shifted by the
 * input's offset along the axis; tiles come from {@link JoinOp}.
 */
final class ConcatenateOp extends JoinOp {
  private ConcatenateOp(Shape shape, ChunkGrid grid, List<ArrayNode> inputs, int axis,
      long[] lengths) {
    super(shape, promoteAll(inputs), grid, inputs, axis, lengths);
  }

  /**
   * {@code np.concatenate(inputs, axis)}; negative axes count from the end. A single input is
   * returned as it is.
   */
  static ArrayNode of(int axis, List<ArrayNode> in) {
    Objects.requireNonNull(in, "inputs");
    if (in.isEmpty()) throw new IllegalArgumentException("need at least one array to concatenate");
    Shape first = in.get(0).shape();
    int rank = first.rank();
    if (rank == 0) {
      throw new IllegalArgumentException("zero-dimensional arrays cannot be concatenated");
    }
    int a = first.normalizeAxis(axis);
    for (ArrayNode n : in) {
      Shape s = n.shape();
      boolean ok = s.rank() == rank;
      for (int i = 0; ok && i < rank; i++) ok = i == a || s.dim(i) == first.dim(i);
      if (!ok) {
        throw new IllegalArgumentException(
            "shapes " + shapes(in) + " cannot be concatenated along axis " + axis
                + ": every input needs rank " + rank + " and equal extents along all other axes");
      }
    }
    int n = in.size();
    if (n == 1) return in.get(0);
    long[] lengths = new long[n];
    long total = 0;
    List<Integer> joined = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      lengths[k] = in.get(k).shape().dim(a);
      total += lengths[k];
      if (lengths[k] > 0) {
        for (int e : in.get(k).grid().extents(a)) joined.add(e);
      }
    }
    long[] dims = first.dims();
    dims[a] = total;
    int[][] extents = new int[rank][];
    for (int i = 0; i < rank; i++) {
      if (i == a) {
        extents[i] = total == 0
            ? new int[] {0}
            : joined.stream().mapToInt(Integer::intValue).toArray();
        continue;
      }
      List<int[]> chunkings = new ArrayList<>(n);
      for (ArrayNode node : in) chunkings.add(node.grid().extents(i));
      extents[i] = GeometryKernels.refine(chunkings, first.dim(i));
    }
    Shape out = Shape.of(dims);
    return new ConcatenateOp(out, ChunkGrid.irregular(out, extents), in, a, lengths);
  }

  @Override
  Region toInput(int k, Region out) {
    return out.withAxis(axis(), out.offset(axis()) - start(k), out.extent(axis()));
  }

  @Override
  public String label() {
    return "concatenate(axis=" + axis() + ", n=" + inputs().size() + ")";
  }
}
