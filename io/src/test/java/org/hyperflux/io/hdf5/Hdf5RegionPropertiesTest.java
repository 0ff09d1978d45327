package org.hyperflux.io.hdf5;

import static org.hyperflux.io.hdf5.Hdf5Fixtures.assertSameValues;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;

/**
 * Region reads equal the golden values cut to the region, for any region (empty ones included)
 * of a contiguous dataset (runs of elements, read by spans or one by one) and of a chunked 4-D dataset (chunks
 * cropped and assembled), and any grid a contiguous dataset is read on equals its golden chunks.
 */
class Hdf5RegionPropertiesTest {
  private static final Shape CUBE = Shape.of(10, 12, 8);
  private static final Shape FOUR_D = Shape.of(2, 3, 4, 5);

  private static Block golden(String dataset, DType dtype) throws Exception {
    String[] r = Hdf5Fixtures.records("hdf5_golden.txt").stream()
        .filter(x -> x[0].equals("datasets.h5") && x[1].equals(dataset)).findFirst().orElseThrow();
    return Hdf5Fixtures.block(dtype, r[8]);
  }

  private static Source source(String dataset) throws Exception {
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("datasets.h5"))) {
      return f.dataset(dataset).source();
    }
  }

  @Property(tries = 150, seed = "20240607")
  void contiguousRegionsEqualTheGolden(@ForAll("cubeRegions") Region region) throws Exception {
    check("/contiguous/cube", DType.FLOAT32, CUBE, region);
  }

  /** Without the 1 MiB allowance, sparse regions read run by run instead of by spans. */
  @Property(tries = 150, seed = "20240610")
  void contiguousRegionsReadRunByRunEqualTheGolden(@ForAll("cubeRegions") Region region)
      throws Exception {
    Block expected = golden("/contiguous/cube", DType.FLOAT32);
    Path file = Hdf5Fixtures.file("datasets.h5");
    FlatStorage storage;
    try (Hdf5File f = Hdf5File.open(file)) {
      storage = ((FlatStorage) f.dataset("/contiguous/cube").storageFor()).withSpanSlack(0);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      assertSameValues(storage.readRegion(ByteSource.of(ch, ch.size()), region),
          RegionCopy.extract(expected, Region.whole(CUBE), region), "run by run " + region);
    }
  }

  @Property(tries = 150, seed = "20240608")
  void chunkedRegionsEqualTheGolden(@ForAll("fourDRegions") Region region) throws Exception {
    check("/chunked/four_d", DType.UINT16, FOUR_D, region);
  }

  @Property(tries = 40, seed = "20240609")
  void anyGridOfAContiguousDatasetReadsItsGoldenChunks(@ForAll("cubeChunks") List<Integer> chunk)
      throws Exception {
    Block expected = golden("/contiguous/cube", DType.FLOAT32);
    Source s;
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("datasets.h5"))) {
      s = f.dataset("/contiguous/cube").source(
          ChunkGrid.regular(CUBE, chunk.get(0), chunk.get(1), chunk.get(2)));
    }
    try (SourceHandle h = s.open()) {
      for (long i = 0; i < s.grid().chunkCount(); i++) {
        ChunkIndex idx = s.grid().index(i);
        Region r = s.grid().region(idx);
        assertSameValues(h.readChunk(idx), RegionCopy.extract(expected, Region.whole(CUBE), r),
            "chunk " + idx + " of grid " + chunk);
      }
    }
  }

  private static void check(String dataset, DType dtype, Shape shape, Region region) throws Exception {
    Block expected = golden(dataset, dtype);
    try (SourceHandle h = source(dataset).open()) {
      assertSameValues(h.readRegion(region), RegionCopy.extract(expected, Region.whole(shape), region),
          dataset + " " + region);
    }
  }

  @Provide
  Arbitrary<Region> cubeRegions() {
    return regions(CUBE);
  }

  @Provide
  Arbitrary<Region> fourDRegions() {
    return regions(FOUR_D);
  }

  @Provide
  Arbitrary<List<Integer>> cubeChunks() {
    return Combinators.combine(Arbitraries.integers().between(1, 10),
        Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 8))
        .as(List::of);
  }

  private static Arbitrary<Region> regions(Shape shape) {
    int rank = shape.rank();
    Arbitrary<long[]> starts = Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class)
        .ofSize(rank).map(a -> {
          long[] o = new long[rank];
          for (int i = 0; i < rank; i++) o[i] = a[i] % (shape.dim(i) + 1);
          return o;
        });
    return starts.flatMap(o -> Arbitraries.integers().between(0, Integer.MAX_VALUE)
        .array(int[].class).ofSize(rank).map(a -> {
          int[] e = new int[rank];
          for (int i = 0; i < rank; i++) e[i] = (int) (a[i] % (shape.dim(i) - o[i] + 1));
          return Region.of(o, e);
        }));
  }
}
