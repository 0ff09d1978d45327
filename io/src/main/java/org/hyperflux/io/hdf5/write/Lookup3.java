package org.hyperflux.io.hdf5.write;

/**
 * Bob Jenkins' lookup3 hash ({@code hashlittle}, public domain, 2006), the checksum the HDF5
 * File Format Specification 3.0 gives its version-2 structures: the superblock's (§II.A,
 * "Superblock", version 2) and the object header's (§IV.A.1.b, "Version 2 Data Object Header
 * Prefix"), both computed over the structure's preceding bytes with initial value 0.
 *
 * <p>The bytes are consumed twelve at a time as three little-endian 32-bit words, mixed, and the
 * last (partial) block is added and finalised; an empty input hashes to {@code 0xdeadbeef +
 * initval}.
 */
final class Lookup3 {
  private Lookup3() {}

  /** The hash of {@code bytes[from, from + length)} with initial value {@code initval}. */
  static int hash(byte[] bytes, int from, int length, int initval) {
    int a = 0xdeadbeef + length + initval;
    int b = a;
    int c = a;
    int k = from;
    int left = length;
    while (left > 12) {
      a += word(bytes, k, 4);
      b += word(bytes, k + 4, 4);
      c += word(bytes, k + 8, 4);
      // mix(a, b, c)
      a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
      a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
      left -= 12;
      k += 12;
    }
    if (left == 0) return c;
    a += word(bytes, k, Math.min(4, left));
    if (left > 4) b += word(bytes, k + 4, Math.min(4, left - 4));
    if (left > 8) c += word(bytes, k + 8, left - 8);
    // final(a, b, c)
    c ^= b; c -= Integer.rotateLeft(b, 14);
    a ^= c; a -= Integer.rotateLeft(c, 11);
    b ^= a; b -= Integer.rotateLeft(a, 25);
    c ^= b; c -= Integer.rotateLeft(b, 16);
    a ^= c; a -= Integer.rotateLeft(c, 4);
    b ^= a; b -= Integer.rotateLeft(a, 14);
    c ^= b; c -= Integer.rotateLeft(b, 24);
    return c;
  }

  /** HDF5's checksum of {@code bytes[from, from + length)} (initial value 0). */
  static int checksum(byte[] bytes, int from, int length) {
    return hash(bytes, from, length, 0);
  }

  /** The little-endian word of the {@code n} (1..4) bytes at {@code at}; missing high bytes are 0. */
  private static int word(byte[] bytes, int at, int n) {
    int w = 0;
    for (int i = 0; i < n; i++) w |= (bytes[at + i] & 0xFF) << (8 * i);
    return w;
  }
}
