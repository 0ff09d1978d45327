package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperflux bench live} at a tiny size: the simulator runs as a child process, both
 * variants report rows with every frame received, none dropped, and the checks pass.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BenchLiveCommandTest {
  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void reportsBothVariantsWithNothingDroppedAndTheChecksPassing() throws Exception {
    Path out = dir.resolve("bench.json");
    Path write = Files.createDirectories(dir.resolve("write"));
    CommandRun r = CommandRun.of("bench", "live", "--scan", "8x8", "--frame", "64x64",
        "--period", "5", "--repeat", "1", "--write-dir", write.toString(), "--out",
        out.toString(), "--json");
    assertThat(r.exitCode()).as("stderr: %s", r.err()).isZero();
    Map<String, Object> report = (Map<String, Object>) Json.parse(r.out());
    assertThat(Json.parse(Files.readString(out))).isEqualTo(report);
    assertThat(report).containsEntry("ok", true).containsEntry("frames_per_scan", 64.0)
        .containsEntry("dtype", "uint16").containsKeys("loadavg_start", "simulator_command");
    assertThat((List<?>) report.get("errors")).isEmpty();
    Map<String, Object> sim = (Map<String, Object>) report.get("simulator");
    assertThat(sim).containsEntry("exit_code", 0.0).containsEntry("frames_sent", 4 * 64.0);
    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("rows");
    assertThat(rows).extracting(m -> m.get("variant"))
        .containsExactly(BenchLiveCommand.ANALYSIS, BenchLiveCommand.WRITE);
    for (Map<String, Object> row : rows) {
      assertThat(row).containsEntry("frames", 64.0).containsEntry("dropped", 0.0)
          .containsEntry("gaps", 0.0);
      assertThat((String) row.get("checks")).startsWith("every frame arrived");
      assertThat((List<?>) row.get("runs_s")).hasSize(1);
    }
    assertThat(rows.get(0)).containsKey("goal_met");
    assertThat((Double) rows.get(1).get("file_bytes")).isPositive();
    assertThat(write).isEmptyDirectory();

    String table = BenchLiveCommand.table(report);
    assertThat(table).contains("hyperflux bench live: scan 8x8, frame 64x64 uint16")
        .contains("analysis + .zspy lz4").contains("256 frames sent").contains("checks:");
  }
}
