package org.hyperflux.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ConsoleProgressBar;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.ml.Decomposition;
import org.hyperflux.ml.DecompositionOptions;
import org.hyperflux.ml.DecompositionResult;
import org.hyperflux.ml.decomposition.Centre;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux decompose FILE --algorithm svd -n K [--out result.zspy] [--plots DIR]}:
 * HyperSpy's {@code s = hs.load(FILE, lazy=True); s.decomposition(algorithm=..., output_dimension=K);
 * s.plot_explained_variance_ratio(); s.save(OUT)}. The input (any readable file, a glob pattern,
 * or {@code demo}) is loaded lazily and decomposed by any algorithm of the ml registry ({@link
 * Decomposition#algorithms()}) in streaming passes with a progress bar on standard error; standard
 * output gets the explained variance and its ratio per component (where the algorithm defines
 * them) and the time.
 *
 * <p>{@code --out} writes what HyperSpy's {@code s.save} writes after a decomposition: the signal
 * (its data streamed again from the input, in its own chunks) together with the results as its
 * {@code learning_results}, so that {@code hs.load(OUT).learning_results} holds the factors,
 * loadings and explained variance (and {@link DecompositionResult#fromLearningResults} reads them
 * back). {@code --plots DIR} writes {@code scree.png}, {@code factor_NN.png} and {@code
 * loading_NN.png} ({@link DecompositionPlots}).
 *
 * <p>Masks, as HyperSpy's {@code navigation_mask} and {@code signal_mask} ({@code true} =
 * excluded): {@code --navigation-mask FILE} and {@code --signal-mask FILE} read a boolean (or 0/1)
 * signal file of the navigation or signal shape (array order) ({@link MaskArgument});
 * {@code --signal-range START:END} keeps the channels of {@code s.isig[START:END]} of a 1-D
 * signal and masks the rest. Excluded positions get NaN loadings and excluded channels NaN
 * factors (as the library places them back); the summary and {@code --json} say how many were
 * excluded.
 *
 * <p>Decomposition needs float data (HyperSpy's eager path refuses integers too): integer data is
 * refused, naming {@code --dtype float32} or {@code float64}, which converts it while reading (and
 * is what {@code --out} then stores).
 *
 * <p>Exit codes: 0 done; 2 bad input or options (unknown algorithm, which lists the available
 * ones; integer data without {@code --dtype}; K out of range; NaN in the data; an existing OUT
 * without {@code --overwrite}; a mask file that cannot be read, has the wrong shape or values other
 * than 0 and 1; a signal range on a signal that is not 1-D, or together with {@code
 * --signal-mask}); 1 reading or writing failed.
 */
@Command(
    name = "decompose",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Decomposes a signal (HyperSpy's s.decomposition on a lazy signal) in streaming passes:"
            + " prints the explained variance (ratio) per component and the time; --out saves"
            + " the signal with its learning_results (.zspy/.hspy, loads in HyperSpy 1.7.3);"
            + " --plots writes the scree plot and the factors and loadings as PNGs.",
        "FILE is a file of any readable format (.zspy, .hspy, .blo, .mib; a dataset of any HDF5 file"
            + " with --dataset), a quoted glob pattern, or 'demo' (uint16: add --dtype float32)."})
public final class DecomposeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DemoInput in = new DemoInput();

  @Option(names = {"-a", "--algorithm"}, paramLabel = "NAME", defaultValue = "svd",
      description = "the decomposition: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
      completionCandidates = Algorithms.class)
  String algorithm;

  @Option(names = {"-n", "--output-dimension"}, paramLabel = "K", required = true,
      description = "the number of components")
  int components;

  @Option(names = "--out", paramLabel = "FILE",
      description = "save the signal with its learning_results to FILE (.zspy or .hspy), as"
          + " HyperSpy's s.save after s.decomposition")
  Path out;

  @Option(names = "--overwrite", description = "replace --out if it exists")
  boolean overwrite;

  @Option(names = "--plots", paramLabel = "DIR",
      description = "write scree.png, factor_NN.png and loading_NN.png into DIR (created)")
  Path plots;

  @Option(names = "--normalize-poissonian-noise",
      description = "Keenan and Kotula's Poissonian noise normalisation (HyperSpy's"
          + " normalize_poissonian_noise=True)")
  boolean poissonian;

  @Option(names = "--centre", paramLabel = "WHAT", defaultValue = "none",
      description = "subtract the mean before decomposing: none, navigation (each channel's"
          + " mean) or signal (each position's mean); default ${DEFAULT-VALUE}")
  String centre;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "seed of the randomized algorithms (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--dtype", paramLabel = "float32|float64",
      description = "convert the data to this float type while reading (needed for integer"
          + " data; HyperSpy requires float data for a decomposition)")
  String dtype;

  @Option(names = "--navigation-mask", paramLabel = "FILE",
      description = "exclude the navigation positions where FILE is true (HyperSpy's"
          + " navigation_mask): a boolean or 0/1 signal file of the navigation shape (array order);"
          + " their loadings are NaN")
  Path navigationMask;

  @Option(names = "--signal-mask", paramLabel = "FILE",
      description = "exclude the signal channels where FILE is true (HyperSpy's signal_mask): a"
          + " boolean or 0/1 signal file of the signal shape (array order); their factors are NaN")
  Path signalMask;

  @Option(names = "--signal-range", paramLabel = "START:END",
      description = "decompose only the channels of s.isig[START:END] (calibrated units of the"
          + " signal axis, end excluded; either bound may be left out) of a 1-D signal: every"
          + " other channel is masked; not with --signal-mask")
  String signalRange;

  @Option(names = "--json", description = "print one JSON line (algorithm, explained variance"
      + " and ratio, masks, seconds, peak RSS, files written) instead of the summary, and no progress bar")
  boolean json;

  /** The registered algorithm names, for the help text. */
  static final class Algorithms extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Algorithms() {
      super(Decomposition.algorithms());
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    long start = System.nanoTime();
    if (!in.readable()) return 2;
    PrintWriter stdout = spec.commandLine().getOut();
    Signal signal = in.signal();
    DecompositionOptions options;
    MaskArgument navMask;
    MaskArgument sigMask;
    try {
      signal = floatSignal(signal);
      checkTargets();
      navMask = navigationMask(signal);
      sigMask = signalMask(signal);
      options = DecompositionOptions.of(algorithm, components).withNormalizePoissonianNoise(poissonian)
          .withCentre(centre()).withSeed(seed)
          .withNavigationMask(navMask == null ? null : navMask.excluded())
          .withSignalMask(sigMask == null ? null : sigMask.excluded());
    } catch (IllegalArgumentException e) {
      return fail(2, e.getMessage());
    }
    long bytes = signal.axes().shape().nbytes(signal.dtype());
    if (!json) {
      stdout.printf(Locale.ROOT, "hyperflux decompose: %s, %s %s%n", signal, signal.dtype().numpyName(),
          Units.bytes(bytes));
      stdout.printf(Locale.ROOT, "  %s, %d components%s%n", algorithm.toLowerCase(Locale.ROOT), components,
          poissonian ? ", Poissonian noise normalised" : "");
      if (navMask != null) {
        stdout.printf(Locale.ROOT, "  mask    : %s %s excludes %d of %d positions%n", navMask.option(),
            navMask.source(), navMask.excludedCount(), navMask.excluded().length);
      }
      if (sigMask != null) {
        stdout.printf(Locale.ROOT, "  mask    : %s %s excludes %d of %d channels%n", sigMask.option(),
            sigMask.source(), sigMask.excludedCount(), sigMask.excluded().length);
      }
      stdout.flush();
    }
    ConsoleProgressBar bar = json ? null
        : new ConsoleProgressBar(System.err, System.console() != null, "  decompose", bytes);
    ExecOptions exec = ExecOptions.defaults().withBudgetBytes(in.data.budget);
    DecompositionResult result;
    long t0 = System.nanoTime();
    try {
      result = Decomposition.of(signal, options.withExec(bar == null ? exec : exec.withProgress(bar)));
    } catch (IllegalArgumentException e) {
      return fail(2, e.getMessage());
    } catch (RuntimeException e) {
      return fail(1, "the decomposition failed: " + e.getMessage());
    }
    long nanos = System.nanoTime() - t0;
    if (bar != null) bar.awaitEnd(Duration.ofSeconds(2));

    long saveNanos = 0;
    if (out != null) {
      long s0 = System.nanoTime();
      try {
        SignalFiles.save(signal, out, SaveOptions.defaults().withOverwrite(overwrite)
            .withExec(exec).withLearningResults(result.toLearningResults()));
      } catch (IllegalArgumentException e) {
        return fail(2, e.getMessage());
      } catch (IOException | RuntimeException e) {
        return fail(1, "writing " + out + " failed, nothing was written there: " + e.getMessage());
      }
      saveNanos = System.nanoTime() - s0;
    }
    List<Path> pictures = List.of();
    if (plots != null) {
      try {
        pictures = DecompositionPlots.write(result, signal, plots);
      } catch (IOException | RuntimeException e) {
        return fail(1, "writing the plots into " + plots + " failed: " + e.getMessage());
      }
    }
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("op", "decompose");
      line.put("input", signal.toString());
      line.put("dtype", signal.dtype().numpyName());
      line.put("algorithm", result.algorithm());
      line.put("components", result.components());
      line.put("explained_variance", Arrays.stream(result.explainedVariance()).boxed().toList());
      line.put("explained_variance_ratio", Arrays.stream(result.explainedVarianceRatio()).boxed().toList());
      line.put("navigation_mask", navMask == null ? null : navMask.toJson("positions"));
      line.put("signal_mask", sigMask == null ? null : sigMask.toJson("channels"));
      line.put("decompose_s", seconds(nanos));
      line.put("out", out == null ? null : out.toAbsolutePath().toString());
      line.put("save_s", out == null ? null : seconds(saveNanos));
      line.put("plots", pictures.stream().map(p -> p.getFileName().toString()).toList());
      line.put("wall_s", seconds(System.nanoTime() - start));
      OptionalLong rss = PeakRss.self();
      line.put("peak_rss_mb", rss.isPresent() ? PeakRss.mb(rss.getAsLong()) : null);
      stdout.println(Json.writeLine(line));
      stdout.flush();
      return 0;
    }
    printVariance(stdout, result);
    stdout.printf(Locale.ROOT, "  time    : %.2f s = %.2f GB/s%n", nanos / 1e9, Units.gbPerSecond(bytes, nanos));
    if (out != null) {
      stdout.printf(Locale.ROOT, "  wrote   : %s (the signal with its learning_results, %.2f s)%n",
          out.toAbsolutePath(), saveNanos / 1e9);
    }
    if (plots != null) {
      stdout.printf(Locale.ROOT, "  plots   : %d PNGs in %s%n", pictures.size(), plots.toAbsolutePath());
    }
    stdout.flush();
    return 0;
  }

  /** The signal as float data: converted with {@code --dtype}, refused when it is integer without. */
  private Signal floatSignal(Signal signal) {
    if (dtype != null) {
      DType t = switch (dtype.toLowerCase(Locale.ROOT)) {
        case "float32" -> DType.FLOAT32;
        case "float64" -> DType.FLOAT64;
        default -> throw new IllegalArgumentException("--dtype " + dtype + ": give float32 or float64");
      };
      return signal.dtype() == t ? signal : signal.changeDtype(t);
    }
    if (signal.dtype() != DType.FLOAT32 && signal.dtype() != DType.FLOAT64) {
      throw new IllegalArgumentException(in.input + " holds " + signal.dtype().numpyName()
          + " data, but a decomposition needs float data (as HyperSpy's s.decomposition);"
          + " add --dtype float32 (or float64) to convert it while reading");
    }
    return signal;
  }

  /** Refuses, before the long computation, an output that could not be written. */
  private void checkTargets() {
    if (out != null) {
      String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
      if (!name.endsWith(".zspy") && !name.endsWith(".hspy")) {
        throw new IllegalArgumentException("--out " + out + ": learning results are saved in"
            + " HyperSpy's .zspy or .hspy files; give one of those extensions");
      }
      if (Files.exists(out) && !overwrite) {
        throw new IllegalArgumentException(out + " already exists; add --overwrite to replace it");
      }
      Path dir = out.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw new IllegalArgumentException("--out " + out + ": directory " + dir + " does not exist");
      }
    }
    if (plots != null && Files.exists(plots) && !Files.isDirectory(plots)) {
      throw new IllegalArgumentException("--plots " + plots + " is a file, not a directory");
    }
  }

  /** {@code --navigation-mask}, read and checked against the navigation shape; null without it. */
  private MaskArgument navigationMask(Signal signal) {
    if (navigationMask == null) return null;
    long[] shape = signal.axes().arrayShape();
    return MaskArgument.fromFile("--navigation-mask", navigationMask, "navigation",
        Arrays.copyOfRange(shape, 0, signal.axes().navigationDimension()), in.input);
  }

  /** {@code --signal-mask} read and checked against the signal shape, or {@code --signal-range}; null without. */
  private MaskArgument signalMask(Signal signal) {
    if (signalMask != null && signalRange != null) {
      throw new IllegalArgumentException("--signal-mask and --signal-range both mask the signal channels;"
          + " give one of them");
    }
    long[] shape = signal.axes().arrayShape();
    long[] sigShape = Arrays.copyOfRange(shape, signal.axes().navigationDimension(), shape.length);
    if (signalMask != null) {
      return MaskArgument.fromFile("--signal-mask", signalMask, "signal", sigShape, in.input);
    }
    if (signalRange == null) return null;
    if (sigShape.length != 1) {
      throw new IllegalArgumentException("--signal-range needs a 1-D signal, but the signal shape of " + in.input
          + " is " + MaskArgument.tuple(sigShape) + " (array order); give --signal-mask FILE instead");
    }
    return MaskArgument.fromRange("--signal-range", signalRange, signal.axes().signalAxes().get(0));
  }

  private Centre centre() {
    return switch (centre.toLowerCase(Locale.ROOT)) {
      case "none" -> Centre.NONE;
      case "navigation" -> Centre.NAVIGATION;
      case "signal" -> Centre.SIGNAL;
      default -> throw new IllegalArgumentException("--centre " + centre
          + ": give none, navigation or signal");
    };
  }

  private static void printVariance(PrintWriter stdout, DecompositionResult r) {
    double[] ev = r.explainedVariance();
    double[] ratio = r.explainedVarianceRatio();
    if (ev.length == 0 && ratio.length == 0) {
      stdout.printf(Locale.ROOT, "  %s defines no explained variance (as HyperSpy's)%n", r.algorithm());
      return;
    }
    stdout.printf(Locale.ROOT, "  %9s  %20s  %12s  %12s%n", "component", "explained variance", "ratio",
        "cumulative");
    double cumulative = 0;
    for (int c = 0; c < Math.max(ev.length, ratio.length); c++) {
      String v = c < ev.length ? String.format(Locale.ROOT, "%.6g", ev[c]) : "n/a";
      String q = c < ratio.length ? String.format(Locale.ROOT, "%.6g", ratio[c]) : "n/a";
      if (c < ratio.length) cumulative += ratio[c];
      stdout.printf(Locale.ROOT, "  %9d  %20s  %12s  %12s%n", c, v, q,
          c < ratio.length ? String.format(Locale.ROOT, "%.6g", cumulative) : "n/a");
    }
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1000.0;
  }

  private int fail(int code, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("hyperflux decompose: " + message);
    err.flush();
    return code;
  }
}
