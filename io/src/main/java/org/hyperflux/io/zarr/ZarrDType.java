package org.hyperflux.io.zarr;

import java.nio.ByteOrder;
import org.hyperflux.core.array.DType;

/**
 * numpy typestrs as zarr v2 writes them ({@code "<u2"}, {@code ">f8"}, {@code "|b1"}): a
 * byte-order mark ({@code <} little, {@code >} big, {@code |} not applicable, only for one-byte
 * types), a kind ({@code b i u f}) and the item size in bytes. Only the types of {@link DType} are
 * accepted: bool, integers of 1, 2, 4 and 8 bytes, float32 and float64.
 */
final class ZarrDType {
  /** The supported typestrs, for messages. */
  static final String SUPPORTED =
      "|b1, |i1, |u1, <i2, <u2, <i4, <u4, <i8, <u8, <f4, <f8 (or '>' for big-endian)";

  private ZarrDType() {}

  /** A parsed typestr. */
  record Parsed(DType dtype, ByteOrder order) {}

  /** Parses {@code s}; throws IllegalArgumentException naming it when it is not supported. */
  static Parsed parse(String s) {
    if (s.length() < 3) throw unsupported(s);
    char mark = s.charAt(0);
    char kind = s.charAt(1);
    int size;
    try {
      size = Integer.parseInt(s.substring(2));
    } catch (NumberFormatException e) {
      throw unsupported(s);
    }
    DType t = lookup(kind, size);
    if (t == null) throw unsupported(s);
    ByteOrder order;
    if (mark == '<') {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (mark == '>') {
      order = ByteOrder.BIG_ENDIAN;
    } else if (mark == '|' && size == 1) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else {
      throw unsupported(s);
    }
    return new Parsed(t, order);
  }

  private static DType lookup(char kind, int size) {
    switch (kind) {
      case 'b': return size == 1 ? DType.BOOL : null;
      case 'i':
        switch (size) {
          case 1: return DType.INT8;
          case 2: return DType.INT16;
          case 4: return DType.INT32;
          case 8: return DType.INT64;
          default: return null;
        }
      case 'u':
        switch (size) {
          case 1: return DType.UINT8;
          case 2: return DType.UINT16;
          case 4: return DType.UINT32;
          case 8: return DType.UINT64;
          default: return null;
        }
      case 'f':
        switch (size) {
          case 4: return DType.FLOAT32;
          case 8: return DType.FLOAT64;
          default: return null;
        }
      default:
        return null;
    }
  }

  private static IllegalArgumentException unsupported(String s) {
    return new IllegalArgumentException(
        "unsupported dtype '" + s + "'; supported: " + SUPPORTED);
  }

  /** The typestr zarr writes for {@code dtype} in byte order {@code order}. */
  static String format(DType dtype, ByteOrder order) {
    char mark = dtype.itemSize() == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
    return "" + mark + dtype.kind() + dtype.itemSize();
  }
}
