package org.hyperflux.io.zarr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code compressor} of a zarr array: a numcodecs codec id and its configuration, exactly as
 * {@code .zarray} holds it. Supported ids: {@code blosc} (cname {@code lz4}, {@code lz4hc},
 * {@code blosclz}, {@code zstd}, {@code zlib}), {@code zlib}, {@code gzip}, {@code zstd},
 * {@code lz4}, and no compressor (JSON {@code null}, {@link #none()}). Immutable.
 *
 * <pre>{@code
 * ZarrCompressor.blosc("zstd", 1, ZarrCompressor.Shuffle.BYTE, 0); // HyperSpy's .zspy default
 * ZarrCompressor.zlib(4);
 * }</pre>
 */
public final class ZarrCompressor {
  /** The shuffle filter of Blosc, with numcodecs' numbers. */
  public enum Shuffle {
    /** {@code -1}: bit shuffle for 1-byte types, byte shuffle otherwise (numcodecs' AUTOSHUFFLE). */
    AUTO(-1),
    /** {@code 0}: no shuffle. */
    NONE(0),
    /** {@code 1}: byte shuffle. */
    BYTE(1),
    /** {@code 2}: bit shuffle. */
    BIT(2);

    private final int code;

    Shuffle(int code) {
      this.code = code;
    }

    /** numcodecs' number for this shuffle. */
    public int code() {
      return code;
    }

    /** The shuffle numcodecs numbers {@code code}. */
    public static Shuffle of(int code) {
      for (Shuffle s : values()) if (s.code == code) return s;
      throw new IllegalArgumentException(
          "Unknown blosc shuffle " + code + "; expected -1 (auto), 0 (none), 1 (byte) or 2 (bit)");
    }
  }

  /** Blosc's inner compressors that hyperflux reads and writes. */
  public static final List<String> BLOSC_CNAMES = List.of("blosclz", "lz4", "lz4hc", "zlib", "zstd");

  private static final ZarrCompressor NONE = new ZarrCompressor(null, Map.of());

  private final String id;
  private final Map<String, Object> config;

  private ZarrCompressor(String id, Map<String, Object> config) {
    this.id = id;
    this.config = config;
  }

  /** No compression: chunks are stored as raw bytes ({@code "compressor": null}). */
  public static ZarrCompressor none() {
    return NONE;
  }

  /**
   * Blosc, as numcodecs' {@code Blosc(cname, clevel, shuffle, blocksize)}; {@code blocksize} 0
   * lets c-blosc choose.
   */
  public static ZarrCompressor blosc(String cname, int clevel, Shuffle shuffle, int blocksize) {
    Objects.requireNonNull(cname, "cname");
    Objects.requireNonNull(shuffle, "shuffle");
    if (!BLOSC_CNAMES.contains(cname)) {
      throw new IllegalArgumentException(
          "Unknown blosc cname '" + cname + "'; available: " + BLOSC_CNAMES);
    }
    if (clevel < 0 || clevel > 9) {
      throw new IllegalArgumentException("blosc clevel must be in 0..9, got " + clevel);
    }
    if (blocksize < 0) {
      throw new IllegalArgumentException("blosc blocksize must be >= 0 (0 = automatic), got " + blocksize);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("blocksize", blocksize);
    c.put("clevel", clevel);
    c.put("cname", cname);
    c.put("shuffle", shuffle.code());
    return new ZarrCompressor("blosc", Collections.unmodifiableMap(c));
  }

  /** Blosc with zstd at level 1 and byte shuffle: the default of HyperSpy's {@code .zspy} (DESIGN §5). */
  public static ZarrCompressor zspyDefault() {
    return blosc("zstd", 1, Shuffle.BYTE, 0);
  }

  /** zlib (deflate with the zlib wrapper), level 0..9, as numcodecs' {@code Zlib}. */
  public static ZarrCompressor zlib(int level) {
    checkDeflateLevel(level);
    return new ZarrCompressor("zlib", Map.of("level", level));
  }

  /** gzip, level 0..9, as numcodecs' {@code GZip}. */
  public static ZarrCompressor gzip(int level) {
    checkDeflateLevel(level);
    return new ZarrCompressor("gzip", Map.of("level", level));
  }

  /** Zstandard frames, as numcodecs' {@code Zstd}; levels -131072..22 as zstd allows. */
  public static ZarrCompressor zstd(int level) {
    if (level < -131072 || level > 22) {
      throw new IllegalArgumentException("zstd level must be in -131072..22, got " + level);
    }
    return new ZarrCompressor("zstd", Map.of("level", level));
  }

  /**
   * LZ4 blocks with numcodecs' framing (a 4-byte little-endian decoded size, then the block).
   * {@code acceleration} is recorded for zarr-python; hyperflux compresses with lz4's default.
   */
  public static ZarrCompressor lz4(int acceleration) {
    return new ZarrCompressor("lz4", Map.of("acceleration", acceleration));
  }

  private static void checkDeflateLevel(int level) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("deflate level must be in 0..9, got " + level);
    }
  }

  /**
   * A compressor from a {@code .zarray} object, unchecked: {@link Codecs} refuses unknown ids
   * when the array is opened. {@code config} holds plain JSON values without {@code "id"}.
   */
  static ZarrCompressor fromJson(String id, Map<String, Object> config) {
    return new ZarrCompressor(Objects.requireNonNull(id, "id"),
        Collections.unmodifiableMap(new LinkedHashMap<>(config)));
  }

  /** True for {@link #none()}. */
  public boolean isNone() {
    return id == null;
  }

  /** The numcodecs id ({@code "blosc"}, {@code "zlib"} ...), or null for {@link #none()}. */
  public String id() {
    return id;
  }

  /** The configuration without {@code id}: JSON values as String, Integer/Long, Double, Boolean, null. */
  public Map<String, Object> config() {
    return config;
  }

  /** An integer configuration value, or {@code fallback} when absent. */
  int intConfig(String key, int fallback) {
    Object v = config.get(key);
    if (v == null) return fallback;
    if (v instanceof Number && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())) {
      return ((Number) v).intValue();
    }
    throw new IllegalArgumentException(
        "codec '" + id + "' has " + key + " = " + v + "; an integer is expected");
  }

  /** A string configuration value, or {@code fallback} when absent. */
  String stringConfig(String key, String fallback) {
    Object v = config.get(key);
    if (v == null) return fallback;
    if (v instanceof String) return (String) v;
    throw new IllegalArgumentException(
        "codec '" + id + "' has " + key + " = " + v + "; a string is expected");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ZarrCompressor)) return false;
    ZarrCompressor c = (ZarrCompressor) o;
    return Objects.equals(id, c.id) && config.equals(c.config);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, config);
  }

  @Override
  public String toString() {
    return isNone() ? "none" : id + config;
  }
}
