package org.hyperflux.io.live;

import java.util.Arrays;
import org.hyperflux.core.live.ScanGeometry;

/**
 * How a {@link LiveZspyWriter} buffers a scan, from {@link LiveZspyWriter#checkBudget}: chunks
 * of {@code rowsPerChunk × columnsPerChunk} scan positions (whole frames), {@code assembling} of
 * them filled at once (1 when a chunk holds part of one row or whole rows; a chunk row's worth
 * when chunks hold parts of several rows) and at most {@code writers} encoded and written at
 * once, each holding about four times its bytes while encoded (the block, its bytes, the
 * compressed bytes and their copy).
 *
 * @param geometry the scan
 * @param rowsPerChunk scan rows per chunk
 * @param columnsPerChunk scan positions of a row per chunk
 * @param chunkBytes bytes of one (decoded) chunk
 * @param assembling chunks that can be filled at once
 * @param writers chunks encoded and written at once
 * @param peakBytes {@code chunkBytes × (assembling + 4 × writers)}: what the writer holds at most
 * @param budgetBytes the budget it was checked against
 */
public record LiveWritePlan(ScanGeometry geometry, int rowsPerChunk, int columnsPerChunk,
    long chunkBytes, int assembling, int writers, long peakBytes, long budgetBytes) {

  /** Bytes held per chunk being encoded and written, as a multiple of the chunk's bytes. */
  static final int WRITE_COPIES = 4;

  /** The zarr chunk shape {@code (rowsPerChunk, columnsPerChunk, frameHeight, frameWidth)}. */
  public int[] chunkShape() {
    return new int[] {rowsPerChunk, columnsPerChunk, geometry.frameHeight(), geometry.frameWidth()};
  }

  /** Chunks along the scan's x axis. */
  int chunkColumns() {
    return (geometry.scanX() + columnsPerChunk - 1) / columnsPerChunk;
  }

  /** Chunks in flight at most: being filled, waiting or being written. */
  int slots() {
    return assembling + writers;
  }

  @Override
  public String toString() {
    return "LiveWritePlan[" + geometry + ", chunks " + Arrays.toString(chunkShape()) + " of "
        + LiveZspyWriter.mib(chunkBytes) + ", " + assembling + " assembling, " + writers
        + " writing, peak " + LiveZspyWriter.mib(peakBytes) + " of a budget of "
        + LiveZspyWriter.mib(budgetBytes) + "]";
  }
}
