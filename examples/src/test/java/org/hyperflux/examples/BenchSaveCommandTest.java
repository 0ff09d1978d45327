package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperflux bench save} on a tiny {@code .zspy} (float32, chunks that do not divide the
 * shape): the report's structure, the limit's encoded bytes, the written files read back with the
 * input's checksum, a missing file reported as a row error while the other row runs, and the work
 * directory left empty. With HyperSpy 1.7.3 installed, its file is compared too (skipped
 * otherwise). No timing is asserted.
 */
class BenchSaveCommandTest {
  private static final Shape SHAPE = Shape.of(6, 5, 40);

  @TempDir
  static Path dir;

  private static double total;

  @BeforeAll
  static void writeTinyFile() throws Exception {
    int n = (int) SHAPE.size();
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (i * 37 % 101) / 4f;
      total += values[i];
    }
    MemoryArray data = MemoryArray.split(Block.wrap(DType.FLOAT32, values),
        ChunkGrid.regular(SHAPE, 4, 3, 40));
    SignalFiles.save(Signal.of(data, 1).withTitle("tiny"), dir.resolve("tiny.zspy"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void reportsTheLimitTheSavesAndTheirFilesReadBackAndErrorsForMissingFiles() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    CommandRun r = CommandRun.of("bench", "save", dir.toString(), "--files",
        "tiny.zspy,missing.zspy", "--repeat", "2", "--json", "--work", work.toString());
    assertThat(r.exitCode()).as("a row with errors exits 1; stderr: %s", r.err()).isEqualTo(1);
    Map<String, Object> report = (Map<String, Object>) Json.parse(r.out());
    assertThat(report).containsKeys("benchmark", "cores", "deflate_level", "loadavg_start",
        "loadavg_end", "order", "statistic", "limit_definition", "goals", "process_command",
        "process_class_data_archive", "rows", "ok").doesNotContainKey("hyperspy");
    assertThat(report.get("deflate_level")).isEqualTo(4.0);
    assertThat((String) report.get("process_class_data_archive")).startsWith("off: ");

    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("rows");
    assertThat(rows).extracting(m -> m.get("file")).containsExactly("tiny.zspy", "missing.zspy");
    Map<String, Object> row = rows.get(0);
    assertThat((List<?>) row.get("errors")).as("%s", row).isEmpty();
    assertThat((Double) row.get("input_checksum")).isCloseTo(total, offset(1e-3));
    Map<String, Object> limit = (Map<String, Object>) row.get("limit");
    assertThat(limit.get("chunks")).isEqualTo(4.0);
    assertThat(limit.get("decoded_bytes")).isEqualTo(SHAPE.size() * 4.0);
    assertThat((Double) limit.get("encoded_bytes")).isPositive();
    assertThat((List<?>) limit.get("seconds")).hasSize(2);
    Map<String, Object> hf = (Map<String, Object>) row.get("hyperflux");
    assertThat((Double) hf.get("file_bytes")).isPositive();
    Map<String, Object> process = (Map<String, Object>) row.get("process");
    assertThat((String) process.get("command")).contains(" convert ").contains("--json");
    assertThat((Double) process.get("peak_rss_mb")).isPositive();
    Map<String, Object> file = (Map<String, Object>) row.get("hyperflux_file");
    assertThat(file.get("checksum_equal")).isEqualTo(true);
    assertThat(file.get("checksum")).isEqualTo(row.get("input_checksum"));
    assertThat((Double) file.get("bytes")).isPositive();
    assertThat(((Map<String, Object>) row.get("goals_met"))).containsKeys("ratio_in_process_to_limit");

    assertThat(rows.get(1).get("errors").toString()).contains("missing.zspy");
    // The saved files are replaced run by run; the given work directory keeps only them.
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".hspy"));
    }
  }

  @Test
  @EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
  @SuppressWarnings("unchecked")
  void withHyperSpyItsFileIsReadBackAndTheSizesCompared() throws Exception {
    CommandRun r = CommandRun.of("bench", "save", dir.toString(), "--files",
        "tiny.zspy", "--repeat", "1", "--json", "--hyperspy");
    assertThat(r.exitCode()).as("stderr: %s", r.err()).isZero();
    Map<String, Object> report = (Map<String, Object>) Json.parse(r.out());
    assertThat((Map<String, Object>) report.get("hyperspy")).containsKey("hyperspy_version")
        .doesNotContainKey("error");
    Map<String, Object> row = ((List<Map<String, Object>>) report.get("rows")).get(0);
    Map<String, Object> hsFile = (Map<String, Object>) row.get("hyperspy_file");
    assertThat(hsFile.get("checksum_equal")).isEqualTo(true);
    assertThat((Double) row.get("size_ratio")).isPositive();
    assertThat((Double) row.get("ratio_hyperspy_to_process")).isPositive();
    assertThat(((Map<String, Object>) row.get("hyperspy")).get("process_best_s")).isNotNull();
  }
}
