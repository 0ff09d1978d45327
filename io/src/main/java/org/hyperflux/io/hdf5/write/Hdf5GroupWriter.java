package org.hyperflux.io.hdf5.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/**
 * A group of an {@link Hdf5Writer}'s file: attributes, child groups, datasets. Written by {@link
 * Hdf5Writer#finish} as a "new style" group (HDF5 File Format Specification 3.0, §IV.A.2.c Link
 * Info and §IV.A.2.k Group Info messages, links stored compactly as Link messages, §IV.A.2.g, in
 * the group's object header) with its attributes stored compactly as Attribute messages
 * (§IV.A.2.m). Not thread-safe: build the tree from one thread.
 */
public final class Hdf5GroupWriter {
  private final Hdf5Writer file;
  private final String path;
  private final Map<String, Object> children = new LinkedHashMap<>();
  private final Map<String, AttributeValue> attributes = new LinkedHashMap<>();

  Hdf5GroupWriter(Hdf5Writer file, String path) {
    this.file = file;
    this.path = path;
  }

  /** The group's path in the file ({@code "/"} for the root). */
  public String path() {
    return path;
  }

  String child(String name) {
    return path.equals("/") ? "/" + name : path + "/" + name;
  }

  private String checkedName(String name) {
    Objects.requireNonNull(name, "name");
    file.checkOpen();
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("'" + name + "' is not a valid HDF5 link name (group "
          + path + " of " + file.path() + ")");
    }
    if (children.containsKey(name)) {
      throw new IllegalArgumentException(child(name) + " already exists in " + file.path());
    }
    return name;
  }

  /** Creates the child group {@code name}. */
  public Hdf5GroupWriter createGroup(String name) {
    Hdf5GroupWriter g = new Hdf5GroupWriter(file, child(checkedName(name)));
    children.put(name, g);
    return g;
  }

  /**
   * Sets the group's attributes, replacing those set before, stored as h5py stores the Python
   * values: {@code String} a variable-length UTF-8 string, {@code Boolean} h5py's enum boolean,
   * {@code Long}, {@code Integer}, {@code Short} and {@code Byte} an int64, {@code Double} a
   * float64, {@code Float} a float32, a {@code Block} a 1-D array of its dtype, a {@code List} a
   * 1-D array of its elements' common type (strings, booleans, int64, or float64 when any number
   * is a float; an empty list an empty float64 array).
   *
   * @throws IllegalArgumentException for a value HDF5 attributes cannot hold, naming the file,
   *     the group and the attribute
   */
  public void writeAttributes(Map<String, ?> values) {
    file.checkOpen();
    Map<String, AttributeValue> encoded = AttributeValue.ofAll(values, file.heap(),
        "group " + path + " in " + file.path());
    attributes.clear();
    attributes.putAll(encoded);
  }

  /**
   * Creates the dataset {@code name} of {@code shape} and {@code dtype}; its data is written
   * either chunk by chunk in chunks of {@code chunkShape} ({@link Hdf5DatasetWriter#writeChunk},
   * shuffle + deflate) or at once ({@link Hdf5DatasetWriter#writeAll}, contiguous). Chunk extents
   * are at least 1 and at most the shape's extent where that is not 0, as HDF5 requires; a chunk
   * holds at most 2 GiB (it is encoded in one Java array).
   *
   * @throws IllegalArgumentException when the chunk shape does not fit, naming file and dataset
   */
  public Hdf5DatasetWriter createDataset(String name, Shape shape, DType dtype, int[] chunkShape) {
    checkedName(name);
    Hdf5DatasetWriter d = new Hdf5DatasetWriter(file, child(name), shape, dtype, chunkShape);
    children.put(name, d);
    return d;
  }

  /** Writes the one-dimensional variable-length UTF-8 string dataset {@code name} (contiguous). */
  public void writeStrings(String name, List<String> values) {
    checkedName(name);
    List<GlobalHeap.Ref> refs = new ArrayList<>(values.size());
    for (String s : values) refs.add(file.heap().add(Objects.requireNonNull(s, "string value")));
    children.put(name, new StringDataset(refs));
  }

  /** A 1-D string dataset: its data (heap IDs) can be written only once the heap is. */
  private static final class StringDataset {
    final List<GlobalHeap.Ref> refs;
    long address = LeBytes.UNDEFINED;

    StringDataset(List<GlobalHeap.Ref> refs) {
      this.refs = refs;
    }
  }

  // ------------------------------------------------------------------------ finishing the file

  void writeIndexes() throws IOException {
    for (Object c : children.values()) {
      if (c instanceof Hdf5GroupWriter g) g.writeIndexes();
      if (c instanceof Hdf5DatasetWriter d) d.writeIndex();
    }
  }

  void writeStringData() throws IOException {
    for (Object c : children.values()) {
      if (c instanceof Hdf5GroupWriter g) g.writeStringData();
      if (c instanceof StringDataset s && !s.refs.isEmpty()) {
        LeBytes b = new LeBytes(Datatype.VLEN_ELEMENT_SIZE * s.refs.size());
        for (GlobalHeap.Ref r : s.refs) r.encode(b);
        s.address = file.appender().append(b.array(), b.size());
      }
    }
  }

  /** Writes the headers of the children, then this group's; returns its address. */
  long writeHeader() throws IOException {
    ObjectHeader h = new ObjectHeader();
    h.add(ObjectHeader.LINK_INFO, 0, Messages.linkInfo());
    h.add(ObjectHeader.GROUP_INFO, 0, Messages.groupInfo());
    for (Map.Entry<String, Object> e : children.entrySet()) {
      long address;
      if (e.getValue() instanceof Hdf5GroupWriter g) {
        address = g.writeHeader();
      } else if (e.getValue() instanceof Hdf5DatasetWriter d) {
        address = d.writeHeader();
      } else {
        address = stringHeader((StringDataset) e.getValue());
      }
      h.add(ObjectHeader.LINK, 0, Messages.link(e.getKey(), address));
    }
    addAttributes(h, attributes, path, file);
    byte[] b = h.encode();
    return file.appender().append(b, b.length);
  }

  private long stringHeader(StringDataset s) throws IOException {
    ObjectHeader h = new ObjectHeader();
    Datatype t = Datatype.vlenUtf8();
    h.add(ObjectHeader.DATASPACE, 0, Messages.dataspace(new long[] {s.refs.size()}));
    h.add(ObjectHeader.DATATYPE, ObjectHeader.CONSTANT, new LeBytes().bytes(t.encoded()));
    h.add(ObjectHeader.FILL_VALUE, ObjectHeader.CONSTANT, Messages.fillValue(false));
    h.add(ObjectHeader.LAYOUT, 0, Messages.contiguousLayout(s.address,
        (long) Datatype.VLEN_ELEMENT_SIZE * s.refs.size()));
    byte[] b = h.encode();
    return file.appender().append(b, b.length);
  }

  static void addAttributes(ObjectHeader h, Map<String, AttributeValue> attributes, String path,
      Hdf5Writer file) {
    for (Map.Entry<String, AttributeValue> a : attributes.entrySet()) {
      try {
        h.add(ObjectHeader.ATTRIBUTE, 0, a.getValue().message(a.getKey()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("attribute '" + a.getKey() + "' of " + path + " in "
            + file.path() + " is too large for compact storage: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "Hdf5GroupWriter[" + path + " in " + file.path() + "]";
  }
}
