package org.hyperflux.io.blockfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.Source;
import org.hyperflux.io.internal.FileRegionSource;
import org.hyperflux.io.internal.ReadChannel;

/**
 * The frames of a blockfile as a flux-core {@link Source}: uint8, shape {@code (NY, NX, DP_SZ,
 * DP_SZ)} in array order with a scan axis of length 1 left out (HyperSpy squeezes it), random
 * access, blocking, and {@link Capability#REGION_READ}: any region is read straight from the
 * file, whatever the storage grid.
 *
 * <p>Reading a region: frames are stored in scan order, each behind a 6-byte frame header, so
 * the frames of a region form runs that are contiguous on disk: one run per scan row, or a
 * single run when the region spans whole rows. A run is read with positional reads through a
 * per-thread direct buffer of {@code bufferBytes} (1 MiB by default), from the first frame header
 * to the last needed pixel; frames and frame headers may straddle buffer fills. Every frame
 * header of the run is checked (the marker {@code 0x55AA} in the byte order of frame 0's header,
 * then the ID frame 0 holds plus the frame's index) before its frame is used, and the requested
 * rows of each frame are copied into the region's block in C order. A file that ends inside a
 * run fails naming the frame it ends in. Memory: the region's block and the scratch buffer.
 *
 * <p>Each handle reads through its own {@link ReadChannel}; handles and concurrent reads on one
 * handle never interfere.
 */
final class FrameSource extends FileRegionSource {
  static final int DEFAULT_BUFFER_BYTES = 1 << 20;

  /** Scratch buffers, one per reading thread; replaced when a source asks for another size. */
  private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

  private final BlockfileHeader header;
  private final ByteOrder frameOrder;
  private final long firstId;
  private final boolean hasY;
  private final boolean hasX;
  private final int bufferBytes;

  /**
   * @param frameOrder byte order of the frame headers (that of frame 0's marker)
   * @param firstId the ID in frame 0's header; frame {@code i} must hold {@code firstId + i}
   * @param grid the storage grid, over {@link #shape(BlockfileHeader)}
   */
  FrameSource(BlockfileHeader header, ByteOrder frameOrder, long firstId, ChunkGrid grid,
      int bufferBytes) {
    super(header.file(), DType.UINT8, shape(header), checkedGrid(header, grid),
        "blockfile " + header.file());
    if (bufferBytes < 1) {
      throw new IllegalArgumentException("buffer must hold at least 1 byte, got " + bufferBytes);
    }
    this.header = header;
    this.frameOrder = frameOrder;
    this.firstId = firstId;
    this.hasY = header.ny() != 1;
    this.hasX = header.nx() != 1;
    this.bufferBytes = bufferBytes;
  }

  private static ChunkGrid checkedGrid(BlockfileHeader header, ChunkGrid grid) {
    Shape shape = shape(header);
    if (!grid.shape().equals(shape)) {
      throw new IllegalArgumentException("chunk grid " + grid.extentsString() + " is for shape "
          + grid.shape() + " but blockfile " + header.file() + " holds frames of shape " + shape);
    }
    return grid;
  }

  /** {@code (NY, NX, DP_SZ, DP_SZ)} without the scan axes of length 1, as HyperSpy squeezes them. */
  static Shape shape(BlockfileHeader h) {
    long[] dims = new long[4];
    int rank = 0;
    if (h.ny() != 1) dims[rank++] = h.ny();
    if (h.nx() != 1) dims[rank++] = h.nx();
    dims[rank++] = h.dpSize();
    dims[rank++] = h.dpSize();
    return Shape.of(java.util.Arrays.copyOf(dims, rank));
  }

  private ByteBuffer scratch() {
    ByteBuffer b = SCRATCH.get();
    if (b == null || b.capacity() != bufferBytes) {
      b = ByteBuffer.allocateDirect(bufferBytes);
      SCRATCH.set(b);
    }
    return b;
  }

  @Override
  protected Block read(ReadChannel channel, Region region) throws IOException {
    checkInside(region, "frames");
    byte[] out = new byte[region.size()];
    if (region.isEmpty()) return Block.wrap(DType.UINT8, out);
    int axis = 0;
    long y0 = 0;
    int ey = 1;
    if (hasY) {
      y0 = region.offset(axis);
      ey = region.extent(axis++);
    }
    long x0 = 0;
    int ex = 1;
    if (hasX) {
      x0 = region.offset(axis);
      ex = region.extent(axis++);
    }
    Run run = new Run(channel, scratch(), out, region.offset(axis), region.extent(axis),
        region.offset(axis + 1), region.extent(axis + 1));
    long nx = header.nx();
    if (ex == nx) {
      run.read(y0 * nx, (long) ey * nx, 0);
    } else {
      for (int j = 0; j < ey; j++) run.read((y0 + j) * nx + x0, ex, (long) j * ex);
    }
    return Block.wrap(DType.UINT8, out);
  }

  /**
   * The reading of one region: runs of consecutive frames, each copied into {@code out} at
   * consecutive frame slots, rows {@code [row0, row0 + rows)} and columns {@code [col0, col0 +
   * cols)} of every frame.
   */
  private final class Run {
    private final ReadChannel channel;
    private final ByteBuffer buffer;
    private final byte[] out;
    private final long row0;
    private final int rows;
    private final long col0;
    private final int cols;
    private final long side;
    private final long record;
    private final byte[] frameHeader = new byte[BlockfileHeader.FRAME_HEADER_BYTES];

    Run(ReadChannel channel, ByteBuffer buffer, byte[] out, long row0, int rows, long col0,
        int cols) {
      this.channel = channel;
      this.buffer = buffer;
      this.out = out;
      this.row0 = row0;
      this.rows = rows;
      this.col0 = col0;
      this.cols = cols;
      this.side = header.dpSize();
      this.record = header.frameRecordBytes();
    }

    /** Reads frames {@code [first, first + count)} into frame slots from {@code slot0}. */
    void read(long first, long count, long slot0) throws IOException {
      long start = header.frameOffset(first);
      // From the first frame header to the last pixel needed from the last frame.
      long end = start + (count - 1) * record + BlockfileHeader.FRAME_HEADER_BYTES
          + (row0 + rows - 1) * side + col0 + cols;
      long pos = start;
      while (pos < end) {
        buffer.clear();
        int want = (int) Math.min(buffer.capacity(), end - pos);
        buffer.limit(want);
        int got = channel.readFully(buffer, pos);
        long windowEnd = pos + got;
        // What was read is checked first: a wrong frame header says more than the short file.
        if (got > 0) {
          long k0 = (pos - start) / record;
          long k1 = (windowEnd - 1 - start) / record;
          for (long k = k0; k <= k1; k++) {
            copy(start + k * record, pos, windowEnd, first + k, slot0 + k);
          }
        }
        if (got < want) throw truncated(first + (windowEnd - start) / record, windowEnd);
        pos = windowEnd;
      }
    }

    /**
     * Handles the part of frame {@code frame} (record at {@code recordStart}) inside the buffer
     * window {@code [from, to)}: collects and checks its header, copies its requested pixels.
     */
    private void copy(long recordStart, long from, long to, long frame, long slot)
        throws IOException {
      long pixels = recordStart + BlockfileHeader.FRAME_HEADER_BYTES;
      for (long p = Math.max(recordStart, from); p < Math.min(pixels, to); p++) {
        frameHeader[(int) (p - recordStart)] = buffer.get((int) (p - from));
      }
      if (pixels > from && pixels <= to) checkFrameHeader(frame, recordStart);
      if (pixels >= to) return;
      long slotBase = slot * rows * cols;
      if (col0 == 0 && cols == side) {
        // Whole rows: the requested rows are one contiguous segment.
        long segStart = pixels + row0 * side;
        long segEnd = segStart + (long) rows * side;
        long s = Math.max(segStart, from);
        long e = Math.min(segEnd, to);
        if (s < e) {
          buffer.get((int) (s - from), out, (int) (slotBase + (s - segStart)), (int) (e - s));
        }
        return;
      }
      long firstRow = Math.max(row0, from <= pixels ? row0 : (from - pixels) / side);
      long lastRow = Math.min(row0 + rows - 1, (to - 1 - pixels) / side);
      for (long r = firstRow; r <= lastRow; r++) {
        long segStart = pixels + r * side + col0;
        long s = Math.max(segStart, from);
        long e = Math.min(segStart + cols, to);
        if (s < e) {
          int dst = (int) (slotBase + (r - row0) * cols + (s - segStart));
          buffer.get((int) (s - from), out, dst, (int) (e - s));
        }
      }
    }

    private void checkFrameHeader(long frame, long offset) throws BlockfileFrameException {
      int b0 = Byte.toUnsignedInt(frameHeader[0]);
      int b1 = Byte.toUnsignedInt(frameHeader[1]);
      boolean little = frameOrder == ByteOrder.LITTLE_ENDIAN;
      int marker = little ? b0 | b1 << 8 : b0 << 8 | b1;
      if (marker != BlockfileHeader.FRAME_MAGIC) {
        throw frameError(frame, offset, String.format(
            "its frame header starts with bytes %02X %02X where every frame header starts with the"
                + " marker %s; the file is corrupt, or its header's NX, NY, DP_SZ or"
                + " Data_offset_2 do not describe its frames", b0, b1, little ? "AA 55" : "55 AA"));
      }
      long id = Integer.toUnsignedLong(
          ByteBuffer.wrap(frameHeader, 2, 4).order(frameOrder).getInt(2));
      long expected = (firstId + frame) & 0xFFFFFFFFL;
      if (id != expected) {
        throw frameError(frame, offset, "its frame header holds frame ID " + id + " where "
            + expected + " was expected" + (firstId == 0 ? "" : " (frame 0's ID " + firstId
            + " plus the frame index)") + "; the file is corrupt");
      }
    }

    private BlockfileFrameException truncated(long frame, long end) {
      long size;
      try {
        size = channel.size();
      } catch (IOException e) {
        size = end;
      }
      long offset = header.frameOffset(frame);
      return frameError(frame, offset, "the file is truncated: it ends at byte " + size
          + (size <= offset ? ", before" : ", inside") + " this frame's record of " + record
          + " bytes [" + offset + ", " + (offset + record) + "); the header's " + header.nx()
          + " × " + header.ny() + " frames of " + header.dpSize() + " × " + header.dpSize()
          + " pixels need " + header.expectedFileSize() + " bytes");
    }
  }

  private BlockfileFrameException frameError(long frame, long offset, String problem) {
    long nx = Math.max(1, header.nx());
    return new BlockfileFrameException(file, frame, frame / nx, frame % nx, offset, problem);
  }

  @Override
  public String toString() {
    return "FrameSource[" + description + ", shape " + shape + ", grid " + grid.extentsString()
        + "]";
  }
}
