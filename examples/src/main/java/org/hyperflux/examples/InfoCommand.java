package org.hyperflux.examples;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hyperflux info demo}: describes a signal without reading its data: HyperSpy's repr
 * ({@code <LazySignal2D, title: demo 4D-STEM, dimensions: (128, 128|256, 256)>}), the axes in
 * natural order as HyperSpy's {@code axes_manager} prints them (navigation axes, a rule, signal
 * axes; x before y), the dtype, the total size, the chunk summary and the navigator the signal
 * carries. With {@code --navigator} it first computes HyperSpy's default navigator ({@link
 * Signal#computeNavigator()}: the sum over the central signal-space chunk, which reads that part
 * of the data) and describes it too. The input is {@link DemoInput}: a file, a glob pattern or
 * the generated demo data (an input that cannot be read: exit code 2).
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = {
        "Prints a signal's HyperSpy repr, its calibrated axes (natural order, x first), dtype,"
            + " size, chunking and navigator, without reading any data (unless --navigator).",
        "The input is a file of a readable format (.zspy, .hspy, .blo, .mib; a dataset of any HDF5"
            + " file with --dataset), a quoted glob pattern whose files are stacked lazily, or"
            + " 'demo' (the generated 4D-STEM data of 'hyperflux demo')."})
public final class InfoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DemoInput demo = new DemoInput();

  @Option(names = "--navigator",
      description = "also compute HyperSpy's default navigator, compute_navigator(): the sum over"
          + " the signal-space chunk at the centre of the frame (reads that chunk of every frame)")
  boolean navigator;

  @Override
  public Integer call() {
    if (!demo.readable()) return 2;
    Signal signal = demo.signal();
    PrintWriter out = spec.commandLine().getOut();
    if (navigator) {
      ExecOptions options = ExecOptions.defaults().withBudgetBytes(demo.data.budget);
      try {
        signal = signal.computeNavigator(null, null, options);
      } catch (IllegalArgumentException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("hyperflux info: " + e.getMessage());
        err.flush();
        return 2;
      }
    }
    out.println(describe(signal));
    out.flush();
    return 0;
  }

  /**
   * The whole description of {@code signal}, lines separated by {@code \n}, its navigator last;
   * reads nothing (a lazy navigator is described without computing it).
   */
  static String describe(Signal signal) {
    long bytes = signal.axes().shape().nbytes(signal.dtype());
    StringBuilder b = new StringBuilder();
    b.append(signal).append('\n').append('\n');
    b.append(axesTable(signal.axes())).append('\n');
    b.append("dtype  : ").append(signal.dtype().numpyName()).append('\n');
    b.append("size   : ").append(Units.bytes(bytes)).append(" (").append(bytes)
        .append(" bytes), array shape ").append(signal.axes().shape()).append('\n');
    b.append("chunks : ").append(signal.chunkSummary()).append('\n');
    b.append("navigator: ").append(describeNavigator(signal));
    return b.toString();
  }

  /**
   * The navigator a signal carries: {@code none ...}, or its repr, dtype, {@code sum_from} (the
   * signal slices it sums, HyperSpy's {@code original_metadata.sum_from}) and, when it is
   * materialised, its value range.
   */
  static String describeNavigator(Signal signal) {
    if (signal.navigator().isEmpty()) {
      return "none (info --navigator computes HyperSpy's compute_navigator(); 'hyperflux"
          + " navigator' the full one)";
    }
    Signal nav = signal.navigator().get();
    StringBuilder b = new StringBuilder().append(nav).append(", ").append(nav.dtype().numpyName());
    nav.originalMetadata().getString("sum_from")
        .ifPresent(from -> b.append(", sum_from ").append(from));
    nav.memory().ifPresent(m -> {
      double[] v = m.toDoubleArray();
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double x : v) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      if (v.length > 0) {
        b.append(", values ").append(number(min)).append(" to ").append(number(max));
      }
    });
    return b.toString();
  }

  /**
   * HyperSpy's axes-manager table: {@code <Axes manager, axes: (...)>}, then one row per axis in
   * natural order (Name, size, scale, offset, units, navigate) with a rule between the navigation
   * and the signal axes. Non-uniform axes show their first and last values instead of a scale.
   */
  static String axesTable(Axes axes) {
    String[] header = {"Name", "size", "scale", "offset", "units", "navigate"};
    List<String[]> rows = new ArrayList<>();
    List<Axis> natural = axes.naturalOrder();
    for (int k = 0; k < natural.size(); k++) {
      Axis a = natural.get(k);
      int arrayIndex = axes.arrayIndex(k);
      String name = a.name() != null ? a.name() : "<undefined " + arrayIndex + ">";
      String scale = a.isUniform() ? number(a.scale()) : "non-uniform";
      String offset = a.isUniform() ? number(a.offset())
          : a.size() == 0 ? "" : number(a.value(0)) + ".." + number(a.value(a.size() - 1));
      rows.add(new String[] {name, Integer.toString(a.size()), scale, offset,
          a.units() != null ? a.units() : "<undefined>", Boolean.toString(a.navigate())});
    }
    int[] width = new int[header.length];
    for (int c = 0; c < header.length; c++) width[c] = header[c].length();
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
    }
    StringBuilder b = new StringBuilder(axes.toString()).append('\n');
    row(b, header, width);
    rule(b, width, '=');
    for (int k = 0; k < rows.size(); k++) {
      if (k == axes.navigationDimension() && k > 0) rule(b, width, '-');
      row(b, rows.get(k), width);
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String[] cells, int[] width) {
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) b.append(" | ");
      String pad = " ".repeat(width[c] - cells[c].length());
      b.append(pad).append(cells[c]);
    }
    b.append('\n');
  }

  private static void rule(StringBuilder b, int[] width, char ch) {
    for (int c = 0; c < width.length; c++) {
      if (c > 0) b.append(" | ");
      b.append(String.valueOf(ch).repeat(width[c]));
    }
    b.append('\n');
  }

  /** Six significant digits without trailing zeros: {@code 0.5}, {@code -32}, {@code 1.5e-10}. */
  static String number(double v) {
    if (v == 0) return "0";
    BigDecimal d = new BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros();
    double abs = Math.abs(v);
    return abs >= 1e-4 && abs < 1e7 ? d.toPlainString() : d.toString();
  }
}
