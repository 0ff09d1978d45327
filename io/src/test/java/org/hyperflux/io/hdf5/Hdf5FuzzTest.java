package org.hyperflux.io.hdf5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hyperflux.core.exec.SourceReadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded corruption of a HyperSpy file and of h5py files: a few bytes overwritten at random
 * anywhere (superblock, object headers, B-trees, heaps, chunks). Reading everything reachable
 * either succeeds or fails with hyperflux's errors naming the file (or, for a corrupted dataset
 * header that now describes strings or an impossible shape, an IllegalArgumentException naming
 * the dataset); it never hangs and never throws anything else.
 */
class Hdf5FuzzTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void corruptedFilesFailWithClearErrors() throws Exception {
    SplittableRandom random = new SplittableRandom(20240611);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    int failed = 0;
    int cases = 0;
    try {
      for (String name : List.of("signal.hspy", "latest.h5", "datasets.h5")) {
        byte[] original = Files.readAllBytes(Hdf5Fixtures.file(name));
        for (int k = 0; k < 40; k++) {
          byte[] bytes = original.clone();
          int flips = 1 + random.nextInt(4);
          for (int i = 0; i < flips; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
          }
          Path copy = dir.resolve(name + "." + k);
          Files.write(copy, bytes);
          Future<List<Throwable>> run = pool.submit(() -> readEverything(copy));
          List<Throwable> failures;
          try {
            failures = run.get(20, TimeUnit.SECONDS);
          } catch (TimeoutException e) {
            throw new AssertionError("reading " + copy + " did not finish", e);
          }
          cases++;
          if (!failures.isEmpty()) failed++;
          for (Throwable t : failures) {
            assertThat(t).as("%s: %s", copy, t).isInstanceOfAny(Hdf5FormatException.class,
                Hdf5ChunkException.class, SourceReadException.class, IllegalArgumentException.class);
            if (t instanceof IllegalArgumentException) {
              assertThat(t.getMessage()).contains(copy.toString());
            } else if (t instanceof SourceReadException) {
              assertThat(t.getMessage()).contains(copy.toString());
              assertThat(t.getCause()).isInstanceOf(Hdf5ChunkException.class);
            } else {
              assertThat(t.getMessage()).contains(copy.toString());
            }
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("Hdf5FuzzTest: " + failed + " of " + cases + " corrupted files failed to read whole");
    assertThat(failed).isPositive();
  }

  /** Walks every group, attribute and dataset reachable; the failures met. */
  static List<Throwable> readEverything(Path file) {
    List<Throwable> failures = new ArrayList<>();
    try (Hdf5File f = Hdf5File.open(file)) {
      walk(f.root(), failures, 0);
    } catch (IOException | RuntimeException e) {
      failures.add(e);
    }
    return failures;
  }

  private static void walk(Hdf5Group g, List<Throwable> failures, int depth) {
    if (depth > 16) return;
    try {
      g.attributes();
    } catch (IOException | RuntimeException e) {
      failures.add(e);
    }
    List<String> groups = List.of();
    List<String> datasets = List.of();
    try {
      groups = g.groups();
      datasets = g.datasets();
    } catch (IOException | RuntimeException e) {
      failures.add(e);
    }
    for (String name : groups) {
      try {
        walk(g.group(name), failures, depth + 1);
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    }
    for (String name : datasets) {
      try {
        Hdf5Dataset d = g.dataset(name);
        d.attributes();
        if (d.shape().size() > 1 << 20) {
          continue;
        }
        if (d.dtype().isPresent() && !d.isEmpty()) {
          d.lazy().compute();
        } else {
          d.values();
        }
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    }
  }
}
