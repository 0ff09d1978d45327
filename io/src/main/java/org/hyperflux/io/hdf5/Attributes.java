package org.hyperflux.io.hdf5;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.StringData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an object's attributes through jHDF and normalises their values ({@link PlainValues}).
 * An empty attribute (null dataspace, h5py's {@code Empty}) reads as {@code null}; an array with
 * no elements as empty lists. Fixed-length strings are decoded here as UTF-8 whatever character
 * set they declare: h5py stores Python {@code bytes} (older HyperSpy files' strings) as
 * fixed-length strings marked ASCII, and HyperSpy decodes them as UTF-8, where jHDF would turn
 * every non-ASCII byte into U+FFFD. Padding is removed as the datatype says (jHDF's handler).
 */
final class Attributes {
  /** HDF5's dataspace class for "no data" (h5py's {@code Empty}). */
  private static final int NULL_DATASPACE = 2;

  private Attributes() {}

  static Map<String, Object> read(Hdf5File file, Node node, String path) throws Hdf5FormatException {
    Map<String, Attribute> raw;
    try {
      raw = new TreeMap<>(node.getAttributes());
    } catch (RuntimeException e) {
      throw file.format(path, "cannot read the attributes: the object header is damaged or holds"
          + " an attribute jHDF 0.13.0 cannot parse, such as an opaque attribute (HyperSpy's _bs_"
          + " bytes)", e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Attribute> e : raw.entrySet()) {
      Attribute a = e.getValue();
      try {
        out.put(e.getKey(), value(a));
      } catch (RuntimeException ex) {
        throw file.format(path, "cannot decode attribute '" + e.getKey() + "'", ex);
      }
    }
    return out;
  }

  /** Null for a null dataspace; nested empty lists for an array with a zero-length axis. */
  private static Object value(Attribute a) {
    if (a.getDataSpace().getType() == NULL_DATASPACE) return null;
    if (a.isEmpty() || a.getSize() == 0) {
      int[] dims = a.getDimensions();
      return dims.length == 0 ? null : emptyLists(dims, 0);
    }
    if (a.getDataType() instanceof StringData s) return fixedLengthStrings(a, s);
    return PlainValues.of(a.getData(), a.getDataType());
  }

  /** A fixed-length string attribute, each element decoded as UTF-8; nested lists for arrays. */
  private static Object fixedLengthStrings(Attribute a, StringData type) {
    ByteBuffer all = a.getBuffer().duplicate();
    int size = type.getSize();
    int[] dims = a.getDimensions();
    int[] next = {all.position()};
    if (dims.length == 0) return string(all, next, size, type);
    return strings(all, next, size, type, dims, 0);
  }

  private static List<Object> strings(ByteBuffer all, int[] next, int size, StringData type,
      int[] dims, int axis) {
    List<Object> out = new ArrayList<>(dims[axis]);
    for (int i = 0; i < dims[axis]; i++) {
      out.add(axis == dims.length - 1 ? string(all, next, size, type)
          : strings(all, next, size, type, dims, axis + 1));
    }
    return out;
  }

  private static String string(ByteBuffer all, int[] next, int size, StringData type) {
    ByteBuffer element = all.duplicate();
    element.limit(next[0] + size).position(next[0]);
    element = element.slice();
    next[0] += size;
    type.getStringPaddingHandler().setBufferLimit(element);
    return StandardCharsets.UTF_8.decode(element).toString();
  }

  private static List<Object> emptyLists(int[] dims, int axis) {
    List<Object> out = new ArrayList<>();
    if (axis < dims.length - 1) {
      for (int i = 0; i < dims[axis]; i++) out.add(emptyLists(dims, axis + 1));
    }
    return out;
  }
}
