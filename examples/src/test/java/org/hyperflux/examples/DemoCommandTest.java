package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Runs {@code hyperflux demo} on small data and checks what it prints against plain loops. */
class DemoCommandTest {
  private static final int SY = 16;
  private static final int SX = 16;
  private static final int H = 64;
  private static final int W = 64;

  /** Plain-loop results over {@link SyntheticStem#valueAt}. */
  static final class Reference {
    final long[] navigator = new long[SY * SX];
    final double[] mean = new double[H * W];
    final double[] std = new double[H * W];
    long total;

    Reference() {
      SyntheticStem stem = new SyntheticStem(SY, SX, H, W);
      double[] sum = new double[H * W];
      for (int y = 0; y < SY; y++) {
        for (int x = 0; x < SX; x++) {
          for (int ky = 0; ky < H; ky++) {
            for (int kx = 0; kx < W; kx++) {
              int v = stem.valueAt(y, x, ky, kx);
              navigator[y * SX + x] += v;
              sum[ky * W + kx] += v;
            }
          }
        }
      }
      for (long v : navigator) total += v;
      for (int p = 0; p < H * W; p++) mean[p] = sum[p] / (SY * SX);
      // Two-pass population standard deviation of value * GAIN.
      double[] m2 = new double[H * W];
      for (int y = 0; y < SY; y++) {
        for (int x = 0; x < SX; x++) {
          for (int ky = 0; ky < H; ky++) {
            for (int kx = 0; kx < W; kx++) {
              int p = ky * W + kx;
              double d = stem.valueAt(y, x, ky, kx) * DemoCommand.GAIN - mean[p] * DemoCommand.GAIN;
              m2[p] += d * d;
            }
          }
        }
      }
      for (int p = 0; p < H * W; p++) std[p] = Math.sqrt(m2[p] / (SY * SX));
    }
  }

  private static final Reference REF = new Reference();

  private static Matcher find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("output contains /%s/:%n%s", regex, text).isTrue();
    return m;
  }

  @ParameterizedTest(name = "chunk options [{0}]")
  @ValueSource(strings = {"", "--chunk 5x7", "--chunk 3x16x64x20", "--chunk 16x16"})
  void printsWhatPlainLoopsCompute(String chunkArgs) {
    String args = "demo --scan 16x16 --frame 64x64 --budget 16m " + chunkArgs;
    CommandRun r = CommandRun.of(args.trim().split(" +"));
    assertThat(r.exitCode()).as("stderr: %s", r.err()).isZero();
    String out = r.out();

    Matcher nav = find(out,
        "result : uint64 \\(16, 16\\)  min=(\\d+) at \\((\\d+), (\\d+)\\)  max=(\\d+) at \\((\\d+),"
            + " (\\d+)\\)  sum=(\\d+)");
    int argmin = 0;
    int argmax = 0;
    for (int i = 0; i < REF.navigator.length; i++) {
      if (REF.navigator[i] < REF.navigator[argmin]) argmin = i;
      if (REF.navigator[i] > REF.navigator[argmax]) argmax = i;
    }
    assertThat(Long.parseLong(nav.group(1))).isEqualTo(REF.navigator[argmin]);
    assertThat(Integer.parseInt(nav.group(2)) * SX + Integer.parseInt(nav.group(3))).isEqualTo(argmin);
    assertThat(Long.parseLong(nav.group(4))).isEqualTo(REF.navigator[argmax]);
    assertThat(Integer.parseInt(nav.group(5)) * SX + Integer.parseInt(nav.group(6))).isEqualTo(argmax);
    assertThat(Long.parseLong(nav.group(7))).isEqualTo(REF.total);

    Matcher mean = find(out,
        "result : float64 \\(64, 64\\)  brightest_pixel=([0-9.]+) at \\((\\d+), (\\d+)\\)  mean=([0-9.]+)");
    double refMax = java.util.Arrays.stream(REF.mean).max().orElseThrow();
    assertThat(Double.parseDouble(mean.group(1))).isCloseTo(refMax, within(1e-6));
    // Ties may break either way: the printed position must hold the maximum too.
    int at = Integer.parseInt(mean.group(2)) * W + Integer.parseInt(mean.group(3));
    assertThat(REF.mean[at]).isCloseTo(refMax, within(1e-6));
    assertThat(Double.parseDouble(mean.group(4)))
        .isCloseTo((double) REF.total / (SY * SX) / (H * W), within(1e-6));

    Matcher std = find(out,
        "result : float32 \\(64, 64\\)  largest_std=([0-9.]+) at \\((\\d+), (\\d+)\\)  mean=([0-9.]+)");
    double refStdMax = java.util.Arrays.stream(REF.std).max().orElseThrow();
    assertThat(Double.parseDouble(std.group(1))).isCloseTo(refStdMax, within(refStdMax * 1e-4));
    int stdAt = Integer.parseInt(std.group(2)) * W + Integer.parseInt(std.group(3));
    assertThat(REF.std[stdAt]).isCloseTo(refStdMax, within(refStdMax * 1e-4));
    double refStdMean = java.util.Arrays.stream(REF.std).average().orElseThrow();
    assertThat(Double.parseDouble(std.group(4))).isCloseTo(refStdMean, within(refStdMean * 1e-4));

    // The report: data, plans against the budget, rates and the total.
    assertThat(out).contains("uint16 (16, 16, 64, 64) = 2.0 MiB");
    assertThat(out).containsPattern("plan   : .*peak \\d+ of 16777216 B budget");
    assertThat(out).containsPattern("time   : 2\\.0 MiB in [0-9.]+ s = [0-9.]+ GB/s");
    assertThat(out).containsPattern("total  : 3 reads of 2\\.0 MiB = 6\\.0 MiB in");
  }

  @Test
  void aBudgetTooSmallFailsBeforeReadingAndSaysWhy() {
    CommandRun r = CommandRun.of("demo", "--scan", "16x16", "--frame", "64x64", "--budget", "1k");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("hyperflux demo:").contains("budget");
    assertThat(r.out()).doesNotContain("result :");
  }

  @Test
  void badOptionsAreUsageErrors() {
    CommandRun r = CommandRun.of("demo", "--scan", "16x16x2");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--scan needs 2 extents");
    CommandRun s = CommandRun.of("demo", "--budget", "lots");
    assertThat(s.exitCode()).isEqualTo(2);
    assertThat(s.err()).contains("'lots' is not a size");
  }

  @Test
  void topLevelCommandNeedsASubcommandAndKnowsItsVersion() {
    CommandRun none = CommandRun.of();
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("Missing required subcommand").contains("demo").contains("bench");
    CommandRun version = CommandRun.of("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("hyperflux 0.1.0-SNAPSHOT").contains("Java 17");
  }
}
