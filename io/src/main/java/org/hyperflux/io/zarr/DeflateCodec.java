package org.hyperflux.io.zarr;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipException;
import org.hyperflux.io.internal.Libdeflate;

/**
 * numcodecs' {@code Zlib} (deflate with the zlib wrapper) and {@code GZip} (a gzip member),
 * decoded with libdeflate ({@link Libdeflate}) where it is available and otherwise, or when it
 * rejects a stream, with {@code java.util.zip}, which also encodes. Decoding inflates straight into the chunk buffer and then checks that the
 * stream ended exactly there: a stream that stops early is truncated, one with more data than the
 * chunk has the wrong size. The native inflater and deflater are ended on every path.
 */
final class DeflateCodec implements Codec {
  private final boolean gzip;
  private final int level;

  DeflateCodec(boolean gzip, int level) {
    if (level < -1 || level > 9) {
      throw new IllegalArgumentException(
          (gzip ? "gzip" : "zlib") + " level must be in 0..9, got " + level);
    }
    this.gzip = gzip;
    this.level = level;
  }

  @Override
  public String id() {
    return gzip ? "gzip" : "zlib";
  }

  @Override
  public void decode(byte[] src, int srcLength, byte[] dst) throws IOException {
    if (Libdeflate.available()) {
      Libdeflate.Format format = gzip ? Libdeflate.Format.GZIP : Libdeflate.Format.ZLIB;
      Libdeflate.Decoded d =
          Libdeflate.decompress(format, src, 0, srcLength, dst, dst.length, false, false);
      // libdeflate decodes one gzip member: more members, like every error, are left to java.util.zip.
      if (d != null && (!gzip || d.consumed() == srcLength)) return;
    }
    if (gzip) {
      decodeGzip(src, srcLength, dst);
    } else {
      decodeZlib(src, srcLength, dst);
    }
  }

  private static void decodeZlib(byte[] src, int srcLength, byte[] dst) throws IOException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(src, 0, srcLength);
      int n = 0;
      while (n < dst.length) {
        int k = inflater.inflate(dst, n, dst.length - n);
        if (k == 0) {
          if (inflater.finished()) break;
          if (inflater.needsDictionary()) throw new IOException("corrupt zlib stream: it asks for a preset dictionary");
          if (inflater.needsInput()) {
            throw new IOException("truncated zlib stream: " + srcLength + " bytes end after "
                + n + " of the chunk's " + dst.length + " decoded bytes");
          }
        }
        n += k;
      }
      if (n < dst.length) {
        throw new IOException("zlib stream decodes to " + n + " bytes but the chunk needs " + dst.length);
      }
      if (!inflater.finished()) {
        byte[] scratch = new byte[1 << 16];
        long extra = 0;
        while (!inflater.finished() && extra <= COUNT_LIMIT) {
          int k = inflater.inflate(scratch);
          if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
          extra += k;
        }
        if (extra > 0) throw tooLarge("zlib", dst.length, extra, inflater.finished());
        if (!inflater.finished()) {
          throw new IOException("truncated zlib stream: it ends before its end marker");
        }
      }
    } catch (DataFormatException e) {
      throw new IOException("corrupt zlib stream: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private static void decodeGzip(byte[] src, int srcLength, byte[] dst) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(src, 0, srcLength), 1 << 16)) {
      int n = in.readNBytes(dst, 0, dst.length);
      if (n < dst.length) {
        throw new IOException("gzip stream decodes to " + n + " bytes but the chunk needs " + dst.length);
      }
      byte[] scratch = new byte[1 << 16];
      long extra = 0;
      for (int k = in.read(scratch); k >= 0 && extra <= COUNT_LIMIT; k = in.read(scratch)) extra += k;
      if (extra > 0) throw tooLarge("gzip", dst.length, extra, extra <= COUNT_LIMIT);
    } catch (EOFException e) {
      throw new IOException("truncated gzip stream (" + srcLength + " bytes): " + e.getMessage(), e);
    } catch (ZipException e) {
      throw new IOException("corrupt gzip stream: " + e.getMessage(), e);
    }
  }

  /** Inflates the whole stream (zlib and gzip declare no decoded size), at most {@code maxBytes}. */
  @Override
  public byte[] decodeAll(byte[] src, int srcLength, int maxBytes) throws IOException {
    java.io.InputStream raw = new ByteArrayInputStream(src, 0, srcLength);
    try (java.io.InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16)
        : new java.util.zip.InflaterInputStream(raw)) {
      byte[] out = in.readNBytes(maxBytes);
      if (in.read() >= 0) {
        throw new IOException(id() + " stream decodes to more than the " + maxBytes
            + " bytes allowed for this chunk");
      }
      return out;
    } catch (EOFException e) {
      throw new IOException("truncated " + id() + " stream (" + srcLength + " bytes): " + e.getMessage(), e);
    } catch (ZipException e) {
      throw new IOException("corrupt " + id() + " stream: " + e.getMessage(), e);
    }
  }

  /** Past this many extra bytes a too-large stream is not decoded further to report its size. */
  private static final long COUNT_LIMIT = 64L << 20;

  private static IOException tooLarge(String codec, int needed, long extra, boolean exact) {
    return new IOException(codec + " stream decodes to " + (exact ? "" : "more than ")
        + (needed + extra) + " bytes but the chunk needs " + needed);
  }

  @Override
  public byte[] encode(byte[] src, int length) throws IOException {
    if (gzip) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 64);
      try (GZIPOutputStream gz = new LevelledGzipOutputStream(out, level)) {
        gz.write(src, 0, length);
      }
      return out.toByteArray();
    }
    Deflater deflater = new Deflater(level);
    try {
      deflater.setInput(src, 0, length);
      deflater.finish();
      byte[] out = new byte[length + length / 100 + 64];
      int n = 0;
      while (!deflater.finished()) {
        if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
        n += deflater.deflate(out, n, out.length - n);
      }
      return Arrays.copyOf(out, n);
    } finally {
      deflater.end();
    }
  }

  /** A gzip stream at a chosen deflate level (the JDK's uses the default level). */
  private static final class LevelledGzipOutputStream extends GZIPOutputStream {
    LevelledGzipOutputStream(ByteArrayOutputStream out, int level) throws IOException {
      super(out, 1 << 16);
      def.setLevel(level);
    }
  }
}
