package org.hyperflux.io.zarr;

import java.io.IOException;
import java.nio.ByteOrder;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.DeferredChunk;

/**
 * One numcodecs compressor: whole chunks in, whole chunks out. Implementations are thread-safe
 * (native contexts are pooled or made per call) and never let a malformed stream reach native code
 * unchecked: sizes are validated first, and corrupt data ends in an {@link IOException} whose
 * message says what was wrong (the caller adds the chunk key and file).
 */
interface Codec {
  /** The numcodecs id, e.g. {@code "blosc"}. */
  String id();

  /**
   * Decodes {@code src[0, srcLength)} into all of {@code dst}, whose length is the chunk's full
   * decoded size. A stream that decodes to any other size is an error.
   */
  void decode(byte[] src, int srcLength, byte[] dst) throws IOException;

  /**
   * Decodes {@code src[0, srcLength)}, a whole chunk of {@code elements} elements of {@code dtype}
   * stored in {@code order}, into a new block. By default {@link #decode} into a byte array, then
   * {@link ChunkBytes#toBlock}; a codec that can write the typed array directly overrides this with
   * the same results and errors.
   */
  default Block decodeBlock(byte[] src, int srcLength, DType dtype, ByteOrder order, int elements)
      throws IOException {
    byte[] dst = new byte[elements * dtype.itemSize()];
    decode(src, srcLength, dst);
    return ChunkBytes.toBlock(dst, dtype, order, elements);
  }

  /**
   * Whether {@link #decodeBlock} decodes into the block's typed array without a chunk-sized
   * {@code byte[]} in between (plan costing counts that array otherwise).
   */
  default boolean decodesIntoBlock() {
    return false;
  }

  /**
   * The chunk {@code src[0, srcLength)} as {@link #decodeBlock} decodes it, with its decoding
   * left to the reader of the block where the codec decodes in independent parts ({@link
   * DeferredChunk}); by default decoded now. Errors found in the frame's header are thrown here.
   */
  default DeferredChunk decodeDeferred(byte[] src, int srcLength, DType dtype, ByteOrder order,
      int elements) throws IOException {
    return DeferredChunk.decoded(decodeBlock(src, srcLength, dtype, order, elements));
  }

  /**
   * Decodes {@code src[0, length)} whose decoded size is not known beforehand (the chunks of
   * object arrays, whose size depends on their items), refusing more than {@code maxBytes}. The
   * size is taken from the stream's header where the format has one.
   */
  default byte[] decodeAll(byte[] src, int srcLength, int maxBytes) throws IOException {
    long size = declaredSize(src, srcLength);
    if (size < 0) {
      throw new IOException(id() + " stream does not declare its decoded size");
    }
    if (size > maxBytes) {
      throw new IOException(id() + " stream declares " + size + " decoded bytes, more than the "
          + maxBytes + " allowed for this chunk");
    }
    byte[] dst = new byte[(int) size];
    decode(src, srcLength, dst);
    return dst;
  }

  /** The decoded size that {@code src[0, srcLength)} declares, or -1 when the format has no such header. */
  default long declaredSize(byte[] src, int srcLength) throws IOException {
    return -1;
  }

  /** Encodes {@code src[0, length)}; the result is exactly the stored bytes. */
  byte[] encode(byte[] src, int length) throws IOException;
}
