package org.hyperflux.io.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.io.hdf5.Hdf5File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's byte layouts, checked against the HDF5 File Format Specification 3.0 and known
 * values: the lookup3 checksum (Bob Jenkins' published vectors), the superblock (signature,
 * version, end-of-file address, checksum), object header checksums, version-1 B-tree nodes
 * (full-size allocation, levels, entry counts, siblings, keys), global heap collections (at least
 * 4096 bytes, objects, free space); and its errors, each naming the file and the object.
 */
class Hdf5WriterFormatTest {
  @TempDir
  Path dir;

  @Test
  void lookup3MatchesBobJenkinsVectors() {
    byte[] empty = new byte[0];
    assertThat(Lookup3.hash(empty, 0, 0, 0)).isEqualTo(0xdeadbeef);
    byte[] text = "Four score and seven years ago".getBytes(StandardCharsets.US_ASCII);
    assertThat(Lookup3.hash(text, 0, text.length, 0)).isEqualTo(0x17770551);
    assertThat(Lookup3.hash(text, 0, text.length, 1)).isEqualTo(0xcd628161);
    byte[] shifted = new byte[text.length + 3];
    System.arraycopy(text, 0, shifted, 3, text.length);
    assertThat(Lookup3.checksum(shifted, 3, text.length)).isEqualTo(0x17770551);
  }

  /** Space in memory standing for the file's end. */
  private static final class MemoryAppender implements Appender {
    byte[] bytes = new byte[0];
    long end = 1000; // as if after a superblock and data

    @Override
    public long append(byte[] b, int length) {
      long at = reserve(length);
      writeAt(at, b, length);
      return at;
    }

    @Override
    public long reserve(long length) {
      long at = end;
      end += length;
      if (end - 1000 > bytes.length) bytes = Arrays.copyOf(bytes, (int) (end - 1000));
      return at;
    }

    @Override
    public void writeAt(long address, byte[] b, int length) {
      System.arraycopy(b, 0, bytes, (int) (address - 1000), length);
    }

    ByteBuffer at(long address) {
      return ByteBuffer.wrap(bytes, (int) (address - 1000), bytes.length - (int) (address - 1000))
          .slice().order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  @Test
  void theFusedShuffleEqualsLittleEndianBytesThenShuffle() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (DType t : DType.values()) {
      Block b = Block.allocate(t, 37);
      for (int i = 0; i < 37; i++) {
        if (t.isFloat()) b.setDouble(i, r.nextDouble() * 1e6 - 5e5);
        else b.setLong(i, t.isBool() ? r.nextInt(2) : r.nextLong());
      }
      Block view = b.slice(3, 30);
      assertThat(ChunkEncoder.shuffledLittleEndian(view)).as(t.numpyName())
          .containsExactly(ChunkEncoder.shuffle(ChunkEncoder.littleEndian(view), t.itemSize()));
    }
    // libhdf5's shuffle of two 2-byte elements: low bytes first, then high bytes.
    assertThat(ChunkEncoder.shuffle(new byte[] {1, 2, 3, 4}, 2)).containsExactly(1, 3, 2, 4);
  }

  @Test
  void chunkBTreeNodesAreFullSizeWithLevelsSiblingsAndOrderedKeys() throws Exception {
    MemoryAppender m = new MemoryAppender();
    int n = 130;
    long root = ChunkBTree.write(m, new ChunkBTree.Chunks() {
      @Override
      public int count() {
        return n;
      }

      @Override
      public long[] offsets(int i) {
        return new long[] {i * 10L};
      }

      @Override
      public int size(int i) {
        return 100 + i;
      }

      @Override
      public long address(int i) {
        return 5000 + i;
      }
    }, new int[] {10}, 4);
    int nodeSize = ChunkBTree.nodeSize(1);
    assertThat(nodeSize).isEqualTo(24 + 64 * 8 + 65 * (8 + 16));
    // Three leaves side by side, then the root.
    assertThat(m.end - 1000).isEqualTo(4L * nodeSize);
    assertThat(root).isEqualTo(1000 + 3L * nodeSize);
    int[] entries = {64, 64, 2};
    for (int k = 0; k < 3; k++) {
      ByteBuffer b = m.at(1000 + (long) k * nodeSize);
      byte[] sig = new byte[4];
      b.get(sig);
      assertThat(new String(sig, StandardCharsets.US_ASCII)).isEqualTo("TREE");
      assertThat(b.get()).isEqualTo((byte) 1); // raw data chunks
      assertThat(b.get()).isEqualTo((byte) 0); // level
      assertThat(b.getShort() & 0xFFFF).isEqualTo(entries[k]);
      assertThat(b.getLong()).isEqualTo(k == 0 ? -1 : 1000 + (long) (k - 1) * nodeSize);
      assertThat(b.getLong()).isEqualTo(k == 2 ? -1 : 1000 + (long) (k + 1) * nodeSize);
      for (int e = 0; e < entries[k]; e++) {
        int chunk = 64 * k + e;
        assertThat(b.getInt()).isEqualTo(100 + chunk); // stored size
        assertThat(b.getInt()).isZero(); // filter mask
        assertThat(b.getLong()).isEqualTo(chunk * 10L);
        assertThat(b.getLong()).isZero(); // the element-size dimension
        assertThat(b.getLong()).isEqualTo(5000 + chunk);
      }
      b.getInt();
      b.getInt();
      // The last key: the next chunk's offset, or past the last chunk (offset + chunk, element size).
      assertThat(b.getLong()).isEqualTo(k == 2 ? 1300 : (64L * (k + 1)) * 10);
      assertThat(b.getLong()).isEqualTo(k == 2 ? 4 : 0);
    }
    ByteBuffer r = m.at(root);
    r.position(5);
    assertThat(r.get()).isEqualTo((byte) 1); // level 1
    assertThat(r.getShort()).isEqualTo((short) 3);
    assertThat(r.getLong()).isEqualTo(-1);
    assertThat(r.getLong()).isEqualTo(-1);
    for (int k = 0; k < 3; k++) {
      r.getInt();
      r.getInt();
      assertThat(r.getLong()).isEqualTo(640L * k);
      r.getLong();
      assertThat(r.getLong()).isEqualTo(1000 + (long) k * nodeSize);
    }
  }

  @Test
  void globalHeapCollectionsHoldTheStringsAndAFreeSpaceObject() throws Exception {
    GlobalHeap heap = new GlobalHeap();
    GlobalHeap.Ref a = heap.add("Fe");
    GlobalHeap.Ref b = heap.add("");
    GlobalHeap.Ref c = heap.add("\u00e9t\u00e9");
    MemoryAppender m = new MemoryAppender();
    heap.write(m);
    ByteBuffer h = m.at(1000);
    assertThat(m.end - 1000).isEqualTo(4096);
    byte[] sig = new byte[4];
    h.get(sig);
    assertThat(new String(sig, StandardCharsets.US_ASCII)).isEqualTo("GCOL");
    assertThat(h.get()).isEqualTo((byte) 1);
    h.position(8);
    assertThat(h.getLong()).isEqualTo(4096);
    List<String> objects = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      assertThat(h.getShort()).isEqualTo((short) i);
      h.getShort();
      h.getInt();
      int size = (int) h.getLong();
      byte[] data = new byte[size];
      h.get(data);
      objects.add(new String(data, StandardCharsets.UTF_8));
      h.position((h.position() + 7) & ~7);
    }
    assertThat(objects).containsExactly("Fe", "", "\u00e9t\u00e9");
    assertThat(h.getShort()).isZero(); // free space, its size counting its own header
    h.getShort();
    h.getInt();
    assertThat(h.getLong()).isEqualTo(4096 - h.position() + 16);
    LeBytes element = new LeBytes();
    c.encode(element);
    ByteBuffer e = ByteBuffer.wrap(element.toArray()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(e.getInt()).isEqualTo(5); // UTF-8 bytes
    assertThat(e.getLong()).isEqualTo(1000);
    assertThat(e.getInt()).isEqualTo(3);
    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
  }

  @Test
  void manyAndLargeStringsSpreadOverSeveralHeapCollections() throws Exception {
    Path file = dir.resolve("strings.h5");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 70_000; i++) many.add("s" + i);
    String large = "\u00e9".repeat(200_000);
    try (Hdf5Writer w = Hdf5Writer.create(file, 4)) {
      w.root().writeStrings("many", many);
      w.root().writeAttributes(Map.of("large", large, "after", "x"));
      w.finish();
    }
    byte[] bytes = Files.readAllBytes(file);
    int collections = 0;
    for (int i = 0; i + 4 <= bytes.length; i++) {
      if (bytes[i] == 'G' && bytes[i + 1] == 'C' && bytes[i + 2] == 'O' && bytes[i + 3] == 'L') collections++;
    }
    assertThat(collections).isGreaterThanOrEqualTo(4);
    try (Hdf5File f = Hdf5File.open(file)) {
      assertThat(f.dataset("/many").values()).isEqualTo(many);
      assertThat(f.root().attributes()).containsEntry("large", large).containsEntry("after", "x");
    }
  }

  @Test
  void theSuperblockAndObjectHeadersCarryValidChecksumsAndTheFileEnd() throws Exception {
    Path file = dir.resolve("sb.h5");
    try (Hdf5Writer w = Hdf5Writer.create(file, 4)) {
      w.root().writeAttributes(Map.of("a", 1L));
      w.root().createGroup("g");
      w.finish();
    }
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n');
    assertThat(bytes[8]).isEqualTo((byte) 2);
    assertThat(bytes[9]).isEqualTo((byte) 8);
    assertThat(bytes[10]).isEqualTo((byte) 8);
    assertThat(b.getLong(12)).isZero(); // base address
    assertThat(b.getLong(20)).isEqualTo(-1); // no superblock extension
    assertThat(b.getLong(28)).isEqualTo(bytes.length); // end of file
    long root = b.getLong(36);
    assertThat(b.getInt(44)).isEqualTo(Lookup3.checksum(bytes, 0, 44));
    assertThat(new String(bytes, (int) root, 4, StandardCharsets.US_ASCII)).isEqualTo("OHDR");
    int flags = bytes[(int) root + 5];
    int width = 1 << (flags & 3);
    long size = width == 1 ? bytes[(int) root + 6] & 0xFF : b.getShort((int) root + 6) & 0xFFFF;
    int headerEnd = (int) (root + 6 + width + size);
    assertThat(b.getInt(headerEnd)).isEqualTo(Lookup3.checksum(bytes, (int) root, headerEnd - (int) root));
    assertThat(headerEnd + 4).isEqualTo(bytes.length); // the root's header is written last
  }

  @Test
  void ourReaderSeesAttributesOfEveryKindAndContiguousAndEmptyDatasets() throws Exception {
    Path file = dir.resolve("kinds.h5");
    try (Hdf5Writer w = Hdf5Writer.create(file, 1)) {
      Hdf5GroupWriter g = w.root().createGroup("g\u00e9");
      g.writeAttributes(Map.of("f32", 1.5f, "i32", 7, "block", Block.wrap(DType.UINT16, new short[] {1, -1}),
          "empty", List.of(), "mixed", List.of(1L, 2.5)));
      g.createDataset("empty", Shape.of(0, 3), DType.FLOAT32, new int[] {1, 3});
      Hdf5DatasetWriter d = g.createDataset("whole", Shape.of(2, 2), DType.UINT64, new int[] {1, 1});
      d.writeAttributes(Map.of("units", "nm"));
      d.writeAll(Block.wrap(DType.UINT64, new long[] {0, 1, -1, 1L << 63}));
      Hdf5DatasetWriter scalar = g.createDataset("scalar", Shape.scalar(), DType.FLOAT64, new int[0]);
      assertThatThrownBy(() -> scalar.writeChunk(ChunkIndex.of(), Block.allocate(DType.FLOAT64, 1)))
          .hasMessageContaining("scalar").hasMessageContaining("writeAll");
      scalar.writeAll(Block.wrap(DType.FLOAT64, new double[] {-2.5}));
      w.finish();
    }
    try (Hdf5File f = Hdf5File.open(file)) {
      Map<String, Object> attrs = f.group("/g\u00e9").attributes();
      assertThat(attrs.get("f32")).isEqualTo(1.5);
      assertThat(attrs.get("i32")).isEqualTo(7L);
      assertThat(attrs.get("block")).isEqualTo(List.of(1L, 65535L));
      assertThat(attrs.get("empty")).isEqualTo(List.of());
      assertThat(attrs.get("mixed")).isEqualTo(List.of(1.0, 2.5));
      assertThat(f.dataset("/g\u00e9/empty").shape()).isEqualTo(Shape.of(0, 3));
      assertThat(f.dataset("/g\u00e9/scalar").shape()).isEqualTo(Shape.scalar());
      assertThat(f.dataset("/g\u00e9/scalar").values()).isEqualTo(-2.5);
      assertThat(f.dataset("/g\u00e9/whole").attributes()).containsEntry("units", "nm");
      WriterCases.assertSameValues(f.dataset("/g\u00e9/whole").lazy().compute().toBlock(),
          Block.wrap(DType.UINT64, new long[] {0, 1, -1, 1L << 63}), "uint64 contiguous");
    }
  }

  @Test
  void mistakesFailNamingTheFileAndTheObject() throws Exception {
    Path file = dir.resolve("bad.h5");
    try (Hdf5Writer w = Hdf5Writer.create(file, 4)) {
      Hdf5GroupWriter root = w.root();
      root.createGroup("g");
      assertThatThrownBy(() -> root.createGroup("g")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("/g already exists").hasMessageContaining("bad.h5");
      assertThatThrownBy(() -> root.createGroup("a/b")).hasMessageContaining("not a valid HDF5 link name");
      assertThatThrownBy(() -> root.writeAttributes(Map.of("x", new Object())))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attribute 'x'")
          .hasMessageContaining("bad.h5").hasMessageContaining("java.lang.Object");
      assertThatThrownBy(() -> root.writeAttributes(Map.of("l", List.of(1L, "a"))))
          .hasMessageContaining("attribute 'l' of group /");
      assertThatThrownBy(() -> root.createDataset("d", Shape.of(4, 4), DType.INT8, new int[] {5, 1}))
          .hasMessageContaining("dataset /d in").hasMessageContaining("extent 5 along axis 0");
      assertThatThrownBy(() -> root.createDataset("d", Shape.of(4), DType.INT8, new int[] {2, 2}))
          .hasMessageContaining("rank 2");
      Hdf5DatasetWriter d = root.createDataset("d", Shape.of(4), DType.INT8, new int[] {3});
      assertThatThrownBy(() -> d.writeChunk(ChunkIndex.of(1), Block.allocate(DType.INT8, 3)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunk [1]")
          .hasMessageContaining("dataset /d");
      assertThatThrownBy(() -> d.writeChunk(ChunkIndex.of(0), Block.allocate(DType.INT16, 3)))
          .hasMessageContaining("int8");
      d.writeChunk(ChunkIndex.of(0), Block.allocate(DType.INT8, 3));
      assertThatThrownBy(() -> d.writeChunk(ChunkIndex.of(0), Block.allocate(DType.INT8, 3)))
          .hasMessageContaining("written before");
      assertThatThrownBy(() -> d.writeAll(Block.allocate(DType.INT8, 4))).hasMessageContaining("written before");
      w.finish();
      assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
      assertThatThrownBy(() -> root.createGroup("late")).isInstanceOf(IllegalStateException.class);
    }
    try (Hdf5File f = Hdf5File.open(file)) {
      // The chunk never written reads as the fill value.
      assertThat(f.dataset("/d").values()).isEqualTo(List.of(0L, 0L, 0L, 0L));
    }
  }
}
