package org.hyperflux.io.hdf5.write;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes an HDF5 file append-only, streaming: chunks of datasets are appended at the end of the
 * file as they are written (from any thread), and only their addresses and sizes are kept; the
 * chunk indexes, the global heap, the object headers (children before parents, so every link
 * points at a header already written) and finally the superblock are written by {@link
 * #finish}. The file is readable by libhdf5 1.8 and later (h5py, h5dump, HyperSpy) and by jHDF.
 *
 * <pre>{@code
 * try (Hdf5Writer w = Hdf5Writer.create(Path.of("x.h5"), Hdf5Writer.DEFAULT_DEFLATE_LEVEL)) {
 *   Hdf5GroupWriter g = w.root().createGroup("g");
 *   g.writeAttributes(Map.of("title", "a", "ok", true));
 *   Hdf5DatasetWriter d = g.createDataset("data", Shape.of(100, 100), DType.FLOAT32, new int[] {32, 32});
 *   for (Chunk c : chunks) d.writeChunk(c.gridIndex(), c.block());   // any thread, any order
 *   w.finish();
 * }
 * }</pre>
 *
 * <p>Layout (HDF5 File Format Specification 3.0): the superblock, version 2 (§II.A "Disk Format:
 * Level 0A - Format Signature and Superblock": signature, version 2, 8-byte offsets and lengths,
 * no consistency flags, base address 0, no superblock extension, the end-of-file address, the
 * root group's object header address, the lookup3 checksum), in the 48 bytes reserved at offset
 * 0; then, in the order they were produced, chunks and contiguous data, chunk B-trees (version
 * 1, §III.A.1), global heap collections (§III.E), object headers (version 2, §IV.A.1.b).
 * Groups are "new style" with compact links; see {@link Hdf5GroupWriter}.
 *
 * <p>Thread-safety: the tree (groups, attributes, datasets) is built from one thread; chunks may
 * be written concurrently from any number of threads ({@link Hdf5DatasetWriter#writeChunk} is
 * thread-safe: compression runs in the caller's thread, then one short lock reserves the space at
 * the end of the file and the bytes are written there). {@link #finish} runs once every chunk
 * write has returned.
 */
public final class Hdf5Writer implements Closeable {
  /** h5py's gzip level when none is given, which HyperSpy uses. */
  public static final int DEFAULT_DEFLATE_LEVEL = 4;

  private static final int SUPERBLOCK_SIZE = 48;
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private final Path path;
  private final FileChannel channel;
  private final ChunkEncoder encoder;
  private final GlobalHeap heap = new GlobalHeap();
  private final Hdf5GroupWriter root;
  private final Appender appender = new FileAppender();
  private long end = SUPERBLOCK_SIZE;
  private volatile boolean finished;
  private volatile boolean closed;

  private Hdf5Writer(Path path, FileChannel channel, int deflateLevel) {
    this.path = path;
    this.channel = channel;
    this.encoder = new ChunkEncoder(deflateLevel);
    this.root = new Hdf5GroupWriter(this, "/");
  }

  /**
   * Creates (or truncates) the file at {@code path}; chunked datasets are compressed with shuffle
   * and deflate at {@code deflateLevel} (0..9).
   *
   * @throws IllegalArgumentException for a level outside 0..9
   * @throws IOException when the file cannot be created
   */
  public static Hdf5Writer create(Path path, int deflateLevel) throws IOException {
    Objects.requireNonNull(path, "path");
    if (deflateLevel < 0 || deflateLevel > 9) {
      throw new IllegalArgumentException("deflate level must be in 0..9, got " + deflateLevel);
    }
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    return new Hdf5Writer(path, ch, deflateLevel);
  }

  /** The file being written. */
  public Path path() {
    return path;
  }

  /** The root group. */
  public Hdf5GroupWriter root() {
    return root;
  }

  /** The deflate level of chunked datasets. */
  public int deflateLevel() {
    return encoder.level();
  }

  ChunkEncoder encoder() {
    return encoder;
  }

  GlobalHeap heap() {
    return heap;
  }

  Appender appender() {
    return appender;
  }

  /** The file's bytes so far (the end-of-file address). */
  public synchronized long size() {
    return end;
  }

  void checkOpen() {
    if (finished || closed) {
      throw new IllegalStateException("HDF5 file " + path + " is " + (finished ? "finished" : "closed"));
    }
  }

  /**
   * Writes the chunk indexes, strings, object headers and superblock, and closes the file, which
   * is then complete. Every chunk write must have returned.
   *
   * @throws IllegalStateException when already finished or closed
   * @throws IOException when writing fails (the file is then incomplete and closed)
   */
  public void finish() throws IOException {
    checkOpen();
    try {
      root.writeIndexes();
      heap.write(appender);
      root.writeStringData();
      long rootAddress = root.writeHeader();
      LeBytes sb = new LeBytes(SUPERBLOCK_SIZE);
      long eof;
      synchronized (this) {
        eof = end;
      }
      sb.bytes(SIGNATURE).u8(2).u8(8).u8(8).u8(0);
      sb.u64(0).u64(LeBytes.UNDEFINED).u64(eof).u64(rootAddress);
      sb.checksumFrom(0);
      appender.writeAt(0, sb.array(), sb.size());
      finished = true;
    } finally {
      close();
    }
  }

  /** Closes the file; unless {@link #finish} ran, it is incomplete (not a valid HDF5 file). */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    channel.close();
  }

  @Override
  public String toString() {
    return "Hdf5Writer[" + path + (finished ? ", finished" : closed ? ", closed" : "") + "]";
  }

  /** Appends under the writer's lock (only the position); writes positionally outside it. */
  private final class FileAppender implements Appender {
    @Override
    public long append(byte[] bytes, int length) throws IOException {
      long at = reserve(length);
      writeAt(at, bytes, length);
      return at;
    }

    @Override
    public long reserve(long length) {
      synchronized (Hdf5Writer.this) {
        long at = end;
        end += length;
        return at;
      }
    }

    @Override
    public void writeAt(long address, byte[] bytes, int length) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
      long at = address;
      while (b.hasRemaining()) at += channel.write(b, at);
    }
  }
}
