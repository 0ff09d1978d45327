package org.hyperflux.examples;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.ml.fit.LinearComponent;
import org.hyperflux.ml.fit.LinearFit;
import org.hyperflux.ml.fit.LinearFitOptions;
import org.hyperflux.ml.fit.LinearFitResult;
import org.hyperflux.ml.fit.LinearModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux fit FILE --polynomial N --gaussian C,SIGMA --power-law R --offset}: fits a
 * linear model to every spectrum of a 1-D signal in one pass ({@link LinearFit}, HyperSpy's {@code
 * multifit(optimizer='lstsq')} with the non-linear parameters fixed) and prints, per free
 * parameter and for {@code chisq} and {@code red_chisq}, the mean, standard deviation, minimum and
 * maximum over the navigation positions. Components are added in the order polynomial, offset,
 * Gaussians, power laws. {@code --out} saves the parameter maps stacked along a new navigation
 * axis ({@code .zspy} or {@code .hspy}, the parameters' order printed); {@code --png DIR} writes
 * one image per map and one of {@code red_chisq} (1 or 2 navigation axes).
 *
 * <p>Exit codes: 0 done; 2 the file cannot be loaded or the options or model are bad; 1 reading
 * or writing failed.
 */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Fits a linear model (polynomial, fixed-shape Gaussians and power laws, offset) to every"
            + " spectrum of a file in one streaming pass, as HyperSpy's"
            + " multifit(optimizer='lstsq'), and prints per-parameter statistics."})
public final class FitCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "a 1-D signal of a readable format, e.g. eels_si.zspy")
  Path file;

  @Option(names = "--polynomial", paramLabel = "N", description = "a polynomial of order N (parameters a0..aN)")
  Integer polynomial;

  @Option(names = "--gaussian", paramLabel = "C,SIGMA", split = ";",
      description = "a Gaussian of fixed centre and sigma (axis units), free area A; repeatable")
  List<String> gaussians = new ArrayList<>();

  @Option(names = "--power-law", paramLabel = "R[,ORIGIN]", split = ";",
      description = "a power law A (x - origin)^-r of fixed r (origin 0 by default); repeatable")
  List<String> powerLaws = new ArrayList<>();

  @Option(names = "--offset", description = "a constant offset")
  boolean offset;

  @Option(names = "--out", paramLabel = "MAPS", description = "save the parameter maps (.zspy or .hspy)")
  Path out;

  @Option(names = "--png", paramLabel = "DIR", description = "write one PNG per parameter map and red_chisq")
  Path png;

  @Option(names = "--json", description = "print one JSON line instead of text")
  boolean json;

  @Option(names = "--budget", paramLabel = "SIZE", converter = Units.ByteSize.class,
      description = "memory budget of the fit (default: half the JVM's maximum heap)")
  Long budget;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LinearModel model;
    try {
      model = model();
    } catch (IllegalArgumentException e) {
      return fail(err, 2, e.getMessage());
    }
    if (png != null && !Files.isDirectory(png)) {
      return fail(err, 2, "cannot write PNGs to '" + png + "': not a directory");
    }
    Signal signal;
    long t0 = System.nanoTime();
    try {
      signal = SignalFiles.load(file);
    } catch (NoSuchFileException e) {
      return fail(err, 2, "cannot read '" + file + "': no such file or directory");
    } catch (IllegalArgumentException e) {
      return fail(err, 2, "cannot load '" + file + "': " + e.getMessage());
    }
    ExecOptions exec = ExecOptions.defaults();
    if (budget != null) exec = exec.withBudgetBytes(budget);
    LinearFitResult r;
    long fitStart = System.nanoTime();
    try {
      r = LinearFit.of(signal, model, LinearFitOptions.defaults().withExec(exec));
    } catch (IllegalArgumentException e) {
      return fail(err, 2, "cannot fit '" + file + "': " + e.getMessage());
    } catch (RuntimeException e) {
      return fail(err, 1, "fitting '" + file + "' failed: " + e.getMessage());
    }
    long fitNanos = System.nanoTime() - fitStart;
    long bytes = signal.data().shape().nbytes(signal.dtype());
    Map<String, Object> stats = new LinkedHashMap<>();
    for (String p : r.parameters()) stats.put(p, Summary.of(r.values(p)).toMap());
    stats.put("chisq", Summary.of(r.chisqValues()).toMap());
    stats.put("red_chisq", Summary.of(r.redChisqValues()).toMap());
    List<String> written = new ArrayList<>();
    try {
      if (out != null) {
        SignalFiles.save(Signal.stack(r.maps()).withTitle(signal.title() + " linear fit parameters"), out);
        written.add(out.toString());
      }
      if (png != null) written.addAll(writePngs(r, signal));
    } catch (IllegalArgumentException e) {
      return fail(err, 2, e.getMessage());
    } catch (IOException | RuntimeException e) {
      return fail(err, 1, "writing the maps failed: " + e.getMessage());
    }
    long totalNanos = System.nanoTime() - t0;
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("file", file.getFileName() == null ? file.toString() : file.getFileName().toString());
      line.put("input", signal.toString());
      line.put("parameters", r.parameters());
      line.put("fitted_channels", r.fittedChannels());
      line.put("statistics", stats);
      line.put("fit_s", round(fitNanos / 1e9));
      line.put("gb_per_s", round(Units.gbPerSecond(bytes, fitNanos)));
      line.put("wall_s", round(totalNanos / 1e9));
      line.put("written", written);
      stdout.println(Json.writeLine(line));
    } else {
      stdout.printf(Locale.ROOT, "hyperflux fit: %s, %s %s%n", signal, signal.dtype().numpyName(), Units.bytes(bytes));
      stdout.printf(Locale.ROOT, "model: %s (%d channels fitted)%n", r.parameters(), r.fittedChannels());
      stdout.printf(Locale.ROOT, "fit in %.2f s = %.2f GB/s (one pass)%n", fitNanos / 1e9,
          Units.gbPerSecond(bytes, fitNanos));
      stdout.printf(Locale.ROOT, "  %-34s %14s %14s %14s %14s%n", "parameter", "mean", "std", "min", "max");
      for (Map.Entry<String, Object> e : stats.entrySet()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) e.getValue();
        stdout.printf(Locale.ROOT, "  %-34s %14.6g %14.6g %14.6g %14.6g%n", e.getKey(), s.get("mean"), s.get("std"),
            s.get("min"), s.get("max"));
      }
      for (String w : written) stdout.println("wrote " + w);
    }
    stdout.flush();
    return 0;
  }

  /** The model of the options: polynomial, offset, Gaussians, power laws. */
  LinearModel model() {
    List<LinearComponent> components = new ArrayList<>();
    if (polynomial != null) components.add(LinearComponent.polynomial(polynomial));
    if (offset) components.add(LinearComponent.offset());
    for (String g : gaussians) {
      double[] v = numbers("--gaussian", g, 2, 2);
      components.add(LinearComponent.gaussian(v[0], v[1]));
    }
    for (String p : powerLaws) {
      double[] v = numbers("--power-law", p, 1, 2);
      components.add(LinearComponent.powerLaw(v[0], v.length > 1 ? v[1] : 0, 0));
    }
    if (components.isEmpty()) {
      throw new IllegalArgumentException("no component: give at least one of --polynomial, --offset, --gaussian,"
          + " --power-law");
    }
    return LinearModel.of(components);
  }

  private static double[] numbers(String option, String text, int min, int max) {
    String[] parts = text.split(",");
    if (parts.length < min || parts.length > max) {
      throw new IllegalArgumentException(option + " takes " + (min == max ? min : min + " or " + max)
          + " comma-separated numbers, got '" + text + "'");
    }
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": '" + parts[i] + "' is not a number");
      }
    }
    return v;
  }

  /** One PNG per parameter map and one of red_chisq, named after them. */
  private List<String> writePngs(LinearFitResult r, Signal signal) throws IOException {
    long[] nav = signal.axes().navigationShape();
    if (nav.length < 1 || nav.length > 2) {
      throw new IllegalArgumentException("--png needs 1 or 2 navigation axes, the signal has " + nav.length);
    }
    int width = (int) nav[0];
    int height = nav.length == 2 ? (int) nav[1] : 1;
    List<String> files = new ArrayList<>();
    Map<String, double[]> maps = new LinkedHashMap<>();
    for (String p : r.parameters()) maps.put(p, r.values(p));
    maps.put("red_chisq", r.redChisqValues());
    for (Map.Entry<String, double[]> e : maps.entrySet()) {
      NavigatorImage.Rendered image = NavigatorImage.render(e.getValue(), height, width,
          NavigatorImage.ColorMap.VIRIDIS, signal.title() + ": " + e.getKey(), "linear fit, " + r.fittedChannels()
              + " channels");
      File f = png.resolve(e.getKey().replaceAll("[^A-Za-z0-9._-]+", "_") + ".png").toFile();
      if (!ImageIO.write(image.image(), "png", f)) throw new IOException("no PNG writer in this JDK");
      files.add(f.toString());
    }
    return files;
  }

  /** Mean, standard deviation, minimum and maximum of the finite values. */
  record Summary(double mean, double std, double min, double max, long finite) {
    static Summary of(double[] values) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      long n = 0;
      for (double v : values) {
        if (!Double.isFinite(v)) continue;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        n++;
      }
      double mean = n == 0 ? Double.NaN : sum / n;
      double ss = 0;
      for (double v : values) if (Double.isFinite(v)) ss += (v - mean) * (v - mean);
      return new Summary(mean, n == 0 ? Double.NaN : Math.sqrt(ss / n), n == 0 ? Double.NaN : min,
          n == 0 ? Double.NaN : max, n);
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mean", mean);
      m.put("std", std);
      m.put("min", min);
      m.put("max", max);
      m.put("positions", finite);
      return m;
    }
  }

  private static int fail(PrintWriter err, int code, String message) {
    err.println("hyperflux fit: " + message);
    err.flush();
    return code;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
