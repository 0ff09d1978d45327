package org.hyperflux.io.mib;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hyperflux.core.array.Block;

/**
 * Converts Merlin pixel data to and from typed blocks: big-endian unsigned {@code
 * U08}/{@code U16}/{@code U32}/{@code U64} ("binary" mode), with bulk conversions through
 * {@link ByteBuffer} views that the JIT turns into byte-swapping copies; and raw {@code R64}
 * frames ("raw binary" mode, {@link #decodeRaw}, {@link #encodeRaw}).
 *
 * <p><b>Raw frames</b> (LiberTEM-rs {@code libertem_qd_mpx/src/decoder.rs}): the pixels come in
 * 8-byte chunks, each a big-endian 64-bit word. Counter depth 1 ({@code R1}): 64 pixels per word,
 * pixel {@code i} is bit {@code i} ({@code (word >>> i) & 1}). Depth 6 ({@code R6}): one byte per
 * pixel, the 8 bytes of a word in reverse order (pixel {@code k} is byte {@code 7 - k}). Depth 12
 * ({@code R12}): four big-endian u16 per word in reverse order (pixel {@code k} is the u16 at byte
 * {@code 2 (3 - k)}). A single chip ({@code 1x1}) is the decoded pixels in row order. A quad
 * ({@code 2x2}, {@code 2x2G}) arrives as a 256 × 1024 wire image whose every row holds one row of
 * each chip in the order {@code [Q4|Q3|Q2|Q1]}; in the decoded frame Q1 and Q2 are the top half
 * (left, right), Q3 and Q4 the bottom half (left, right), both flipped in x and y: wire row
 * {@code r} holds top row {@code r} and bottom row {@code H - 1 - r}, and the Q3/Q4 pixels run
 * right to left. {@code 2x2G} inserts two gap rows and two gap columns between the chips (514 ×
 * 514), which decode to 0. Counter depth 24 is not supported (as in LiberTEM).
 *
 * <p>Stateless and thread-safe.
 */
public final class MerlinPixels {
  private MerlinPixels() {}

  /**
   * Decodes {@code pixels} values from {@code src[srcOffset..]} into {@code dst} starting at
   * element {@code dstPos} (relative to the block's own offset); {@code dst}'s dtype must be the
   * header's.
   */
  public static void decode(MerlinFrameHeader header, byte[] src, int srcOffset, Block dst, int dstPos, int pixels) {
    ByteBuffer in = ByteBuffer.wrap(src, srcOffset, pixels * dst.dtype().itemSize()).order(ByteOrder.BIG_ENDIAN);
    int at = dst.offset() + dstPos;
    switch (header.pixelType()) {
      case "U08": System.arraycopy(src, srcOffset, (byte[]) dst.array(), at, pixels); break;
      case "U16": in.asShortBuffer().get((short[]) dst.array(), at, pixels); break;
      case "U32": in.asIntBuffer().get((int[]) dst.array(), at, pixels); break;
      case "U64": in.asLongBuffer().get((long[]) dst.array(), at, pixels); break;
      default: throw new MerlinFormatException("pixel type '" + header.pixelType() + "' cannot be decoded");
    }
  }

  /**
   * {@link #decode(MerlinFrameHeader, byte[], int, Block, int, int)} from {@code src} at its
   * position (which is not moved; the buffer's own byte order is ignored).
   */
  public static void decode(MerlinFrameHeader header, ByteBuffer src, Block dst, int dstPos, int pixels) {
    if (src.hasArray()) {
      decode(header, src.array(), src.arrayOffset() + src.position(), dst, dstPos, pixels);
      return;
    }
    ByteBuffer in = src.duplicate().order(ByteOrder.BIG_ENDIAN);
    in.limit(in.position() + pixels * dst.dtype().itemSize());
    int at = dst.offset() + dstPos;
    switch (header.pixelType()) {
      case "U08": in.get((byte[]) dst.array(), at, pixels); break;
      case "U16": in.asShortBuffer().get((short[]) dst.array(), at, pixels); break;
      case "U32": in.asIntBuffer().get((int[]) dst.array(), at, pixels); break;
      case "U64": in.asLongBuffer().get((long[]) dst.array(), at, pixels); break;
      default: throw new MerlinFormatException("pixel type '" + header.pixelType() + "' cannot be decoded");
    }
  }

  /**
   * Decodes one whole frame from {@code src} at its position (not moved) into {@code dst} from
   * element {@code dstPos}: {@code imageHeight × imageWidth} pixels in C order of the header's
   * {@link MerlinFrameHeader#dtype()}, whatever the pixel type (binary or raw).
   */
  public static void decodeFrame(MerlinFrameHeader header, ByteBuffer src, Block dst, int dstPos) {
    if (header.raw()) {
      decodeRaw(header, src, dst, dstPos);
    } else {
      decode(header, src, dst, dstPos, header.width() * header.height());
    }
  }

  /** {@link #decodeRaw(MerlinFrameHeader, ByteBuffer, Block, int)} from {@code src[srcOffset..]}. */
  public static void decodeRaw(MerlinFrameHeader header, byte[] src, int srcOffset, Block dst, int dstPos) {
    decodeRaw(header, ByteBuffer.wrap(src, srcOffset, src.length - srcOffset), dst, dstPos);
  }

  /**
   * Decodes the raw ({@code R64}) pixels of one frame, {@link MerlinFrameHeader#payloadBytes}
   * bytes from {@code src}'s position (not moved), into {@code dst} from element {@code dstPos}:
   * {@code imageHeight × imageWidth} values in C order, uint8 for counter depths 1 and 6, uint16
   * for 12 (see the class comment for the bit and quad layouts; gap pixels become 0).
   *
   * @throws MerlinFormatException when the header is not raw or its depth or layout is not supported
   * @throws IllegalArgumentException when {@code dst}'s dtype is not the header's
   */
  public static void decodeRaw(MerlinFrameHeader header, ByteBuffer src, Block dst, int dstPos) {
    RawLayout layout = RawLayout.of(header, dst);
    ByteBuffer in = src.duplicate().order(ByteOrder.BIG_ENDIAN);
    int base = in.position();
    int at = dst.offset() + dstPos;
    layout.clearGaps(dst.array(), at);
    int bits = layout.bits;
    int word = base;
    for (int seg = 0; seg < layout.segments; seg++) {
      int out = at + layout.start(seg);
      int step = layout.step(seg);
      for (int w = 0; w < layout.wordsPerSegment; w++, word += 8) {
        switch (bits) {
          case 1: {
            long v = in.getLong(word);
            byte[] o = (byte[]) dst.array();
            for (int i = 0; i < 64; i++, out += step) o[out] = (byte) ((v >>> i) & 1);
            break;
          }
          case 8: {
            byte[] o = (byte[]) dst.array();
            for (int k = 0; k < 8; k++, out += step) o[out] = in.get(word + 7 - k);
            break;
          }
          default: {
            short[] o = (short[]) dst.array();
            for (int k = 0; k < 4; k++, out += step) o[out] = in.getShort(word + 2 * (3 - k));
            break;
          }
        }
      }
    }
  }

  /**
   * Encodes one frame of {@code src} (from element {@code srcPos}: {@code imageHeight ×
   * imageWidth} values in C order, the header's dtype) as the raw ({@code R64}) pixels {@link
   * #decodeRaw} reads, {@link MerlinFrameHeader#payloadBytes} bytes into {@code dst[dstOffset..]}.
   * Gap pixels of {@code 2x2G} are not sent; values wider than the counter depth are sent as
   * their low bits (1 bit for R1) or whole (R6 bytes, R12 u16), as the detector never sends them.
   * For tests and simulators.
   */
  public static void encodeRaw(MerlinFrameHeader header, Block src, int srcPos, byte[] dst, int dstOffset) {
    RawLayout layout = RawLayout.of(header, src);
    ByteBuffer out = ByteBuffer.wrap(dst).order(ByteOrder.BIG_ENDIAN);
    int at = src.offset() + srcPos;
    int word = dstOffset;
    for (int seg = 0; seg < layout.segments; seg++) {
      int in = at + layout.start(seg);
      int step = layout.step(seg);
      for (int w = 0; w < layout.wordsPerSegment; w++, word += 8) {
        switch (layout.bits) {
          case 1: {
            byte[] a = (byte[]) src.array();
            long v = 0;
            for (int i = 0; i < 64; i++, in += step) v |= (long) (a[in] & 1) << i;
            out.putLong(word, v);
            break;
          }
          case 8: {
            byte[] a = (byte[]) src.array();
            for (int k = 0; k < 8; k++, in += step) dst[word + 7 - k] = a[in];
            break;
          }
          default: {
            short[] a = (short[]) src.array();
            for (int k = 0; k < 4; k++, in += step) out.putShort(word + 2 * (3 - k), a[in]);
            break;
          }
        }
      }
    }
  }

  /**
   * Where the raw pixels of a frame go: the wire data as segments of consecutive pixels (one for
   * a single chip; for a quad, 4 per wire row: Q4, Q3, Q2, Q1 of 256 pixels), each written to
   * the decoded frame from {@link #start} by {@link #step} (+1, or -1 for the flipped chips).
   */
  private static final class RawLayout {
    final int bits;
    final int segments;
    final int wordsPerSegment;
    final boolean quad;
    final int side;
    final int gap;

    private RawLayout(int bits, int segments, int wordsPerSegment, boolean quad, int side, int gap) {
      this.bits = bits;
      this.segments = segments;
      this.wordsPerSegment = wordsPerSegment;
      this.quad = quad;
      this.side = side;
      this.gap = gap;
    }

    static RawLayout of(MerlinFrameHeader h, Block block) {
      if (!h.raw()) {
        throw new MerlinFormatException("pixel type '" + h.pixelType() + "' is not raw (R64)");
      }
      h.payloadBytes("raw frame"); // checks depth, layout and size
      int bits = h.rawBitsPerPixel("raw frame");
      if (block.dtype() != h.dtype()) {
        throw new IllegalArgumentException("raw frames of counter depth " + h.counterDepth()
            + " decode to " + h.dtype().numpyName() + ", not " + block.dtype().numpyName());
      }
      int perWord = 64 / bits;
      if (h.rawQuad()) {
        return new RawLayout(bits, 4 * 256, 256 / perWord, true, h.imageWidth(),
            h.imageWidth() - 512);
      }
      int pixels = h.width() * h.height();
      return new RawLayout(bits, 1, pixels / perWord, false, h.width(), 0);
    }

    /** The decoded index of segment {@code seg}'s first pixel. */
    int start(int seg) {
      if (!quad) return 0;
      int r = seg >> 2;
      int bottom = (side - 1 - r) * side;
      switch (seg & 3) {
        case 0: return bottom + side - 1;          // Q4: bottom right, flipped
        case 1: return bottom + 255;               // Q3: bottom left, flipped
        case 2: return r * side + 256 + gap;       // Q2: top right
        default: return r * side;                  // Q1: top left
      }
    }

    int step(int seg) {
      return quad && (seg & 3) < 2 ? -1 : 1;
    }

    /** Zeroes the gap rows and columns of a {@code 2x2G} frame at {@code at}. */
    void clearGaps(Object array, int at) {
      if (gap == 0) return;
      for (int r = 0; r < side; r++) {
        if (r == 256 || r == 257) {
          fill(array, at + r * side, at + (r + 1) * side);
        } else {
          fill(array, at + r * side + 256, at + r * side + 258);
        }
      }
    }

    private static void fill(Object array, int from, int to) {
      if (array instanceof byte[] b) {
        java.util.Arrays.fill(b, from, to, (byte) 0);
      } else {
        java.util.Arrays.fill((short[]) array, from, to, (short) 0);
      }
    }
  }

  /** Encodes {@code pixels} values of {@code src} from element {@code srcPos} big-endian into {@code dst[dstOffset..]}. */
  public static void encode(Block src, int srcPos, int pixels, byte[] dst, int dstOffset) {
    ByteBuffer out = ByteBuffer.wrap(dst, dstOffset, pixels * src.dtype().itemSize()).order(ByteOrder.BIG_ENDIAN);
    int at = src.offset() + srcPos;
    switch (src.dtype()) {
      case UINT8: case INT8: System.arraycopy((byte[]) src.array(), at, dst, dstOffset, pixels); break;
      case UINT16: case INT16: out.asShortBuffer().put((short[]) src.array(), at, pixels); break;
      case UINT32: case INT32: out.asIntBuffer().put((int[]) src.array(), at, pixels); break;
      case UINT64: case INT64: out.asLongBuffer().put((long[]) src.array(), at, pixels); break;
      default: throw new IllegalArgumentException("Merlin frames hold unsigned integers, not " + src.dtype().numpyName());
    }
  }

  /** The Merlin pixel type of a dtype: {@code U08}, {@code U16}, {@code U32} or {@code U64}. */
  public static String pixelType(org.hyperflux.core.array.DType dtype) {
    switch (dtype) {
      case UINT8: return "U08";
      case UINT16: return "U16";
      case UINT32: return "U32";
      case UINT64: return "U64";
      default: throw new IllegalArgumentException("Merlin frames hold uint8/16/32/64, not " + dtype.numpyName());
    }
  }
}
