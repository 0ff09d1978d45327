package org.hyperflux.core.exec;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import reactor.core.publisher.Mono;

/**
 * A node of a lazy array's plan: shape, dtype and chunk grid are known when it is built; data
 * is produced per region on demand. Sources are leaves ({@link SourceNode}); operators derive
 * their output regions from their inputs' regions. Every node can produce any region, so the
 * grid is only the unit the executor schedules (and rechunking changes only the grid).
 *
 * <p>Implementations are immutable and thread-safe; {@link #load} may be called concurrently for
 * different regions. Users add operators by subclassing and {@code LazyArray.apply(...)}.
 */
public abstract class ArrayNode {
  private final Shape shape;
  private final DType dtype;
  private final ChunkGrid grid;
  private final List<ArrayNode> inputs;

  protected ArrayNode(Shape shape, DType dtype, ChunkGrid grid, List<ArrayNode> inputs) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.grid = Objects.requireNonNull(grid, "grid");
    this.inputs = List.copyOf(inputs);
    if (!grid.shape().equals(shape)) {
      throw new IllegalArgumentException(
          "grid " + grid + " is for shape " + grid.shape() + " but the node has shape " + shape);
    }
  }

  public final Shape shape() {
    return shape;
  }

  public final DType dtype() {
    return dtype;
  }

  public final ChunkGrid grid() {
    return grid;
  }

  public final List<ArrayNode> inputs() {
    return inputs;
  }

  /**
   * Loads what producing {@code region} needs. Reads go through {@code ctx} (leased handles,
   * IO scheduler); heavy CPU work belongs in tiles, or on {@code ctx.cpu()}. The returned data
   * must be released by the caller on every path.
   */
  public abstract Mono<RegionData> load(Region region, ExecContext ctx);

  /** Adds to {@code cost} what producing {@code region} holds and reads, inputs included. */
  public abstract void cost(Region region, Cost cost);

  /**
   * Bytes of the block a chunk over {@code region} is delivered in, beyond what {@link #cost}
   * holds: a new block by default ({@code Executor} assembles the tiles into one).
   */
  public long deliveryBytes(Region region) {
    return region.size() * (long) dtype.itemSize();
  }

  /** Bytes held for the whole execution (materialised intermediates), inputs included. */
  public long residentBytes() {
    long sum = 0;
    for (ArrayNode in : inputs) sum += in.residentBytes();
    return sum;
  }

  /** Bytes read from sources by passes this node runs before it can produce data (materialised reductions). */
  public long passReadBytes() {
    long sum = 0;
    for (ArrayNode in : inputs) sum += in.passReadBytes();
    return sum;
  }

  /** Passes over the sources this node's data needs (a materialised reduction adds one). */
  public int passes() {
    int max = 1;
    for (ArrayNode in : inputs) max = Math.max(max, in.passes());
    return max;
  }

  /** Adds the sources below this node to {@code into}. */
  public void collectSources(Set<Source> into) {
    for (ArrayNode in : inputs) in.collectSources(into);
  }

  /** A short name of the operation for plans and messages, e.g. {@code sum(axes=[2, 3])}. */
  public abstract String label();

  @Override
  public String toString() {
    return label() + " -> " + dtype.numpyName() + shape;
  }
}
