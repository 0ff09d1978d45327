package org.hyperflux.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Progress;
import org.hyperflux.core.exec.ProgressListener;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SignalFiles} loading: glob patterns in natural order, lazy stacking along a new axis with
 * the first file's metadata (no growth with the number of files) and no file held open, eager
 * loading, and HyperSpy's {@code close_file} semantics without its bug: closing or computing one
 * signal never breaks another that reads the same file.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SignalFilesLoadTest {
  @TempDir
  Path dir;

  /** float32 (3, 4|5) of {@code value} everywhere, titled, with one original-metadata key. */
  private static Signal constant(double value, String title) {
    GeneratedSource src = GeneratedSource.of("c", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(3, 4, 5), 2, 4, 5), p -> value);
    return Signal.of(LazyArray.of(src), 1).withTitle(title)
        .withOriginalMetadata(Metadata.of(java.util.Map.of("Header", java.util.Map.of("index", (long) value))));
  }

  private Path series(int n) throws IOException {
    Path d = Files.createDirectories(dir.resolve("series.d"));
    for (int i = 1; i <= n; i++) {
      SignalFiles.save(constant(i, "frame " + i), d.resolve("scan_" + i + ".zspy"));
    }
    Files.writeString(d.resolve("scan_notes.txt"), "not a match for *.zspy");
    return d;
  }

  @Test
  void aPatternStacksFilesLazilyInNaturalOrder() throws IOException {
    Path d = series(12);
    Signal s = SignalFiles.load(d + "/scan_*.zspy", true);
    assertThat(s.isLazy()).isTrue();
    assertThat(s.axes().arrayShape()).containsExactly(12, 3, 4, 5);
    assertThat(s.axes().axis(0).name()).isEqualTo("stack_element");
    assertThat(s.axes().navigationDimension()).isEqualTo(3);
    MemoryArray sums = s.data().sum(1, 2, 3).compute();
    for (int k = 0; k < 12; k++) assertThat(sums.getDouble(k)).isEqualTo((k + 1) * 60.0);
    assertThat(s.title()).isEqualTo("series");
    assertThat(s.metadata().getLong("_HyperSpy.Stacking_history.step_sizes")).hasValue(1);
    assertThat(s.originalMetadata()).isEqualTo(SignalFiles.load(d.resolve("scan_1.zspy")).originalMetadata());
  }

  @Test
  void stackedMetadataDoesNotGrowWithTheNumberOfFiles() throws IOException {
    Path d = series(12);
    Signal three = SignalFiles.load(d + "/scan_?.zspy", true);
    Signal twelve = SignalFiles.load(d + "/scan_*.zspy", true);
    assertThat(three.axes().arrayShape()[0]).isEqualTo(9);
    assertThat(twelve.metadata()).isEqualTo(three.metadata());
    assertThat(twelve.originalMetadata()).isEqualTo(three.originalMetadata());
    assertThat(twelve.originalMetadata().has("stack_elements")).isFalse();
  }

  @Test
  void noFileIsHeldOpenWhileAStackIsComputed() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    assumeThat(Files.isDirectory(fds)).as("/proc/self/fd (Linux)").isTrue();
    Path d = series(40);
    Signal s = SignalFiles.load(d + "/scan_*.zspy", true);
    long before = count(fds);
    AtomicLong most = new AtomicLong();
    ProgressListener sample = new ProgressListener() {
      @Override
      public void onChunk(Progress p) {
        try {
          most.accumulateAndGet(count(fds), Math::max);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
    s.data().sum().compute(ExecOptions.defaults().withProgress(sample).withParallelism(2));
    assertThat(most.get()).isPositive();
    assertThat(most.get() - before).as("descriptors opened during the run").isLessThan(20);
  }

  private static long count(Path fds) throws IOException {
    try (Stream<Path> s = Files.list(fds)) {
      return s.count();
    }
  }

  @Test
  void patternsThatDoNotFitFailClearly() throws IOException {
    Path d = series(2);
    assertThatThrownBy(() -> SignalFiles.load(d + "/none_*.zspy", true))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("none_*.zspy");
    assertThatThrownBy(() -> SignalFiles.load(d + "/scan_*.zspy", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches 2 files")
        .hasMessageContaining("load(pattern, true)");
    assertThatThrownBy(() -> SignalFiles.load(dir + "/*/scan_1.zspy", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file name only");
    SignalFiles.save(Signal.of(LazyArray.of(GeneratedSource.of("odd", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(2, 4, 5), 2, 4, 5), p -> 0)), 1), d.resolve("scan_3.zspy"));
    assertThatThrownBy(() -> SignalFiles.load(d + "/scan_*.zspy", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scan_3.zspy")
        .hasMessageContaining("scan_1.zspy").hasMessageContaining("(4, 2|5)");
    assertThat(SignalFiles.loadAll(d + "/scan_*.zspy")).hasSize(3);
  }

  @Test
  void naturalOrderComparesDigitRunsAsNumbers() {
    List<String> names = new ArrayList<>(List.of("s10", "s2", "s1", "s02b", "t", "s"));
    names.sort(SignalFiles::naturalCompare);
    assertThat(names).containsExactly("s", "s1", "s2", "s02b", "s10", "t");
  }

  @Test
  void closingOrComputingOneSignalNeverBreaksAnotherReadingTheSameFile() throws Exception {
    Path f = dir.resolve("shared.zspy");
    SignalFiles.save(constant(2, "shared"), f);
    Signal a = SignalFiles.load(f);
    Signal b = SignalFiles.load(f);
    // b computes while a's file is closed and a is computed with close_file=True.
    var running = b.data().sum().computeMono(ExecOptions.defaults().withParallelism(1)).toFuture();
    SignalFiles.closeFile(a);
    Signal eager = SignalFiles.compute(a, true);
    assertThat(eager.isLazy()).isFalse();
    assertThat(running.get(1, TimeUnit.MINUTES).getDouble()).isEqualTo(120.0);
    assertThat(b.data().sum().compute().getDouble()).isEqualTo(120.0);
    assertThat(a.data().sum().compute().getDouble()).as("a stays usable after closeFile").isEqualTo(120.0);
    // No stale handle: the file can be replaced, and the next execution reads what is there now.
    SignalFiles.save(constant(5, "shared"), f, SaveOptions.defaults().withOverwrite(true));
    assertThat(a.data().sum().compute().getDouble()).isEqualTo(300.0);
    assertThat(eager.data().sum().compute().getDouble()).as("the computed copy keeps its values").isEqualTo(120.0);
  }

  @Test
  void anEagerLoadComputesTheData() throws IOException {
    Path f = dir.resolve("eager.zspy");
    SignalFiles.save(constant(1, "eager"), f);
    Signal s = SignalFiles.load(f, LoadOptions.defaults().withLazy(false));
    assertThat(s.isLazy()).isFalse();
    assertThat(s.title()).isEqualTo("eager");
    assertThat(SignalFiles.load(f, LoadOptions.defaults().withFormat("zspy")).isLazy()).isTrue();
  }
}
