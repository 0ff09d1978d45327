package org.hyperflux.io.hdf5.write;

import java.nio.charset.StandardCharsets;

/**
 * The bodies of the object header messages the writer uses (HDF5 File Format Specification 3.0,
 * §IV.A.2 "Disk Format: Level 2A2 - Data Object Header Messages"), each in the version libhdf5
 * 1.8 and later read: Dataspace version 2 (§IV.A.2.b), Link Info version 0 (§IV.A.2.c; compact
 * links, no fractal heap, no creation order), Fill Value version 2 (§IV.A.2.f; the default fill
 * value, defined with size 0, as libhdf5 writes it), Link version 1 (§IV.A.2.g; hard links, the
 * name's character set given when it is not ASCII), Data Layout version 3 (§IV.A.2.i; contiguous,
 * or chunked with a version-1 B-tree whose chunk dimensions end with the element size), Group
 * Info version 0 (§IV.A.2.k; defaults), Filter Pipeline version 1 (§IV.A.2.l; shuffle and
 * deflate, optional as h5py sets them, no names) and Attribute version 3 (§IV.A.2.m).
 */
final class Messages {
  /** HDF5's filter identifiers (§IV.A.2.l). */
  static final int FILTER_DEFLATE = 1;
  static final int FILTER_SHUFFLE = 2;

  private Messages() {}

  /** A scalar dataspace for {@code dims == null}, otherwise a simple one of {@code dims} (maximum = current). */
  static LeBytes dataspace(long[] dims) {
    LeBytes b = new LeBytes(8 + 8 * (dims == null ? 0 : dims.length));
    if (dims == null) return b.u8(2).u8(0).u8(0).u8(0);
    b.u8(2).u8(dims.length).u8(0).u8(1);
    for (long d : dims) b.u64(d);
    return b;
  }

  static LeBytes linkInfo() {
    return new LeBytes(18).u8(0).u8(0).u64(LeBytes.UNDEFINED).u64(LeBytes.UNDEFINED);
  }

  static LeBytes groupInfo() {
    return new LeBytes(2).u8(0).u8(0);
  }

  /** A hard link named {@code name} to the object header at {@code address}. */
  static LeBytes link(String name, long address) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    boolean ascii = utf8.length == name.length() && name.chars().allMatch(ch -> ch < 0x80);
    int width = utf8.length <= 0xFF ? 0 : utf8.length <= 0xFFFF ? 1 : 2;
    LeBytes b = new LeBytes(16 + utf8.length);
    b.u8(1).u8(width | (ascii ? 0 : 0x10));
    if (!ascii) b.u8(1); // UTF-8
    b.uint(utf8.length, 1 << width).bytes(utf8).u64(address);
    return b;
  }

  /** The default fill value; space allocated incrementally (chunked) or late (contiguous). */
  static LeBytes fillValue(boolean chunked) {
    return new LeBytes(8).u8(2).u8(chunked ? 3 : 2).u8(chunked ? 0 : 2).u8(1).u32(0);
  }

  /** Contiguous storage of {@code size} bytes at {@code address} (undefined when empty). */
  static LeBytes contiguousLayout(long address, long size) {
    return new LeBytes(18).u8(3).u8(1).u64(address).u64(size);
  }

  /** Chunked storage indexed by the version-1 B-tree at {@code btree} (undefined when no chunk is stored). */
  static LeBytes chunkedLayout(long btree, int[] chunkShape, int elementSize) {
    LeBytes b = new LeBytes(12 + 4 * chunkShape.length);
    b.u8(3).u8(2).u8(chunkShape.length + 1).u64(btree);
    for (int c : chunkShape) b.u32(c);
    return b.u32(elementSize);
  }

  /** Shuffle of {@code elementSize}-byte elements, then deflate at {@code level}. */
  static LeBytes shuffleDeflate(int elementSize, int level) {
    LeBytes b = new LeBytes(40);
    b.u8(1).u8(2).zeros(6);
    b.u16(FILTER_SHUFFLE).u16(0).u16(1).u16(1).u32(elementSize).zeros(4);
    b.u16(FILTER_DEFLATE).u16(0).u16(1).u16(1).u32(level).zeros(4);
    return b;
  }

  /** An attribute: UTF-8 name, datatype, dataspace ({@code dims == null}: scalar), raw data. */
  static LeBytes attribute(String name, Datatype type, long[] dims, byte[] data) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    boolean ascii = utf8.length == name.length();
    LeBytes space = dataspace(dims);
    LeBytes b = new LeBytes(16 + utf8.length + type.encoded().length + space.size() + data.length);
    b.u8(3).u8(0).u16(utf8.length + 1).u16(type.encoded().length).u16(space.size());
    b.u8(ascii ? 0 : 1);
    b.bytes(utf8).u8(0).bytes(type.encoded()).bytes(space.array(), 0, space.size()).bytes(data);
    return b;
  }
}
