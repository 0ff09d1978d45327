package org.hyperflux.io.zarr;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.scalableminds.bloscjava.Blosc;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.function.Consumer;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.LazyBlockChunk;
import org.hyperflux.core.exec.ThreadBlocks;
import org.hyperflux.io.internal.NativeUnshuffle;

/**
 * Decodes Blosc1 frames (c-blosc 1.x, the format numcodecs writes), reading zstd frames in Java
 * block by block with a reused zstd context, which c-blosc does not do (codec-speed.md: about
 * 1.6× faster on HyperSpy's Blosc(zstd, clevel 1, shuffle) data).
 *
 * <p>The format (c-blosc's README_HEADER and {@code blosc_d}): a 16-byte header — version (2),
 * inner-codec version, flags, typesize, then little-endian int32s {@code nbytes} (decoded size),
 * {@code blocksize} and {@code cbytes} (frame size). Flags: bit 0 byte shuffle, bit 1 stored
 * uncompressed ({@code memcpyed}: the data follows the header), bit 2 bit shuffle, bit 4 "do not
 * split", bits 5–7 the inner codec (0 blosclz, 1 lz4/lz4hc, 2 snappy, 3 zlib, 4 zstd). Unless
 * memcpyed, {@code ceil(nbytes / blocksize)} int32 block offsets follow; the last block holds the
 * leftover {@code nbytes % blocksize}. A block is split into {@code typesize} streams when the
 * split flag is clear, {@code typesize <= 16}, {@code blocksize / typesize >= 128} and it is not the
 * leftover block; otherwise it is one stream. Each stream is an int32 compressed size and the
 * compressed bytes, or the raw bytes when that size equals the stream's decoded size. A byte-
 * shuffled block (typesize > 1) is unshuffled after decoding: byte {@code k} of element {@code i}
 * comes from {@code shuffled[k * (blocksize / typesize) + i]}; a trailing
 * {@code blocksize % typesize} bytes are not shuffled.
 *
 * <p>Everything is validated before any native call: the frame size against the file, the decoded
 * size against the chunk, the block size, the offset table and every stream's size against the
 * frame. Frames with another inner codec, or bit-shuffled ones, go to c-blosc (blosc-java) after
 * the same header checks, which also keep c-blosc from dividing by a zero type or block size.
 *
 * <p>zstd decodes each Blosc block into a per-thread direct buffer of one Blosc block
 * ({@link DirectScratch}), reading its streams in place from a frame in a direct buffer (a chunk
 * file read into one, {@link DirectChunkBuffers}), or from a second per-thread buffer they are
 * copied into from a frame in a Java array: zstd-jni's byte-array calls would pin the arrays while
 * it runs, which on JDK 17 can make other threads' allocations fail. {@link #decode} copies the
 * block (unshuffled in Java when shuffled) into the chunk's bytes. {@link #decodeBlock} decodes a
 * chunk straight into the typed array of a {@link Block}: each decoded Blosc block is put into
 * the primitive array in the file's byte order, so the chunk is never held as a {@code byte[]}
 * as well. A shuffled block is unshuffled in C, from the direct buffer ({@link NativeUnshuffle}),
 * where io's native library is loaded; otherwise it is copied out and unshuffled in Java into a
 * scratch array, and that (or an unshuffled block) is bulk-copied through a {@link ByteBuffer}
 * view. (Unshuffling in Java into the primitive array element by element measured about 3%
 * slower on uint16 data than that byte unshuffle plus a copy of a block that is still in cache.)
 * It does so
 * when the frame is read in Java, the elements are wider than one byte and no element straddles a
 * Blosc block (the block size is a multiple of the item size, and a shuffled frame's typesize is
 * the item size, as numcodecs writes them); other frames take the byte path and
 * {@link ChunkBytes#toBlock}, with the same results. {@link #deferred} leaves that decoding to
 * the kernel that reads the chunk, block by block as it reads it ({@link TypedFrame}).
 */
final class BloscFrame {
  static final int HEADER_BYTES = 16;
  static final int DOSHUFFLE = 0x01;
  static final int MEMCPYED = 0x02;
  static final int DOBITSHUFFLE = 0x04;
  static final int DONT_SPLIT = 0x10;
  static final int FORMAT_ZSTD = 4;
  private static final int MAX_SPLITS = 16;
  private static final int MIN_BUFFERSIZE = 128;
  private static final String[] CODEC_NAMES = {"blosclz", "lz4", "snappy", "zlib", "zstd"};
  /** Per thread, where Blosc blocks are unshuffled in Java: one block shuffled, and unshuffled. */
  private static final ThreadLocal<byte[]> SHUFFLED = ThreadLocal.withInitial(() -> new byte[0]);
  private static final ThreadLocal<byte[]> UNSHUFFLED = ThreadLocal.withInitial(() -> new byte[0]);
  /** Per thread and element type: one Blosc block of a range that covers it only in part. */
  private static final ThreadBlocks PARTIAL = new ThreadBlocks(DirectScratch.MAX_KEPT);

  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private BloscFrame() {}

  /** The checked header of one frame. */
  record Header(int version, int flags, int typesize, int nbytes, int blocksize, int cbytes) {
    int codec() {
      return (flags >>> 5) & 7;
    }

    boolean memcpyed() {
      return (flags & MEMCPYED) != 0;
    }

    int blocks() {
      return nbytes == 0 ? 0 : (int) (((long) nbytes + blocksize - 1) / blocksize);
    }

    String codecName() {
      return codec() < CODEC_NAMES.length ? CODEC_NAMES[codec()] : "unknown codec " + codec();
    }
  }

  /** True when {@link #decode} reads this frame in Java (zstd without bit shuffle, or stored uncompressed). */
  static boolean decodesInJava(Header h) {
    return h.memcpyed() || (h.codec() == FORMAT_ZSTD && (h.flags() & DOBITSHUFFLE) == 0);
  }

  /** Decodes one frame into all of {@code dst} (the chunk's decoded size). */
  static void decode(byte[] src, int length, byte[] dst) throws IOException {
    ByteBuffer frame = wrap(src, length);
    decode(header(frame, dst.length), frame, dst);
  }

  private static void decode(Header h, ByteBuffer src, byte[] dst) throws IOException {
    if (h.nbytes() == 0) return;
    if (h.memcpyed()) {
      src.get(HEADER_BYTES, dst, 0, h.nbytes());
    } else if (decodesInJava(h)) {
      decodeZstd(h, src, dst);
    } else {
      decodeNative(h, src, dst);
    }
  }

  /**
   * Decodes one frame holding a whole chunk of {@code elements} elements of {@code dtype} stored in
   * {@code order} into a new block: the same block, and the same errors, as {@link #decode} into a
   * {@code byte[]} followed by {@link ChunkBytes#toBlock}, without the intermediate chunk-sized
   * byte array where the frame allows it (see the class comment).
   */
  static Block decodeBlock(byte[] src, int length, DType dtype, ByteOrder order, int elements)
      throws IOException {
    return decodeBlock(wrap(src, length), dtype, order, elements);
  }

  /**
   * {@link #decodeBlock(byte[], int, DType, ByteOrder, int)} of the frame in {@code src}, from
   * index 0 to its limit: a direct buffer is decoded from in place.
   */
  static Block decodeBlock(ByteBuffer src, DType dtype, ByteOrder order, int elements)
      throws IOException {
    src = littleEndian(src);
    Header h = header(src, elements * dtype.itemSize());
    if (!direct(h, dtype)) {
      byte[] bytes = new byte[h.nbytes()];
      decode(h, src, bytes);
      return ChunkBytes.toBlock(bytes, dtype, order, elements);
    }
    TypedFrame frame = new TypedFrame(h, src, src, null, dtype, order, elements);
    frame.decode(0, elements);
    return frame.block();
  }

  /**
   * The frame as a {@link TypedFrame} that decodes its Blosc blocks into the typed block on
   * demand, or null when the frame takes the byte path (see the class comment). The header and
   * block-offset table are checked here.
   */
  static TypedFrame deferred(byte[] src, int length, DType dtype, ByteOrder order, int elements)
      throws IOException {
    return deferred(wrap(src, length), dtype, order, elements, null);
  }

  /**
   * {@link #deferred(byte[], int, DType, ByteOrder, int)} of the frame in {@code src}, from index
   * 0 to its limit. The frame keeps {@code src} until every block is decoded or it is released,
   * then hands it to {@code done} (when not null), which nothing may read from after that.
   */
  static TypedFrame deferred(ByteBuffer src, DType dtype, ByteOrder order, int elements,
      Consumer<ByteBuffer> done) throws IOException {
    ByteBuffer frame = littleEndian(src);
    Header h = header(frame, elements * dtype.itemSize());
    return direct(h, dtype)
        ? new TypedFrame(h, frame, src, done, dtype, order, elements)
        : null;
  }

  /** Whether {@code h} decodes straight into a typed array of {@code dtype}. */
  private static boolean direct(Header h, DType dtype) {
    int itemSize = dtype.itemSize();
    boolean shuffle = (h.flags() & DOSHUFFLE) != 0 && h.typesize() > 1;
    return itemSize > 1 && h.nbytes() > 0 && decodesInJava(h)
        && (h.memcpyed() || h.blocksize() % itemSize == 0 && (!shuffle || h.typesize() == itemSize));
  }

  /**
   * A checked frame decoded into a typed block Blosc block by Blosc block, each when a range of
   * elements it holds is first asked for ({@link #decode}): a kernel that reads a chunk tile by
   * tile decodes each tile just before it reads it. Each block is decoded once; the frame's bytes
   * are dropped (and handed back to whoever gave them) when every block is, or when the chunk is
   * {@linkplain #release released}, after which nothing more is decoded. The typed block is
   * allocated on first use: a chunk read only by transient decoding ({@link #decodeTransient},
   * the Blosc blocks of a range decoded into the caller's buffer) never allocates it.
   * Thread-safe.
   */
  static final class TypedFrame extends LazyBlockChunk {
    /** A chunk decoded or transiently read after its release. */
    private static final String RELEASED = "the chunk was released";
    private final Header h;
    private final ByteOrder order;
    private final int itemSize;
    private final boolean shuffle;
    private final BitSet done;
    /** The frame, little-endian; null once every block is decoded or the frame is released. */
    private ByteBuffer src;
    /** The buffer given, handed back to {@link #whenDone} with {@link #src}. */
    private ByteBuffer given;
    private final Consumer<ByteBuffer> whenDone;
    private int pending;

    private TypedFrame(Header h, ByteBuffer src, ByteBuffer given, Consumer<ByteBuffer> whenDone,
        DType dtype, ByteOrder order, int elements) {
      super(dtype, elements);
      this.h = h;
      this.src = src;
      this.given = given;
      this.whenDone = whenDone;
      this.order = order;
      this.itemSize = dtype.itemSize();
      this.shuffle = (h.flags() & DOSHUFFLE) != 0 && h.typesize() > 1;
      this.pending = h.memcpyed() ? 1 : h.blocks();
      this.done = new BitSet(pending);
    }

    @Override
    public synchronized boolean complete() {
      return pending == 0;
    }

    /** The typed block, counted whether allocated yet or not, and the frame while it is kept. */
    @Override
    public synchronized long heldBytes() {
      return decodedBytes() + (src == null ? 0 : src.limit());
    }

    @Override
    public synchronized void decode(long from, long to) throws IOException {
      if (pending == 0 || from >= to) return;
      if (src == null) throw new IllegalStateException(RELEASED);
      Block out = block();
      if (h.memcpyed()) {
        ChunkBytes.copyInto(src, HEADER_BYTES, h.nbytes(), order, out.array(), 0);
        finished(0);
        return;
      }
      int perBlock = h.blocksize() / itemSize;
      int first = (int) (from / perBlock);
      int last = (int) Math.min(h.blocks() - 1, (to - 1) / perBlock);
      int j = done.nextClearBit(first);
      if (j > last) return;
      ZstdDecompressCtx ctx = ZstdContexts.borrow();
      try {
        for (; j <= last; j = done.nextClearBit(j + 1)) {
          decodeInto(j, ctx, out.array(), j * perBlock);
          finished(j);
        }
      } finally {
        ZstdContexts.release(ctx);
      }
    }

    @Override
    public synchronized boolean decodeTransient(long from, long to, Block dst, int dstOffset)
        throws IOException {
      if (blockAllocated()) return false;
      checkTransientRange(from, to, dst, dstOffset);
      if (src == null) throw new IllegalStateException(RELEASED);
      if (from == to) return true;
      Object array = dst.array();
      int at = dst.offset() + dstOffset;
      if (h.memcpyed()) {
        ChunkBytes.copyInto(src, HEADER_BYTES + (int) from * itemSize, (int) (to - from) * itemSize,
            order, array, at);
        return true;
      }
      int perBlock = h.blocksize() / itemSize;
      ZstdDecompressCtx ctx = ZstdContexts.borrow();
      try {
        for (int j = (int) (from / perBlock); (long) j * perBlock < to; j++) {
          int start = j * perBlock;
          int n = blockBytes(j) / itemSize;
          int lo = (int) Math.max(from, start);
          int hi = (int) Math.min(to, start + n);
          if (lo == start && hi == start + n) {
            decodeInto(j, ctx, array, at + (start - (int) from));
          } else {
            // A block the range only partly covers: decoded whole beside, then the part copied.
            Block whole = PARTIAL.atLeast(dtype(), perBlock);
            decodeInto(j, ctx, whole.array(), 0);
            System.arraycopy(whole.array(), lo - start, array, at + (lo - (int) from), hi - lo);
          }
        }
      } finally {
        ZstdContexts.release(ctx);
      }
      return true;
    }

    /** Bytes of Blosc block {@code j}: the block size, less for a last, leftover block. */
    private int blockBytes(int j) {
      int leftover = h.nbytes() % h.blocksize();
      return j == h.blocks() - 1 && leftover > 0 ? leftover : h.blocksize();
    }

    /** Decodes Blosc block {@code j} into the typed {@code array} from element {@code at}. */
    private void decodeInto(int j, ZstdDecompressCtx ctx, Object array, int at) throws IOException {
      int bsize = blockBytes(j);
      DirectScratch scratch = DirectScratch.get();
      ByteBuffer decoded = scratch.output(h.blocksize());
      decodeBlosc(h, src, j, bsize, ctx, decoded, scratch);
      if (shuffle && NativeUnshuffle.available()) {
        NativeUnshuffle.unshuffle(decoded, 0, bsize / itemSize, array, at,
            order == ByteOrder.BIG_ENDIAN);
      } else if (shuffle) {
        byte[] shuffled = scratch(SHUFFLED, bsize);
        decoded.get(0, shuffled, 0, bsize);
        byte[] unshuffled = scratch(UNSHUFFLED, bsize);
        unshuffle(itemSize, bsize, shuffled, unshuffled, 0);
        ChunkBytes.copyInto(unshuffled, 0, bsize, order, array, at);
      } else {
        ChunkBytes.copyInto(decoded, 0, bsize, order, array, at);
      }
    }

    private void finished(int j) {
      done.set(j);
      if (--pending == 0) dropFrame();
    }

    /** Drops the frame's bytes; the block, if decoded, stays valid. */
    @Override
    public synchronized void release() {
      dropFrame();
    }

    private void dropFrame() {
      if (src == null) return;
      src = null;
      ByteBuffer b = given;
      given = null;
      if (whenDone != null) whenDone.accept(b);
    }
  }

  /**
   * Reads and checks the header (and the block-offset table) of a frame of {@code length} bytes
   * that must decode to {@code expected} bytes.
   */
  static Header header(byte[] src, int length, int expected) throws IOException {
    return header(wrap(src, length), expected);
  }

  /** {@link #header(byte[], int, int)} of the little-endian frame in {@code src}, to its limit. */
  private static Header header(ByteBuffer src, int expected) throws IOException {
    int length = src.limit();
    if (length < HEADER_BYTES) {
      throw new IOException("truncated blosc frame: " + length + " bytes, shorter than its 16-byte header");
    }
    int version = src.get(0) & 0xFF;
    int flags = src.get(2) & 0xFF;
    int typesize = src.get(3) & 0xFF;
    int nbytes = readInt(src, 4);
    int blocksize = readInt(src, 8);
    int cbytes = readInt(src, 12);
    if (cbytes != length) {
      throw new IOException(Integer.compareUnsigned(cbytes, length) > 0
          ? "truncated blosc frame: its header says " + Integer.toUnsignedString(cbytes)
              + " bytes but the chunk has " + length
          : "corrupt blosc frame: its header says " + cbytes + " bytes but the chunk has " + length);
    }
    if (version < 1 || version > 2) {
      throw new IOException("corrupt or unsupported blosc frame: format version " + version
          + " (c-blosc 1 writes 2; Blosc2 frames are not read)");
    }
    if (nbytes != expected) {
      throw new IOException("blosc frame decodes to " + Integer.toUnsignedString(nbytes)
          + " bytes but the chunk needs " + expected);
    }
    if (typesize == 0) {
      throw new IOException("corrupt blosc frame: type size 0 in its header");
    }
    if (nbytes > 0 && (blocksize <= 0 || blocksize > nbytes)) {
      throw new IOException("corrupt blosc frame: block size " + blocksize + " for " + nbytes
          + " decoded bytes");
    }
    Header h = new Header(version, flags, typesize, nbytes, blocksize, cbytes);
    if (nbytes == 0) return h;
    if (h.memcpyed()) {
      if ((long) HEADER_BYTES + nbytes != length) {
        throw new IOException("corrupt blosc frame: stored uncompressed, it should have "
            + (HEADER_BYTES + (long) nbytes) + " bytes but has " + length);
      }
      return h;
    }
    int codec = h.codec();
    if (codec != 0 && codec != 1 && codec != 3 && codec != FORMAT_ZSTD) {
      throw new IOException("blosc frame uses inner codec " + codec + " (" + h.codecName()
          + "), which is not supported; supported: blosclz, lz4, lz4hc, zlib, zstd");
    }
    long tableEnd = HEADER_BYTES + 4L * h.blocks();
    if (tableEnd > length) {
      throw new IOException("truncated blosc frame: " + h.blocks() + " block offsets need "
          + tableEnd + " bytes but the frame has " + length);
    }
    for (int j = 0; j < h.blocks(); j++) {
      int start = readInt(src, HEADER_BYTES + 4 * j);
      if (start < tableEnd || start > length - 4) {
        throw new IOException("corrupt blosc frame: block " + j + " starts at " + start
            + ", outside [" + tableEnd + ", " + (length - 4) + "]");
      }
    }
    return h;
  }

  private static void decodeZstd(Header h, ByteBuffer src, byte[] dst) throws IOException {
    int typesize = h.typesize();
    int blocksize = h.blocksize();
    int blocks = h.blocks();
    int leftover = h.nbytes() % blocksize;
    boolean shuffle = (h.flags() & DOSHUFFLE) != 0 && typesize > 1;
    byte[] shuffled = shuffle ? scratch(SHUFFLED, blocksize) : null;
    DirectScratch scratch = DirectScratch.get();
    ByteBuffer decoded = scratch.output(blocksize);
    ZstdDecompressCtx ctx = ZstdContexts.borrow();
    try {
      for (int j = 0; j < blocks; j++) {
        int bsize = j == blocks - 1 && leftover > 0 ? leftover : blocksize;
        decodeBlosc(h, src, j, bsize, ctx, decoded, scratch);
        if (shuffle) {
          decoded.get(0, shuffled, 0, bsize);
          unshuffle(typesize, bsize, shuffled, dst, j * blocksize);
        } else {
          decoded.get(0, dst, j * blocksize, bsize);
        }
      }
    } finally {
      ZstdContexts.release(ctx);
    }
  }

  /**
   * Decodes Blosc block {@code j} of a zstd frame, {@code bsize} bytes (still shuffled), into the
   * first {@code bsize} bytes of the direct buffer {@code out}, checking every stream against the
   * frame. zstd reads a direct frame in place, and the streams of another copied into {@code
   * scratch}: it works on direct buffers only, and pins no Java array.
   */
  private static void decodeBlosc(Header h, ByteBuffer src, int j, int bsize,
      ZstdDecompressCtx ctx, ByteBuffer out, DirectScratch scratch) throws IOException {
    int length = src.limit();
    int typesize = h.typesize();
    boolean leftoverBlock = bsize != h.blocksize();
    boolean dontSplit = (h.flags() & DONT_SPLIT) != 0;
    int streams = !dontSplit && typesize <= MAX_SPLITS && bsize / typesize >= MIN_BUFFERSIZE
        && !leftoverBlock ? typesize : 1;
    if (bsize % streams != 0) {
      throw new IOException("corrupt blosc frame: block size " + bsize
          + " is not a multiple of its " + streams + " streams");
    }
    int streamBytes = bsize / streams;
    int outPos = 0;
    int pos = readInt(src, HEADER_BYTES + 4 * j);
    for (int s = 0; s < streams; s++) {
      if (pos > length - 4) {
        throw new IOException("truncated blosc frame: stream " + s + " of block " + j
            + " starts at " + pos + " of " + length + " bytes");
      }
      int cs = readInt(src, pos);
      pos += 4;
      if (cs < 0 || cs > length - pos) {
        throw new IOException("corrupt or truncated blosc frame: stream " + s + " of block " + j
            + " claims " + cs + " bytes but " + (length - pos) + " remain");
      }
      if (cs == streamBytes) {
        out.put(outPos, src, pos, streamBytes);
      } else {
        ByteBuffer in = src;
        int inPos = pos;
        if (!src.isDirect()) {
          in = scratch.input(cs).put(0, src, pos, cs);
          inPos = 0;
        }
        int n;
        try {
          n = ctx.decompressDirectByteBuffer(out, outPos, streamBytes, in, inPos, cs);
        } catch (ZstdException e) {
          ctx.reset();
          throw new IOException("corrupt zstd stream " + s + " in blosc block " + j + ": "
              + e.getMessage(), e);
        }
        if (n != streamBytes) {
          throw new IOException("zstd stream " + s + " in blosc block " + j + " decodes to " + n
              + " bytes, not " + streamBytes);
        }
      }
      pos += cs;
      outPos += streamBytes;
    }
  }

  /** This thread's buffer in {@code kept} of at least {@code size} bytes (a new one above {@link DirectScratch#MAX_KEPT}). */
  private static byte[] scratch(ThreadLocal<byte[]> kept, int size) {
    if (size > DirectScratch.MAX_KEPT) return new byte[size];
    byte[] b = kept.get();
    if (b.length < size) {
      b = new byte[size];
      kept.set(b);
    }
    return b;
  }

  private static void decodeNative(Header h, ByteBuffer src, byte[] dst) throws IOException {
    int length = src.limit();
    byte[] frame;
    if (src.hasArray() && src.arrayOffset() == 0 && src.array().length == length) {
      frame = src.array();
    } else {
      frame = new byte[length];
      src.get(0, frame);
    }
    byte[] out;
    try {
      out = Blosc.decompress(frame, 1);
    } catch (RuntimeException e) {
      throw new IOException("corrupt blosc frame (inner codec " + h.codecName() + "): c-blosc: "
          + e.getMessage(), e);
    }
    if (out == null || out.length != dst.length) {
      throw new IOException("blosc frame decodes to " + (out == null ? 0 : out.length)
          + " bytes but the chunk needs " + dst.length);
    }
    System.arraycopy(out, 0, dst, 0, out.length);
  }

  /**
   * c-blosc's byte unshuffle of one block: element {@code i}'s byte {@code k} is
   * {@code src[k * n + i]} with {@code n = blocksize / typesize}; trailing bytes are copied.
   */
  static void unshuffle(int typesize, int blocksize, byte[] src, byte[] dst, int dstPos) {
    int n = blocksize / typesize;
    switch (typesize) {
      case 2:
        for (int i = 0; i < n; i++) {
          SHORT_LE.set(dst, dstPos + 2 * i, (short) ((src[i] & 0xFF) | (src[n + i] << 8)));
        }
        break;
      case 4:
        for (int i = 0; i < n; i++) {
          INT_LE.set(dst, dstPos + 4 * i, (src[i] & 0xFF) | (src[n + i] & 0xFF) << 8
              | (src[2 * n + i] & 0xFF) << 16 | src[3 * n + i] << 24);
        }
        break;
      case 8:
        for (int i = 0; i < n; i++) {
          long lo = (src[i] & 0xFF) | (src[n + i] & 0xFF) << 8 | (src[2 * n + i] & 0xFF) << 16
              | (src[3 * n + i] & 0xFFL) << 24;
          long hi = (src[4 * n + i] & 0xFF) | (src[5 * n + i] & 0xFF) << 8
              | (src[6 * n + i] & 0xFF) << 16 | (src[7 * n + i] & 0xFFL) << 24;
          LONG_LE.set(dst, dstPos + 8 * i, lo | hi << 32);
        }
        break;
      default:
        for (int k = 0; k < typesize; k++) {
          int from = k * n;
          int to = dstPos + k;
          for (int i = 0; i < n; i++) dst[to + i * typesize] = src[from + i];
        }
        break;
    }
    int done = n * typesize;
    System.arraycopy(src, done, dst, dstPos + done, blocksize - done);
  }

  private static int readInt(ByteBuffer b, int at) {
    return b.getInt(at);
  }

  /** {@code src[0, length)} as a little-endian buffer. */
  private static ByteBuffer wrap(byte[] src, int length) {
    return ByteBuffer.wrap(src, 0, length).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** {@code src}, or a view of it, in little-endian order (the header's and offsets'). */
  private static ByteBuffer littleEndian(ByteBuffer src) {
    return src.order() == ByteOrder.LITTLE_ENDIAN
        ? src : src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }
}
