package org.hyperflux.examples;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parsing and printing of the command line's units: byte sizes with binary suffixes
 * ({@code 256m} = 256 MiB, {@code 1g}, {@code 512k}, {@code 1.5g}, plain bytes) and dimensions
 * written {@code 128x128}, durations ({@code 500ms}, {@code 2s}, {@code 5m}). Rates are printed in decimal units (GB/s = 10^9 bytes per second).
 */
final class Units {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

  private Units() {}

  /** {@code 256m}, {@code 1g}, {@code 1.5G}, {@code 64KiB} or {@code 4096} in bytes (binary). */
  static long parseBytes(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size; write e.g. 4096, 512k, 256m, 1g or 1.5g (binary units)");
    }
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    double bytes = Double.parseDouble(m.group(1)) * Math.pow(2, shift);
    if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("size '" + text + "' must be between 1 byte and 4 EiB");
    }
    return (long) bytes;
  }

  /** {@code 128x128} (any number of positive extents separated by {@code x}). */
  static int[] parseDims(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        dims[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        dims[i] = -1;
      }
      if (dims[i] <= 0) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a list of positive extents such as 128x128");
      }
    }
    return dims;
  }

  /** Binary units with one decimal: {@code 256.0 MiB}, {@code 2.00 GiB}. */
  static String bytes(long n) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    if (u == 0) return n + " B";
    return String.format(Locale.ROOT, u >= 3 ? "%.2f %s" : "%.1f %s", v, units[u]);
  }

  /** Decimal gigabytes per second. */
  static double gbPerSecond(long bytes, long nanos) {
    return nanos <= 0 ? 0 : bytes / (double) nanos;
  }

  /** {@code (16, 16)}: a position or shape in numpy's tuple style. */
  static String tuple(long... values) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) b.append(", ");
      b.append(values[i]);
    }
    if (values.length == 1) b.append(',');
    return b.append(')').toString();
  }

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  /** {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
  static java.time.Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write e.g. 500ms, 2s, 1.5s, 5m or 1h");
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    double nanos = v * switch (unit) {
      case "ms" -> 1e6;
      case "m" -> 60e9;
      case "h" -> 3600e9;
      default -> 1e9;
    };
    return java.time.Duration.ofNanos((long) nanos);
  }

  /** picocli converter for {@link #parseDuration}. */
  static final class DurationConverter implements ITypeConverter<java.time.Duration> {
    @Override
    public java.time.Duration convert(String value) {
      try {
        return parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** picocli converter for {@link #parseBytes}. */
  static final class ByteSize implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parseBytes(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Extents written {@code 128x128} on the command line (one option value, several extents). */
  record Dims(int[] extents) {
    int rank() {
      return extents.length;
    }

    int get(int axis) {
      return extents[axis];
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < extents.length; i++) b.append(i > 0 ? "x" : "").append(extents[i]);
      return b.toString();
    }
  }

  /** picocli converter for {@link #parseDims}. */
  static final class DimsConverter implements ITypeConverter<Dims> {
    @Override
    public Dims convert(String value) {
      try {
        return new Dims(parseDims(value));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
