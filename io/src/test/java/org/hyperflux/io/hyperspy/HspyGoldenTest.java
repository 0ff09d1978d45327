package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.hdf5.Hdf5File;
import org.hyperflux.io.spi.FormatProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code .hspy} written by HyperSpy 1.7.3 ({@code golden/hspy/make_hspy_golden.py}: the
 * signals of the {@code .zspy} fixtures saved as {@code .hspy}, a file in the current 3.3 style
 * and one in an older style with byte-string attributes, a float version and no {@code navigate})
 * is detected as {@code hspy} and loads lazily with the dtype, shape, HDF5 chunks, values, axes,
 * metadata, original metadata, navigator and learning results HyperSpy wrote: the assertions of
 * {@link ZspyGoldenTest}.
 */
class HspyGoldenTest {
  static final String ROOT = "/golden/hspy/";

  static Path fixture(String name) {
    return ZspyFixtures.resource(ROOT + name);
  }

  @TestFactory
  Stream<DynamicTest> hyperSpyFilesLoadWithTheirDataAxesAndMetadata() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> f : ZspyFixtures.records(ROOT + "hspy_golden.json")) {
      tests.add(DynamicTest.dynamicTest((String) f.get("name"), () -> {
        Path path = fixture((String) f.get("file"));
        assertThat(detected(path)).isEqualTo("hspy");
        ZspyGoldenTest.check(f, path, HspyFormat::readStored);
      }));
    }
    return tests.stream();
  }

  private static String detected(Path path) throws IOException {
    for (FormatProvider p : SignalFiles.formats()) {
      if (!p.fallback() && p.canRead(path)) return p.name();
    }
    return "(none)";
  }

  @Test
  void theSameSignalsReadFromHspyAndZspyAreEqual() throws IOException {
    for (String name : List.of("spectrum_f4_nested", "image_u2_flat_navigator",
        "nonuniform_f8_decomposition")) {
      Signal h = SignalFiles.load(fixture(name + ".hspy"));
      Signal z = SignalFiles.load(ZspyFixtures.dir(name + ".zspy"));
      assertThat(h.axes()).as(name).isEqualTo(z.axes());
      assertThat(h.dtype()).as(name).isEqualTo(z.dtype());
      assertThat(h.originalMetadata()).as(name).isEqualTo(z.originalMetadata());
      // Nested signals compare by what they hold (plain() describes them).
      assertThat(Metadata.of(ZspyFixtures.plain(h.metadata().without("General.FileIO")))).as(name)
          .isEqualTo(Metadata.of(ZspyFixtures.plain(z.metadata().without("General.FileIO"))));
      assertThat(ZspyFixtures.values(h.data().compute())).as(name)
          .isEqualTo(ZspyFixtures.values(z.data().compute()));
    }
  }

  @Test
  void theSignalsOutliveTheFileAndReadItAgainForEachComputation() throws IOException {
    Path path = fixture("spectrum_f4_nested.hspy");
    Signal s = SignalFiles.load(path);
    try (Hdf5File f = Hdf5File.open(path)) {
      assertThat(f.isOpen()).isTrue();
    }
    double first = s.data().sum().compute().getDouble();
    assertThat(s.data().sum().compute().getDouble()).isEqualTo(first);
    assertThat(s.navigator()).isEmpty();
    assertThat(s.metadata().get("Signal.Noise_properties.variance")).get()
        .isInstanceOf(Signal.class);
  }
}
