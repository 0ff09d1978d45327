package org.hyperflux.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's {@code main} in a forked JVM with the test classpath and a given maximum heap,
 * so that a small heap is real, and returns the {@code key=value} lines it printed. Fails the
 * test, with the probe's output, if it does not exit with 0 within the time allowed.
 */
public final class ForkedProbe {
  private ForkedProbe() {}

  /** Runs {@code main} with {@code -Xmx<maxHeapMiB>m} and {@code args}; its printed values. */
  public static Map<String, String> run(Class<?> main, int maxHeapMiB, long timeoutMinutes,
      String... args) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeapMiB + "m", "-cp", classpath,
        main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) output.add(line);
      } catch (IOException e) {
        output.add("(reading the probe's output failed: " + e + ")");
      }
    }, "probe-output");
    reader.start();
    boolean exited = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
    if (!exited) process.destroyForcibly().waitFor();
    reader.join();
    assertThat(exited).as("probe finished; output:%n%s", String.join("\n", output)).isTrue();
    assertThat(process.exitValue()).as("probe exit code; output:%n%s", String.join("\n", output)).isZero();
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : output) {
      int eq = line.indexOf('=');
      if (eq > 0) values.put(line.substring(0, eq), line.substring(eq + 1));
    }
    System.out.println(main.getSimpleName() + ": " + values);
    return values;
  }
}
