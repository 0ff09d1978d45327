package org.hyperflux.io;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import org.hyperflux.core.exec.ExecOptions;

/**
 * How {@link SignalFiles#load} reads a file. Immutable; derive variants with the {@code with*}
 * methods.
 *
 * <ul>
 *   <li>{@link #lazy()}: true (the default) returns lazy signals, whose data are read chunk by
 *       chunk when computed; false computes them into memory before returning (HyperSpy's
 *       {@code lazy=False}, its default).
 *   <li>{@link #format()}: the format's name; null (the default) detects it from the content.
 *   <li>{@link #exec()}: the execution options of an eager load, and the budget and cores under
 *       which the automatic chunks of a dataset read by path are chosen.
 *   <li>{@link #dataset()}: the path of one dataset inside a container file (an HDF5 file, plain
 *       or HyperSpy's), read as a signal of its own; null (the default) reads the signals the
 *       format stores. With a dataset, {@link #signalDimension()} says how many of its last axes
 *       are signal axes and {@link #chunks()} how it is chunked.
 *   <li>{@link #navigationShape()}: the scan shape of a file of frames that does not store one
 *       (a Merlin {@code .mib} without {@code ScanX}/{@code ScanY} in its {@code .hdr}); null
 *       (the default) takes the file's.
 * </ul>
 *
 * <pre>{@code
 * // a 4D-STEM stack in a NeXus file: navigation (y, x), signal (ky, kx)
 * Signal s = SignalFiles.load(Path.of("scan.nxs"), LoadOptions.defaults()
 *     .withDataset("/entry/data/data").withSignalDimension(2));
 * // the same in chunks of 8 scan rows with whole frames (-1: the whole axis)
 * LoadOptions rows = LoadOptions.defaults().withDataset("/entry/data/data")
 *     .withSignalDimension(2).withChunks(8, -1, -1, -1);
 * }</pre>
 */
public final class LoadOptions {
  private static final LoadOptions DEFAULTS = new LoadOptions(true, null, null, null, -1, null, null);

  private final boolean lazy;
  private final String format;
  private final ExecOptions exec;
  private final String dataset;
  /** -1: not set. */
  private final int signalDimension;
  private final int[] chunks;
  private final long[] navigationShape;

  private LoadOptions(boolean lazy, String format, ExecOptions exec, String dataset,
      int signalDimension, int[] chunks, long[] navigationShape) {
    this.lazy = lazy;
    this.format = format;
    this.exec = exec;
    this.dataset = dataset;
    this.signalDimension = signalDimension;
    this.chunks = chunks;
    this.navigationShape = navigationShape;
  }

  /** Lazy, format detected, default execution, the signals the format stores. */
  public static LoadOptions defaults() {
    return DEFAULTS;
  }

  /** Whether signals are returned lazy (true) or computed into memory. */
  public boolean lazy() {
    return lazy;
  }

  /** The format's name, or null to detect it. */
  public String format() {
    return format;
  }

  /** The execution options of an eager load ({@link ExecOptions#defaults()} unless set). */
  public ExecOptions exec() {
    return exec == null ? ExecOptions.defaults() : exec;
  }

  /** The path of the dataset to read (e.g. {@code /entry/data/data}), or null for the stored signals. */
  public String dataset() {
    return dataset;
  }

  /**
   * How many of the dataset's last axes are signal axes; empty when not set, which makes every
   * axis a signal axis (HyperSpy's {@code BaseSignal} of an array). Only with {@link #dataset()}.
   */
  public OptionalInt signalDimension() {
    return signalDimension < 0 ? OptionalInt.empty() : OptionalInt.of(signalDimension);
  }

  /**
   * The chunk shape the dataset is read in (C order, {@code -1} for a whole axis; a copy), or
   * null for its automatic chunks: its own HDF5 chunks, or for a dataset stored without chunks
   * the grid of {@link org.hyperflux.core.array.ChunkGrid#auto} under {@link #exec()}, keeping the
   * signal axes whole. Only with {@link #dataset()}.
   */
  public int[] chunks() {
    return chunks == null ? null : chunks.clone();
  }

  /** Lazy ({@code true}) or eager signals. */
  public LoadOptions withLazy(boolean lazy) {
    return new LoadOptions(lazy, format, exec, dataset, signalDimension, chunks, navigationShape);
  }

  /** Reads the file as format {@code format} (a provider's name) without detecting it; null: detect. */
  public LoadOptions withFormat(String format) {
    return new LoadOptions(lazy, format, exec, dataset, signalDimension, chunks, navigationShape);
  }

  /** Computes eager loads, and chooses a dataset's automatic chunks, with {@code exec}. */
  public LoadOptions withExec(ExecOptions exec) {
    return new LoadOptions(lazy, format, Objects.requireNonNull(exec, "exec"), dataset,
        signalDimension, chunks, navigationShape);
  }

  /**
   * Reads the one dataset at {@code path} inside the file (absolute, e.g. {@code
   * /entry/data/data}) as a signal, instead of the signals the format stores; null: the stored
   * signals. The signal has HyperSpy's default axes (scale 1, offset 0), the dataset's name as
   * title and its attributes as {@code original_metadata}.
   *
   * @throws IllegalArgumentException for an empty path
   */
  public LoadOptions withDataset(String path) {
    if (path != null && path.isBlank()) {
      throw new IllegalArgumentException("dataset path must not be empty; give e.g. \"/entry/data/data\"");
    }
    return new LoadOptions(lazy, format, exec, path, signalDimension, chunks, navigationShape);
  }

  /**
   * Makes the last {@code signalDimension} axes of the {@link #dataset()} signal axes (the others
   * navigation axes): 2 for a 4D-STEM stack {@code (y, x, ky, kx)}, 1 for a spectrum image.
   *
   * @throws IllegalArgumentException for a negative value
   */
  public LoadOptions withSignalDimension(int signalDimension) {
    if (signalDimension < 0) {
      throw new IllegalArgumentException("signalDimension must be >= 0, got " + signalDimension);
    }
    return new LoadOptions(lazy, format, exec, dataset, signalDimension, chunks, navigationShape);
  }

  /**
   * Reads the {@link #dataset()} in chunks of {@code chunkShape} (C order, one extent per axis,
   * {@code -1} for the whole axis); null: its automatic chunks. A dataset stored without chunks is
   * read by region on that grid; a chunked one is read by its own chunks and rechunked.
   *
   * @throws IllegalArgumentException for an extent below 1 other than -1
   */
  public LoadOptions withChunks(int... chunkShape) {
    if (chunkShape != null) {
      for (int c : chunkShape) {
        if (c < 1 && c != -1) {
          throw new IllegalArgumentException("chunk extents must be >= 1, or -1 for a whole axis;"
              + " got " + Arrays.toString(chunkShape));
        }
      }
    }
    return new LoadOptions(lazy, format, exec, dataset, signalDimension,
        chunkShape == null ? null : chunkShape.clone(), navigationShape);
  }

  /**
   * The navigation shape a file of frames without a stored scan shape is read in (array order,
   * e.g. {@code (ScanY, ScanX)}; at most one {@code -1}, inferred from the number of frames;
   * a copy), or null (the default) for the shape the file gives. Formats that store their
   * navigation shape refuse it ({@link org.hyperflux.io.spi.FormatProvider#acceptsNavigationShape()}).
   */
  public long[] navigationShape() {
    return navigationShape == null ? null : navigationShape.clone();
  }

  /**
   * Reads a file of frames as a scan of {@code shape} (array order: slowest axis first, so a
   * 4D-STEM scan of {@code ScanX} columns and {@code ScanY} rows is {@code (ScanY, ScanX)}; one
   * extent may be {@code -1}, inferred from the number of frames). For Merlin {@code .mib} files,
   * whose {@code .hdr} sidecar gives the scan shape only in recent software versions (HyperSpy's
   * {@code navigation_shape}, given there in (x, y) order). null: the shape the file gives.
   *
   * @throws IllegalArgumentException for an empty shape, an extent below 1 other than -1, or
   *     more than one -1
   */
  public LoadOptions withNavigationShape(long... shape) {
    if (shape != null) {
      int inferred = 0;
      for (long d : shape) {
        if (d == -1) inferred++;
        if ((d < 1 && d != -1) || inferred > 1) {
          throw new IllegalArgumentException("navigation extents must be >= 1, with at most one"
              + " -1 (inferred); got " + Arrays.toString(shape));
        }
      }
      if (shape.length == 0) {
        throw new IllegalArgumentException("navigation shape must have at least one axis; give"
            + " e.g. (ScanY, ScanX) = (256, 256), or null for the file's own");
      }
    }
    return new LoadOptions(lazy, format, exec, dataset, signalDimension, chunks,
        shape == null ? null : shape.clone());
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("LoadOptions[lazy ").append(lazy).append(", format ")
        .append(format == null ? "(detected)" : format);
    if (dataset != null) {
      b.append(", dataset ").append(dataset).append(", signal dimension ")
          .append(signalDimension < 0 ? "(all axes)" : Integer.toString(signalDimension))
          .append(", chunks ").append(chunks == null ? "(automatic)" : Arrays.toString(chunks));
    }
    if (navigationShape != null) b.append(", navigation shape ").append(Arrays.toString(navigationShape));
    return b.append(']').toString();
  }
}
