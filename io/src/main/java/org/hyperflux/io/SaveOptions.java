package org.hyperflux.io;

import java.util.Arrays;
import java.util.Objects;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.ProgressListener;
import org.hyperflux.core.signal.LearningResults;
import org.hyperflux.io.zarr.ZarrCompressor;

/**
 * How {@link SignalFiles#save} writes a file. Immutable; derive variants with the {@code with*}
 * methods.
 *
 * <ul>
 *   <li>{@link #chunks()}: the stored chunk shape, one extent per array axis in array (C) order
 *       (HyperSpy's {@code chunks}); null (the default) stores the signal's own chunks. Other
 *       chunks are made by rechunking while streaming, costed before anything is written.
 *   <li>{@link #overwrite()}: whether an existing file at the target may be replaced (default
 *       false: saving fails, naming the file, and nothing is written).
 *   <li>{@link #compressor()}: the compressor of {@code .zspy} arrays (default Blosc(zstd, level
 *       1, byte shuffle), HyperSpy's).
 *   <li>{@link #deflateLevel()}: the deflate level of {@code .hspy} datasets (default 4, h5py's
 *       gzip default, which HyperSpy uses), stored with shuffle + deflate.
 *   <li>{@link #dimensionSeparator()}: {@code .zspy} chunk keys {@code i/j/k} ({@code "/"}, the
 *       default, as HyperSpy's {@code NestedDirectoryStore}) or {@code i.j.k} ({@code "."}).
 *   <li>{@link #exec()}: the execution's budget, cores, schedulers and progress listener
 *       ({@link #withProgress} sets the listener, which sees every data chunk written).
 *   <li>{@link #format()}: the format's name; null (the default) picks it from the target's
 *       extension.
 *   <li>{@link #learningResults()}: decomposition results written with the signal as HyperSpy's
 *       {@code learning_results} group ({@code .hspy}, {@code .zspy}; default empty). Other
 *       formats cannot hold them, and saving non-empty results to one fails.
 * </ul>
 *
 * <pre>{@code
 * SaveOptions o = SaveOptions.defaults().withChunks(16, 16, 256, 256).withOverwrite(true)
 *     .withProgress(new ConsoleProgressBar());
 * }</pre>
 */
public final class SaveOptions {
  /** The deflate level of {@code .hspy} datasets unless set: h5py's gzip default, HyperSpy's. */
  public static final int DEFAULT_DEFLATE_LEVEL = 4;

  private static final SaveOptions DEFAULTS = new SaveOptions(null, false,
      ZarrCompressor.zspyDefault(), "/", null, null, DEFAULT_DEFLATE_LEVEL, LearningResults.empty());

  private final int[] chunks;
  private final boolean overwrite;
  private final ZarrCompressor compressor;
  private final String dimensionSeparator;
  private final ExecOptions exec;
  private final String format;
  private final int deflateLevel;
  private final LearningResults learningResults;

  private SaveOptions(int[] chunks, boolean overwrite, ZarrCompressor compressor,
      String dimensionSeparator, ExecOptions exec, String format, int deflateLevel,
      LearningResults learningResults) {
    this.learningResults = learningResults;
    this.chunks = chunks;
    this.overwrite = overwrite;
    this.compressor = compressor;
    this.dimensionSeparator = dimensionSeparator;
    this.exec = exec;
    this.format = format;
    this.deflateLevel = deflateLevel;
  }

  /** The signal's own chunks, no overwrite, HyperSpy's compressor, {@code "/"} keys, default execution, format from the extension. */
  public static SaveOptions defaults() {
    return DEFAULTS;
  }

  /** The stored chunk shape (array order, a copy), or null for the signal's chunks. */
  public int[] chunks() {
    return chunks == null ? null : chunks.clone();
  }

  /** Whether an existing target may be replaced. */
  public boolean overwrite() {
    return overwrite;
  }

  /** The compressor of {@code .zspy} arrays. */
  public ZarrCompressor compressor() {
    return compressor;
  }

  /** {@code "/"} or {@code "."}: how {@code .zspy} chunk keys join their indices. */
  public String dimensionSeparator() {
    return dimensionSeparator;
  }

  /** The execution options ({@link ExecOptions#defaults()} unless set). */
  public ExecOptions exec() {
    return exec == null ? ExecOptions.defaults() : exec;
  }

  /** The deflate level (0..9) of {@code .hspy} datasets, stored with shuffle + deflate. */
  public int deflateLevel() {
    return deflateLevel;
  }

  /** The learning results written with the signal (empty unless set). */
  public LearningResults learningResults() {
    return learningResults;
  }

  /**
   * Writes {@code learningResults} with the signal as HyperSpy's {@code learning_results} group
   * (HyperSpy saves {@code s.learning_results} with {@code s}); {@code .hspy} and {@code .zspy}
   * only.
   */
  public SaveOptions withLearningResults(LearningResults learningResults) {
    return new SaveOptions(chunks, overwrite, compressor, dimensionSeparator, exec, format,
        deflateLevel, Objects.requireNonNull(learningResults, "learningResults"));
  }

  /** The format's name, or null to choose it from the target's extension. */
  public String format() {
    return format;
  }

  /**
   * Stores the data in chunks of {@code chunkShape} (array order), or in the signal's own chunks
   * when null.
   *
   * @throws IllegalArgumentException for an extent below 1
   */
  public SaveOptions withChunks(int... chunkShape) {
    if (chunkShape != null) {
      for (int c : chunkShape) {
        if (c < 1) {
          throw new IllegalArgumentException("chunk extents must be >= 1, got "
              + Arrays.toString(chunkShape));
        }
      }
    }
    return new SaveOptions(chunkShape == null ? null : chunkShape.clone(), overwrite, compressor,
        dimensionSeparator, exec, format, deflateLevel, learningResults);
  }

  /** Allows ({@code true}) or forbids replacing an existing target. */
  public SaveOptions withOverwrite(boolean overwrite) {
    return new SaveOptions(chunks, overwrite, compressor, dimensionSeparator, exec, format, deflateLevel, learningResults);
  }

  /** Compresses {@code .zspy} arrays with {@code compressor}. */
  public SaveOptions withCompressor(ZarrCompressor compressor) {
    return new SaveOptions(chunks, overwrite, Objects.requireNonNull(compressor, "compressor"),
        dimensionSeparator, exec, format, deflateLevel, learningResults);
  }

  /**
   * Joins {@code .zspy} chunk indices with {@code separator}.
   *
   * @throws IllegalArgumentException unless it is {@code "/"} or {@code "."}
   */
  public SaveOptions withDimensionSeparator(String separator) {
    if (!"/".equals(separator) && !".".equals(separator)) {
      throw new IllegalArgumentException(
          "dimension separator must be \"/\" or \".\", got \"" + separator + "\"");
    }
    return new SaveOptions(chunks, overwrite, compressor, separator, exec, format, deflateLevel, learningResults);
  }

  /** Runs the save with {@code exec} (budget, cores, schedulers, progress listener). */
  public SaveOptions withExec(ExecOptions exec) {
    return new SaveOptions(chunks, overwrite, compressor, dimensionSeparator,
        Objects.requireNonNull(exec, "exec"), format, deflateLevel, learningResults);
  }

  /** Reports the chunks written to {@code progress}. */
  public SaveOptions withProgress(ProgressListener progress) {
    return withExec(exec().withProgress(Objects.requireNonNull(progress, "progress")));
  }

  /**
   * Compresses {@code .hspy} datasets with deflate at {@code level} (HyperSpy's gzip; 1 is
   * fastest, 9 smallest).
   *
   * @throws IllegalArgumentException for a level outside 0..9
   */
  public SaveOptions withDeflateLevel(int level) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("deflate level must be in 0..9, got " + level);
    }
    return new SaveOptions(chunks, overwrite, compressor, dimensionSeparator, exec, format, level, learningResults);
  }

  /** Writes format {@code format} (a provider's name) whatever the target's extension; null: from the extension. */
  public SaveOptions withFormat(String format) {
    return new SaveOptions(chunks, overwrite, compressor, dimensionSeparator, exec, format, deflateLevel, learningResults);
  }

  @Override
  public String toString() {
    return "SaveOptions[chunks " + (chunks == null ? "(signal's)" : Arrays.toString(chunks))
        + ", overwrite " + overwrite + ", compressor " + compressor + ", separator \""
        + dimensionSeparator + "\", deflate level " + deflateLevel + ", format "
        + (format == null ? "(from extension)" : format)
        + (learningResults.isEmpty() ? "" : ", learning results " + learningResults.entries().keySet()) + "]";
  }
}
