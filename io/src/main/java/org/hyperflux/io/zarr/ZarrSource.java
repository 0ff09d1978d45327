package org.hyperflux.io.zarr;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.ChunkAssembler;
import org.hyperflux.core.exec.DeferredChunk;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;

/**
 * A zarr array as a flux-core {@link Source}: random access over the zarr chunk grid, blocking
 * reads. It holds no open files: a handle is a lease with nothing to release, and every chunk
 * read opens, reads and closes its own file (so handles may read concurrently and closing one
 * never disturbs another). Regions are assembled from the overlapping chunks.
 */
final class ZarrSource implements Source {
  private final ZarrArray array;
  private final String description;

  ZarrSource(ZarrArray array, String description) {
    this.array = array;
    this.description = description;
  }

  @Override
  public Shape shape() {
    return array.metadata().shape();
  }

  @Override
  public DType dtype() {
    return array.metadata().dtype();
  }

  @Override
  public ChunkGrid grid() {
    return array.metadata().grid();
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.RANDOM_ACCESS);
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
  public long readHeldBytes(ChunkIndex index) {
    return array.readHeldBytes(index);
  }

  @Override
  public SourceHandle open() {
    return new SourceHandle() {
      @Override
      public Block readChunk(ChunkIndex index) throws IOException {
        return array.readChunk(index);
      }

      @Override
      public DeferredChunk readChunkDeferred(ChunkIndex index) throws IOException {
        return array.readChunkDeferred(index);
      }

      @Override
      public Block readRegion(Region region) throws IOException {
        return ChunkAssembler.assemble(this, grid(), dtype(), region);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String toString() {
    return "ZarrSource[" + description + "]";
  }
}
