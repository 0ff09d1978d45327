package org.hyperflux.core.exec;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;

/**
 * An array computed from position on demand: any size, no storage. Random access and region
 * reads; reads are CPU work and never block. Two reads of one region give equal data.
 *
 * <pre>{@code
 * Source ramp = GeneratedSource.of("ramp", DType.FLOAT32, ChunkGrid.regular(Shape.of(1 << 20), 1 << 16),
 *     p -> p[0] % 7);
 * }</pre>
 */
public final class GeneratedSource implements Source {
  private final String name;
  private final DType dtype;
  private final ChunkGrid grid;
  private final RegionFunction function;

  private GeneratedSource(String name, DType dtype, ChunkGrid grid, RegionFunction function) {
    this.name = Objects.requireNonNull(name, "name");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.grid = Objects.requireNonNull(grid, "grid");
    this.function = Objects.requireNonNull(function, "function");
  }

  /** A source filled region by region (the fast form: the function writes a whole block). */
  public static GeneratedSource ofRegions(String name, DType dtype, ChunkGrid grid, RegionFunction function) {
    return new GeneratedSource(name, dtype, grid, function);
  }

  /** A source with a value per position, cast to {@code dtype} as numpy casts (slower: one call per element). */
  public static GeneratedSource of(String name, DType dtype, ChunkGrid grid, PositionFunction function) {
    Objects.requireNonNull(function, "function");
    return new GeneratedSource(name, dtype, grid, (region, out) -> {
      int rank = region.rank();
      long[] pos = region.offsets();
      int n = region.size();
      for (int i = 0; i < n; i++) {
        out.setDouble(i, function.valueAt(pos));
        for (int a = rank - 1; a >= 0; a--) {
          if (++pos[a] < region.end(a)) break;
          pos[a] = region.offset(a);
        }
      }
    });
  }

  @Override
  public Shape shape() {
    return grid.shape();
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public ChunkGrid grid() {
    return grid;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.RANDOM_ACCESS, Capability.REGION_READ);
  }

  @Override
  public boolean blocking() {
    return false;
  }

  @Override
  public String description() {
    return "generated '" + name + "' " + dtype.numpyName() + grid.shape();
  }

  private Block generate(Region region) {
    Block out = Block.allocate(dtype, region.size());
    function.fill(region, out);
    return out;
  }

  @Override
  public SourceHandle open() {
    return new SourceHandle() {
      @Override
      public Block readChunk(ChunkIndex index) {
        return generate(grid.region(index));
      }

      @Override
      public Block readRegion(Region region) {
        return generate(region);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String toString() {
    return description();
  }
}
