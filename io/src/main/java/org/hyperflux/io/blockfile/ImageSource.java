package org.hyperflux.io.blockfile;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Source;
import org.hyperflux.io.internal.FileRegionSource;
import org.hyperflux.io.internal.ReadChannel;

/**
 * The virtual bright-field image of a blockfile as a {@link Source}: {@code NY × NX} uint8 at
 * {@code Data_offset_1}, row-major in scan order as HyperSpy's writer stores it, with a scan axis
 * of length 1 left out as for the frames. A region is read row by row (one read when it spans
 * whole rows) straight into its block ({@link ReadChannel#readFully} reads in slices). Random access, region reads, blocking; one
 * {@link ReadChannel} per handle.
 */
final class ImageSource extends FileRegionSource {
  private final long offset;
  private final int nx;
  private final boolean hasY;
  private final boolean hasX;

  ImageSource(BlockfileHeader header, ChunkGrid grid) {
    super(header.file(), DType.UINT8, shape(header), grid,
        "blockfile " + header.file() + ": virtual bright-field image");
    this.offset = header.dataOffset1();
    this.nx = header.nx();
    this.hasY = header.ny() != 1;
    this.hasX = header.nx() != 1;
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
  protected Block read(ReadChannel channel, Region region) throws IOException {
    checkInside(region, "image");
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
    int got = channel.readFully(ByteBuffer.wrap(out, at, length), position);
    if (got < length) {
      throw new EOFException("the virtual bright-field image of blockfile " + file
          + " is truncated: the file ends at byte " + (position + got)
          + " but the image runs from Data_offset_1 = " + offset + " to byte "
          + (offset + shape.size()));
    }
  }

  @Override
  public String toString() {
    return "ImageSource[" + description + ", shape " + shape + "]";
  }
}
