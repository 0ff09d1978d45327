package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;

/**
 * Any HDF5 dataset, named by its path in the file, as a lazy array or a lazy signal. Each call
 * opens the file, reads the dataset's header, attributes and chunk index, and closes it again;
 * the result holds no open file (every execution opens the file for itself), and nothing of the
 * data is read until it is computed.
 *
 * <p>Chunking: a chunked dataset is read by its HDF5 chunks (the automatic choice, as HyperSpy's
 * {@code load(lazy=True)} keeps the on-disk chunks), or rechunked to the caller's chunk shape; a
 * dataset without chunks (contiguous or compact) is read by region on the caller's chunk shape or
 * on the automatic grid of DESIGN §2, which keeps the signal axes whole, so one that is larger
 * than the budget still streams. In a chunk shape, {@code -1} stands for a whole axis.
 *
 * <pre>{@code
 * // a 4D-STEM stack: navigation (y, x), signal (ky, kx)
 * Signal s = Hdf5Datasets.signal(Path.of("scan.h5"), "/entry/data/data", 2);
 * Signal frames = Hdf5Datasets.signal(Path.of("scan.h5"), "/entry/data/data", 2,
 *     new int[] {8, -1, -1, -1});   // 8 scan rows per chunk
 * LazyArray a = Hdf5Datasets.array(Path.of("scan.h5"), "/entry/data/data", 2);
 * }</pre>
 */
public final class Hdf5Datasets {
  private Hdf5Datasets() {}

  /**
   * The dataset as a lazy array on its automatic chunking (see the class comment), the last
   * {@code signalDimension} axes kept whole in chunks of a dataset without chunks, under
   * {@link ExecOptions#defaults()}.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws Hdf5FormatException when it is not a readable HDF5 file, or the dataset uses a filter
   *     hyperflux does not decode
   * @throws IllegalArgumentException when there is no such dataset, its datatype is not numeric,
   *     or {@code signalDimension} is outside {@code [0, rank]}
   */
  public static LazyArray array(Path file, String dataset, int signalDimension) throws IOException {
    return array(file, dataset, signalDimension, ExecOptions.defaults());
  }

  /** As {@link #array(Path, String, int)}, the automatic grid chosen under {@code options}' budget and parallelism. */
  public static LazyArray array(Path file, String dataset, int signalDimension, ExecOptions options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    try (Hdf5File f = Hdf5File.open(file)) {
      return LazyArray.of(f.dataset(dataset).source(signalDimension, options));
    }
  }

  /**
   * The dataset as a lazy array in chunks of {@code chunkShape} (C order; {@code -1} = the whole
   * axis): a dataset without chunks is read by region on that grid; a chunked dataset is read by
   * its HDF5 chunks and rechunked when they differ.
   *
   * @throws IllegalArgumentException when {@code chunkShape} does not have the dataset's rank or
   *     has an extent below 1 other than -1, besides the errors of {@link #array(Path, String, int)}
   */
  public static LazyArray array(Path file, String dataset, int[] chunkShape) throws IOException {
    Objects.requireNonNull(chunkShape, "chunkShape");
    try (Hdf5File f = Hdf5File.open(file)) {
      return chunked(f.dataset(dataset), chunkShape);
    }
  }

  /**
   * The dataset as a lazy signal whose last {@code signalDimension} axes are signal axes, on the
   * automatic chunking of {@link #array(Path, String, int)}: HyperSpy's default axes (scale 1,
   * offset 0, no names or units), title = the dataset's name, {@code General.original_filename} =
   * the file's name, and {@code original_metadata} = the dataset's attributes (a dot in an
   * attribute name becomes {@code _}, since dots separate metadata paths; uint64 values above
   * {@code Long.MAX_VALUE} become doubles).
   */
  public static Signal signal(Path file, String dataset, int signalDimension) throws IOException {
    return signal(file, dataset, signalDimension, ExecOptions.defaults());
  }

  /** As {@link #signal(Path, String, int)}, the automatic grid chosen under {@code options}. */
  public static Signal signal(Path file, String dataset, int signalDimension, ExecOptions options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    try (Hdf5File f = Hdf5File.open(file)) {
      Hdf5Dataset d = f.dataset(dataset);
      checkSignalDimension(d, signalDimension);
      return signalOf(f, d, LazyArray.of(d.source(signalDimension, options)), signalDimension);
    }
  }

  /** As {@link #signal(Path, String, int)}, in chunks of {@code chunkShape} as {@link #array(Path, String, int[])}. */
  public static Signal signal(Path file, String dataset, int signalDimension, int[] chunkShape)
      throws IOException {
    Objects.requireNonNull(chunkShape, "chunkShape");
    try (Hdf5File f = Hdf5File.open(file)) {
      Hdf5Dataset d = f.dataset(dataset);
      checkSignalDimension(d, signalDimension);
      return signalOf(f, d, chunked(d, chunkShape), signalDimension);
    }
  }

  /**
   * The dataset {@link LoadOptions#dataset()} of {@code file} as a lazy signal, read as {@code
   * options} say: its last {@link LoadOptions#signalDimension()} axes are signal axes (every axis
   * when not set, HyperSpy's {@code BaseSignal}); chunked in {@link LoadOptions#chunks()} as
   * {@link #signal(Path, String, int, int[])}, or automatically under {@link LoadOptions#exec()}
   * as {@link #signal(Path, String, int, ExecOptions)}. {@link
   * org.hyperflux.io.SignalFiles#load(Path, LoadOptions)} reads datasets by path with it.
   *
   * @throws IllegalArgumentException when {@code options} names no dataset, or for the errors of
   *     the other {@code signal} methods
   */
  public static Signal signal(Path file, LoadOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    if (options.dataset() == null) {
      throw new IllegalArgumentException("LoadOptions name no dataset to read from " + file
          + "; use LoadOptions.withDataset(path)");
    }
    try (Hdf5File f = Hdf5File.open(file)) {
      Hdf5Dataset d = f.dataset(options.dataset());
      int signalDimension = options.signalDimension().orElse(d.shape().rank());
      checkSignalDimension(d, signalDimension);
      int[] chunks = options.chunks();
      LazyArray data = chunks != null ? chunked(d, chunks)
          : LazyArray.of(d.source(signalDimension, options.exec()));
      return signalOf(f, d, data, signalDimension);
    }
  }

  private static void checkSignalDimension(Hdf5Dataset d, int signalDimension) {
    if (signalDimension < 0 || signalDimension > d.shape().rank()) {
      throw new IllegalArgumentException("signalDimension=" + signalDimension + " must be between 0"
          + " and the rank " + d.shape().rank() + " of dataset '" + d.path() + "' " + d.shape());
    }
  }

  private static LazyArray chunked(Hdf5Dataset d, int[] chunkShape) throws IOException {
    Shape shape = d.shape();
    if (chunkShape.length != shape.rank()) {
      throw new IllegalArgumentException("chunk shape " + Arrays.toString(chunkShape) + " has rank "
          + chunkShape.length + " but dataset '" + d.path() + "' has shape " + shape);
    }
    int[] c = new int[chunkShape.length];
    for (int a = 0; a < c.length; a++) {
      if (chunkShape[a] == -1) {
        c[a] = (int) Math.max(1, Math.min(Integer.MAX_VALUE, shape.dim(a)));
      } else if (chunkShape[a] >= 1) {
        c[a] = chunkShape[a];
      } else {
        throw new IllegalArgumentException("chunk shape " + Arrays.toString(chunkShape)
            + " has extent " + chunkShape[a] + " along axis " + a
            + "; extents are >= 1, or -1 for the whole axis");
      }
    }
    ChunkGrid grid = ChunkGrid.regular(shape, c);
    if (d.layout() != Hdf5Layout.CHUNKED) return LazyArray.of(d.source(grid));
    Source s = d.source();
    LazyArray a = LazyArray.of(s);
    return s.grid().equals(grid) ? a : a.rechunk(grid);
  }

  private static Signal signalOf(Hdf5File f, Hdf5Dataset d, LazyArray data, int signalDimension)
      throws IOException {
    Metadata original = Metadata.of(metadataSafe(d.attributes()));
    Metadata md = Metadata.empty().withTitle(d.name())
        .with(Metadata.ORIGINAL_FILENAME, String.valueOf(f.path().getFileName()));
    return Signal.of(data, signalDimension).withMetadata(md).withOriginalMetadata(original);
  }

  /** Attribute values as metadata accepts them: dotted names and uint64 values adapted, maps as nodes. */
  private static Map<String, Object> metadataSafe(Map<String, Object> attributes) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      String key = e.getKey().isEmpty() ? "_" : e.getKey().replace('.', '_');
      out.put(key, metadataValue(e.getValue()));
    }
    return out;
  }

  private static Object metadataValue(Object v) {
    if (v instanceof BigInteger b) return b.doubleValue();
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) out.add(o instanceof Map<?, ?> ? String.valueOf(o) : metadataValue(o));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()).replace('.', '_'), metadataValue(e.getValue()));
      }
      return out;
    }
    return v;
  }
}
