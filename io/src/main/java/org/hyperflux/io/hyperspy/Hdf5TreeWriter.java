package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.io.hdf5.write.Hdf5DatasetWriter;
import org.hyperflux.io.hdf5.write.Hdf5GroupWriter;
import org.hyperflux.io.hdf5.write.Hdf5Writer;
import reactor.core.publisher.Mono;

/**
 * Writes an HDF5 file ({@link Hdf5Writer}) as a {@link TreeGroupWriter}, as h5py stores what
 * HyperSpy 1.7.3 hands it: string attributes as variable-length UTF-8 strings, booleans as h5py's
 * enum {@code int8 {FALSE, TRUE}}, integers as int64, floats as float64, {@code null} as the
 * string {@code "_None_"} (HyperSpy's encoding of {@code None}); numeric arrays chunked with
 * shuffle + deflate (or, written whole with {@link TreeArrayWriter#writeAll}, contiguous), string
 * arrays as 1-D variable-length string datasets. The file is complete once {@link Hdf5Writer#finish}
 * has run after every write.
 *
 * <p>Chunks stream as {@link org.hyperflux.io.zarr.ZarrArray#write(LazyArray, ExecOptions)}
 * streams them: each chunk is compressed on {@code options.cpu()} and appended to the file on
 * {@code options.io()}, at most {@code min(parallelism + 1, budget / (4 × chunk bytes))} (at
 * least one) at a time (one more than the cores: deflate is slow, so the next chunk is read and
 * decoded while every core compresses); every append passes the file's {@link WriteGate}, so a
 * failed or cancelled save can stop new writes and wait for running ones before deleting the
 * file.
 */
final class Hdf5TreeWriter implements TreeGroupWriter {
  private final Hdf5GroupWriter group;
  private final WriteGate gate;

  private Hdf5TreeWriter(Hdf5GroupWriter group, WriteGate gate) {
    this.group = group;
    this.gate = gate;
  }

  /** The root group of {@code file}. */
  static Hdf5TreeWriter root(Hdf5Writer file, WriteGate gate) {
    return new Hdf5TreeWriter(file.root(), Objects.requireNonNull(gate));
  }

  @Override
  public String path() {
    return group.path();
  }

  @Override
  public TreeGroupWriter createGroup(String name) {
    return new Hdf5TreeWriter(group.createGroup(name), gate);
  }

  @Override
  public void writeAttributes(Map<String, ?> attributes) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : attributes.entrySet()) values.put(e.getKey(), encoded(e.getValue()));
    group.writeAttributes(values);
  }

  /** HyperSpy's {@code None} is the string {@code "_None_"}; so is a {@code null} list element. */
  private static Object encoded(Object value) {
    if (value == null) return "_None_";
    if (value instanceof List<?> list && list.contains(null)) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) out.add(o == null ? "_None_" : o);
      return out;
    }
    return value;
  }

  @Override
  public TreeArrayWriter createArray(String name, Shape shape, DType dtype, int[] chunkShape) {
    return new ArrayWriter(group.createDataset(name, shape, dtype, chunkShape), gate);
  }

  @Override
  public void writeStrings(String name, List<String> values) {
    group.writeStrings(name, values);
  }

  /** The chunks of one dataset, appended through the file's gate. */
  private static final class ArrayWriter implements TreeArrayWriter {
    private final Hdf5DatasetWriter dataset;
    private final WriteGate gate;

    ArrayWriter(Hdf5DatasetWriter dataset, WriteGate gate) {
      this.dataset = dataset;
      this.gate = gate;
    }

    @Override
    public String path() {
      return dataset.path();
    }

    @Override
    public Mono<Void> write(LazyArray data, ExecOptions options) {
      if (!data.shape().equals(dataset.shape()) || data.dtype() != dataset.dtype()
          || !data.grid().equals(dataset.grid())) {
        throw new IllegalArgumentException("cannot write " + data.dtype().numpyName()
            + " data of shape " + data.shape() + " in chunks " + data.grid().extentsString()
            + " into " + dataset + "; rechunk or cast it first");
      }
      int concurrency = (int) Math.max(1, Math.min(options.parallelism() + 1,
          options.budgetBytes() / (4L * Math.max(1, dataset.chunkBytes()))));
      return data.chunks(options)
          .flatMap(c -> Mono.fromCallable(() -> encode(c))
              .subscribeOn(options.cpu())
              .flatMap(e -> Mono.fromCallable(() -> store(e)).subscribeOn(options.io())),
              concurrency, 1)
          .then();
    }

    private Hdf5DatasetWriter.Encoded encode(Chunk c) {
      if (gate.isClosed()) throw stopped();
      return dataset.encode(c.gridIndex(), c.block());
    }

    private Hdf5DatasetWriter.Encoded store(Hdf5DatasetWriter.Encoded e) throws IOException {
      if (!gate.enter()) throw stopped();
      try {
        dataset.write(e);
        return e;
      } finally {
        gate.exit();
      }
    }

    private CancellationException stopped() {
      return new CancellationException("the save of " + dataset.path() + " was stopped");
    }

    @Override
    public long writeChunk(ChunkIndex gridIndex, Block block) throws IOException {
      if (gate.isClosed()) throw stopped();
      Hdf5DatasetWriter.Encoded e = dataset.encode(gridIndex, block);
      store(e);
      return e.storedBytes();
    }

    @Override
    public void writeAll(Block data) throws IOException {
      if (!gate.enter()) throw stopped();
      try {
        dataset.writeAll(data);
      } finally {
        gate.exit();
      }
    }
  }

  @Override
  public String toString() {
    return "Hdf5TreeWriter[" + group + "]";
  }
}
