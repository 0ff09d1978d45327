package org.hyperflux.io.hdf5.write;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * One attribute's datatype, dataspace and value, as h5py stores the Python value: {@link String}
 * a variable-length UTF-8 string, {@link Boolean} h5py's enum boolean, {@link Long}, {@link
 * Integer}, {@link Short} and {@link Byte} an int64, {@link Double} a float64 and {@link Float} a
 * float32 (all scalars), a {@link Block} a 1-D array of its dtype, and a {@link List} a 1-D array
 * of its elements' common type (strings; booleans; integers as int64; numbers with any floating
 * one as float64; an empty list is an empty float64 array, as numpy makes it). Strings are put in
 * the file's global heap when the value is made; the bytes are encoded once the heap is written.
 */
final class AttributeValue {
  private final Datatype type;
  private final long[] dims;
  private final byte[] raw;
  private final List<GlobalHeap.Ref> strings;

  private AttributeValue(Datatype type, long[] dims, byte[] raw, List<GlobalHeap.Ref> strings) {
    this.type = type;
    this.dims = dims;
    this.raw = raw;
    this.strings = strings;
  }

  /**
   * The attribute holding {@code value}; strings go into {@code heap}.
   *
   * @throws IllegalArgumentException for a value of another type, or a list mixing strings,
   *     booleans and numbers (the message names the offending type; the caller adds the file,
   *     object and attribute)
   */
  static AttributeValue of(Object value, GlobalHeap heap) {
    if (value instanceof String s) {
      return new AttributeValue(Datatype.vlenUtf8(), null, null, List.of(heap.add(s)));
    } else if (value instanceof Boolean b) {
      return scalar(DType.BOOL, b ? 1 : 0);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return scalar(DType.INT64, ((Number) value).longValue());
    } else if (value instanceof Double d) {
      Block blk = Block.allocate(DType.FLOAT64, 1);
      blk.setDouble(0, d);
      return array(blk, null);
    } else if (value instanceof Float f) {
      Block blk = Block.allocate(DType.FLOAT32, 1);
      blk.setDouble(0, f);
      return array(blk, null);
    } else if (value instanceof Block blk) {
      return array(blk, new long[] {blk.length()});
    } else if (value instanceof List<?> list) {
      return list(list, heap);
    }
    throw new IllegalArgumentException("an HDF5 attribute cannot hold a "
        + (value == null ? "null" : value.getClass().getName()) + " value (" + value + ")");
  }

  /**
   * The attributes holding {@code values}, in their order; {@code where} names the object for
   * messages (e.g. {@code "group /a in x.h5"}).
   *
   * @throws IllegalArgumentException for an invalid name or a value attributes cannot hold,
   *     naming the attribute and {@code where}
   */
  static Map<String, AttributeValue> ofAll(Map<String, ?> values, GlobalHeap heap, String where) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("'" + name + "' is not a valid HDF5 attribute name ("
            + where + ")");
      }
      try {
        out.put(name, of(e.getValue(), heap));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("attribute '" + name + "' of " + where + ": "
            + ex.getMessage(), ex);
      }
    }
    return out;
  }

  private static AttributeValue scalar(DType dtype, long v) {
    Block blk = Block.allocate(dtype, 1);
    blk.setLong(0, v);
    return array(blk, null);
  }

  private static AttributeValue array(Block blk, long[] dims) {
    return new AttributeValue(Datatype.of(blk.dtype()), dims, ChunkEncoder.littleEndian(blk), null);
  }

  private static AttributeValue list(List<?> list, GlobalHeap heap) {
    long[] dims = {list.size()};
    boolean strings = !list.isEmpty();
    boolean bools = !list.isEmpty();
    boolean integers = true;
    boolean numbers = true;
    for (Object o : list) {
      strings &= o instanceof String;
      bools &= o instanceof Boolean;
      boolean integer = o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
      integers &= integer;
      numbers &= integer || o instanceof Double || o instanceof Float;
    }
    if (strings) {
      List<GlobalHeap.Ref> refs = new ArrayList<>(list.size());
      for (Object o : list) refs.add(heap.add((String) o));
      return new AttributeValue(Datatype.vlenUtf8(), dims, null, refs);
    }
    DType dtype = bools ? DType.BOOL : list.isEmpty() ? DType.FLOAT64 : integers ? DType.INT64
        : numbers ? DType.FLOAT64 : null;
    if (dtype == null) {
      throw new IllegalArgumentException("an HDF5 attribute list must hold only strings, only"
          + " booleans or only numbers, not " + list);
    }
    Block blk = Block.allocate(dtype, list.size());
    for (int i = 0; i < list.size(); i++) {
      Object o = list.get(i);
      if (o instanceof Boolean b) {
        blk.setLong(i, b ? 1 : 0);
      } else if (dtype == DType.FLOAT64) {
        blk.setDouble(i, ((Number) o).doubleValue());
      } else {
        blk.setLong(i, ((Number) o).longValue());
      }
    }
    return array(blk, dims);
  }

  /** The Attribute message named {@code name} (the heap must be written). */
  LeBytes message(String name) {
    byte[] data = raw;
    if (strings != null) {
      LeBytes b = new LeBytes(Datatype.VLEN_ELEMENT_SIZE * strings.size());
      for (GlobalHeap.Ref r : strings) r.encode(b);
      data = b.toArray();
    }
    return Messages.attribute(name, type, dims, data);
  }
}
