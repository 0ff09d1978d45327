package org.hyperflux.io.mib;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hyperflux.core.array.DType;

/**
 * A Merlin frame header ({@code MQ1}): comma-separated ASCII padded to {@code dataOffset} bytes,
 * followed directly by the frame's pixels. It starts every frame of a {@code .mib} file and every
 * frame message on the data channel (after {@code MPX,<len>,}).
 *
 * <p>Fields used: 1-based sequence number, data offset (the header length), number of chips,
 * width and height in pixels, pixel type ({@code U08}, {@code U16}, {@code U32}, {@code U64}:
 * big-endian unsigned; {@code R64}: raw), sensor layout ({@code 1x1}, {@code 2x2}, {@code 2x2G}…)
 * and, from the {@code MQ1A} extension, the counter depth.
 *
 * @param sequence the 1-based frame number, continuous across an acquisition
 * @param dataOffset bytes of this header, pixels start there
 * @param chips number of chips
 * @param width pixels per row
 * @param height rows
 * @param pixelType {@code U08}, {@code U16}, {@code U32}, {@code U64} or {@code R64}
 * @param layout sensor layout, trimmed ({@code 1x1}, {@code 2x2}, {@code 2x2G})
 * @param counterDepth counter depth in bits from {@code MQ1A}, or 0 when the header has none
 */
public record MerlinFrameHeader(long sequence, int dataOffset, int chips, int width, int height,
    String pixelType, String layout, int counterDepth) {

  /** Bytes before the data-offset field ({@code MQ1,000001,}); the field itself is 5 digits. */
  public static final int DATA_OFFSET_POSITION = 11;

  /** Bytes a header must have at least for its data offset to be read. */
  public static final int MIN_PREFIX = DATA_OFFSET_POSITION + 5;

  /**
   * Reads the data offset (the header's own length) from the first {@link #MIN_PREFIX} bytes.
   *
   * @throws MerlinFormatException when the bytes do not start a {@code MQ1} header
   */
  public static int dataOffset(byte[] bytes, int offset, String where) {
    if (bytes[offset] != 'M' || bytes[offset + 1] != 'Q' || bytes[offset + 2] != '1' || bytes[offset + 3] != ',') {
      throw new MerlinFormatException(where + ": frame header does not start with 'MQ1,' ("
          + MerlinAcquisitionHeader.abbreviate(printable(bytes, offset, MIN_PREFIX)) + ")");
    }
    int value = 0;
    for (int i = 0; i < 5; i++) {
      byte c = bytes[offset + DATA_OFFSET_POSITION + i];
      if (c < '0' || c > '9') {
        throw new MerlinFormatException(where + ": frame header data offset is not 5 digits ("
            + printable(bytes, offset, MIN_PREFIX) + ")");
      }
      value = value * 10 + (c - '0');
    }
    if (value < MIN_PREFIX) {
      throw new MerlinFormatException(where + ": frame header data offset " + value + " is shorter than the header");
    }
    return value;
  }

  /**
   * Parses a whole header ({@code length} bytes, at least its data offset).
   *
   * @param where names the source and frame in errors, e.g. {@code scan.mib frame 12}
   * @throws MerlinFormatException when a field is missing or does not parse
   */
  public static MerlinFrameHeader parse(byte[] bytes, int offset, int length, String where) {
    if (length < MIN_PREFIX) {
      throw new MerlinFormatException(where + ": frame header cut short at " + length + " bytes");
    }
    int dataOffset = dataOffset(bytes, offset, where);
    if (length < dataOffset) {
      throw new MerlinFormatException(where + ": frame header cut short at " + length + " of " + dataOffset + " bytes");
    }
    String[] f = new String(bytes, offset, dataOffset, StandardCharsets.ISO_8859_1).split(",", -1);
    if (f.length < 8) {
      throw new MerlinFormatException(where + ": frame header has " + f.length + " fields, needs at least 8");
    }
    long sequence = parseLong(f[1], "sequence number", where);
    int chips = (int) parseLong(f[3], "number of chips", where);
    int width = (int) parseLong(f[4], "width", where);
    int height = (int) parseLong(f[5], "height", where);
    String type = f[6].strip();
    String layout = f[7].strip();
    int depth = 0;
    for (int i = 8; i + 3 < f.length; i++) {
      if (f[i].strip().equals("MQ1A")) {
        depth = (int) parseLong(f[i + 3], "counter depth (MQ1A)", where);
        break;
      }
    }
    MerlinFrameHeader h = new MerlinFrameHeader(sequence, dataOffset, chips, width, height, type, layout, depth);
    h.payloadBytes(where); // validates the pixel type and size
    return h;
  }

  /**
   * A header for a simulated or written frame, laid out as a Merlin 1.7 sends it: 384 bytes for
   * one chip, 768 for four, with thresholds, DACs and the {@code MQ1A} extension.
   */
  public static MerlinFrameHeader forFrame(long sequence, int width, int height, String pixelType,
      int chips, String layout, int counterDepth) {
    return new MerlinFrameHeader(sequence, chips <= 1 ? 384 : 768, chips, width, height, pixelType,
        layout, counterDepth);
  }

  /** The pixels' dtype: uint8, uint16, uint32 or uint64 ({@code U*}); raw frames decode to the counter depth's. */
  public DType dtype() {
    switch (pixelType) {
      case "U08": return DType.UINT8;
      case "U16": return DType.UINT16;
      case "U32": return DType.UINT32;
      case "U64": return DType.UINT64;
      default:
        throw new MerlinFormatException("pixel type '" + pixelType + "' has no decoded dtype");
    }
  }

  /** Bytes of pixel data that follow this header. */
  public int payloadBytes(String where) {
    long n = (long) width * height;
    long bytes;
    switch (pixelType) {
      case "U08": bytes = n; break;
      case "U16": bytes = 2 * n; break;
      case "U32": bytes = 4 * n; break;
      case "U64": bytes = 8 * n; break;
      default:
        throw new MerlinFormatException(where + ": frame pixel type '" + pixelType
            + "' is not supported (supported: U08, U16, U32, U64)");
    }
    if (width < 1 || height < 1 || bytes > Integer.MAX_VALUE - dataOffset) {
      throw new MerlinFormatException(where + ": frame size " + width + "x" + height + " is impossible");
    }
    return (int) bytes;
  }

  /** Header plus pixels: the size of one frame in a {@code .mib} file. */
  public int frameBytes(String where) {
    return dataOffset + payloadBytes(where);
  }

  /** This header with another sequence number (a simulator patches it when repeating a scan). */
  public MerlinFrameHeader withSequence(long newSequence) {
    return new MerlinFrameHeader(newSequence, dataOffset, chips, width, height, pixelType, layout, counterDepth);
  }

  /** The header's {@code dataOffset} bytes, space-padded. */
  public byte[] toBytes() {
    StringBuilder b = new StringBuilder(dataOffset);
    b.append(String.format(Locale.ROOT, "MQ1,%06d,%05d,%02d,%04d,%04d,%s,%6s,%02X,",
        sequence, dataOffset, chips, width, height, pixelType, layout, (1 << Math.max(1, chips)) - 1));
    b.append("2026-11-26 00:00:00.000000,0.001000,0,0,0,");
    for (int i = 0; i < 8; i++) b.append(i == 0 ? "1.200000E+2," : i == 1 ? "5.110000E+2," : "0.000000E+0,");
    for (int c = 0; c < Math.max(1, chips); c++) {
      b.append("3RX,");
      for (int d = 0; d < 27; d++) b.append(d % 3 == 0 ? "175," : d % 3 == 1 ? "511," : "000,");
    }
    b.append("MQ1A,2026-11-26T00:00:00.000000000Z,1000000ns,").append(counterDepth).append(',');
    if (b.length() > dataOffset) {
      throw new IllegalStateException("header text of " + b.length() + " bytes exceeds data offset " + dataOffset);
    }
    while (b.length() < dataOffset) b.append(' ');
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static long parseLong(String v, String field, String where) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new MerlinFormatException(where + ": frame header field '" + field + "' is not a number: '"
          + MerlinAcquisitionHeader.abbreviate(v) + "'");
    }
  }

  private static String printable(byte[] bytes, int offset, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n && offset + i < bytes.length; i++) {
      int c = bytes[offset + i] & 0xff;
      b.append(c >= 32 && c < 127 ? (char) c : '?');
    }
    return b.toString();
  }
}
