package org.hyperflux.examples;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.hyperflux.core.exec.ConsoleProgressBar;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.exec.ProgressListener;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.AxisSet;
import org.hyperflux.core.signal.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux navigator demo --png out.png}: computes a signal's navigator, the sum over its
 * signal axes ({@code signal.sum(AxisSet.SIGNAL)}, HyperSpy's default navigator), lazily in one
 * streaming read with a progress bar on standard error, and writes it as a PNG
 * ({@link NavigatorImage}: scaled up with nearest-neighbour pixels to at least 256 px on the long
 * side, contrast stretched between the 1st and 99th percentiles, viridis or grey, with a labelled
 * colour bar). Standard output gets the value range, the stretch and where the file went.
 */
@Command(
    name = "navigator",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Computes the navigator of a signal (the sum over its signal axes) in one streaming"
            + " read with a progress bar and writes it as a PNG image.",
        "The image is scaled up (nearest neighbour) to at least 256 pixels on its long side and"
            + " its contrast is stretched linearly between the 1st and 99th percentiles of the"
            + " values (values outside are clipped); a colour bar labelled with those two values"
            + " is drawn on the right.",
        "Only 'demo' (the generated 4D-STEM data of 'hyperflux demo') is readable until file"
            + " formats land."})
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

  /** A navigator's values, row-major (navigation y rows, x columns), and its signal. */
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
    out.printf(Locale.ROOT, "navigator = signal.sum(AxisSet.SIGNAL): sum over %s%n",
        names(signal.axes().signalAxes()));
    out.flush();
    ConsoleProgressBar bar =
        new ConsoleProgressBar(System.err, System.console() != null, "  navigator", inputBytes);
    ExecOptions options = ExecOptions.defaults().withBudgetBytes(demo.data.budget);
    Navigator nav;
    long t0 = System.nanoTime();
    try {
      nav = navigator(signal, options, bar);
    } catch (PlanException e) {
      err.println("hyperflux navigator: " + e.getMessage());
      err.flush();
      return 2;
    }
    long nanos = System.nanoTime() - t0;
    bar.awaitEnd(Duration.ofSeconds(2));
    String title = signal.title() + ": navigator (sum over " + names(signal.axes().signalAxes())
        + ")";
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
    out.printf(Locale.ROOT, "  result  : %s %s in %.2f s = %.2f GB/s%n",
        nav.signal().dtype().numpyName(), nav.signal().axes().dimensionsString(), nanos / 1e9,
        Units.gbPerSecond(inputBytes, nanos));
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
   * The navigator of a signal with two navigation axes: {@code signal.sum(AxisSet.SIGNAL)},
   * computed with {@code progress}, as doubles row-major (y rows, x columns).
   *
   * @throws IllegalArgumentException unless the signal has exactly two navigation axes
   * @throws PlanException if the computation does not fit the budget (nothing is read then)
   */
  static Navigator navigator(Signal signal, ExecOptions options, ProgressListener progress) {
    if (signal.axes().navigationDimension() != 2) {
      throw new IllegalArgumentException("a navigator image needs 2 navigation axes, "
          + signal + " has " + signal.axes().navigationDimension());
    }
    Signal sum = signal.sum(AxisSet.SIGNAL).compute(options.withProgress(progress));
    double[] values = sum.memory().orElseThrow().toDoubleArray();
    long[] shape = sum.axes().arrayShape();
    return new Navigator(sum, values, (int) shape[0], (int) shape[1]);
  }

  private static String caption(Signal nav) {
    List<Axis> axes = nav.axes().navigationAxes();
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
