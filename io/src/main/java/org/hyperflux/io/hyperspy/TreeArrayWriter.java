package org.hyperflux.io.hyperspy;

import java.io.IOException;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import reactor.core.publisher.Mono;

/** Writes the chunks of one numeric array created by {@link TreeGroupWriter#createArray}. */
public interface TreeArrayWriter {
  /** The array's path inside the file, for messages. */
  String path();

  /**
   * Streams every chunk of {@code data}, whose shape, dtype and grid must equal the array's
   * (rechunk first; this never rechunks), with {@code options}' schedulers, budget and progress
   * listener; completes when every chunk is stored. Costed now, nothing is read before
   * subscription.
   *
   * @throws IllegalArgumentException when shape, dtype or grid differ, naming both
   */
  Mono<Void> write(LazyArray data, ExecOptions options);

  /**
   * Writes chunk {@code gridIndex} (blocking): {@code block} holds the chunk's region of the
   * array's grid in C order, with the array's dtype. Chunks may be written in any order, from
   * several threads at once, each at most once for a file format that appends (HDF5); a zarr
   * chunk written again is replaced atomically. Returns the bytes stored (after compression).
   *
   * @throws IllegalArgumentException when the block's dtype or size does not match the chunk
   * @throws IOException when encoding or writing fails, naming the file and chunk
   */
  long writeChunk(ChunkIndex gridIndex, Block block) throws IOException;

  /** Writes the whole array from one C-order block (blocking), for small metadata arrays. */
  void writeAll(Block data) throws IOException;
}
