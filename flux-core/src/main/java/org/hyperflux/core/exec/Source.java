package org.hyperflux.core.exec;

import java.io.IOException;
import java.util.Set;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/**
 * A descriptor of where array data comes from: shape, dtype, storage grid and capabilities,
 * known without reading. A source holds no open resources; every execution leases a
 * {@link SourceHandle} through {@link #open()} and closes it exactly once on completion, error or
 * cancel. Implementations must be thread-safe and their handles must allow concurrent reads.
 */
public interface Source {
  Shape shape();

  DType dtype();

  /** The storage grid: the unit of reading unless the source has {@link Capability#REGION_READ}. */
  ChunkGrid grid();

  Set<Capability> capabilities();

  /** True if reads block on IO and must run on {@code boundedElastic}; false for CPU-only sources. */
  boolean blocking();

  /** Names the source in messages: format, path and dataset, e.g. {@code zarr /data/x.zspy:/Experiments/a/data}. */
  String description();

  /**
   * Bytes that reading storage chunk {@code index} holds while it is read, beyond the block it
   * returns: the stored (compressed) bytes, decoding buffers, a whole chunk cropped to an edge
   * region. Plans cost them for every chunk in flight (DESIGN §3: the budget counts compressed and
   * decoded chunks). Known without reading data (a format may look at a file's size); 0 by default,
   * for sources that decode straight into the returned block.
   */
  default long readHeldBytes(ChunkIndex index) {
    return 0;
  }

  /** Opens a handle for one execution. */
  SourceHandle open() throws IOException;
}
