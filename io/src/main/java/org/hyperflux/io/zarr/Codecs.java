package org.hyperflux.io.zarr;

import java.util.List;

/** Creates the {@link Codec} for a {@link ZarrCompressor}; unknown ids fail listing the supported ones. */
final class Codecs {
  /** The numcodecs ids hyperflux reads and writes (besides no compressor). */
  static final List<String> SUPPORTED = List.of("blosc", "gzip", "lz4", "zlib", "zstd");

  private Codecs() {}

  /**
   * The codec for {@code compressor} on elements of {@code itemSize} bytes (Blosc's typesize).
   *
   * @throws IllegalArgumentException for an unknown id or an invalid configuration, naming them
   */
  static Codec create(ZarrCompressor compressor, int itemSize) {
    if (compressor.isNone()) return RawCodec.INSTANCE;
    switch (compressor.id()) {
      case "blosc":
        return BloscCodec.of(compressor, itemSize);
      case "zlib":
        return new DeflateCodec(false, compressor.intConfig("level", 1));
      case "gzip":
        return new DeflateCodec(true, compressor.intConfig("level", 1));
      case "zstd":
        return new ZstdCodec(compressor.intConfig("level", 1));
      case "lz4":
        return Lz4Codec.INSTANCE;
      default:
        throw new IllegalArgumentException("Unknown codec '" + compressor.id() + "'; supported: "
            + SUPPORTED + " or null (no compressor)");
    }
  }
}
