package org.hyperflux.io.hdf5.write;

/**
 * A version-2 object header with all its messages in one chunk (HDF5 File Format Specification
 * 3.0, §IV.A.1.b "Version 2 Data Object Header Prefix"): signature {@code OHDR}, version 2, flags
 * (no times, no attribute creation order, default attribute phase change, the width of the
 * chunk size field: 1, 2, 4 or 8 bytes as the size needs), the size of chunk 0, the messages
 * (type, size, flags, body; no creation order) and the lookup3 checksum of all that precedes it.
 */
final class ObjectHeader {
  /** Message types (§IV.A.2). */
  static final int DATASPACE = 0x01;
  static final int LINK_INFO = 0x02;
  static final int DATATYPE = 0x03;
  static final int FILL_VALUE = 0x05;
  static final int LINK = 0x06;
  static final int LAYOUT = 0x08;
  static final int GROUP_INFO = 0x0A;
  static final int FILTER_PIPELINE = 0x0B;
  static final int ATTRIBUTE = 0x0C;

  /** Message flag: the message is constant (set by libhdf5 on datatype messages). */
  static final int CONSTANT = 0x01;

  private final LeBytes messages = new LeBytes(256);

  /**
   * Adds a message.
   *
   * @throws IllegalArgumentException when the body exceeds the 65 535 bytes a message can hold
   */
  ObjectHeader add(int type, int flags, LeBytes body) {
    if (body.size() > 0xFFFF) {
      throw new IllegalArgumentException("an object header message of " + body.size()
          + " bytes exceeds the 65535 bytes HDF5 allows");
    }
    messages.u8(type).u16(body.size()).u8(flags).bytes(body.array(), 0, body.size());
    return this;
  }

  /** The encoded header, checksum included. */
  byte[] encode() {
    int size = messages.size();
    int widthCode = size <= 0xFF ? 0 : size <= 0xFFFF ? 1 : 2;
    LeBytes b = new LeBytes(size + 16);
    b.ascii("OHDR").u8(2).u8(widthCode);
    b.uint(size, 1 << widthCode);
    b.bytes(messages.array(), 0, size);
    b.checksumFrom(0);
    return b.toArray();
  }
}
