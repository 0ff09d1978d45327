package org.hyperflux.io.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.DeferredChunk;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;
import org.hyperflux.io.hdf5.write.Hdf5DatasetWriter;
import org.hyperflux.io.hdf5.write.Hdf5Writer;
import org.hyperflux.io.internal.Libdeflate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Chunks of deflated HDF5 datasets read with their decoding deferred ({@link InflatingChunk},
 * through {@link SourceHandle#readChunkDeferred}): decoded range by range, in any order and
 * overlapping, they equal the chunk read whole; the stored and native bytes are dropped once every
 * piece is done; a corrupt chunk fails while decoding with the error, naming file, dataset and
 * chunk, that reading it whole gives. Decoded transiently (into a caller's buffer, without the
 * chunk's block), ranges equal the chunk read whole too, the native bytes go once every element
 * has been copied out, and a corrupt chunk falls back to decoding, with the same error. Needs
 * libdeflate (skipped without it: chunks then decode
 * when read, as the golden tests check).
 */
class InflatingChunkTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"UINT16", "INT8", "INT32", "FLOAT32", "FLOAT64"})
  void rangesDecodedInAnyOrderEqualTheChunkReadWhole(DType dtype) throws IOException {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    // Chunks of 2 x 300 x 301 = 180 600 elements (six pieces, the last one short); the third
    // chunk along axis 0 is cropped at the edge and decodes when read.
    Shape shape = Shape.of(5, 300, 301);
    Random r = new Random(dtype.ordinal());
    Source source = writeAndOpen(randomData(dtype, shape, r), shape);
    ChunkGrid grid = source.grid();
    try (SourceHandle h = source.open()) {
      for (long k = 0; k < grid.chunkCount(); k++) {
        ChunkIndex index = grid.index(k);
        Block whole = h.readChunk(index);
        DeferredChunk deferred = h.readChunkDeferred(index);
        int n = whole.length();
        boolean cropped = grid.region(index).size() < 2 * 300 * 301;
        assertThat(deferred.complete()).as("chunk %s decoded when read", index).isEqualTo(cropped);
        if (!cropped) {
          deferred.decode(n - 10, n);
          assertThat(deferred.heldBytes()).as("stored and inflated bytes held while pending")
              .isGreaterThan(deferred.block().nbytes() + (long) n * dtype.itemSize() / 2);
          for (int t = 0; t < 12; t++) {
            int from = r.nextInt(n);
            deferred.decode(from, Math.min(n, from + 1 + r.nextInt(70_000)));
          }
        }
        deferred.decode(0, n);
        assertThat(deferred.complete()).isTrue();
        assertThat(deferred.heldBytes()).isEqualTo(deferred.block().nbytes());
        assertThat(deferred.block().array()).as("chunk %s", index).isEqualTo(whole.array());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"UINT16", "INT8", "FLOAT64"})
  void rangesDecodedTransientlyEqualTheChunkReadWhole(DType dtype) throws IOException {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    Shape shape = Shape.of(2, 300, 301);
    Block data = randomData(dtype, shape, new Random(dtype.ordinal()));
    Source source = writeAndOpen(data, shape);
    int n = data.length();
    try (SourceHandle h = source.open()) {
      DeferredChunk deferred = h.readChunkDeferred(ChunkIndex.of(0, 0, 0));
      long stored = deferred.heldBytes() - deferred.decodedBytes();
      // Tiles in order, as a reduction reads them: the native bytes go after the last one.
      int tile = 40_000;
      for (int from = 0; from < n; from += tile) {
        int count = Math.min(tile, n - from);
        Block buffer = Block.allocate(dtype, count + 7).slice(2, count + 5);
        assertThat(deferred.decodeTransient(from, from + count, buffer, 5 - 2)).isTrue();
        for (int i = 0; i < count; i += 101) {
          assertThat(buffer.getLong(3 + i)).isEqualTo(data.getLong(from + i));
        }
        if (from + count < n) {
          assertThat(deferred.heldBytes()).isEqualTo(deferred.decodedBytes() * 2 + stored);
        }
      }
      assertThat(deferred.heldBytes()).isEqualTo(deferred.decodedBytes() + stored);
      assertThat(deferred.complete()).isFalse();
      // Read again: inflated again from the stored bytes.
      Block again = Block.allocate(dtype, 1000);
      assertThat(deferred.decodeTransient(n - 1000, n, again, 0)).isTrue();
      assertThat(again.getLong(999)).isEqualTo(data.getLong(n - 1));
      // Once the block exists, ranges go through it.
      deferred.decode(0, n);
      assertThat(deferred.decodeTransient(0, 10, Block.allocate(dtype, 10), 0)).isFalse();
      assertThat(deferred.block().array()).isEqualTo(data.array());
    }
  }

  @Test
  void aReleasedChunkFreesItsNativeBytesAndKeepsWhatItDecoded() throws IOException {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    Shape shape = Shape.of(4, 300, 301);
    Block data = randomData(DType.UINT16, shape, new Random(3));
    Source source = writeAndOpen(data, shape);
    int n = 2 * 300 * 301;
    try (SourceHandle h = source.open()) {
      // Read transiently in part, then released: stored and inflated bytes freed, no more reads.
      DeferredChunk partly = h.readChunkDeferred(ChunkIndex.of(0, 0, 0));
      assertThat(partly.decodeTransient(0, 1000, Block.allocate(DType.UINT16, 1000), 0)).isTrue();
      assertThat(partly.heldBytes()).isGreaterThan(2 * partly.decodedBytes());
      partly.release();
      assertThat(partly.heldBytes()).as("the block's bytes only").isEqualTo(partly.decodedBytes());
      assertThatThrownBy(() -> partly.decodeTransient(0, 10, Block.allocate(DType.UINT16, 10), 0))
          .hasMessageContaining("released").hasMessageContaining("chunk [0, 0, 0]");
      assertThatThrownBy(() -> partly.decode(0, 10)).hasMessageContaining("released");
      partly.release();

      // Decoded in part into its block, then released: what was decoded stays valid.
      DeferredChunk decoded = h.readChunkDeferred(ChunkIndex.of(1, 0, 0));
      decoded.decode(0, n / 2);
      assertThat(decoded.heldBytes()).isGreaterThan(decoded.decodedBytes());
      decoded.release();
      assertThat(decoded.heldBytes()).isEqualTo(decoded.decodedBytes());
      Block block = decoded.block();
      for (int i = 0; i < n / 2; i += 97) {
        assertThat(block.getLong(i)).isEqualTo(data.getLong(n + i));
      }

      // Decoded whole: the stored bytes went then, and a release changes nothing.
      DeferredChunk whole = h.readChunkDeferred(ChunkIndex.of(0, 0, 0));
      whole.decode(0, n);
      assertThat(whole.heldBytes()).isEqualTo(whole.decodedBytes());
      whole.release();
      assertThat(whole.block().getLong(n - 1)).isEqualTo(data.getLong(n - 1));
    }
  }

  @Test
  void aCorruptChunkFailsWhileDecodingWithTheErrorOfReadingItWhole() throws IOException {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    Path file = Hdf5Fixtures.file("corrupt.h5"); // /data: f4 (8, 8), chunks (4, 4), chunk (4, 0) overwritten
    Source source;
    try (Hdf5File f = Hdf5File.open(file)) {
      source = f.dataset("/data").source();
    }
    ChunkGrid grid = source.grid();
    ChunkIndex corrupt = ChunkIndex.of(grid.chunkAt(0, 4), grid.chunkAt(1, 0));
    try (SourceHandle h = source.open()) {
      Throwable whole = catchThrowable(() -> h.readChunk(corrupt));
      assertThat(whole).isInstanceOf(Hdf5ChunkException.class).hasMessageContaining("deflate");

      DeferredChunk deferred = h.readChunkDeferred(corrupt);
      assertThat(deferred.complete()).isFalse();
      // libdeflate rejects it, so transient decoding leaves it to decode, which diagnoses it.
      assertThat(deferred.decodeTransient(0, 1, Block.allocate(DType.FLOAT32, 1), 0)).isFalse();
      assertThatThrownBy(() -> deferred.decode(0, 1)).isInstanceOf(Hdf5ChunkException.class)
          .hasMessage(whole.getMessage()).hasMessageContaining(file.toString())
          .hasMessageContaining("/data").hasMessageContaining("chunk " + corrupt);

      ChunkIndex intact = ChunkIndex.of(0, 0);
      DeferredChunk good = h.readChunkDeferred(intact);
      good.decode(0, Region.whole(Shape.of(4, 4)).size());
      assertThat(good.block().array()).isEqualTo(h.readChunk(intact).array());
    }
  }

  private static Block randomData(DType dtype, Shape shape, Random r) {
    Block data = Block.allocate(dtype, (int) shape.size());
    for (int i = 0; i < data.length(); i++) data.setLong(i, r.nextInt(1 << 20) - (1 << 19));
    return data;
  }

  /** {@code data} written as /data of a new file, deflated in chunks of 2 x 300 x 301, opened. */
  private Source writeAndOpen(Block data, Shape shape) throws IOException {
    Path file = dir.resolve("data.h5");
    try (Hdf5Writer w = Hdf5Writer.create(file, 4)) {
      Hdf5DatasetWriter d =
          w.root().createDataset("data", shape, data.dtype(), new int[] {2, 300, 301});
      for (long k = 0; k < d.grid().chunkCount(); k++) {
        ChunkIndex index = d.grid().index(k);
        d.writeChunk(index, RegionCopy.extract(data, Region.whole(shape), d.grid().region(index)));
      }
      w.finish();
    }
    try (Hdf5File f = Hdf5File.open(file)) {
      return f.dataset("/data").source();
    }
  }
}
