package org.hyperflux.io.hdf5;

import java.io.IOException;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;

/**
 * A dataset stored as one flat C-order extent: contiguous layout (at an address in the file, or
 * never allocated and then all fill value) or compact layout (bytes held in memory, read from the
 * object header when the dataset was opened).
 *
 * <p>A region is read as runs of consecutive elements: the innermost axes the region spans whole
 * make one run per position of the outer axes. Runs along the innermost partial axis are read
 * with one read of the span that covers them when that span is at most twice the bytes wanted
 * (or at most 1 MiB); otherwise each run is read on its own. So a contiguous dataset larger than
 * any budget streams by regions of whatever grid the caller chose.
 */
final class FlatStorage extends Storage {
  private static final long SPAN_SLACK_BYTES = 1 << 20;

  private final Shape shape;
  private final ElementType type;
  /** Absolute file position of element 0, or -1 when storage was never allocated. */
  private final long address;
  /** The bytes of a compact dataset, or null. */
  private final byte[] compact;
  private final Fill fill;
  /** Runs are read through one span read when the span is at most this many bytes (or twice the wanted ones). */
  private final long spanSlack;

  private FlatStorage(Shape shape, ElementType type, long address, byte[] compact, Fill fill,
      long spanSlack) {
    this.shape = shape;
    this.type = type;
    this.address = address;
    this.compact = compact;
    this.fill = fill;
    this.spanSlack = spanSlack;
  }

  static FlatStorage contiguous(Shape shape, ElementType type, long address, Fill fill) {
    return new FlatStorage(shape, type, address, null, fill, SPAN_SLACK_BYTES);
  }

  static FlatStorage compact(Shape shape, ElementType type, byte[] bytes, Fill fill) {
    return new FlatStorage(shape, type, 0, bytes, fill, SPAN_SLACK_BYTES);
  }

  /** The same storage with another span threshold (0: span reads only where they at most double the bytes read). */
  FlatStorage withSpanSlack(long bytes) {
    return new FlatStorage(shape, type, address, compact, fill, bytes);
  }

  @Override
  boolean readsFile() {
    return compact == null && address >= 0;
  }

  @Override
  ChunkGrid nativeGrid() {
    return null;
  }

  @Override
  Block readChunk(ByteSource src, ChunkGrid grid, ChunkIndex index) throws IOException {
    return readRegion(src, grid.region(index));
  }

  @Override
  Block readRegion(ByteSource src, Region region) throws IOException {
    int n = region.size();
    if (n == 0) return Block.allocate(type.dtype(), 0);
    if (compact == null && address < 0) return fill.block(type.dtype(), n);
    byte[] bytes = new byte[n * type.size()];
    readRuns(compact != null ? ByteSource.of(compact) : src, compact != null ? 0 : address, region, bytes);
    return ElementBytes.toBlock(bytes, 0, n, type.dtype(), type.order());
  }

  @Override
  byte[] readAllElements(ByteSource src) throws IOException {
    long total = shape.size() * type.size();
    if (compact != null) return compact.clone();
    byte[] out = new byte[(int) total];
    if (address >= 0 && total > 0) src.read(address, out, 0, out.length);
    return out;
  }

  /** Reads the elements of {@code region} (stored at {@code base}) into {@code out} in C order. */
  private void readRuns(ByteSource src, long base, Region region, byte[] out) throws IOException {
    int s = type.size();
    int rank = shape.rank();
    if (rank == 0) {
      src.read(base, out, 0, s);
      return;
    }
    long[] dims = shape.dims();
    long[] o = region.offsets();
    int[] e = region.extents();
    long[] stride = shape.strides();
    // Axes after k are spanned whole: one run covers axis k's extent times the inner axes.
    int k = rank - 1;
    while (k > 0 && o[k] == 0 && e[k] == dims[k]) k--;
    int runBytes = (int) (e[k] * stride[k] * s);
    long first = o[k] * stride[k];
    if (k == 0) {
      src.read(base + first * s, out, 0, runBytes);
      return;
    }
    int g = k - 1;
    long groupStride = stride[g] * s;
    int groupRuns = e[g];
    long span = (groupRuns - 1) * groupStride + runBytes;
    long wanted = (long) groupRuns * runBytes;
    byte[] spanBuf = span <= Math.max(2 * wanted, spanSlack) ? new byte[(int) span] : null;
    int[] idx = new int[g];
    int outPos = 0;
    while (true) {
      long element = first + o[g] * stride[g];
      for (int a = 0; a < g; a++) element += (o[a] + idx[a]) * stride[a];
      long pos = base + element * s;
      if (spanBuf != null) {
        src.read(pos, spanBuf, 0, spanBuf.length);
        for (int i = 0; i < groupRuns; i++) {
          System.arraycopy(spanBuf, (int) (i * groupStride), out, outPos, runBytes);
          outPos += runBytes;
        }
      } else {
        for (int i = 0; i < groupRuns; i++) {
          src.read(pos + i * groupStride, out, outPos, runBytes);
          outPos += runBytes;
        }
      }
      int a = g - 1;
      while (a >= 0 && ++idx[a] == e[a]) idx[a--] = 0;
      if (a < 0) return;
    }
  }
}
