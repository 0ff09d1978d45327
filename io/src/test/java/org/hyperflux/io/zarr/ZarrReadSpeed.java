package org.hyperflux.io.zarr;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.array.ChunkGrid;

/**
 * Prints how fast {@link ZarrArray#readChunk} reads every chunk of a zarr array (file read,
 * decode, conversion to a typed block) on 1 and 2 threads, e.g. the {@code data} array of
 * ../shared/bench's stem4d.zspy (uint16, Blosc(zstd, 1, shuffle), 32 MiB chunks). Not a test: run
 * it by hand, {@code java -cp ... org.hyperflux.io.zarr.ZarrReadSpeed ARRAY_DIR [rounds]}; the
 * files should be in the page cache (the first round warms it).
 */
public final class ZarrReadSpeed {
  private ZarrReadSpeed() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/benchdata/stem4d.zspy/Experiments/stem4d/data");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    ZarrArray a = ZarrArray.open(dir);
    ChunkGrid grid = a.metadata().grid();
    long chunks = grid.chunkCount();
    double gb = (double) a.metadata().shape().size() * a.metadata().dtype().itemSize() / 1e9;
    System.out.printf("%s: %d chunks, %.2f GB decoded%n", dir, chunks, gb);
    for (int threads : new int[] {1, 2}) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        for (int round = 0; round < rounds; round++) {
          AtomicLong next = new AtomicLong();
          long t0 = System.nanoTime();
          List<Future<Long>> fs = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
              long check = 0;
              for (long c; (c = next.getAndIncrement()) < chunks; ) {
                check += a.readChunk(grid.index(c)).length();
              }
              return check;
            }));
          }
          long total = 0;
          for (Future<Long> f : fs) total += f.get();
          double s = (System.nanoTime() - t0) / 1e9;
          System.out.printf("threads %d round %d: %.3f s, %.3f GB/s (%d elements)%n", threads, round,
              s, gb / s, total);
        }
      } finally {
        pool.shutdown();
      }
    }
  }
}
