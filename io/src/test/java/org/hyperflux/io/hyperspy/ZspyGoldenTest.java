package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code .zspy} written by HyperSpy 1.7.3 ({@code golden/zspy/make_zspy_golden.py}) loads
 * lazily through {@link SignalFiles#load} with the dtype, shape, chunks, values, axes, metadata,
 * original metadata, navigator and learning results HyperSpy wrote: a Signal1D with chunks that
 * do not divide its shape, {@code /} chunk keys and every metadata encoding; a Signal2D with
 * {@code .} keys and a stored navigator; an untitled BaseSignal; non-uniform axes with
 * decomposition results; every dtype; and a file in the current (format 3.3) style.
 */
class ZspyGoldenTest {
  @TempDir
  Path tmp;

  @TestFactory
  Stream<DynamicTest> hyperSpyFilesLoadWithTheirDataAxesAndMetadata() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> f : ZspyFixtures.records()) {
      tests.add(DynamicTest.dynamicTest((String) f.get("name"), () -> check(f)));
    }
    return tests.stream();
  }

  private static void check(Map<String, Object> f) throws IOException {
    Path path = ZspyFixtures.dir((String) f.get("file"));
    check(f, path, ZspyFormat::readStored);
  }

  /** How a format's stored signals (with their learning results) are read. */
  interface StoredReader {
    List<StoredSignal> read(Path path) throws IOException;
  }

  /**
   * The golden assertions shared by {@code .zspy} and {@code .hspy}: the file at {@code path}
   * loads through {@link SignalFiles#load} as the record {@code f} describes it, and {@code
   * stored} gives its learning results.
   */
  @SuppressWarnings("unchecked")
  static void check(Map<String, Object> f, Path path, StoredReader stored) throws IOException {
    Signal s = SignalFiles.load(path);
    assertThat(s.isLazy()).isTrue();
    assertThat(s.dtype().numpyName()).isEqualTo(f.get("dtype"));
    List<Object> chunks = (List<Object>) f.get("chunks");
    int[] c = new int[chunks.size()];
    for (int i = 0; i < c.length; i++) c[i] = ((Long) chunks.get(i)).intValue();
    assertThat(s.data().grid()).isEqualTo(ChunkGrid.regular(s.data().shape(), c));

    Map<String, Object> actual = ZspyFixtures.describe(s, true);
    assertThat(actual.get("shape")).isEqualTo(f.get("shape"));
    assertThat(Metadata.of(Map.of("data", actual.get("data"))))
        .as("values").isEqualTo(Metadata.of(Map.of("data", f.get("data"))));
    assertThat(actual.get("axes")).as("axes").isEqualTo(f.get("axes"));
    assertThat(Metadata.of((Map<String, Object>) actual.get("metadata"))).as("metadata")
        .isEqualTo(Metadata.of((Map<String, Object>) f.get("metadata")));
    assertThat(Metadata.of((Map<String, Object>) actual.get("original_metadata")))
        .as("original_metadata")
        .isEqualTo(Metadata.of((Map<String, Object>) f.get("original_metadata")));

    Object nav = f.get("navigator");
    if (nav == null) {
      assertThat(s.navigator()).isEmpty();
    } else {
      assertThat(s.navigator()).isPresent();
      assertThat(Metadata.of(ZspyFixtures.describe(s.navigator().get(), true))).as("navigator")
          .isEqualTo(Metadata.of((Map<String, Object>) nav));
    }

    List<StoredSignal> all = stored.read(path);
    assertThat(all).hasSize(1);
    assertThat(all.get(0).learningResults()).as("learning_results")
        .isEqualTo(Metadata.of((Map<String, Object>) f.get("learning_results")));
  }

  @Test
  void attributesHoldingJsonListsObjectsAndDottedKeysAreRead() throws IOException {
    Path f = ZspyFixtures.copy("base_i8_untitled.zspy", tmp.resolve("attrs.zspy"));
    Files.writeString(f.resolve("Experiments/__unnamed__/original_metadata/.zattrs"),
        "{\"shape\": [3, 4], \"calibration\": {\"a\": 1, \"b\": [0.5, null]},"
            + " \"Mode.Name\": \"STEM\", \"matrix\": [[1, 2], [3, 4]], \"none\": \"_None_\"}");
    Metadata om = SignalFiles.load(f).originalMetadata();
    assertThat(om.get("shape")).contains(List.of(3L, 4L));
    assertThat(om.getLong("calibration.a")).hasValue(1);
    assertThat(om.get("calibration.b")).contains(Arrays.asList(0.5, null));
    assertThat(om.getString("Mode_Name")).contains("STEM");
    assertThat(om.get("matrix")).contains(List.of(List.of(1L, 2L), List.of(3L, 4L)));
    assertThat(om.has("none")).isTrue();
    assertThat(om.get("none")).isEmpty();
    assertThat(SignalFiles.load(f).title()).isEmpty();
  }
}
