package org.hyperflux.io.blockfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The header of a blockfile ({@code .blo}, written by NanoMEGAS ASTAR and by HyperSpy), read
 * exactly as HyperSpy 1.7.3's {@code io_plugins/blockfile.py} reads it. Immutable and
 * thread-safe; reading it reads only the first {@code Data_offset_1} bytes of the file.
 *
 * <p>Layout: a packed 240-byte record, then a note up to {@code Data_offset_1}, then the virtual
 * bright-field image ({@code NY × NX} uint8, row-major) at {@code Data_offset_1}, then at {@code
 * Data_offset_2} the {@code NY × NX} frames in row-major scan order, each a 6-byte frame header
 * (the marker {@code 0x55AA}, then the frame's uint32 ID) followed by {@code DP_SZ × DP_SZ} uint8
 * pixels, row-major. The record's fields, in file order, with HyperSpy's names:
 *
 * <pre>
 *   offset  size  field             meaning
 *        0     6  ID                "IMGBLO"
 *        6     2  MAGIC             0x0102: the version; its byte order is the header's
 *        8     4  Data_offset_1     offset of the virtual bright-field image (0x1000 in practice)
 *       12     4  Data_offset_2     offset of the first frame header
 *       16     4  UNKNOWN1          flags of the ASTAR software (131141 typically)
 *       20     2  DP_SZ             frame side in pixels
 *       22     2  DP_rotation       [degrees (× 100?)]
 *       24     2  NX                scan width
 *       26     2  NY                scan height
 *       28     2  Scan_rotation     [degrees × 100]
 *       30     8  SX                scan step along x [nm], float64
 *       38     8  SY                scan step along y [nm], float64
 *       46     4  Beam_energy       [V]
 *       50     2  SDP               diffraction pixel size [100 × pixels per cm]
 *       52     4  Camera_length     [10 × mm]
 *       56     8  Acquisition_time  serial date (days since 1899-12-30 UTC), float64
 *       64    64  Centering_N0..N7  float64, always little-endian (HyperSpy reads them as native)
 *      128   112  Distortion_N00..N13  float64, always little-endian
 * </pre>
 *
 * Integers are unsigned. The header's byte order is found from {@code MAGIC} (HyperSpy reads
 * little-endian unless told otherwise, and always writes little-endian headers).
 */
public final class BlockfileHeader {
  /** Bytes of the fixed header record; the note follows it. */
  public static final int RECORD_BYTES = 240;
  /** The one version HyperSpy 1.7.3 knows ({@code magics = [0x0102]}). */
  public static final int MAGIC = 0x0102;
  /** The first six bytes of every blockfile. */
  public static final String ID = "IMGBLO";
  /** Bytes of the header in front of every frame: the marker and the frame ID. */
  public static final int FRAME_HEADER_BYTES = 6;
  /** The marker that opens every frame header, {@code AA 55} in a little-endian file. */
  public static final int FRAME_MAGIC = 0x55AA;
  /** A note region longer than this is taken as a corrupt {@code Data_offset_1}, not read. */
  static final long MAX_NOTE_BYTES = 64L << 20;

  /** A field of the fixed record: HyperSpy's name, offset and size in bytes. */
  record Field(String name, int offset, int size) {}

  /** The fields of the fixed record in file order (HyperSpy's {@code get_header_dtype_list}). */
  static final List<Field> FIELDS = fields();

  private final Path file;
  private final ByteOrder byteOrder;
  private final String id;
  private final int magic;
  private final long dataOffset1;
  private final long dataOffset2;
  private final long unknown1;
  private final int dpSize;
  private final int dpRotation;
  private final int nx;
  private final int ny;
  private final int scanRotation;
  private final double sx;
  private final double sy;
  private final long beamEnergy;
  private final int sdp;
  private final long cameraLength;
  private final double acquisitionTime;
  private final double[] centering;
  private final double[] distortion;
  private final String note;

  private BlockfileHeader(Path file, ByteBuffer b, String note) {
    this.file = file;
    this.byteOrder = b.order();
    this.id = ID;
    this.magic = Short.toUnsignedInt(b.getShort(6));
    this.dataOffset1 = Integer.toUnsignedLong(b.getInt(8));
    this.dataOffset2 = Integer.toUnsignedLong(b.getInt(12));
    this.unknown1 = Integer.toUnsignedLong(b.getInt(16));
    this.dpSize = Short.toUnsignedInt(b.getShort(20));
    this.dpRotation = Short.toUnsignedInt(b.getShort(22));
    this.nx = Short.toUnsignedInt(b.getShort(24));
    this.ny = Short.toUnsignedInt(b.getShort(26));
    this.scanRotation = Short.toUnsignedInt(b.getShort(28));
    this.sx = b.getDouble(30);
    this.sy = b.getDouble(38);
    this.beamEnergy = Integer.toUnsignedLong(b.getInt(46));
    this.sdp = Short.toUnsignedInt(b.getShort(50));
    this.cameraLength = Integer.toUnsignedLong(b.getInt(52));
    this.acquisitionTime = b.getDouble(56);
    ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.centering = new double[8];
    for (int i = 0; i < centering.length; i++) centering[i] = le.getDouble(64 + 8 * i);
    this.distortion = new double[14];
    for (int i = 0; i < distortion.length; i++) distortion[i] = le.getDouble(128 + 8 * i);
    this.note = note;
  }

  /**
   * Reads the header of {@code file} through {@code channel}: the fixed record and the note.
   * Blocking.
   *
   * @throws BlockfileFormatException naming the file and the field: not a blockfile (no {@code
   *     IMGBLO}), an unsupported {@code MAGIC}, a file that ends inside the record or the note,
   *     an offset inside the record, or a note region over 64 MiB
   */
  static BlockfileHeader read(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    ByteBuffer b = ByteBuffer.allocate(RECORD_BYTES);
    b.limit((int) Math.min(RECORD_BYTES, size));
    readFully(channel, b, 0);
    int available = b.limit();
    byte[] idBytes = new byte[Math.min(6, available)];
    b.get(0, idBytes);
    byte[] expected = ID.getBytes(StandardCharsets.US_ASCII);
    boolean isBlockfile = available >= 6 ? startsWith(idBytes, expected)
        : available > 0 && startsWith(expected, idBytes);
    if (!isBlockfile) {
      throw new BlockfileFormatException(file, "ID", "not a blockfile: it starts with "
          + describe(idBytes) + " where a blockfile starts with \"IMGBLO\"");
    }
    if (available < 6) throw truncated(file, size, FIELDS.get(0));
    if (available < 8) throw truncated(file, size, FIELDS.get(1));
    int m0 = Byte.toUnsignedInt(b.get(6));
    int m1 = Byte.toUnsignedInt(b.get(7));
    if (m0 == (MAGIC & 0xFF) && m1 == MAGIC >>> 8) {
      b.order(ByteOrder.LITTLE_ENDIAN);
    } else if (m0 == MAGIC >>> 8 && m1 == (MAGIC & 0xFF)) {
      b.order(ByteOrder.BIG_ENDIAN);
    } else {
      throw new BlockfileFormatException(file, "MAGIC", String.format(
          "unsupported blockfile version: MAGIC is 0x%04x (bytes %02X %02X); hyperflux reads"
              + " version 0x0102, the only one HyperSpy 1.7.3 knows", m0 | m1 << 8, m0, m1));
    }
    for (Field f : FIELDS) {
      if (f.offset() + f.size() > available) throw truncated(file, size, f);
    }
    long offset1 = Integer.toUnsignedLong(b.getInt(8));
    long offset2 = Integer.toUnsignedLong(b.getInt(12));
    if (offset1 < RECORD_BYTES) {
      throw new BlockfileFormatException(file, "Data_offset_1", "Data_offset_1 is " + offset1
          + ", inside the " + RECORD_BYTES + "-byte header record it must follow");
    }
    if (offset2 < RECORD_BYTES) {
      throw new BlockfileFormatException(file, "Data_offset_2", "Data_offset_2 is " + offset2
          + ", inside the " + RECORD_BYTES + "-byte header record it must follow");
    }
    long noteBytes = offset1 - RECORD_BYTES;
    if (noteBytes > MAX_NOTE_BYTES) {
      throw new BlockfileFormatException(file, "Data_offset_1", "Data_offset_1 is " + offset1
          + ", which would make a note of " + noteBytes + " bytes (more than "
          + MAX_NOTE_BYTES + "); the header is corrupt");
    }
    if (size < offset1) {
      throw new BlockfileFormatException(file, "Note", "the file is truncated: it ends after "
          + size + " bytes, inside the note that runs from byte " + RECORD_BYTES
          + " to Data_offset_1 = " + offset1);
    }
    ByteBuffer noteBuffer = ByteBuffer.allocate((int) noteBytes);
    readFully(channel, noteBuffer, RECORD_BYTES);
    return new BlockfileHeader(file, b, decodeNote(noteBuffer.array()));
  }

  /** HyperSpy's {@code note.decode("latin1").strip("\x00")}: NULs removed from both ends only. */
  static String decodeNote(byte[] bytes) {
    int from = 0;
    int to = bytes.length;
    while (from < to && bytes[from] == 0) from++;
    while (to > from && bytes[to - 1] == 0) to--;
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static void readFully(FileChannel channel, ByteBuffer b, long position) throws IOException {
    while (b.hasRemaining()) {
      int n = channel.read(b, position + b.position());
      if (n < 0) break;
    }
    b.flip();
  }

  /** True when {@code prefix} is as long as {@code full} at most and matches its start. */
  private static boolean startsWith(byte[] full, byte[] prefix) {
    if (prefix.length > full.length) return false;
    for (int i = 0; i < prefix.length; i++) if (full[i] != prefix[i]) return false;
    return true;
  }

  private static String describe(byte[] bytes) {
    if (bytes.length == 0) return "nothing (the file is empty)";
    StringBuilder hex = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (byte x : bytes) {
      if (hex.length() > 0) hex.append(' ');
      hex.append(String.format("%02X", x));
      char c = (char) (x & 0xFF);
      text.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return "bytes " + hex + " (\"" + text + "\")";
  }

  private static BlockfileFormatException truncated(Path file, long size, Field f) {
    return new BlockfileFormatException(file, f.name(), "the file is truncated: it ends after "
        + size + " bytes, inside the " + RECORD_BYTES + "-byte header record, where field "
        + f.name() + " spans bytes [" + f.offset() + ", " + (f.offset() + f.size()) + ")");
  }

  private static List<Field> fields() {
    java.util.ArrayList<Field> f = new java.util.ArrayList<>();
    f.add(new Field("ID", 0, 6));
    f.add(new Field("MAGIC", 6, 2));
    f.add(new Field("Data_offset_1", 8, 4));
    f.add(new Field("Data_offset_2", 12, 4));
    f.add(new Field("UNKNOWN1", 16, 4));
    f.add(new Field("DP_SZ", 20, 2));
    f.add(new Field("DP_rotation", 22, 2));
    f.add(new Field("NX", 24, 2));
    f.add(new Field("NY", 26, 2));
    f.add(new Field("Scan_rotation", 28, 2));
    f.add(new Field("SX", 30, 8));
    f.add(new Field("SY", 38, 8));
    f.add(new Field("Beam_energy", 46, 4));
    f.add(new Field("SDP", 50, 2));
    f.add(new Field("Camera_length", 52, 4));
    f.add(new Field("Acquisition_time", 56, 8));
    for (int i = 0; i < 8; i++) f.add(new Field("Centering_N" + i, 64 + 8 * i, 8));
    for (int i = 0; i < 14; i++) f.add(new Field(String.format("Distortion_N%02d", i), 128 + 8 * i, 8));
    return List.copyOf(f);
  }

  // ------------------------------------------------------------------------------ accessors

  /** The file the header was read from. */
  public Path file() {
    return file;
  }

  /** The byte order of the header's numbers, found from {@code MAGIC}. */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /** {@code ID}: always {@code "IMGBLO"} (anything else is not a blockfile). */
  public String id() {
    return id;
  }

  /** {@code MAGIC}: the version, {@code 0x0102}. */
  public int magic() {
    return magic;
  }

  /** {@code Data_offset_1}: byte offset of the virtual bright-field image. */
  public long dataOffset1() {
    return dataOffset1;
  }

  /** {@code Data_offset_2}: byte offset of the first frame header. */
  public long dataOffset2() {
    return dataOffset2;
  }

  /** {@code UNKNOWN1}: flags of the ASTAR software. */
  public long unknown1() {
    return unknown1;
  }

  /** {@code DP_SZ}: the side of every (square) frame in pixels. */
  public int dpSize() {
    return dpSize;
  }

  /** {@code DP_rotation}: diffraction pattern rotation as stored. */
  public int dpRotation() {
    return dpRotation;
  }

  /** {@code NX}: scan positions along x (the fast scan axis). */
  public int nx() {
    return nx;
  }

  /** {@code NY}: scan positions along y. */
  public int ny() {
    return ny;
  }

  /** {@code Scan_rotation}: scan rotation in hundredths of a degree. */
  public int scanRotation() {
    return scanRotation;
  }

  /** {@code SX}: scan step along x in nm. */
  public double sx() {
    return sx;
  }

  /** {@code SY}: scan step along y in nm. */
  public double sy() {
    return sy;
  }

  /** {@code Beam_energy} in V. */
  public long beamEnergy() {
    return beamEnergy;
  }

  /** {@code SDP}: diffraction pixel size as 100 × pixels per cm (0: uncalibrated). */
  public int sdp() {
    return sdp;
  }

  /** {@code Camera_length} in tenths of a mm. */
  public long cameraLength() {
    return cameraLength;
  }

  /** {@code Acquisition_time}: a serial date, days since 1899-12-30 00:00 UTC. */
  public double acquisitionTime() {
    return acquisitionTime;
  }

  /** {@code Centering_N0} to {@code Centering_N7} (a copy). */
  public double[] centering() {
    return centering.clone();
  }

  /** {@code Distortion_N00} to {@code Distortion_N13} (a copy). */
  public double[] distortion() {
    return distortion.clone();
  }

  /** The note between the record and {@code Data_offset_1}, Latin-1, NUL padding removed. */
  public String note() {
    return note;
  }

  /** {@code NX × NY}: the number of frames the header promises. */
  public long frameCount() {
    return (long) nx * ny;
  }

  /** Bytes of one frame in the file: the 6-byte frame header and {@code DP_SZ²} pixels. */
  public long frameRecordBytes() {
    return FRAME_HEADER_BYTES + (long) dpSize * dpSize;
  }

  /** The byte offset of frame {@code index}'s header (file order: {@code y * NX + x}). */
  public long frameOffset(long index) {
    return dataOffset2 + index * frameRecordBytes();
  }

  /** The file size the header promises: the end of the last frame. */
  public long expectedFileSize() {
    return frameOffset(frameCount());
  }

  @Override
  public String toString() {
    return "BlockfileHeader[" + file + ": NX=" + nx + ", NY=" + ny + ", DP_SZ=" + dpSize
        + ", SX=" + sx + ", SY=" + sy + ", SDP=" + sdp + ", " + byteOrder + "]";
  }
}
