package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.DeferredChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blosc chunks are read into direct buffers ({@link DirectChunkBuffers}) and decoded from there:
 * every way of reading a chunk gives its values, and hands the buffer back for the next chunk,
 * whether the chunk is decoded whole, read tile by tile into a caller's buffer and released, or
 * read by {@link ZarrArray#readChunk}; after a release nothing more is decoded. The pool keeps
 * a bounded number of bytes idle and no large buffer for a small chunk.
 */
class DirectChunkReadTest {
  private static final Shape SHAPE = Shape.of(8, 64, 256);
  private static final int[] CHUNKS = {1, 64, 256};

  @TempDir
  Path dir;

  @Test
  void chunksDecodedWholeHandTheirBuffersBack() throws IOException {
    ZarrArray a = array();
    Block whole = values();
    readAll(a, whole, false);
    long allocated = DirectChunkBuffers.allocated();
    for (int round = 0; round < 3; round++) readAll(a, whole, false);
    assertThat(DirectChunkBuffers.allocated()).as("buffers allocated after the first round")
        .isEqualTo(allocated);
  }

  @Test
  void chunksReadTileByTileHandTheirBuffersBackWhenReleased() throws IOException {
    ZarrArray a = array();
    Block whole = values();
    readAll(a, whole, true);
    long allocated = DirectChunkBuffers.allocated();
    for (int round = 0; round < 3; round++) readAll(a, whole, true);
    assertThat(DirectChunkBuffers.allocated()).isEqualTo(allocated);

    DeferredChunk chunk = a.readChunkDeferred(ChunkIndex.of(2, 0, 0));
    chunk.release();
    Block tile = Block.allocate(DType.UINT16, 100);
    // The array's errors name the file and chunk, and say why.
    assertThatThrownBy(() -> chunk.decodeTransient(0, 100, tile, 0))
        .hasMessageContaining("2.0.0").hasMessageContaining("the chunk was released");
    assertThatThrownBy(() -> chunk.decode(0, 100))
        .hasMessageContaining("2.0.0").hasMessageContaining("the chunk was released");
    assertThat(chunk.heldBytes()).as("held after release: the block, none of the stored bytes")
        .isEqualTo(2L * 64 * 256);
  }

  @Test
  void readChunkHandsItsBufferBack() throws IOException {
    ZarrArray a = array();
    Block whole = values();
    ChunkGrid grid = a.metadata().grid();
    a.readChunk(ChunkIndex.of(0, 0, 0));
    long allocated = DirectChunkBuffers.allocated();
    for (int round = 0; round < 3; round++) {
      for (long i = 0; i < grid.chunkCount(); i++) {
        ChunkIndex idx = grid.index(i);
        Block expected = RegionCopy.extract(whole, Region.whole(SHAPE), grid.region(idx));
        assertThat(a.readChunk(idx).array()).isEqualTo(expected.array());
      }
    }
    assertThat(DirectChunkBuffers.allocated()).isEqualTo(allocated);
  }

  @Test
  void thePoolKeepsBoundedBytesIdleAndNoLargeBufferForASmallChunk() {
    List<ByteBuffer> taken = new ArrayList<>();
    for (int i = 0; i < 3 * DirectChunkBuffers.MAX_IDLE; i++) {
      taken.add(DirectChunkBuffers.acquire(9 << 20));
    }
    for (ByteBuffer b : taken) {
      assertThat(b.isDirect()).isTrue();
      assertThat(b.position()).isZero();
      assertThat(b.limit()).isEqualTo(9 << 20);
      DirectChunkBuffers.release(b);
    }
    assertThat(DirectChunkBuffers.idleBytes()).isLessThanOrEqualTo(DirectChunkBuffers.MAX_IDLE_BYTES);
    assertThat(DirectChunkBuffers.idleCount()).isLessThanOrEqualTo(DirectChunkBuffers.MAX_IDLE);

    ByteBuffer small = DirectChunkBuffers.acquire(1000);
    assertThat(small.capacity()).isLessThan(1 << 20);
    assertThat(small.limit()).isEqualTo(1000);
    DirectChunkBuffers.release(small);
    long allocated = DirectChunkBuffers.allocated();
    ByteBuffer again = DirectChunkBuffers.acquire(900);
    assertThat(DirectChunkBuffers.allocated()).as("a small idle buffer, reused").isEqualTo(allocated);
    assertThat(again.capacity()).isLessThan(1 << 20);
    assertThat(again.limit()).isEqualTo(900);
    DirectChunkBuffers.release(again);
  }

  /** Reads every chunk deferred and checks its values: whole, or tile by tile then released. */
  private static void readAll(ZarrArray a, Block whole, boolean tiles) throws IOException {
    ChunkGrid grid = a.metadata().grid();
    for (long i = 0; i < grid.chunkCount(); i++) {
      ChunkIndex idx = grid.index(i);
      Block expected = RegionCopy.extract(whole, Region.whole(SHAPE), grid.region(idx));
      DeferredChunk chunk = a.readChunkDeferred(idx);
      int n = expected.length();
      if (tiles) {
        Block got = Block.allocate(DType.UINT16, n);
        for (int from = 0; from < n; from += 3000) {
          int to = Math.min(n, from + 3000);
          assertThat(chunk.decodeTransient(from, to, got, from)).isTrue();
        }
        chunk.release();
        assertThat(got.array()).isEqualTo(expected.array());
      } else {
        chunk.decode(0, n);
        assertThat(chunk.complete()).isTrue();
        assertThat(chunk.heldBytes()).isEqualTo(2L * n);
        assertThat(chunk.block().array()).isEqualTo(expected.array());
      }
    }
  }

  /** An array of 8 chunks of 32 KiB in Blosc(zstd, byte shuffle), the default compressor. */
  private ZarrArray array() throws IOException {
    ZarrArrayMetadata m = ZarrArrayMetadata.of(SHAPE, CHUNKS, DType.UINT16);
    assertThat(m.compressor().id()).isEqualTo("blosc");
    ZarrArray a = ZarrArray.create(dir.resolve("a.zarr"), m);
    Block whole = values();
    ChunkGrid grid = m.grid();
    for (long i = 0; i < grid.chunkCount(); i++) {
      ChunkIndex idx = grid.index(i);
      a.writeChunk(idx, RegionCopy.extract(whole, Region.whole(SHAPE), grid.region(idx)));
    }
    return ZarrArray.open(a.path());
  }

  private static Block values() {
    Block b = Block.allocate(DType.UINT16, (int) SHAPE.size());
    for (int i = 0; i < b.length(); i++) b.setLong(i, (i * 7L + i / 300) % 1000);
    return b;
  }
}
