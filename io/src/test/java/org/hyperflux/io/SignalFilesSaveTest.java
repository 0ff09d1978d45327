package org.hyperflux.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.RegionFunction;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.core.testing.RecordingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;

/**
 * {@link SignalFiles#save} is all-or-nothing (DESIGN §5): a save that fails halfway or is
 * cancelled leaves nothing at the target (and an existing target unchanged) and no temporary
 * file behind; an existing target is replaced only when asked; the chunks written are reported
 * to the progress listener; a directory that cannot be written fails naming the file. Each for
 * {@code .zspy} and {@code .hspy}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SignalFilesSaveTest {
  @TempDir
  Path dir;

  /** float32 (rows, 8, 16) in chunks of one row; {@code function} fills each chunk. */
  private static Signal signal(int rows, RegionFunction function) {
    GeneratedSource src = GeneratedSource.ofRegions("rows", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(rows, 8, 16), 1, 8, 16), function);
    return Signal.of(LazyArray.of(src), 1).withTitle("rows");
  }

  private static RegionFunction fill(double value) {
    return (region, out) -> {
      for (int i = 0; i < out.length(); i++) out.setDouble(i, value + region.offset(0));
    };
  }

  private List<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zspy", "hspy"})
  void anExistingFileIsReplacedOnlyWhenAsked(String ext) throws IOException {
    Path target = dir.resolve("out." + ext);
    SignalFiles.save(signal(3, fill(1)), target);
    assertThatThrownBy(() -> SignalFiles.save(signal(3, fill(7)), target))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(target.toString())
        .hasMessageContaining("already exists").hasMessageContaining("withOverwrite(true)");
    assertThat(SignalFiles.load(target).data().max().compute().getDouble()).isEqualTo(3);

    SignalFiles.save(signal(3, fill(7)), target, SaveOptions.defaults().withOverwrite(true));
    assertThat(SignalFiles.load(target).data().max().compute().getDouble()).isEqualTo(9);
    assertThat(entries()).containsExactly("out." + ext);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zspy", "hspy"})
  void aSaveFailingHalfwayLeavesNothingAtTheTargetAndAnOldFileUnchanged(String ext) throws IOException {
    RegionFunction failing = (region, out) -> {
      if (region.offset(0) == 5) throw new IllegalStateException("detector dropped row 5");
      fill(1).fill(region, out);
    };
    ExecOptions oneAtATime = ExecOptions.defaults().withParallelism(1).withPrefetch(0);
    Path target = dir.resolve("failed." + ext);
    assertThatThrownBy(() -> SignalFiles.save(signal(10, failing), target,
            SaveOptions.defaults().withExec(oneAtATime)))
        .hasStackTraceContaining("detector dropped row 5");
    assertThat(entries()).isEmpty();

    Path old = dir.resolve("old." + ext);
    SignalFiles.save(signal(2, fill(3)), old);
    assertThatThrownBy(() -> SignalFiles.save(signal(10, failing), old,
            SaveOptions.defaults().withExec(oneAtATime).withOverwrite(true)))
        .hasStackTraceContaining("detector dropped row 5");
    assertThat(entries()).containsExactly("old." + ext);
    assertThat(SignalFiles.load(old).data().shape()).isEqualTo(Shape.of(2, 8, 16));
  }

  @ParameterizedTest
  @ValueSource(strings = {"zspy", "hspy"})
  void aCancelledSaveLeavesNothingBehind(String ext) throws Exception {
    AtomicInteger written = new AtomicInteger();
    RegionFunction slow = (region, out) -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.incrementAndGet();
      fill(1).fill(region, out);
    };
    Path target = dir.resolve("cancelled." + ext);
    Disposable d = SignalFiles.saveMono(signal(200, slow), target,
        SaveOptions.defaults().withExec(ExecOptions.defaults().withParallelism(2))).subscribe();
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (written.get() < 10 && System.nanoTime() < end) Thread.sleep(5);
    assertThat(written.get()).isGreaterThanOrEqualTo(10);
    assertThat(entries()).hasSize(1).allMatch(n -> n.startsWith(".cancelled." + ext + ".") && n.endsWith(".partial"));
    d.dispose();
    while (!entries().isEmpty() && System.nanoTime() < end) Thread.sleep(10);
    assertThat(entries()).isEmpty();
    assertThat(written.get()).isLessThan(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zspy", "hspy"})
  void progressSeesEveryChunkWritten(String ext) throws IOException {
    RecordingProgress progress = new RecordingProgress();
    SignalFiles.save(signal(6, fill(0)), dir.resolve("p." + ext),
        SaveOptions.defaults().withProgress(progress));
    assertThat(progress.events("chunk")).hasSize(6);
    assertThat(progress.events("end")).hasSize(1);
    assertThat(progress.events("end").get(0).error()).isNull();
  }

  @Test
  void badTargetsFailBeforeAnythingIsWritten() {
    Signal s = signal(2, fill(0));
    assertThatThrownBy(() -> SignalFiles.saveMono(s, dir.resolve("x.tiff"), SaveOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extension '.tiff'")
        .hasMessageContaining("zspy (.zspy)");
    assertThatThrownBy(() -> SignalFiles.saveMono(s, dir.resolve("no/such/dir/x.zspy"),
            SaveOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> SignalFiles.saveMono(s, dir.resolve("x.zspy"),
            SaveOptions.defaults().withChunks(1, 8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zspy", "hspy"})
  void anUnwritableDirectoryFailsNamingTheFileAndLeavesNothing(String ext) throws IOException {
    Path locked = dir.resolve("locked");
    Files.createDirectory(locked, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("r-xr-xr-x")));
    Path probe = locked.resolve("probe");
    boolean lockedWorks;
    try {
      Files.createFile(probe);
      Files.delete(probe);
      lockedWorks = false; // root writes anyway
    } catch (IOException e) {
      lockedWorks = true;
    }
    // As root, a 0555 directory is writable; /proc takes no new files even from root.
    Path where = lockedWorks ? locked : Path.of("/proc");
    Path target = where.resolve("x." + ext);
    assertThatThrownBy(() -> SignalFiles.save(signal(3, fill(1)), target))
        .isInstanceOf(IOException.class).hasMessageContaining("x." + ext);
    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(where)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("x." + ext));
    }
  }
}
