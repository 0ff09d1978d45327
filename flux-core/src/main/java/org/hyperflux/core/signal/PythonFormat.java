package org.hyperflux.core.signal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code formatter % value} for one float and a single conversion
 * {@code %[flags][width][.precision](e|E|f|F|g|G)}, as HyperSpy's {@code print_summary_statistics}
 * applies its {@code formatter} (default {@code "%.3g"}). Digits are those of the exact binary
 * value rounded half to even, as C's printf (Java's {@code Formatter} rounds the shortest decimal
 * half up, which differs, e.g. on {@code 2.675}); {@code %g} strips trailing zeros unless the
 * {@code #} flag is given; NaN and infinities print as {@code nan}, {@code inf}, {@code -inf}.
 */
final class PythonFormat {
  private static final Pattern SPEC =
      Pattern.compile("%([-+ 0#]*)(\\d*)(?:\\.(\\d+))?([eEfFgG])");

  private final String prefix;
  private final String suffix;
  private final String flags;
  private final int width;
  private final int precision;
  private final char conversion;

  private PythonFormat(String prefix, String suffix, String flags, int width, int precision,
      char conversion) {
    this.prefix = prefix;
    this.suffix = suffix;
    this.flags = flags;
    this.width = width;
    this.precision = precision;
    this.conversion = conversion;
  }

  /**
   * Parses a formatter holding exactly one float conversion ({@code %%} stands for {@code %}).
   *
   * @throws IllegalArgumentException for any other formatter, naming it
   */
  static PythonFormat parse(String formatter) {
    Matcher m = SPEC.matcher(formatter);
    int found = 0;
    int start = -1;
    int end = -1;
    for (int i = 0; i < formatter.length(); i++) {
      if (formatter.charAt(i) != '%') continue;
      if (i + 1 < formatter.length() && formatter.charAt(i + 1) == '%') {
        i++;
        continue;
      }
      if (!m.find(i) || m.start() != i) {
        throw new IllegalArgumentException("unsupported formatter '" + formatter
            + "': only one float conversion %[flags][width][.precision](e|E|f|F|g|G) is supported");
      }
      found++;
      start = m.start();
      end = m.end();
      i = end - 1;
    }
    if (found != 1) {
      throw new IllegalArgumentException("the formatter '" + formatter
          + "' must hold exactly one float conversion such as %.3g, found " + found);
    }
    m.find(start);
    String precision = m.group(3);
    return new PythonFormat(formatter.substring(0, start).replace("%%", "%"),
        formatter.substring(end).replace("%%", "%"), m.group(1),
        m.group(2).isEmpty() ? 0 : Integer.parseInt(m.group(2)),
        precision == null ? 6 : Integer.parseInt(precision), m.group(4).charAt(0));
  }

  /** {@code formatter % value}. */
  String format(double value) {
    return prefix + pad(sign(value) + body(Math.abs(value))) + suffix;
  }

  private String sign(double v) {
    boolean negative = v < 0 || (v == 0 && 1 / v < 0);
    if (Double.isNaN(v)) negative = false;
    if (negative) return "-";
    if (flags.indexOf('+') >= 0) return "+";
    if (flags.indexOf(' ') >= 0) return " ";
    return "";
  }

  private String body(double a) {
    boolean upper = Character.isUpperCase(conversion);
    String s;
    if (Double.isNaN(a)) {
      s = "nan";
    } else if (Double.isInfinite(a)) {
      s = "inf";
    } else {
      switch (Character.toLowerCase(conversion)) {
        case 'f': s = fixed(a, precision); break;
        case 'e': s = scientific(a, precision, true); break;
        default: s = general(a); break;
      }
    }
    return upper ? s.toUpperCase(java.util.Locale.ROOT) : s;
  }

  private String pad(String s) {
    if (s.length() >= width) return s;
    String fill = " ".repeat(width - s.length());
    if (flags.indexOf('-') >= 0) return s + fill;
    boolean finite = s.chars().anyMatch(Character::isDigit);
    if (flags.indexOf('0') >= 0 && finite) {
      int signs = s.startsWith("-") || s.startsWith("+") || s.startsWith(" ") ? 1 : 0;
      return s.substring(0, signs) + "0".repeat(width - s.length()) + s.substring(signs);
    }
    return fill + s;
  }

  private static String fixed(double a, int precision) {
    return new BigDecimal(a).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** {@code d.ddde+XX} with {@code precision} digits after the point; zeros kept when {@code keepZeros}. */
  private static String scientific(double a, int precision, boolean keepZeros) {
    String digits;
    int exp;
    if (a == 0) {
      digits = "0".repeat(precision + 1);
      exp = 0;
    } else {
      BigDecimal r = new BigDecimal(a).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
      exp = r.precision() - r.scale() - 1;
      digits = r.unscaledValue().toString();
      if (digits.length() < precision + 1) digits += "0".repeat(precision + 1 - digits.length());
      else digits = digits.substring(0, precision + 1);
    }
    String mantissa = digits.substring(0, 1);
    if (digits.length() > 1) {
      String rest = keepZeros ? digits.substring(1) : stripZeros(digits.substring(1));
      if (!rest.isEmpty()) mantissa += "." + rest;
    }
    int abs = Math.abs(exp);
    return mantissa + "e" + (exp < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
  }

  private String general(double a) {
    int p = precision == 0 ? 1 : precision;
    boolean keep = flags.indexOf('#') >= 0;
    int exp;
    if (a == 0) {
      exp = 0;
    } else {
      BigDecimal r = new BigDecimal(a).round(new MathContext(p, RoundingMode.HALF_EVEN));
      exp = r.precision() - r.scale() - 1;
    }
    if (exp >= -4 && exp < p) {
      String s = fixed(a, p - 1 - exp);
      if (keep) return s.contains(".") ? s : s + ".";
      return s.contains(".") ? stripPoint(stripZeros(s)) : s;
    }
    return scientific(a, p - 1, keep);
  }

  private static String stripZeros(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '0') end--;
    return s.substring(0, end);
  }

  private static String stripPoint(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
