package org.hyperflux.io.hdf5.write;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer for HDF5 metadata structures: fixed-width unsigned
 * fields, addresses and lengths (8 bytes: the writer's superblock sets both sizes to 8), and
 * patches at earlier positions (sizes and checksums known only later).
 */
final class LeBytes {
  /** HDF5's undefined address (all bits set). */
  static final long UNDEFINED = -1L;

  private byte[] bytes;
  private int size;

  LeBytes() {
    this(64);
  }

  LeBytes(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(size + more, 2 * bytes.length));
  }

  LeBytes u8(int v) {
    ensure(1);
    bytes[size++] = (byte) v;
    return this;
  }

  LeBytes u16(int v) {
    if (v < 0 || v > 0xFFFF) throw new IllegalArgumentException(v + " does not fit 2 bytes");
    return uint(v, 2);
  }

  LeBytes u32(long v) {
    return uint(v, 4);
  }

  LeBytes u64(long v) {
    return uint(v, 8);
  }

  /** The low {@code n} bytes of {@code v}, least significant first. */
  LeBytes uint(long v, int n) {
    ensure(n);
    for (int i = 0; i < n; i++) bytes[size++] = (byte) (v >>> (8 * i));
    return this;
  }

  LeBytes bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  LeBytes bytes(byte[] b, int from, int n) {
    ensure(n);
    System.arraycopy(b, from, bytes, size, n);
    size += n;
    return this;
  }

  LeBytes ascii(String s) {
    return bytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  LeBytes zeros(int n) {
    ensure(n);
    size += n;
    return this;
  }

  /** Zeros up to the next multiple of {@code alignment} (counted from the buffer's start). */
  LeBytes padTo(int alignment) {
    int r = size % alignment;
    return r == 0 ? this : zeros(alignment - r);
  }

  /** Overwrites the {@code n} bytes at {@code at} with {@code v}. */
  void patch(int at, long v, int n) {
    for (int i = 0; i < n; i++) bytes[at + i] = (byte) (v >>> (8 * i));
  }

  /** Appends the lookup3 checksum of everything from {@code from} to the end. */
  LeBytes checksumFrom(int from) {
    return u32(Lookup3.checksum(bytes, from, size - from) & 0xFFFF_FFFFL);
  }

  byte[] array() {
    return bytes;
  }

  byte[] toArray() {
    return Arrays.copyOf(bytes, size);
  }
}
