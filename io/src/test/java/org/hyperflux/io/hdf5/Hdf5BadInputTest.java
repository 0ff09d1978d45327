package org.hyperflux.io.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;
import org.hyperflux.core.exec.SourceReadException;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input fails with a clear error naming the file (and dataset and chunk where there is one),
 * never a hang or a crash: a missing file, a directory, files that are not HDF5, files truncated
 * at many points, a chunk cut off by a truncation, a corrupt deflate chunk, a missing dataset
 * path, a filter hyperflux does not decode, an attribute jHDF cannot parse, a string dataset asked
 * for as an array, values() of a dataset too large for it, and a closed file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Hdf5BadInputTest {
  @TempDir
  Path dir;

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.h5");
    assertThatThrownBy(() -> Hdf5File.open(missing)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> Hdf5Datasets.signal(missing, "/data", 1))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.h5");
  }

  @Test
  void aDirectoryOrAFileThatIsNotHdf5IsRefused() throws IOException {
    assertThatThrownBy(() -> Hdf5File.open(dir)).isInstanceOf(Hdf5FormatException.class)
        .hasMessageContaining(dir.toString()).hasMessageContaining("directory");
    Path text = Files.writeString(dir.resolve("notes.h5"), "just some text, not HDF5\n".repeat(100));
    assertThatThrownBy(() -> Hdf5File.open(text)).isInstanceOf(Hdf5FormatException.class)
        .hasMessageContaining(text.toString()).hasMessageContaining("not an HDF5 file");
    Path empty = Files.write(dir.resolve("empty.h5"), new byte[0]);
    assertThatThrownBy(() -> Hdf5File.open(empty)).isInstanceOf(Hdf5FormatException.class)
        .hasMessageContaining("not an HDF5 file");
    // The signature alone, then nothing.
    byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n', 0, 0, 0};
    Path stub = Files.write(dir.resolve("stub.h5"), sig);
    assertThatThrownBy(() -> Hdf5File.open(stub)).isInstanceOf(Hdf5FormatException.class)
        .hasMessageContaining(stub.toString());
  }

  /** Truncated copies of the golden files: everything readable reads, everything else fails clearly. */
  @TestFactory
  Stream<DynamicTest> truncatedFilesFailClearly() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : List.of("datasets.h5", "latest.h5", "signal.hspy")) {
      long size = Files.size(Hdf5Fixtures.file(name));
      long[] cuts = {9, 100, 800, 2048, size / 4, size / 2, 3 * size / 4, size - 200, size - 1};
      for (long cut : cuts) {
        tests.add(DynamicTest.dynamicTest(name + " cut at " + cut, () -> {
          Path copy = truncatedCopy(name, cut);
          List<Throwable> failures = readEverything(copy);
          for (Throwable t : failures) {
            assertThat(t).isInstanceOfAny(Hdf5FormatException.class, Hdf5ChunkException.class,
                SourceReadException.class);
            assertThat(t.getMessage()).contains(copy.toString());
            if (t instanceof SourceReadException) {
              assertThat(t.getCause()).isInstanceOf(Hdf5ChunkException.class);
            }
          }
          if (cut <= size / 2) {
            assertThat(failures).as("half a file cannot be read whole").isNotEmpty();
          }
        }));
      }
    }
    return tests.stream();
  }

  /** A file truncated after its sources were made (another process cut it short): the chunk reads fail. */
  @Test
  void aChunkCutOffByATruncationNamesFileDatasetAndChunk() throws IOException {
    Path copy = dir.resolve("cut.h5");
    Files.copy(Hdf5Fixtures.file("datasets.h5"), copy);
    Source src;
    long end;
    try (Hdf5File f = Hdf5File.open(copy)) {
      Hdf5Dataset d = f.dataset("/chunked/gzip_shuffle");
      src = d.source();
      ChunkedStorage s = (ChunkedStorage) d.storageFor();
      int last = (int) s.nativeGrid().chunkCount() - 1;
      end = s.table().address(last) + s.table().size(last) / 2;
    }
    try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
      ch.truncate(end);
    }
    ChunkGrid grid = src.grid();
    ChunkIndex last = grid.index(grid.chunkCount() - 1);
    try (SourceHandle h = src.open()) {
      assertThat(h.readChunk(grid.index(0)).length()).isEqualTo(grid.region(grid.index(0)).size());
      assertThatThrownBy(() -> h.readChunk(last)).isInstanceOf(Hdf5ChunkException.class)
          .hasMessageContaining(copy.toString()).hasMessageContaining("/chunked/gzip_shuffle")
          .hasMessageContaining("chunk " + last).hasMessageContaining("truncated")
          .satisfies(e -> assertThat(((Hdf5ChunkException) e).chunk()).isEqualTo(last));
    }
    assertThatThrownBy(() -> LazyArray.of(src).sum().compute())
        .isInstanceOf(SourceReadException.class).hasMessageContaining(copy.toString())
        .hasMessageContaining("/chunked/gzip_shuffle").hasMessageContaining("truncated");
  }

  @Test
  void aCorruptDeflateChunkNamesFileDatasetAndChunk() throws Exception {
    String[] bad = Hdf5Fixtures.records("hdf5_bad.txt").stream().filter(r -> r[3].equals("corrupt"))
        .findFirst().orElseThrow();
    Path file = Hdf5Fixtures.file(bad[0]);
    String[] offset = bad[2].split(",");
    Source src;
    try (Hdf5File f = Hdf5File.open(file)) {
      src = f.dataset(bad[1]).source();
    }
    ChunkGrid grid = src.grid();
    ChunkIndex corrupt = ChunkIndex.of(grid.chunkAt(0, Long.parseLong(offset[0])),
        grid.chunkAt(1, Long.parseLong(offset[1])));
    try (SourceHandle h = src.open()) {
      for (long i = 0; i < grid.chunkCount(); i++) {
        ChunkIndex idx = grid.index(i);
        if (idx.equals(corrupt)) {
          assertThatThrownBy(() -> h.readChunk(idx)).isInstanceOf(Hdf5ChunkException.class)
              .hasMessageContaining(file.toString()).hasMessageContaining(bad[1])
              .hasMessageContaining("chunk " + corrupt).hasMessageContaining("deflate");
        } else {
          assertThat(h.readChunk(idx).length()).isEqualTo(grid.region(idx).size());
        }
      }
    }
    assertThatThrownBy(() -> LazyArray.of(src).sum().compute())
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining(bad[1])
        .hasMessageContaining(corrupt.toString())
        .hasCauseInstanceOf(Hdf5ChunkException.class);
  }

  @Test
  void aFilterThatIsNotDecodedIsNamedWhenTheSourceIsBuilt() throws IOException {
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("corrupt.h5"))) {
      Hdf5Dataset d = f.dataset("/scaleoffset");
      assertThat(d.filters()).containsExactly("scaleoffset");
      assertThatThrownBy(d::source).isInstanceOf(Hdf5FormatException.class)
          .hasMessageContaining("/scaleoffset").hasMessageContaining("corrupt.h5")
          .hasMessageContaining("'scaleoffset' (id 6) is not supported");
    }
  }

  @Test
  void anAttributeJhdfCannotParseIsNamed() throws IOException {
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("corrupt.h5"))) {
      assertThat(f.root().groups()).contains("opaque");
      Hdf5Group g = f.group("/opaque");
      assertThatThrownBy(g::attributes).isInstanceOf(Hdf5FormatException.class)
          .hasMessageContaining("'/opaque'").hasMessageContaining("corrupt.h5")
          .hasMessageContaining("opaque attribute");
      assertThatThrownBy(g::datasets).isInstanceOf(Hdf5FormatException.class)
          .hasMessageContaining("'/opaque'");
    }
  }

  @Test
  void aMissingDatasetPathNamesWhatExists() throws IOException {
    Path file = Hdf5Fixtures.file("datasets.h5");
    try (Hdf5File f = Hdf5File.open(file)) {
      assertThatThrownBy(() -> f.dataset("/chunked/gzip_shufle"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining("'/chunked/gzip_shufle'")
          .hasMessageContaining("'/chunked' holds").hasMessageContaining("gzip_shuffle");
      assertThatThrownBy(() -> f.dataset("/nested/a/b")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is a group, not a dataset");
      assertThatThrownBy(() -> f.group("/nested/a/b/c/data/x"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a dataset");
      assertThatThrownBy(() -> f.group("/scalar/f8")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is a dataset, not a group");
    }
    assertThatThrownBy(() -> Hdf5Datasets.array(file, "/no/such", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/no/such'");
  }

  @Test
  void aStringDatasetIsNotAnArray() throws IOException {
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("datasets.h5"))) {
      Hdf5Dataset d = f.dataset("/strings/fixed_list");
      assertThat(d.dtype()).isEmpty();
      assertThat(d.values()).isEqualTo(List.of("ab", "cde", ""));
      assertThatThrownBy(d::source).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("/strings/fixed_list").hasMessageContaining("|S3");
    }
  }

  @Test
  void valuesRefusesADatasetTooLargeForIt() throws IOException {
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("datasets.h5"))) {
      Hdf5Dataset d = f.dataset("/contiguous/huge_unwritten");
      assertThatThrownBy(d::values).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/contiguous/huge_unwritten").hasMessageContaining("134217728 bytes")
          .hasMessageContaining("source()");
      assertThat(d.lazy().sum().compute().getDouble()).isEqualTo(4096 * 4096 * 0.5);
    }
  }

  @Test
  void aClosedFileRefusesReadsButItsSourcesStillRead() throws Exception {
    Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("datasets.h5"));
    Hdf5Dataset d = f.dataset("/chunked/one_d");
    Source s = d.source();
    f.close();
    f.close();
    assertThat(f.isOpen()).isFalse();
    assertThatThrownBy(d::attributes).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(f::root).isInstanceOf(IllegalStateException.class);
    assertThat(LazyArray.of(s).compute().shape().size()).isEqualTo(23);
  }

  private Path truncatedCopy(String name, long size) throws IOException {
    Path copy = dir.resolve(name + "." + size);
    Files.copy(Hdf5Fixtures.file(name), copy);
    try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
    return copy;
  }

  /** Opens the file and reads every group, attribute and dataset it can reach; the failures met. */
  private static List<Throwable> readEverything(Path file) {
    List<Throwable> failures = new ArrayList<>();
    try (Hdf5File f = Hdf5File.open(file)) {
      walk(f.root(), failures);
    } catch (IOException | RuntimeException e) {
      failures.add(e);
    }
    return failures;
  }

  private static void walk(Hdf5Group g, List<Throwable> failures) {
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
        walk(g.group(name), failures);
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    }
    for (String name : datasets) {
      try {
        Hdf5Dataset d = g.dataset(name);
        d.attributes();
        if (d.isEmpty() || d.dtype().isEmpty()) {
          d.values();
        } else if (d.shape().size() > 1 << 20) {
          d.source();
        } else {
          d.lazy().compute();
        }
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    }
  }

  static String text(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
