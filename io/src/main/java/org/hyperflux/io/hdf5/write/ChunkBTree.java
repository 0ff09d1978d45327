package org.hyperflux.io.hdf5.write;

import java.io.IOException;

/**
 * The chunk index of a chunked dataset as a version-1 B-tree of node type 1 (HDF5 File Format
 * Specification 3.0, §III.A.1 "Disk Format: Level 1A1 - Version 1 B-trees"; the Data Layout
 * message version 3, §IV.A.2.i, points at its root). A node is the signature {@code TREE}, node
 * type, level, entries used, left and right sibling addresses, then keys and children
 * interleaved, one more key than children. A key is the chunk's stored size, its filter mask and
 * its offset in elements along each dimension, ending with a 0 for the element-size dimension;
 * children are chunk addresses (level 0) or child nodes.
 *
 * <p>Every node is allocated at full size, {@code 2K} children with {@code K = 32} (the
 * superblock version 2 default for chunk indexes, which libhdf5 uses to compute the node size it
 * reads). The tree is built bottom-up from the chunks in C order of their grid indices (which is
 * the order of their keys): leaves hold up to 64 chunks, each level above up to 64 nodes of the
 * one below, until one node, the root, is left. Each node's key {@code i} is the first key of
 * child {@code i}'s subtree and its last key lies past its last chunk: the last chunk's offsets
 * plus the chunk shape, and the element size for the last dimension, as libhdf5 writes the right
 * key of a new node. The nodes of one level are written side by side, so siblings are known.
 */
final class ChunkBTree {
  static final int MAX_ENTRIES = 64;

  /** The chunks to index, in C order of their grid indices: offsets, stored sizes and addresses. */
  interface Chunks {
    int count();

    /** Element offsets of chunk {@code i} (one per dataset dimension). */
    long[] offsets(int i);

    int size(int i);

    long address(int i);
  }

  private ChunkBTree() {}

  /** The bytes of one node: header, 64 children, 65 keys of {@code rank + 1} offsets. */
  static int nodeSize(int rank) {
    return 24 + MAX_ENTRIES * 8 + (MAX_ENTRIES + 1) * keySize(rank);
  }

  private static int keySize(int rank) {
    return 8 + 8 * (rank + 1);
  }

  /**
   * Writes the tree of {@code chunks} (at least one) of a dataset with {@code chunkShape} and
   * {@code elementSize}-byte elements; returns the root node's address.
   */
  static long write(Appender out, Chunks chunks, int[] chunkShape, int elementSize) throws IOException {
    int rank = chunkShape.length;
    int n = chunks.count();
    if (n == 0) throw new IllegalArgumentException("a chunk B-tree needs at least one chunk");
    // Level 0: entries are the chunks. Each entry: left key (size, offsets), child address.
    long[][] firstKeyOffsets = new long[n][];
    int[] firstKeySizes = new int[n];
    long[] childAddress = new long[n];
    for (int i = 0; i < n; i++) {
      firstKeyOffsets[i] = chunks.offsets(i);
      firstKeySizes[i] = chunks.size(i);
      childAddress[i] = chunks.address(i);
    }
    long[] last = chunks.offsets(n - 1);
    long[] rightKey = new long[rank];
    for (int a = 0; a < rank; a++) rightKey[a] = last[a] + chunkShape[a];
    int level = 0;
    while (true) {
      int entries = firstKeyOffsets.length;
      int nodes = (entries + MAX_ENTRIES - 1) / MAX_ENTRIES;
      int nodeSize = nodeSize(rank);
      long base = out.reserve((long) nodes * nodeSize);
      long[][] upKeys = new long[nodes][];
      int[] upSizes = new int[nodes];
      long[] upAddress = new long[nodes];
      for (int k = 0; k < nodes; k++) {
        int from = k * MAX_ENTRIES;
        int to = Math.min(entries, from + MAX_ENTRIES);
        LeBytes b = new LeBytes(nodeSize);
        b.ascii("TREE").u8(1).u8(level).u16(to - from);
        b.u64(k == 0 ? LeBytes.UNDEFINED : base + (long) (k - 1) * nodeSize);
        b.u64(k == nodes - 1 ? LeBytes.UNDEFINED : base + (long) (k + 1) * nodeSize);
        for (int i = from; i < to; i++) {
          key(b, firstKeySizes[i], firstKeyOffsets[i], 0);
          b.u64(childAddress[i]);
        }
        if (to < entries) {
          key(b, firstKeySizes[to], firstKeyOffsets[to], 0);
        } else {
          key(b, 0, rightKey, elementSize);
        }
        b.zeros(nodeSize - b.size());
        long address = base + (long) k * nodeSize;
        out.writeAt(address, b.array(), b.size());
        upKeys[k] = firstKeyOffsets[from];
        upSizes[k] = firstKeySizes[from];
        upAddress[k] = address;
      }
      if (nodes == 1) return upAddress[0];
      firstKeyOffsets = upKeys;
      firstKeySizes = upSizes;
      childAddress = upAddress;
      level++;
    }
  }

  private static void key(LeBytes b, int size, long[] offsets, long last) {
    b.u32(size).u32(0);
    for (long o : offsets) b.u64(o);
    b.u64(last);
  }
}
