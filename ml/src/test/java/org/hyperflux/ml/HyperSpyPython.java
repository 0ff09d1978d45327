package org.hyperflux.ml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code /usr/bin/python3} with HyperSpy 1.7.3 for the ml tests that compare with
 * files HyperSpy writes; {@link #available()} is their JUnit condition (skipped when absent). The
 * io module's tests have the same runner; ml does not see io's test classes.
 */
final class HyperSpyPython {
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private HyperSpyPython() {}

  /** True when {@code /usr/bin/python3} imports {@code hyperspy.api}. */
  static boolean available() {
    if (!Files.isExecutable(PYTHON)) return false;
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import hyperspy.api")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code script} with {@code args}; its stdout lines starting with '{', or an AssertionError with its output. */
  static List<String> run(Path script, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
    command.addAll(args);
    Path errors = Files.createTempFile("hyperspy-", ".stderr");
    try {
      Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      boolean done = p.waitFor(3, TimeUnit.MINUTES);
      String text = new String(out, StandardCharsets.UTF_8);
      if (!done) {
        p.destroyForcibly();
        throw new AssertionError("python did not finish; output:\n" + text);
      }
      if (p.exitValue() != 0) {
        String err = Files.readString(errors, StandardCharsets.UTF_8);
        String tail = err.length() > 1500 ? err.substring(err.length() - 1500) : err;
        throw new AssertionError("python failed (" + p.exitValue() + "): " + command + "\n" + text
            + "\nstandard error (end):\n" + tail);
      }
      return text.lines().filter(l -> l.startsWith("{")).toList();
    } finally {
      Files.deleteIfExists(errors);
    }
  }
}
