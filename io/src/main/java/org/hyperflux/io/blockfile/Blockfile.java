package org.hyperflux.io.blockfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;

/**
 * A blockfile ({@code .blo}): the 4D-STEM / precession diffraction format of NanoMEGAS ASTAR,
 * which HyperSpy reads and writes. Opening reads only the header (see {@link BlockfileHeader})
 * and the first frame header; {@link #signal()} is a lazy signal over the frames, read frame run
 * by frame run as computations need them, so a file far larger than memory (the 34.9 GB scans
 * HyperSpy's big-data guide uses) streams in bounded memory.
 *
 * <pre>{@code
 * Signal s = Blockfile.load(Path.of("scan.blo"));     // <LazySignal2D, title: , dimensions: (NX, NY|DP, DP)>
 * Signal pattern = s.mean().compute();                  // the mean diffraction pattern, one pass
 *
 * Blockfile bf = Blockfile.open(Path.of("scan.blo"));
 * Signal withNav = bf.signal().withNavigator(bf.virtualBrightField());
 * }</pre>
 *
 * <p>The signal is what HyperSpy 1.7.3's {@code hs.load("scan.blo", lazy=True)} gives:
 *
 * <ul>
 *   <li>Data: uint8, array shape {@code (NY, NX, DP_SZ, DP_SZ)}; a scan axis of length 1 is left
 *       out, as HyperSpy squeezes it.
 *   <li>Axes in array order {@code y, x | dy, dx} (natural order {@code (x, y | dx, dy)}): {@code
 *       y} and {@code x} in {@code nm} with scales {@code SY} and {@code SX}, {@code dy} and {@code
 *       dx} in {@code cm} with scale {@code 100 / SDP}; every offset 0.
 *   <li>Metadata and {@code original_metadata} as HyperSpy's reader fills them (see {@code
 *       BlockfileMetadata}): {@code General.original_filename}, {@code date}, {@code time}, {@code
 *       time_zone} (from {@code Acquisition_time}, in this JVM's time zone as HyperSpy uses the
 *       local one), {@code notes}, an empty {@code title}; {@code Signal.signal_type =
 *       "diffraction"}; {@code Acquisition_instrument.TEM.beam_energy} (kV), {@code
 *       camera_length} and {@code rotation}; {@code original_metadata.blockfile_header} with every
 *       header field and the {@code Note}.
 *   <li>No navigator: HyperSpy 1.7.3 does not load the stored virtual bright-field image (its
 *       reader leaves that as a to-do). {@link #virtualBrightField()} returns it as a separate
 *       signal to set with {@link Signal#withNavigator}.
 * </ul>
 *
 * Differences from HyperSpy, each where HyperSpy fails or mislabels: a scale of 0 or not finite
 * ({@code SDP = 0}, which HyperSpy 1.7.3 fails on, or {@code SX}/{@code SY} = 0) becomes 1; when
 * a scan axis is squeezed the remaining axes keep their own names and calibrations (HyperSpy
 * names them by position: a one-row scan loaded by HyperSpy has a navigation axis called {@code
 * y} and a signal axis called {@code x}); a file that ends before its last frame fails, naming
 * the frame, when that frame is read (HyperSpy pads it with zeros); bytes after the last frame
 * are ignored (HyperSpy fails); a frame whose frame header is wrong fails (HyperSpy never looks
 * at them); an unknown {@code MAGIC} fails (HyperSpy warns and reads on). A header in big-endian
 * order is recognised from {@code MAGIC}, and frame headers in either order from frame 0's marker,
 * where HyperSpy must be told the byte order.
 *
 * <p>A {@code Blockfile} holds no open file: every execution opens its own channel and closes it
 * when done, so signals over one file never disturb each other. Immutable and thread-safe.
 */
public final class Blockfile {
  private final Path path;
  private final BlockfileHeader header;
  private final ByteOrder frameOrder;
  private final long firstId;
  private final int bufferBytes;
  private final Metadata metadata;
  private final Metadata originalMetadata;

  private Blockfile(Path path, BlockfileHeader header, ByteOrder frameOrder, long firstId,
      int bufferBytes) {
    this.path = path;
    this.header = header;
    this.frameOrder = frameOrder;
    this.firstId = firstId;
    this.bufferBytes = bufferBytes;
    Path name = path.getFileName();
    this.metadata = BlockfileMetadata.metadata(header, name == null ? "" : name.toString(),
        ZoneId.systemDefault());
    this.originalMetadata = BlockfileMetadata.originalMetadata(header);
  }

  /**
   * Opens {@code path}, reading its header and the header of its first frame (blocking); no
   * frame data is read.
   *
   * @throws NoSuchFileException when there is no such file
   * @throws BlockfileFormatException when the file is not a blockfile, has an unsupported version
   *     or a truncated or impossible header, naming the file and the field
   * @throws IOException when the file cannot be read
   */
  public static Blockfile open(Path path) throws IOException {
    return open(path, FrameSource.DEFAULT_BUFFER_BYTES);
  }

  /** {@link #open(Path)} reading frames through scratch buffers of {@code bufferBytes}. */
  static Blockfile open(Path path, int bufferBytes) throws IOException {
    Objects.requireNonNull(path, "path");
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no blockfile at " + path);
    }
    if (Files.isDirectory(path)) {
      throw new FileSystemException(path.toString(), null, "a directory, not a blockfile");
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      BlockfileHeader header = BlockfileHeader.read(path, ch);
      ByteOrder order = ByteOrder.LITTLE_ENDIAN;
      long firstId = 0;
      if (header.frameCount() > 0) {
        ByteBuffer b = ByteBuffer.allocate(BlockfileHeader.FRAME_HEADER_BYTES);
        while (b.hasRemaining() && ch.read(b, header.dataOffset2() + b.position()) >= 0) {
          continue;
        }
        if (!b.hasRemaining()) {
          int b0 = Byte.toUnsignedInt(b.get(0));
          int b1 = Byte.toUnsignedInt(b.get(1));
          if (b0 == 0x55 && b1 == 0xAA) order = ByteOrder.BIG_ENDIAN;
          if ((b0 | b1 << 8) == BlockfileHeader.FRAME_MAGIC
              || (b0 << 8 | b1) == BlockfileHeader.FRAME_MAGIC) {
            firstId = Integer.toUnsignedLong(b.order(order).getInt(2));
          }
        }
      }
      return new Blockfile(path, header, order, firstId, bufferBytes);
    }
  }

  /**
   * Whether {@code path} is a regular file that starts with a blockfile's {@code "IMGBLO"} (for
   * format detection: reads six bytes; false when it cannot be read).
   */
  public static boolean isBlockfile(Path path) {
    Objects.requireNonNull(path, "path");
    if (!Files.isRegularFile(path)) return false;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(BlockfileHeader.ID.length());
      while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
        continue;
      }
      return !b.hasRemaining() && new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII)
          .equals(BlockfileHeader.ID);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code Blockfile.open(path).signal()}: the lazy signal of the file's frames, HyperSpy 1.7.3's
   * {@code hs.load(path, lazy=True)}.
   *
   * @throws IOException as {@link #open(Path)}
   */
  public static Signal load(Path path) throws IOException {
    return open(path).signal();
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /** The header, as read when opened. */
  public BlockfileHeader header() {
    return header;
  }

  /**
   * The frames' array shape: {@code (NY, NX, DP_SZ, DP_SZ)} without a scan axis of length 1.
   */
  public Shape shape() {
    return FrameSource.shape(header);
  }

  /**
   * The axes HyperSpy 1.7.3 gives the frames, in array order: {@code y} ({@code SY} nm), {@code x}
   * ({@code SX} nm), then signal axes {@code dy} and {@code dx} ({@code 100 / SDP} cm); offsets 0.
   */
  public Axes axes() {
    List<Axis> axes = new ArrayList<>(navigationAxes(true));
    double k = header.sdp() == 0 ? 1.0 : 100.0 / header.sdp();
    axes.add(Axis.uniform(header.dpSize(), k, 0.0).withName("dy").withUnits("cm"));
    axes.add(Axis.uniform(header.dpSize(), k, 0.0).withName("dx").withUnits("cm"));
    return Axes.of(axes);
  }

  private List<Axis> navigationAxes(boolean navigate) {
    List<Axis> axes = new ArrayList<>(2);
    if (header.ny() != 1) {
      axes.add(Axis.uniform(header.ny(), usable(header.sy()), 0.0).withName("y").withUnits("nm")
          .withNavigate(navigate));
    }
    if (header.nx() != 1) {
      axes.add(Axis.uniform(header.nx(), usable(header.sx()), 0.0).withName("x").withUnits("nm")
          .withNavigate(navigate));
    }
    return axes;
  }

  private static double usable(double scale) {
    return Double.isFinite(scale) && scale != 0 ? scale : 1.0;
  }

  /** The metadata HyperSpy 1.7.3 gives a signal loaded from this file (dates in this JVM's zone). */
  public Metadata metadata() {
    return metadata;
  }

  /** The {@code original_metadata} HyperSpy 1.7.3 gives it: {@code blockfile_header}. */
  public Metadata originalMetadata() {
    return originalMetadata;
  }

  /**
   * The frames as a lazy signal (axes, metadata and {@code original_metadata} as described on
   * this class) chunked automatically for {@link ExecOptions#defaults()}. Reads nothing.
   */
  public Signal signal() {
    return signal(ExecOptions.defaults());
  }

  /**
   * The frames as a lazy signal chunked automatically for the budget and parallelism of {@code
   * options} (DESIGN §2's policy, {@link ChunkGrid#auto}: whole frames, the scan split as evenly
   * as it allows; a frame larger than the chunk target is split too). Reads nothing.
   */
  public Signal signal(ExecOptions options) {
    Objects.requireNonNull(options, "options");
    return signal(ChunkGrid.auto(shape(), DType.UINT8, 2, options.budgetBytes(),
        options.parallelism()));
  }

  /**
   * The frames as a lazy signal with the caller's chunk grid over {@link #shape()} (any grid:
   * regions are read straight from the file). Reads nothing.
   *
   * <pre>{@code Signal rows = bf.signal(ChunkGrid.regular(bf.shape(), 1, bf.header().nx(), 256, 256));}</pre>
   *
   * @throws IllegalArgumentException when the grid's shape is not {@link #shape()}
   */
  public Signal signal(ChunkGrid grid) {
    Objects.requireNonNull(grid, "grid");
    return Signal.lazy(LazyArray.of(frameSource(grid)), axes())
        .withMetadata(metadata)
        .withOriginalMetadata(originalMetadata);
  }

  /** The frames as a source with storage grid {@code grid}. */
  FrameSource frameSource(ChunkGrid grid) {
    return new FrameSource(header, frameOrder, firstId, grid, bufferBytes);
  }

  /**
   * The virtual bright-field image stored in the file, as a lazy Signal2D (a Signal1D or a scalar
   * when scan axes have length 1) whose signal axes are the frames' navigation axes (array order
   * {@code y, x}, same calibration), so that {@code signal().withNavigator(virtualBrightField())}
   * fits. uint8, as stored: {@code NY × NX} bytes at {@code Data_offset_1} in scan order (the
   * layout HyperSpy's writer uses). Titled {@code "Virtual bright field"}; reads nothing.
   *
   * @throws BlockfileFormatException when the image would run into the frames at {@code
   *     Data_offset_2}
   */
  public Signal virtualBrightField() throws BlockfileFormatException {
    long end = header.dataOffset1() + header.frameCount();
    if (end > header.dataOffset2()) {
      throw new BlockfileFormatException(path, "Data_offset_2", "the virtual bright-field image"
          + " of NX × NY = " + header.frameCount() + " bytes at Data_offset_1 = "
          + header.dataOffset1() + " runs to byte " + end + ", past Data_offset_2 = "
          + header.dataOffset2() + " where the frames begin");
    }
    Shape shape = ImageSource.shape(header);
    ExecOptions defaults = ExecOptions.defaults();
    ChunkGrid grid = ChunkGrid.auto(shape, DType.UINT8, 0, defaults.budgetBytes(),
        defaults.parallelism());
    Metadata md = Metadata.of(Map.of("General", Map.of(
        "title", "Virtual bright field",
        "original_filename", metadata.getString(Metadata.ORIGINAL_FILENAME).orElse(""))));
    return Signal.lazy(LazyArray.of(new ImageSource(header, grid)), Axes.of(navigationAxes(false)))
        .withMetadata(md)
        .withOriginalMetadata(originalMetadata);
  }

  @Override
  public String toString() {
    return "Blockfile[" + path + ", " + FrameSource.shape(header) + "]";
  }
}
