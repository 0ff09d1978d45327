package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperflux bench files} and {@code hyperflux sum} on a tiny {@code .zspy} written with
 * {@link SignalFiles#save} (uint16, chunks that do not divide the shape, values above 32767):
 * the report's structure, every checksum equal to a plain-loop total, and a missing file and a
 * file of no known format reported as row errors while the other rows run. No timing is asserted.
 * HyperSpy is not run (its columns are absent without {@code --hyperspy}).
 */
class BenchFilesCommandTest {
  private static final Shape SHAPE = Shape.of(5, 6, 5, 7);

  @TempDir
  static Path dir;

  private static long total;

  @BeforeAll
  static void writeTinyFile() throws Exception {
    int n = (int) SHAPE.size();
    short[] values = new short[n];
    for (int i = 0; i < n; i++) {
      values[i] = (short) ((i * 7919L + 40000) % 65536);
      total += values[i] & 0xFFFF;
    }
    MemoryArray data = MemoryArray.split(Block.wrap(DType.UINT16, values),
        ChunkGrid.regular(SHAPE, 3, 4, 5, 7));
    SignalFiles.save(Signal.of(data, 2).withTitle("tiny"), dir.resolve("tiny.zspy"));
    Files.writeString(dir.resolve("notes.txt"), "not a signal\n");
  }

  @Test
  @SuppressWarnings("unchecked")
  void reportsEveryRowWithChecksumsEqualToAPlainLoopAndErrorsForBadFiles() throws Exception {
    Path out = dir.resolve("report.json");
    CommandRun r = CommandRun.of("bench", "files", dir.toString(), "--files",
        "tiny.zspy,missing.zspy,notes.txt", "--repeat", "2", "--json", "--out", out.toString());
    assertThat(r.exitCode()).as("rows with errors exit 1; stderr: %s", r.err()).isEqualTo(1);
    assertThat(Files.readString(out)).isEqualTo(r.out());

    Map<String, Object> report = (Map<String, Object>) Json.parse(r.out());
    assertThat(report).containsKeys("benchmark", "version", "java", "os", "cores",
        "heap_max_bytes", "budget_bytes", "loadavg_start", "loadavg_end", "dir", "repeat",
        "warmup_runs", "order", "statistic", "units", "limit_definition", "process_command", "rss_source",
        "goals", "rows", "ok").doesNotContainKey("hyperspy");
    assertThat(report.get("ok")).isEqualTo(false);
    assertThat((List<Object>) report.get("process_command")).contains(BenchFilesCommand.SUM_JAVA_OPTIONS);
    // Tests run from the class path: there is no jar for a class-data archive to match.
    assertThat((String) report.get("process_class_data_archive"))
        .isEqualTo("off: the processes run from a class path, not a jar");

    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("rows");
    assertThat(rows).extracting(m -> m.get("file") + " " + m.get("op")).containsExactly(
        "tiny.zspy navsum", "tiny.zspy sigsum", "missing.zspy navsum", "missing.zspy sigsum",
        "notes.txt navsum", "notes.txt sigsum");

    for (Map<String, Object> row : rows.subList(0, 2)) {
      assertThat((List<?>) row.get("errors")).as("%s", row).isEmpty();
      assertThat(row).containsKeys("path", "loadavg", "stored_bytes", "input", "dtype",
          "input_bytes", "hyperflux", "limit", "ratio_in_process_to_limit", "process",
          "checksums_equal", "goals_met").doesNotContainKeys("hyperspy",
          "ratio_hyperspy_to_process", "rss_ratio");
      assertThat(row.get("dtype")).isEqualTo("uint16");
      assertThat(row.get("input_bytes")).isEqualTo((double) SHAPE.size() * 2);
      assertThat((Double) row.get("stored_bytes")).isPositive();
      assertThat(row.get("checksums_equal")).isEqualTo(true);

      Map<String, Object> hf = (Map<String, Object>) row.get("hyperflux");
      assertThat(hf).containsKeys("result", "result_dtype", "checksum", "first_s", "seconds",
          "best_s", "median_s");
      assertThat(hf.get("checksum")).isEqualTo((double) total);
      assertThat(hf.get("result_dtype")).isEqualTo("uint64");
      assertThat((List<?>) hf.get("seconds")).hasSize(2);

      Map<String, Object> limit = (Map<String, Object>) row.get("limit");
      assertThat(limit).containsKeys("threads", "sources", "chunks", "decoded_bytes", "first_s",
          "seconds", "best_s", "median_s", "gbps");
      assertThat(limit.get("chunks")).isEqualTo(4.0);
      assertThat(limit.get("sources")).isEqualTo(1.0);
      assertThat(limit.get("decoded_bytes")).isEqualTo((double) SHAPE.size() * 2);

      Map<String, Object> process = (Map<String, Object>) row.get("process");
      assertThat(process).containsKeys("command", "checksum", "seconds", "best_s", "median_s",
          "in_process_seconds", "in_process_best_s", "peak_rss_mb");
      assertThat(process.get("checksum")).isEqualTo((double) total);
      assertThat((String) process.get("command")).contains(" sum ").contains("tiny.zspy")
          .endsWith(row.get("op").equals("navsum") ? "--over signal" : "--over navigation");
      assertThat((Map<String, Object>) row.get("goals_met")).containsOnlyKeys("in_process_to_limit");
    }
    assertThat(((Map<?, ?>) rows.get(0).get("hyperflux")).get("result")).isEqualTo("uint64 (6, 5|)");
    assertThat(((Map<?, ?>) rows.get(1).get("hyperflux")).get("result")).isEqualTo("uint64 (|7, 5)");

    for (Map<String, Object> row : rows.subList(2, 4)) {
      assertThat((List<String>) row.get("errors")).singleElement().asString()
          .startsWith("no such file: ").endsWith("missing.zspy");
    }
    for (Map<String, Object> row : rows.subList(4, 6)) {
      assertThat((List<String>) row.get("errors")).singleElement().asString()
          .contains("hyperflux cannot load").contains("notes.txt").contains("Unknown file format");
      assertThat(row.get("hyperflux")).isNull();
      assertThat(row.get("process")).isNull();
      assertThat(row.get("checksums_equal")).isNull();
    }

    String table = BenchFilesCommand.table(report);
    assertThat(table).contains("tiny.zspy     navsum").contains("equal")
        .contains("error: missing.zspy navsum: no such file")
        .contains("error: notes.txt sigsum: hyperflux cannot load").doesNotContain("HS proc");
  }

  @Test
  void sumPrintsOneJsonLineWithThePlainLoopChecksum() {
    for (String over : List.of("signal", "navigation")) {
      CommandRun r = CommandRun.of("sum", dir.resolve("tiny.zspy").toString(),
          "--over", over);
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out().strip()).doesNotContain("\n");
      @SuppressWarnings("unchecked")
      Map<String, Object> line = (Map<String, Object>) Json.parse(r.out());
      assertThat(line).containsKeys("file", "op", "input", "result", "checksum", "load_s",
          "wall_s", "peak_rss_mb");
      assertThat(line.get("op")).isEqualTo(over.equals("signal") ? "navsum" : "sigsum");
      assertThat(line.get("checksum")).isEqualTo((double) total);
    }
  }

  @Test
  void sumRejectsAMissingFileAndABadAxisGroupWithExitCode2() {
    CommandRun missing = CommandRun.of("sum", dir.resolve("missing.zspy").toString(),
        "--over", "signal");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or directory");
    CommandRun bad = CommandRun.of("sum", dir.resolve("tiny.zspy").toString(),
        "--over", "frames");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("'signal' or 'navigation'").contains("frames");
    CommandRun unknown = CommandRun.of("sum", dir.resolve("notes.txt").toString(),
        "--over", "signal");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown file format");
  }

  @Test
  void theChecksumAddsAsNumpyDoes() {
    // numpy 1.24: a = [(i * 0.1 if i % 3 else -i * 1.37e-3) for i in range(1000)] as float64 of
    // shape (10, 100); float(a.sum()) == 33038.13879, while a plain left-to-right sum gives
    // 33038.138790000005.
    double[] a = new double[1000];
    for (int i = 0; i < a.length; i++) a[i] = i % 3 != 0 ? i * 0.1 : -i * 1.37e-3;
    MemoryArray m = MemoryArray.of(Shape.of(10, 100), Block.wrap(DType.FLOAT64, a));
    assertThat(FileOp.checksum(m)).isEqualTo(33038.13879);
    double plain = 0;
    for (double v : a) plain += v;
    assertThat(plain).isEqualTo(33038.138790000005);
    // float32 results are widened first: float(np.asarray(b, float64).sum()) for
    // b = float32(arange(1, 33)).reshape(4, 8) / float32(7).
    float[] b = new float[32];
    for (int i = 0; i < b.length; i++) b[i] = (float) (i + 1) / 7f;
    assertThat(FileOp.checksum(MemoryArray.of(Shape.of(4, 8), Block.wrap(DType.FLOAT32, b))))
        .isEqualTo(75.42857129871845);
  }

  @Test
  void theLauncherGivesSumTheJvmOptionsTheBenchmarkUses() throws Exception {
    String launcher = Files.readString(Path.of("..", "hyperflux"));
    assertThat(launcher).contains("sum) java_opts=(" + BenchFilesCommand.SUM_JAVA_OPTIONS + ") ;;");
    // ... and the class-data archive it records for sum is the one the benchmark uses.
    assertThat(launcher).contains("archive=\"$root/examples/target/hyperflux-$command_name.jsa\"");
    assertThat(launcher).contains("runs_file=\"$root/examples/target/hyperflux-$command_name.runs\"")
        .contains("recorded_runs=" + BenchChildren.LAUNCHER_RECORDED_RUNS + "\n");
    assertThat(BenchChildren.classDataArchive(Path.of("x", "hyperflux.jar"), "sum"))
        .isEqualTo(Path.of("x", "hyperflux-sum.jsa"));
  }
}
