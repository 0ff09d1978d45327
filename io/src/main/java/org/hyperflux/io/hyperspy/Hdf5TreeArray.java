package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Source;
import org.hyperflux.io.hdf5.Hdf5Dataset;

/**
 * A dataset of an open {@code .hspy} file as a {@link TreeArray}, over {@link Hdf5Dataset}.
 *
 * <ul>
 *   <li>A numeric dataset (integers, floats, numpy bools) has a {@link #source()} on its own
 *       grid: its HDF5 chunks (HyperSpy always writes {@code data} chunked: {@code load(lazy=True)}
 *       keeps them as dask chunks), or, stored without chunks, the automatic grid of {@link
 *       Hdf5Dataset#source()} (HyperSpy lets dask choose there too). The source reads the chunk
 *       index when it is made (while the file is open) and nothing else; it outlives the file.
 *   <li>Other datasets (HyperSpy's {@code _list_} lists of variable-length strings, fixed-length
 *       byte strings, compounds) have no dtype and are read through {@link #values()} only, which
 *       reads the variable-length string lists jHDF 0.13.0 cannot decode itself.
 * </ul>
 */
final class Hdf5TreeArray implements TreeArray {
  private final String file;
  private final Hdf5Dataset dataset;
  private Source source;

  Hdf5TreeArray(String file, Hdf5Dataset dataset) {
    this.file = file;
    this.dataset = dataset;
  }

  @Override
  public String file() {
    return file;
  }

  @Override
  public String path() {
    return dataset.path();
  }

  @Override
  public Shape shape() {
    return dataset.shape();
  }

  @Override
  public Optional<DType> dtype() {
    return dataset.isEmpty() ? Optional.empty() : dataset.dtype();
  }

  @Override
  public ChunkGrid grid() {
    if (dtype().isPresent()) return source().grid();
    Optional<int[]> chunks = dataset.chunkShape();
    return chunks.isPresent() ? ChunkGrid.regular(shape(), chunks.get()) : ChunkGrid.single(shape());
  }

  @Override
  public synchronized Source source() {
    if (dtype().isEmpty()) {
      throw new IllegalStateException("dataset " + path() + " of " + file + " holds "
          + dataset.type() + ", not numbers: it has no numeric source");
    }
    if (source == null) {
      try {
        source = dataset.source();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return source;
  }

  /** Every element in C order; uint64 values above Long.MAX_VALUE as Double. */
  @Override
  public List<Object> values() throws IOException {
    Object v = dataset.values();
    List<Object> out = new ArrayList<>();
    if (dataset.isEmpty()) return out;
    flatten(v, shape().rank(), out);
    return out;
  }

  /** The {@code levels} outer list levels of {@code v} (one per axis) unrolled into {@code out}. */
  private static void flatten(Object v, int levels, List<Object> out) {
    if (levels > 0 && v instanceof List<?> l) {
      for (Object o : l) flatten(o, levels - 1, out);
    } else {
      out.add(Hdf5TreeGroup.value(v));
    }
  }

  @Override
  public Map<String, Object> attributes() throws IOException {
    return Hdf5TreeGroup.normalise(dataset.attributes());
  }

  @Override
  public String toString() {
    return "HDF5 dataset " + path() + " (" + dataset.type() + " " + shape() + ") of " + file;
  }
}
