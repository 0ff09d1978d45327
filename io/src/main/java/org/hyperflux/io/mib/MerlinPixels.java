package org.hyperflux.io.mib;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hyperflux.core.array.Block;

/**
 * Converts Merlin pixel data (big-endian unsigned {@code U08}/{@code U16}/{@code U32}/{@code U64})
 * to and from typed blocks. Bulk conversions through {@link ByteBuffer} views, which the JIT turns
 * into byte-swapping copies.
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
