package org.hyperflux.io.zarr;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

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

  /** The stored bytes are the chunk's bytes: converted straight to the block, with no copy between. */
  @Override
  public Block decodeBlock(byte[] src, int srcLength, DType dtype, ByteOrder order, int elements)
      throws IOException {
    long need = (long) elements * dtype.itemSize();
    if (srcLength != need) {
      throw new IOException("uncompressed chunk has " + srcLength + " bytes but the chunk needs "
          + need + (srcLength < need ? " (truncated)" : ""));
    }
    return ChunkBytes.toBlock(src, dtype, order, elements);
  }

  @Override
  public long declaredSize(byte[] src, int srcLength) {
    return srcLength;
  }

  @Override
  public byte[] encode(byte[] src, int length) {
    return Arrays.copyOf(src, length);
  }

  /** True: the stored bytes are converted straight to the block. */
  @Override
  public boolean decodesIntoBlock() {
    return true;
  }
}
