package org.hyperflux.io.mib;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Merlin acquisition header: the {@code HDR} message sent on the data channel when an
 * acquisition is armed, and the text of a {@code .hdr} sidecar file. Latin-1 lines
 * {@code Key:\tValue}, closed by a line starting with {@code End}; the text may start with
 * {@code HDR,} and be padded with spaces or NULs after {@code End}.
 *
 * <p>Fields this framework uses: {@code Frames in Acquisition (Number)} (0 means continuous),
 * {@code ScanX}/{@code ScanY} (Merlin software 1.5 and later), {@code Counter Depth (number)}.
 */
public final class MerlinAcquisitionHeader {
  public static final String FRAMES_IN_ACQUISITION = "Frames in Acquisition (Number)";
  public static final String FRAMES_PER_TRIGGER = "Frames per Trigger (Number)";
  public static final String COUNTER_DEPTH = "Counter Depth (number)";
  public static final String SCAN_X = "ScanX";
  public static final String SCAN_Y = "ScanY";

  private final Map<String, String> fields;

  private MerlinAcquisitionHeader(Map<String, String> fields) {
    this.fields = Collections.unmodifiableMap(fields);
  }

  /**
   * Parses header text (with or without the leading {@code HDR,}).
   *
   * @param where names the source in errors, e.g. a file path or {@code tcp://host:port}
   * @throws MerlinFormatException when the text has no {@code End} line or a line has no key
   */
  public static MerlinAcquisitionHeader parse(String text, String where) {
    Map<String, String> fields = new LinkedHashMap<>();
    boolean ended = false;
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.startsWith("HDR,")) line = line.substring(4).strip();
      if (line.isEmpty()) continue;
      if (line.startsWith("End")) {
        ended = true;
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MerlinFormatException(where + ": acquisition header line has no 'Key:' (" + abbreviate(line) + ")");
      }
      fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    if (!ended) {
      throw new MerlinFormatException(where + ": acquisition header has no 'End' line");
    }
    return new MerlinAcquisitionHeader(fields);
  }

  /** Parses header bytes (Latin-1). */
  public static MerlinAcquisitionHeader parse(byte[] bytes, int offset, int length, String where) {
    return parse(new String(bytes, offset, length, StandardCharsets.ISO_8859_1), where);
  }

  /**
   * A header for a simulated or written acquisition of {@code scanX × scanY} frames, with the
   * fields a real Merlin 1.7 sends (values typical of a single-chip Medipix3RX).
   */
  public static MerlinAcquisitionHeader forScan(int scanX, int scanY, int counterDepth, int chips) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Time and Date Stamp (day, mnth, yr, hr, min, s)", "26/11/2026 00:00:00");
    f.put("Chip ID", chips == 1 ? "W529_F5" : "W529_F5,W529_F6,W529_F7,W529_F8");
    f.put("Chip Type (Medipix 3.0, Medipix 3.1, Medipix 3RX)", "Medipix 3RX");
    f.put("Assembly Size (NX1, 2X2)", chips == 1 ? "1x1" : "2x2");
    f.put("Chip Mode  (SPM, CSM, CM, CSCM)", "SPM");
    f.put(COUNTER_DEPTH, Integer.toString(counterDepth));
    f.put("Gain", "SLGM");
    f.put("Active Counters", "Alternating");
    f.put("Thresholds (keV)", "1.200000E+2,5.110000E+2,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0");
    f.put("Gap Fill Mode", "None");
    f.put("Acquisition Type (Normal, Th_scan, Config)", "Normal");
    f.put(FRAMES_IN_ACQUISITION, Long.toString((long) scanX * scanY));
    f.put(FRAMES_PER_TRIGGER, Integer.toString(scanX));
    f.put("Trigger Start (Positive, Negative, Internal)", "Rising Edge");
    f.put("Trigger Stop (Positive, Negative, Internal)", "Rising Edge");
    f.put("Sensor Bias (V)", "120 V");
    f.put("Sensor Polarity (Positive, Negative)", "Positive");
    f.put("Temperature (C)", "Board Temp 37.2 Deg C");
    f.put("Humidity (%)", "Board Humidity 1.7");
    f.put("Medipix Clock (MHz)", "120MHz");
    f.put("Readout System", "Merlin Quad");
    f.put("Software Version", "1.7.0.5");
    f.put(SCAN_X, Integer.toString(scanX));
    f.put(SCAN_Y, Integer.toString(scanY));
    return new MerlinAcquisitionHeader(f);
  }

  /** Every field, in the order the detector sent them. */
  public Map<String, String> fields() {
    return fields;
  }

  /** {@code Frames in Acquisition (Number)}; 0 for a continuous acquisition. */
  public long framesInAcquisition(String where) {
    String v = fields.get(FRAMES_IN_ACQUISITION);
    if (v == null) throw new MerlinFormatException(where + ": acquisition header has no '" + FRAMES_IN_ACQUISITION + "'");
    return parseLong(v, FRAMES_IN_ACQUISITION, where);
  }

  /** {@code ScanX}, when the software wrote it. */
  public OptionalInt scanX() {
    return optionalInt(SCAN_X);
  }

  /** {@code ScanY}, when the software wrote it. */
  public OptionalInt scanY() {
    return optionalInt(SCAN_Y);
  }

  /** {@code Counter Depth (number)}, when present. */
  public OptionalInt counterDepth() {
    return optionalInt(COUNTER_DEPTH);
  }

  /** The header as the detector sends it after {@code MPX,<len>,}: {@code HDR,\t}, the lines, {@code End\t}. */
  public String toText() {
    StringBuilder b = new StringBuilder("HDR,\t\n");
    for (Map.Entry<String, String> e : fields.entrySet()) {
      b.append(e.getKey()).append(":\t").append(e.getValue()).append('\n');
    }
    return b.append("End\t").toString();
  }

  /** {@link #toText()} in Latin-1. */
  public byte[] toBytes() {
    return toText().getBytes(StandardCharsets.ISO_8859_1);
  }

  private OptionalInt optionalInt(String key) {
    String v = fields.get(key);
    if (v == null || v.isBlank()) return OptionalInt.empty();
    try {
      return OptionalInt.of(Integer.parseInt(v.strip()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static long parseLong(String v, String key, String where) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new MerlinFormatException(where + ": acquisition header field '" + key + "' is not a number: " + abbreviate(v));
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  @Override
  public String toString() {
    return "MerlinAcquisitionHeader" + fields;
  }
}
