package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Source;

/**
 * An array (dataset) of a hierarchical file, read-only: its shape, element type, storage chunks,
 * attributes, a lazy flux-core {@link Source} over its data, and {@link #values()} for the small
 * arrays of metadata. Numeric arrays have a {@link #dtype()}; string arrays (HyperSpy's lists of
 * strings) have none and are read only through {@link #values()}.
 *
 * <p>Implementations hold no open files between reads (a source opens what it reads for each
 * execution) and are thread-safe.
 */
public interface TreeArray {
  /** The file this array is in, for messages. */
  String file();

  /** The array's path inside the file, e.g. {@code /Experiments/scan/data}. */
  String path();

  /** The shape, C order. */
  Shape shape();

  /** The element type of a numeric array; empty for a string array. */
  Optional<DType> dtype();

  /** The storage chunk grid over {@link #shape()}. */
  ChunkGrid grid();

  /**
   * The data as a lazy, random-access source whose grid is {@link #grid()}; nothing is read until
   * an execution asks.
   *
   * @throws IllegalStateException for a string array, naming it
   */
  Source source();

  /**
   * Every element in C order, read now (blocking): {@link Boolean}, {@link Long} (unsigned 64-bit
   * values above 2<sup>63</sup> − 1 as {@link Double}), {@link Double}, or {@link String} (null
   * where a string array's chunk was never written). For metadata-sized arrays.
   */
  List<Object> values() throws IOException;

  /** The array's attributes, normalised as {@link TreeGroup#attributes()}. */
  Map<String, Object> attributes() throws IOException;
}
