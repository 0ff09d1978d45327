package org.hyperflux.io.hdf5;

import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OrderedDataType;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteOrder;
import java.util.Map;
import org.hyperflux.core.array.DType;

/**
 * An HDF5 datatype as hyperflux sees it: the flux-core {@link DType} it reads into (null when the
 * type is not numeric: strings, compounds such as complex numbers, references), the stored byte
 * order, the stored element size and a numpy-style description ({@code <f4}, {@code >u2},
 * {@code |b1}, {@code |S3}, {@code vlen-str}, {@code compound{r,i}}).
 *
 * <p>Mapping: fixed-point types of 1, 2, 4 or 8 bytes with full precision become the signed or
 * unsigned integer of that size; 4- and 8-byte IEEE floats become float32/float64; h5py's numpy
 * bool (an int8 enum {@code FALSE=0, TRUE=1}) becomes bool (any non-zero byte reads as true);
 * other enums read as their integer base type (the codes). Everything else has no DType.
 */
record ElementType(DType dtype, ByteOrder order, int size, String description, boolean numpyBool) {

  static ElementType of(DataType t) {
    int size = t.getSize();
    ByteOrder order = t instanceof OrderedDataType o ? o.getByteOrder() : ByteOrder.LITTLE_ENDIAN;
    if (t instanceof FixedPoint f) {
      DType d = integer(f.isSigned(), size);
      boolean full = f.getBitOffset() == 0 && f.getBitPrecision() == size * 8;
      String desc = prefix(order, size) + (f.isSigned() ? "i" : "u") + size;
      if (!full) desc += " (" + f.getBitPrecision() + " bits at offset " + f.getBitOffset() + ")";
      return new ElementType(full ? d : null, order, size, desc, false);
    }
    if (t instanceof FloatingPoint f) {
      DType d = size == 4 ? DType.FLOAT32 : size == 8 ? DType.FLOAT64 : null;
      return new ElementType(d, order, size, prefix(order, size) + "f" + size, false);
    }
    if (t instanceof EnumDataType e) {
      boolean bool = isNumpyBool(e);
      if (bool) return new ElementType(DType.BOOL, order, size, "|b1", true);
      ElementType base = of(e.getBaseType());
      return new ElementType(base.dtype(), base.order(), base.size(),
          "enum(" + base.description() + ")", false);
    }
    if (t instanceof StringData) {
      return new ElementType(null, order, size, "|S" + size, false);
    }
    if (t instanceof VariableLength v) {
      return new ElementType(null, order, size, v.isVariableLengthString() ? "vlen-str" : "vlen", false);
    }
    if (t instanceof CompoundDataType c) {
      StringBuilder b = new StringBuilder("compound{");
      for (int i = 0; i < c.getMembers().size(); i++) {
        if (i > 0) b.append(',');
        b.append(c.getMembers().get(i).getName());
      }
      return new ElementType(null, order, size, b.append('}').toString(), false);
    }
    String name = t.getClass().getSimpleName();
    String kind = name.endsWith("DataType") ? name.substring(0, name.length() - 8) : name;
    return new ElementType(null, order, size, kind.toLowerCase(java.util.Locale.ROOT) + size, false);
  }

  /** h5py's numpy bool: a 1-byte integer enum with exactly {@code FALSE=0} and {@code TRUE=1}. */
  static boolean isNumpyBool(EnumDataType e) {
    Map<Integer, String> m = e.getEnumMapping();
    return e.getSize() == 1 && m.size() == 2 && "FALSE".equals(m.get(0)) && "TRUE".equals(m.get(1));
  }

  private static DType integer(boolean signed, int size) {
    switch (size) {
      case 1: return signed ? DType.INT8 : DType.UINT8;
      case 2: return signed ? DType.INT16 : DType.UINT16;
      case 4: return signed ? DType.INT32 : DType.UINT32;
      case 8: return signed ? DType.INT64 : DType.UINT64;
      default: return null;
    }
  }

  private static String prefix(ByteOrder order, int size) {
    if (size == 1) return "|";
    return order == ByteOrder.BIG_ENDIAN ? ">" : "<";
  }
}
