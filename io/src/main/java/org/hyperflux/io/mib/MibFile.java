package org.hyperflux.io.mib;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;

/**
 * A Quantum Detectors Merlin {@code .mib} file: frames exactly as the detector sends them on its
 * data channel without the {@code MPX} framing, {@code [MQ1 header + pixels]*}, every frame the
 * same size. Opening reads the first frame's header, the file's size and the {@code .hdr}
 * sidecar (the same stem, {@code scan.mib} → {@code scan.hdr}) when there is one; {@link
 * #signal()} is a lazy signal over the frames, read by region as computations ask, each frame's
 * header checked as it is read. A file far larger than memory streams in bounded memory.
 *
 * <pre>{@code
 * Signal s = MibFile.load(Path.of("scan.mib"));   // <LazySignal2D, title: scan, dimensions: (256, 256|256, 256)>
 * Signal sum = s.sum().compute();                   // the sum frame, one pass
 * // a file without ScanX/ScanY in its .hdr: give the scan, (ScanY, ScanX)
 * Signal t = MibFile.open(Path.of("old.mib"), 128, -1).signal();
 * }</pre>
 *
 * <p><b>The signal.</b>
 *
 * <ul>
 *   <li>Data: array shape {@code (nav..., imageHeight, imageWidth)}; dtype as the frames hold it
 *       ({@code U08}..{@code U64}: uint8..uint64, big-endian on disk), or for raw {@code R64}
 *       frames that of the counter depth (1 and 6 bits: uint8, 12 bits: uint16; a raw quad
 *       decodes to 512 × 512, or 514 × 514 with gaps; see {@link MerlinPixels}).
 *   <li>Navigation shape, in this order of preference: the caller's ({@link #open(Path,
 *       long...)}, {@code LoadOptions.withNavigationShape}; one extent may be {@code -1}); the
 *       {@code .hdr}'s {@code (ScanY, ScanX)}; else one axis of all frames.
 *   <li>Axes: navigation {@code y, x} (one axis: {@code frame}), signal {@code ky, kx}, scale 1,
 *       offset 0, no units (the files carry no calibration).
 *   <li>Metadata: {@code General.title} = the file name without {@code .mib}, {@code
 *       General.original_filename}. {@code original_metadata}: {@code hdr_file} (every {@code
 *       .hdr} field, as HyperSpy's RosettaSciIO names it; dots in keys become {@code _}), {@code
 *       frame_header} (the first frame's fields and its header text) and {@code mib} (frames in
 *       the file, frames read, trailing bytes, where the navigation shape came from).
 * </ul>
 *
 * <p><b>Files that do not end on a frame, or hold more or fewer frames than the scan.</b> As
 * LiberTEM and RosettaSciIO do, the file holds {@code size / frameBytes} whole frames, and bytes
 * after the last whole frame (an acquisition cut short while writing) are not read: their number
 * is {@link #trailingBytes()} and {@code original_metadata.mib.trailing_bytes}. With the {@code
 * .hdr}'s scan shape, a file with more frames reads the first {@code ScanX × ScanY}; one with
 * fewer (an interrupted scan) reads its complete scan rows, as RosettaSciIO documents, or all its
 * frames as one axis when not one row is complete; {@code original_metadata.mib} says which. A
 * caller's navigation shape may take fewer frames than the file holds (the first ones) but not
 * more: that fails naming the file, the frames it holds and, for a cut-short file, the frame it
 * ends in.
 *
 * <p>Differences from RosettaSciIO ({@code rsciio.quantumdetector}, HyperSpy 2's reader; HyperSpy
 * 1.7.3 has no {@code .mib} reader): frames are not flipped upside down (RosettaSciIO flips
 * them; LiberTEM and the detector's own row order do not); raw frames are decoded (RosettaSciIO
 * refuses them); every frame header is checked; the scan shape comes from {@code ScanX}/{@code
 * ScanY} (RosettaSciIO derives it from {@code Frames per Trigger}). Concatenated multi-file
 * acquisitions are not read as one.
 *
 * <p>A {@code MibFile} holds no open file: every execution opens its own channel and closes it
 * when done. Immutable and thread-safe.
 */
public final class MibFile {
  private final Path path;
  private final MerlinFrameHeader first;
  private final String firstHeaderText;
  private final Path hdrPath;
  private final MerlinAcquisitionHeader hdr;
  private final long fileBytes;
  private final long framesInFile;
  private final long[] navigationShape;
  private final String navigationFrom;
  private final int bufferBytes;

  private MibFile(Path path, MerlinFrameHeader first, String firstHeaderText, Path hdrPath,
      MerlinAcquisitionHeader hdr, long fileBytes, long[] navigationShape, String navigationFrom,
      int bufferBytes) {
    this.path = path;
    this.first = first;
    this.firstHeaderText = firstHeaderText;
    this.hdrPath = hdrPath;
    this.hdr = hdr;
    this.fileBytes = fileBytes;
    this.framesInFile = fileBytes / first.frameBytes(path.toString());
    this.navigationShape = navigationShape;
    this.navigationFrom = navigationFrom;
    this.bufferBytes = bufferBytes;
  }

  /**
   * Opens {@code path} with the navigation shape of its {@code .hdr}, or one axis of its frames;
   * reads the first frame's header, the file size and the {@code .hdr} (blocking); no pixel.
   *
   * @throws NoSuchFileException when there is no such file
   * @throws MibFrameException when the first frame's header does not parse or is of a kind not
   *     supported, or the file is shorter than one frame
   * @throws IOException when the file or its {@code .hdr} cannot be read or the {@code .hdr} is
   *     malformed
   */
  public static MibFile open(Path path) throws IOException {
    return open(path, (long[]) null);
  }

  /**
   * {@link #open(Path)} as a scan of {@code navigationShape} (array order, {@code (ScanY, ScanX)}
   * for a 2-D scan; one extent may be {@code -1}: as many as the whole frames fill, rounded
   * down); null or empty: the shape of the {@code .hdr}, else one axis.
   *
   * @throws IllegalArgumentException when the shape needs more frames than the file holds
   *     (naming the file, its whole frames and the frame a cut-short file ends in), or has an
   *     extent below 1 other than one -1
   */
  public static MibFile open(Path path, long... navigationShape) throws IOException {
    return open(path, navigationShape, MibFrameSource.DEFAULT_BUFFER_BYTES);
  }

  /** {@link #open(Path, long...)} reading through scratch buffers of at least {@code bufferBytes}. */
  static MibFile open(Path path, long[] navigationShape, int bufferBytes) throws IOException {
    Objects.requireNonNull(path, "path");
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no Merlin .mib file at " + path);
    }
    if (Files.isDirectory(path)) {
      throw new FileSystemException(path.toString(), null, "a directory, not a Merlin .mib file");
    }
    MerlinFrameHeader first;
    String text;
    long size;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      size = ch.size();
      byte[] prefix = readAt(ch, 0, MerlinFrameHeader.MIN_PREFIX);
      if (prefix.length < MerlinFrameHeader.MIN_PREFIX) {
        throw new MibFrameException(path, 0, 0, "the file of " + size + " bytes is too short"
            + " for a frame header");
      }
      try {
        int dataOffset = MerlinFrameHeader.dataOffset(prefix, 0, path + " frame 0");
        byte[] header = readAt(ch, 0, dataOffset);
        first = MerlinFrameHeader.parse(header, 0, header.length, path + " frame 0");
        text = new String(header, StandardCharsets.ISO_8859_1).strip();
      } catch (MerlinFormatException e) {
        throw new MibFrameException(path, 0, 0, "its MQ1 header cannot be read (" + e.getMessage()
            + ")", e);
      }
    }
    long frameBytes = first.frameBytes(path.toString());
    if (size < frameBytes) {
      throw new MibFrameException(path, 0, 0, "the file of " + size + " bytes ends inside its"
          + " first frame of " + frameBytes + " bytes (a " + first.dataOffset() + "-byte header and "
          + first.width() + "x" + first.height() + " " + first.pixelType() + " pixels)");
    }
    Path hdrPath = sidecar(path);
    MerlinAcquisitionHeader hdr = null;
    if (hdrPath != null && Files.isRegularFile(hdrPath)) {
      try {
        byte[] hdrText = Files.readAllBytes(hdrPath);
        hdr = MerlinAcquisitionHeader.parse(hdrText, 0, hdrText.length, hdrPath.toString());
      } catch (MerlinFormatException e) {
        throw new IOException(e.getMessage() + " (the .hdr of Merlin file " + path + "; move it"
            + " away to read the frames without it)", e);
      }
    } else {
      hdrPath = null;
    }
    long frames = size / frameBytes;
    long[] nav;
    String from;
    if (navigationShape != null && navigationShape.length > 0) {
      nav = given(path, navigationShape, frames, size % frameBytes, frameBytes);
      from = "LoadOptions";
    } else {
      OptionalInt sx = hdr == null ? OptionalInt.empty() : hdr.scanX();
      OptionalInt sy = hdr == null ? OptionalInt.empty() : hdr.scanY();
      if (sx.isPresent() && sy.isPresent() && sx.getAsInt() > 0 && sy.getAsInt() > 0) {
        long x = sx.getAsInt();
        long y = sy.getAsInt();
        if (frames >= x * y) {
          nav = new long[] {y, x};
          from = "hdr ScanX, ScanY";
        } else if (frames >= x) {
          nav = new long[] {frames / x, x};
          from = "hdr ScanX, ScanY: the complete rows of an interrupted scan (" + frames / x
              + " of " + y + ")";
        } else {
          nav = new long[] {frames};
          from = "frames: the hdr's scan of ScanX x ScanY = " + x + " x " + y + " has not one"
              + " complete row";
        }
      } else {
        nav = new long[] {frames};
        from = hdr == null ? "frames (no .hdr)" : "frames (no ScanX, ScanY in the .hdr)";
      }
    }
    for (long d : nav) {
      if (d > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("navigation axis of " + d + " frames in " + path
            + " is longer than an axis can be (" + Integer.MAX_VALUE + "); give a navigation shape"
            + " of several axes");
      }
    }
    return new MibFile(path, first, text, hdrPath, hdr, size, nav, from, bufferBytes);
  }

  /** The caller's navigation shape with its {@code -1} resolved, checked against the frames. */
  private static long[] given(Path path, long[] shape, long frames, long trailing, long frameBytes) {
    long[] nav = shape.clone();
    long known = 1;
    int inferred = -1;
    for (int a = 0; a < nav.length; a++) {
      if (nav[a] == -1 && inferred < 0) {
        inferred = a;
      } else if (nav[a] < 1) {
        throw new IllegalArgumentException("navigation extents must be >= 1, with at most one -1;"
            + " got " + Arrays.toString(shape));
      } else {
        known = Math.multiplyExact(known, nav[a]);
      }
    }
    if (inferred >= 0) nav[inferred] = frames / known;
    long needed = 1;
    for (long d : nav) needed = Math.multiplyExact(needed, d);
    if (needed > frames || needed == 0) {
      throw new IllegalArgumentException("navigation shape " + Arrays.toString(shape) + " needs "
          + (needed == 0 ? known : needed) + " frames but Merlin file " + path + " holds " + frames
          + " whole frames of " + frameBytes + " bytes"
          + (trailing > 0 ? " and then " + trailing + " bytes of frame " + frames + ", cut short"
              + " (the file is truncated)" : ""));
    }
    return nav;
  }

  /**
   * Whether {@code path} is a regular file that starts like a Merlin {@code .mib}: {@code MQ1,}
   * and a 5-digit data offset (for format detection: reads 16 bytes; false when it cannot be
   * read).
   */
  public static boolean isMib(Path path) {
    Objects.requireNonNull(path, "path");
    if (!Files.isRegularFile(path)) return false;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      byte[] b = readAt(ch, 0, MerlinFrameHeader.MIN_PREFIX);
      if (b.length < MerlinFrameHeader.MIN_PREFIX) return false;
      MerlinFrameHeader.dataOffset(b, 0, path.toString());
      return true;
    } catch (IOException | MerlinFormatException e) {
      return false;
    }
  }

  /** {@code MibFile.open(path).signal()}. */
  public static Signal load(Path path) throws IOException {
    return open(path).signal();
  }

  private static byte[] readAt(FileChannel ch, long position, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) break;
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  /** {@code scan.mib} → {@code scan.hdr} (same stem; {@code .HDR} beside a {@code .MIB}). */
  private static Path sidecar(Path path) {
    Path name = path.getFileName();
    if (name == null) return null;
    String n = name.toString();
    String stem = n.toLowerCase(Locale.ROOT).endsWith(".mib") ? n.substring(0, n.length() - 4) : n;
    boolean upper = n.endsWith(".MIB");
    return path.resolveSibling(stem + (upper ? ".HDR" : ".hdr"));
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /** The first frame's header, as read when opened. */
  public MerlinFrameHeader firstFrameHeader() {
    return first;
  }

  /** The {@code .hdr} sidecar's acquisition header, when there is one. */
  public Optional<MerlinAcquisitionHeader> acquisitionHeader() {
    return Optional.ofNullable(hdr);
  }

  /** Whole frames in the file ({@code size / frameBytes}). */
  public long framesInFile() {
    return framesInFile;
  }

  /** Bytes after the last whole frame, not read (0 for a complete file). */
  public long trailingBytes() {
    return fileBytes - framesInFile * first.frameBytes(path.toString());
  }

  /** The navigation shape, array order. */
  public long[] navigationShape() {
    return navigationShape.clone();
  }

  /** The frames' array shape: {@code (nav..., imageHeight, imageWidth)}. */
  public Shape shape() {
    long[] dims = Arrays.copyOf(navigationShape, navigationShape.length + 2);
    dims[navigationShape.length] = first.imageHeight();
    dims[navigationShape.length + 1] = first.imageWidth();
    return Shape.of(dims);
  }

  /** Navigation {@code y, x} (or {@code frame}), signal {@code ky, kx}; scale 1, offset 0, no units. */
  public Axes axes() {
    List<Axis> axes = new ArrayList<>();
    int n = navigationShape.length;
    for (int a = 0; a < n; a++) {
      String name = n == 1 ? "frame" : a == n - 1 ? "x" : a == n - 2 ? "y" : "nav" + a;
      axes.add(Axis.uniform((int) navigationShape[a], 1.0, 0.0).withName(name).withNavigate(true));
    }
    axes.add(Axis.uniform(first.imageHeight(), 1.0, 0.0).withName("ky").withNavigate(false));
    axes.add(Axis.uniform(first.imageWidth(), 1.0, 0.0).withName("kx").withNavigate(false));
    return Axes.of(axes);
  }

  /** {@code General.title} (the name without {@code .mib}) and {@code General.original_filename}. */
  public Metadata metadata() {
    Path name = path.getFileName();
    String n = name == null ? "" : name.toString();
    String title = n.toLowerCase(Locale.ROOT).endsWith(".mib") ? n.substring(0, n.length() - 4) : n;
    return Metadata.empty().withTitle(title).with(Metadata.ORIGINAL_FILENAME, n);
  }

  /** {@code mib}, {@code frame_header} and {@code hdr_file} (see the class comment). */
  public Metadata originalMetadata() {
    Map<String, Object> mib = new LinkedHashMap<>();
    long used = 1;
    for (long d : navigationShape) used *= d;
    mib.put("frames_in_file", framesInFile);
    mib.put("frames_read", used);
    mib.put("frame_bytes", (long) first.frameBytes(path.toString()));
    mib.put("trailing_bytes", trailingBytes());
    mib.put("navigation_shape_from", navigationFrom);
    if (hdrPath != null) mib.put("hdr_file_name", String.valueOf(hdrPath.getFileName()));
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("sequence", first.sequence());
    frame.put("data_offset", (long) first.dataOffset());
    frame.put("chips", (long) first.chips());
    frame.put("width", (long) first.width());
    frame.put("height", (long) first.height());
    frame.put("pixel_type", first.pixelType());
    frame.put("layout", first.layout());
    frame.put("counter_depth", (long) first.counterDepth());
    frame.put("text", firstHeaderText);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mib", mib);
    root.put("frame_header", frame);
    if (hdr != null) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : hdr.fields().entrySet()) {
        fields.put(e.getKey().replace('.', '_'), e.getValue());
      }
      root.put("hdr_file", fields);
    }
    return Metadata.of(root);
  }

  /** The frames as a lazy signal chunked automatically for {@link ExecOptions#defaults()}. Reads nothing. */
  public Signal signal() {
    return signal(ExecOptions.defaults());
  }

  /**
   * The frames as a lazy signal chunked automatically for the budget and parallelism of {@code
   * options} (DESIGN §2's policy, {@link ChunkGrid#auto}: whole frames, several per chunk; a
   * frame larger than the chunk target is split too). Reads nothing.
   */
  public Signal signal(ExecOptions options) {
    Objects.requireNonNull(options, "options");
    return signal(ChunkGrid.auto(shape(), first.dtype(), 2, options.budgetBytes(),
        options.parallelism()));
  }

  /**
   * The frames as a lazy signal with the caller's chunk grid over {@link #shape()} (any grid:
   * regions are read straight from the file). Reads nothing.
   *
   * @throws IllegalArgumentException when the grid's shape is not {@link #shape()}
   */
  public Signal signal(ChunkGrid grid) {
    Objects.requireNonNull(grid, "grid");
    return Signal.lazy(LazyArray.of(frameSource(grid)), axes())
        .withMetadata(metadata())
        .withOriginalMetadata(originalMetadata());
  }

  /** The frames as a source with storage grid {@code grid}. */
  MibFrameSource frameSource(ChunkGrid grid) {
    return new MibFrameSource(path, first, shape(), grid, bufferBytes);
  }

  @Override
  public String toString() {
    return "MibFile[" + path + ", " + shape() + " " + first.dtype().numpyName() + ", "
        + first.pixelType() + " " + first.layout() + "]";
  }
}
