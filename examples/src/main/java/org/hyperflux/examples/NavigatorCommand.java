package org.hyperflux.examples;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.hyperflux.core.exec.ConsoleProgressBar;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.exec.ProgressListener;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Index;
import org.hyperflux.core.signal.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux navigator demo --png out.png}: computes a signal's navigator and writes it as a
 * PNG ({@link NavigatorImage}: scaled up with nearest-neighbour pixels to at least 256 px on the
 * long side, contrast stretched between the 1st and 99th percentiles, viridis or grey, with a
 * labelled colour bar). By default the navigator is the full one, the sum over the signal axes
 * at every scan position ({@link Signal#computeFullNavigator}: one streaming pass over the data);
 * with {@code --chunk-navigator} (or {@code --index} / {@code --chunks-number}) it is HyperSpy's
 * {@code compute_navigator}, the sum over one signal-space chunk ({@link
 * Signal#computeNavigator(Index[], int[], ExecOptions)}), which reads only that part of the data.
 * A progress bar goes to standard error; standard output gets what was summed ({@code sum_from}),
 * the value range, the stretch and where the file went.
 */
@Command(
    name = "navigator",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Computes the navigator of a signal (the sum over its signal axes) in one streaming"
            + " read with a progress bar and writes it as a PNG image. With --chunk-navigator it"
            + " is HyperSpy's compute_navigator() instead: the sum over the signal-space chunk"
            + " that contains --index (default: the centre), reading only that chunk.",
        "The image is scaled up (nearest neighbour) to at least 256 pixels on its long side and"
            + " its contrast is stretched linearly between the 1st and 99th percentiles of the"
            + " values (values outside are clipped); a colour bar labelled with those two values"
            + " is drawn on the right.",
        "The input is a file of a readable format (.zspy, .hspy, .blo, .mib; a dataset of any HDF5"
            + " file with --dataset), a quoted glob pattern whose files are stacked lazily, or"
            + " 'demo' (the generated 4D-STEM data of 'hyperflux demo')."})
public final class NavigatorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DemoInput demo = new DemoInput();

  @Option(names = "--png", paramLabel = "FILE", required = true,
      description = "the PNG file to write")
  File png;

  @Option(names = "--colormap", paramLabel = "MAP", defaultValue = "viridis",
      converter = ColorMapConverter.class,
      description = "viridis (perceptually uniform) or gray (default: ${DEFAULT-VALUE})")
  NavigatorImage.ColorMap colorMap;

  @Option(names = "--chunk-navigator",
      description = "HyperSpy's compute_navigator(): sum over the one signal-space chunk that"
          + " contains --index instead of over the whole frame; reads only that chunk")
  boolean chunkNavigator;

  @Option(names = "--index", paramLabel = "KX[,KY]", split = ",",
      description = "the frame pixel (kx, ky; one value for both) whose chunk"
          + " --chunk-navigator sums (default: the centre; implies --chunk-navigator)")
  long[] index;

  @Option(names = "--chunks-number", paramLabel = "N[,M]", split = ",",
      description = "for --chunk-navigator: split kx (and ky) into about N (M) balanced chunks,"
          + " HyperSpy's chunks_number, instead of the data's own chunks (nothing is rechunked;"
          + " implies --chunk-navigator)")
  int[] chunksNumber;

  /**
   * A computed navigator: the navigator signal ({@code (|x, y)}, materialised), its values
   * row-major (scan y rows, x columns) and its size.
   */
  record Navigator(Signal signal, double[] values, int height, int width) {}

  @Override
  public Integer call() throws InterruptedException, IOException {
    if (!demo.readable()) return 2;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Signal signal = demo.signal();
    long inputBytes = signal.axes().shape().nbytes(signal.dtype());
    out.printf(Locale.ROOT, "hyperflux navigator: %s, %s %s%n", signal, signal.dtype().numpyName(),
        Units.bytes(inputBytes));
    boolean chunk = chunkNavigator || index != null || chunksNumber != null;
    if (chunk) {
      out.printf(Locale.ROOT, "navigator = signal.computeNavigator(index %s, chunksNumber %s):"
              + " HyperSpy's compute_navigator, sum over one chunk of %s%n",
          index == null ? "centre" : Arrays.toString(index),
          chunksNumber == null ? "own chunks" : Arrays.toString(chunksNumber),
          names(signal.axes().signalAxes()));
    } else {
      out.printf(Locale.ROOT, "navigator = signal.computeFullNavigator(): sum over %s in one"
          + " streaming pass%n", names(signal.axes().signalAxes()));
    }
    out.flush();
    ConsoleProgressBar bar =
        new ConsoleProgressBar(System.err, System.console() != null, "  navigator",
            chunk ? 0 : inputBytes);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(demo.data.budget);
    Navigator nav;
    long t0 = System.nanoTime();
    try {
      nav = chunk ? chunkNavigator(signal, index, chunksNumber, options, bar)
          : navigator(signal, options, bar);
    } catch (IllegalArgumentException e) {
      err.println("hyperflux navigator: " + e.getMessage());
      err.flush();
      return 2;
    }
    long nanos = System.nanoTime() - t0;
    bar.awaitEnd(Duration.ofSeconds(2));
    String sumFrom = nav.signal().originalMetadata().getString("sum_from").orElse("?");
    String title = signal.title() + ": navigator (sum over "
        + (chunk ? ranges(signal.axes().signalAxes(), sumFrom)
            : names(signal.axes().signalAxes())) + ")";
    NavigatorImage.Rendered r = NavigatorImage.render(nav.values(), nav.height(), nav.width(),
        colorMap, title, caption(nav.signal()));
    File parent = png.getAbsoluteFile().getParentFile();
    if (parent != null && !parent.isDirectory()) {
      err.println("hyperflux navigator: cannot write " + png + ": directory " + parent
          + " does not exist");
      err.flush();
      return 2;
    }
    if (!ImageIO.write(r.image(), "png", png)) {
      throw new IOException("no PNG writer in this JDK");
    }
    NavigatorImage.Stretch st = r.stretch();
    int min = argExtreme(nav.values(), false);
    int max = argExtreme(nav.values(), true);
    out.printf(Locale.ROOT, "  result  : %s %s in %.2f s%s%n",
        nav.signal().dtype().numpyName(), nav.signal().axes().dimensionsString(), nanos / 1e9,
        chunk ? "" : String.format(Locale.ROOT, " = %.2f GB/s",
            Units.gbPerSecond(inputBytes, nanos)));
    out.printf(Locale.ROOT, "  sum_from: %s (signal slices, kx first)%n", sumFrom);
    out.printf(Locale.ROOT, "  values  : min %s at (x=%d, y=%d), max %s at (x=%d, y=%d)%n",
        NavigatorImage.label(st.min()), min % nav.width(), min / nav.width(),
        NavigatorImage.label(st.max()), max % nav.width(), max / nav.width());
    out.printf(Locale.ROOT, "  contrast: %s (1st percentile) to %s (99th percentile),"
            + " %s colour map%n", NavigatorImage.label(st.low()), NavigatorImage.label(st.high()),
        colorMap.name().toLowerCase(Locale.ROOT));
    out.printf(Locale.ROOT, "  wrote   : %s (%d x %d px; navigator %d x %d scaled %dx,"
            + " nearest neighbour)%n", png.getAbsolutePath(), r.image().getWidth(),
        r.image().getHeight(), nav.width(), nav.height(), r.layout().scale());
    out.flush();
    return 0;
  }

  /**
   * The full navigator of a signal with two navigation axes: {@code
   * signal.computeFullNavigator(options)} with {@code progress} (one streaming pass), its values as
   * doubles row-major (y rows, x columns).
   *
   * @throws IllegalArgumentException unless the signal has exactly two navigation axes
   * @throws PlanException if the computation does not fit the budget (nothing is read then)
   */
  static Navigator navigator(Signal signal, ExecOptions options, ProgressListener progress) {
    requireScan(signal);
    return values(signal.computeFullNavigator(options.withProgress(progress)));
  }

  /**
   * HyperSpy's {@code compute_navigator(index, chunks_number)} of a signal with two navigation
   * axes: {@code signal.computeNavigator(...)} with {@code progress}; {@code index} and {@code
   * chunksNumber} are null (the centre, the data's own chunks), one value or one per signal axis.
   *
   * @throws IllegalArgumentException unless the signal has exactly two navigation axes, or for an
   *     index or chunks number HyperSpy rejects
   * @throws PlanException if the computation does not fit the budget (nothing is read then)
   */
  static Navigator chunkNavigator(Signal signal, long[] index, int[] chunksNumber,
      ExecOptions options, ProgressListener progress) {
    requireScan(signal);
    Index[] selectors = null;
    if (index != null) {
      selectors = new Index[index.length];
      for (int i = 0; i < index.length; i++) selectors[i] = Index.of(index[i]);
    }
    return values(signal.computeNavigator(selectors, chunksNumber, options.withProgress(progress)));
  }

  private static void requireScan(Signal signal) {
    if (signal.axes().navigationDimension() != 2) {
      throw new IllegalArgumentException("a navigator image needs 2 navigation axes, "
          + signal + " has " + signal.axes().navigationDimension());
    }
  }

  private static Navigator values(Signal withNavigator) {
    Signal nav = withNavigator.navigator().orElseThrow();
    double[] values = nav.memory().orElseThrow().toDoubleArray();
    long[] shape = nav.axes().arrayShape();
    return new Navigator(nav, values, (int) shape[0], (int) shape[1]);
  }

  private static String caption(Signal nav) {
    List<Axis> axes = nav.axes().signalAxes();
    StringBuilder b = new StringBuilder();
    for (Axis a : axes) {
      if (b.length() > 0) b.append(", ");
      String name = a.displayName();
      if (a.isUniform()) {
        b.append(name).append(' ').append(InfoCommand.number(a.low())).append('\u2013')
            .append(InfoCommand.number(a.high()));
        if (a.units() != null) b.append(' ').append(a.units());
      } else {
        b.append(name);
      }
    }
    return b.append("; contrast 1st\u201399th percentile").toString();
  }

  /** {@code kx 32:64, ky 0:16}: the axis names with the index ranges of a {@code sum_from}. */
  static String ranges(List<Axis> signalAxes, String sumFrom) {
    Matcher m = Pattern.compile("slice\\((\\d+), (\\d+), None\\)").matcher(sumFrom);
    StringBuilder b = new StringBuilder();
    for (Axis a : signalAxes) {
      if (!m.find()) return sumFrom;
      if (b.length() > 0) b.append(", ");
      b.append(a.displayName()).append(' ').append(m.group(1)).append(':').append(m.group(2));
    }
    return b.toString();
  }

  private static String names(List<Axis> axes) {
    StringBuilder b = new StringBuilder();
    for (Axis a : axes) {
      if (b.length() > 0) b.append(", ");
      b.append(a.displayName());
    }
    return b.toString();
  }

  private static int argExtreme(double[] v, boolean max) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (max ? v[i] > v[best] : v[i] < v[best]) best = i;
    }
    return best;
  }

  /** {@code viridis} or {@code gray} (also {@code grey}), case-insensitive. */
  static final class ColorMapConverter
      implements picocli.CommandLine.ITypeConverter<NavigatorImage.ColorMap> {
    @Override
    public NavigatorImage.ColorMap convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "viridis" -> NavigatorImage.ColorMap.VIRIDIS;
        case "gray", "grey" -> NavigatorImage.ColorMap.GRAY;
        default -> throw new picocli.CommandLine.TypeConversionException(
            "unknown colour map '" + value + "'; use viridis or gray");
      };
    }
  }
}
