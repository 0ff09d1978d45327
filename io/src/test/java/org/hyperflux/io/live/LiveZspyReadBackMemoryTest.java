package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading back what the live writer wrote, in a small heap (DESIGN §3: the plan costs every byte).
 * A 512 MiB uncompressed {@code .zspy} of one-row chunks of 32 MiB (16 × 256 frames of 256 × 256
 * uint16): reading one chunk holds its file's 32 MiB and its 32 MiB block. The plan used to cost
 * only the block, so with a budget of 80% of a 96 MiB heap it ran and died reading the first
 * chunk ({@code SourceReadException: Java heap space}); now it fails when built, saying what it
 * needs, and with a heap that holds two chunks in flight the sum completes.
 */
class LiveZspyReadBackMemoryTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void summingBackAFileOfChunksLargerThanAThirdOfTheHeapFailsAtBuildTimeOrCompletes() throws Exception {
    Map<String, String> w = ForkedProbe.run(LiveZspyMemoryProbe.class, 512, 3, dir.toString(),
        "16", "256", "256", "64", "check", "none");
    assertThat(w.get("complete")).isEqualTo("true");
    assertThat(Long.parseLong(w.get("bytesStored"))).isEqualTo(512L << 20);

    Map<String, String> small = ForkedProbe.run(ZspySumProbe.class, 96, 3, w.get("file"), "all", "0.8");
    assertThat(small.get("error")).isEqualTo("org.hyperflux.core.exec.PlanException");
    assertThat(small.get("message")).contains("per chunk").doesNotContain("heap space");
    // 2 x (32 MiB stored + 32 MiB decoded) costed, not 2 x 32 MiB.
    assertThat(small.get("message")).containsPattern("x 6[0-9]{7} per chunk");

    Map<String, String> large = ForkedProbe.run(ZspySumProbe.class, 200, 3, w.get("file"), "all", "0.8");
    assertThat(large.get("error")).isNull();
    assertThat(Double.parseDouble(large.get("sum"))).isEqualTo(Double.parseDouble(w.get("sumSent")));
    assertThat(Long.parseLong(large.get("peakHeapUsed"))).isLessThan(200L << 20);
  }
}
