package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.SignalWriter;

/**
 * Any HDF5 file, as {@link org.hyperflux.io.SignalFiles} reads it: one dataset at a time, named by
 * its path ({@link LoadOptions#withDataset}), as the lazy signal of {@link
 * Hdf5Datasets#signal(Path, LoadOptions)}. Read only.
 *
 * <pre>{@code
 * Signal s = SignalFiles.load(Path.of("scan.h5"), LoadOptions.defaults()
 *     .withDataset("/entry/data/data").withSignalDimension(2));
 * }</pre>
 *
 * <p>A file is recognised by HDF5's signature; this is a {@linkplain #fallback() fallback}
 * format, asked after the others, so HDF5 files in a format of their own (HyperSpy's {@code
 * .hspy}) are read as that format. An HDF5 file loaded without a dataset path fails with an
 * {@link IllegalArgumentException} listing the datasets it holds (path, dtype and shape), so the
 * user sees what to pass.
 */
public final class Hdf5Format implements FormatProvider {
  /** At most this many datasets are listed in the message of a load without a dataset path. */
  static final int LISTED = 40;

  /** The provider ({@link java.util.ServiceLoader} creates it). */
  public Hdf5Format() {}

  @Override
  public String name() {
    return "hdf5";
  }

  @Override
  public String description() {
    return "any HDF5 file, one dataset read lazily by its path (LoadOptions.withDataset;"
        + " hyperflux: --dataset PATH)";
  }

  @Override
  public List<String> extensions() {
    return List.of("h5", "hdf5", "hdf", "nxs");
  }

  @Override
  public boolean canRead(Path path) {
    return Hdf5File.isHdf5(path);
  }

  @Override
  public boolean fallback() {
    return true;
  }

  /**
   * Fails: a plain HDF5 file is read one dataset at a time, by path.
   *
   * @throws IllegalArgumentException listing the file's datasets (path, dtype, shape)
   * @throws java.nio.file.NoSuchFileException when there is no file at {@code path}
   * @throws Hdf5FormatException when it is not a readable HDF5 file
   */
  @Override
  public List<Signal> read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    try (Hdf5File f = Hdf5File.open(path)) {
      throw new IllegalArgumentException(path + " is an HDF5 file without a format hyperflux"
          + " recognises (not HyperSpy's): load one of its datasets by path with"
          + " LoadOptions.withDataset(path) (hyperflux: --dataset PATH); " + listing(f));
    }
  }

  /** The dataset of {@link LoadOptions#dataset()} as a lazy signal; without one, {@link #read(Path)}. */
  @Override
  public List<Signal> read(Path path, LoadOptions options) throws IOException {
    if (options.dataset() == null) return read(path);
    return List.of(Hdf5Datasets.signal(path, options));
  }

  /**
   * What the file holds, for messages: {@code "its datasets: /a (float32, (3, 4)), ..."} (at most
   * {@link #LISTED}, then how many more), or {@code "it holds no datasets"}.
   */
  public static String listing(Hdf5File f) throws IOException {
    List<String> paths = f.datasetPaths();
    if (paths.isEmpty()) return "it holds no datasets";
    StringBuilder b = new StringBuilder("its datasets: ");
    for (int i = 0; i < Math.min(LISTED, paths.size()); i++) {
      if (i > 0) b.append(", ");
      b.append(describe(f, paths.get(i)));
    }
    if (paths.size() > LISTED) b.append(", ... and ").append(paths.size() - LISTED).append(" more");
    return b.toString();
  }

  private static String describe(Hdf5File f, String path) {
    try {
      Hdf5Dataset d = f.dataset(path);
      String type = d.dtype().map(t -> t.numpyName()).orElse(d.type());
      long[] dims = d.shape().dims();
      StringBuilder shape = new StringBuilder("(");
      for (int i = 0; i < dims.length; i++) {
        shape.append(i > 0 ? ", " : "").append(dims[i]);
      }
      if (dims.length == 1) shape.append(',');
      return path + " (" + type + ", " + shape.append(')') + ")";
    } catch (IOException | RuntimeException e) {
      return path + " (unreadable header)";
    }
  }

  @Override
  public boolean canWrite() {
    return false;
  }

  /** @throws UnsupportedOperationException always: plain HDF5 is read only */
  @Override
  public SignalWriter writer(Signal signal, Path target, SaveOptions options) {
    throw new UnsupportedOperationException("hyperflux reads HDF5 datasets but does not write"
        + " plain HDF5 files; save as .zspy");
  }

  @Override
  public String toString() {
    return "Hdf5Format[" + description() + "]";
  }
}
