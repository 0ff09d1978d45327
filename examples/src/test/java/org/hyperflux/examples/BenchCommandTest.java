package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hyperflux bench} on a tiny size: valid JSON with every expected key, and agreeing totals. */
class BenchCommandTest {
  @Test
  void printsAndWritesAJsonReport(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bench.json");
    CommandRun r = CommandRun.of(
        "bench", "--size", "2m", "--repeat", "2", "--budget", "64m", "--out", file.toString());
    assertThat(r.exitCode()).as("stderr: %s", r.err()).isZero();
    assertThat(Files.readString(file)).isEqualTo(r.out());

    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) Json.parse(r.out());
    assertThat(report).containsKeys("benchmark", "version", "java", "cores", "heap_max_bytes",
        "budget_bytes", "shape", "dtype", "input_bytes", "repeat", "warmup_runs", "statistic",
        "units", "gc", "results", "baseline", "ratio_definition", "ratios", "totals_agree");
    // 2 MiB = 16 frames of 256 x 256 uint16.
    assertThat(report.get("shape")).isEqualTo(List.of(1.0, 16.0, 256.0, 256.0));
    assertThat(report.get("input_bytes")).isEqualTo((double) (2 << 20));
    assertThat(report.get("budget_bytes")).isEqualTo((double) (64 << 20));
    assertThat(report.get("totals_agree")).isEqualTo(true);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) report.get("results");
    assertThat(results).extracting(m -> m.get("name")).containsExactly(
        "generated/chunks_32MiB/navigator", "generated/chunks_32MiB/sum_frame",
        "memory/chunks_1MiB/navigator", "memory/chunks_1MiB/sum_frame",
        "memory/chunks_32MiB/navigator", "memory/chunks_32MiB/sum_frame");
    for (Map<String, Object> m : results) {
      assertThat(m).containsKeys("source", "chunks", "chunk_shape", "chunk_bytes", "operation",
          "result", "input_bytes", "seconds", "gbps", "gbps_median", "plan_peak_bytes",
          "heap_before_bytes", "heap_peak_bytes", "heap_peak_after_gc_bytes", "total");
      assertThat((List<?>) m.get("seconds")).hasSize(2);
      assertThat((Double) m.get("gbps")).isPositive();
      assertThat((Double) m.get("plan_peak_bytes")).isLessThanOrEqualTo(64 << 20);
    }
    assertThat(results.get(2).get("chunk_bytes")).isEqualTo((double) (1 << 20));
    assertThat(results.get(2).get("operation")).isEqualTo("sum(2, 3)");
    assertThat(results.get(3).get("result")).isEqualTo("uint64(256, 256)");
    // Every total is the plain loop's.
    Object total = results.get(0).get("total");
    assertThat(results).allSatisfy(m -> assertThat(m.get("total")).isEqualTo(total));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> baseline = (List<Map<String, Object>>) report.get("baseline");
    assertThat(baseline).hasSize(2).allSatisfy(b -> {
      assertThat(b).containsKeys("name", "chunks", "chunk_bytes", "input_bytes", "seconds",
          "single_thread_gbps", "single_thread_gbps_median", "cores_x_single_thread_gbps", "total");
      assertThat(b.get("total")).isEqualTo(total);
    });
    @SuppressWarnings("unchecked")
    Map<String, Object> ratios = (Map<String, Object>) report.get("ratios");
    assertThat(ratios).containsOnlyKeys(
        "navigator_1MiB", "sum_frame_1MiB", "navigator_32MiB", "sum_frame_32MiB");
    assertThat(ratios.values()).allSatisfy(v -> assertThat((Double) v).isPositive());
  }
}
