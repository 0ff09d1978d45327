package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Source} keeps; a new source (file format, stream) extends this and
 * inherits the suite. Subclasses provide random-access sources with a few chunks.
 */
public abstract class AbstractSourceContractTest {
  /** A source with at least two chunks along some axis and at least one axis whose chunks do not divide it. */
  protected abstract Source createSource();

  @Test
  void geometryIsConsistentWithoutReading() {
    Source s = createSource();
    assertThat(s.grid().shape()).isEqualTo(s.shape());
    assertThat(s.description()).isNotBlank();
    assertThat(s.capabilities()).containsAnyOf(Capability.RANDOM_ACCESS, Capability.SINGLE_PASS);
  }

  @Test
  void everyChunkHasTheDeclaredDtypeAndSize() throws Exception {
    Source s = createSource();
    ChunkGrid grid = s.grid();
    try (SourceHandle h = s.open()) {
      for (long i = 0; i < grid.chunkCount(); i++) {
        ChunkIndex idx = grid.index(i);
        Block b = h.readChunk(idx);
        assertThat(b.dtype()).as("dtype of chunk %s", idx).isEqualTo(s.dtype());
        assertThat(b.length()).as("length of chunk %s", idx).isEqualTo(grid.region(idx).size());
      }
    }
  }

  @Test
  void rereadingGivesEqualData() throws Exception {
    Source s = createSource();
    try (SourceHandle a = s.open(); SourceHandle b = s.open()) {
      ChunkIndex last = s.grid().index(s.grid().chunkCount() - 1);
      assertThat(values(a.readChunk(last))).containsExactly(values(b.readChunk(last)));
    }
  }

  @Test
  void regionReadEqualsTheOverlapOfChunks() throws Exception {
    Source s = createSource();
    ChunkGrid grid = s.grid();
    Region all = Region.whole(s.shape());
    // A region from the middle of the first chunk to the middle of the last one.
    long[] o = new long[all.rank()];
    int[] e = new int[all.rank()];
    for (int a = 0; a < o.length; a++) {
      o[a] = grid.extents(a)[0] / 2;
      e[a] = (int) Math.max(0, s.shape().dim(a) - o[a] - grid.extents(a)[grid.chunksAlong(a) - 1] / 2);
    }
    Region region = Region.of(o, e);
    try (SourceHandle h = s.open()) {
      Block expected = Block.allocate(s.dtype(), region.size());
      for (long i = 0; i < grid.chunkCount(); i++) {
        Region r = grid.region(grid.index(i));
        Region overlap = r.intersect(region);
        if (overlap != null && !overlap.isEmpty()) {
          RegionCopy.copy(h.readChunk(grid.index(i)), r, expected, region, overlap);
        }
      }
      assertThat(values(h.readRegion(region))).containsExactly(values(expected));
    }
  }

  @Test
  void concurrentReadsThroughOneHandleAgree() throws Exception {
    Source s = createSource();
    ChunkGrid grid = s.grid();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (SourceHandle h = s.open()) {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (long i = 0; i < grid.chunkCount(); i++) {
          ChunkIndex idx = grid.index(i);
          futures.add(pool.submit(() -> values(h.readChunk(idx))));
        }
      }
      int n = (int) grid.chunkCount();
      for (int k = n; k < futures.size(); k++) {
        assertThat(futures.get(k).get()).containsExactly(futures.get(k % n).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static double[] values(Block b) {
    double[] d = new double[b.length()];
    for (int i = 0; i < d.length; i++) d[i] = b.getDouble(i);
    return d;
  }
}
