package org.hyperflux.io.blockfile;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * The virtual bright-field image of a blockfile as a {@link Source}: {@code NY × NX} uint8 at
 * {@code Data_offset_1}, row-major in scan order as HyperSpy's writer stores it, with a scan axis
 * of length 1 left out as for the frames. A region is read row by row (one read when it spans
 * whole rows) straight into its block, in slices of at most 256 KiB so the JDK's per-thread
 * temporary direct buffers stay small. Random access, region reads, blocking; one
 * {@link ReadChannel} per handle.
 */
final class ImageSource implements Source {
  private static final int IO_SLICE = 1 << 18;

  private final Path file;
  private final long offset;
  private final int nx;
  private final Shape shape;
  private final ChunkGrid grid;
  private final boolean hasY;
  private final boolean hasX;
  private final String description;

  ImageSource(BlockfileHeader header, ChunkGrid grid) {
    this.file = header.file();
    this.offset = header.dataOffset1();
    this.nx = header.nx();
    this.shape = shape(header);
    this.grid = grid;
    this.hasY = header.ny() != 1;
    this.hasX = header.nx() != 1;
    this.description = "blockfile " + file + ": virtual bright-field image";
  }

  /** {@code (NY, NX)} without the axes of length 1. */
  static Shape shape(BlockfileHeader h) {
    long[] dims = new long[2];
    int rank = 0;
    if (h.ny() != 1) dims[rank++] = h.ny();
    if (h.nx() != 1) dims[rank++] = h.nx();
    return Shape.of(java.util.Arrays.copyOf(dims, rank));
  }

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

  private Block read(ReadChannel channel, Region region) throws IOException {
    if (!FrameSource.inside(region, shape)) {
      throw new IllegalArgumentException("region " + region + " is not inside the image "
          + shape + " of " + description);
    }
    byte[] out = new byte[region.size()];
    if (region.isEmpty()) return Block.wrap(DType.UINT8, out);
    int axis = 0;
    long y0 = 0;
    int ey = 1;
    if (hasY) {
      y0 = region.offset(axis);
      ey = region.extent(axis++);
    }
    long x0 = hasX ? region.offset(axis) : 0;
    int ex = hasX ? region.extent(axis) : 1;
    if (ex == nx) {
      read(channel, offset + y0 * nx, out, 0, ey * ex);
    } else {
      for (int j = 0; j < ey; j++) read(channel, offset + (y0 + j) * nx + x0, out, j * ex, ex);
    }
    return Block.wrap(DType.UINT8, out);
  }

  private void read(ReadChannel channel, long position, byte[] out, int at, int length)
      throws IOException {
    for (int done = 0; done < length; ) {
      int n = Math.min(IO_SLICE, length - done);
      int got = channel.readFully(ByteBuffer.wrap(out, at + done, n), position + done);
      if (got < n) {
        throw new EOFException("the virtual bright-field image of blockfile " + file
            + " is truncated: the file ends at byte " + (position + done + got)
            + " but the image runs from Data_offset_1 = " + offset + " to byte "
            + (offset + shape.size()));
      }
      done += n;
    }
  }

  @Override
  public String toString() {
    return "ImageSource[" + description + ", shape " + shape + "]";
  }
}
