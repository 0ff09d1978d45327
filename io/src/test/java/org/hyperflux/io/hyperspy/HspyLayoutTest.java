package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.hyperflux.core.testing.PythonHyperSpy;

/**
 * A {@code .hspy} written by HyperSpy 1.7.3, loaded and saved again by hyperflux, has the very
 * same structure: {@code h5dump -H} prints the same groups, attributes and datasets with the same
 * datatypes (variable-length UTF-8 strings, the enum booleans, int64, float64, uint16) and
 * dataspaces. (Storage differs where HyperSpy's choice does not matter to readers: hyperflux
 * stores the small metadata arrays contiguous, HyperSpy chunked and deflated.) Skipped when
 * HyperSpy or {@code h5dump} is absent.
 */
@EnabledIf("org.hyperflux.io.hyperspy.HspyLayoutTest#toolsAvailable")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HspyLayoutTest {
  private static final Path H5DUMP = Path.of("/usr/bin/h5dump");

  @TempDir
  Path dir;

  static boolean toolsAvailable() {
    return Files.isExecutable(H5DUMP) && PythonHyperSpy.available();
  }

  @Test
  void aHyperSpyFileSavedAgainByHyperfluxHasTheSameStructure() throws Exception {
    Path reference = dir.resolve("reference.hspy");
    Path script;
    try {
      script = Path.of(getClass().getResource("/hspy/write_reference_with_hyperspy.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    PythonHyperSpy.run(script, List.of(reference.toString()));
    Path ours = dir.resolve("ours.hspy");
    SignalFiles.save(SignalFiles.load(reference), ours);
    String theirs = structure(reference);
    assertThat(theirs).contains("H5T_ENUM").contains("_sig_navigator").contains("_list_strs");
    assertThat(structure(ours)).isEqualTo(theirs);
  }

  /** {@code h5dump -H} without its first line (which names the file). */
  private String structure(Path file) throws Exception {
    Path out = Files.createTempFile(dir, "h5dump", ".txt");
    Process p = new ProcessBuilder(H5DUMP.toString(), "-H", file.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text.substring(text.indexOf('\n') + 1);
  }
}
