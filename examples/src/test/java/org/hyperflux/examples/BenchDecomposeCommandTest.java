package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperflux bench decompose} on a tiny {@code .zspy} (the spectrum image of {@link
 * DecomposeCommandTest}): the report's structure, the quality against the exact references (svd
 * equal to itself, rsvd close, factor subspaces at a small angle), an unknown algorithm reported
 * as a row error while the others run. With HyperSpy 1.7.3 installed, its svd is timed and its
 * explained variance compared too (skipped otherwise). No timing is asserted.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BenchDecomposeCommandTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void writeTinyFile() throws Exception {
    SignalFiles.save(DecomposeCommandTest.spectrumImage(), dir.resolve("tiny.zspy"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void reportsTimesAndQualityPerAlgorithmAndErrorsForUnknownOnes() throws Exception {
    Path report = dir.resolve("report.json");
    CommandRun r = CommandRun.of("bench", "decompose", dir.toString(), "--file", "tiny.zspy",
        "--algorithms", "svd,rsvd,nope", "-n", "3", "--repeat", "2", "--json", "--out", report.toString());
    assertThat(r.exitCode()).as("a row with errors exits 1; stderr: %s", r.err()).isEqualTo(1);
    Map<String, Object> m = (Map<String, Object>) Json.parse(r.out());
    assertThat(Files.readString(report)).isEqualTo(r.out());
    assertThat(m).containsKeys("benchmark", "cores", "loadavg_start", "loadavg_end", "file", "input",
        "components", "order", "statistic", "process_command", "reference_explained_variance", "rows", "ok")
        .doesNotContainKey("hyperspy");
    List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("rows");
    assertThat(rows).extracting(x -> x.get("algorithm")).containsExactly("svd", "rsvd", "nope");

    Map<String, Object> svd = rows.get(0);
    assertThat((List<?>) svd.get("errors")).as("%s", svd).isEmpty();
    Map<String, Object> hf = (Map<String, Object>) svd.get("hyperflux");
    assertThat((List<?>) hf.get("seconds")).hasSize(2);
    assertThat((Double) hf.get("explained_variance_rel_diff")).isLessThan(1e-9);
    assertThat((Double) hf.get("max_principal_angle_deg")).isLessThan(1e-3);
    Map<String, Object> process = (Map<String, Object>) svd.get("process");
    assertThat((String) process.get("command")).contains(" decompose ").contains("--json");
    assertThat((Double) process.get("explained_variance_rel_diff")).isLessThan(1e-9);
    assertThat(svd.get("hyperspy_status")).isEqualTo("not run");

    Map<String, Object> rsvd = (Map<String, Object>) rows.get(1).get("hyperflux");
    assertThat((Double) rsvd.get("explained_variance_rel_diff")).isLessThan(1e-3);
    assertThat((Double) rsvd.get("max_principal_angle_deg")).isLessThan(1.0);

    assertThat(rows.get(2).get("errors").toString()).contains("nope", "svd");
    assertThat(BenchDecomposeCommand.table(m)).contains("svd", "rsvd", "hf EV err", "error: nope");
  }

  @Test
  @EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
  @SuppressWarnings("unchecked")
  void withHyperSpyItsSvdIsTimedAndCompared() throws Exception {
    // hs_op.py lives in the project's shared/bench, outside this repository (absent on CI).
    assumeTrue(BenchFilesCommand.findHsOp() != null,
        "shared/bench/hs_op.py is not above this checkout or the current directory");
    CommandRun r = CommandRun.of("bench", "decompose", dir.toString(), "--file", "tiny.zspy",
        "--algorithms", "svd", "--repeat", "1", "--json", "--hyperspy", "--hyperspy-timeout", "120");
    assertThat(r.exitCode()).as("stderr: %s", r.err()).isZero();
    Map<String, Object> m = (Map<String, Object>) Json.parse(r.out());
    assertThat((Map<String, Object>) m.get("hyperspy")).containsKey("hyperspy_version").doesNotContainKey("error");
    Map<String, Object> row = ((List<Map<String, Object>>) m.get("rows")).get(0);
    assertThat(row.get("hyperspy_status")).isEqualTo("ok");
    Map<String, Object> hs = (Map<String, Object>) row.get("hyperspy");
    assertThat(hs.get("process_best_s")).isNotNull();
    assertThat((Double) hs.get("explained_variance_rel_diff")).isLessThan(1e-6);
    assertThat((Double) row.get("ratio_hyperspy_to_in_process")).isPositive();
  }
}
