package org.hyperflux.io.hdf5;

import io.jhdf.filter.BitShuffleFilter;
import io.jhdf.filter.Filter;
import io.jhdf.filter.Lz4Filter;
import io.jhdf.filter.LzfFilter;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.hyperflux.core.array.DType;
import org.hyperflux.io.internal.Libdeflate;

/**
 * A chunked dataset's filter pipeline, decoded here rather than by jHDF.
 *
 * <p>HDF5 applies filters in pipeline order when writing, so reading undoes them last to first.
 * Each stored chunk carries a filter mask: bit {@code i} set means filter {@code i} was skipped
 * for that chunk (an optional filter that failed, e.g. lzf on incompressible data, or shuffle on
 * variable-length elements). jHDF 0.13.0 ignores the mask, which is why it throws on HyperSpy's
 * variable-length string lists; this pipeline honours it.
 *
 * <p>deflate (id 1) inflates with libdeflate ({@link Libdeflate}), or {@link Inflater} where it is
 * unavailable, straight into an array of the expected size;
 * shuffle (id 2) is left for the caller to fuse with the byte-order conversion when it is the
 * last step ({@link Decoded#shuffled()}), otherwise unshuffled here; fletcher32 (id 3) is
 * verified and stripped (jHDF does not verify it). lzf (32000), lz4 (32004) and bitshuffle (32008)
 * use jHDF's public filter classes, a new instance per chunk. Any other filter (szip,
 * scale-offset, n-bit, blosc, zstd ...) fails when the pipeline is built, naming it. Immutable and
 * thread-safe.
 */
final class Hdf5Filters {
  static final int DEFLATE = 1;
  static final int SHUFFLE = 2;
  static final int FLETCHER32 = 3;

  /** Names of the registered HDF5 filters by id (files often leave the name out). */
  private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(1, "deflate"),
      Map.entry(2, "shuffle"), Map.entry(3, "fletcher32"), Map.entry(4, "szip"),
      Map.entry(5, "nbit"), Map.entry(6, "scaleoffset"), Map.entry(307, "bzip2"),
      Map.entry(32000, "lzf"), Map.entry(32001, "blosc"), Map.entry(32004, "lz4"),
      Map.entry(32008, "bitshuffle"), Map.entry(32015, "zstd"), Map.entry(32026, "blosc2"));

  /** One pipeline entry: the filter's id, name and client data, and jHDF's decoder for the ones not decoded here. */
  private record Step(int id, String name, int[] data, Supplier<Filter> external) {}

  /** The decoded bytes; {@code shuffled} when they are still in shuffled form (shuffle was the last step). */
  record Decoded(byte[] bytes, boolean shuffled) {}

  private final List<Step> steps;
  private final int itemSize;

  private Hdf5Filters(List<Step> steps, int itemSize) {
    this.steps = steps;
    this.itemSize = itemSize;
  }

  /** The name of filter {@code id}: the registered one, else the name stored in the file, else {@code filter <id>}. */
  static String name(int id, String stored) {
    String n = NAMES.get(id);
    if (n != null) return n;
    return stored == null || stored.isBlank() ? "filter " + id : stored.trim();
  }

  /**
   * The pipeline of {@code filters} (pipeline order, from the dataset's filter pipeline message)
   * for elements of {@code itemSize} bytes.
   *
   * @throws IllegalArgumentException naming a filter that cannot be decoded (the caller reports it
   *     as a format limit of the file)
   */
  static Hdf5Filters of(List<FilterInfo> filters, int itemSize) {
    List<Step> steps = new ArrayList<>();
    for (FilterInfo f : filters) {
      int id = f.getId();
      String name = name(id, f.getName());
      int[] data = f.getData() == null ? new int[0] : f.getData().clone();
      Supplier<Filter> external;
      switch (id) {
        case DEFLATE:
        case SHUFFLE:
        case FLETCHER32:
          external = null;
          break;
        case 32000:
          external = LzfFilter::new;
          break;
        case 32004:
          external = Lz4Filter::new;
          break;
        case 32008:
          external = BitShuffleFilter::new;
          break;
        default:
          throw new IllegalArgumentException("filter '" + name + "' (id " + id
              + ") is not supported; hyperflux decodes deflate (gzip), shuffle, fletcher32, lzf,"
              + " lz4 and bitshuffle");
      }
      steps.add(new Step(id, name, data, external));
    }
    if (steps.size() > 32) {
      throw new IllegalArgumentException(steps.size() + " filters in one pipeline; HDF5 allows 32");
    }
    return new Hdf5Filters(List.copyOf(steps), itemSize);
  }

  /** True when there is no filter at all. */
  boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The filter names in pipeline order, e.g. {@code [shuffle, deflate]}. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    for (Step s : steps) names.add(s.name());
    return names;
  }

  /**
   * Whether libdeflate decodes a chunk with filter {@code mask} of elements of {@code dtype} by
   * itself: its pipeline (after the mask) is deflate alone or shuffle then deflate, libdeflate is
   * {@link Libdeflate#available() available}, and the elements are numeric. Null when not;
   * otherwise whether the decoded bytes are shuffled.
   */
  Boolean inflatesShuffled(int mask, DType dtype) {
    if (!Libdeflate.available() || dtype == null || dtype == DType.BOOL
        || dtype.itemSize() != itemSize) {
      return null;
    }
    boolean shuffled = false;
    boolean deflated = false;
    for (int i = 0; i < steps.size(); i++) {
      if ((mask & (1 << i)) != 0) continue;
      Step s = steps.get(i);
      int shuffleSize = s.data().length > 0 ? s.data()[0] : itemSize;
      if (s.id() == SHUFFLE && !shuffled && !deflated && shuffleSize == itemSize) {
        shuffled = true;
      } else if (s.id() == DEFLATE && !deflated) {
        deflated = true;
      } else {
        return null;
      }
    }
    return deflated ? shuffled && itemSize > 1 : null;
  }

  /**
   * Undoes the pipeline on {@code raw[0..length)} for a chunk whose filter mask is {@code mask},
   * expecting {@code expected} decoded bytes. When {@code fuseShuffle} is true and the last step
   * is an unmasked shuffle of elements wider than one byte, the result is left shuffled.
   *
   * @throws IOException describing what failed (corrupt stream, checksum, size)
   */
  Decoded decode(byte[] raw, int length, int mask, int expected, boolean fuseShuffle)
      throws IOException {
    byte[] bytes = length == raw.length ? raw : Arrays.copyOf(raw, length);
    boolean shuffled = false;
    for (int i = steps.size() - 1; i >= 0; i--) {
      if ((mask & (1 << i)) != 0) continue;
      Step s = steps.get(i);
      switch (s.id()) {
        case DEFLATE:
          bytes = inflate(bytes, expected);
          break;
        case SHUFFLE: {
          int size = s.data().length > 0 ? s.data()[0] : itemSize;
          if (i == 0 && fuseShuffle && size == itemSize && size > 1) {
            shuffled = true;
          } else {
            bytes = ElementBytes.unshuffle(bytes, size);
          }
          break;
        }
        case FLETCHER32:
          bytes = checkFletcher32(bytes);
          break;
        default:
          try {
            bytes = s.external().get().decode(bytes, s.data());
          } catch (RuntimeException e) {
            throw new IOException(s.name() + " decoding failed: " + e, e);
          }
      }
    }
    if (bytes.length != expected) {
      throw new IOException("the chunk decodes to " + bytes.length + " bytes, expected " + expected
          + " (filters " + names() + ", mask " + mask + ")");
    }
    return new Decoded(bytes, shuffled);
  }

  /**
   * Inflates a zlib stream into an array of {@code expected} bytes (grown, within a bound, when a
   * filter before deflate changed the size), with libdeflate where it is {@link
   * Libdeflate#available() available}.
   */
  static byte[] inflate(byte[] in, int expected) throws IOException {
    if (Libdeflate.available() && expected > 0) {
      byte[] out = new byte[expected];
      if (Libdeflate.decompress(Libdeflate.Format.ZLIB, in, 0, in.length, out, expected, false,
          false) != null) {
        return out;
      }
      // Corrupt, truncated or of another size: java.util.zip below says which, or adapts.
    }
    return inflateWithZip(in, expected);
  }

  /** {@link #inflate} with {@link Inflater}: the fallback, and the diagnosis of a stream libdeflate rejects. */
  private static byte[] inflateWithZip(byte[] in, int expected) throws IOException {
    long cap = 2L * expected + (1 << 20);
    byte[] out = new byte[Math.max(1, expected)];
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(in, 0, in.length);
      int pos = 0;
      while (!inflater.finished()) {
        if (pos == out.length) {
          if (out.length >= cap) {
            throw new IOException("the deflate stream inflates to more than " + out.length
                + " bytes; expected " + expected);
          }
          out = Arrays.copyOf(out, (int) Math.min(cap, Math.min(Integer.MAX_VALUE - 8, 2L * out.length)));
        }
        int n = inflater.inflate(out, pos, out.length - pos);
        pos += n;
        if (n == 0 && !inflater.finished()) {
          if (inflater.needsInput()) {
            throw new IOException("the deflate stream is truncated: " + in.length
                + " compressed bytes end after " + pos + " of " + expected + " bytes");
          }
          if (inflater.needsDictionary()) {
            throw new IOException("the deflate stream asks for a preset dictionary");
          }
        }
      }
      return pos == out.length ? out : Arrays.copyOf(out, pos);
    } catch (DataFormatException e) {
      throw new IOException("corrupt deflate stream (" + e.getMessage() + ")", e);
    } finally {
      inflater.end();
    }
  }

  /**
   * Verifies and strips HDF5's Fletcher-32 checksum: the last four bytes hold, little-endian, the
   * checksum of the bytes before them (big-endian 16-bit words, the odd last byte as a high byte).
   * Files from HDF5 1.6.2 to 1.6.4 stored it with the bytes of each 16-bit half swapped; both are
   * accepted, as libhdf5 does.
   */
  static byte[] checkFletcher32(byte[] b) throws IOException {
    if (b.length < 4) throw new IOException("the chunk is too short (" + b.length + " bytes) for a fletcher32 checksum");
    int len = b.length - 4;
    int stored = (b[len] & 0xFF) | (b[len + 1] & 0xFF) << 8 | (b[len + 2] & 0xFF) << 16
        | (b[len + 3] & 0xFF) << 24;
    int computed = fletcher32(b, len);
    int swapped = (computed & 0xFF00FF00) >>> 8 | (computed & 0x00FF00FF) << 8;
    if (stored != computed && stored != swapped) {
      throw new IOException(String.format("fletcher32 checksum mismatch: stored %08x, computed %08x",
          stored, computed));
    }
    return Arrays.copyOf(b, len);
  }

  /** HDF5's Fletcher-32 of {@code b[0..len)}. */
  static int fletcher32(byte[] b, int len) {
    long sum1 = 0;
    long sum2 = 0;
    int words = len / 2;
    int p = 0;
    while (words > 0) {
      int block = Math.min(words, 360);
      words -= block;
      for (int k = 0; k < block; k++) {
        sum1 += ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        p += 2;
        sum2 += sum1;
      }
      sum1 = (sum1 & 0xFFFF) + (sum1 >>> 16);
      sum2 = (sum2 & 0xFFFF) + (sum2 >>> 16);
    }
    if ((len & 1) != 0) {
      sum1 += (b[p] & 0xFF) << 8;
      sum2 += sum1;
      sum1 = (sum1 & 0xFFFF) + (sum1 >>> 16);
      sum2 = (sum2 & 0xFFFF) + (sum2 >>> 16);
    }
    sum1 = (sum1 & 0xFFFF) + (sum1 >>> 16);
    sum2 = (sum2 & 0xFFFF) + (sum2 >>> 16);
    return (int) ((sum2 << 16) | sum1);
  }
}
