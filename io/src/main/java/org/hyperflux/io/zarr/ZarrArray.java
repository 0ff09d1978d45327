package org.hyperflux.io.zarr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.exec.DeferredChunk;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.ops.LazyArray;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One zarr v2 array in a directory store: its {@code .zarray} metadata, its chunks read as
 * flux-core blocks, and a writer. Any zarr v2 array with C order, no filters and a supported dtype
 * and compressor can be read, whoever wrote it; arrays written here open in zarr-python.
 *
 * <p>Reading is lazy: {@link #open} reads only {@code .zarray}; {@link #source()} is a
 * random-access, blocking {@link Source} whose chunks are the zarr chunks (edge chunks cropped to
 * the shape), read and decoded on demand. A chunk that was never written reads as the fill value.
 * Stored big-endian data is converted at this boundary.
 *
 * <p>Writing: {@link #create} writes {@code .zarray}; {@link #writeChunk} stores one chunk;
 * {@link #write(LazyArray, ExecOptions)} streams a lazy array's chunks into the store, encoding
 * on the CPU scheduler and writing on the IO scheduler, a bounded number at a time. Every chunk
 * file appears whole (temporary file, then an atomic rename). Edge chunks are padded to the full
 * chunk shape with the fill value, as zarr v2 stores them.
 *
 * <p>Thread-safe: chunks may be read and written concurrently (two writes of one chunk race;
 * the last rename wins).
 *
 * <pre>{@code
 * ZarrArray a = ZarrArray.open(Path.of("scan.zarr"));
 * double total = LazyArray.of(a.source()).sum().compute().getDouble();
 *
 * ZarrArray out = ZarrArray.create(Path.of("copy.zarr"), ZarrArrayMetadata.of(a.metadata().shape(),
 *     a.metadata().chunkShape(), a.metadata().dtype()));
 * out.write(LazyArray.of(a.source()), ExecOptions.defaults()).block();
 * }</pre>
 */
public final class ZarrArray {
  private final Path path;
  private final ZarrArrayMetadata metadata;
  private final DirectoryStore store;
  private final Codec codec;
  private final ZarrSource source;

  private ZarrArray(Path path, ZarrArrayMetadata metadata) {
    this.path = path;
    this.metadata = metadata;
    this.store = new DirectoryStore(path, metadata.dimensionSeparator());
    this.codec = Codecs.create(metadata.compressor(), metadata.dtype().itemSize());
    this.source = new ZarrSource(this, "zarr " + path);
  }

  /**
   * Opens the array in directory {@code path}, reading only its {@code .zarray}.
   *
   * @throws NoSuchFileException when there is no {@code .zarray}
   * @throws ZarrFormatException when {@code .zarray} is malformed or describes an array hyperflux
   *     does not read (Fortran order, filters, unknown codec or dtype), naming the file
   */
  public static ZarrArray open(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    Path zarray = path.resolve(ZarrJson.ZARRAY);
    if (!Files.exists(zarray)) {
      throw new NoSuchFileException(zarray.toString(), null,
          "no zarr array at " + path + " (.zarray is missing)");
    }
    return new ZarrArray(path, ZarrJson.readArray(path));
  }

  /**
   * Creates an array in directory {@code path}, which must not exist or be empty, and writes its
   * {@code .zarray}. No chunk is written: until written, every chunk reads as the fill value.
   *
   * @throws FileAlreadyExistsException when {@code path} is a file or a directory that is not empty
   */
  public static ZarrArray create(Path path, ZarrArrayMetadata metadata) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(metadata, "metadata");
    Codecs.create(metadata.compressor(), metadata.dtype().itemSize());
    if (Files.exists(path)) {
      boolean empty;
      if (!Files.isDirectory(path)) {
        empty = false;
      } else {
        try (Stream<Path> s = Files.list(path)) {
          empty = s.findAny().isEmpty();
        }
      }
      if (!empty) {
        throw new FileAlreadyExistsException(path.toString(), null,
            "a zarr array is created in a new or empty directory");
      }
    }
    Files.createDirectories(path);
    ZarrJson.writeArray(path, metadata);
    return new ZarrArray(path, metadata);
  }

  /** The array's directory. */
  public Path path() {
    return path;
  }

  /** The array's {@code .zarray}, as read when opened or written when created. */
  public ZarrArrayMetadata metadata() {
    return metadata;
  }

  /**
   * The array as a flux-core source: {@code RANDOM_ACCESS}, blocking (reads run on the IO
   * scheduler), storage grid = {@link ZarrArrayMetadata#grid()}. Holds no open files.
   */
  public Source source() {
    return source;
  }

  /** The array as a lazy array over {@link #source()}; nothing is read until it is computed. */
  public LazyArray lazy() {
    return LazyArray.of(source);
  }

  /** The array's attributes ({@code .zattrs}; empty when absent). Reads the file on every call. */
  public Map<String, Object> attributes() throws IOException {
    return ZarrJson.readAttributes(path);
  }

  /** Replaces {@code .zattrs} with {@code attributes} (maps, lists, strings, numbers, booleans, null). */
  public void writeAttributes(Map<String, ?> attributes) throws IOException {
    ZarrJson.writeAttributes(path, attributes);
  }

  /** The file name (relative to {@link #path()}) of chunk {@code index}, e.g. {@code "0.3"} or {@code "0/3"}. */
  public String chunkKey(ChunkIndex index) {
    metadata.grid().region(index);
    return store.key(index);
  }

  /**
   * Bytes reading chunk {@code index} holds beyond the block it returns (for plan costing): the
   * chunk file's bytes (its real size; 0 when it was never written), plus the decoded bytes for a
   * codec that decodes into a {@code byte[]} before converting it to a dtype wider than one byte
   * (uncompressed chunks are converted straight from the file's bytes, Blosc frames decoded into
   * the block), plus the whole chunk when an edge chunk is cropped to the array. Looks at the
   * file's size; reads no data.
   */
  public long readHeldBytes(ChunkIndex index) {
    Region region = metadata.grid().region(index);
    if (region.isEmpty()) return 0;
    String key = store.key(index);
    long decoded = (long) metadata.chunkElements() * metadata.dtype().itemSize();
    long stored;
    try {
      stored = Files.size(store.file(key));
    } catch (NoSuchFileException e) {
      return 0; // read as the fill value, straight into the block
    } catch (IOException e) {
      stored = decoded; // costed as incompressible; the read reports the error
    }
    long held = stored;
    DType dtype = metadata.dtype();
    boolean widened = dtype.itemSize() > 1 || dtype == DType.BOOL;
    if (!codec.decodesIntoBlock() && widened) held += decoded;
    if (!storedRegion(region).equals(region)) held += decoded;
    return held;
  }

  /**
   * Reads chunk {@code index} (blocking): the block of {@code grid().region(index)} in C order,
   * the fill value where the chunk was never written.
   *
   * @throws ZarrChunkException when the chunk cannot be read or decoded, naming key and file
   */
  public Block readChunk(ChunkIndex index) throws IOException {
    ChunkGrid grid = metadata.grid();
    Region region = grid.region(index);
    DType dtype = metadata.dtype();
    if (region.isEmpty()) return Block.allocate(dtype, 0);
    String key = store.key(index);
    Block full;
    if (codec instanceof BloscCodec blosc) {
      ByteBuffer raw = readStoredDirect(key);
      if (raw == null) return filled(region);
      try {
        full = blosc.decodeBlock(raw, dtype, metadata.byteOrder(), metadata.chunkElements(),
            DirectChunkBuffers::release);
      } catch (IOException | RuntimeException e) {
        throw new ZarrChunkException("decode", path, key, store.file(key), e);
      }
    } else {
      byte[] raw = readStored(key);
      if (raw == null) return filled(region);
      try {
        full = codec.decodeBlock(raw, raw.length, dtype, metadata.byteOrder(),
            metadata.chunkElements());
      } catch (IOException | RuntimeException e) {
        throw new ZarrChunkException("decode", path, key, store.file(key), e);
      }
    }
    Region stored = storedRegion(region);
    return stored.equals(region) ? full : RegionCopy.extract(full, stored, region);
  }

  /**
   * Reads chunk {@code index} (blocking) as {@link #readChunk} does, leaving its decoding to
   * whoever reads the block, tile by tile, where the codec allows it (Blosc frames decoded in
   * Java; see {@link DeferredChunk}). A missing chunk, an edge chunk (cropped after decoding) and
   * other codecs are decoded now. Errors found later, while decoding, are {@link
   * ZarrChunkException}s naming the key and file as {@link #readChunk}'s are.
   *
   * @throws ZarrChunkException when the chunk cannot be read, or its header is corrupt
   */
  public DeferredChunk readChunkDeferred(ChunkIndex index) throws IOException {
    Region region = metadata.grid().region(index);
    if (region.isEmpty() || !storedRegion(region).equals(region)) {
      return DeferredChunk.decoded(readChunk(index));
    }
    String key = store.key(index);
    Function<Exception, IOException> failure =
        e -> new ZarrChunkException("decode", path, key, store.file(key), e);
    DeferredChunk chunk;
    if (codec instanceof BloscCodec blosc) {
      // Read into a direct buffer and decoded from there (DirectChunkBuffers), which the chunk
      // hands back once decoded or released.
      ByteBuffer raw = readStoredDirect(key);
      if (raw == null) return DeferredChunk.decoded(filled(region));
      try {
        chunk = blosc.decodeDeferred(raw, metadata.dtype(), metadata.byteOrder(),
            metadata.chunkElements(), DirectChunkBuffers::release);
      } catch (IOException | RuntimeException e) {
        throw failure.apply(e);
      }
    } else {
      byte[] raw = readStored(key);
      if (raw == null) return DeferredChunk.decoded(filled(region));
      try {
        chunk = codec.decodeDeferred(raw, raw.length, metadata.dtype(), metadata.byteOrder(),
            metadata.chunkElements());
      } catch (IOException | RuntimeException e) {
        throw failure.apply(e);
      }
    }
    return chunk.complete() ? chunk : DeferredChunk.withFailures(chunk, failure);
  }

  /** {@link #readStored} into a direct buffer of {@link DirectChunkBuffers}, to release there. */
  private ByteBuffer readStoredDirect(String key) throws ZarrChunkException {
    try {
      return store.readDirect(key);
    } catch (IOException e) {
      throw new ZarrChunkException("read", path, key, store.file(key), e);
    }
  }

  /** The stored bytes of chunk {@code key}, or null when it was never written. */
  private byte[] readStored(String key) throws ZarrChunkException {
    try {
      return store.read(key);
    } catch (IOException e) {
      throw new ZarrChunkException("read", path, key, store.file(key), e);
    }
  }

  /** A block over {@code region} holding the fill value (a chunk that was never written). */
  private Block filled(Region region) {
    Block b = Block.allocate(metadata.dtype(), region.size());
    metadata.fillValue().fill(b);
    return b;
  }

  /**
   * Writes chunk {@code index} (blocking): {@code block} holds {@code grid().region(index)} in C
   * order with the array's dtype. The chunk file is replaced atomically. Returns the bytes
   * stored (0 for a chunk of an empty region, which stores nothing).
   *
   * @throws IllegalArgumentException when the block's dtype or size does not match the chunk
   * @throws ZarrChunkException when encoding or writing fails, naming key and file
   */
  public long writeChunk(ChunkIndex index, Block block) throws IOException {
    Encoded e = encode(index, block);
    if (e == null) return 0;
    store(e);
    return e.bytes().length;
  }

  /**
   * Writes every chunk of {@code data} and completes when all are stored. The array's shape,
   * dtype and chunk grid must equal this array's (rechunk or cast first; chunking is never
   * changed implicitly). The plan is costed now; nothing is read before subscription. Chunks
   * are encoded on {@code options.cpu()} and written on {@code options.io()}, at most
   * {@code min(parallelism, budget / (4 × chunk bytes))} (at least 1) at a time. On error or
   * cancel, chunks already written stay written; each chunk file is whole.
   *
   * @throws IllegalArgumentException when shape, dtype or grid differ, naming both
   */
  public Mono<Void> write(LazyArray data, ExecOptions options) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(options, "options");
    if (!data.shape().equals(metadata.shape())) {
      throw new IllegalArgumentException("cannot write an array of shape " + data.shape()
          + " into zarr array " + path + " of shape " + metadata.shape());
    }
    if (data.dtype() != metadata.dtype()) {
      throw new IllegalArgumentException("cannot write " + data.dtype().numpyName()
          + " data into zarr array " + path + " of dtype " + metadata.dtype().numpyName()
          + "; cast it with astype first");
    }
    if (!data.grid().equals(metadata.grid())) {
      throw new IllegalArgumentException("the array's chunks " + data.grid().extentsString()
          + " differ from the chunks " + metadata.grid().extentsString() + " of zarr array " + path
          + " (chunk shape " + Arrays.toString(metadata.chunkShape()) + "); rechunk it first");
    }
    return write(data.chunks(options), options);
  }

  /**
   * Writes a stream of chunks of this array's grid (each chunk's region must be its grid
   * region) and completes when all are stored; concurrency and schedulers as
   * {@link #write(LazyArray, ExecOptions)}. A chunk whose region or dtype does not match ends the
   * stream with an {@link IllegalArgumentException}.
   */
  public Mono<Void> write(Flux<Chunk> chunks, ExecOptions options) {
    Objects.requireNonNull(chunks, "chunks");
    int concurrency = (int) Math.max(1, Math.min(options.parallelism(),
        options.budgetBytes() / (4L * Math.max(1, metadata.chunkBytes()))));
    // On an error, the writes already running finish (or fail) before the error is passed on, so
    // that no chunk file is still being written once the caller sees it; later ones are skipped.
    AtomicBoolean failed = new AtomicBoolean();
    Set<CompletableFuture<Void>> writing = ConcurrentHashMap.newKeySet();
    return chunks
        // An empty chunk encodes to nothing (null): the Mono is empty and nothing is stored.
        .flatMap(c -> Mono.fromCallable(() -> encodeChunk(c))
            .subscribeOn(options.cpu())
            .flatMap(e -> Mono.fromCallable(() -> {
              CompletableFuture<Void> done = new CompletableFuture<>();
              writing.add(done);
              try {
                if (!failed.get()) store(e);
                return e.key();
              } finally {
                writing.remove(done);
                done.complete(null);
              }
            }).subscribeOn(options.io())), concurrency, 1)
        .then()
        .onErrorResume(error -> {
          failed.set(true);
          CompletableFuture<?>[] running = writing.toArray(new CompletableFuture<?>[0]);
          return Mono.fromFuture(CompletableFuture.allOf(running)).then(Mono.error(error));
        });
  }

  private Encoded encodeChunk(Chunk c) throws IOException {
    Region expected = metadata.grid().region(c.gridIndex());
    if (!c.region().equals(expected)) {
      throw new IllegalArgumentException("chunk " + c.gridIndex() + " covers " + c.region()
          + " but in zarr array " + path + " it covers " + expected);
    }
    return encode(c.gridIndex(), c.block());
  }

  private record Encoded(String key, byte[] bytes) {}

  /** The chunk's stored bytes, or null for an empty chunk (nothing is stored for it). */
  private Encoded encode(ChunkIndex index, Block block) throws IOException {
    Region region = metadata.grid().region(index);
    if (block.dtype() != metadata.dtype() || block.length() != region.size()) {
      throw new IllegalArgumentException("chunk " + index + " of zarr array " + path + " covers "
          + region + " (" + region.size() + " elements of " + metadata.dtype().numpyName()
          + ") but the block is " + block);
    }
    if (region.isEmpty()) return null;
    Region stored = storedRegion(region);
    Block full = block;
    if (!stored.equals(region)) {
      full = Block.allocate(metadata.dtype(), stored.size());
      metadata.fillValue().fill(full);
      RegionCopy.copy(block, region, full, stored, region);
    }
    String key = store.key(index);
    byte[] bytes = ChunkBytes.toBytes(full, metadata.byteOrder());
    try {
      return new Encoded(key, codec.encode(bytes, bytes.length));
    } catch (IOException | RuntimeException e) {
      throw new ZarrChunkException("encode", path, key, store.file(key), e);
    }
  }

  private void store(Encoded e) throws IOException {
    try {
      store.write(e.key(), e.bytes(), e.bytes().length);
    } catch (IOException ex) {
      throw new ZarrChunkException("write", path, e.key(), store.file(e.key()), ex);
    }
  }

  /** The full zarr chunk at {@code region}'s offset: zarr stores edge chunks uncropped. */
  private Region storedRegion(Region region) {
    long[] offset = region.offsets();
    return Region.of(offset, metadata.chunkShape());
  }

  @Override
  public String toString() {
    return "ZarrArray[" + path + ", " + metadata + "]";
  }
}
