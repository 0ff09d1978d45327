package org.hyperflux.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one curve {@code y(x)} as a picture with labelled axes, with the JDK only ({@code
 * java.awt}, headless): the decomposition plots of {@code hyperflux decompose} (the scree plot,
 * factor curves of a 1-D signal, loading curves of a 1-D navigation).
 *
 * <p>Algorithm: the x range is the data's; the y range is the finite values' range, padded by
 * 5 % (linear) or widened to whole decades (log scale, where values {@code <= 0} and NaN are not
 * drawn). Linear ticks are the "nice" steps 1, 2 or 5 × 10^n giving 4 to 10 ticks; log ticks are
 * the decades. Points are joined by a polyline (a gap at every value not drawn), with a dot
 * at each point when {@code markers} is set. Labels use {@link NavigatorImage#label}.
 */
final class LinePlot {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Picture width in pixels. */
  static final int WIDTH = 640;
  /** Picture height in pixels. */
  static final int HEIGHT = 420;
  private static final int LEFT = 78;
  private static final int RIGHT = 24;
  private static final int TOP = 36;
  private static final int BOTTOM = 56;
  private static final Color INK = new Color(0x20, 0x20, 0x20);
  private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);
  private static final Color LINE = new Color(0x1f, 0x77, 0xb4);

  private LinePlot() {}

  /**
   * Renders {@code y} against {@code x} (same length, at least 1 point).
   *
   * @param logY whether the y axis is logarithmic (base 10)
   * @param markers whether each point gets a dot
   * @throws IllegalArgumentException when the lengths differ, or nothing can be drawn (no
   *     finite value; on a log scale, no positive one)
   */
  static BufferedImage render(double[] x, double[] y, String title, String xLabel, String yLabel,
      boolean logY, boolean markers) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException(x.length + " x values and " + y.length + " y values;"
          + " expected the same number, at least 1");
    }
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (double v : y) {
      if (drawable(v, logY)) {
        yMin = Math.min(yMin, v);
        yMax = Math.max(yMax, v);
      }
    }
    if (yMin > yMax) {
      throw new IllegalArgumentException("nothing to plot in '" + title + "': no "
          + (logY ? "positive" : "finite") + " value");
    }
    double xMin = x[0];
    double xMax = x[x.length - 1];
    if (xMin > xMax) {
      double t = xMin;
      xMin = xMax;
      xMax = t;
    }
    if (xMax == xMin) {
      xMin -= 0.5;
      xMax += 0.5;
    }
    double lo;
    double hi;
    if (logY) {
      lo = Math.floor(Math.log10(yMin));
      hi = Math.ceil(Math.log10(yMax));
      if (hi == lo) hi = lo + 1;
    } else {
      double pad = yMax > yMin ? (yMax - yMin) * 0.05 : Math.max(Math.abs(yMax) * 0.05, 0.5);
      lo = yMin - pad;
      hi = yMax + pad;
    }
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
      Font axisFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
      Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);
      FontMetrics lm = g.getFontMetrics(labelFont);
      g.setFont(labelFont);

      List<Double> yTicks = logY ? decades(lo, hi) : niceTicks(lo, hi);
      for (double t : yTicks) {
        int py = TOP + plotH - (int) Math.round((t - lo) / (hi - lo) * plotH);
        if (py < TOP || py > TOP + plotH) continue;
        g.setColor(GRID);
        g.drawLine(LEFT, py, LEFT + plotW, py);
        g.setColor(INK);
        g.drawLine(LEFT - 4, py, LEFT, py);
        String s = logY ? "1e" + (long) t : NavigatorImage.label(t);
        g.drawString(s, LEFT - 7 - lm.stringWidth(s), py + lm.getAscent() / 2 - 1);
      }
      for (double t : niceTicks(xMin, xMax)) {
        int px = LEFT + (int) Math.round((t - xMin) / (xMax - xMin) * plotW);
        g.setColor(GRID);
        g.drawLine(px, TOP, px, TOP + plotH);
        g.setColor(INK);
        g.drawLine(px, TOP + plotH, px, TOP + plotH + 4);
        String s = NavigatorImage.label(t);
        g.drawString(s, px - lm.stringWidth(s) / 2, TOP + plotH + 6 + lm.getAscent());
      }
      g.setColor(INK);
      g.setStroke(new BasicStroke(1));
      g.drawRect(LEFT, TOP, plotW, plotH);

      g.setColor(LINE);
      g.setStroke(new BasicStroke(1.6f));
      Path2D.Double path = new Path2D.Double();
      boolean pen = false;
      List<double[]> dots = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        if (!drawable(y[i], logY)) {
          pen = false;
          continue;
        }
        double v = logY ? Math.log10(y[i]) : y[i];
        double px = LEFT + (x[i] - xMin) / (xMax - xMin) * plotW;
        double py = TOP + plotH - (v - lo) / (hi - lo) * plotH;
        if (pen) {
          path.lineTo(px, py);
        } else {
          path.moveTo(px, py);
          pen = true;
        }
        dots.add(new double[] {px, py});
      }
      g.draw(path);
      if (markers || x.length == 1) {
        for (double[] d : dots) g.fillOval((int) Math.round(d[0]) - 3, (int) Math.round(d[1]) - 3, 7, 7);
      }

      g.setColor(INK);
      g.setFont(axisFont);
      FontMetrics am = g.getFontMetrics(axisFont);
      g.drawString(xLabel, LEFT + (plotW - am.stringWidth(xLabel)) / 2, HEIGHT - 12);
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      g.drawString(yLabel, -(TOP + (plotH + am.stringWidth(yLabel)) / 2), 18);
      g.setTransform(saved);
      g.setFont(titleFont);
      g.drawString(title, LEFT, TOP - 12);
    } finally {
      g.dispose();
    }
    return img;
  }

  private static boolean drawable(double v, boolean logY) {
    return Double.isFinite(v) && (!logY || v > 0);
  }

  /** The decades {@code 10^lo .. 10^hi} as exponents. */
  private static List<Double> decades(double lo, double hi) {
    List<Double> out = new ArrayList<>();
    long step = Math.max(1, (long) Math.ceil((hi - lo) / 10));
    for (double e = lo; e <= hi; e += step) out.add(e);
    return out;
  }

  /** 4 to 10 ticks at 1, 2 or 5 × 10^n within {@code [lo, hi]}. */
  static List<Double> niceTicks(double lo, double hi) {
    double span = hi - lo;
    double raw = span / 6;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag;
    for (double m : new double[] {1, 2, 5, 10}) {
      step = m * mag;
      if (span / step <= 8) break;
    }
    List<Double> out = new ArrayList<>();
    for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      out.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return out;
  }
}
