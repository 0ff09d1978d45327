package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The writer: a lazy array written chunk by chunk reads back equal for every dtype, compressor,
 * byte order and separator, with chunks that do not divide the shape (edge chunks stored at the
 * full chunk shape); chunks never written read as the fill value; 0-d and zero-length arrays;
 * at most the derived number of chunks in flight; no temporary file left behind, also when a
 * write fails; attributes and groups.
 */
class ZarrArrayWriteTest {
  @TempDir
  Path tmp;

  private static final Shape SHAPE = Shape.of(13, 7, 5);
  private static final int[] CHUNKS = {4, 3, 5};

  static LazyArray ramp(DType dtype, Shape shape, int[] chunks) {
    return LazyArray.of(GeneratedSource.of("ramp", dtype, ChunkGrid.regular(shape, chunks),
        p -> {
          double v = 0;
          for (long x : p) v = v * 31 + x;
          return dtype.isFloat() ? v * 0.37 - 11.5 : dtype.isBool() ? v % 3 : v * 1237 - 20_000;
        }));
  }

  static List<ZarrCompressor> compressors() {
    return List.of(ZarrCompressor.zspyDefault(), ZarrCompressor.blosc("lz4", 5, ZarrCompressor.Shuffle.BIT, 0),
        ZarrCompressor.blosc("blosclz", 9, ZarrCompressor.Shuffle.NONE, 256),
        ZarrCompressor.blosc("zlib", 1, ZarrCompressor.Shuffle.AUTO, 0),
        ZarrCompressor.blosc("lz4hc", 3, ZarrCompressor.Shuffle.BYTE, 0),
        ZarrCompressor.zlib(4), ZarrCompressor.gzip(6), ZarrCompressor.zstd(3),
        ZarrCompressor.lz4(1), ZarrCompressor.none());
  }

  @TestFactory
  Stream<DynamicTest> writtenArraysReadBackEqual() {
    List<DynamicTest> tests = new ArrayList<>();
    int k = 0;
    for (DType dtype : DType.values()) {
      for (ZarrCompressor c : compressors()) {
        ByteOrder order = k % 2 == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        String sep = k % 3 == 0 ? "/" : ".";
        String name = dtype.numpyName() + " " + c + " " + order + " '" + sep + "'";
        int n = k++;
        tests.add(DynamicTest.dynamicTest(name, () -> {
          ZarrArrayMetadata m = ZarrArrayMetadata.of(SHAPE, CHUNKS, dtype).withCompressor(c)
              .withByteOrder(order).withDimensionSeparator(sep);
          Path dir = tmp.resolve("a" + n);
          ZarrArray a = ZarrArray.create(dir, m);
          LazyArray data = ramp(dtype, SHAPE, CHUNKS);
          a.write(data, ExecOptions.defaults()).block(Duration.ofMinutes(1));
          ZarrArray back = ZarrArray.open(dir);
          assertThat(back.metadata()).isEqualTo(m);
          Fixtures.assertSameValues(back.lazy().compute().toBlock(), data.compute().toBlock(), name);
          assertNoTemporaryFiles(dir);
          // Every chunk file exists, including the edge ones (stored uncropped).
          ChunkGrid grid = m.grid();
          for (long i = 0; i < grid.chunkCount(); i++) {
            assertThat(dir.resolve(a.chunkKey(grid.index(i)))).isRegularFile();
          }
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void edgeChunksAreStoredAtTheFullChunkShapePaddedWithTheFillValue() throws IOException {
    ZarrArrayMetadata m = ZarrArrayMetadata.of(Shape.of(5, 3), new int[] {4, 2}, DType.INT16)
        .withCompressor(ZarrCompressor.none()).withFillValue(FillValue.of(-1));
    ZarrArray a = ZarrArray.create(tmp.resolve("edge"), m);
    a.write(ramp(DType.INT16, Shape.of(5, 3), new int[] {4, 2}), ExecOptions.defaults()).block(Duration.ofMinutes(1));
    byte[] corner = Files.readAllBytes(a.path().resolve("1.1"));
    assertThat(corner).hasSize(4 * 2 * 2);
    // Element (4, 2) is the only real one; the padding is the fill value -1.
    short[] s = new short[8];
    java.nio.ByteBuffer.wrap(corner).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    assertThat(s[0]).isEqualTo((short) ((4 * 31 + 2) * 1237 - 20_000));
    for (int i = 1; i < 8; i++) assertThat(s[i]).isEqualTo((short) -1);
  }

  @Test
  void chunksNeverWrittenReadAsTheFillValue() throws IOException {
    ZarrArrayMetadata m = ZarrArrayMetadata.of(Shape.of(6, 6), new int[] {4, 4}, DType.FLOAT32)
        .withFillValue(FillValue.of(Double.NaN));
    ZarrArray a = ZarrArray.create(tmp.resolve("holes"), m);
    Block ones = Block.allocate(DType.FLOAT32, 16);
    for (int i = 0; i < 16; i++) ones.setDouble(i, 1);
    a.writeChunk(ChunkIndex.of(0, 0), ones);
    Block all = ZarrArray.open(a.path()).lazy().compute().toBlock();
    for (int i = 0; i < 36; i++) {
      boolean written = i / 6 < 4 && i % 6 < 4;
      if (written) {
        assertThat(all.getDouble(i)).as("element %d", i).isEqualTo(1.0);
      } else {
        assertThat(all.getDouble(i)).as("element %d", i).isNaN();
      }
    }
    assertThat(Files.readString(a.path().resolve(".zarray"))).contains("\"fill_value\": \"NaN\"");
  }

  @Test
  void scalarAndZeroLengthArrays() throws IOException {
    ZarrArray s = ZarrArray.create(tmp.resolve("scalar"), ZarrArrayMetadata.of(Shape.scalar(), new int[0], DType.FLOAT64));
    s.write(LazyArray.of(GeneratedSource.of("c", DType.FLOAT64, ChunkGrid.single(Shape.scalar()), p -> 3.25)),
        ExecOptions.defaults()).block(Duration.ofMinutes(1));
    assertThat(s.path().resolve("0")).isRegularFile();
    assertThat(ZarrArray.open(s.path()).lazy().compute().toBlock().getDouble(0)).isEqualTo(3.25);

    Shape empty = Shape.of(0, 5);
    ZarrArray z = ZarrArray.create(tmp.resolve("empty"), ZarrArrayMetadata.of(empty, new int[] {3, 5}, DType.INT32));
    z.write(ramp(DType.INT32, empty, new int[] {3, 5}), ExecOptions.defaults()).block(Duration.ofMinutes(1));
    try (Stream<Path> files = Files.list(z.path())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".zarray");
    }
    assertThat(ZarrArray.open(z.path()).lazy().compute().toBlock().length()).isZero();
  }

  @Test
  void atMostTheDerivedNumberOfChunksIsInFlight() throws IOException {
    Shape shape = Shape.of(64, 64);
    ZarrArrayMetadata m = ZarrArrayMetadata.of(shape, new int[] {8, 64}, DType.FLOAT64);
    ZarrArray a = ZarrArray.create(tmp.resolve("bounded"), m);
    LazyArray data = ramp(DType.FLOAT64, shape, new int[] {8, 64});
    // A budget of 4 chunks of 4 KiB each allows one chunk at a time.
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(4L * m.chunkBytes()).withParallelism(4);
    List<Long> requests = new CopyOnWriteArrayList<>();
    List<Chunk> chunks = data.chunks().collectList().block(Duration.ofMinutes(1));
    a.write(Flux.fromIterable(chunks).doOnRequest(requests::add), options).block(Duration.ofMinutes(1));
    assertThat(requests).isNotEmpty().allSatisfy(n -> assertThat(n).isEqualTo(1L));
    Fixtures.assertSameValues(ZarrArray.open(a.path()).lazy().compute().toBlock(), data.compute().toBlock(), "bounded");
  }

  @Test
  void aFailedWriteNamesTheChunkAndLeavesNoTemporaryFile() throws IOException {
    ZarrArray a = ZarrArray.create(tmp.resolve("fails"), ZarrArrayMetadata.of(Shape.of(4, 4), new int[] {2, 4}, DType.UINT8));
    // A non-empty directory where chunk 1.0 should go: the rename cannot replace it.
    Files.createDirectories(a.path().resolve("1.0").resolve("blocker"));
    assertThatThrownBy(() -> a.write(ramp(DType.UINT8, Shape.of(4, 4), new int[] {2, 4}), ExecOptions.defaults())
        .block(Duration.ofMinutes(1)))
        .hasMessageContaining("failed to write chunk '1.0' of zarr array " + a.path())
        .hasMessageContaining(a.path().resolve("1.0").toString());
    assertNoTemporaryFiles(a.path());
  }

  /**
   * A write that fails while another chunk's file is being written waits for that write before
   * it reports the error: the caller never sees a temporary file. The failing chunk is sent only
   * once the other chunk's temporary file exists.
   */
  @Test
  void aWriteFailingWhileAnotherChunkIsWrittenWaitsForIt() throws Exception {
    int n = 48 << 20;
    ZarrArray a = ZarrArray.create(tmp.resolve("slow"),
        ZarrArrayMetadata.of(Shape.of(2, n), new int[] {1, n}, DType.UINT8)
            .withCompressor(ZarrCompressor.none()));
    byte[] big = new byte[n];
    new java.util.Random(3).nextBytes(big);
    Chunk first = new Chunk(ChunkIndex.of(0, 0), Region.of(new long[] {0, 0}, new int[] {1, n}),
        Block.wrap(DType.UINT8, big));
    // Chunk (1, 0) claiming the region of (0, 0): refused as soon as it arrives.
    Chunk wrong = new Chunk(ChunkIndex.of(1, 0), Region.of(new long[] {0, 0}, new int[] {1, n}),
        Block.wrap(DType.UINT8, big));
    Flux<Chunk> chunks = Flux.concat(Mono.just(first), Mono.fromCallable(() -> {
      long end = System.nanoTime() + 10_000_000_000L;
      while (!hasTemporaryFile(a.path()) && System.nanoTime() < end) Thread.sleep(0, 200_000);
      return wrong;
    }).subscribeOn(Schedulers.boundedElastic()));
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(1L << 30);

    assertThatThrownBy(() -> a.write(chunks, options).block(Duration.ofMinutes(1)))
        .hasMessageContaining("chunk [1, 0]");
    assertNoTemporaryFiles(a.path());
  }

  private static boolean hasTemporaryFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".partial"));
    }
  }

  @Test
  void attributesRoundTripAsPlainJsonValues() throws IOException {
    ZarrArray a = ZarrArray.create(tmp.resolve("attrs"), ZarrArrayMetadata.of(Shape.of(2), new int[] {2}, DType.UINT8));
    assertThat(a.attributes()).isEmpty();
    Map<String, Object> attrs = new java.util.LinkedHashMap<>();
    attrs.put("title", "My title");
    attrs.put("scale", 0.5);
    attrs.put("nan", Double.NaN);
    attrs.put("size", 128);
    attrs.put("big", 1L << 40);
    attrs.put("navigate", true);
    attrs.put("none", null);
    attrs.put("list", List.of(1, "a", 2.5));
    attrs.put("nested", Map.of("z", 1, "a", Map.of("b", "_None_")));
    a.writeAttributes(attrs);
    Map<String, Object> back = a.attributes();
    assertThat(back).containsOnlyKeys(attrs.keySet());
    assertThat(back).containsEntry("title", "My title").containsEntry("scale", 0.5)
        .containsEntry("size", 128).containsEntry("big", 1L << 40).containsEntry("navigate", true)
        .containsEntry("none", null).containsEntry("list", List.of(1, "a", 2.5))
        .containsEntry("nested", Map.of("z", 1, "a", Map.of("b", "_None_")));
    assertThat((Double) back.get("nan")).isNaN();
    // Keys sorted as zarr-python writes them; NaN bare as Python's json writes it.
    String text = Files.readString(a.path().resolve(".zattrs"));
    assertThat(text.indexOf("\"big\"")).isLessThan(text.indexOf("\"title\""));
    assertThat(text).contains("\"nan\": NaN");
    assertThatThrownBy(() -> a.writeAttributes(Map.of("x", new Object())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
  }

  @Test
  void groupsHoldArraysAndGroups() throws IOException {
    ZarrGroup root = ZarrGroup.create(tmp.resolve("root.zspy"));
    root.writeAttributes(Map.of("file_format", "ZSpy", "file_format_version", "3.1"));
    ZarrGroup exp = root.createGroup("Experiments").createGroup("title");
    ZarrArray data = exp.createArray("data", ZarrArrayMetadata.of(Shape.of(3), new int[] {2}, DType.INT64));
    exp.createGroup("axis-0");
    assertThat(Files.readString(root.path().resolve(".zgroup"))).contains("\"zarr_format\": 2");
    ZarrGroup reopened = ZarrGroup.open(root.path());
    assertThat(reopened.attributes()).containsEntry("file_format", "ZSpy");
    assertThat(reopened.members()).containsExactly("Experiments");
    assertThat(reopened.group("Experiments").group("title").members()).containsExactly("axis-0", "data");
    assertThat(reopened.group("Experiments").group("title").array("data").metadata()).isEqualTo(data.metadata());
    assertThat(ZarrGroup.isGroup(exp.path())).isTrue();
    assertThat(ZarrGroup.isArray(data.path())).isTrue();
    assertThatThrownBy(() -> root.createGroup("../escape")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ZarrGroup.create(root.path())).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
  }

  static void assertNoTemporaryFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial")))
          .as("temporary files under " + dir).isEmpty();
    }
  }
}
