package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.ProgressListener;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.LearningResults;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes one signal in HyperSpy's hierarchical layout through a {@link TreeGroupWriter}, as
 * HyperSpy 1.7.3's {@code HierarchicalWriter} does, so that HyperSpy 1.7.3 and later load it
 * with the same data, axes and metadata:
 *
 * <pre>
 * /                         file_format = "ZSpy" (or "HyperSpy"), file_format_version = "3.1"
 * /Experiments/&lt;title&gt;      package = "hyperspy", package_version = "1.7.3"
 *     axis-0 ... axis-(n-1)  one group per array dimension: _type, name, units (omitted when
 *                            undefined, as 1.7), navigate, is_binned (false), and size, scale,
 *                            offset (UniformDataAxis) or the dataset axis (DataAxis)
 *     data                   the signal's data, streamed chunk by chunk
 *     metadata/...           the signal's metadata with Signal.record_by ("spectrum", "image"
 *                            or "", as 1.7's writer adds it) and the navigator as
 *                            _HyperSpy/_sig_navigator
 *     original_metadata/...
 *     learning_results/      the learning results given (empty by default): arrays as float64
 *                            datasets (one chunk up to 2^20 elements), boolean arrays (the
 *                            masks) as bool datasets, long[] tuples as
 *                            _tuple_&lt;key&gt; int64 datasets, scalars as attributes (null as
 *                            "_None_"), as 1.7.3 writes s.learning_results
 * </pre>
 *
 * The group is named by the title, {@code "__unnamed__"} when it is empty, with {@code "/"}
 * replaced by {@code "-"}. Values are encoded by {@link HyperSpyDictionary}. A signal inside the
 * metadata (the navigator, a noise variance) is written as HyperSpy 1.7.3 writes the dictionary
 * of a nested signal: the group {@code _sig_<key>} with {@code data}, the axes as {@code
 * _list_<n>_axes/<i>}, {@code attributes} ({@code _lazy}, {@code ragged}), {@code
 * learning_results}, {@code metadata}, {@code original_metadata} and {@code tmp_parameters}.
 *
 * <p><b>Chunks.</b> The data is stored in the signal's own chunks (a regular grid) unless the
 * caller gives a chunk shape; an irregular grid is stored in chunks of its first extents, as
 * HyperSpy stores dask chunks. Where the stored chunks differ from the signal's, the data is
 * rechunked with {@link LazyArray#rechunk}, and the plan is costed when the writer is built:
 * a rechunk that does not fit the budget or re-reads too much fails then, before anything is
 * written.
 *
 * <p><b>Streaming.</b> {@link #write} creates the groups and attributes and writes the small
 * metadata arrays (blocking, on {@code options.io()}), then streams the data of nested signals
 * and finally the signal's data; progress goes to {@code options}' listener for the signal's
 * data.
 */
public final class HyperSpyWriter {
  /** The file format version written: that of HyperSpy 1.7.3, which keeps {@code record_by}. */
  public static final String FILE_FORMAT_VERSION = "3.1";
  /** The package whose signal classes the file names. */
  public static final String PACKAGE = "hyperspy";
  /** The package version written next to it: the HyperSpy release whose layout is followed. */
  public static final String PACKAGE_VERSION = "1.7.3";

  private final Signal signal;
  private final String fileFormat;
  private final LazyArray data;
  private final int[] chunkShape;
  private final ExecOptions options;
  private final LearningResults learningResults;

  private HyperSpyWriter(Signal signal, String fileFormat, LazyArray data, int[] chunkShape,
      ExecOptions options, LearningResults learningResults) {
    this.learningResults = learningResults;
    this.signal = signal;
    this.fileFormat = fileFormat;
    this.data = data;
    this.chunkShape = chunkShape;
    this.options = options;
  }

  /**
   * A writer of {@code signal} whose root attribute {@code file_format} is {@code fileFormat}
   * ({@code "ZSpy"} or {@code "HyperSpy"}), storing the data in chunks of {@code chunkShape}
   * (array order; null: the signal's chunks). Checks the chunks and costs the plan of streaming
   * the (rechunked) data now; reads and writes nothing.
   *
   * @throws IllegalArgumentException for a chunk shape of the wrong rank or with an extent below 1
   * @throws org.hyperflux.core.exec.PlanException when the data cannot be streamed in those chunks
   *     within {@code options}' budget
   */
  public static HyperSpyWriter of(Signal signal, String fileFormat, int[] chunkShape,
      ExecOptions options) {
    return of(signal, fileFormat, chunkShape, options, LearningResults.empty());
  }

  /**
   * {@link #of(Signal, String, int[], ExecOptions)} that also writes {@code learningResults} as
   * the signal's {@code learning_results} group.
   */
  public static HyperSpyWriter of(Signal signal, String fileFormat, int[] chunkShape,
      ExecOptions options, LearningResults learningResults) {
    Objects.requireNonNull(learningResults, "learningResults");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(fileFormat, "fileFormat");
    Objects.requireNonNull(options, "options");
    LazyArray d = signal.data();
    int[] chunks = chunkShape == null ? regularChunks(d.grid()) : checked(chunkShape, d);
    LazyArray stored = storedIn(d, chunks);
    stored.plan(options);
    return new HyperSpyWriter(signal, fileFormat, stored, chunks, options, learningResults);
  }

  private static int[] checked(int[] chunkShape, LazyArray d) {
    long[] shape = d.shape().dims();
    if (chunkShape.length != shape.length) {
      throw new IllegalArgumentException("chunks " + Arrays.toString(chunkShape) + " have "
          + chunkShape.length + " extents but the data has rank " + shape.length + " (shape "
          + d.shape() + "); give one extent per array axis, in array (C) order");
    }
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      if (chunkShape[i] < 1) {
        throw new IllegalArgumentException("chunks " + Arrays.toString(chunkShape)
            + " have extent " + chunkShape[i] + " along array axis " + i + "; extents must be >= 1");
      }
      out[i] = (int) Math.max(1, Math.min(chunkShape[i], shape[i]));
    }
    return out;
  }

  /** The regular chunk shape a grid is stored in: its first extent along each axis (at least 1). */
  static int[] regularChunks(ChunkGrid grid) {
    int[] c = new int[grid.rank()];
    for (int a = 0; a < c.length; a++) c[a] = Math.max(1, grid.extents(a)[0]);
    return c;
  }

  private static LazyArray storedIn(LazyArray d, int[] chunks) {
    ChunkGrid target = ChunkGrid.regular(d.shape(), chunks);
    return target.equals(d.grid()) ? d : d.rechunk(target);
  }

  /** The chunk shape the data is stored in (array order). */
  public int[] chunkShape() {
    return chunkShape.clone();
  }

  /** Whether the data is rechunked to be stored (the signal's chunks differ from the stored ones). */
  public boolean rechunks() {
    return data != signal.data();
  }

  /**
   * Writes the file into {@code root}, an empty root group: the layout and metadata first
   * (blocking work on {@code options.io()}), then the data streamed chunk by chunk. Nothing
   * happens before subscription.
   */
  public Mono<Void> write(TreeGroupWriter root) {
    Objects.requireNonNull(root, "root");
    return Mono.fromCallable(() -> {
          Layout layout = writeLayout(root, signal, fileFormat, chunkShape, learningResults, options);
          List<Mono<Void>> writes = new ArrayList<>(layout.nestedWrites());
          writes.add(layout.data().write(data, options));
          return writes;
        })
        .subscribeOn(options.io())
        .flatMap(writes -> Flux.concat(writes).then());
  }

  /**
   * What {@link #writeLayout} wrote: the signal's experiment group, its {@code metadata} group,
   * the (still empty) writer of its {@code data} array, and the data writes of signals nested in
   * the metadata (a navigator), to be subscribed in order.
   */
  public record Layout(TreeGroupWriter experiment, TreeGroupWriter metadata, TreeArrayWriter data,
      List<Mono<Void>> nestedWrites) {}

  /**
   * Writes HyperSpy's layout of {@code signal} into {@code root}, an empty root group, as {@link
   * #write} does, except the signal's data: the root attributes, the experiment group, the axes,
   * {@code metadata}, {@code original_metadata} and {@code learning_results}, and the {@code data}
   * array created in chunks of {@code chunkShape} (array order, each extent between 1 and the
   * shape's; null: the data's own chunks) with no chunk written. Reads no data of {@code signal} (nested signals' data are
   * returned as writes). Blocking. For writers that produce the data themselves, chunk by chunk
   * ({@link TreeArrayWriter#writeChunk}), such as the live {@code .zspy} writer.
   */
  public static Layout writeLayout(TreeGroupWriter root, Signal signal, String fileFormat,
      int[] chunkShape, LearningResults learningResults, ExecOptions options) throws IOException {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(fileFormat, "fileFormat");
    Objects.requireNonNull(learningResults, "learningResults");
    Objects.requireNonNull(options, "options");
    int[] chunks = chunkShape == null ? regularChunks(signal.data().grid())
        : checked(chunkShape, signal.data());
    Map<String, Object> rootAttrs = new LinkedHashMap<>();
    rootAttrs.put("file_format", fileFormat);
    rootAttrs.put("file_format_version", FILE_FORMAT_VERSION);
    root.writeAttributes(rootAttrs);
    String title = signal.title();
    String name = title.isEmpty() ? "__unnamed__" : title.replace("/", "-");
    TreeGroupWriter g = root.createGroup("Experiments").createGroup(name);
    Map<String, Object> packageAttrs = new LinkedHashMap<>();
    packageAttrs.put("package", PACKAGE);
    packageAttrs.put("package_version", PACKAGE_VERSION);
    g.writeAttributes(packageAttrs);

    Context context = new Context(options.withProgress(ProgressListener.NONE));
    Axes axes = signal.axes();
    for (int i = 0; i < axes.rank(); i++) {
      writeAxis(axes.axis(i), g.createGroup("axis-" + i), context);
    }
    LazyArray d = signal.data();
    TreeArrayWriter dataWriter = g.createArray("data", d.shape(), d.dtype(), chunks);
    Metadata md = signal.metadata();
    int sd = axes.signalDimension();
    md = md.with("Signal.record_by", sd == 1 ? "spectrum" : sd == 2 ? "image" : "");
    if (signal.navigator().isPresent()) md = md.with("_HyperSpy.navigator", signal.navigator().get());
    TreeGroupWriter metadata = g.createGroup("metadata");
    HyperSpyDictionary.write(md, metadata, context);
    HyperSpyDictionary.write(signal.originalMetadata(), g.createGroup("original_metadata"), context);
    writeLearningResults(learningResults, g.createGroup("learning_results"), context);
    return new Layout(g, metadata, dataWriter, List.copyOf(context.dataWrites));
  }

  /** Elements of the largest chunk of a learning-results array. */
  private static final int LEARNING_CHUNK_ELEMENTS = 1 << 20;

  /** {@code s.learning_results} as 1.7.3's {@code HierarchicalWriter} writes it into {@code g}. */
  private static void writeLearningResults(LearningResults lr, TreeGroupWriter g, Context context)
      throws IOException {
    Map<String, Object> scalars = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : lr.entries().entrySet()) {
      Object v = e.getValue();
      if (v instanceof LearningResults.Array a) {
        long[] shape = a.shape();
        g.createArray(e.getKey(), Shape.of(shape), DType.FLOAT64, learningChunks(shape))
            .writeAll(Block.wrap(DType.FLOAT64, a.values()));
      } else if (v instanceof LearningResults.BoolArray a) {
        long[] shape = a.shape();
        g.createArray(e.getKey(), Shape.of(shape), DType.BOOL, learningChunks(shape))
            .writeAll(Block.wrap(DType.BOOL, a.values()));
      } else if (v instanceof long[] tuple) {
        g.createArray("_tuple_" + e.getKey(), Shape.of(tuple.length), DType.INT64,
            new int[] {Math.max(1, tuple.length)}).writeAll(Block.wrap(DType.INT64, tuple.clone()));
      } else {
        scalars.put(e.getKey(), v);
      }
    }
    HyperSpyDictionary.write(scalars, g, context);
  }

  /** Chunks of a learning-results array: whole inner extents, rows up to {@link #LEARNING_CHUNK_ELEMENTS}. */
  private static int[] learningChunks(long[] shape) {
    int[] chunks = new int[shape.length];
    long inner = 1;
    for (int i = shape.length - 1; i >= 1; i--) {
      chunks[i] = (int) Math.max(1, shape[i]);
      inner *= Math.max(1, shape[i]);
    }
    if (shape.length > 0) {
      chunks[0] = (int) Math.max(1, Math.min(shape[0], Math.max(1, LEARNING_CHUNK_ELEMENTS / inner)));
    }
    return chunks;
  }

  /** An axis dictionary as 1.7.3's {@code get_axis_dictionary}, with {@code axis} as a dataset. */
  private static void writeAxis(Axis a, TreeGroupWriter g, Context context) throws IOException {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("_type", a.isUniform() ? "UniformDataAxis" : "DataAxis");
    if (a.name() != null) d.put("name", a.name());
    if (a.units() != null) d.put("units", a.units());
    d.put("navigate", a.navigate());
    d.put("is_binned", false);
    if (a.isUniform()) {
      d.put("size", (long) a.size());
      d.put("scale", a.scale());
      d.put("offset", a.offset());
      g.writeAttributes(d);
    } else {
      g.writeAttributes(d);
      double[] v = a.values();
      g.createArray("axis", Shape.of(v.length),
          DType.FLOAT64, new int[] {Math.max(1, v.length)})
          .writeAll(Block.wrap(DType.FLOAT64, v));
    }
  }

  /** State of one write: the options for nested data and the data writes collected. */
  static final class Context {
    private final ExecOptions options;
    private final List<Mono<Void>> dataWrites = new ArrayList<>();

    Context(ExecOptions options) {
      this.options = options;
    }

    /** A signal in the metadata: HyperSpy 1.7.3's dictionary of a signal, in group {@code g}. */
    void nestedSignal(Signal s, TreeGroupWriter g) throws IOException {
      LazyArray d = s.data();
      int[] chunks = regularChunks(d.grid());
      LazyArray stored = storedIn(d, chunks);
      TreeArrayWriter w = g.createArray("data", d.shape(), d.dtype(), chunks);
      dataWrites.add(Mono.defer(() -> w.write(stored, options)));
      Axes axes = s.axes();
      TreeGroupWriter list = g.createGroup("_list_" + axes.rank() + "_axes");
      for (int i = 0; i < axes.rank(); i++) writeAxis(axes.axis(i), list.createGroup(Integer.toString(i)), this);
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("_lazy", false);
      attributes.put("ragged", false);
      g.createGroup("attributes").writeAttributes(attributes);
      g.createGroup("learning_results");
      Metadata md = s.metadata();
      if (s.navigator().isPresent()) md = md.with("_HyperSpy.navigator", s.navigator().get());
      HyperSpyDictionary.write(md, g.createGroup("metadata"), this);
      HyperSpyDictionary.write(s.originalMetadata(), g.createGroup("original_metadata"), this);
      g.createGroup("tmp_parameters");
    }
  }
}
