package org.hyperflux.io.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.FormatProviderContract;
import org.junit.jupiter.api.Test;

/**
 * {@link Hdf5Format} meets the {@link FormatProviderContract} (sample: h5py's {@code datasets.h5}
 * read by dataset path), and any HDF5 dataset loads through {@link SignalFiles#load(Path,
 * LoadOptions)}: by path, with the signal dimension and chunks chosen by the caller or
 * automatically, lazily or eagerly; a plain HDF5 file loaded without a dataset path fails listing
 * its datasets; HyperSpy's HDF5 files are detected as {@code hspy}, not as plain HDF5.
 */
class Hdf5FormatTest extends FormatProviderContract {
  private static final String FOUR_D = "/chunked/four_d";

  @Override
  protected FormatProvider provider() {
    return new Hdf5Format();
  }

  @Override
  protected Path sample() {
    return Hdf5Fixtures.file("datasets.h5");
  }

  @Override
  protected LoadOptions sampleOptions() {
    return LoadOptions.defaults().withDataset(FOUR_D).withSignalDimension(2);
  }

  @Test
  void aPlainHdf5FileWithoutADatasetPathFailsListingItsDatasets() throws IOException {
    Path f = Hdf5Fixtures.file("datasets.h5");
    List<String> paths;
    try (Hdf5File h = Hdf5File.open(f)) {
      paths = h.datasetPaths();
    }
    assertThat(paths).contains(FOUR_D, "/contiguous/cube", "/nested/a/b/c/data")
        .doesNotContain("/links/to_data").doesNotHaveDuplicates();
    assertThatThrownBy(() -> SignalFiles.load(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("withDataset")
        .hasMessageContaining("--dataset")
        .hasMessageContaining(FOUR_D + " (uint16, (2, 3, 4, 5))")
        .hasMessageContaining("/chunked/one_d (float64, (23,))")
        .hasMessageContaining("and " + (paths.size() - Hdf5Format.LISTED) + " more");
    Path latest = Hdf5Fixtures.file("latest.h5");
    assertThatThrownBy(() -> SignalFiles.load(latest)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("more");
  }

  @Test
  void aDatasetLoadsByPathWithTheSplitAndChunksAsked() throws IOException {
    Path f = Hdf5Fixtures.file("datasets.h5");
    Signal all = SignalFiles.load(f, LoadOptions.defaults().withDataset(FOUR_D));
    assertThat(all.axes().signalDimension()).isEqualTo(4);
    assertThat(all.title()).isEqualTo("four_d");
    Signal s = SignalFiles.load(f, sampleOptions());
    assertThat(s.isLazy()).isTrue();
    assertThat(s.dtype()).isEqualTo(DType.UINT16);
    assertThat(s.axes().dimensionsString()).isEqualTo("(3, 2|5, 4)");
    Signal direct = Hdf5Datasets.signal(f, FOUR_D, 2);
    assertThat(s.data().grid()).isEqualTo(direct.data().grid());
    assertThat(s.originalMetadata()).isEqualTo(direct.originalMetadata());
    MemoryArray expected = direct.data().compute();

    Signal rechunked = SignalFiles.load(f, sampleOptions().withChunks(1, -1, 2, -1));
    assertThat(rechunked.data().grid()).isEqualTo(ChunkGrid.regular(Shape.of(2, 3, 4, 5), 1, 3, 2, 5));
    Signal eager = SignalFiles.load(f, sampleOptions().withLazy(false));
    assertThat(eager.isLazy()).isFalse();
    for (Signal x : List.of(s, rechunked, eager)) {
      MemoryArray m = x.data().compute();
      for (long i = 0; i < 120; i++) {
        long[] p = {i / 60, i / 20 % 3, i / 5 % 4, i % 5};
        assertThat(m.getLong(p)).isEqualTo(expected.getLong(p));
      }
    }
    // A contiguous dataset on the automatic grid keeps the signal axes whole.
    Signal cube = SignalFiles.load(f, LoadOptions.defaults().withDataset("/contiguous/cube")
        .withSignalDimension(1));
    assertThat(cube.data().grid().extents(2)).containsExactly(8);
  }

  @Test
  void badDatasetOptionsFailNamingWhatIsWrong() {
    Path f = Hdf5Fixtures.file("datasets.h5");
    assertThatThrownBy(() -> SignalFiles.load(f, LoadOptions.defaults().withDataset("/chunked/nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/chunked/nope")
        .hasMessageContaining("four_d");
    assertThatThrownBy(() -> SignalFiles.load(f, sampleOptions().withSignalDimension(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signalDimension=5");
    assertThatThrownBy(() -> SignalFiles.load(f, sampleOptions().withChunks(2, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 2");
    assertThatThrownBy(() -> LoadOptions.defaults().withChunks(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> LoadOptions.defaults().withSignalDimension(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoadOptions.defaults().withDataset(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hyperSpyFilesAreHspyAndPlainFilesHdf5() throws IOException {
    Path hspy = Hdf5Fixtures.file("signal.hspy");
    assertThat(provider().canRead(hspy)).isTrue();
    assertThat(SignalFiles.format("hspy").canRead(hspy)).isTrue();
    assertThat(SignalFiles.load(hspy).title()).isEqualTo("golden");
    assertThat(SignalFiles.format("hspy").canRead(Hdf5Fixtures.file("datasets.h5"))).isFalse();
    // Named explicitly, the plain format reads a HyperSpy file's datasets, and only by path.
    assertThatThrownBy(() -> SignalFiles.load(hspy, LoadOptions.defaults().withFormat("hdf5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/Experiments/golden/data (float32, (2, 3, 8))");
  }
}
