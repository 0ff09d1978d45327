package org.hyperflux.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.ml.DecompositionResult;

/**
 * The pictures of a decomposition, as HyperSpy's {@code plot_explained_variance_ratio}, {@code
 * plot_decomposition_factors} and {@code plot_decomposition_loadings} show them, written as PNGs
 * into a directory:
 *
 * <ul>
 *   <li>{@code scree.png}: the explained variance ratio per component index on a log scale
 *       (only when the algorithm defines it);
 *   <li>{@code factor_NN.png}: factor NN over the signal axes: an image with a colour bar
 *       ({@link NavigatorImage}) for a 2-D signal, a curve against the calibrated axis
 *       ({@link LinePlot}) for a 1-D signal, a curve against the flat channel index otherwise;
 *   <li>{@code loading_NN.png}: loading NN over the navigation axes, the same way (NaN at
 *       masked positions; none when there is a single navigation position).
 * </ul>
 *
 * Images are row-major over the array order: the first (slowest) axis runs down.
 */
final class DecompositionPlots {
  private DecompositionPlots() {}

  /**
   * Writes the plots of {@code r} (computed from {@code source}) into {@code dir}, creating it;
   * returns the files written, in order.
   *
   * @throws IOException when a file cannot be written
   */
  static List<Path> write(DecompositionResult r, Signal source, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    double[] ratio = r.explainedVarianceRatio();
    if (ratio.length > 0) {
      double[] index = new double[ratio.length];
      for (int i = 0; i < index.length; i++) index[i] = i;
      written.add(png(LinePlot.render(index, ratio, source.title() + ": explained variance ratio ("
              + r.algorithm() + ")", "Principal component index", "Proportion of variance (log scale)",
          true, true), dir.resolve("scree.png")));
    }
    List<Axis> all = source.axes().arrayOrder();
    int nav = source.axes().navigationDimension();
    List<Axis> signalAxes = all.subList(nav, all.size());
    List<Axis> navigationAxes = all.subList(0, nav);
    for (int c = 0; c < r.components(); c++) {
      String name = String.format(Locale.ROOT, "factor_%02d.png", c);
      written.add(png(picture(r.factor(c), signalAxes, nav, source.title() + ": factor " + c + " ("
          + r.algorithm() + ")", "factor " + c), dir.resolve(name)));
    }
    long positions = 1;
    for (Axis a : navigationAxes) positions *= a.size();
    if (positions > 1) {
      for (int c = 0; c < r.components(); c++) {
        String name = String.format(Locale.ROOT, "loading_%02d.png", c);
        written.add(png(picture(r.loading(c), navigationAxes, 0, source.title() + ": loading " + c + " ("
            + r.algorithm() + ")", "loading " + c), dir.resolve(name)));
      }
    }
    return written;
  }

  /** An image for two axes, a curve otherwise; {@code first} is the array index of {@code axes.get(0)}. */
  private static BufferedImage picture(double[] values, List<Axis> axes, int first, String title,
      String what) {
    if (axes.size() == 2) {
      Axis rows = axes.get(0);
      Axis columns = axes.get(1);
      String caption = what + ": " + label(rows, "array axis " + first) + " down, " + label(columns, "array axis " + (first + 1))
          + " across";
      return NavigatorImage.render(values, (int) rows.size(), (int) columns.size(),
          NavigatorImage.ColorMap.VIRIDIS, title, caption).image();
    }
    double[] x = new double[values.length];
    String xLabel;
    if (axes.size() == 1) {
      Axis a = axes.get(0);
      for (int i = 0; i < x.length; i++) x[i] = a.value(i);
      xLabel = label(a, "array axis " + first);
    } else {
      for (int i = 0; i < x.length; i++) x[i] = i;
      xLabel = "flat index over " + axes.size() + " axes (C order)";
    }
    return LinePlot.render(x, values, title, xLabel, what, false, values.length <= 64);
  }

  /** The axis' name and units, or {@code unnamed} when it has no name. */
  private static String label(Axis a, String unnamed) {
    String name = a.name() == null || a.name().isEmpty() ? unnamed : a.name();
    return a.units() == null || a.units().isEmpty() ? name : name + " (" + a.units() + ")";
  }

  private static Path png(BufferedImage image, Path file) throws IOException {
    if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer in this JDK");
    return file;
  }
}
