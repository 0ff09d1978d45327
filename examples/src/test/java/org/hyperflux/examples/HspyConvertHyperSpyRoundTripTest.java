package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import org.hyperflux.core.testing.PythonHyperSpy;

/**
 * Every {@code .hspy} golden file of io (written by HyperSpy 1.7.3: every dtype, chunks that do
 * not divide the shape, non-uniform axes, nested metadata with every encoding, a stored
 * navigator, a signal inside the metadata, the current 3.3 style and byte-string attributes) is
 * converted with {@code hyperflux convert IN OUT.zspy} and {@code OUT.hspy} (hyperflux's own
 * HDF5 writer), and HyperSpy 1.7.3 loads each conversion equal to the original {@code .hspy}: class, dtype, shape, data, axes, metadata,
 * original metadata and navigator ({@code convert/compare_with_hyperspy.py}; the only
 * normalisations are those of HyperSpy's own layout, such as tuples read back as lists). The file
 * in the current 3.3 style, which HyperSpy 1.7.3 itself cannot load ({@code "_None_"} axis
 * names), only has its conversion loaded. Skipped
 * (reported as skipped, never passed) when {@code /usr/bin/python3} cannot import HyperSpy.
 */
@EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HspyConvertHyperSpyRoundTripTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"zspy", "hspy"})
  void convertedHspyFilesLoadInHyperSpyEqualToTheOriginals(String extension) throws Exception {
    Path golden = FileFormatsCommandTest.golden("hspy");
    List<Path> originals = new ArrayList<>();
    try (Stream<Path> files = Files.list(golden)) {
      files.filter(f -> f.toString().endsWith(".hspy"))
          .filter(f -> !f.getFileName().toString().startsWith("bytes_attribute")
              && !f.getFileName().toString().startsWith("corrupt_chunk"))
          .sorted().forEach(originals::add);
    }
    assertThat(originals).hasSizeGreaterThan(10);
    List<String> args = new ArrayList<>();
    for (Path original : originals) {
      Path out = dir.resolve(original.getFileName().toString().replace(".hspy", ".out." + extension));
      StringWriter err = new StringWriter();
      CommandLine cmd = HyperfluxCommand.commandLine();
      cmd.setOut(new PrintWriter(new StringWriter(), true));
      cmd.setErr(new PrintWriter(err, true));
      assertThat(cmd.execute("convert", original.toString(), out.toString())).as(err.toString()).isZero();
      args.add(original.toString());
      args.add(out.toString());
    }
    List<String> lines = PythonHyperSpy.run(PythonHyperSpy.script("convert/compare_with_hyperspy.py"), args);
    assertThat(lines).hasSize(originals.size());
    int compared = 0;
    for (String line : lines) {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) Json.parse(line);
      String original = (String) r.get("original");
      assertThat(r.get("converted_error")).as(r.get("converted") + " loads in HyperSpy").isNull();
      if (r.get("original_error") != null) {
        // HyperSpy 1.7.3 cannot load the current (3.3) style it did not write ("_None_" axis
        // names); hyperflux reads it, and its conversion loads in 1.7.3 (checked above).
        assertThat(Path.of(original).getFileName().toString()).as((String) r.get("original_error"))
            .startsWith("current_style");
        continue;
      }
      assertThat((List<?>) r.get("differences")).as(original + " vs " + r.get("converted")).isEmpty();
      assertThat(r.get("converted_class")).as(original).isEqualTo(r.get("class"));
      compared++;
    }
    assertThat(compared).isEqualTo(originals.size() - 1);
  }
}
