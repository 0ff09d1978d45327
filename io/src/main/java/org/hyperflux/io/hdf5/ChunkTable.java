package org.hyperflux.io.hdf5;

import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import org.hyperflux.core.array.ChunkGrid;

/**
 * Where every stored chunk of a chunked dataset is: absolute file position, stored (filtered)
 * size and filter mask, indexed by C-order grid position; position -1 marks a chunk never
 * written.
 *
 * <p>Built once from jHDF's chunk index, which reads every index type (v1 B-tree, and for files
 * written with {@code libver='latest'} single chunk, implicit, fixed array, extensible array and
 * v2 B-tree). jHDF 0.13.0 exposes each chunk's address, size and filter mask only through the
 * protected {@code ChunkedDatasetBase.getChunkLookup()}, which is called reflectively: its public
 * {@code getRawChunkBuffer} drops the filter mask and maps every chunk into memory.
 */
final class ChunkTable {
  private final long[] address;
  private final int[] size;
  private final int[] mask;

  private ChunkTable(long[] address, int[] size, int[] mask) {
    this.address = address;
    this.size = size;
    this.mask = mask;
  }

  /**
   * The table of {@code dataset} on {@code grid} (the regular grid of {@code chunkShape}); chunk
   * addresses are made absolute with {@code baseAddress}. Chunks outside the dataset's current
   * extent (left by a shrink) are ignored.
   *
   * @throws IllegalStateException when jHDF's chunk index cannot be reached (another jHDF version)
   * @throws IllegalArgumentException when a chunk's offset is not on the chunk grid
   */
  static ChunkTable of(ChunkedDataset dataset, ChunkGrid grid, int[] chunkShape, long baseAddress) {
    long count = grid.chunkCount();
    if (count > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("the dataset has " + count + " chunks; at most 2^31-9 are read");
    }
    long[] address = new long[(int) count];
    int[] size = new int[(int) count];
    int[] mask = new int[(int) count];
    Arrays.fill(address, -1);
    int rank = chunkShape.length;
    int[] gridShape = grid.gridShape();
    for (Object o : lookup(dataset).values()) {
      Chunk c = (Chunk) o;
      long[] offset = c.getChunkOffset();
      long linear = 0;
      boolean inside = true;
      for (int a = 0; a < rank; a++) {
        if (offset[a] % chunkShape[a] != 0) {
          throw new IllegalArgumentException("a stored chunk starts at " + Arrays.toString(offset)
              + ", which is not on the chunk grid " + Arrays.toString(chunkShape));
        }
        long k = offset[a] / chunkShape[a];
        if (k >= gridShape[a]) inside = false;
        linear = linear * gridShape[a] + k;
      }
      if (!inside) continue;
      int i = (int) linear;
      address[i] = baseAddress + c.getAddress();
      size[i] = c.getSize();
      BitSet m = c.getFilterMask();
      mask[i] = m == null || m.isEmpty() ? 0 : (int) m.toLongArray()[0];
    }
    return new ChunkTable(address, size, mask);
  }

  private static Map<?, ?> lookup(ChunkedDataset dataset) {
    Method m;
    try {
      m = ChunkedDatasetBase.class.getDeclaredMethod("getChunkLookup");
      m.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot reach jHDF's chunk index (ChunkedDatasetBase."
          + "getChunkLookup of jHDF 0.13.0): " + e, e);
    }
    try {
      return (Map<?, ?>) m.invoke(dataset);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call jHDF's chunk index: " + e, e);
    } catch (InvocationTargetException e) {
      // jHDF's own failure (a damaged or truncated index): the caller names file and dataset.
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException("reading the chunk index failed: " + e.getCause(), e.getCause());
    }
  }

  long address(int i) {
    return address[i];
  }

  int size(int i) {
    return size[i];
  }

  int mask(int i) {
    return mask[i];
  }

  /** Number of chunks actually stored. */
  int stored() {
    int n = 0;
    for (long a : address) if (a >= 0) n++;
    return n;
  }
}
