package org.hyperflux.io.blockfile;

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
import org.hyperflux.io.internal.ReadChannel;

/**
 * What the two uint8 arrays of a blockfile (the frames and the virtual bright-field image) share
 * as flux-core {@link Source}s: random access, region reads, blocking, one {@link ReadChannel}
 * per handle, and every chunk read as the region it covers. Subclasses read a region.
 */
abstract class BlockfileSource implements Source {
  final Path file;
  final Shape shape;
  final ChunkGrid grid;
  final String description;

  BlockfileSource(Path file, Shape shape, ChunkGrid grid, String description) {
    this.file = file;
    this.shape = shape;
    this.grid = grid;
    this.description = description;
  }

  /** The values of {@code region}, read through {@code channel}, as a C-order uint8 block. */
  abstract Block read(ReadChannel channel, Region region) throws IOException;

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public DType dtype() {
    return DType.UINT8;
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
