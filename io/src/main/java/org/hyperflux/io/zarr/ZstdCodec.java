package org.hyperflux.io.zarr;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;

/**
 * numcodecs' {@code Zstd}: one Zstandard frame per chunk, decoded with a pooled
 * {@link ZstdDecompressCtx} ({@link ZstdContexts}). The frame's declared content size is checked
 * against the chunk before decoding, so a size mismatch is reported as such, not as corruption.
 */
final class ZstdCodec implements Codec {
  private final int level;

  ZstdCodec(int level) {
    this.level = level;
  }

  @Override
  public String id() {
    return "zstd";
  }

  @Override
  public void decode(byte[] src, int srcLength, byte[] dst) throws IOException {
    long declared = Zstd.getFrameContentSize(src, 0, srcLength);
    if (declared >= 0 && declared != dst.length) {
      throw new IOException("zstd frame decodes to " + declared + " bytes but the chunk needs " + dst.length);
    }
    ZstdDecompressCtx ctx = ZstdContexts.borrow();
    int n;
    try {
      n = ctx.decompressByteArray(dst, 0, dst.length, src, 0, srcLength);
    } catch (ZstdException e) {
      throw new IOException("corrupt or truncated zstd frame (" + srcLength + " bytes): " + e.getMessage(), e);
    } finally {
      ZstdContexts.release(ctx);
    }
    if (n != dst.length) {
      throw new IOException("zstd frame decodes to " + n + " bytes but the chunk needs " + dst.length);
    }
  }

  @Override
  public long declaredSize(byte[] src, int srcLength) {
    long declared = Zstd.getFrameContentSize(src, 0, srcLength);
    return declared >= 0 ? declared : -1;
  }

  @Override
  public byte[] encode(byte[] src, int length) throws IOException {
    byte[] out = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Zstd.compressBound(length))];
    long n = Zstd.compressByteArray(out, 0, out.length, src, 0, length, level);
    if (Zstd.isError(n)) throw new IOException("zstd compression failed: " + Zstd.getErrorName(n));
    return java.util.Arrays.copyOf(out, (int) n);
  }
}
