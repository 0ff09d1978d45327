package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.zarr.ZarrArray;
import org.hyperflux.io.zarr.ZarrCompressor;
import org.hyperflux.io.zarr.ZarrGroup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .zspy} files written by hyperflux: every golden fixture loaded and saved again reads
 * back with equal dtype, values, axes, metadata, original metadata and navigator; the file has
 * HyperSpy 1.7.3's layout (root attributes, experiment group named by the title, axis groups,
 * Blosc(zstd, 1, shuffle), {@code /} keys); chunks given by the caller are honoured by
 * rechunking.
 */
class ZspyWriteTest {
  @TempDir
  Path tmp;

  @TestFactory
  Stream<DynamicTest> everyGoldenFileSurvivesASaveAndLoad() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> f : ZspyFixtures.records()) {
      String name = (String) f.get("name");
      tests.add(DynamicTest.dynamicTest(name, () -> {
        Signal s = SignalFiles.load(ZspyFixtures.dir((String) f.get("file")));
        Path out = tmp.resolve(name + ".zspy");
        SignalFiles.save(s, out);
        Signal back = SignalFiles.load(out);
        assertThat(Metadata.of(ZspyFixtures.describe(back, true)))
            .isEqualTo(Metadata.of(ZspyFixtures.describe(s, true)));
        assertThat(back.data().grid()).isEqualTo(s.data().grid());
        assertThat(back.navigator().isPresent()).isEqualTo(s.navigator().isPresent());
        if (s.navigator().isPresent()) {
          assertThat(Metadata.of(ZspyFixtures.describe(back.navigator().get(), true)))
              .isEqualTo(Metadata.of(ZspyFixtures.describe(s.navigator().get(), true)));
        }
      }));
    }
    return tests.stream();
  }

  @Test
  void theFileHasHyperSpysLayoutAndCompressor() throws IOException {
    Signal s = Signal.lazy(LazyArray.of(GeneratedSource.of("ramp", DType.UINT16,
            ChunkGrid.regular(org.hyperflux.core.array.Shape.of(4, 6, 10), 3, 4, 10),
            p -> p[0] * 100 + p[1] * 10 + p[2])),
        Axes.of(Axis.uniform(4, 2.0, 1.0).withName("y").withUnits("nm").withNavigate(true),
            Axis.uniform(6).withNavigate(true), Axis.nonUniform(0, 1, 3, 4, 8, 9, 10, 12, 20, 21)
                .withName("E")))
        .withTitle("a/b");
    Path out = tmp.resolve("layout.zspy");
    SignalFiles.save(s, out);
    ZarrGroup root = ZarrGroup.open(out);
    assertThat(root.attributes()).containsEntry("file_format", "ZSpy")
        .containsEntry("file_format_version", "3.1");
    ZarrGroup g = root.group("Experiments").group("a-b");
    assertThat(g.attributes()).containsEntry("package", "hyperspy");
    assertThat(g.group("axis-0").attributes()).containsEntry("_type", "UniformDataAxis")
        .containsEntry("name", "y").containsEntry("units", "nm").containsEntry("navigate", true)
        .containsEntry("scale", 2.0).containsEntry("offset", 1.0).containsEntry("size", 4);
    assertThat(g.group("axis-1").attributes()).doesNotContainKeys("name", "units");
    assertThat(g.group("axis-2").attributes()).containsEntry("_type", "DataAxis")
        .containsEntry("navigate", false);
    assertThat(g.group("axis-2").members()).containsExactly("axis");
    ZarrArray data = g.array("data");
    assertThat(data.metadata().compressor()).isEqualTo(ZarrCompressor.zspyDefault());
    assertThat(data.metadata().dimensionSeparator()).isEqualTo("/");
    assertThat(data.metadata().chunkShape()).containsExactly(3, 4, 10);
    assertThat(Files.isRegularFile(out.resolve("Experiments/a-b/data/1/1/0"))).isTrue();
    assertThat(g.group("metadata").group("Signal").attributes()).containsEntry("record_by", "spectrum");
    assertThat(g.members()).contains("learning_results", "original_metadata", "metadata");
  }

  @Test
  void chunksGivenByTheCallerAreStoredAndTheDataRechunked() throws IOException {
    Signal s = SignalFiles.load(ZspyFixtures.dir("spectrum_f4_nested.zspy"));
    Path out = tmp.resolve("rechunked.zspy");
    SignalFiles.save(s, out, SaveOptions.defaults().withChunks(3, 1, 7).withDimensionSeparator("."));
    Signal back = SignalFiles.load(out);
    assertThat(back.data().grid()).isEqualTo(ChunkGrid.regular(back.data().shape(), 3, 1, 7));
    assertThat(Files.isRegularFile(out.resolve("Experiments/EELS-map 1/data/0.4.0"))).isTrue();
    assertThat(ZspyFixtures.describe(back, false).get("data"))
        .isEqualTo(ZspyFixtures.describe(s, false).get("data"));
  }

  @Test
  void aNavigatorIsStoredApartFromTheMetadataItWasWrittenIn() throws IOException {
    Signal s = Signal.of(LazyArray.of(GeneratedSource.of("n", DType.INT16,
        ChunkGrid.regular(org.hyperflux.core.array.Shape.of(3, 4, 5, 6), 2, 2, 5, 6), p -> p[3] - p[0])), 2);
    Signal withNav = s.computeNavigator();
    Path out = tmp.resolve("nav.zspy");
    SignalFiles.save(withNav, out);
    Signal back = SignalFiles.load(out);
    assertThat(back.metadata()).isEqualTo(s.metadata());
    assertThat(back.navigator()).isPresent();
    assertThat(Metadata.of(ZspyFixtures.describe(back.navigator().get(), true)))
        .isEqualTo(Metadata.of(ZspyFixtures.describe(withNav.navigator().get(), true)));
    assertThat(ZarrGroup.open(out.resolve("Experiments/__unnamed__/metadata/_HyperSpy")).members())
        .containsExactly("_sig_navigator");
  }
}
