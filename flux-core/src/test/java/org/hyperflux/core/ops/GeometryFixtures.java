package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;

/** Inputs, references and checks shared by the geometry operator tests. */
final class GeometryFixtures {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private GeometryFixtures() {}

  static ExecOptions options() {
    return ExecOptions.defaults().withBudgetBytes(64L << 20).withParallelism(2);
  }

  /** Options with tiny tiles, so that tiles cut chunks into many awkward boxes. */
  static ExecOptions tinyTiles() {
    return options().withTileElements(3);
  }

  /**
   * A deterministic array: every element distinct (within the dtype's range) and a function of
   * its C-order position and {@code seed}.
   */
  static MemoryArray array(DType dtype, ChunkGrid grid, int seed) {
    Region all = Region.whole(grid.shape());
    Block b = Block.allocate(dtype, all.size());
    for (int i = 0; i < b.length(); i++) b.setDouble(i, value(dtype, i, seed));
    return MemoryArray.split(b, grid);
  }

  static double value(DType dtype, long i, int seed) {
    long v = i + 31L * seed;
    if (dtype.isBool()) return v % 3 == 0 ? 1 : 0;
    if (dtype.isFloat()) return v * 0.5 + 0.25;
    if (dtype.isUnsigned()) return v % 251;
    return dtype.itemSize() == 1 ? v % 127 - 60 : v - 100;
  }

  /** Calls {@code action} for every position of {@code shape} in C order. */
  static void forEachPosition(Shape shape, Consumer<long[]> action) {
    if (shape.size() == 0) return;
    int rank = shape.rank();
    long[] p = new long[rank];
    while (true) {
      action.accept(p.clone());
      int a = rank - 1;
      while (a >= 0) {
        if (++p[a] < shape.dim(a)) break;
        p[a] = 0;
        a--;
      }
      if (a < 0) return;
    }
  }

  /**
   * Streams the chunks of {@code array} and checks that each arrives in grid order with the
   * region and dtype the lazy array declared; returns them.
   */
  static List<Chunk> checkedChunks(LazyArray array, ExecOptions options) {
    List<Chunk> chunks = array.chunks(options).collectList().block(TIMEOUT);
    ChunkGrid grid = array.grid();
    assertThat(chunks).hasSize((int) grid.chunkCount());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertThat(c.gridIndex()).as("chunk %d", i).isEqualTo(grid.index(i));
      assertThat(c.region()).as("region of chunk %s", c.gridIndex()).isEqualTo(grid.region(c.gridIndex()));
      assertThat(c.dtype()).as("dtype of chunk %s", c.gridIndex()).isEqualTo(array.dtype());
    }
    return chunks;
  }

  /** Computes {@code array} and checks every chunk's region and dtype on the way. */
  static MemoryArray computeChecked(LazyArray array, ExecOptions options) {
    checkedChunks(array, options);
    MemoryArray m = array.computeMono(options).block(TIMEOUT);
    assertThat(m.dtype()).isEqualTo(array.dtype());
    assertThat(m.shape()).isEqualTo(array.shape());
    return m;
  }

  /** A value of the result at a position, with a description for failures. */
  interface Reference {
    double at(long[] position);
  }

  /** Compares every element of {@code actual} with the plain-loop reference. */
  static void assertEqualsReference(MemoryArray actual, Reference expected) {
    forEachPosition(actual.shape(), p ->
        assertThat(actual.getDouble(p)).as("element at %s", java.util.Arrays.toString(p))
            .isEqualTo(expected.at(p)));
  }

  /**
   * A source over another that counts reads per storage chunk and region reads, and that may
   * hide {@link Capability#REGION_READ} so that every read goes through storage chunks.
   */
  static final class CountingSource implements Source {
    private final Source inner;
    private final boolean regionRead;
    final Map<ChunkIndex, AtomicInteger> chunkReads = new ConcurrentHashMap<>();
    final AtomicInteger regionReads = new AtomicInteger();

    CountingSource(Source inner, boolean regionRead) {
      this.inner = inner;
      this.regionRead = regionRead;
    }

    int reads() {
      int n = regionReads.get();
      for (AtomicInteger c : chunkReads.values()) n += c.get();
      return n;
    }

    int reads(ChunkIndex idx) {
      AtomicInteger c = chunkReads.get(idx);
      return c == null ? 0 : c.get();
    }

    @Override
    public Shape shape() {
      return inner.shape();
    }

    @Override
    public DType dtype() {
      return inner.dtype();
    }

    @Override
    public ChunkGrid grid() {
      return inner.grid();
    }

    @Override
    public Set<Capability> capabilities() {
      return regionRead
          ? EnumSet.of(Capability.RANDOM_ACCESS, Capability.REGION_READ)
          : EnumSet.of(Capability.RANDOM_ACCESS);
    }

    @Override
    public boolean blocking() {
      return false;
    }

    @Override
    public String description() {
      return "counting " + inner.description();
    }

    @Override
    public SourceHandle open() throws IOException {
      SourceHandle h = inner.open();
      return new SourceHandle() {
        @Override
        public Block readChunk(ChunkIndex index) throws IOException {
          chunkReads.computeIfAbsent(index, k -> new AtomicInteger()).incrementAndGet();
          return h.readChunk(index);
        }

        @Override
        public Block readRegion(Region region) throws IOException {
          regionReads.incrementAndGet();
          return h.readRegion(region);
        }

        @Override
        public void close() throws IOException {
          h.close();
        }
      };
    }
  }
}
