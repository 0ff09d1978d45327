package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.DeferredChunk;
import org.hyperflux.io.internal.Libdeflate;

/**
 * A chunked dataset: the chunk table (address, stored size and filter mask of every chunk that
 * was written, by C-order grid position) and the filter pipeline. A chunk is one positional read
 * of its stored bytes, the pipeline undone ({@link Hdf5Filters}), and the bytes converted into a
 * block ({@link ElementBytes}; a trailing shuffle is fused with the conversion); libdeflate, where
 * available, decodes deflate and shuffle straight into the block, and with {@link
 * #readChunkDeferred} only as the kernel reads it. HDF5 stores edge
 * chunks at full chunk shape; they are cropped to the dataset. Chunks never written read as the
 * fill value.
 */
final class ChunkedStorage extends Storage {
  private final Shape shape;
  private final ElementType type;
  private final int[] chunkShape;
  private final ChunkGrid grid;
  private final ChunkTable table;
  private final Hdf5Filters filters;
  private final Fill fill;
  private final int chunkElements;

  ChunkedStorage(Shape shape, ElementType type, int[] chunkShape, ChunkTable table,
      Hdf5Filters filters, Fill fill) {
    this.shape = shape;
    this.type = type;
    this.chunkShape = chunkShape.clone();
    this.grid = ChunkGrid.regular(shape, chunkShape);
    this.table = table;
    this.filters = filters;
    this.fill = fill;
    long n = 1;
    for (int c : chunkShape) n *= c;
    if (n * type.size() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("chunks of shape " + Arrays.toString(chunkShape) + " hold "
          + n * type.size() + " bytes; a chunk must fit one Java array (2 GiB)");
    }
    this.chunkElements = (int) n;
  }

  static ChunkGrid gridOf(Shape shape, int[] chunkShape) {
    return ChunkGrid.regular(shape, chunkShape);
  }

  @Override
  boolean readsFile() {
    return true;
  }

  @Override
  ChunkGrid nativeGrid() {
    return grid;
  }

  ChunkTable table() {
    return table;
  }

  Hdf5Filters filters() {
    return filters;
  }

  /** Where chunk {@code index} is stored, for messages. */
  String describe(ChunkIndex index) {
    Region r = grid.region(index);
    int i = (int) grid.linear(index);
    String at = table.address(i) < 0 ? "never written"
        : table.size(i) + " bytes at file offset " + table.address(i);
    return "chunk " + index + " (elements from " + Arrays.toString(r.offsets()) + ", " + at + ")";
  }

  @Override
  Block readChunk(ByteSource src, ChunkGrid requested, ChunkIndex index) throws IOException {
    Region region = grid.region(index);
    if (region.isEmpty()) return Block.allocate(type.dtype(), 0);
    int i = (int) grid.linear(index);
    if (table.address(i) < 0) return fill.block(type.dtype(), region.size());
    Block full = decodeBlock(readStored(src, i), i);
    Region stored = Region.of(region.offsets(), chunkShape);
    return stored.equals(region) ? full : RegionCopy.extract(full, stored, region);
  }

  /**
   * Chunk {@code index} read now, with its decoding left to the kernel that reads it tile by tile
   * where libdeflate decodes it alone ({@link InflatingChunk}); any other chunk (never written,
   * cropped at the dataset's edge, other filters) decoded now, as {@link #readChunk} does.
   */
  DeferredChunk readChunkDeferred(ByteSource src, ChunkGrid requested, ChunkIndex index)
      throws IOException {
    Region region = grid.region(index);
    int i = (int) grid.linear(index);
    Boolean shuffled = region.isEmpty() || table.address(i) < 0
        || !Region.of(region.offsets(), chunkShape).equals(region)
        ? null : filters.inflatesShuffled(table.mask(i), type.dtype());
    if (shuffled == null) return DeferredChunk.decoded(readChunk(src, requested, index));
    // Read straight into native memory, which libdeflate inflates from: no Java array to
    // allocate and zero, and no copy through the JDK's temporary buffer nor into native memory.
    Libdeflate.Input stored = Libdeflate.allocateInput(table.size(i));
    try {
      src.read(table.address(i), stored.buffer());
    } catch (IOException | RuntimeException e) {
      stored.close();
      throw e;
    }
    return new InflatingChunk(stored, type.dtype(), chunkElements, shuffled,
        type.order() == ByteOrder.BIG_ENDIAN, raw -> decodeWithPipeline(raw, i));
  }

  /** Chunk {@code i}'s elements from its stored bytes {@code raw}: libdeflate where it decodes them, otherwise the pipeline. */
  private Block decodeBlock(byte[] raw, int i) throws IOException {
    Boolean shuffled = filters.inflatesShuffled(table.mask(i), type.dtype());
    if (shuffled != null) {
      Block block = Block.allocate(type.dtype(), chunkElements);
      if (Libdeflate.decompress(Libdeflate.Format.ZLIB, raw, 0, raw.length, block.array(),
          chunkElements, shuffled, type.order() == ByteOrder.BIG_ENDIAN) != null) {
        return block;
      }
      // Rejected: the pipeline decodes it again with java.util.zip and says what is wrong.
    }
    return decodeWithPipeline(raw, i);
  }

  /** Chunk {@code i}'s elements from its stored bytes {@code raw}, through the filter pipeline. */
  private Block decodeWithPipeline(byte[] raw, int i) throws IOException {
    Hdf5Filters.Decoded d = decode(raw, i, true);
    return d.shuffled()
        ? ElementBytes.unshuffleToBlock(d.bytes(), chunkElements, type.dtype(), type.order())
        : ElementBytes.toBlock(d.bytes(), 0, chunkElements, type.dtype(), type.order());
  }

  @Override
  Block readRegion(ByteSource src, Region region) throws IOException {
    Block out = Block.allocate(type.dtype(), region.size());
    if (region.isEmpty()) return out;
    for (ChunkIndex idx : grid.chunksOverlapping(region)) {
      Region r = grid.region(idx);
      Region overlap = r.intersect(region);
      if (overlap != null && !overlap.isEmpty()) {
        RegionCopy.copy(readChunk(src, grid, idx), r, out, region, overlap);
      }
    }
    return out;
  }

  @Override
  byte[] readAllElements(ByteSource src) throws IOException {
    int s = type.size();
    Region whole = Region.whole(shape);
    byte[] out = new byte[whole.size() * s];
    for (long k = 0; k < grid.chunkCount(); k++) {
      ChunkIndex idx = grid.index(k);
      Region region = grid.region(idx);
      if (region.isEmpty()) continue;
      int i = (int) k;
      if (table.address(i) < 0) {
        throw new IOException(describe(idx) + " was never written and the datatype " + type.description()
            + " has no fill value hyperflux can produce");
      }
      byte[] bytes = decode(readStored(src, i), i, false).bytes();
      Storage.copyBytes(bytes, Region.of(region.offsets(), chunkShape), out, whole, region, s);
    }
    return out;
  }

  /** The stored (filtered) bytes of chunk {@code i}. */
  private byte[] readStored(ByteSource src, int i) throws IOException {
    byte[] raw = new byte[table.size(i)];
    src.read(table.address(i), raw, 0, raw.length);
    return raw;
  }

  private Hdf5Filters.Decoded decode(byte[] raw, int i, boolean fuseShuffle) throws IOException {
    return filters.decode(raw, raw.length, table.mask(i), chunkElements * type.size(), fuseShuffle);
  }
}
