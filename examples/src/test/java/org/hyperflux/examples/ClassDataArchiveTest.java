package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive the file benchmarks give their processes ({@link
 * BenchChildren#useClassDataArchive}), recorded from a small jar of {@link ClassDataArchiveProbe}:
 * the classes of every recording run end up in the archive, which the JVM then maps; a failed
 * recording leaves the command as it was and no file behind; the bench records both sums of one
 * file per format; the launcher records its first two runs of a subcommand and then maps the
 * archive.
 */
class ClassDataArchiveTest {
  @TempDir
  Path dir;

  @Test
  void theArchiveHoldsTheClassesOfEveryRecordingRunAndTheJvmMapsIt() throws Exception {
    Path jar = probeJar();
    List<String> command = BenchChildren.hyperfluxCommand("-Xmx64m", jar);
    StringWriter log = new StringWriter();

    String how = BenchChildren.useClassDataArchive(command, "probe",
        List.of(List.of("a"), List.of("b")), new PrintWriter(log), "test");

    Path archive = BenchChildren.classDataArchive(jar, "probe");
    assertThat(how).startsWith(archive.toString())
        .contains("recorded with untimed runs of 'probe a', 'probe b'");
    assertThat(log.toString()).contains("use the class-data archive " + archive);
    assertThat(archive).isRegularFile();
    assertThat(filesIn(dir)).containsExactlyInAnyOrder("probe.jar", "hyperflux-probe.jsa");
    assertThat(command).containsSubsequence("-XX:SharedArchiveFile=" + archive, "-jar",
        jar.toString());

    // -Xshare:on fails rather than run without the archive; both runs' classes come from it.
    List<String> run = new ArrayList<>(command);
    run.add(run.indexOf("-jar"), "-Xshare:on");
    run.add(run.indexOf("-jar"), "-Xlog:class+load=info");
    run.addAll(List.of("probe", "a", "b"));
    ChildProcess.Run r = ChildProcess.run(run, null, 120);
    assertThat(r.exitCode()).as(r.errTail(2000)).isZero();
    assertThat(r.out()).contains(
        ClassDataArchiveProbe.A.class.getName() + " source: shared objects file",
        ClassDataArchiveProbe.B.class.getName() + " source: shared objects file");

    // An archive newer than the jar is reused as it is.
    List<String> again = BenchChildren.hyperfluxCommand("-Xmx64m", jar);
    assertThat(BenchChildren.useClassDataArchive(again, "probe", List.of(List.of("fail")),
        new PrintWriter(new StringWriter()), "test")).isEqualTo(archive + " (reused)");
  }

  @Test
  void aFailedRecordingLeavesTheCommandAsItWasAndNoFileBehind() throws Exception {
    Path jar = probeJar();
    List<String> command = BenchChildren.hyperfluxCommand("-Xmx64m", jar);
    List<String> before = List.copyOf(command);

    String how = BenchChildren.useClassDataArchive(command, "probe",
        List.of(List.of("a"), List.of("fail")), new PrintWriter(new StringWriter()), "test");

    assertThat(how).startsWith("off: recording it failed: 'probe fail' exited with 3");
    assertThat(command).isEqualTo(before);
    assertThat(filesIn(dir)).containsExactly("probe.jar");
    assertThat(BenchChildren.useClassDataArchive(command, "probe", List.of(),
        new PrintWriter(new StringWriter()), "test"))
        .isEqualTo("off: no file to record the archive with");
  }

  /**
   * The launcher records its first two runs of a subcommand, the second adding the classes it
   * loads to the archive, then only maps it; the bench re-records an archive the launcher is
   * still recording, and the launcher then maps the bench's as it is.
   */
  @Test
  void theLauncherRecordsTwoRunsThenMapsTheArchive() throws Exception {
    Path root = dir.resolve("root");
    Path target = Files.createDirectories(root.resolve("examples").resolve("target"));
    Path launcher = root.resolve("hyperflux");
    Files.copy(Path.of("..", "hyperflux"), launcher);
    launcher.toFile().setExecutable(true);
    Path jar = Files.move(probeJar(), target.resolve("hyperflux.jar"));
    Path archive = target.resolve("hyperflux-probe.jsa");
    Path runs = target.resolve("hyperflux-probe.runs");

    assertThat(launch(launcher, "probe", "a").out()).contains("a");
    assertThat(Files.readString(runs).strip()).isEqualTo("1");
    // The bench does not take an archive the launcher is still recording.
    List<String> command = BenchChildren.hyperfluxCommand("-Xmx64m", jar);
    assertThat(BenchChildren.useClassDataArchive(command, "probe", List.of(List.of("a")),
        new PrintWriter(new StringWriter()), "test")).contains("recorded with untimed runs");
    assertThat(runs).doesNotExist();

    Files.delete(archive);
    launch(launcher, "probe", "a");
    launch(launcher, "probe", "b");
    assertThat(Files.readString(runs).strip()).isEqualTo("2");
    java.nio.file.attribute.FileTime recorded = Files.getLastModifiedTime(archive);
    ChildProcess.Run mapped = launch(launcher, "probe", "a", "b");
    assertThat(Files.getLastModifiedTime(archive)).as("mapped, not recorded again").isEqualTo(recorded);
    assertThat(mapped.out()).contains(
        ClassDataArchiveProbe.A.class.getName() + " source: shared objects file",
        ClassDataArchiveProbe.B.class.getName() + " source: shared objects file");
    assertThat(BenchChildren.useClassDataArchive(command, "probe", List.of(List.of("a")),
        new PrintWriter(new StringWriter()), "test")).endsWith("(reused)");
  }

  /** Runs the launcher copy with {@code args}, class loading logged; fails unless it exits 0. */
  private static ChildProcess.Run launch(Path launcher, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("env",
        "HYPERFLUX_JAVA_OPTS=-Xmx64m -Xlog:class+load=info", launcher.toString()));
    command.addAll(List.of(args));
    ChildProcess.Run r = ChildProcess.run(command, null, 120);
    assertThat(r.exitCode()).as(r.errTail(2000)).isZero();
    return r;
  }

  @Test
  void benchFilesRecordsBothSumsOfOneExistingFileOfEachFormat() throws Exception {
    for (String name : List.of("b.zspy", "c.hspy", "d.zspy")) Files.createFile(dir.resolve(name));

    List<List<String>> runs = BenchFilesCommand.classDataRecordRuns(dir,
        List.of("a.zspy", "b.zspy", "c.hspy", "d.zspy", "e.blo"));

    assertThat(runs).containsExactly(
        List.of(dir.resolve("b.zspy").toString(), "--over", "signal"),
        List.of(dir.resolve("b.zspy").toString(), "--over", "navigation"),
        List.of(dir.resolve("c.hspy").toString(), "--over", "signal"),
        List.of(dir.resolve("c.hspy").toString(), "--over", "navigation"));
  }

  /** A jar of the probe's classes whose main class is the probe, in {@link #dir}. */
  private Path probeJar() throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS,
        ClassDataArchiveProbe.class.getName());
    Path jar = dir.resolve("probe.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Class<?> c : List.of(ClassDataArchiveProbe.class, ClassDataArchiveProbe.A.class,
          ClassDataArchiveProbe.B.class)) {
        String entry = c.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(entry));
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }

  private static List<String> filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
