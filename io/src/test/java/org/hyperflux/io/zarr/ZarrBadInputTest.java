package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.SourceReadException;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input, each a clear error naming the array, the chunk key and the file (or the
 * {@code .zarray}), never a hang or a JVM crash: truncated chunks of every codec, corrupt Blosc
 * and zlib streams, malformed {@code .zarray} files, unknown codecs, decoded sizes that do not
 * match the chunk, and a seeded fuzz of byte-level damage to every kind of chunk.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ZarrBadInputTest {
  @TempDir
  Path tmp;

  private Path copy(String fixture) throws IOException {
    return Fixtures.copy("arrays/" + fixture, tmp.resolve(fixture));
  }

  private static void rewrite(Path file, java.util.function.UnaryOperator<byte[]> change) throws IOException {
    Files.write(file, change.apply(Files.readAllBytes(file)));
  }

  private static void editZarray(Path array, String from, String to) throws IOException {
    Path z = array.resolve(".zarray");
    String text = Files.readString(z);
    assertThat(text).contains(from);
    Files.writeString(z, text.replace(from, to));
  }

  @ParameterizedTest
  @ValueSource(strings = {"blosc_zstd_blocks_u2", "blosc_lz4_blocks_split_u2", "blosc_zlib_shuffle2",
      "zlib", "gzip", "zstd", "lz4", "none", "blosc_zstd_clevel0"})
  void truncatedChunkFailsNamingArrayChunkAndFile(String fixture) throws IOException {
    Path a = copy(fixture);
    Path chunk = a.resolve("0.0");
    rewrite(chunk, b -> Arrays.copyOf(b, b.length / 2));
    ZarrArray array = ZarrArray.open(a);
    assertThatThrownBy(() -> array.readChunk(ChunkIndex.of(0, 0)))
        .isInstanceOf(ZarrChunkException.class)
        .hasMessageContaining("chunk '0.0'")
        .hasMessageContaining("zarr array " + a)
        .hasMessageContaining("(file " + chunk + ")")
        .hasMessageContaining("truncated")
        .satisfies(e -> assertThat(((ZarrChunkException) e).file()).isEqualTo(chunk));
    // Streaming, the error names the source and the chunk index as well.
    assertThatThrownBy(() -> array.lazy().compute())
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("chunk [0, 0] of zarr " + a)
        .hasMessageContaining("chunk '0.0'")
        .hasMessageContaining(chunk.toString())
        .hasCauseInstanceOf(ZarrChunkException.class);
  }

  @Test
  void corruptZstdStreamInsideBloscFails() throws IOException {
    Path a = copy("blosc_zstd_blocks_u2");
    // Past the 16-byte header and the offset table, inside the first block's zstd stream.
    rewrite(a.resolve("0.0"), b -> {
      int first = java.nio.ByteBuffer.wrap(b, 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
      for (int i = first + 4; i < first + 16; i++) b[i] ^= 0x5A;
      return b;
    });
    assertThatThrownBy(() -> ZarrArray.open(a).readChunk(ChunkIndex.of(0, 0)))
        .isInstanceOf(ZarrChunkException.class)
        .hasMessageContaining("chunk '0.0'")
        .hasMessageContaining("corrupt zstd stream 0 in blosc block 0");
  }

  @Test
  void corruptStreamSizeInsideBloscLz4FailsInCBloscWithoutCrashing() throws IOException {
    Path a = copy("blosc_lz4_blocks_split_u2");
    rewrite(a.resolve("0.1"), b -> {
      int first = java.nio.ByteBuffer.wrap(b, 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
      b[first] = (byte) 0xF0; // the first stream now claims ~0x...F0 bytes more than the frame has
      b[first + 1] = (byte) 0x7F;
      return b;
    });
    assertThatThrownBy(() -> ZarrArray.open(a).readChunk(ChunkIndex.of(0, 1)))
        .isInstanceOf(ZarrChunkException.class)
        .hasMessageContaining("chunk '0.1'")
        .hasMessageContaining("corrupt blosc frame (inner codec lz4): c-blosc");
  }

  @Test
  void corruptBloscHeaderFails() throws IOException {
    Path a = copy("blosc_zstd_blocks_u2");
    rewrite(a.resolve("1.0"), b -> {
      b[3] = 0; // type size 0: c-blosc would divide by it
      return b;
    });
    assertThatThrownBy(() -> ZarrArray.open(a).readChunk(ChunkIndex.of(1, 0)))
        .isInstanceOf(ZarrChunkException.class)
        .hasMessageContaining("chunk '1.0'")
        .hasMessageContaining("type size 0");
  }

  @Test
  void corruptZlibStreamFails() throws IOException {
    Path a = copy("zlib");
    rewrite(a.resolve("1.1"), b -> {
      for (int i = 2; i < 10; i++) b[i] ^= 0x33;
      return b;
    });
    rewrite(a.resolve("0.1"), b -> {
      b[1] ^= 0x01; // the zlib header's check bits no longer hold
      return b;
    });
    ZarrArray array = ZarrArray.open(a);
    assertThatThrownBy(() -> array.readChunk(ChunkIndex.of(1, 1)))
        .isInstanceOf(ZarrChunkException.class)
        .hasMessageContaining("chunk '1.1'")
        .hasMessageContaining("zlib");
    assertThatThrownBy(() -> array.readChunk(ChunkIndex.of(0, 1)))
        .isInstanceOf(ZarrChunkException.class)
        .hasMessageContaining("chunk '0.1'")
        .hasMessageContaining("corrupt zlib stream: incorrect header check");
  }

  @ParameterizedTest
  @ValueSource(strings = {"blosc_zstd_blocks_u2", "zlib", "gzip", "zstd", "lz4", "none"})
  void decodedSizeThatDoesNotMatchTheChunkFails(String fixture) throws IOException {
    Path a = copy(fixture);
    ZarrArrayMetadata m = ZarrArray.open(a).metadata();
    int[] c = m.chunkShape();
    editZarray(a, "\"chunks\": [\n        " + c[0] + ",\n        " + c[1] + "\n    ]",
        "\"chunks\": [" + c[0] + ", " + (c[1] / 2) + "]");
    ZarrArray array = ZarrArray.open(a);
    int needed = c[0] * (c[1] / 2) * m.dtype().itemSize();
    assertThatThrownBy(() -> array.readChunk(ChunkIndex.of(0, 0)))
        .isInstanceOf(ZarrChunkException.class)
        .hasMessageContaining("chunk '0.0'")
        .hasMessageContaining("the chunk needs " + needed);
  }

  @Test
  void malformedZarrayFailsNamingTheFile() throws IOException {
    Path a = copy("zlib");
    Path z = a.resolve(".zarray");
    String good = Files.readString(z);
    String[][] cases = {
        {"{\"chunks\": [16, 16], \"shape\": [20", "malformed JSON"},
        {"", "the file is empty"},
        {"[1, 2]", "expected a JSON object, found array"},
        {good.replace("\"dtype\": \"<u2\",", ""), "missing field \"dtype\""},
        {good.replace("\"zarr_format\": 2", "\"zarr_format\": 3"), "only zarr v2"},
        {good.replace("\"shape\": [\n        20,", "\"shape\": [\n        -20,"), "shape is"},
        {good.replace("\"dimension_separator\": \".\"", "\"dimension_separator\": \"_\""), "dimension_separator"},
        {good.replace("\"fill_value\": 0", "\"fill_value\": \"zero\""), "fill_value \"zero\""},
        {good.replace("\"dtype\": \"<u2\"", "\"dtype\": [[\"R\", \"|u1\"]]"), "structured"},
        {good.replace("\"filters\": null", "\"filters\": [{\"id\": \"shuffle\"}]"), "filters [shuffle]"},
        {good.replace("\"id\": \"zlib\"", "\"id\": \"foo\""), "Unknown codec 'foo'; supported: [blosc, gzip, lz4, zlib, zstd]"},
        {good.replace("\"id\": \"zlib\"", "\"id\": \"blosc\", \"cname\": \"snappy\""), "Unknown blosc cname 'snappy'"},
    };
    for (String[] c : cases) {
      Files.writeString(z, c[0], StandardCharsets.UTF_8);
      assertThatThrownBy(() -> ZarrArray.open(a)).as(c[1])
          .isInstanceOf(ZarrFormatException.class)
          .hasMessageContaining(c[1])
          .hasMessageContaining(z.toString())
          .satisfies(e -> assertThat(((ZarrFormatException) e).file()).isEqualTo(z));
    }
  }

  @Test
  void missingArrayFailsNamingThePath() {
    Path nowhere = tmp.resolve("nowhere.zarr");
    assertThatThrownBy(() -> ZarrArray.open(nowhere))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(nowhere.toString());
    assertThatThrownBy(() -> ZarrGroup.open(nowhere))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(nowhere.toString());
  }

  @Test
  void writerRefusesMismatchedInputAtBuildTime() throws IOException {
    Shape shape = Shape.of(10, 12);
    ZarrArray a = ZarrArray.create(tmp.resolve("w.zarr"),
        ZarrArrayMetadata.of(shape, new int[] {4, 5}, DType.FLOAT32));
    LazyArray otherChunks = LazyArray.of(GeneratedSource.of("g", DType.FLOAT32,
        org.hyperflux.core.array.ChunkGrid.regular(shape, 5, 5), p -> p[0]));
    assertThatThrownBy(() -> a.write(otherChunks, org.hyperflux.core.exec.ExecOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunks " + otherChunks.grid().extentsString())
        .hasMessageContaining(a.metadata().grid().extentsString())
        .hasMessageContaining("rechunk");
    LazyArray otherType = otherChunks.rechunk(4, 5).astype(DType.INT32);
    assertThatThrownBy(() -> a.write(otherType, org.hyperflux.core.exec.ExecOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("int32").hasMessageContaining("float32");
    assertThatThrownBy(() -> a.writeChunk(ChunkIndex.of(2, 2), Block.allocate(DType.FLOAT32, 20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covers");
    assertThatThrownBy(() -> ZarrArray.create(a.path(), a.metadata()))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
  }

  /**
   * Seeded byte-level damage (flipped bytes, truncation, a garbage tail) to chunks of every codec
   * and Blosc variant, including the frames left to c-blosc: every read either returns a block of
   * the chunk's size or fails with a {@link ZarrChunkException}; nothing else, and no crash.
   */
  @ParameterizedTest
  @ValueSource(strings = {"blosc_zstd_blocks_u2", "blosc_zstd_blocks_f8", "blosc_lz4_blocks_split_u2",
      "blosc_zstd_shuffle2", "blosc_blosclz_shuffle1", "blosc_zlib_shuffle1", "blosc_lz4hc_shuffle0",
      "zlib", "gzip", "zstd", "lz4", "blosc_zstd_incompressible"})
  void fuzzedChunksFailCleanly(String fixture) throws IOException {
    Path a = copy(fixture);
    Path chunk = a.resolve("0.0");
    byte[] original = Files.readAllBytes(chunk);
    Random random = new Random(fixture.hashCode());
    ZarrArray array = ZarrArray.open(a);
    int size = array.metadata().grid().region(ChunkIndex.of(0, 0)).size();
    for (int round = 0; round < 150; round++) {
      byte[] b = original.clone();
      switch (round % 3) {
        case 0:
          for (int k = 0; k <= random.nextInt(4); k++) b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
          break;
        case 1:
          b = Arrays.copyOf(b, random.nextInt(b.length));
          break;
        default:
          b = Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
          for (int k = original.length; k < b.length; k++) b[k] = (byte) random.nextInt();
          b[random.nextInt(Math.min(16, original.length))] ^= (byte) random.nextInt();
          break;
      }
      Files.write(chunk, b);
      try {
        assertThat(array.readChunk(ChunkIndex.of(0, 0)).length()).isEqualTo(size);
      } catch (ZarrChunkException expected) {
        assertThat(expected).hasMessageContaining("chunk '0.0'").hasMessageContaining(chunk.toString());
      }
    }
  }
}
