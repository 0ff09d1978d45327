package org.hyperflux.io.internal;

import java.lang.ref.Cleaner;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * libdeflate's whole-buffer zlib and gzip decompressors: on HyperSpy's shuffled uint16 chunks
 * they inflate about 3.7 times as fast as {@code java.util.zip} (zlib 1.2.13), which is most of
 * the time spent reading a {@code .hspy} file.
 *
 * <p>The system's {@code libdeflate.so.0} (Debian's {@code libdeflate0}) is bound with {@code
 * dlopen} by io's own JNI library ({@link NativeLibrary}). Where either is missing, or {@code
 * -Dhyperflux.libdeflate=false} or {@code -Dhyperflux.native=false} is set, {@link #available()}
 * is false and callers inflate with {@code java.util.zip}: the results are the same, only slower.
 *
 * <p>A stream that libdeflate rejects (corrupt, truncated, or not fitting the output) is reported
 * without detail (null); callers then decode it again with {@code java.util.zip}, whose error
 * says what is wrong. Thread-safe: every call uses a decompressor of its own, and {@link
 * Inflated} synchronises its copies with its release.
 *
 * <p>A stream can also be inflated from native memory ({@link Input}): a file's stored chunk
 * read straight into it never passes through a Java array, which would be allocated, zeroed and
 * copied once more on its way to libdeflate.
 *
 * <p>Native buffers of 4 MiB or more are mapped on their own, and when freed up to eight of them
 * (128 MiB in all) are kept for later calls that need the same size: a fresh mapping's page
 * faults and zeroing cost about a tenth of inflating into it. Kept buffers stay mapped, but are
 * marked free to reclaim ({@code MADV_FREE}): the kernel takes their pages back when memory runs
 * short, and until then they are reused as they are.
 */
public final class Libdeflate {
  private static final String PROPERTY = "hyperflux.libdeflate";
  private static final String SYSTEM_LIBRARY = "libdeflate.so.0";

  /** The stream formats, in the order the native side indexes them. */
  public enum Format { ZLIB, GZIP }

  private Libdeflate() {}

  /** True when {@link #decompress} can be called. */
  public static boolean available() {
    return Binding.UNAVAILABLE == null;
  }

  /** {@code "libdeflate.so.0"} when {@link #available()}, otherwise why not. */
  public static String status() {
    return available() ? SYSTEM_LIBRARY : Binding.UNAVAILABLE;
  }

  /**
   * Decompresses the whole {@code format} stream in {@code in[inOffset, inOffset + inLength)}
   * into {@code out}, a {@code byte[]}, {@code short[]}, {@code int[]}, {@code long[]}, {@code
   * float[]} or {@code double[]} of at least {@code n} elements, which the stream must fill
   * exactly. With {@code shuffled}, the decoded bytes are in HDF5's shuffled form (byte 0 of every
   * element, then byte 1, ...) and are put back together on the way; with {@code bigEndian}, the
   * elements are stored big-endian.
   *
   * <p>Native memory of about the compressed plus the decoded size is used during the call, and
   * the Java arrays are copied rather than pinned: on JDK 17, a long JNI critical section can make
   * an allocation on another thread fail with OutOfMemoryError (JDK-8192647).
   *
   * @return the number of decoded bytes ({@code n} times the element size) and of input bytes
   *     the stream took (bytes after its end are not read), or null when the stream is corrupt,
   *     truncated, or decodes to any other number of bytes
   * @throws IllegalStateException when not {@link #available()}
   * @throws IllegalArgumentException when {@code out} is not one of those arrays
   * @throws IndexOutOfBoundsException when a range lies outside its array
   * @throws OutOfMemoryError when native memory for the decoding runs out
   */
  public static Decoded decompress(Format format, byte[] in, int inOffset, int inLength,
      Object out, int n, boolean shuffled, boolean bigEndian) {
    if (!available()) throw new IllegalStateException("libdeflate is unavailable: " + status());
    Objects.checkFromIndexSize(inOffset, inLength, in.length);
    int kind = NativeLibrary.kind(out);
    Objects.checkFromIndexSize(0, n, Array.getLength(out));
    int size = NativeLibrary.elementSize(kind);
    if ((long) n * size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(n + " elements of " + size + " bytes exceed an array");
    }
    long r = decompress(format.ordinal(), in, inOffset, inLength, out, kind, n, size, shuffled,
        bigEndian);
    if (r == -4) {
      throw new OutOfMemoryError("libdeflate: no native memory to decode a " + inLength
          + "-byte stream into " + (long) n * size + " bytes");
    }
    return r < 0 ? null : new Decoded((int) r, (int) (r >>> 32));
  }

  /** What {@link #decompress} decoded: {@code length} bytes out of {@code consumed} input bytes. */
  public record Decoded(int length, int consumed) {}

  /**
   * Decompresses the whole {@code format} stream in {@code in[inOffset, inOffset + inLength)},
   * which must decode to exactly {@code n} elements of {@code itemSize} bytes, into native memory,
   * from which {@link Inflated#copyTo} fills Java arrays range by range: a kernel that reads a
   * chunk tile by tile can have each tile put together just before it reads it.
   *
   * @return the decoded elements, to be {@link Inflated#close closed} (a cleaner frees them when
   *     an unclosed one becomes unreachable), or null when the stream is corrupt, truncated, or
   *     decodes to any other number of bytes
   * @throws IllegalStateException when not {@link #available()}
   * @throws IllegalArgumentException when {@code itemSize} is not 1, 2, 4 or 8
   * @throws IndexOutOfBoundsException when the range lies outside {@code in}
   * @throws OutOfMemoryError when native memory for the decoded bytes runs out
   */
  public static Inflated inflate(Format format, byte[] in, int inOffset, int inLength, int n,
      int itemSize) {
    if (!available()) throw new IllegalStateException("libdeflate is unavailable: " + status());
    Objects.checkFromIndexSize(inOffset, inLength, in.length);
    checkElements(n, itemSize);
    return inflated(inflate(format.ordinal(), in, inOffset, inLength, n, itemSize), inLength, n,
        itemSize);
  }

  /** Checks the elements both {@code inflate}s decode to before going native. */
  private static void checkElements(int n, int itemSize) {
    if (itemSize != 1 && itemSize != 2 && itemSize != 4 && itemSize != 8) {
      throw new IllegalArgumentException("element size must be 1, 2, 4 or 8, got " + itemSize);
    }
    if (n < 0 || (long) n * itemSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(n + " elements of " + itemSize + " bytes");
    }
  }

  /** What the native {@code inflate}s returned, {@code handle}, as an {@link Inflated} or null. */
  private static Inflated inflated(long handle, int inLength, int n, int itemSize) {
    if (handle == -4) {
      throw new OutOfMemoryError("libdeflate: no native memory to decode a " + inLength
          + "-byte stream into " + (long) n * itemSize + " bytes");
    }
    return handle < 0 ? null : new Inflated(handle, n, itemSize);
  }

  /**
   * {@link #inflate(Format, byte[], int, int, int, int)} of the whole of {@code in}, which is
   * read in native memory: the stored bytes of a chunk read from a file straight into native
   * memory are inflated without passing through a Java array.
   *
   * @throws IllegalStateException when not {@link #available()}, or when {@code in} is closed
   */
  public static Inflated inflate(Format format, Input in, int n, int itemSize) {
    if (!available()) throw new IllegalStateException("libdeflate is unavailable: " + status());
    checkElements(n, itemSize);
    long handle;
    synchronized (in) {
      handle = inflateNative(format.ordinal(), in.address(), in.length, n, itemSize);
    }
    return inflated(handle, in.length, n, itemSize);
  }

  /**
   * {@code length} bytes of native memory to read a stored stream into ({@link Input#buffer})
   * and inflate from there ({@link #inflate(Format, Input, int, int)}), from the same pool as
   * the decode buffers.
   *
   * @throws IllegalStateException when not {@link #available()}
   * @throws OutOfMemoryError when native memory runs out
   */
  public static Input allocateInput(int length) {
    if (!available()) throw new IllegalStateException("libdeflate is unavailable: " + status());
    if (length < 0) throw new IllegalArgumentException("negative length " + length);
    long address = allocate(length);
    if (address == 0) {
      throw new OutOfMemoryError("libdeflate: no native memory for " + length + " input bytes");
    }
    return new Input(address, length);
  }

  /**
   * Bytes in native memory, to be {@link #close closed} (a cleaner frees them when an unclosed
   * one becomes unreachable). Filled through {@link #buffer} by one thread, then read by {@link
   * Libdeflate#inflate(Format, Input, int, int)} or {@link #toArray} on any.
   */
  public static final class Input implements AutoCloseable {
    private final int length;
    private final InputRelease release;
    private final Cleaner.Cleanable cleanable;
    private final ByteBuffer buffer;

    private Input(long address, int length) {
      this.length = length;
      this.release = new InputRelease(address, length);
      this.cleanable = Cleaners.CLEANER.register(this, release);
      this.buffer = wrap(address, length);
    }

    /** The number of bytes. */
    public int length() {
      return length;
    }

    /** The native bytes held: {@link #length} (0 once closed). */
    public synchronized long heldBytes() {
      return release.address == 0 ? 0 : length;
    }

    /** The bytes' address. Callers synchronise on this input, so that it stays open meanwhile. */
    private long address() {
      long address = release.address;
      if (address == 0) throw new IllegalStateException("input closed");
      return address;
    }

    /**
     * A direct buffer over the bytes, from position 0 to {@link #length}, to read them into: a
     * view of its own at each call. Not to be used after {@link #close}.
     *
     * @throws IllegalStateException when closed
     */
    public synchronized ByteBuffer buffer() {
      address();
      return buffer.duplicate().clear();
    }

    /**
     * A copy of the bytes in a Java array (for decoders that take one).
     *
     * @throws IllegalStateException when closed
     */
    public synchronized byte[] toArray() {
      address();
      byte[] out = new byte[length];
      buffer.duplicate().clear().get(out);
      return out;
    }

    /** Frees the native memory; later calls do nothing. */
    @Override
    public synchronized void close() {
      cleanable.clean();
    }
  }

  /** Frees an {@link Input}'s memory once, when closed or when it is unreachable. */
  private static final class InputRelease implements Runnable {
    private volatile long address;
    private final int length;

    InputRelease(long address, int length) {
      this.address = address;
      this.length = length;
    }

    @Override
    public void run() {
      long a = address;
      address = 0;
      if (a != 0) free(a, length);
    }
  }

  /**
   * Elements decoded by {@link #inflate}, held in native memory until {@link #close}. Thread-safe.
   */
  public static final class Inflated implements AutoCloseable {
    private final int n;
    private final int itemSize;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    private Inflated(long handle, int n, int itemSize) {
      this.n = n;
      this.itemSize = itemSize;
      this.release = new Release(handle);
      this.cleanable = Cleaners.CLEANER.register(this, release);
    }

    /** The number of decoded elements. */
    public int length() {
      return n;
    }

    /** The native bytes held: the decoded elements (0 once closed). */
    public synchronized long heldBytes() {
      return release.handle == 0 ? 0 : (long) n * itemSize;
    }

    /**
     * Copies elements {@code [from, from + count)} into the same indices of {@code out}, an array
     * as for {@link Libdeflate#decompress} whose elements have this one's size, put back together
     * from HDF5's shuffled form when {@code shuffled} and from big-endian when {@code bigEndian}.
     *
     * @throws IllegalStateException when closed
     * @throws IllegalArgumentException when {@code out}'s elements have another size
     * @throws IndexOutOfBoundsException when the range lies outside the elements or {@code out}
     */
    public void copyTo(Object out, int from, int count, boolean shuffled, boolean bigEndian) {
      copyTo(out, from, from, count, shuffled, bigEndian);
    }

    /**
     * Copies elements {@code [from, from + count)} into {@code out} from index {@code outAt}, as
     * {@link #copyTo(Object, int, int, boolean, boolean)} copies them to the same indices.
     *
     * @throws IllegalStateException when closed
     * @throws IllegalArgumentException when {@code out}'s elements have another size
     * @throws IndexOutOfBoundsException when the range lies outside the elements or {@code out}
     */
    public synchronized void copyTo(Object out, int outAt, int from, int count, boolean shuffled,
        boolean bigEndian) {
      if (release.handle == 0) throw new IllegalStateException("closed");
      int kind = NativeLibrary.kind(out);
      if (NativeLibrary.elementSize(kind) != itemSize) {
        throw new IllegalArgumentException(out.getClass().getSimpleName() + " for elements of "
            + itemSize + " bytes");
      }
      Objects.checkFromIndexSize(from, count, n);
      Objects.checkFromIndexSize(outAt, count, Array.getLength(out));
      copy(release.handle, from, count, out, outAt, kind, shuffled, bigEndian);
    }

    /** Frees the native memory; later calls do nothing. */
    @Override
    public synchronized void close() {
      cleanable.clean();
    }

    /** Frees the native memory once, when closed or when its {@code Inflated} is unreachable. */
    private static final class Release implements Runnable {
      private volatile long handle;

      Release(long handle) {
        this.handle = handle;
      }

      @Override
      public void run() {
        long h = handle;
        handle = 0;
        if (h != 0) release(h);
      }
    }
  }

  /** The cleaner of unclosed {@link Input}s and {@link Inflated}s, started on first use. */
  private static final class Cleaners {
    static final Cleaner CLEANER = Cleaner.create();
  }

  private static native String bind(String library);

  private static native long inflate(int format, byte[] in, int inOffset, int inLength, int n,
      int size);

  private static native void copy(long handle, int from, int count, Object out, int outAt,
      int kind, boolean shuffled, boolean bigEndian);

  private static native void release(long handle);

  private static native long inflateNative(int format, long in, int inLength, int n, int size);

  private static native long allocate(int size);

  private static native ByteBuffer wrap(long address, int size);

  private static native void free(long address, int size);

  private static native long decompress(int format, byte[] in, int inOffset, int inLength,
      Object out, int kind, int n, int size, boolean shuffled, boolean bigEndian);

  /** Binds libdeflate once, on first use; {@code UNAVAILABLE} is null when it worked. */
  private static final class Binding {
    static final String UNAVAILABLE = load();

    private static String load() {
      if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
        return "turned off by -D" + PROPERTY + "=false";
      }
      String unloaded = NativeLibrary.unavailable();
      return unloaded != null ? unloaded : bind(SYSTEM_LIBRARY);
    }
  }
}
