package org.hyperflux.core.ops;

import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Mono;

/**
 * The same values on another chunk grid ({@code dask.array.rechunk}). Every node can produce
 * any region, so a rechunk only changes the unit the executor schedules: {@link #load} and
 * {@link #cost} delegate to the input with the new regions unchanged.
 *
 * <p>The cost stays honest because the input costs each new region as it will really be read:
 * a source charges every storage chunk a region touches, so output chunks that cut across
 * storage chunks re-read them, and {@code Plan} turns that into read amplification and fails
 * above twice the source bytes, naming the alternatives (aligned chunks, or a temporary store).
 */
final class RechunkOp extends ArrayNode {
  private final ArrayNode input;

  private RechunkOp(ArrayNode input, ChunkGrid grid) {
    super(input.shape(), input.dtype(), grid, List.of(input));
    this.input = input;
  }

  /** {@code a} on {@code grid}; {@code a} itself when the grid is already {@code a}'s. */
  static ArrayNode of(ArrayNode a, ChunkGrid grid) {
    Objects.requireNonNull(grid, "grid");
    if (!grid.shape().equals(a.shape())) {
      throw new IllegalArgumentException(
          "cannot rechunk an array of shape " + a.shape() + " to grid " + grid.extentsString()
              + " of shape " + grid.shape() + "; the shapes must be equal");
    }
    if (grid.equals(a.grid())) return a;
    return new RechunkOp(a, grid);
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    return input.load(region, ctx);
  }

  @Override
  public void cost(Region region, Cost cost) {
    input.cost(region, cost);
  }

  @Override
  public String label() {
    ChunkGrid g = grid();
    StringJoiner j = new StringJoiner(", ", "rechunk(", ")");
    for (int axis = 0; axis < g.rank(); axis++) {
      j.add(GeometryKernels.extentsTuple(g.extents(axis)));
    }
    return j.toString();
  }
}
