package org.hyperflux.io.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.dataset.ChunkedDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;
import org.hyperflux.core.ops.LazyArray;

/**
 * Prints the decoded read speed (GB/s of array bytes) of a chunked HDF5 dataset, e.g. a
 * gzip + shuffle {@code .hspy} written by HyperSpy, four ways on the same data: hyperflux's chunk
 * path on one thread; on all cores through one shared handle; through the executor on all cores
 * (a sum, so nothing is kept); against jHDF 0.13.0's {@code getDecompressedChunk} on one thread
 * (bytes only, no conversion) and its plain {@code getData()} (its own parallel chunk decoding
 * into a Java array). Not a test: run it by hand, e.g.
 * {@code java -Xmx4g -cp ... org.hyperflux.io.hdf5.Hdf5ReadSpeed FILE DATASET [rounds]}.
 */
public final class Hdf5ReadSpeed {
  private Hdf5ReadSpeed() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String path = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int cores = Runtime.getRuntime().availableProcessors();
    Source source;
    try (Hdf5File f = Hdf5File.open(file)) {
      Hdf5Dataset d = f.dataset(path);
      System.out.printf("%s:%s %s %s, chunks %s, filters %s, %d cores%n", file, path, d.type(),
          d.shape(), Arrays.toString(d.chunkShape().orElseThrow()), d.filters(), cores);
      source = d.source();
    }
    double gb = source.shape().nbytes(source.dtype()) / 1e9;
    ChunkGrid grid = source.grid();
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      try (SourceHandle h = source.open()) {
        for (long i = 0; i < grid.chunkCount(); i++) h.readChunk(grid.index(i));
      }
      long t1 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(cores);
      try (SourceHandle h = source.open()) {
        List<Future<Integer>> reads = new ArrayList<>();
        for (long i = 0; i < grid.chunkCount(); i++) {
          long k = i;
          reads.add(pool.submit(() -> h.readChunk(grid.index(k)).length()));
        }
        for (Future<Integer> read : reads) read.get();
      } finally {
        pool.shutdown();
      }
      long t2 = System.nanoTime();
      double sum = LazyArray.of(source).sum().compute(ExecOptions.defaults()).getDouble();
      long t3 = System.nanoTime();
      long t4;
      long t5;
      try (HdfFile hdf = new HdfFile(file)) {
        ChunkedDataset cd = (ChunkedDataset) hdf.getDatasetByPath(path);
        for (long i = 0; i < grid.chunkCount(); i++) {
          long[] offset = grid.region(grid.index(i)).offsets();
          int[] o = new int[offset.length];
          for (int a = 0; a < o.length; a++) o[a] = (int) offset[a];
          cd.getDecompressedChunk(o);
        }
        t4 = System.nanoTime();
        if (hdf.getDatasetByPath(path).getData() == null) throw new AssertionError("no data");
        t5 = System.nanoTime();
      }
      System.out.printf("round %d (GB/s): hyperflux 1 thread %.3f | %d threads, one handle %.3f |"
          + " executor sum %.3f | jHDF getDecompressedChunk 1 thread %.3f | jHDF getData() %.3f"
          + "  (sum %.6g)%n", r, rate(gb, t0, t1), cores, rate(gb, t1, t2), rate(gb, t2, t3),
          rate(gb, t3, t4), rate(gb, t4, t5), sum);
    }
  }

  private static double rate(double gb, long from, long to) {
    return gb / ((to - from) / 1e9);
  }
}
