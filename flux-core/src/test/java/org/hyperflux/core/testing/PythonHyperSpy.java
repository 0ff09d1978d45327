package org.hyperflux.core.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code /usr/bin/python3} with HyperSpy 1.7.3, for the tests of every module that
 * compare with HyperSpy: {@link #available()} is their JUnit condition (they are skipped, never
 * passed, when it is absent), {@link #run} runs a script and returns its JSON lines.
 */
public final class PythonHyperSpy {
  public static final Path PYTHON = Path.of("/usr/bin/python3");

  private PythonHyperSpy() {}

  /** True when {@code /usr/bin/python3} imports {@code hyperspy.api} (the test is skipped otherwise). */
  public static boolean available() {
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

  /** A script among the test resources on the class path, e.g. {@code convert/compare_with_hyperspy.py}. */
  public static Path script(String name) {
    try {
      return Path.of(PythonHyperSpy.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code script} with {@code args}; its stdout lines that start with '{', or an AssertionError with its output. */
  public static List<String> run(Path script, List<String> args) throws IOException, InterruptedException {
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
