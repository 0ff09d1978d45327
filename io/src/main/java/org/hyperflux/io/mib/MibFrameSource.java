package org.hyperflux.io.mib;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.Source;
import org.hyperflux.io.internal.FileRegionSource;
import org.hyperflux.io.internal.ReadChannel;

/**
 * The frames of a Merlin {@code .mib} file as a flux-core {@link Source}: shape {@code (nav...,
 * imageHeight, imageWidth)} in array order, the dtype of the first frame header, random access,
 * blocking, and {@link Capability#REGION_READ}: any region is read straight from the file,
 * whatever the storage grid.
 *
 * <p>Reading a region: the file is {@code [MQ1 header + pixels]*}, every frame {@code
 * frameBytes} long, frame {@code i} at byte {@code i * frameBytes}. The navigation positions of
 * the region, in C order, map to frame indices that form runs of consecutive frames (one per scan
 * row, or one for the whole region when it spans whole rows). A run is read with positional reads
 * in batches of whole frames through a per-thread direct buffer of at least {@code bufferBytes}
 * (1 MiB by default) and at least one frame. Every frame's header is parsed and compared with the
 * first frame's before its pixels are used (a frame that does not parse, or of another size, type
 * or layout, fails naming the file and the frame); then the requested rows and columns of the
 * frame are decoded (big-endian, or raw {@code R64} through a whole-frame scratch block) into the
 * region's block. Merlin's sequence numbers are not checked (a file may start anywhere in an
 * acquisition; LiberTEM does not check them either). Memory: the region's block, the scratch buffer, and for a raw frame cut in
 * signal space one decoded frame.
 *
 * <p>Each handle reads through its own {@link ReadChannel}; handles and concurrent reads on one
 * handle never interfere. Immutable and thread-safe.
 */
final class MibFrameSource extends FileRegionSource {
  static final int DEFAULT_BUFFER_BYTES = 1 << 20;

  /** Scratch buffers, one per reading thread; replaced by a larger one when a source needs it. */
  private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

  private final MerlinFrameHeader first;
  private final long frameBytes;
  private final int bufferBytes;
  private final int navRank;

  MibFrameSource(Path file, MerlinFrameHeader first, Shape shape, ChunkGrid grid, int bufferBytes) {
    super(file, first.dtype(), shape, grid, "mib " + file);
    if (!grid.shape().equals(shape)) {
      throw new IllegalArgumentException("chunk grid " + grid.extentsString() + " is for shape "
          + grid.shape() + " but Merlin file " + file + " holds frames of shape " + shape);
    }
    if (bufferBytes < 1) {
      throw new IllegalArgumentException("buffer must hold at least 1 byte, got " + bufferBytes);
    }
    this.first = first;
    this.frameBytes = first.frameBytes(file.toString());
    this.bufferBytes = bufferBytes;
    this.navRank = shape.rank() - 2;
  }

  private ByteBuffer scratch() {
    int want = (int) Math.max(bufferBytes, frameBytes);
    ByteBuffer b = SCRATCH.get();
    if (b == null || b.capacity() < want) {
      b = ByteBuffer.allocateDirect(want);
      SCRATCH.set(b);
    }
    return b;
  }

  /** The values of {@code region}, read through {@code channel}, as a C-order block. */
  @Override
  protected Block read(ReadChannel channel, Region region) throws IOException {
    checkInside(region, "frames");
    Block out = Block.allocate(dtype(), region.size());
    if (region.isEmpty()) return out;
    Reader reader = new Reader(channel, out, region);
    // Navigation positions in C order, grouped into runs of consecutive frames.
    int positions = 1;
    for (int a = 0; a < navRank; a++) positions *= region.extent(a);
    int[] at = new int[navRank];
    long runStart = -1;
    long runLength = 0;
    int runSlot = 0;
    for (int slot = 0; slot < positions; slot++) {
      long frame = 0;
      for (int a = 0; a < navRank; a++) frame = frame * shape.dim(a) + region.offset(a) + at[a];
      if (runLength > 0 && frame == runStart + runLength) {
        runLength++;
      } else {
        if (runLength > 0) reader.run(runStart, runLength, runSlot);
        runStart = frame;
        runLength = 1;
        runSlot = slot;
      }
      for (int a = navRank - 1; a >= 0; a--) {
        if (++at[a] < region.extent(a)) break;
        at[a] = 0;
      }
    }
    reader.run(runStart, runLength, runSlot);
    return out;
  }

  /** The reading of one region into {@code out}. */
  private final class Reader {
    private final ReadChannel channel;
    private final ByteBuffer buffer;
    private final Block out;
    private final int row0;
    private final int rows;
    private final int col0;
    private final int cols;
    private final boolean whole;
    private final int slotPixels;
    private final byte[] headerBytes = new byte[first.dataOffset()];
    private Block frame;

    Reader(ReadChannel channel, Block out, Region region) {
      this.channel = channel;
      this.buffer = scratch();
      this.out = out;
      this.row0 = (int) region.offset(navRank);
      this.rows = region.extent(navRank);
      this.col0 = (int) region.offset(navRank + 1);
      this.cols = region.extent(navRank + 1);
      this.whole = rows == shape.dim(navRank) && cols == shape.dim(navRank + 1);
      this.slotPixels = rows * cols;
    }

    /** Reads frames {@code [firstFrame, firstFrame + count)} into slots from {@code slot0}. */
    void run(long firstFrame, long count, int slot0) throws IOException {
      int batch = (int) Math.max(1, buffer.capacity() / frameBytes);
      for (long k = 0; k < count; k += batch) {
        int n = (int) Math.min(batch, count - k);
        long position = (firstFrame + k) * frameBytes;
        buffer.clear();
        buffer.limit((int) (n * frameBytes));
        int got = channel.readFully(buffer, position);
        int complete = (int) (got / frameBytes);
        for (int j = 0; j < complete; j++) {
          frame(firstFrame + k + j, slot0 + (int) k + j, (int) (j * frameBytes));
        }
        if (complete < n) throw truncated(firstFrame + k + complete);
      }
    }

    private void frame(long index, int slot, int at) throws MibFrameException {
      long offset = index * frameBytes;
      buffer.get(at, headerBytes, 0, headerBytes.length);
      String where = file + " frame " + index;
      MerlinFrameHeader h;
      try {
        int dataOffset = MerlinFrameHeader.dataOffset(headerBytes, 0, where);
        if (dataOffset != first.dataOffset()) {
          throw new MibFrameException(file, index, offset, "its header length (data offset) is "
              + dataOffset + " where the first frame's is " + first.dataOffset() + "; every frame"
              + " of a .mib file must be alike");
        }
        h = MerlinFrameHeader.parse(headerBytes, 0, headerBytes.length, where);
      } catch (MerlinFormatException e) {
        throw new MibFrameException(file, index, offset, "its MQ1 header cannot be read ("
            + e.getMessage() + "); the file is corrupt, or its frames are not all of the first"
            + " frame's size of " + frameBytes + " bytes", e);
      }
      String difference = first.differenceFrom(h);
      if (difference != null) {
        throw new MibFrameException(file, index, offset, "its header has " + difference
            + "; every frame of a .mib file must be alike");
      }
      ByteBuffer pixels = buffer.duplicate();
      pixels.clear();
      int payload = at + first.dataOffset();
      int base = slot * slotPixels;
      if (whole) {
        pixels.position(payload);
        MerlinPixels.decodeFrame(first, pixels, out, base);
      } else if (!first.raw()) {
        int item = dtype().itemSize();
        int width = first.width();
        for (int r = 0; r < rows; r++) {
          pixels.position(payload + ((row0 + r) * width + col0) * item);
          MerlinPixels.decode(first, pixels, out, base + r * cols, cols);
        }
      } else {
        if (frame == null) frame = Block.allocate(dtype(), first.imageWidth() * first.imageHeight());
        pixels.position(payload);
        MerlinPixels.decodeRaw(first, pixels, frame, 0);
        int width = first.imageWidth();
        for (int r = 0; r < rows; r++) {
          out.copyFrom(frame, (row0 + r) * width + col0, base + r * cols, cols);
        }
      }
    }

    private MibFrameException truncated(long index) {
      long size;
      try {
        size = channel.size();
      } catch (IOException e) {
        size = -1;
      }
      long offset = index * frameBytes;
      return new MibFrameException(file, index, offset, "the file ends at byte " + size
          + (size <= offset ? ", before" : ", inside") + " this frame of " + frameBytes
          + " bytes; it is shorter than when it was opened");
    }
  }

  @Override
  public String toString() {
    return "MibFrameSource[" + description() + ", shape " + shape + ", grid "
        + grid.extentsString() + "]";
  }
}
