package org.hyperflux.io.zarr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.AbstractSourceContractTest;
import org.hyperflux.core.exec.Source;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flux-core source contract for zarr arrays (assertions inherited): a big-endian int16 array
 * of shape (7, 5, 6) in chunks (3, 5, 4) that do not divide it, Blosc(zstd) with byte shuffle,
 * nested keys, and one chunk never written (read as the fill value).
 */
class ZarrSourceContractTest extends AbstractSourceContractTest {
  @TempDir
  Path dir;

  @Override
  protected Source createSource() {
    try {
      Shape shape = Shape.of(7, 5, 6);
      ZarrArrayMetadata m = ZarrArrayMetadata.of(shape, new int[] {3, 5, 4}, DType.INT16)
          .withByteOrder(java.nio.ByteOrder.BIG_ENDIAN)
          .withFillValue(FillValue.of(-7))
          .withDimensionSeparator("/");
      ZarrArray a = ZarrArray.create(dir.resolve("contract.zarr"), m);
      Block whole = Block.allocate(DType.INT16, (int) shape.size());
      for (int i = 0; i < whole.length(); i++) whole.setLong(i, i * 31L - 500);
      ChunkGrid grid = m.grid();
      for (long i = 0; i < grid.chunkCount(); i++) {
        ChunkIndex idx = grid.index(i);
        if (idx.equals(ChunkIndex.of(1, 0, 1))) continue;
        a.writeChunk(idx, RegionCopy.extract(whole, Region.whole(shape), grid.region(idx)));
      }
      return ZarrArray.open(a.path()).source();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
