package org.hyperflux.io.zarr;

import java.io.IOException;
import java.util.Arrays;

/** No compressor ({@code "compressor": null}): a chunk is its raw bytes, which must be exactly the chunk's size. */
final class RawCodec implements Codec {
  static final RawCodec INSTANCE = new RawCodec();

  private RawCodec() {}

  @Override
  public String id() {
    return "none";
  }

  @Override
  public void decode(byte[] src, int srcLength, byte[] dst) throws IOException {
    if (srcLength != dst.length) {
      throw new IOException("uncompressed chunk has " + srcLength + " bytes but the chunk needs "
          + dst.length + (srcLength < dst.length ? " (truncated)" : ""));
    }
    System.arraycopy(src, 0, dst, 0, srcLength);
  }

  @Override
  public long declaredSize(byte[] src, int srcLength) {
    return srcLength;
  }

  @Override
  public byte[] encode(byte[] src, int length) {
    return Arrays.copyOf(src, length);
  }
}
