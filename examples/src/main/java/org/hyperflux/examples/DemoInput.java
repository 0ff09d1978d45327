package org.hyperflux.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.RegionFunction;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SignalFiles;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The input of the signal subcommands ({@code info}, {@code navigator}, {@code convert}) as a
 * picocli mixin: a file of any format {@link SignalFiles} reads (detected from its content:
 * {@code .zspy}, {@code .hspy}, {@code .blo}, {@code .mib}, or one dataset of any HDF5 file named with {@code
 * --dataset PATH}, its last {@code --signal-dimension} axes the signal axes), a glob pattern such
 * as {@code 'scans/scan_*.zspy'} whose files are stacked lazily along a new axis ({@link
 * SignalFiles#load(String, boolean, LoadOptions)}), or the word {@code demo}: the generated
 * 4D-STEM data of {@link SyntheticStem}, shaped by {@code --scan}, {@code --frame} and {@code
 * --chunk} with the same meaning and defaults as {@code hyperflux demo}. {@code --budget} applies
 * to every input (for a dataset stored without chunks it also sets the automatic chunks).
 *
 * <p>{@link #signal()} is lazy in every case: a file is loaded lazily (its metadata read, none of
 * its data), and the demo signal is calibrated like a real 4D-STEM scan: navigation axes {@code
 * x}, {@code y} in nm with a step of {@link #SCAN_STEP_NM} from 0, signal axes {@code kx}, {@code
 * ky} in mrad with a step of {@link #FRAME_STEP_MRAD} and the frame centre at 0 mrad (offset
 * {@code -(n / 2) * step}); title {@value #TITLE}, signal type {@code electron_diffraction}.
 */
final class DemoInput {
  /** The word that selects the generated demo data instead of a file. */
  static final String DEMO = "demo";
  /** The demo signal's title. */
  static final String TITLE = "demo 4D-STEM";
  /** Scan step of the demo's navigation axes, in nm. */
  static final double SCAN_STEP_NM = 0.5;
  /** Angular step of the demo's diffraction pixels, in mrad. */
  static final double FRAME_STEP_MRAD = 0.25;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE-or-demo",
      description = "the input: a file of a readable format (.zspy, .hspy, .blo, .mib; any HDF5 file"
          + " with --dataset), a quoted glob pattern such as 'scans/*.zspy' (the files are"
          + " stacked lazily along a new axis), or 'demo' (generated 4D-STEM data shaped by"
          + " --scan, --frame and --chunk)")
  String input;

  @Option(names = "--dataset", paramLabel = "PATH",
      description = "read this dataset of an HDF5 file as the signal, e.g. /entry/data/data (for"
          + " HDF5 files that are not HyperSpy's; without it such a file fails listing its"
          + " datasets)")
  String dataset;

  @Option(names = "--signal-dimension", paramLabel = "N",
      description = "with --dataset: how many of the dataset's last axes are signal axes, e.g. 2"
          + " for a 4D-STEM stack (default: all of them, HyperSpy's BaseSignal)")
  Integer signalDimension;

  /** The loaded file, once {@link #readable()} or {@link #signal()} has loaded it. */
  private Signal loaded;

  @Mixin
  DemoData data = new DemoData();

  /**
   * When set (by tests), counts every element the generator writes: the data actually read.
   * Null on the command line.
   */
  LongAdder generatedElements;

  /**
   * Whether the input is readable: {@code demo}, or a file (or pattern) that loads; otherwise
   * prints why to standard error. The caller returns exit code 2 when this is false. Loading
   * reads the file's metadata, none of its data.
   */
  boolean readable() {
    String misuse = DEMO.equals(input) && (dataset != null || signalDimension != null)
        ? "--dataset and --signal-dimension read a dataset of an HDF5 file, not the demo data"
        : dataset == null && signalDimension != null
            ? "--signal-dimension applies to a dataset read with --dataset PATH" : null;
    if (misuse != null) {
      spec.commandLine().getErr().println("hyperflux " + spec.name() + ": " + misuse);
      spec.commandLine().getErr().flush();
      return false;
    }
    if (DEMO.equals(input)) return true;
    try {
      loaded = load(input, options());
      return true;
    } catch (IOException | IllegalArgumentException e) {
      String why = e instanceof NoSuchFileException ? "no such file or directory" : e.getMessage();
      spec.commandLine().getErr().println("hyperflux " + spec.name() + ": cannot read '" + input
          + "': " + why + " (inputs: a file, a quoted glob pattern, or 'demo' for generated"
          + " 4D-STEM data, e.g. 'hyperflux " + spec.name() + " demo --scan 64x64')");
      spec.commandLine().getErr().flush();
      return false;
    }
  }

  /** Whether the input is the generated demo data. */
  boolean isDemo() {
    return DEMO.equals(input);
  }

  /** The input signal, lazy: the loaded file (or stack of files), or the demo data. */
  Signal signal() {
    if (isDemo()) return demoSignal();
    if (loaded == null) {
      try {
        loaded = load(input, options());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return loaded;
  }

  /** Lazy loading under {@code --budget}, of {@code --dataset} when given. */
  private LoadOptions options() {
    LoadOptions o = LoadOptions.defaults()
        .withExec(ExecOptions.defaults().withBudgetBytes(data.budget));
    if (dataset != null) o = o.withDataset(dataset);
    if (signalDimension != null) o = o.withSignalDimension(signalDimension);
    return o;
  }

  private static Signal load(String input, LoadOptions options) throws IOException {
    boolean pattern = input.indexOf('*') >= 0 || input.indexOf('?') >= 0
        || input.indexOf('[') >= 0 || input.indexOf('{') >= 0;
    return pattern ? SignalFiles.load(input, true, options) : SignalFiles.load(Path.of(input), options);
  }

  /** The calibrated lazy demo signal (nothing is read). */
  private Signal demoSignal() {
    SyntheticStem stem = data.stem();
    Shape shape = stem.shape();
    ChunkGrid grid = data.grid(shape);
    LongAdder counter = generatedElements;
    GeneratedSource source = counter == null
        ? stem.source(grid)
        : GeneratedSource.ofRegions("4D-STEM", DType.UINT16, grid, counting(stem, counter));
    int sy = data.scan.get(0);
    int sx = data.scan.get(1);
    int h = data.frame.get(0);
    int w = data.frame.get(1);
    Axes axes = Axes.of(
        Axis.uniform(sy, SCAN_STEP_NM, 0.0).withName("y").withUnits("nm").withNavigate(true),
        Axis.uniform(sx, SCAN_STEP_NM, 0.0).withName("x").withUnits("nm").withNavigate(true),
        Axis.uniform(h, FRAME_STEP_MRAD, -(h / 2) * FRAME_STEP_MRAD).withName("ky")
            .withUnits("mrad"),
        Axis.uniform(w, FRAME_STEP_MRAD, -(w / 2) * FRAME_STEP_MRAD).withName("kx")
            .withUnits("mrad"));
    Signal s = Signal.lazy(LazyArray.of(source), axes);
    return s.withMetadata(s.metadata().withTitle(TITLE).withSignalType("electron_diffraction"));
  }

  private static RegionFunction counting(SyntheticStem stem, LongAdder counter) {
    return (region, out) -> {
      counter.add(region.size());
      stem.fill(region, out);
    };
  }
}
