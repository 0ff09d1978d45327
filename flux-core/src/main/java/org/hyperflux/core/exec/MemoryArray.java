package org.hyperflux.core.exec;

import java.util.EnumSet;
import java.util.Set;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;

/**
 * A materialised array: one block per chunk of a grid, so it may hold more than 2^31 elements.
 * It is also a {@link Source} (random access, region reads, never blocking), so a computed result
 * can feed further lazy operations. Blocks are shared, not copied: treat them as read-only.
 */
public final class MemoryArray implements Source {
  private final Shape shape;
  private final DType dtype;
  private final ChunkGrid grid;
  private final Block[] blocks;

  private MemoryArray(DType dtype, ChunkGrid grid, Block[] blocks) {
    this.shape = grid.shape();
    this.dtype = dtype;
    this.grid = grid;
    this.blocks = blocks;
  }

  /** An array over given chunk blocks, one per chunk in C order of the grid (not copied). */
  public static MemoryArray of(DType dtype, ChunkGrid grid, Block... chunks) {
    if (chunks.length != grid.chunkCount()) {
      throw new IllegalArgumentException(
          "grid " + grid + " has " + grid.chunkCount() + " chunks but " + chunks.length
              + " blocks were given");
    }
    for (int i = 0; i < chunks.length; i++) {
      checkBlock(dtype, grid, i, chunks[i]);
    }
    return new MemoryArray(dtype, grid, chunks.clone());
  }

  /** A single-chunk array over one block holding {@code shape} in C order (not copied). */
  public static MemoryArray of(Shape shape, Block data) {
    return of(data.dtype(), ChunkGrid.single(shape), data);
  }

  /** An array cut from one C-order block into the chunks of {@code grid} (copied). */
  public static MemoryArray split(Block whole, ChunkGrid grid) {
    Region all = Region.whole(grid.shape());
    if (whole.length() != all.size()) {
      throw new IllegalArgumentException(
          "block of " + whole.length() + " elements does not hold shape " + grid.shape());
    }
    Block[] blocks = new Block[(int) grid.chunkCount()];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = RegionCopy.extract(whole, all, grid.region(grid.index(i)));
    }
    return new MemoryArray(whole.dtype(), grid, blocks);
  }

  /** A zero-filled array (used to collect computed chunks). */
  public static MemoryArray zeros(DType dtype, ChunkGrid grid) {
    long n = grid.chunkCount();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("grid " + grid + " has too many chunks to hold in memory");
    }
    Block[] blocks = new Block[(int) n];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = Block.allocate(dtype, grid.region(grid.index(i)).size());
    }
    return new MemoryArray(dtype, grid, blocks);
  }

  private static void checkBlock(DType dtype, ChunkGrid grid, long linear, Block b) {
    Region r = grid.region(grid.index(linear));
    if (b.dtype() != dtype || b.length() != r.size()) {
      throw new IllegalArgumentException(
          "chunk " + grid.index(linear) + " covers " + r + " (" + r.size() + " elements of "
              + dtype.numpyName() + ") but its block is " + b);
    }
  }

  /** Replaces the block of one chunk (used while collecting results; not for concurrent readers). */
  void put(ChunkIndex index, Block block) {
    long linear = grid.linear(index);
    checkBlock(dtype, grid, linear, block);
    blocks[(int) linear] = block;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public ChunkGrid grid() {
    return grid;
  }

  /** The block of one chunk (shared, read-only). */
  public Block chunk(ChunkIndex index) {
    return blocks[(int) grid.linear(index)];
  }

  /** The element at a global position, as a double. */
  public double getDouble(long... position) {
    Loc l = locate(position);
    return l.block().getDouble(l.index());
  }

  /** The element at a global position, as a long (integers exactly, uint64 as its bit pattern). */
  public long getLong(long... position) {
    Loc l = locate(position);
    return l.block().getLong(l.index());
  }

  private record Loc(Block block, int index) {}

  private Loc locate(long[] position) {
    if (position.length != shape.rank()) {
      throw new IllegalArgumentException(
          "position has " + position.length + " indices but the array has rank " + shape.rank());
    }
    int[] k = new int[position.length];
    long[] o = new long[position.length];
    int[] e = new int[position.length];
    for (int a = 0; a < k.length; a++) {
      if (position[a] < 0 || position[a] >= shape.dim(a)) {
        throw new IndexOutOfBoundsException(
            "index " + position[a] + " is out of bounds for axis " + a + " with size " + shape.dim(a));
      }
      k[a] = grid.chunkAt(a, position[a]);
      o[a] = position[a];
      e[a] = 1;
    }
    ChunkIndex idx = ChunkIndex.of(k);
    Region chunkRegion = grid.region(idx);
    return new Loc(chunk(idx), RegionCopy.contiguousStart(chunkRegion, Region.of(o, e)));
  }

  /** The whole array as one C-order block (copied unless it is a single chunk). */
  public Block toBlock() {
    Region all = Region.whole(shape);
    if (blocks.length == 1) return blocks[0];
    Block out = Block.allocate(dtype, all.size());
    for (int i = 0; i < blocks.length; i++) {
      Region r = grid.region(grid.index(i));
      RegionCopy.copy(blocks[i], r, out, all, r);
    }
    return out;
  }

  /** The whole array as doubles in C order (for tests and small results). */
  public double[] toDoubleArray() {
    Block b = toBlock();
    double[] d = new double[b.length()];
    for (int i = 0; i < d.length; i++) d[i] = b.getDouble(i);
    return d;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.RANDOM_ACCESS, Capability.REGION_READ);
  }

  @Override
  public boolean blocking() {
    return false;
  }

  @Override
  public String description() {
    return "memory " + dtype.numpyName() + shape + " chunks " + grid.extentsString();
  }

  @Override
  public SourceHandle open() {
    return new SourceHandle() {
      @Override
      public Block readChunk(ChunkIndex index) {
        return chunk(index);
      }

      @Override
      public Block readRegion(Region region) throws java.io.IOException {
        return ChunkAssembler.assemble(this, grid, dtype, region);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String toString() {
    return "MemoryArray[" + description() + "]";
  }
}
