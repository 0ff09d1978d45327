package org.hyperflux.io.hdf5.write;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;

/**
 * A numeric dataset of an {@link Hdf5Writer}'s file, stored either chunked or contiguous:
 *
 * <ul>
 *   <li><b>chunked</b> ({@link #writeChunk}, from any threads, in any order): each chunk is
 *       padded to the full chunk shape at the edges (HDF5 stores edge chunks whole; the padding
 *       is the default fill value, 0), shuffled and deflated ({@code ChunkEncoder}) and appended
 *       to the file; only its address and stored size are kept. {@link Hdf5Writer#finish}
 *       indexes the chunks with a version-1 B-tree ({@code ChunkBTree}); chunks never written
 *       read as the fill value (0);
 *   <li><b>contiguous</b> ({@link #writeAll}, once, before any chunk): the whole array
 *       little-endian, unfiltered, for small metadata arrays and scalars (rank 0, a scalar
 *       dataspace; HDF5 does not chunk those).
 * </ul>
 *
 * <p>The object header (HDF5 File Format Specification 3.0, §IV.A.2) holds the Dataspace,
 * Datatype ({@code Datatype}: little-endian, booleans as h5py's enum), Fill Value, Data Layout
 * (version 3) and, when chunked, Filter Pipeline messages, and the dataset's attributes.
 */
public final class Hdf5DatasetWriter {
  /** The address of a chunk being appended. */
  private static final long WRITING = -2;

  private final Hdf5Writer file;
  private final String path;
  private final Shape shape;
  private final DType dtype;
  private final int[] chunkShape;
  private final ChunkGrid grid;
  private final long[] addresses;
  private final int[] sizes;
  private Map<String, AttributeValue> attributes = Map.of();
  private boolean contiguous;
  private long contiguousAddress = LeBytes.UNDEFINED;
  private long chunksWritten;
  private long btree = LeBytes.UNDEFINED;

  Hdf5DatasetWriter(Hdf5Writer file, String path, Shape shape, DType dtype, int[] chunkShape) {
    this.file = file;
    this.path = path;
    this.shape = shape;
    this.dtype = dtype;
    this.chunkShape = checked(chunkShape, shape, dtype, path, file);
    this.grid = ChunkGrid.regular(shape, this.chunkShape);
    long n = grid.chunkCount();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("dataset " + path + " in " + file.path() + " would have "
          + n + " chunks; use larger chunks");
    }
    this.addresses = new long[(int) n];
    Arrays.fill(addresses, LeBytes.UNDEFINED);
    this.sizes = new int[(int) n];
  }

  private static int[] checked(int[] chunkShape, Shape shape, DType dtype, String path, Hdf5Writer file) {
    String where = "dataset " + path + " in " + file.path();
    if (chunkShape.length != shape.rank()) {
      throw new IllegalArgumentException(where + ": chunk shape " + Arrays.toString(chunkShape)
          + " has rank " + chunkShape.length + " but the shape " + shape + " has rank " + shape.rank());
    }
    if (shape.rank() > 31) {
      throw new IllegalArgumentException(where + ": HDF5 datasets have rank 0..31, not "
          + shape.rank());
    }
    long bytes = dtype.itemSize();
    for (int a = 0; a < chunkShape.length; a++) {
      if (chunkShape[a] < 1 || (shape.dim(a) > 0 && chunkShape[a] > shape.dim(a))) {
        throw new IllegalArgumentException(where + ": chunk shape " + Arrays.toString(chunkShape)
            + " has extent " + chunkShape[a] + " along axis " + a + " where the shape " + shape
            + " allows 1.." + Math.max(1, shape.dim(a)));
      }
      bytes *= chunkShape[a];
    }
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(where + ": a chunk of " + Arrays.toString(chunkShape)
          + " holds " + bytes + " bytes; chunks are encoded in one Java array, at most 2 GiB");
    }
    return chunkShape.clone();
  }

  /** The dataset's path in the file. */
  public String path() {
    return path;
  }

  /** The dataset's shape. */
  public Shape shape() {
    return shape;
  }

  /** The dataset's element type. */
  public DType dtype() {
    return dtype;
  }

  /** The chunk grid ({@code chunkShape}, edge chunks cropped to the shape). */
  public ChunkGrid grid() {
    return grid;
  }

  /** The full bytes of one chunk before compression. */
  public long chunkBytes() {
    long n = dtype.itemSize();
    for (int c : chunkShape) n *= c;
    return n;
  }

  /** Sets the dataset's attributes (see {@link Hdf5GroupWriter#writeAttributes}). */
  public synchronized void writeAttributes(Map<String, ?> values) {
    file.checkOpen();
    attributes = AttributeValue.ofAll(values, file.heap(), "dataset " + path + " in " + file.path());
  }

  /** A chunk compressed by {@link #encode}, to be stored by {@link #write(Encoded)}. */
  public static final class Encoded {
    private final ChunkIndex gridIndex;
    private final ChunkEncoder.Bytes bytes;

    private Encoded(ChunkIndex gridIndex, ChunkEncoder.Bytes bytes) {
      this.gridIndex = gridIndex;
      this.bytes = bytes;
    }

    /** The chunk's grid index. */
    public ChunkIndex gridIndex() {
      return gridIndex;
    }

    /** The stored (compressed) size in bytes. */
    public int storedBytes() {
      return bytes.length();
    }
  }

  /**
   * {@link #encode} then {@link #write(Encoded)}: compresses chunk {@code gridIndex} and appends
   * it to the file. Thread-safe; blocking.
   */
  public void writeChunk(ChunkIndex gridIndex, Block block) throws IOException {
    write(encode(gridIndex, block));
  }

  /**
   * Compresses chunk {@code gridIndex}, whose elements {@code block} holds in C order of its
   * region (cropped at the edges): padded to the full chunk, shuffled, deflated. Thread-safe,
   * CPU only (no I/O).
   *
   * @throws IllegalArgumentException when the index is outside the grid or the block's dtype or
   *     size does not match the chunk
   */
  public Encoded encode(ChunkIndex gridIndex, Block block) {
    if (shape.rank() == 0) {
      throw new IllegalArgumentException("dataset " + path + " in " + file.path() + " is a scalar,"
          + " which HDF5 stores contiguous; write it with writeAll");
    }
    Region region = grid.region(gridIndex);
    if (block.dtype() != dtype || block.length() != region.size()) {
      throw new IllegalArgumentException("chunk " + gridIndex + " of dataset " + path + " in "
          + file.path() + " covers " + region + " (" + region.size() + " elements of "
          + dtype.numpyName() + ") but the block is " + block);
    }
    Region full = Region.of(region.offsets(), chunkShape);
    Block whole = block;
    if (!full.equals(region)) {
      whole = Block.allocate(dtype, full.size());
      RegionCopy.copy(block, region, whole, full, region);
    }
    return new Encoded(gridIndex, file.encoder().encode(whole));
  }

  /**
   * Appends a chunk compressed by {@link #encode} to the file and records where it is.
   * Thread-safe; blocking.
   *
   * @throws IllegalArgumentException when the chunk was written before, or the dataset is contiguous
   * @throws IllegalStateException when the file is finished or closed
   * @throws IOException when writing fails, naming the file, dataset and chunk
   */
  public void write(Encoded chunk) throws IOException {
    ChunkIndex gridIndex = chunk.gridIndex;
    int linear = (int) grid.linear(gridIndex);
    synchronized (this) {
      file.checkOpen();
      if (contiguous) {
        throw new IllegalArgumentException("dataset " + path + " in " + file.path()
            + " was written whole (contiguous); it takes no chunks");
      }
      if (addresses[linear] != LeBytes.UNDEFINED) {
        throw new IllegalArgumentException("chunk " + gridIndex + " of dataset " + path + " in "
            + file.path() + " was written before");
      }
      addresses[linear] = WRITING;
    }
    long address;
    try {
      address = file.appender().append(chunk.bytes.array(), chunk.bytes.length());
    } catch (IOException e) {
      synchronized (this) {
        addresses[linear] = LeBytes.UNDEFINED;
      }
      throw new IOException("cannot write chunk " + gridIndex + " of dataset " + path + " to "
          + file.path() + ": " + e.getMessage(), e);
    }
    synchronized (this) {
      addresses[linear] = address;
      sizes[linear] = chunk.bytes.length();
      chunksWritten++;
    }
  }

  /**
   * Writes the whole array, {@code data} in C order, contiguous and unfiltered (for small
   * arrays; blocking). Called at most once, and not after {@link #writeChunk}.
   *
   * @throws IllegalArgumentException when the dtype or size does not match, or data was written
   *     before
   */
  public synchronized void writeAll(Block data) throws IOException {
    file.checkOpen();
    if (data.dtype() != dtype || data.length() != shape.size()) {
      throw new IllegalArgumentException("dataset " + path + " in " + file.path() + " holds "
          + shape.size() + " elements of " + dtype.numpyName() + " (shape " + shape
          + ") but the block is " + data);
    }
    if (contiguous || Arrays.stream(addresses).anyMatch(a -> a != LeBytes.UNDEFINED)) {
      throw new IllegalArgumentException("dataset " + path + " in " + file.path()
          + " was written before");
    }
    contiguous = true;
    if (data.length() > 0) {
      byte[] b = ChunkEncoder.littleEndian(data);
      contiguousAddress = file.appender().append(b, b.length);
    }
  }

  // ------------------------------------------------------------------------ finishing the file

  synchronized void writeIndex() throws IOException {
    if (contiguous || chunksWritten == 0) return;
    int[] stored = new int[(int) chunksWritten];
    int k = 0;
    for (int i = 0; i < addresses.length; i++) {
      if (addresses[i] == WRITING) {
        throw new IllegalStateException("chunk " + grid.index(i) + " of dataset " + path + " in "
            + file.path() + " is still being written");
      }
      if (addresses[i] != LeBytes.UNDEFINED) stored[k++] = i;
    }
    btree = ChunkBTree.write(file.appender(), new ChunkBTree.Chunks() {
      @Override
      public int count() {
        return stored.length;
      }

      @Override
      public long[] offsets(int i) {
        return grid.region(grid.index(stored[i])).offsets();
      }

      @Override
      public int size(int i) {
        return sizes[stored[i]];
      }

      @Override
      public long address(int i) {
        return addresses[stored[i]];
      }
    }, chunkShape, dtype.itemSize());
  }

  synchronized long writeHeader() throws IOException {
    ObjectHeader h = new ObjectHeader();
    Datatype t = Datatype.of(dtype);
    boolean chunked = !contiguous && shape.rank() > 0;
    h.add(ObjectHeader.DATASPACE, 0, Messages.dataspace(shape.rank() == 0 ? null : shape.dims()));
    h.add(ObjectHeader.DATATYPE, ObjectHeader.CONSTANT, new LeBytes().bytes(t.encoded()));
    h.add(ObjectHeader.FILL_VALUE, ObjectHeader.CONSTANT, Messages.fillValue(chunked));
    if (!chunked) {
      h.add(ObjectHeader.LAYOUT, 0, Messages.contiguousLayout(contiguousAddress,
          contiguousAddress == LeBytes.UNDEFINED ? 0 : shape.size() * dtype.itemSize()));
    } else {
      h.add(ObjectHeader.LAYOUT, 0, Messages.chunkedLayout(btree, chunkShape, dtype.itemSize()));
      h.add(ObjectHeader.FILTER_PIPELINE, 0, Messages.shuffleDeflate(dtype.itemSize(),
          file.deflateLevel()));
    }
    Hdf5GroupWriter.addAttributes(h, attributes, path, file);
    byte[] b = h.encode();
    return file.appender().append(b, b.length);
  }

  @Override
  public String toString() {
    return "Hdf5DatasetWriter[" + path + " in " + file.path() + ", " + dtype.numpyName() + " "
        + shape + " in chunks " + Arrays.toString(chunkShape) + "]";
  }
}
