package org.hyperflux.io.blockfile;

import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.hyperflux.core.signal.Metadata;

/**
 * The {@code metadata} and {@code original_metadata} HyperSpy 1.7.3 gives a signal loaded from a
 * blockfile ({@code io_plugins/blockfile.py: file_reader} and its {@code mapping}, then {@code
 * io.load}):
 *
 * <ul>
 *   <li>{@code original_metadata.blockfile_header}: every field of the header record in file
 *       order ({@code ID} as text, unsigned integers, floats), then {@code Note}.
 *   <li>{@code General}: {@code original_filename} (the file name without its directory), {@code
 *       date}, {@code time} and {@code time_zone} from {@code Acquisition_time} ({@code
 *       serial_date_to_ISO_format}), {@code notes} (the note) and an empty {@code title}.
 *   <li>{@code Signal.signal_type = "diffraction"} (HyperSpy drops the reader's {@code record_by}).
 *   <li>{@code Acquisition_instrument.TEM}: {@code beam_energy = Beam_energy × 1e-3} (kV), {@code
 *       camera_length = Camera_length × 1e-4}, {@code rotation = Scan_rotation × 1e-2} (the
 *       reader's mapping).
 * </ul>
 *
 * The serial date: {@code days = trunc(serial)}, {@code seconds = (serial mod 1) × 86400} (Python's
 * modulo, never negative), rounded to whole microseconds half to even as {@code
 * datetime.timedelta} does, added to 1899-12-30 00:00 UTC and shown in the local time zone as
 * dateutil's {@code tzlocal} shows it: with today's standard offset, or today's daylight-saving
 * offset where daylight saving was in force at that instant (so a date in 1899 gets today's
 * offset, not the local mean time of the zone's history). {@code date} as {@code YYYY-MM-DD},
 * {@code time} as {@code HH:MM:SS} or {@code HH:MM:SS.ffffff} when there are microseconds,
 * {@code time_zone} as the abbreviation of the offset used ({@code UTC}, {@code CET}, {@code
 * CEST}; Java's names, which agree with the C library's for the usual zones). HyperSpy's {@code
 * General.FileIO} record of the load is not written: it belongs to the loading facade.
 */
final class BlockfileMetadata {
  /** 1899-12-30 00:00 UTC, the origin of Excel-style serial dates. */
  private static final Instant SERIAL_ORIGIN = Instant.parse("1899-12-30T00:00:00Z");
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private BlockfileMetadata() {}

  /** {@code original_metadata}: {@code blockfile_header} with every field, then {@code Note}. */
  static Metadata originalMetadata(BlockfileHeader h) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("ID", h.id());
    header.put("MAGIC", (long) h.magic());
    header.put("Data_offset_1", h.dataOffset1());
    header.put("Data_offset_2", h.dataOffset2());
    header.put("UNKNOWN1", h.unknown1());
    header.put("DP_SZ", (long) h.dpSize());
    header.put("DP_rotation", (long) h.dpRotation());
    header.put("NX", (long) h.nx());
    header.put("NY", (long) h.ny());
    header.put("Scan_rotation", (long) h.scanRotation());
    header.put("SX", h.sx());
    header.put("SY", h.sy());
    header.put("Beam_energy", h.beamEnergy());
    header.put("SDP", (long) h.sdp());
    header.put("Camera_length", h.cameraLength());
    header.put("Acquisition_time", h.acquisitionTime());
    double[] centering = h.centering();
    for (int i = 0; i < centering.length; i++) header.put("Centering_N" + i, centering[i]);
    double[] distortion = h.distortion();
    for (int i = 0; i < distortion.length; i++) {
      header.put(String.format(Locale.ROOT, "Distortion_N%02d", i), distortion[i]);
    }
    header.put("Note", h.note());
    return Metadata.of(Map.of("blockfile_header", header));
  }

  /** {@code metadata} as HyperSpy fills it, with dates shown in {@code zone}. */
  static Metadata metadata(BlockfileHeader h, String fileName, ZoneId zone) {
    Map<String, Object> general = new LinkedHashMap<>();
    general.put("original_filename", fileName);
    String[] dateTime = serialDate(h.acquisitionTime(), zone);
    if (dateTime != null) {
      general.put("date", dateTime[0]);
      general.put("time", dateTime[1]);
      general.put("time_zone", dateTime[2]);
    }
    general.put("notes", h.note());
    general.put("title", "");
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("General", general);
    root.put("Signal", Map.of("signal_type", "diffraction"));
    Map<String, Object> tem = new LinkedHashMap<>();
    tem.put("beam_energy", h.beamEnergy() * 1e-3);
    tem.put("camera_length", h.cameraLength() * 1e-4);
    tem.put("rotation", h.scanRotation() * 1e-2);
    root.put("Acquisition_instrument", Map.of("TEM", tem));
    return Metadata.of(root);
  }

  /**
   * HyperSpy's {@code serial_date_to_ISO_format(serial)} in {@code zone}: {@code [date, time,
   * time_zone]}, or null where HyperSpy fails (a serial that is not finite or whose date falls
   * outside the years 1 to 9999 that Python's {@code datetime} holds).
   */
  static String[] serialDate(double serial, ZoneId zone) {
    if (!Double.isFinite(serial) || Math.abs(serial) > 4_000_000) return null;
    long days = (long) serial;
    double fraction = serial % 1.0;
    if (fraction < 0) fraction += 1.0;
    long micros = days * MICROS_PER_DAY + timedeltaMicros(fraction * 86_400.0);
    Instant instant = SERIAL_ORIGIN.plusSeconds(Math.floorDiv(micros, 1_000_000L))
        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000L);
    // dateutil's tzlocal: today's standard and daylight offsets and names (time.timezone,
    // time.altzone, time.tzname), chosen by whether daylight saving was in force at the instant.
    ZoneRules rules = zone.getRules();
    ZoneOffset standard = rules.getStandardOffset(Instant.now());
    ZoneOffset daylight = standard;
    for (ZoneOffsetTransitionRule r : rules.getTransitionRules()) {
      if (!r.getOffsetAfter().equals(standard)) daylight = r.getOffsetAfter();
    }
    boolean dst = !daylight.equals(standard) && rules.isDaylightSavings(instant);
    LocalDateTime local = LocalDateTime.ofInstant(instant, dst ? daylight : standard);
    if (local.getYear() < 1 || local.getYear() > 9999) return null;
    String date = String.format(Locale.ROOT, "%04d-%02d-%02d", local.getYear(),
        local.getMonthValue(), local.getDayOfMonth());
    int us = local.getNano() / 1000;
    String time = String.format(Locale.ROOT, "%02d:%02d:%02d", local.getHour(), local.getMinute(),
        local.getSecond()) + (us == 0 ? "" : String.format(Locale.ROOT, ".%06d", us));
    String name = TimeZone.getTimeZone(zone).getDisplayName(dst, TimeZone.SHORT, Locale.ROOT);
    return new String[] {date, time, name};
  }

  /**
   * The microseconds {@code datetime.timedelta(seconds=s)} holds for {@code 0 <= s}: the whole
   * seconds, then the whole microseconds of the fraction, then the remaining fraction of a
   * microsecond rounded half to even (CPython's {@code accum} and {@code delta_new}).
   */
  static long timedeltaMicros(double seconds) {
    long whole = (long) seconds;
    double us = (seconds - whole) * 1e6;
    long wholeUs = (long) us;
    double left = us - wholeUs;
    long round = left > 0.5 ? 1 : left < 0.5 ? 0 : (wholeUs & 1);
    return whole * 1_000_000L + wholeUs + round;
  }
}
