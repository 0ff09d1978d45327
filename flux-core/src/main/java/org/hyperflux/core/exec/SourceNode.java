package org.hyperflux.core.exec;

import java.util.List;
import java.util.Set;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The leaf of every plan: reads a {@link Source}. A storage chunk's own region is served from
 * that chunk (tiles are views), decoded tile by tile by the kernel that reads it where the source
 * defers decoding ({@link SourceHandle#readChunkDeferred}); any other region is read by region where the source allows it,
 * otherwise served from the one chunk holding it or assembled from the overlapping chunks. Its
 * grid is the source's storage grid unless a rechunk above it says otherwise.
 */
public final class SourceNode extends ArrayNode {
  private final Source source;

  public SourceNode(Source source) {
    super(source.shape(), source.dtype(), source.grid(), List.of());
    this.source = source;
  }

  public Source source() {
    return source;
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    if (region.isEmpty()) {
      return Mono.just(new BlockRegionData(region, Block.allocate(dtype(), 0)));
    }
    ChunkGrid storage = source.grid();
    List<ChunkIndex> chunks = storage.chunksOverlapping(region);
    if (readsWholeChunk(storage, chunks, region)) {
      ChunkIndex idx = chunks.get(0);
      Region chunkRegion = storage.region(idx);
      return ctx.readChunkDeferred(source, idx).map(c -> {
        // Checked without the block, which a chunk read by transient tiles never allocates.
        try {
          check(c.dtype(), c.length(), c.dtype().numpyName() + " chunk of " + c.length()
              + " elements", chunkRegion, idx);
        } catch (RuntimeException e) {
          c.release();
          throw e;
        }
        return ctx.hold(chunkRegion, c, source, idx);
      });
    }
    if (source.capabilities().contains(Capability.REGION_READ)) {
      return ctx.readRegion(source, region).map(b -> ctx.hold(region, checkedRegion(b, region)));
    }
    return Mono.defer(() -> {
      Block out = Block.allocate(dtype(), region.size());
      return Flux.fromIterable(chunks)
        .concatMap(idx -> ctx.readChunk(source, idx).map(b -> {
          Region chunkRegion = storage.region(idx);
          RegionCopy.copy(checked(b, chunkRegion, idx), chunkRegion, out, region, chunkRegion.intersect(region));
          return idx;
        }), 1)
        .then(Mono.fromSupplier(() -> ctx.hold(region, out)));
    });
  }

  private Block checked(Block b, Region chunkRegion, ChunkIndex idx) {
    check(b.dtype(), b.length(), b, chunkRegion, idx);
    return b;
  }

  private void check(DType dtype, int length, Object returned, Region chunkRegion, ChunkIndex idx) {
    if (dtype != dtype() || length != chunkRegion.size()) {
      throw new SourceReadException(source.description(), idx, new IllegalStateException(
          "the source returned " + returned + " for chunk region " + chunkRegion + " of dtype "
              + dtype().numpyName()));
    }
  }

  private Block checkedRegion(Block b, Region region) {
    if (b.dtype() != dtype() || b.length() != region.size()) {
      throw new SourceReadException(source.description(), "region " + region,
          new IllegalStateException("the source returned " + b));
    }
    return b;
  }


  @Override
  public void cost(Region region, Cost cost) {
    if (region.isEmpty()) return;
    ChunkGrid storage = source.grid();
    List<ChunkIndex> chunks = storage.chunksOverlapping(region);
    long itemSize = dtype().itemSize();
    if (!readsWholeChunk(storage, chunks, region)
        && source.capabilities().contains(Capability.REGION_READ)) {
      cost.readRegion(region.size() * itemSize);
      return;
    }
    for (ChunkIndex idx : chunks) {
      if (cost.read(source, idx, storage.region(idx).size() * itemSize)) {
        cost.hold(source.readHeldBytes(idx));
      }
    }
    if (chunks.size() > 1) cost.hold(region.size() * itemSize);
  }

  /**
   * True when {@code region} is served from one whole storage chunk: it lies inside a single
   * chunk and either is that chunk or the source cannot read part of a chunk. A source with
   * {@link Capability#REGION_READ} reads any other region by region, so a storage chunk larger
   * than the budget can still be streamed in smaller pieces (DESIGN §2).
   */
  private boolean readsWholeChunk(ChunkGrid storage, List<ChunkIndex> chunks, Region region) {
    if (chunks.size() != 1) return false;
    return !source.capabilities().contains(Capability.REGION_READ)
        || storage.region(chunks.get(0)).equals(region);
  }

  /** A storage chunk is delivered as the block the source returned: no new block. */
  @Override
  public long deliveryBytes(Region region) {
    List<ChunkIndex> chunks = source.grid().chunksOverlapping(region);
    boolean ownChunk = chunks.size() == 1 && source.grid().region(chunks.get(0)).equals(region);
    return ownChunk ? 0 : super.deliveryBytes(region);
  }

  @Override
  public void collectSources(Set<Source> into) {
    into.add(source);
  }

  @Override
  public String label() {
    return "read " + source.description();
  }
}
