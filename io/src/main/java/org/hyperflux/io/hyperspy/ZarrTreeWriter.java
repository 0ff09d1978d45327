package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.io.zarr.ZarrArray;
import org.hyperflux.io.zarr.ZarrArrayMetadata;
import org.hyperflux.io.zarr.ZarrCompressor;
import org.hyperflux.io.zarr.ZarrGroup;
import org.hyperflux.io.zarr.ZarrStringArray;
import reactor.core.publisher.Mono;

/**
 * Writes a zarr v2 directory store as a {@link TreeGroupWriter}: groups with {@code .zgroup}
 * and {@code .zattrs}, numeric arrays with {@code compressor} and chunk keys joined by
 * {@code separator} ({@code "/"} as HyperSpy's {@code NestedDirectoryStore}, or {@code "."}),
 * string arrays with the {@code json2} object codec as HyperSpy 1.7.3. Every chunk write of the
 * store passes the store's {@link WriteGate}, so a failed or cancelled save can stop new writes
 * and wait for running ones before deleting the store.
 *
 * <p>Chunks stream as in {@link ZarrArray#write(LazyArray, ExecOptions)}: each chunk is encoded
 * and stored on {@code options.io()}, at most {@code min(parallelism, budget / (4 × chunk
 * bytes))} (at least one) at a time.
 */
final class ZarrTreeWriter implements TreeGroupWriter {
  private final ZarrGroup group;
  private final String path;
  private final ZarrCompressor compressor;
  private final String separator;
  private final WriteGate gate;

  private ZarrTreeWriter(ZarrGroup group, String path, ZarrCompressor compressor, String separator,
      WriteGate gate) {
    this.group = group;
    this.path = path;
    this.compressor = compressor;
    this.separator = separator;
    this.gate = gate;
  }

  /** A new store whose root group is created in directory {@code root} (new or empty). */
  static ZarrTreeWriter create(Path root, ZarrCompressor compressor, String separator, WriteGate gate)
      throws IOException {
    return new ZarrTreeWriter(ZarrGroup.create(root), "/", Objects.requireNonNull(compressor),
        Objects.requireNonNull(separator), Objects.requireNonNull(gate));
  }

  @Override
  public String path() {
    return path;
  }

  private String child(String name) {
    return path.equals("/") ? "/" + name : path + "/" + name;
  }

  @Override
  public TreeGroupWriter createGroup(String name) throws IOException {
    return new ZarrTreeWriter(group.createGroup(name), child(name), compressor, separator, gate);
  }

  @Override
  public void writeAttributes(Map<String, ?> attributes) throws IOException {
    group.writeAttributes(attributes);
  }

  @Override
  public TreeArrayWriter createArray(String name, Shape shape, DType dtype, int[] chunkShape)
      throws IOException {
    ZarrArrayMetadata m = ZarrArrayMetadata.of(shape, chunkShape, dtype)
        .withCompressor(compressor).withDimensionSeparator(separator);
    return new ArrayWriter(group.createArray(name, m), child(name), gate);
  }

  @Override
  public void writeStrings(String name, List<String> values) throws IOException {
    ZarrStringArray.create(group.path().resolve(checkedName(name)), values, compressor, separator);
  }

  private static String checkedName(String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".")
        || name.equals("..") || name.startsWith(".z")) {
      throw new IllegalArgumentException("'" + name + "' is not a valid zarr member name");
    }
    return name;
  }

  /** The chunks of one numeric array, written through the store's gate. */
  private static final class ArrayWriter implements TreeArrayWriter {
    private final ZarrArray array;
    private final String path;
    private final WriteGate gate;

    ArrayWriter(ZarrArray array, String path, WriteGate gate) {
      this.array = array;
      this.path = path;
      this.gate = gate;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public Mono<Void> write(LazyArray data, ExecOptions options) {
      ZarrArrayMetadata m = array.metadata();
      if (!data.shape().equals(m.shape()) || data.dtype() != m.dtype()
          || !data.grid().equals(m.grid())) {
        throw new IllegalArgumentException("cannot write " + data.dtype().numpyName() + " data of shape "
            + data.shape() + " in chunks " + data.grid().extentsString() + " into " + path
            + " (" + m.dtype().numpyName() + ", shape " + m.shape() + ", chunk shape "
            + Arrays.toString(m.chunkShape()) + "); rechunk or cast it first");
      }
      int concurrency = (int) Math.max(1, Math.min(options.parallelism(),
          options.budgetBytes() / (4L * Math.max(1, m.chunkBytes()))));
      return data.chunks(options)
          .flatMap(c -> Mono.fromCallable(() -> store(c)).subscribeOn(options.io()), concurrency, 1)
          .then();
    }

    private ChunkIndex store(Chunk c) throws IOException {
      if (!gate.enter()) {
        throw new CancellationException("the save of " + path + " was stopped");
      }
      try {
        array.writeChunk(c.gridIndex(), c.block());
        return c.gridIndex();
      } finally {
        gate.exit();
      }
    }

    @Override
    public long writeChunk(ChunkIndex gridIndex, Block block) throws IOException {
      if (!gate.enter()) {
        throw new CancellationException("the save of " + path + " was stopped");
      }
      try {
        return array.writeChunk(gridIndex, block);
      } finally {
        gate.exit();
      }
    }

    @Override
    public void writeAll(Block data) throws IOException {
      ZarrArrayMetadata m = array.metadata();
      ChunkGrid grid = m.grid();
      Region whole = Region.whole(m.shape());
      for (long i = 0; i < grid.chunkCount(); i++) {
        ChunkIndex index = grid.index(i);
        Region r = grid.region(index);
        if (r.isEmpty()) continue;
        Block block = r.equals(whole) ? data : RegionCopy.extract(data, whole, r);
        if (!gate.enter()) {
          throw new CancellationException("the save of " + path + " was stopped");
        }
        try {
          array.writeChunk(index, block);
        } finally {
          gate.exit();
        }
      }
    }
  }
}
