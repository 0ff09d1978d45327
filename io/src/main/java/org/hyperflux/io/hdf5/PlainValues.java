package org.hyperflux.io.hdf5;

import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * Values decoded by jHDF (attributes, string datasets) or read into blocks, turned into the plain
 * Java values that zarr's {@code .zattrs} reading also produces, so layout code reads both
 * formats the same way: {@link String}, {@link Boolean} (h5py's numpy bool enum), {@link Long}
 * (every integer type; {@link BigInteger} for uint64 values above {@code Long.MAX_VALUE}),
 * {@link Double} (every float type), {@code null} (an empty attribute), {@link List} for arrays
 * (nested for more than one dimension; {@code List<String>} for string arrays) and
 * {@link Map} for compound values (field name to value). Other enums give their member names.
 */
final class PlainValues {
  private PlainValues() {}

  /** A value jHDF decoded for {@code type}, normalised. */
  static Object of(Object value, DataType type) {
    boolean bool = type instanceof EnumDataType e && ElementType.isNumpyBool(e);
    return plain(value, bool);
  }

  private static Object plain(Object v, boolean bool) {
    if (v == null) return null;
    if (v instanceof String s) return bool ? Boolean.valueOf("TRUE".equals(s)) : s;
    if (v instanceof Boolean) return v;
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) return b.bitLength() <= 63 ? (Object) b.longValue() : b;
    if (v instanceof Float || v instanceof Double || v instanceof BigDecimal) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Character c) return c.toString();
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), plain(e.getValue(), false));
      return out;
    }
    if (v.getClass().isArray()) {
      int n = Array.getLength(v);
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) out.add(plain(Array.get(v, i), bool));
      return out;
    }
    return v.toString();
  }

  /** The elements of {@code b} (an array of shape {@code dims}) as nested lists, or the single value for rank 0. */
  static Object of(Block b, long[] dims) {
    if (dims.length == 0) return element(b, 0);
    int[] pos = {0};
    return nest(b, dims, 0, pos);
  }

  private static List<Object> nest(Block b, long[] dims, int axis, int[] pos) {
    int n = (int) dims[axis];
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(axis == dims.length - 1 ? element(b, pos[0]++) : nest(b, dims, axis + 1, pos));
    }
    return out;
  }

  private static Object element(Block b, int i) {
    DType t = b.dtype();
    if (t.isBool()) return b.getLong(i) != 0;
    if (t.isFloat()) return b.getDouble(i);
    long v = b.getLong(i);
    if (t == DType.UINT64 && v < 0) return new BigInteger(Long.toUnsignedString(v));
    return v;
  }
}
