package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.DeferredChunk;
import org.hyperflux.core.exec.SourceHandle;
import org.junit.jupiter.api.Test;

/**
 * The decode limit's per-chunk work ({@link DecodeLimit#decodeInRuns}): chunks decoded
 * transiently in runs of the default tile size, each run fitting this thread's buffer whatever
 * the order of chunk sizes, and chunks that do not decode so decoded whole once.
 */
class DecodeLimitTest {
  @Test
  void decodesEveryChunkInRunsIntoABufferThatFitsAndFallsBackToWholeDecoding() throws IOException {
    int big = 3 * Tiles.DEFAULT_TILE_ELEMENTS + 7;
    // A small chunk first, then bigger ones: the thread's buffer must grow to the run size.
    List<Recording> chunks = List.of(new Recording(10, true), new Recording(big, true),
        new Recording(big, false));
    SourceHandle handle = new SourceHandle() {
      @Override
      public Block readChunk(ChunkIndex index) {
        throw new AssertionError("the limit reads chunks deferred");
      }

      @Override
      public DeferredChunk readChunkDeferred(ChunkIndex index) {
        return chunks.get(index.get(0));
      }

      @Override
      public Block readRegion(Region region) {
        throw new AssertionError();
      }

      @Override
      public void close() {}
    };
    for (int k = 0; k < chunks.size(); k++) {
      assertThat(DecodeLimit.decodeInRuns(handle, ChunkIndex.of(k)))
          .isEqualTo(chunks.get(k).length() * 4L);
    }
    assertThat(chunks.get(0).runs).containsExactly(List.of(0L, 10L));
    List<List<Long>> runs = chunks.get(1).runs;
    assertThat(runs).hasSize(4);
    assertThat(runs.get(3)).containsExactly(3L * Tiles.DEFAULT_TILE_ELEMENTS, (long) big);
    assertThat(chunks.get(1).wholeDecodes).isZero();
    assertThat(chunks.get(2).runs).hasSize(1); // refused, then decoded whole
    assertThat(chunks.get(2).wholeDecodes).isEqualTo(1);
  }

  /** A float32 chunk that records its transient runs, checking each fits the buffer given. */
  private static final class Recording implements DeferredChunk {
    final int n;
    final boolean transientRuns;
    final List<List<Long>> runs = new ArrayList<>();
    int wholeDecodes;

    Recording(int n, boolean transientRuns) {
      this.n = n;
      this.transientRuns = transientRuns;
    }

    @Override
    public DType dtype() {
      return DType.FLOAT32;
    }

    @Override
    public int length() {
      return n;
    }

    @Override
    public Block block() {
      return Block.allocate(DType.FLOAT32, n);
    }

    @Override
    public boolean decodeTransient(long from, long to, Block dst, int dstOffset) {
      runs.add(List.of(from, to));
      assertThat(dst.length() - dstOffset).isGreaterThanOrEqualTo((int) (to - from));
      return transientRuns;
    }

    @Override
    public void decode(long from, long to) {
      assertThat(List.of(from, to)).containsExactly(0L, (long) n);
      wholeDecodes++;
    }

    @Override
    public boolean complete() {
      return false;
    }

    @Override
    public long heldBytes() {
      return n * 4L;
    }
  }
}
