package org.hyperflux.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hyperflux.core.exec.ConsoleProgressBar;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux convert IN OUT.zspy|OUT.hspy}: reads a signal from any readable format ({@code
 * .zspy}, {@code .hspy}, {@code .blo}, {@code .mib}, a dataset of any HDF5 file with {@code --dataset}; or a
 * glob pattern of files, stacked; or the generated demo data) and writes it as HyperSpy's {@code
 * .zspy} (zarr) or {@code .hspy} (HDF5, shuffle + deflate at {@code --deflate-level}), chosen by
 * OUT's extension, with {@link SignalFiles#save}: streamed chunk by chunk within {@code --budget}, with a
 * progress bar on standard error, all-or-nothing (written under a temporary name and renamed
 * when complete; after a failure nothing is at OUT). The data are stored in the input's chunks,
 * or in {@code --chunks} (one extent per array axis, C order), rechunked while streaming. An
 * existing OUT is replaced only with {@code --overwrite}. Standard output gets the input, the
 * stored chunks, the bytes written and the time; with {@code --json}, one JSON line of them instead
 * (the seconds from the start of loading, {@code wall_s}, and the peak RSS), and no progress bar.
 *
 * <p>Exit codes: 0 written; 2 bad input or options (nothing written); 1 the write failed
 * (nothing at OUT). A plan that does not fit the budget ({@link org.hyperflux.core.exec.PlanException})
 * is bad options.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Converts a signal to HyperSpy's .zspy (zarr) or .hspy (HDF5) format, by OUT's extension,"
            + " streaming it chunk by chunk with a progress bar; the file loads in HyperSpy 1.7.3"
            + " with the same data, axes and metadata.",
        "IN is a file of any readable format (.zspy, .hspy, .blo, .mib; a dataset of any HDF5 file"
            + " with --dataset), a quoted glob pattern (the files are stacked lazily along a new"
            + " axis) or 'demo'. The save is all-or-nothing: OUT appears only"
            + " when complete, and an existing OUT is replaced only with --overwrite."})
public final class ConvertCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DemoInput in = new DemoInput();

  @Parameters(index = "1", paramLabel = "OUT",
      description = "the file to write, e.g. scan.zspy or scan.hspy (the format follows the"
          + " extension)")
  Path out;

  @Option(names = "--chunks", paramLabel = "C1,C2,...", split = ",",
      description = "stored chunk shape, one extent per array axis in array (C) order, e.g."
          + " 16,16,256,256 for a 4D scan (default: the input's own chunks)")
  int[] chunks;

  @Option(names = "--overwrite", description = "replace OUT if it exists")
  boolean overwrite;

  @Option(names = "--deflate-level", paramLabel = "0-9",
      description = "deflate level of .hspy data (default: ${DEFAULT-VALUE}, HyperSpy's gzip;"
          + " 1 is fastest)")
  int deflateLevel = SaveOptions.DEFAULT_DEFLATE_LEVEL;

  @Option(names = "--json", description = "print one JSON line (input, chunks, bytes written,"
      + " seconds from the start of loading, peak RSS) instead of the summary, and no progress bar")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    long start = System.nanoTime();
    if (!in.readable()) return 2;
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Signal signal = in.signal();
    long bytes = signal.axes().shape().nbytes(signal.dtype());
    if (!json) {
      stdout.printf(Locale.ROOT, "hyperflux convert: %s, %s %s%n", signal,
          signal.dtype().numpyName(), Units.bytes(bytes));
      stdout.flush();
    }
    ConsoleProgressBar bar = json ? null
        : new ConsoleProgressBar(System.err, System.console() != null, "  convert", bytes);
    ExecOptions exec = ExecOptions.defaults().withBudgetBytes(in.data.budget);
    SaveOptions options = SaveOptions.defaults().withOverwrite(overwrite)
        .withExec(bar == null ? exec : exec.withProgress(bar));
    int[] stored;
    long t0 = System.nanoTime();
    try {
      if (chunks != null) options = options.withChunks(chunks);
      options = options.withDeflateLevel(deflateLevel);
      stored = chunks != null ? chunks : firstExtents(signal);
      SignalFiles.save(signal, out, options);
    } catch (IllegalArgumentException e) {
      err.println("hyperflux convert: " + e.getMessage());
      err.flush();
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("hyperflux convert: writing " + out + " failed, nothing was written there: "
          + e.getMessage());
      err.flush();
      return 1;
    }
    long nanos = System.nanoTime() - t0;
    long onDisk = sizeOnDisk(out);
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("op", "convert");
      line.put("out", out.toAbsolutePath().toString());
      line.put("input", signal.toString());
      line.put("dtype", signal.dtype().numpyName());
      line.put("chunks", Arrays.stream(stored).boxed().toList());
      line.put("data_bytes", bytes);
      line.put("bytes", onDisk);
      line.put("save_s", Math.round(nanos / 1e6) / 1000.0);
      line.put("wall_s", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
      OptionalLong rss = PeakRss.self();
      line.put("peak_rss_mb", rss.isPresent() ? PeakRss.mb(rss.getAsLong()) : null);
      stdout.println(Json.writeLine(line));
      stdout.flush();
      return 0;
    }
    bar.awaitEnd(Duration.ofSeconds(2));
    stdout.printf(Locale.ROOT, "  wrote   : %s%n", out.toAbsolutePath());
    stdout.printf(Locale.ROOT, "  chunks  : %s (array order)%n", Arrays.toString(stored));
    stdout.printf(Locale.ROOT, "  size    : %s on disk for %s of data (%.1fx)%n",
        Units.bytes(onDisk), Units.bytes(bytes), onDisk == 0 ? 0.0 : (double) bytes / onDisk);
    stdout.printf(Locale.ROOT, "  time    : %.2f s = %.2f GB/s%n", nanos / 1e9,
        Units.gbPerSecond(bytes, nanos));
    stdout.flush();
    return 0;
  }

  private static int[] firstExtents(Signal s) {
    int[] c = new int[s.data().grid().rank()];
    for (int a = 0; a < c.length; a++) c[a] = Math.max(1, s.data().grid().extents(a)[0]);
    return c;
  }

  private static long sizeOnDisk(Path path) {
    try (Stream<Path> files = Files.walk(path)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      return 0;
    }
  }
}
