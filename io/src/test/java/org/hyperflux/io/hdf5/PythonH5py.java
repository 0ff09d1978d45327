package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code /usr/bin/python3} with h5py, for tests that write large files (skipped without it). */
final class PythonH5py {
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private PythonH5py() {}

  /** True when {@code /usr/bin/python3} imports h5py and numpy. */
  static boolean available() {
    if (!Files.isExecutable(PYTHON)) return false;
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import h5py, numpy")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A script under {@code src/test/resources/hdf5/}. */
  static Path script(String name) {
    try {
      return Path.of(PythonH5py.class.getResource("/hdf5/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code script} with {@code args}; its stdout lines, or an AssertionError with its output. */
  static List<String> run(Path script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    boolean done = p.waitFor(3, TimeUnit.MINUTES);
    String text = new String(out, StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
      throw new AssertionError("python did not finish; output:\n" + text);
    }
    if (p.exitValue() != 0) throw new AssertionError("python failed (" + p.exitValue() + "):\n" + text);
    return text.lines().filter(l -> !l.isEmpty()).toList();
  }
}
