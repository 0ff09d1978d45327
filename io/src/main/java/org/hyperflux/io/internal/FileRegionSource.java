package org.hyperflux.io.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;

/**
 * What the sources of this module that read any region straight from one file (a blockfile's two
 * arrays, a {@code .mib} file's frames) share as flux-core {@link Source}s: random access, region
 * reads, blocking, one {@link ReadChannel} per handle (closed with it), and every chunk read as
 * the region it covers. Subclasses read a region; they are immutable and thread-safe when their
 * {@link #read} is.
 */
public abstract class FileRegionSource implements Source {
  protected final Path file;
  protected final DType dtype;
  protected final Shape shape;
  protected final ChunkGrid grid;
  protected final String description;

  protected FileRegionSource(Path file, DType dtype, Shape shape, ChunkGrid grid,
      String description) {
    this.file = file;
    this.dtype = dtype;
    this.shape = shape;
    this.grid = grid;
    this.description = description;
  }

  /** The values of {@code region}, read through {@code channel}, as a C-order block. */
  protected abstract Block read(ReadChannel channel, Region region) throws IOException;

  /**
   * Throws a caller's mistake when {@code region} does not lie inside {@link #shape}, naming the
   * array as {@code what} ("frames", "image") and this source.
   */
  protected final void checkInside(Region region, String what) {
    boolean inside = region.rank() == shape.rank();
    for (int a = 0; inside && a < shape.rank(); a++) {
      inside = region.offset(a) >= 0 && region.end(a) <= shape.dim(a);
    }
    if (!inside) {
      throw new IllegalArgumentException("region " + region + " is not inside the " + what + " "
          + shape + " of " + description);
    }
  }

  @Override
  public Shape shape() {
    return shape;
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
    return true;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public SourceHandle open() throws IOException {
    ReadChannel channel = new ReadChannel(file);
    return new SourceHandle() {
      @Override
      public Block readChunk(ChunkIndex index) throws IOException {
        return read(channel, grid.region(index));
      }

      @Override
      public Block readRegion(Region region) throws IOException {
        return read(channel, region);
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
