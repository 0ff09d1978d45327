package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.hyperflux.core.exec.DeferredChunk;
import org.hyperflux.core.exec.SourceHandle;

/**
 * An HDF5 dataset as a flux-core {@link Source}: a descriptor (file path, dataset path, geometry,
 * chunk table or flat extent) holding no open file. Each {@link #open()} lease opens its own
 * read-only {@link FileChannel} and closes it when the execution ends, so closing one signal's
 * reads never disturbs another reading the same file.
 *
 * <p>Reads bypass jHDF: chunks and runs are fetched with positional reads (thread-safe on one
 * channel; the channel's position is never used), then decoded on the calling thread, so one
 * handle serves concurrent reads without a lock. Chunked datasets read by HDF5 chunk; datasets
 * without chunks (contiguous, compact) read by region ({@link Capability#REGION_READ}) on a
 * storage grid chosen by the caller or the auto policy.
 */
final class Hdf5Source implements Source {
  private final Path file;
  private final String dataset;
  private final Shape shape;
  private final DType dtype;
  private final ChunkGrid grid;
  private final Storage storage;
  private final String description;

  Hdf5Source(Path file, String dataset, Shape shape, DType dtype, ChunkGrid grid, Storage storage) {
    this.file = file;
    this.dataset = dataset;
    this.shape = shape;
    this.dtype = dtype;
    this.grid = grid;
    this.storage = storage;
    this.description = "hdf5 " + file + ":" + dataset;
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
    return storage.nativeGrid() == null ? EnumSet.of(Capability.RANDOM_ACCESS, Capability.REGION_READ)
        : EnumSet.of(Capability.RANDOM_ACCESS);
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
    FileChannel channel = null;
    ByteSource src = ByteSource.of(new byte[0]);
    if (storage.readsFile()) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      try {
        src = ByteSource.of(channel, channel.size());
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    }
    return new Handle(channel, src);
  }

  /** One lease: its own channel (null when nothing is read from the file), closed once at the end. */
  private final class Handle implements SourceHandle {
    private final FileChannel channel;
    private final ByteSource src;

    Handle(FileChannel channel, ByteSource src) {
      this.channel = channel;
      this.src = src;
    }

    @Override
    public Block readChunk(ChunkIndex index) throws IOException {
      grid.region(index);
      try {
        return storage.readChunk(src, grid, index);
      } catch (IOException | RuntimeException e) {
        throw failure(index, null, e);
      }
    }

    @Override
    public DeferredChunk readChunkDeferred(ChunkIndex index) throws IOException {
      if (!(storage instanceof ChunkedStorage chunked)) return SourceHandle.super.readChunkDeferred(index);
      grid.region(index);
      DeferredChunk chunk;
      try {
        chunk = chunked.readChunkDeferred(src, grid, index);
      } catch (IOException | RuntimeException e) {
        throw failure(index, null, e);
      }
      return chunk.complete() ? chunk : DeferredChunk.withFailures(chunk, e -> failure(index, null, e));
    }

    @Override
    public Block readRegion(Region region) throws IOException {
      if (!Region.whole(shape).contains(region)) {
        throw new IllegalArgumentException("region " + region + " is outside " + description
            + " of shape " + shape);
      }
      try {
        return storage.readRegion(src, region);
      } catch (IOException | RuntimeException e) {
        throw failure(null, region, e);
      }
    }

    @Override
    public void close() throws IOException {
      if (channel != null) channel.close();
    }
  }

  private Hdf5ChunkException failure(ChunkIndex index, Region region, Exception e) {
    if (e instanceof Hdf5ChunkException c) return c;
    String what;
    if (index == null) {
      what = "region " + region;
    } else if (storage instanceof ChunkedStorage c) {
      what = c.describe(index);
    } else {
      what = "chunk " + index + " (region " + grid.region(index) + ")";
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return new Hdf5ChunkException(file, dataset, index, what, message, e);
  }

  @Override
  public String toString() {
    return "Hdf5Source[" + description + ", " + dtype.numpyName() + " " + shape + ", chunks "
        + grid.extentsString() + "]";
  }
}
