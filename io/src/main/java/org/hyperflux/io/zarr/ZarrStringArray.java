package org.hyperflux.io.zarr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;

/**
 * A zarr v2 object array ({@code "dtype": "|O"}) of strings, as HyperSpy stores lists of strings:
 * HyperSpy 1.7 with numcodecs' {@code json2} object codec, current HyperSpy (rsciio) with
 * {@code vlen-utf8}. Both are read; {@link #create} writes {@code json2} in one chunk, as
 * HyperSpy 1.7.3 does, so that HyperSpy 1.7 and later read it.
 *
 * <p>Object arrays hold small metadata (a list of element names, a list of file names): they are
 * read whole ({@link #values()}), each chunk at most {@link #MAX_CHUNK_BYTES} decoded bytes. A
 * chunk that was never written reads as {@code null} items. The {@code json2} codec may hold any
 * JSON value; items come back as plain Java values (strings, numbers, booleans, null).
 *
 * <p>Thread-safe and holds no open files.
 */
public final class ZarrStringArray {
  /** The most decoded bytes one chunk of an object array may have (64 MiB). */
  public static final int MAX_CHUNK_BYTES = 64 << 20;

  private final Path path;
  private final ZarrJson.ObjectArrayMetadata metadata;
  private final Shape shape;
  private final ChunkGrid grid;
  private final DirectoryStore store;

  private ZarrStringArray(Path path, ZarrJson.ObjectArrayMetadata metadata) throws ZarrFormatException {
    this.path = path;
    this.metadata = metadata;
    this.shape = Shape.of(metadata.shape());
    try {
      this.grid = ChunkGrid.regular(shape, metadata.chunks());
    } catch (IllegalArgumentException e) {
      throw new ZarrFormatException(path.resolve(ZarrJson.ZARRAY), e.getMessage(), e);
    }
    this.store = new DirectoryStore(path, metadata.separator());
  }

  /** True when directory {@code path} holds a zarr array whose dtype is {@code "|O"}. */
  public static boolean isObjectArray(Path path) throws IOException {
    return ZarrGroup.isArray(path) && ZarrJson.isObjectArray(path);
  }

  /**
   * Opens the object array in directory {@code path}, reading only its {@code .zarray}.
   *
   * @throws NoSuchFileException when there is no {@code .zarray}
   * @throws ZarrFormatException when it is not an object array with one object codec of
   *     {@code json2} or {@code vlen-utf8}, naming the file
   */
  public static ZarrStringArray open(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    if (!ZarrGroup.isArray(path)) {
      throw new NoSuchFileException(path.resolve(ZarrJson.ZARRAY).toString(), null,
          "no zarr array at " + path + " (.zarray is missing)");
    }
    return new ZarrStringArray(path, ZarrJson.readObjectArray(path));
  }

  /**
   * Creates a one-dimensional object array of {@code values} in directory {@code path} (which
   * must not exist or be empty): one chunk encoded with {@code json2} and then {@code compressor},
   * chunk keys separated by {@code separator}. Values are strings (or other JSON values).
   *
   * @throws IllegalArgumentException for an empty list (HyperSpy stores empty lists as attributes)
   * @throws FileAlreadyExistsException when {@code path} is a file or a non-empty directory
   */
  public static ZarrStringArray create(Path path, List<?> values, ZarrCompressor compressor,
      String separator) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(compressor, "compressor");
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an object array at " + path + " needs at least one value");
    }
    if (!separator.equals(".") && !separator.equals("/")) {
      throw new IllegalArgumentException(
          "dimension separator must be \".\" or \"/\", got \"" + separator + "\"");
    }
    if (Files.exists(path)) {
      boolean empty = Files.isDirectory(path);
      if (empty) {
        try (Stream<Path> s = Files.list(path)) {
          empty = s.findAny().isEmpty();
        }
      }
      if (!empty) {
        throw new FileAlreadyExistsException(path.toString(), null,
            "a zarr array is created in a new or empty directory");
      }
    }
    Codec codec = Codecs.create(compressor, 1);
    Files.createDirectories(path);
    ZarrJson.writeObjectArray(path, values.size(), compressor, separator);
    byte[] raw = ZarrJson.json2Encode(values);
    DirectoryStore store = new DirectoryStore(path, separator);
    String key = store.key(ChunkIndex.of(0));
    byte[] encoded;
    try {
      encoded = codec.encode(raw, raw.length);
    } catch (IOException | RuntimeException e) {
      throw new ZarrChunkException("encode", path, key, store.file(key), e);
    }
    try {
      store.write(key, encoded, encoded.length);
    } catch (IOException e) {
      throw new ZarrChunkException("write", path, key, store.file(key), e);
    }
    return open(path);
  }

  /** The array's directory. */
  public Path path() {
    return path;
  }

  /** The array's shape, C order. */
  public Shape shape() {
    return shape;
  }

  /** The chunk grid over {@link #shape()}. */
  public ChunkGrid grid() {
    return grid;
  }

  /** The object codec: {@code "json2"} or {@code "vlen-utf8"}. */
  public String objectCodec() {
    return metadata.objectCodec();
  }

  /** The array's attributes ({@code .zattrs}; empty when absent). */
  public Map<String, Object> attributes() throws IOException {
    return ZarrJson.readAttributes(path);
  }

  /**
   * Every item in C order (blocking; reads every chunk): strings for {@code vlen-utf8}, the
   * JSON values for {@code json2}; {@code null} where a chunk was never written.
   *
   * @throws ZarrChunkException when a chunk cannot be read or decoded, naming key and file
   */
  public List<Object> values() throws IOException {
    long n = shape.size();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IOException("object array " + path + " has " + n + " items, more than one list holds");
    }
    Object[] out = new Object[(int) n];
    Codec codec = Codecs.create(metadata.compressor(), 1);
    long[] strides = shape.strides();
    for (long linear = 0; linear < grid.chunkCount(); linear++) {
      ChunkIndex index = grid.index(linear);
      Region region = grid.region(index);
      if (region.isEmpty()) continue;
      String key = store.key(index);
      byte[] raw;
      try {
        raw = store.read(key);
      } catch (IOException e) {
        throw new ZarrChunkException("read", path, key, store.file(key), e);
      }
      if (raw == null) continue;
      List<Object> items;
      int[] chunkShape = metadata.chunks().clone();
      try {
        byte[] decoded = codec.decodeAll(raw, raw.length, MAX_CHUNK_BYTES);
        items = metadata.objectCodec().equals("json2")
            ? ZarrJson.json2Decode(decoded, chunkShape) : vlenUtf8(decoded);
        long expected = 1;
        for (int c : chunkShape) expected *= c;
        if (items.size() != expected) {
          throw new IOException(metadata.objectCodec() + " chunk holds " + items.size()
              + " items but its shape " + Arrays.toString(chunkShape) + " needs " + expected);
        }
      } catch (IOException | RuntimeException e) {
        throw new ZarrChunkException("decode", path, key, store.file(key), e);
      }
      scatter(items, chunkShape, region, strides, out);
    }
    List<Object> list = new ArrayList<>(out.length);
    Collections.addAll(list, out);
    return list;
  }

  /** Copies the items of a stored chunk (its full, uncropped shape) that lie in {@code region}. */
  private static void scatter(List<Object> items, int[] chunkShape, Region region, long[] strides,
      Object[] out) {
    int rank = chunkShape.length;
    if (rank == 0) {
      out[0] = items.get(0);
      return;
    }
    long[] off = region.offsets();
    int[] ext = region.extents();
    long[] pos = new long[rank];
    long count = region.size();
    for (long k = 0; k < count; k++) {
      long src = 0;
      long dst = 0;
      for (int a = 0; a < rank; a++) {
        src = src * chunkShape[a] + pos[a];
        dst += (off[a] + pos[a]) * strides[a];
      }
      out[(int) dst] = items.get((int) src);
      for (int a = rank - 1; a >= 0; a--) {
        if (++pos[a] < ext[a]) break;
        pos[a] = 0;
      }
    }
  }

  /** numcodecs' {@code VLenUTF8}: item count, then each item's byte length and UTF-8 bytes (little-endian int32s). */
  private static List<Object> vlenUtf8(byte[] b) throws IOException {
    if (b.length < 4) throw new IOException("truncated vlen-utf8 chunk: " + b.length + " bytes");
    long n = readUInt(b, 0);
    if (n > b.length / 4) {
      throw new IOException("vlen-utf8 chunk declares " + n + " items in " + b.length + " bytes");
    }
    List<Object> out = new ArrayList<>((int) n);
    int at = 4;
    for (long i = 0; i < n; i++) {
      if (at + 4 > b.length) throw new IOException("truncated vlen-utf8 chunk at item " + i);
      long len = readUInt(b, at);
      at += 4;
      if (len > b.length - at) throw new IOException("truncated vlen-utf8 chunk in item " + i);
      out.add(new String(b, at, (int) len, StandardCharsets.UTF_8));
      at += (int) len;
    }
    return out;
  }

  private static long readUInt(byte[] b, int at) {
    return Integer.toUnsignedLong((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16
        | (b[at + 3] & 0xFF) << 24);
  }

  @Override
  public String toString() {
    return "ZarrStringArray[" + path + ", shape " + shape + ", " + metadata.objectCodec() + "]";
  }
}
