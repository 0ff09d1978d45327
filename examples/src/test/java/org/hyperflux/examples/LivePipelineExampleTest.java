package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hyperflux.io.live.LiveZspyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link LivePipelineExample} at a small size: it runs, and its offline check holds. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LivePipelineExampleTest {
  @TempDir
  Path dir;

  @Test
  void theComposedPipelineRunsAndTheOfflineAnalysisEqualsTheLiveOne() throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    LivePipelineExample.Result r;
    try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      r = LivePipelineExample.run(dir, 8, 8, 32, 400, out);
    }
    String printed = text.toString(StandardCharsets.UTF_8);
    assertThat(r.report().complete()).as(printed).isTrue();
    assertThat(r.report().framesDropped()).isZero();
    assertThat(r.file().complete()).isTrue();
    assertThat(LiveZspyFiles.isComplete(dir.resolve("live.zspy"))).isTrue();
    assertThat(r.equal()).as(printed).isTrue();
    assertThat(r.rowMaxima()).hasSize(8);
    assertThat(java.util.Arrays.stream(r.rowMaxima()).min().getAsLong()).isPositive();
    long covered = r.live().detector("vbf").accepted();
    assertThat(covered).as("the replaced mask's image covers the second half only").isPositive()
        .isLessThan(64);
    assertThat(r.live().detector("upper").accepted()).isEqualTo(64);
    assertThat(printed).contains("row 7 complete").contains("replaced the vbf disc")
        .contains("offline analysis of the file equals the live one");
  }
}
