package org.hyperflux.io.zarr;

import com.scalableminds.bloscjava.Blosc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.DeferredChunk;

/**
 * numcodecs' {@code Blosc}: decoding through {@link BloscFrame} (zstd frames in Java, others by
 * c-blosc), encoding by c-blosc through blosc-java with the array's item size as Blosc's typesize,
 * as numcodecs does. numcodecs' automatic shuffle ({@code -1}) is bit shuffle for one-byte types
 * and byte shuffle otherwise.
 */
final class BloscCodec implements Codec {
  private final String cname;
  private final int clevel;
  private final int shuffle;
  private final int blocksize;
  private final int typesize;

  private BloscCodec(String cname, int clevel, int shuffle, int blocksize, int typesize) {
    this.cname = cname;
    this.clevel = clevel;
    this.shuffle = shuffle;
    this.blocksize = blocksize;
    this.typesize = typesize;
  }

  /** The codec for a {@code blosc} compressor on elements of {@code itemSize} bytes; numcodecs' defaults fill gaps. */
  static BloscCodec of(ZarrCompressor c, int itemSize) {
    String cname = c.stringConfig("cname", "lz4");
    int clevel = c.intConfig("clevel", 5);
    int shuffle = ZarrCompressor.Shuffle.of(c.intConfig("shuffle", 1)).code();
    int blocksize = c.intConfig("blocksize", 0);
    // Validates cname, clevel and blocksize with the public factory's messages.
    ZarrCompressor.blosc(cname, clevel, ZarrCompressor.Shuffle.of(shuffle), blocksize);
    if (shuffle == ZarrCompressor.Shuffle.AUTO.code()) {
      shuffle = itemSize == 1 ? ZarrCompressor.Shuffle.BIT.code() : ZarrCompressor.Shuffle.BYTE.code();
    }
    return new BloscCodec(cname, clevel, shuffle, blocksize, itemSize);
  }

  @Override
  public String id() {
    return "blosc";
  }

  @Override
  public void decode(byte[] src, int srcLength, byte[] dst) throws IOException {
    BloscFrame.decode(src, srcLength, dst);
  }

  /** Decodes straight into the block's typed array where {@link BloscFrame#decodeBlock} can. */
  @Override
  public Block decodeBlock(byte[] src, int srcLength, DType dtype, ByteOrder order, int elements)
      throws IOException {
    return BloscFrame.decodeBlock(src, srcLength, dtype, order, elements);
  }

  /** Decodes block by block as the chunk is read where {@link BloscFrame#deferred} can. */
  @Override
  public DeferredChunk decodeDeferred(byte[] src, int srcLength, DType dtype, ByteOrder order,
      int elements) throws IOException {
    DeferredChunk frame = BloscFrame.deferred(src, srcLength, dtype, order, elements);
    return frame != null ? frame : DeferredChunk.decoded(decodeBlock(src, srcLength, dtype, order, elements));
  }

  /**
   * {@link #decodeBlock} of a frame in {@code src} (index 0 to its limit; a direct buffer is
   * decoded from in place), which is handed to {@code release} before this returns or throws.
   */
  Block decodeBlock(ByteBuffer src, DType dtype, ByteOrder order, int elements,
      Consumer<ByteBuffer> release) throws IOException {
    try {
      return BloscFrame.decodeBlock(src, dtype, order, elements);
    } finally {
      release.accept(src);
    }
  }

  /**
   * {@link #decodeDeferred} of a frame in {@code src} (index 0 to its limit; a direct buffer is
   * decoded from in place). {@code src} is handed to {@code release} once: by the chunk returned,
   * when every block is decoded or the chunk is released, or before this returns or throws when
   * no chunk keeps it.
   */
  DeferredChunk decodeDeferred(ByteBuffer src, DType dtype, ByteOrder order, int elements,
      Consumer<ByteBuffer> release) throws IOException {
    DeferredChunk frame;
    try {
      frame = BloscFrame.deferred(src, dtype, order, elements, release);
    } catch (IOException | RuntimeException e) {
      release.accept(src);
      throw e;
    }
    return frame != null
        ? frame : DeferredChunk.decoded(decodeBlock(src, dtype, order, elements, release));
  }

  @Override
  public long declaredSize(byte[] src, int srcLength) throws IOException {
    if (srcLength < 16) {
      throw new IOException("truncated blosc frame: " + srcLength + " bytes, the header alone has 16");
    }
    return Integer.toUnsignedLong((src[4] & 0xFF) | (src[5] & 0xFF) << 8 | (src[6] & 0xFF) << 16
        | (src[7] & 0xFF) << 24);
  }

  @Override
  public byte[] encode(byte[] src, int length) throws IOException {
    byte[] in = length == src.length ? src : Arrays.copyOf(src, length);
    try {
      return Blosc.compress(in, typesize, Blosc.Compressor.fromString(cname), clevel,
          Blosc.Shuffle.fromInt(shuffle), blocksize, 1);
    } catch (RuntimeException e) {
      throw new IOException("blosc (" + cname + ", clevel " + clevel + ") failed to compress "
          + length + " bytes: " + e.getMessage(), e);
    }
  }

  /** True: through a scratch buffer of one Blosc block, for frames as numcodecs and hyperflux write them. */
  @Override
  public boolean decodesIntoBlock() {
    return true;
  }
}
