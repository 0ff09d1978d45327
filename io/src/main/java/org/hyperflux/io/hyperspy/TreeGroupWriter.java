package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/**
 * Writes a group of a hierarchical file: attributes, child groups, numeric arrays streamed chunk
 * by chunk, and string arrays. HyperSpy's layout ({@link HyperSpyWriter}) is written through this
 * interface and {@link TreeArrayWriter}, once for every format; compression and chunk-key layout
 * are the implementation's (chosen when the file is created).
 *
 * <p>Attribute values are {@code null}, {@link String}, {@link Boolean}, {@link Long}, {@link
 * Double} (NaN and infinities included), or lists of them. Each group's attributes are written
 * once, with {@link #writeAttributes}.
 */
public interface TreeGroupWriter {
  /** The group's path inside the file ({@code "/"} for the root), for messages. */
  String path();

  /** Creates the child group {@code name}. */
  TreeGroupWriter createGroup(String name) throws IOException;

  /** Writes (replaces) the group's attributes. */
  void writeAttributes(Map<String, ?> attributes) throws IOException;

  /**
   * Creates the numeric child array {@code name} of {@code shape} and {@code dtype}, stored in
   * chunks of {@code chunkShape} (C order; edge chunks cropped to the shape); its chunks are
   * written with the returned writer.
   *
   * @throws IllegalArgumentException when the chunk shape does not fit the shape or the format
   */
  TreeArrayWriter createArray(String name, Shape shape, DType dtype, int[] chunkShape)
      throws IOException;

  /** Writes the one-dimensional string array {@code name} holding {@code values} (at least one). */
  void writeStrings(String name, List<String> values) throws IOException;
}
