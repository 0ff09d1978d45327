package org.hyperflux.io.hdf5.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The variable-length strings of one file, kept in memory until the file is finished and then
 * written as global heap collections (HDF5 File Format Specification 3.0, §III.E "Disk Format:
 * Level 1E - Global Heap"): signature {@code GCOL}, version 1, the collection size, then objects
 * (index, reference count, size, data padded to 8 bytes) and a free-space object (index 0)
 * filling the rest. Collections are at least 4096 bytes, as libhdf5 reads that much before it
 * looks at the size; each holds at most {@link #COLLECTION_BYTES} bytes of objects (more only
 * for one larger string) and 65 534 objects.
 *
 * <p>A string's heap ID (collection address, object index) is known once {@link #write} has run;
 * {@link Ref#encode} writes the variable-length element that points at it.
 */
final class GlobalHeap {
  static final int COLLECTION_BYTES = 1 << 18;
  private static final int MIN_COLLECTION = 4096;
  private static final int HEADER = 16;
  private static final int OBJECT_HEADER = 16;
  private static final int MAX_OBJECTS = 65_534;

  private final List<Collection> collections = new ArrayList<>();

  /** A string stored in the heap. */
  static final class Ref {
    private final Collection collection;
    private final int index;
    private final int length;

    private Ref(Collection collection, int index, int length) {
      this.collection = collection;
      this.index = index;
      this.length = length;
    }

    /** The variable-length element: byte count, collection address, object index. */
    void encode(LeBytes out) {
      if (collection.address < 0) throw new IllegalStateException("the global heap is not written yet");
      out.u32(length).u64(collection.address).u32(index);
    }
  }

  private static final class Collection {
    final List<byte[]> objects = new ArrayList<>();
    long bytes;
    long address = -1;
  }

  /** Adds {@code s} (UTF-8). */
  Ref add(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    long need = OBJECT_HEADER + align8(utf8.length);
    Collection c = collections.isEmpty() ? null : collections.get(collections.size() - 1);
    if (c == null || c.address >= 0 || c.objects.size() >= MAX_OBJECTS
        || (!c.objects.isEmpty() && c.bytes + need > COLLECTION_BYTES)) {
      c = new Collection();
      collections.add(c);
    }
    c.objects.add(utf8);
    c.bytes += need;
    return new Ref(c, c.objects.size(), utf8.length);
  }

  /** Writes the collections not yet written with {@code out}, fixing their addresses. */
  void write(Appender out) throws IOException {
    for (Collection c : collections) {
      if (c.address >= 0) continue;
      long size = Math.max(MIN_COLLECTION, HEADER + c.bytes + OBJECT_HEADER);
      if (size > Integer.MAX_VALUE) {
        throw new IOException("a global heap collection of " + size + " bytes is too large");
      }
      LeBytes b = new LeBytes((int) size);
      b.ascii("GCOL").u8(1).zeros(3).u64(size);
      int index = 1;
      for (byte[] o : c.objects) {
        b.u16(index++).u16(0).zeros(4).u64(o.length).bytes(o).padTo(8);
      }
      long free = size - b.size();
      b.u16(0).u16(0).zeros(4).u64(free); // the free space, its own header included
      b.zeros((int) (free - OBJECT_HEADER));
      c.address = out.append(b.array(), b.size());
    }
  }

  private static long align8(long n) {
    return (n + 7) & ~7L;
  }
}
