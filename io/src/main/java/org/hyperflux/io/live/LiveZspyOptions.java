package org.hyperflux.io.live;

import java.nio.file.Path;
import java.util.Objects;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.io.zarr.ZarrCompressor;

/**
 * How a {@link LiveZspyWriter} writes one acquisition: the target {@code .zspy} directory,
 * whether an existing target is replaced, the chunking, the compressor, the execution options
 * (budget and schedulers), and what the file says about the data (title, signal type,
 * calibration). Immutable; derive variants with the {@code with*} methods.
 *
 * <p>Defaults: an existing target is refused; one scan row per chunk, chunk shape {@code (1,
 * scanX, frameHeight, frameWidth)}, or part of one row when a row does not fit the budget (see
 * {@link LiveZspyWriter#checkBudget}); lz4 (numcodecs' {@code LZ4}, read by zarr-python and
 * HyperSpy), fast enough to follow a detector; chunk keys joined by {@code "/"} (HyperSpy's
 * {@code NestedDirectoryStore}); {@link ExecOptions#defaults()}; the title is the target's file
 * name without its extension; no signal type; uncalibrated axes (scale 1, offset 0, no units).
 *
 * <pre>{@code
 * LiveZspyOptions o = LiveZspyOptions.to(Path.of("scan.zspy"))
 *     .withScanCalibration(2.5, "nm").withDetectorCalibration(0.01, "1/nm")
 *     .withExec(ExecOptions.defaults().withBudgetBytes(512L << 20));
 * }</pre>
 */
public final class LiveZspyOptions {
  private final Path target;
  private final boolean overwrite;
  private final int rowsPerChunk;
  private final int columnsPerChunk;
  private final ZarrCompressor compressor;
  private final String dimensionSeparator;
  private final ExecOptions exec;
  private final String title;
  private final String signalType;
  private final double scanStep;
  private final String scanUnits;
  private final double pixelSize;
  private final String pixelUnits;

  private LiveZspyOptions(Path target, boolean overwrite, int rowsPerChunk, int columnsPerChunk,
      ZarrCompressor compressor, String dimensionSeparator, ExecOptions exec, String title,
      String signalType, double scanStep, String scanUnits, double pixelSize, String pixelUnits) {
    this.target = target;
    this.overwrite = overwrite;
    this.rowsPerChunk = rowsPerChunk;
    this.columnsPerChunk = columnsPerChunk;
    this.compressor = compressor;
    this.dimensionSeparator = dimensionSeparator;
    this.exec = exec;
    this.title = title;
    this.signalType = signalType;
    this.scanStep = scanStep;
    this.scanUnits = scanUnits;
    this.pixelSize = pixelSize;
    this.pixelUnits = pixelUnits;
  }

  /** The defaults (see the class comment) for writing to the {@code .zspy} directory {@code target}. */
  public static LiveZspyOptions to(Path target) {
    Objects.requireNonNull(target, "target");
    return new LiveZspyOptions(target, false, 0, 0, ZarrCompressor.lz4(1), "/",
        ExecOptions.defaults(), null, "", 1.0, null, 1.0, null);
  }

  public Path target() {
    return target;
  }

  /** Whether an existing target is replaced (removed when the acquisition starts). */
  public boolean overwrite() {
    return overwrite;
  }

  /** Scan rows per chunk; 0: chosen by {@link LiveZspyWriter#checkBudget} (one row, or part of one). */
  public int rowsPerChunk() {
    return rowsPerChunk;
  }

  /** Scan positions of a row per chunk; 0: chosen (the whole row, or the part that fits the budget). */
  public int columnsPerChunk() {
    return columnsPerChunk;
  }

  public ZarrCompressor compressor() {
    return compressor;
  }

  /** The chunk key separator, {@code "/"} or {@code "."}. */
  public String dimensionSeparator() {
    return dimensionSeparator;
  }

  public ExecOptions exec() {
    return exec;
  }

  /** {@code General.title}; null: the target's file name without its extension. */
  public String title() {
    return title;
  }

  /** {@code Signal.signal_type} ({@code ""}: none, HyperSpy's default). */
  public String signalType() {
    return signalType;
  }

  /** Scan step of both navigation axes (scale of {@code x} and {@code y}). */
  public double scanStep() {
    return scanStep;
  }

  /** Units of the navigation axes, or null (undefined). */
  public String scanUnits() {
    return scanUnits;
  }

  /** Detector pixel size (scale of the signal axes {@code dx} and {@code dy}). */
  public double pixelSize() {
    return pixelSize;
  }

  /** Units of the signal axes, or null (undefined). */
  public String pixelUnits() {
    return pixelUnits;
  }

  public LiveZspyOptions withOverwrite(boolean overwrite) {
    return new LiveZspyOptions(target, overwrite, rowsPerChunk, columnsPerChunk, compressor,
        dimensionSeparator, exec, title, signalType, scanStep, scanUnits, pixelSize, pixelUnits);
  }

  /** Writes {@code rows} scan rows per chunk (whole rows unless {@link #withColumnsPerChunk}). */
  public LiveZspyOptions withRowsPerChunk(int rows) {
    if (rows < 1) throw new IllegalArgumentException("rows per chunk must be >= 1, got " + rows);
    return new LiveZspyOptions(target, overwrite, rows, columnsPerChunk, compressor,
        dimensionSeparator, exec, title, signalType, scanStep, scanUnits, pixelSize, pixelUnits);
  }

  /** Writes {@code columns} positions of a scan row per chunk (one row per chunk unless {@link #withRowsPerChunk}). */
  public LiveZspyOptions withColumnsPerChunk(int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("columns per chunk must be >= 1, got " + columns);
    }
    return new LiveZspyOptions(target, overwrite, rowsPerChunk, columns, compressor,
        dimensionSeparator, exec, title, signalType, scanStep, scanUnits, pixelSize, pixelUnits);
  }

  /** The chunks' compressor: {@link ZarrCompressor#lz4} (default) or {@link ZarrCompressor#none()} to follow fast detectors; Blosc or zstd to save space. */
  public LiveZspyOptions withCompressor(ZarrCompressor compressor) {
    Objects.requireNonNull(compressor, "compressor");
    return new LiveZspyOptions(target, overwrite, rowsPerChunk, columnsPerChunk, compressor,
        dimensionSeparator, exec, title, signalType, scanStep, scanUnits, pixelSize, pixelUnits);
  }

  public LiveZspyOptions withDimensionSeparator(String separator) {
    if (!"/".equals(separator) && !".".equals(separator)) {
      throw new IllegalArgumentException("chunk key separator must be \"/\" or \".\", got \"" + separator + "\"");
    }
    return new LiveZspyOptions(target, overwrite, rowsPerChunk, columnsPerChunk, compressor,
        separator, exec, title, signalType, scanStep, scanUnits, pixelSize, pixelUnits);
  }

  /** The budget the assembly and write buffers are checked against, and the IO scheduler writes run on. */
  public LiveZspyOptions withExec(ExecOptions exec) {
    Objects.requireNonNull(exec, "exec");
    return new LiveZspyOptions(target, overwrite, rowsPerChunk, columnsPerChunk, compressor,
        dimensionSeparator, exec, title, signalType, scanStep, scanUnits, pixelSize, pixelUnits);
  }

  public LiveZspyOptions withTitle(String title) {
    Objects.requireNonNull(title, "title");
    return new LiveZspyOptions(target, overwrite, rowsPerChunk, columnsPerChunk, compressor,
        dimensionSeparator, exec, title, signalType, scanStep, scanUnits, pixelSize, pixelUnits);
  }

  /** {@code Signal.signal_type}, e.g. {@code "electron_diffraction"} (pyxem's). */
  public LiveZspyOptions withSignalType(String signalType) {
    Objects.requireNonNull(signalType, "signalType");
    return new LiveZspyOptions(target, overwrite, rowsPerChunk, columnsPerChunk, compressor,
        dimensionSeparator, exec, title, signalType, scanStep, scanUnits, pixelSize, pixelUnits);
  }

  /** The scan step (scale of the navigation axes) and its units (null: undefined). */
  public LiveZspyOptions withScanCalibration(double step, String units) {
    checkScale(step, "scan step");
    return new LiveZspyOptions(target, overwrite, rowsPerChunk, columnsPerChunk, compressor,
        dimensionSeparator, exec, title, signalType, step, units, pixelSize, pixelUnits);
  }

  /** The detector pixel size (scale of the signal axes) and its units (null: undefined). */
  public LiveZspyOptions withDetectorCalibration(double pixelSize, String units) {
    checkScale(pixelSize, "pixel size");
    return new LiveZspyOptions(target, overwrite, rowsPerChunk, columnsPerChunk, compressor,
        dimensionSeparator, exec, title, signalType, scanStep, scanUnits, pixelSize, units);
  }

  private static void checkScale(double v, String what) {
    if (!Double.isFinite(v) || v == 0) {
      throw new IllegalArgumentException(what + " must be finite and non-zero, got " + v);
    }
  }

  @Override
  public String toString() {
    return "LiveZspyOptions[" + target + (overwrite ? ", overwrite" : "") + ", chunks "
        + (rowsPerChunk == 0 ? "auto" : rowsPerChunk) + " rows x "
        + (columnsPerChunk == 0 ? "auto" : columnsPerChunk) + " columns, " + compressor + "]";
  }
}
