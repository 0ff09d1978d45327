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

  /**
   * The decoded pixels' dtype: uint8, uint16, uint32 or uint64 for {@code U08}..{@code U64}; for
   * raw {@code R64} frames that of the counter depth ({@code MQ1A}): 1 and 6 bits decode to
   * uint8, 12 bits to uint16 (as LiberTEM).
   *
   * @throws MerlinFormatException for an unknown pixel type, a raw frame without counter depth
   *     or of 24 bits (not supported)
   */
  public DType dtype() {
    switch (pixelType) {
      case "U08": return DType.UINT8;
      case "U16": return DType.UINT16;
      case "U32": return DType.UINT32;
      case "U64": return DType.UINT64;
      case "R64":
        return rawBitsPerPixel("frame") == 16 ? DType.UINT16 : DType.UINT8;
      default:
        throw new MerlinFormatException("pixel type '" + pixelType + "' has no decoded dtype");
    }
  }

  /** Whether the pixels are raw ({@code R64}: packed 64-bit words, decoded by {@link MerlinPixels#decodeRaw}). */
  public boolean raw() {
    return "R64".equals(pixelType);
  }

  /** Whether this is a raw frame of four chips in the quad layout ({@code 2x2} or {@code 2x2G}). */
  public boolean rawQuad() {
    return raw() && (layout.equals("2x2") || layout.equals("2x2G"));
  }

  /**
   * Pixels per row of the decoded frame: {@link #width()}, except for a raw quad frame, whose
   * 1024 × 256 wire image decodes to 512 × 512 ({@code 2x2}) or 514 × 514 ({@code 2x2G}).
   */
  public int imageWidth() {
    return rawQuad() ? (layout.equals("2x2G") ? 514 : 512) : width;
  }

  /** Rows of the decoded frame: {@link #height()}, or 512 / 514 for a raw quad frame (see {@link #imageWidth()}). */
  public int imageHeight() {
    return rawQuad() ? imageWidth() : height;
  }

  /**
   * Bits per pixel of a raw frame on the wire: 1 ({@code R1}, 64 pixels per word), 8 ({@code R6},
   * one byte per pixel) or 16 ({@code R12}); from the counter depth.
   */
  int rawBitsPerPixel(String where) {
    switch (counterDepth) {
      case 1: return 1;
      case 6: return 8;
      case 12: return 16;
      case 24:
        throw new MerlinFormatException(where + ": raw (R64) frames of counter depth 24 are not"
            + " supported (the detector sends them as two frames); acquire in binary mode (U32)"
            + " or at counter depth 1, 6 or 12");
      case 0:
        throw new MerlinFormatException(where + ": raw (R64) frame header has no counter depth"
            + " (no MQ1A extension); raw pixels cannot be decoded without it");
      default:
        throw new MerlinFormatException(where + ": raw (R64) counter depth " + counterDepth
            + " is not one of 1, 6, 12");
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
      case "R64": {
        int bits = rawBitsPerPixel(where);
        if (!layout.equals("1x1") && !rawQuad()) {
          throw new MerlinFormatException(where + ": raw (R64) frames in layout '" + layout
              + "' are not supported (supported: 1x1, 2x2, 2x2G)");
        }
        if (rawQuad() && (chips != 4 || n != 4L * 256 * 256)) {
          throw new MerlinFormatException(where + ": raw quad frame of " + chips + " chips, "
              + width + "x" + height + " pixels; a raw " + layout + " frame has 4 chips of 256x256"
              + " (1024x256 on the wire)");
        }
        long perWord = 64 / bits;
        if (n % perWord != 0) {
          throw new MerlinFormatException(where + ": raw frame of " + width + "x" + height
              + " pixels does not fill whole 64-bit words of " + perWord + " pixels");
        }
        bytes = n * bits / 8;
        break;
      }
      default:
        throw new MerlinFormatException(where + ": frame pixel type '" + pixelType
            + "' is not supported (supported: U08, U16, U32, U64, R64)");
    }
    if (width < 1 || height < 1 || bytes > Integer.MAX_VALUE - dataOffset) {
      throw new MerlinFormatException(where + ": frame size " + width + "x" + height + " is impossible");
    }
    return (int) bytes;
  }

  /**
   * What makes {@code other} a frame of another kind than this one, for a file or stream whose
   * frames must all be alike: {@code null} when data offset, chips, size, pixel type, layout and
   * counter depth are equal (the sequence number may differ), else e.g. {@code "width 128
   * where the first frame has 256"}.
   */
  public String differenceFrom(MerlinFrameHeader other) {
    if (other.dataOffset != dataOffset) return "data offset (header length) " + other.dataOffset + differs(dataOffset);
    if (other.chips != chips) return "number of chips " + other.chips + differs(chips);
    if (other.width != width) return "width " + other.width + differs(width);
    if (other.height != height) return "height " + other.height + differs(height);
    if (!other.pixelType.equals(pixelType)) return "pixel type " + other.pixelType + differs(pixelType);
    if (!other.layout.equals(layout)) return "layout " + other.layout + differs(layout);
    if (other.counterDepth != counterDepth) return "counter depth " + other.counterDepth + differs(counterDepth);
    return null;
  }

  private static String differs(Object first) {
    return " where the first frame has " + first;
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
