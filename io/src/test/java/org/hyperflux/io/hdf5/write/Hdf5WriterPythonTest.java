package org.hyperflux.io.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the writer produces open cleanly in libhdf5 (1.10 on Debian) through h5py and h5dump:
 * forty cases drawn with a fixed seed from {@link WriterCases} (every dtype, rank 1 to 4, chunks
 * that do not divide the shape, multi-level chunk B-trees, trees of attributes) and one dataset of
 * 4 200 chunks (a three-level B-tree), deflate levels 0 to 9, and 70 000 strings besides a 400 kB
 * one (several global heap collections). h5py visits every object and reads
 * every attribute and dataset, which must equal what was written (data compared by SHA-256 of
 * the little-endian bytes, floats by their bits); {@code h5dump} prints every file and exits 0.
 * All files go to one python and one h5dump process. Each check is skipped (never passed) when
 * {@code /usr/bin/python3} lacks h5py or {@code h5dump} is absent.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class Hdf5WriterPythonTest {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path H5DUMP = Path.of("/usr/bin/h5dump");
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();

  @TempDir
  static Path dir;
  private static final Map<Path, Map<String, Object>> EXPECTED = new LinkedHashMap<>();

  static boolean h5pyAvailable() {
    return Files.isExecutable(PYTHON) && exitCode(List.of(PYTHON.toString(), "-c", "import h5py, numpy")) == 0;
  }

  static boolean h5dumpAvailable() {
    return Files.isExecutable(H5DUMP);
  }

  private static int exitCode(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @BeforeAll
  static void writeFiles() throws IOException {
    List<WriterCases.Case> cases = new ArrayList<>();
    JqwikSession.run(() -> {
      Random random = new Random(20261126);
      var generator = WriterCases.cases().generator(1000);
      for (int i = 0; i < 40; i++) cases.add(generator.next(random).value());
    });
    cases.add(new WriterCases.Case(new long[] {4200}, org.hyperflux.core.array.DType.UINT16,
        new int[] {1}, 7, Map.of("deep", Map.of("er", Map.of("est", true))), List.of("a")));
    for (int i = 0; i < cases.size(); i++) {
      Path file = dir.resolve("case" + i + ".h5");
      WriterCases.write(cases.get(i), file, i % 10);
      EXPECTED.put(file, WriterCases.expectedH5py(cases.get(i)));
    }
    // 70 000 strings and one of 400 kB: several global heap collections.
    Path strings = dir.resolve("strings.h5");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 70_000; i++) many.add("s" + i);
    String large = "\u00e9".repeat(200_000);
    try (Hdf5Writer w = Hdf5Writer.create(strings, 4)) {
      w.root().writeStrings("many", many);
      w.root().writeAttributes(Map.of("large", large));
      w.finish();
    }
    EXPECTED.put(strings, Map.of(
        "/", Map.of("attrs", Map.of("large", List.of("str", large)), "kind", "group"),
        "/many", Map.of("attrs", Map.of(), "kind", "dataset", "shape", List.of(many.size()),
            "dtype", "str", "strings", many)));
  }

  @Test
  @EnabledIf("h5pyAvailable")
  void h5pyReadsEveryObjectAsWritten() throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script().toString()));
    for (Path p : EXPECTED.keySet()) command.add(p.toString());
    List<String> lines = run(command);
    assertThat(lines).hasSize(EXPECTED.size());
    for (String line : lines) {
      JsonNode seen = JSON.readTree(line);
      Path file = Path.of(seen.get("file").asText());
      JsonNode want = JSON.readTree(JSON.writeValueAsString(EXPECTED.get(file)));
      assertThat(seen.get("objects")).as(file.toString()).isEqualTo(want);
    }
  }

  @Test
  @EnabledIf("h5dumpAvailable")
  void h5dumpPrintsEveryFile() throws Exception {
    List<String> command = new ArrayList<>(List.of(H5DUMP.toString()));
    for (Path p : EXPECTED.keySet()) command.add(p.toString());
    List<String> lines = run(command);
    assertThat(lines).anyMatch(l -> l.contains("DATASET \"data\""));
  }

  private static Path script() {
    try {
      return Path.of(Hdf5WriterPythonTest.class.getResource("/hdf5/write/describe_with_h5py.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code command}; its stdout lines, or an AssertionError with its output and exit code. */
  static List<String> run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean done = p.waitFor(3, TimeUnit.MINUTES);
    String text = Files.readString(out, StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
      throw new AssertionError(command.get(0) + " did not finish; output:\n" + tail(text));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(command.get(0) + " failed (" + p.exitValue() + "):\n" + tail(text));
    }
    return text.lines().filter(l -> !l.isEmpty()).toList();
  }

  private static String tail(String text) {
    return text.length() > 8000 ? "..." + text.substring(text.length() - 8000) : text;
  }
}
