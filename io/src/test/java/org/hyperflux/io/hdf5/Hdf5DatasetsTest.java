package org.hyperflux.io.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.io.hdf5.Hdf5Fixtures.assertSameValues;

import java.nio.file.Path;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Capability;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;

/**
 * Any HDF5 dataset as a lazy array or signal by path: the navigation/signal split, chunking by
 * the caller or the automatic policy (HDF5 chunks kept for chunked datasets; ChunkGrid.auto for
 * contiguous ones, read by region), title and original_metadata from the dataset, and values
 * equal to the golden ones whatever the chunking.
 */
class Hdf5DatasetsTest {
  private static final Path FILE = Hdf5Fixtures.file("datasets.h5");

  private static Block golden(String dataset) throws Exception {
    String[] r = Hdf5Fixtures.records("hdf5_golden.txt").stream()
        .filter(x -> x[0].equals("datasets.h5") && x[1].equals(dataset)).findFirst().orElseThrow();
    return Hdf5Fixtures.block(DType.fromNumpyName(numpy(r[2])), r[8]);
  }

  private static String numpy(String str) {
    char kind = str.charAt(1);
    int size = Integer.parseInt(str.substring(2));
    return switch (kind) {
      case 'f' -> "float" + size * 8;
      case 'i' -> "int" + size * 8;
      case 'u' -> "uint" + size * 8;
      default -> "bool";
    };
  }

  @Test
  void aChunkedDatasetBecomesASignalOnItsOwnChunks() throws Exception {
    Signal s = Hdf5Datasets.signal(FILE, "/chunked/gzip_shuffle", 1);
    assertThat(s.isLazy()).isTrue();
    assertThat(s.axes()).isEqualTo(Axes.uniform(new long[] {7, 5, 6}, 1));
    assertThat(s.metadata().title()).isEqualTo("gzip_shuffle");
    assertThat(s.metadata().getString(Metadata.ORIGINAL_FILENAME)).contains("datasets.h5");
    assertThat(s.originalMetadata().getString("units")).contains("nm");
    assertThat(s.originalMetadata().getDouble("scale")).hasValue(0.5);
    assertThat(s.originalMetadata().getLong("dotted_key")).hasValue(1);
    assertThat(s.data().grid()).isEqualTo(ChunkGrid.regular(Shape.of(7, 5, 6), 3, 2, 4));
    assertSameValues(s.data().compute().toBlock(), golden("/chunked/gzip_shuffle"), "signal");
    assertThat(s.toString()).contains("gzip_shuffle").contains("(5, 7|6)");
  }

  @Test
  void aChunkedDatasetIsRechunkedToTheCallersChunks() throws Exception {
    LazyArray a = Hdf5Datasets.array(FILE, "/chunked/gzip_shuffle", new int[] {-1, 5, 4});
    assertThat(a.grid()).isEqualTo(ChunkGrid.regular(Shape.of(7, 5, 6), 7, 5, 4));
    assertSameValues(a.compute().toBlock(), golden("/chunked/gzip_shuffle"), "rechunked");
    Signal s = Hdf5Datasets.signal(FILE, "/chunked/gzip_shuffle", 2, new int[] {3, 2, 4});
    assertThat(s.data().grid()).isEqualTo(ChunkGrid.regular(Shape.of(7, 5, 6), 3, 2, 4));
    assertThat(s.axes().signalDimension()).isEqualTo(2);
  }

  @Test
  void aContiguousDatasetIsReadByRegionOnTheAutomaticOrTheCallersGrid() throws Exception {
    Shape shape = Shape.of(10, 12, 8);
    ExecOptions small = ExecOptions.defaults().withBudgetBytes(8 * 4 * 12 * 8 * 8).withParallelism(2);
    LazyArray auto = Hdf5Datasets.array(FILE, "/contiguous/cube", 2, small);
    assertThat(auto.grid()).isEqualTo(ChunkGrid.auto(shape, DType.FLOAT32, 2, small.budgetBytes(), 2));
    assertThat(auto.grid().chunkCount()).isGreaterThan(1);
    assertSameValues(auto.compute().toBlock(), golden("/contiguous/cube"), "auto");

    LazyArray caller = Hdf5Datasets.array(FILE, "/contiguous/cube", new int[] {3, -1, 5});
    assertThat(caller.grid()).isEqualTo(ChunkGrid.regular(shape, 3, 12, 5));
    assertSameValues(caller.compute().toBlock(), golden("/contiguous/cube"), "caller");

    try (Hdf5File f = Hdf5File.open(FILE)) {
      assertThat(f.dataset("/contiguous/cube").source().capabilities())
          .contains(Capability.REGION_READ);
      assertThat(f.dataset("/chunked/gzip_shuffle").source().capabilities())
          .doesNotContain(Capability.REGION_READ);
    }
  }

  @Test
  void scalarCompactZeroLengthAndEmptyDatasets() throws Exception {
    LazyArray scalar = Hdf5Datasets.array(FILE, "/scalar/i4_be", 0);
    assertThat(scalar.shape()).isEqualTo(Shape.scalar());
    assertThat(scalar.compute().toBlock().getLong(0)).isEqualTo(-42);
    LazyArray compact = Hdf5Datasets.array(FILE, "/compact/small", new int[] {2, 3});
    assertSameValues(compact.compute().toBlock(), golden("/compact/small"), "compact");
    LazyArray empty = Hdf5Datasets.array(FILE, "/contiguous/empty", 1);
    assertThat(empty.shape()).isEqualTo(Shape.of(0, 4));
    assertThat(empty.compute().toBlock().length()).isZero();
    try (Hdf5File f = Hdf5File.open(FILE)) {
      Hdf5Dataset nothing = f.dataset("/scalar/empty");
      assertThat(nothing.isEmpty()).isTrue();
      assertThat(nothing.values()).isNull();
      assertThatThrownBy(nothing::source).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("/scalar/empty").hasMessageContaining("null dataspace");
      assertThat(f.dataset("/scalar/f8").isEmpty()).isFalse();
    }
    Signal unwritten = Hdf5Datasets.signal(FILE, "/contiguous/unwritten", 1);
    assertThat(unwritten.data().sum().compute().getDouble()).isEqualTo(12 * 3.25);
  }

  @Test
  void badArgumentsFailNamingTheValues() {
    assertThatThrownBy(() -> Hdf5Datasets.signal(FILE, "/chunked/gzip_shuffle", 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signalDimension=4")
        .hasMessageContaining("(7, 5, 6)");
    assertThatThrownBy(() -> Hdf5Datasets.array(FILE, "/chunked/gzip_shuffle", new int[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 2]")
        .hasMessageContaining("rank 2");
    assertThatThrownBy(() -> Hdf5Datasets.array(FILE, "/contiguous/cube", new int[] {1, 0, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extent 0 along axis 1");
    assertThatThrownBy(() -> Hdf5Datasets.array(FILE, "/strings/vlen_list", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vlen-str");
  }

  @Test
  void aDatasetOnAnotherGridThanItsChunksIsRefusedAsASource() throws Exception {
    try (Hdf5File f = Hdf5File.open(FILE)) {
      Hdf5Dataset d = f.dataset("/chunked/gzip_shuffle");
      assertThatThrownBy(() -> d.source(ChunkGrid.regular(d.shape(), 7, 5, 6)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 2, 4]")
          .hasMessageContaining("rechunk");
      assertThatThrownBy(() -> d.source(ChunkGrid.regular(Shape.of(7, 5), 7, 5)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }
  }

  @Test
  void navigationListsGroupsAndDatasetsByName() throws Exception {
    try (Hdf5File f = Hdf5File.open(FILE)) {
      assertThat(f.root().groups()).containsExactly("attrs", "chunked", "compact", "contiguous",
          "dtypes", "links", "nested", "scalar", "strings");
      // Soft links are followed; a broken one is neither a group nor a dataset.
      assertThat(f.group("/links").groups()).containsExactly("to_group");
      assertThat(f.group("/links").datasets()).containsExactly("to_data");
      assertThat(f.group("/links/to_group").groups()).containsExactly("b", "sibling");
      assertThat(f.dataset("/links/to_data").values()).isEqualTo(f.dataset("/nested/a/b/c/data").values());
      assertThat(f.isDataset("/links/broken")).isFalse();
      assertThatThrownBy(() -> f.dataset("/links/broken")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'/links' holds groups [to_group] and datasets [to_data]");
      assertThat(f.root().datasets()).isEmpty();
      assertThat(f.group("nested").groups()).containsExactly("a", "empty_group");
      assertThat(f.group("/nested/a").groups()).containsExactly("b", "sibling");
      assertThat(f.group("/nested/a").attributes()).containsEntry("level", 1L);
      Hdf5Group c = f.group("/nested/a/b/c");
      assertThat(c.datasets()).containsExactly("data");
      assertThat(c.group(".").path()).isEqualTo("/nested/a/b/c");
      assertThat(f.dataset("nested//a/b/c/data").path()).isEqualTo("/nested/a/b/c/data");
      assertThat(f.isDataset("/nested/a/b/c/data")).isTrue();
      assertThat(f.isGroup("/nested/a/b/c/data")).isFalse();
      assertThat(f.isGroup("/nested/none")).isFalse();
      assertThat(f.dataset("/chunked/gzip_shuffle").chunkShape()).hasValueSatisfying(
          c2 -> assertThat(c2).containsExactly(3, 2, 4));
      assertThat(f.dataset("/contiguous/cube").chunkShape()).isEmpty();
      assertThat(f.dataset("/strings/vlen_unicode").values()).isEqualTo(List.of("µm", "Å", ""));
      assertThat(f.dataset("/strings/vlen_scalar").values()).isEqualTo("hello");
      assertThat(f.dataset("/scalar/bool").values()).isEqualTo(true);
    }
  }
}
