package org.hyperflux.io.live;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.io.hyperspy.StoredSignal;
import org.hyperflux.io.hyperspy.ZspyFormat;
import org.hyperflux.io.zarr.ZarrArray;
import org.hyperflux.io.zarr.ZarrGroup;

/**
 * What a {@code .zspy} file written by {@link LiveZspyWriter} says about its acquisition: the
 * {@code metadata.Acquisition} node (complete, counts, how it ended) and the valid-frame mask.
 * Reads metadata only (blocking); thread-safe.
 *
 * <pre>{@code
 * if (!LiveZspyFiles.isComplete(path)) {
 *   boolean[][] valid = LiveZspyFiles.validFrames(path); // [scanY][scanX], true where a frame was written
 * }
 * }</pre>
 */
public final class LiveZspyFiles {
  private LiveZspyFiles() {}

  /**
   * The node {@code Acquisition} of the file's metadata: {@code complete}, {@code end}, {@code
   * error}, {@code frames_expected}, {@code frames_received}, {@code frames_written}, {@code
   * frames_lost} and {@code valid_frames} (as nested lists, or a lazy signal for a scan of more
   * than 2^20 positions).
   *
   * @throws IllegalArgumentException when the file holds no such node (not written by the live writer)
   */
  public static Metadata acquisition(Path path) throws IOException {
    List<StoredSignal> stored = ZspyFormat.readStored(path);
    if (stored.size() != 1) {
      throw new IllegalArgumentException(path + " holds " + stored.size()
          + " signals; a live acquisition file holds one");
    }
    Metadata md = stored.get(0).signal().metadata();
    if (!md.has("Acquisition.complete")) {
      throw new IllegalArgumentException(path + " has no metadata.Acquisition node: it was not"
          + " written by hyperflux's live writer");
    }
    return md.node("Acquisition");
  }

  /** Whether every frame of the scan is in the file ({@code metadata.Acquisition.complete}). */
  public static boolean isComplete(Path path) throws IOException {
    return acquisition(path).getBoolean("complete").orElse(false);
  }

  /**
   * The valid-frame mask, {@code [scanY][scanX]}: true where the frame at that scan position was
   * written, false where it never arrived or was lost (its data reads as 0). Reads the dataset
   * {@code metadata/Acquisition/valid_frames} of the experiment.
   *
   * @throws NoSuchFileException when the file has no mask (not written by the live writer)
   */
  public static boolean[][] validFrames(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    ZarrGroup experiments = ZarrGroup.open(path).group("Experiments");
    List<String> names = experiments.members();
    if (names.size() != 1) {
      throw new IllegalArgumentException(path + " holds " + names.size()
          + " experiments " + names + "; a live acquisition file holds one");
    }
    Path maskPath = experiments.path().resolve(names.get(0)).resolve("metadata")
        .resolve("Acquisition").resolve("valid_frames");
    if (!ZarrGroup.isArray(maskPath)) {
      throw new NoSuchFileException(maskPath.toString(), null,
          "no valid-frame mask: the file was not written by hyperflux's live writer");
    }
    ZarrArray a = ZarrArray.open(maskPath);
    ChunkGrid grid = a.metadata().grid();
    if (a.metadata().dtype() != DType.BOOL || grid.rank() != 2) {
      throw new IllegalArgumentException(maskPath + " is " + a.metadata().dtype().numpyName()
          + " of rank " + grid.rank() + "; the valid-frame mask is a 2-D bool array");
    }
    int ny = (int) grid.shape().dim(0);
    int nx = (int) grid.shape().dim(1);
    boolean[][] out = new boolean[ny][nx];
    for (long i = 0; i < grid.chunkCount(); i++) {
      ChunkIndex index = grid.index(i);
      Region r = grid.region(index);
      Block b = a.readChunk(index);
      boolean[] v = (boolean[]) b.array();
      int w = r.extent(1);
      for (int y = 0; y < r.extent(0); y++) {
        for (int x = 0; x < w; x++) {
          out[(int) r.offset(0) + y][(int) r.offset(1) + x] = v[b.offset() + y * w + x];
        }
      }
    }
    return out;
  }
}
