package org.hyperflux.io.hdf5.write;

import org.hyperflux.core.array.DType;

/**
 * An HDF5 datatype as the Datatype message encodes it (HDF5 File Format Specification 3.0,
 * §IV.A.2.d "The Datatype Message", version 1 of each class): little-endian fixed-point (class
 * 0) and IEEE floating-point (class 1) numbers, h5py's boolean (an enumeration, class 8, of
 * {@code FALSE = 0, TRUE = 1} over a signed byte, member names null-terminated and padded to
 * multiples of 8 bytes as version 1 requires) and variable-length UTF-8 strings (class 9, type
 * string, null-terminated padding, over unsigned bytes), whose elements are stored as a 4-byte
 * length and a global heap ID (§III.E).
 *
 * @param encoded the message body
 * @param size the size of one element as stored, in bytes
 * @param vlenString whether elements are variable-length strings (stored through the global heap)
 */
record Datatype(byte[] encoded, int size, boolean vlenString) {
  /** Variable-length string elements: length (4), heap collection address (8), object index (4). */
  static final int VLEN_ELEMENT_SIZE = 16;

  /** The datatype h5py and HyperSpy write for numpy {@code dtype}: little-endian, bool as h5py's enum. */
  static Datatype of(DType dtype) {
    switch (dtype) {
      case BOOL: return bool();
      case FLOAT32: return floating(4, 31, 23, 8, 23, 127);
      case FLOAT64: return floating(8, 63, 52, 11, 52, 1023);
      default: return fixed(dtype.itemSize(), !dtype.isUnsigned());
    }
  }

  /** A little-endian two's complement (signed) or unsigned integer of {@code size} bytes. */
  static Datatype fixed(int size, boolean signed) {
    return new Datatype(fixedBytes(size, signed), size, false);
  }

  private static byte[] fixedBytes(int size, boolean signed) {
    LeBytes b = new LeBytes(12);
    b.u8(0x10); // version 1, class 0 (fixed-point)
    b.u8(signed ? 0x08 : 0x00).u8(0).u8(0); // little-endian, zero padding, signedness
    b.u32(size);
    b.u16(0).u16(8 * size); // bit offset, bit precision
    return b.toArray();
  }

  /** An IEEE float: sign bit, exponent location and size, mantissa size, exponent bias. */
  private static Datatype floating(int size, int signBit, int expLocation, int expSize,
      int mantissaSize, int bias) {
    LeBytes b = new LeBytes(24);
    b.u8(0x11); // version 1, class 1 (floating-point)
    b.u8(0x20); // little-endian, zero padding, mantissa normalised with the msb implied
    b.u8(signBit).u8(0);
    b.u32(size);
    b.u16(0).u16(8 * size); // bit offset, bit precision
    b.u8(expLocation).u8(expSize).u8(0).u8(mantissaSize); // exponent and mantissa bit fields
    b.u32(bias);
    return new Datatype(b.toArray(), size, false);
  }

  /** h5py's boolean: the enumeration int8 {FALSE = 0, TRUE = 1}. */
  static Datatype bool() {
    LeBytes b = new LeBytes(40);
    b.u8(0x18); // version 1, class 8 (enumeration)
    b.u16(2).u8(0); // two members
    b.u32(1);
    b.bytes(fixedBytes(1, true)); // base type
    int start = b.size();
    b.ascii("FALSE").u8(0);
    while ((b.size() - start) % 8 != 0) b.u8(0);
    start = b.size();
    b.ascii("TRUE").u8(0);
    while ((b.size() - start) % 8 != 0) b.u8(0);
    b.u8(0).u8(1); // member values
    return new Datatype(b.toArray(), 1, false);
  }

  /** Variable-length UTF-8 strings, as h5py writes Python {@code str}. */
  static Datatype vlenUtf8() {
    LeBytes b = new LeBytes(24);
    b.u8(0x19); // version 1, class 9 (variable-length)
    b.u8(0x01); // type string, padding null-terminated
    b.u8(0x01); // character set UTF-8
    b.u8(0);
    b.u32(VLEN_ELEMENT_SIZE);
    b.bytes(fixedBytes(1, false)); // base type: unsigned bytes
    return new Datatype(b.toArray(), VLEN_ELEMENT_SIZE, true);
  }
}
