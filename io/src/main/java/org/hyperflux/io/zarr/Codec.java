package org.hyperflux.io.zarr;

import java.io.IOException;

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

  /** Encodes {@code src[0, length)}; the result is exactly the stored bytes. */
  byte[] encode(byte[] src, int length) throws IOException;
}
