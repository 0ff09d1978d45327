package org.hyperflux.io.hdf5;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an object's attributes through jHDF and normalises their values ({@link PlainValues}).
 * An empty attribute (null dataspace, h5py's {@code Empty}) reads as {@code null}; an array with
 * no elements as empty lists.
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
    return PlainValues.of(a.getData(), a.getDataType());
  }

  private static List<Object> emptyLists(int[] dims, int axis) {
    List<Object> out = new ArrayList<>();
    if (axis < dims.length - 1) {
      for (int i = 0; i < dims[axis]; i++) out.add(emptyLists(dims, axis + 1));
    }
    return out;
  }
}
