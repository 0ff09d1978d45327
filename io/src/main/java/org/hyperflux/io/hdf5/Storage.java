package org.hyperflux.io.hdf5;

import java.io.IOException;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;

/**
 * Where a dataset's bytes live and how to turn them into blocks: chunk by chunk through the
 * filter pipeline ({@link ChunkedStorage}) or by element runs from one flat extent
 * ({@link FlatStorage}: contiguous in the file, or compact in the object header). Holds no open
 * resource: every read gets the {@link ByteSource} of the caller's lease. Immutable and
 * thread-safe.
 */
abstract class Storage {
  /** True when reads need the file (compact data is held in memory). */
  abstract boolean readsFile();

  /** The HDF5 chunk grid, or null when the storage has no chunks of its own. */
  abstract ChunkGrid nativeGrid();

  /**
   * The block of {@code grid.region(index)} in C order. For chunked storage {@code grid} is its
   * native grid; flat storage reads the region.
   */
  abstract Block readChunk(ByteSource src, ChunkGrid grid, ChunkIndex index) throws IOException;

  /** Any region, in C order. */
  abstract Block readRegion(ByteSource src, Region region) throws IOException;

  /**
   * The whole dataset's stored element bytes in C order, before any datatype conversion (for
   * datatypes that are not numeric, decoded by jHDF from these bytes).
   */
  abstract byte[] readAllElements(ByteSource src) throws IOException;

  /** Copies {@code box} (inside both regions) of elements of {@code size} bytes from {@code src} laid out as {@code srcRegion} into {@code dst} laid out as {@code dstRegion}. */
  static void copyBytes(byte[] src, Region srcRegion, byte[] dst, Region dstRegion, Region box,
      int size) {
    int rank = box.rank();
    if (box.isEmpty()) return;
    if (rank == 0) {
      System.arraycopy(src, 0, dst, 0, size);
      return;
    }
    long[] ss = strides(srcRegion);
    long[] ds = strides(dstRegion);
    int row = box.extent(rank - 1) * size;
    int rows = box.size() / box.extent(rank - 1);
    int[] idx = new int[rank - 1];
    for (int r = 0; r < rows; r++) {
      long sp = 0;
      long dp = 0;
      for (int a = 0; a < rank; a++) {
        long pos = box.offset(a) + (a < rank - 1 ? idx[a] : 0);
        sp += (pos - srcRegion.offset(a)) * ss[a];
        dp += (pos - dstRegion.offset(a)) * ds[a];
      }
      System.arraycopy(src, (int) (sp * size), dst, (int) (dp * size), row);
      for (int a = rank - 2; a >= 0; a--) {
        if (++idx[a] < box.extent(a)) break;
        idx[a] = 0;
      }
    }
  }

  private static long[] strides(Region r) {
    long[] s = new long[r.rank()];
    long acc = 1;
    for (int a = r.rank() - 1; a >= 0; a--) {
      s[a] = acc;
      acc *= r.extent(a);
    }
    return s;
  }
}
