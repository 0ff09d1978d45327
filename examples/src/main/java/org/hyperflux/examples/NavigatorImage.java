package org.hyperflux.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * Renders a navigator (a 2D image of doubles, row-major, {@code height × width}) as a picture a
 * person wants to look at, with the JDK only ({@code java.awt}, headless); {@code hyperflux
 * decompose} draws its factor and loading images with it too ({@link DecompositionPlots}).
 *
 * <p>Algorithm: the contrast is stretched linearly between the 1st and 99th percentiles of the
 * values (numpy's default linear interpolation between order statistics), so a few hot or dead
 * pixels do not flatten the rest; values outside are clipped to the ends of the colour map, and
 * a constant image maps to the middle colour. Each value becomes a colour of a 256-entry map
 * ({@link ColorMap#VIRIDIS}, perceptually uniform, interpolated from nine of matplotlib's viridis
 * colours, or {@link ColorMap#GRAY}). The image is scaled up by the integer factor
 * {@code max(1, ceil(256 / long side))} with nearest-neighbour pixels (every data pixel is an
 * exact square), framed, with a title above, a caption below, and a vertical colour bar on the
 * right whose ends are labelled with the stretch limits. Text is drawn with {@link Graphics2D};
 * {@code java.awt.headless} is set to true unless the caller chose otherwise.
 */
final class NavigatorImage {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The smallest long side of the scaled image, in pixels. */
  static final int MIN_LONG_SIDE = 256;
  private static final int PAD = 12;
  private static final int BAR_GAP = 14;
  private static final int BAR_WIDTH = 18;
  private static final int TICK = 4;
  private static final Color INK = new Color(0x20, 0x20, 0x20);
  private static final Color FRAME = new Color(0x90, 0x90, 0x90);

  /** The colour maps. */
  enum ColorMap {
    /** matplotlib's viridis: dark blue (low) to yellow (high), perceptually uniform. */
    VIRIDIS(0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d, 0x27ad81, 0x5cc863, 0xaadc32,
        0xfde725),
    /** black (low) to white (high). */
    GRAY(0x000000, 0xffffff);

    private final int[] lut = new int[256];

    ColorMap(int... anchors) {
      for (int i = 0; i < 256; i++) {
        double pos = i / 255.0 * (anchors.length - 1);
        int k = Math.min((int) pos, anchors.length - 2);
        double f = pos - k;
        int a = anchors[k];
        int b = anchors[k + 1];
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f);
        int bl = (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
        lut[i] = (r << 16) | (g << 8) | bl;
      }
    }

    /** The RGB colour ({@code 0xRRGGBB}) of a position {@code t} in [0, 1] (clamped). */
    int rgb(double t) {
      double c = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
      return lut[(int) Math.round(c * 255)];
    }
  }

  /** The stretch limits and the data range of an image. */
  record Stretch(double low, double high, double min, double max) {
    /** The colour-map position of {@code v}: 0 at or below low, 1 at or above high. */
    double position(double v) {
      if (high > low) return Math.max(0, Math.min(1, (v - low) / (high - low)));
      return v < low ? 0 : v > high ? 1 : 0.5;
    }
  }

  /** The layout of a rendered image, for callers that report it and tests that probe it. */
  record Layout(int scale, int imageX, int imageY, int width, int height) {}

  private NavigatorImage() {}

  /**
   * The {@code p}-th percentile (0..100) of {@code values} as numpy's default (linear
   * interpolation between the sorted values at {@code p / 100 · (n − 1)}); NaN are ignored.
   *
   * @throws IllegalArgumentException if there is no non-NaN value or p is outside [0, 100]
   */
  static double percentile(double[] values, double p) {
    return percentileOfSorted(sortedFinite(values), p);
  }

  private static double[] sortedFinite(double[] values) {
    double[] s = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (s.length == 0) throw new IllegalArgumentException("no values to stretch (all NaN)");
    return s;
  }

  private static double percentileOfSorted(double[] sorted, double p) {
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile " + p + " is outside [0, 100]");
    }
    double pos = p / 100 * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /** The 1st–99th percentile stretch of {@code values} and their min and max. */
  static Stretch stretch(double[] values) {
    double[] s = sortedFinite(values);
    return new Stretch(percentileOfSorted(s, 1), percentileOfSorted(s, 99), s[0],
        s[s.length - 1]);
  }

  /** The integer nearest-neighbour factor for an image of {@code height × width}. */
  static int scaleFactor(int height, int width) {
    int longSide = Math.max(height, width);
    return Math.max(1, (MIN_LONG_SIDE + longSide - 1) / longSide);
  }

  /** A rendered navigator and its layout. */
  record Rendered(BufferedImage image, Layout layout, Stretch stretch) {}

  /**
   * Renders {@code values} (row-major {@code height × width}, row 0 at the top) with a title
   * above, a caption below and a labelled colour bar.
   */
  static Rendered render(double[] values, int height, int width, ColorMap map, String title,
      String caption) {
    if (values.length != (long) height * width || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(values.length + " values do not form a " + height
          + " x " + width + " image");
    }
    Stretch st = stretch(values);
    int f = scaleFactor(height, width);
    int imgW = width * f;
    int imgH = height * f;
    Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    String hiLabel = label(st.high());
    String loLabel = label(st.low());

    Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    FontMetrics tm = probe.getFontMetrics(titleFont);
    FontMetrics lm = probe.getFontMetrics(labelFont);
    int labelW = Math.max(lm.stringWidth(hiLabel), lm.stringWidth(loLabel));
    int titleW = tm.stringWidth(title);
    int captionW = lm.stringWidth(caption);
    probe.dispose();

    int titleH = tm.getHeight() + 6;
    int captionH = lm.getHeight() + 6;
    int contentW = imgW + BAR_GAP + BAR_WIDTH + TICK + 4 + labelW;
    int totalW = PAD * 2 + Math.max(contentW, Math.max(titleW, captionW));
    int totalH = PAD + titleH + imgH + captionH + PAD;
    int x0 = PAD;
    int y0 = PAD + titleH;

    BufferedImage img = new BufferedImage(totalW, totalH, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, totalW, totalH);
      for (int r = 0; r < height; r++) {
        for (int c = 0; c < width; c++) {
          int rgb = map.rgb(st.position(values[r * width + c]));
          for (int dy = 0; dy < f; dy++) {
            for (int dx = 0; dx < f; dx++) img.setRGB(x0 + c * f + dx, y0 + r * f + dy, rgb);
          }
        }
      }
      int barX = x0 + imgW + BAR_GAP;
      for (int yy = 0; yy < imgH; yy++) {
        double t = imgH == 1 ? 1 : 1 - yy / (double) (imgH - 1);
        g.setColor(new Color(map.rgb(t)));
        g.drawLine(barX, y0 + yy, barX + BAR_WIDTH - 1, y0 + yy);
      }
      g.setColor(FRAME);
      g.setStroke(new BasicStroke(1));
      g.drawRect(x0 - 1, y0 - 1, imgW + 1, imgH + 1);
      g.drawRect(barX - 1, y0 - 1, BAR_WIDTH + 1, imgH + 1);

      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(INK);
      int tickX = barX + BAR_WIDTH;
      g.drawLine(tickX, y0, tickX + TICK, y0);
      g.drawLine(tickX, y0 + imgH - 1, tickX + TICK, y0 + imgH - 1);
      g.setFont(labelFont);
      int textX = tickX + TICK + 4;
      g.drawString(hiLabel, textX, y0 + lm.getAscent() - 1);
      g.drawString(loLabel, textX, y0 + imgH);
      g.drawString(caption, x0, y0 + imgH + 4 + lm.getAscent());
      g.setFont(titleFont);
      g.drawString(title, x0, PAD + tm.getAscent());
    } finally {
      g.dispose();
    }
    return new Rendered(img, new Layout(f, x0, y0, imgW, imgH), st);
  }

  /**
   * A value for a label: an integer as is (below 10^12); otherwise 6 significant digits, plain
   * between 10^-3 and 10^9 ({@code 244838}, {@code 0.125}), scientific outside.
   */
  static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) return Long.toString((long) v);
    if (!Double.isFinite(v)) return Double.toString(v);
    BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
    double abs = Math.abs(v);
    return abs >= 1e-3 && abs < 1e9 ? d.toPlainString() : d.toString();
  }
}
