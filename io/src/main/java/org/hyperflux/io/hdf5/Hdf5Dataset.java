package org.hyperflux.io.hdf5;

import io.jhdf.AbstractNode;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.ops.LazyArray;

/**
 * A dataset of an open {@link Hdf5File}: its header (shape, datatype, layout, chunk shape,
 * filters) read when it was opened, its attributes, its values (for small metadata datasets) and
 * a lazy flux-core {@link Source} over its data.
 *
 * <p>Datatypes: integers of 1 to 8 bytes (signed and unsigned), 4- and 8-byte floats and h5py's
 * numpy bool, in either byte order, read into flux-core arrays (byte order converted at this
 * boundary). Strings, compounds (complex numbers) and other types are read by {@link #values()}
 * only. Array order is C order, as stored: {@code shape()} is h5py's {@code dataset.shape}.
 *
 * <p>The sources it makes hold no open file and stay valid after the file is closed.
 */
public final class Hdf5Dataset {
  /** {@link #values()} reads at most this many stored bytes. */
  public static final long VALUES_LIMIT_BYTES = 64L << 20;

  /** HDF5's dataspace class for "no data". */
  private static final int NULL_DATASPACE = 2;

  private final Hdf5File file;
  private final Dataset dataset;
  private final String path;
  private final Shape shape;
  private final ElementType type;
  private final Hdf5Layout layout;
  private final int[] chunkShape;
  /** A null dataspace (h5py's {@code Empty}): no data at all, not even one element. */
  private final boolean empty;
  private Storage storage;

  private Hdf5Dataset(Hdf5File file, Dataset dataset, String path, Shape shape, ElementType type,
      Hdf5Layout layout, int[] chunkShape, boolean empty) {
    this.file = file;
    this.dataset = dataset;
    this.path = path;
    this.shape = shape;
    this.type = type;
    this.layout = layout;
    this.chunkShape = chunkShape;
    this.empty = empty;
  }

  /** Reads the header; the caller holds the file's lock. */
  static Hdf5Dataset of(Hdf5File file, Dataset d, String path) throws Hdf5FormatException {
    try {
      Shape shape = d.isScalar() ? Shape.scalar() : Shape.of(d.getDimensionsAsLong());
      ElementType type = ElementType.of(d.getDataType());
      DataLayout l = d.getDataLayout();
      Hdf5Layout layout = l == DataLayout.CHUNKED ? Hdf5Layout.CHUNKED
          : l == DataLayout.COMPACT ? Hdf5Layout.COMPACT : Hdf5Layout.CONTIGUOUS;
      int[] chunks = null;
      if (layout == Hdf5Layout.CHUNKED) {
        int[] c = ((ChunkedDataset) d).getChunkDimensions();
        chunks = Arrays.copyOf(c, shape.rank());
      }
      ObjectHeader header = ((AbstractNode) d).getHeader();
      boolean empty = header.hasMessageOfType(DataSpaceMessage.class)
          && header.getMessageOfType(DataSpaceMessage.class).getDataSpace().getType() == NULL_DATASPACE;
      return new Hdf5Dataset(file, d, path, shape, type, layout, chunks, empty);
    } catch (RuntimeException e) {
      throw file.format(path, "cannot read the dataset's header", e);
    }
  }

  /** The dataset's absolute path. */
  public String path() {
    return path;
  }

  /** The dataset's name: the last path segment. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The file the dataset belongs to. */
  public Hdf5File file() {
    return file;
  }

  /** The shape in C order (h5py's {@code dataset.shape}); rank 0 for a scalar dataset (and for an empty one). */
  public Shape shape() {
    return shape;
  }

  /**
   * True for a dataset without any data (a null dataspace, h5py's {@code Empty}): its values are
   * {@code null} and it makes no source.
   */
  public boolean isEmpty() {
    return empty;
  }

  /** The flux-core dtype the data reads into, or empty for a datatype that is not numeric (see the class comment). */
  public Optional<DType> dtype() {
    return Optional.ofNullable(type.dtype());
  }

  /**
   * The stored datatype in numpy's notation where there is one: {@code <f4}, {@code >u2},
   * {@code |i1}, {@code |b1} (numpy bool), {@code |S5} (fixed-length strings), {@code vlen-str},
   * {@code compound{r,i}}.
   */
  public String type() {
    return type.description();
  }

  /** How the data is stored. */
  public Hdf5Layout layout() {
    return layout;
  }

  /** The HDF5 chunk shape (C order) of a {@link Hdf5Layout#CHUNKED} dataset, else empty. */
  public Optional<int[]> chunkShape() {
    return Optional.ofNullable(chunkShape == null ? null : chunkShape.clone());
  }

  /**
   * The filters of the pipeline in order, e.g. {@code [shuffle, deflate]} (empty without filters).
   *
   * @throws Hdf5FormatException when the filter pipeline cannot be read
   */
  public List<String> filters() throws IOException {
    synchronized (file) {
      file.checkOpen();
      return filterInfos().stream().map(f -> Hdf5Filters.name(f.getId(), f.getName())).toList();
    }
  }

  /**
   * The dataset's attributes by name (sorted, as h5py lists them) as plain Java values: strings
   * (fixed and variable length) as {@link String}; h5py's numpy bool as {@link Boolean}; integers
   * as {@link Long} (uint64 above {@code Long.MAX_VALUE} as {@link java.math.BigInteger}); floats
   * as {@link Double}; arrays as {@link List}s (nested for more dimensions); an empty attribute as
   * {@code null}. These are the types {@code .zattrs} JSON reads into, so HyperSpy layout code
   * reads both formats alike.
   *
   * @throws Hdf5FormatException naming the dataset (and attribute) when one cannot be decoded
   */
  public Map<String, Object> attributes() throws IOException {
    synchronized (file) {
      file.checkOpen();
      return Attributes.read(file, dataset, path);
    }
  }

  /**
   * Reads the whole dataset as plain Java values, the way {@link #attributes()} gives them: the
   * single value of a scalar dataset, {@code null} for an empty one ({@link #isEmpty()}), otherwise
   * nested lists in C order. For the small datasets
   * HyperSpy keeps in its metadata ({@code _list_} lists, non-uniform {@code axis} vectors);
   * variable-length string lists included, which jHDF 0.13.0 cannot read itself when they are
   * chunked and shuffle was skipped for their chunks (read here through the filter masks).
   *
   * @throws IllegalStateException when the dataset holds more than {@link #VALUES_LIMIT_BYTES}
   *     bytes (read it through {@link #source()} instead)
   * @throws Hdf5FormatException or {@link Hdf5ChunkException} when the data cannot be read
   */
  public Object values() throws IOException {
    synchronized (file) {
      file.checkOpen();
      if (empty) return null;
      long bytes = shape.size() * type.size();
      if (bytes > VALUES_LIMIT_BYTES) {
        throw new IllegalStateException("dataset '" + path + "' in HDF5 file " + file.path()
            + " holds " + bytes + " bytes; values() reads at most " + VALUES_LIMIT_BYTES
            + " (read it lazily through source() or lazy())");
      }
      Storage s = storage();
      ByteSource src = file.bytes();
      try {
        if (type.dtype() != null) {
          Block b = s.readRegion(src, Region.whole(shape));
          return PlainValues.of(b, shape.dims());
        }
        byte[] raw = s.readAllElements(src);
        int[] dims = shape.rank() == 0 ? new int[] {1} : toInts(shape.dims());
        Object v = dataset.getDataType().fillData(ByteBuffer.wrap(raw).order(type.order()), dims,
            file.hdf().getHdfBackingStorage());
        if (shape.rank() == 0) v = java.lang.reflect.Array.get(v, 0);
        return PlainValues.of(v, dataset.getDataType());
      } catch (Hdf5ChunkException | Hdf5FormatException e) {
        throw e;
      } catch (IOException e) {
        throw new Hdf5ChunkException(file.path(), path, null, "the data", e.getMessage(), e);
      } catch (RuntimeException e) {
        throw file.format(path, "cannot decode the dataset's values", e);
      }
    }
  }

  /**
   * The data as a flux-core source on its natural grid: the HDF5 chunks of a chunked dataset;
   * for a dataset without chunks (contiguous or compact), the automatic grid
   * ({@link ChunkGrid#auto}) with no signal axes under {@link ExecOptions#defaults()}. Reads the
   * chunk index now (while the file is open); reads no data.
   *
   * @throws IllegalArgumentException when the datatype is not numeric, naming it
   * @throws Hdf5FormatException when the chunk index cannot be read, or a filter is not one
   *     hyperflux decodes (naming it)
   */
  public Source source() throws IOException {
    return source(0, ExecOptions.defaults());
  }

  /**
   * The data as a source whose grid is the HDF5 chunk grid for a chunked dataset, and otherwise
   * the automatic grid keeping the last {@code signalAxes} axes whole under {@code options}'
   * budget and parallelism (DESIGN §2), read by region.
   *
   * @throws IllegalArgumentException when {@code signalAxes} is outside {@code [0, rank]} or the
   *     datatype is not numeric
   * @throws Hdf5FormatException when the chunk index cannot be read or a filter is not decoded
   */
  public Source source(int signalAxes, ExecOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    DType dtype = numeric();
    if (signalAxes < 0 || signalAxes > shape.rank()) {
      throw new IllegalArgumentException("signalAxes=" + signalAxes + " must be between 0 and the"
          + " rank " + shape.rank() + " of dataset '" + path + "' " + shape);
    }
    Storage s = storageFor();
    ChunkGrid grid = s.nativeGrid() != null ? s.nativeGrid()
        : ChunkGrid.auto(shape, dtype, signalAxes, options.budgetBytes(), options.parallelism());
    return new Hdf5Source(file.path(), path, shape, dtype, grid, s);
  }

  /**
   * The data as a source on {@code grid}. A dataset without chunks is read by region on any grid
   * of its shape; a chunked dataset only on its own chunk grid (rechunk the lazy array, e.g.
   * {@code lazy().rechunk(grid)}, to process it on another).
   *
   * @throws IllegalArgumentException when the grid's shape differs from the dataset's, or the
   *     dataset is chunked on another grid, naming both
   */
  public Source source(ChunkGrid grid) throws IOException {
    Objects.requireNonNull(grid, "grid");
    DType dtype = numeric();
    if (!grid.shape().equals(shape)) {
      throw new IllegalArgumentException("grid " + grid.extentsString() + " of shape "
          + grid.shape() + " does not fit dataset '" + path + "' of shape " + shape);
    }
    Storage s = storageFor();
    if (s.nativeGrid() != null && !s.nativeGrid().equals(grid)) {
      throw new IllegalArgumentException("dataset '" + path + "' in HDF5 file " + file.path()
          + " is stored in chunks " + Arrays.toString(chunkShape) + " (grid "
          + s.nativeGrid().extentsString() + "), not on grid " + grid.extentsString()
          + "; read it on its own grid and rechunk the lazy array");
    }
    return new Hdf5Source(file.path(), path, shape, dtype, grid, s);
  }

  /** {@code LazyArray.of(source())}: nothing is read until it is computed. */
  public LazyArray lazy() throws IOException {
    return LazyArray.of(source());
  }

  private DType numeric() {
    if (empty) {
      throw new IllegalArgumentException("dataset '" + path + "' in HDF5 file " + file.path()
          + " is empty (a null dataspace): it holds no data to read");
    }
    if (type.dtype() == null) {
      throw new IllegalArgumentException("dataset '" + path + "' in HDF5 file " + file.path()
          + " has datatype " + type.description() + ", which flux-core arrays do not hold"
          + " (integers, floats and bools do); read it with values()");
    }
    return type.dtype();
  }

  /** The storage descriptor (reads the chunk index once). */
  Storage storageFor() throws IOException {
    synchronized (file) {
      file.checkOpen();
      return storage();
    }
  }

  /** The storage descriptor, built once (reads the chunk index); the caller holds the file's lock. */
  private Storage storage() throws Hdf5FormatException {
    if (storage != null) return storage;
    Hdf5Filters filters = null;
    if (layout == Hdf5Layout.CHUNKED) {
      try {
        filters = Hdf5Filters.of(filterInfos(), type.size());
      } catch (IllegalArgumentException e) {
        throw new Hdf5FormatException(file.path(), path, e.getMessage(), e);
      }
    }
    try {
      Fill fill;
      try {
        fill = Fill.of(dataset.getFillValue());
      } catch (RuntimeException e) {
        fill = Fill.ZERO;
      }
      switch (layout) {
        case CHUNKED: {
          ChunkGrid grid = ChunkedStorage.gridOf(shape, chunkShape);
          ChunkTable table = ChunkTable.of((ChunkedDataset) dataset, grid, chunkShape,
              file.baseAddress());
          storage = new ChunkedStorage(shape, type, chunkShape, table, filters, fill);
          break;
        }
        case COMPACT: {
          ByteBuffer b = ((DatasetBase) dataset).getDataBuffer();
          byte[] bytes = new byte[b.remaining()];
          b.get(bytes);
          storage = FlatStorage.compact(shape, type, bytes, fill);
          break;
        }
        default: {
          long address = ((ContiguousDataset) dataset).getDataAddress();
          storage = FlatStorage.contiguous(shape, type, address < 0 ? -1 : file.baseAddress() + address, fill);
        }
      }
      return storage;
    } catch (RuntimeException e) {
      throw file.format(path, "cannot read the dataset's storage (layout, chunk index)", e);
    }
  }

  /** The filter pipeline message's entries (empty without one); the caller holds the file's lock. */
  private List<FilterInfo> filterInfos() throws Hdf5FormatException {
    try {
      ObjectHeader header = ((AbstractNode) dataset).getHeader();
      if (!header.hasMessageOfType(FilterPipelineMessage.class)) return List.of();
      return header.getMessageOfType(FilterPipelineMessage.class).getFilters();
    } catch (RuntimeException e) {
      throw file.format(path, "cannot read the filter pipeline", e);
    }
  }

  private static int[] toInts(long[] dims) {
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) out[i] = Math.toIntExact(dims[i]);
    return out;
  }

  @Override
  public String toString() {
    return "Hdf5Dataset[" + file.path() + ":" + path + ", " + type.description() + " " + shape
        + ", " + layout.name().toLowerCase(java.util.Locale.ROOT)
        + (chunkShape == null ? "" : " " + Arrays.toString(chunkShape)) + "]";
  }
}
