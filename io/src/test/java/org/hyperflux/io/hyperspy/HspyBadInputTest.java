package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.hdf5.Hdf5ChunkException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad {@code .hspy} input fails with a clear error, never a hang or a crash: HyperSpy's opaque
 * {@code _bs_} attribute (names the group), a corrupt data chunk (names file, dataset and chunk,
 * when computed), a file truncated anywhere (an {@link IOException} naming the file, at load or
 * when computed), a plain HDF5 file read as {@code hspy} (lists its datasets), a missing file.
 * (Saving {@code .hspy} is tested by {@code HspyWriteTest}.) The bad fixtures
 * come from {@code golden/hspy/make_hspy_golden.py} ({@code hspy_bad.json}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HspyBadInputTest {
  @TempDir
  Path tmp;

  @TestFactory
  Stream<DynamicTest> badFixturesFailNamingFileAndPlace() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> bad : ZspyFixtures.records(HspyGoldenTest.ROOT + "hspy_bad.json")) {
      tests.add(DynamicTest.dynamicTest((String) bad.get("file"), () -> check(bad)));
    }
    return tests.stream();
  }

  @SuppressWarnings("unchecked")
  private static void check(Map<String, Object> bad) throws IOException {
    String name = (String) bad.get("file");
    Path path = HspyGoldenTest.fixture(name);
    String where = (String) bad.get("path");
    if (bad.get("chunk") == null) {
      assertThatThrownBy(() -> SignalFiles.load(path)).isInstanceOf(HyperSpyFormatException.class)
          .hasMessageContaining(name).hasMessageContaining(where)
          .hasMessageContaining((String) bad.get("message"))
          .satisfies(e -> assertThat(((HyperSpyFormatException) e).path()).isEqualTo(where));
      return;
    }
    List<Object> c = (List<Object>) bad.get("chunk");
    int[] index = new int[c.size()];
    for (int i = 0; i < index.length; i++) index[i] = ((Long) c.get(i)).intValue();
    Signal s = SignalFiles.load(path);
    assertThat(s.isLazy()).isTrue();
    assertThatThrownBy(() -> s.data().sum().compute())
        .satisfies(e -> {
          Hdf5ChunkException chunk = cause(e, Hdf5ChunkException.class);
          assertThat(chunk).as("an Hdf5ChunkException in " + e).isNotNull();
          assertThat(chunk.dataset()).isEqualTo(where);
          assertThat(chunk.chunk()).isEqualTo(ChunkIndex.of(index));
          assertThat(chunk.getMessage()).contains(name).contains(where)
              .contains((String) bad.get("message"));
        });
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return type.cast(t);
      for (Throwable s : t.getSuppressed()) {
        if (type.isInstance(s)) return type.cast(s);
      }
    }
    return null;
  }

  @Test
  void aFileTruncatedAnywhereFailsWithAnIOExceptionNamingIt() throws IOException {
    Path source = HspyGoldenTest.fixture("spectrum_f4_nested.hspy");
    long size = Files.size(source);
    int failed = 0;
    for (long keep : new long[] {0, 7, 100, 800, 2048, size / 8, size / 4, size / 3, size / 2,
        2 * size / 3, 3 * size / 4, 7 * size / 8, size - 1000, size - 1}) {
      Path cut = tmp.resolve("cut_" + keep + ".hspy");
      Files.copy(source, cut);
      try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
        ch.truncate(keep);
      }
      String what = "truncated to " + keep + " of " + size + " bytes";
      Throwable error = null;
      try {
        SignalFiles.load(cut).data().sum().compute();
      } catch (Throwable e) {
        error = e;
        failed++;
      }
      if (error == null) {
        // The cut left everything this signal reads (it may only have lost unused space).
        continue;
      }
      Throwable io = error instanceof IOException ? error : cause(error, IOException.class);
      if (io == null && error instanceof IllegalArgumentException) {
        // Too short to be recognised: no format reads it, which the facade says naming the file.
        assertThat(error.getMessage()).as(what).contains(cut.toString());
        continue;
      }
      assertThat(io).as(what + ": " + error).isNotNull();
      assertThat(io.getMessage()).as(what).contains(cut.getFileName().toString());
    }
    assertThat(failed).isPositive();
  }

  @Test
  void aPlainHdf5FileReadAsHspyFailsListingItsDatasets() {
    Path plain = ZspyFixtures.resource("/golden/hdf5/datasets.h5");
    assertThat(new HspyFormat().canRead(plain)).isFalse();
    assertThatThrownBy(() -> SignalFiles.load(plain, LoadOptions.defaults().withFormat("hspy")))
        .isInstanceOf(HyperSpyFormatException.class).hasMessageContaining("not a HyperSpy file")
        .hasMessageContaining("datasets.h5").hasMessageContaining("/chunked/four_d (uint16")
        .hasMessageContaining("withDataset");
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    assertThatThrownBy(() -> SignalFiles.load(tmp.resolve("missing.hspy")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.hspy");
    assertThatThrownBy(() -> HspyFormat.readStored(tmp.resolve("missing.hspy")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void datasetOptionsWithoutADatasetAndDatasetsOfZspyAreRefused() {
    Path hspy = HspyGoldenTest.fixture("dtype_int8.hspy");
    assertThatThrownBy(() -> SignalFiles.load(hspy, LoadOptions.defaults().withSignalDimension(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withDataset");
    assertThatThrownBy(() -> SignalFiles.load(ZspyFixtures.dir("dtype_int8.zspy"),
        LoadOptions.defaults().withDataset("/Experiments/dtype int8/data")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'zspy'")
        .hasMessageContaining("/Experiments/dtype int8/data");
  }

  @Test
  void aDatasetOfAnHspyFileReadsByPath() throws IOException {
    Path hspy = HspyGoldenTest.fixture("image_u2_flat_navigator.hspy");
    Signal whole = SignalFiles.load(hspy);
    Signal data = SignalFiles.load(hspy, LoadOptions.defaults()
        .withDataset("/Experiments/navigated image/data").withSignalDimension(2));
    assertThat(data.axes().dimensionsString()).isEqualTo(whole.axes().dimensionsString());
    assertThat(data.title()).isEqualTo("data");
    assertThat(data.data().grid()).isEqualTo(whole.data().grid());
    assertThat(ZspyFixtures.values(data.data().compute()))
        .isEqualTo(ZspyFixtures.values(whole.data().compute()));
  }
}
