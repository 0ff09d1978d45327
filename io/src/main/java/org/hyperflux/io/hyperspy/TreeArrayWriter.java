package org.hyperflux.io.hyperspy;

import java.io.IOException;
import org.hyperflux.core.array.Block;
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

  /** Writes the whole array from one C-order block (blocking), for small metadata arrays. */
  void writeAll(Block data) throws IOException;
}
