package org.hyperflux.io.zarr;

import java.io.IOException;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * numcodecs' {@code LZ4}: a 4-byte little-endian decoded size, then one LZ4 block. The declared
 * size is checked against the chunk first; the block is decoded with lz4's bounds-checked
 * ("safe") decompressor, which never reads or writes outside the given ranges.
 */
final class Lz4Codec implements Codec {
  static final Lz4Codec INSTANCE = new Lz4Codec();

  private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
  private static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();
  private static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();

  private Lz4Codec() {}

  @Override
  public String id() {
    return "lz4";
  }

  @Override
  public void decode(byte[] src, int srcLength, byte[] dst) throws IOException {
    if (srcLength < 4) {
      throw new IOException("truncated lz4 chunk: " + srcLength + " bytes, the size header alone has 4");
    }
    int declared = (src[0] & 0xFF) | (src[1] & 0xFF) << 8 | (src[2] & 0xFF) << 16 | (src[3] & 0xFF) << 24;
    if (declared != dst.length) {
      throw new IOException("lz4 header says the chunk decodes to " + Integer.toUnsignedString(declared)
          + " bytes but the chunk needs " + dst.length);
    }
    int n;
    try {
      n = DECOMPRESSOR.decompress(src, 4, srcLength - 4, dst, 0, dst.length);
    } catch (LZ4Exception e) {
      throw new IOException("corrupt or truncated lz4 block (" + (srcLength - 4) + " bytes): "
          + e.getMessage(), e);
    }
    if (n != dst.length) {
      throw new IOException("lz4 block decodes to " + n + " bytes but the chunk needs " + dst.length);
    }
  }

  @Override
  public long declaredSize(byte[] src, int srcLength) throws IOException {
    if (srcLength < 4) {
      throw new IOException("truncated lz4 chunk: " + srcLength + " bytes, the size header alone has 4");
    }
    return Integer.toUnsignedLong((src[0] & 0xFF) | (src[1] & 0xFF) << 8 | (src[2] & 0xFF) << 16
        | (src[3] & 0xFF) << 24);
  }

  @Override
  public byte[] encode(byte[] src, int length) {
    byte[] out = new byte[4 + COMPRESSOR.maxCompressedLength(length)];
    out[0] = (byte) length;
    out[1] = (byte) (length >>> 8);
    out[2] = (byte) (length >>> 16);
    out[3] = (byte) (length >>> 24);
    int n = COMPRESSOR.compress(src, 0, length, out, 4, out.length - 4);
    return Arrays.copyOf(out, 4 + n);
  }
}
