package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A group of a hierarchical file, read-only: an HDF5 group or a zarr group. HyperSpy's layout
 * ({@link HyperSpyReader}) is read through this interface and {@link TreeArray}, so one reader
 * serves {@code .zspy} and {@code .hspy}; a format adds an implementation of the two interfaces.
 *
 * <p><b>Attribute values</b> are normalised to plain Java values whatever the format stores:
 * {@code null}, {@link String} (bytes decoded as UTF-8), {@link Boolean} (HDF5's enum booleans,
 * numpy bools), {@link Long} (every integer type; unsigned 64-bit values above 2<sup>63</sup> − 1
 * as {@link Double}), {@link Double} (every float type), a {@link List} of such values (array
 * attributes, nested for more than one dimension), or a {@code Map<String, Object>} (a JSON
 * object in {@code .zattrs}). HyperSpy's encodings ({@code "_None_"}, {@code _list_} prefixes) are
 * left as stored: decoding them is the reader's job.
 *
 * <p>Implementations read lazily (nothing is read until asked) and hold no open files between
 * calls; they are thread-safe.
 */
public interface TreeGroup {
  /** The file this group is in, for messages (e.g. {@code /data/scan.zspy}). */
  String file();

  /** The group's path inside the file: {@code "/"} for the root, else {@code "/Experiments/scan"}. */
  String path();

  /** The group's attributes, normalised (see the class comment), in the order stored. */
  Map<String, Object> attributes() throws IOException;

  /** The names of the child groups, sorted. */
  List<String> groupNames() throws IOException;

  /** The names of the child arrays (datasets), sorted. */
  List<String> arrayNames() throws IOException;

  /**
   * The child group {@code name}.
   *
   * @throws java.nio.file.NoSuchFileException when there is no such group
   */
  TreeGroup group(String name) throws IOException;

  /**
   * The child array {@code name} (reads its header, not its data).
   *
   * @throws java.nio.file.NoSuchFileException when there is no such array
   * @throws IOException when its header is malformed or describes an array that cannot be read,
   *     naming the file and the array
   */
  TreeArray array(String name) throws IOException;

  /** Whether a child group {@code name} exists. */
  default boolean hasGroup(String name) throws IOException {
    return groupNames().contains(name);
  }

  /** Whether a child array {@code name} exists. */
  default boolean hasArray(String name) throws IOException {
    return arrayNames().contains(name);
  }

  /** The path of child {@code name}: {@code path() + "/" + name}. */
  default String childPath(String name) {
    return path().equals("/") ? "/" + name : path() + "/" + name;
  }
}
