package org.hyperflux.examples;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Plan;
import org.hyperflux.core.ops.LazyArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux bench}: throughput and heap of the two basic 4D-STEM reductions, printed as
 * JSON on standard output (and written to {@code --out}).
 *
 * <p>Data: uint16 of shape (scanY, scanX, 256, 256) holding about {@code --size} bytes (scanX =
 * min(64, frames)), filled with {@link SyntheticStem}'s values. Measured, each on a warm JVM (one
 * untimed run first) and timed {@code --repeat} times:
 * <ul>
 *   <li>{@code navigator} = {@code sum(2, 3)} and {@code sum_frame} = {@code sum(0, 1)}, computed
 *       with {@code ExecOptions.defaults()} and an explicit budget, on (a) the generated source
 *       (generation included) with the 32 MiB chunks, and (b) in-memory data, one {@code short[]}
 *       per chunk, in two variants: 1 MiB chunks (1 × 8 frames) and 32 MiB chunks (4 × 64
 *       frames);</li>
 *   <li>the baseline: one thread summing the same in-memory {@code short[]} chunks as unsigned
 *       values into a {@code long}, and {@code cores ×} its rate (perfect scaling). Its warm-up
 *       also calls it 200 times on the first 8 chunks, so that it is compiled as a whole.</li>
 * </ul>
 * Reported per measurement: every run's seconds, the best (minimum time, the headline figure,
 * since noise only slows a run down) and the median, GB/s of input (10^9 bytes per second) for
 * both, the plan's peak bytes, and the heap: in use after a collection made after the warm-up
 * run, and during the timed runs its peaks ({@link HeapMeter}: in use with garbage, and after
 * any collection). The ratio
 * (streaming GB/s) / (cores × single-thread loop GB/s) is given for both in-memory variants.
 * Every computed total is checked against the plain loop's; a mismatch fails the command.
 *
 * <p>{@code hyperflux bench files} ({@link BenchFilesCommand}) is the file benchmark: loading and
 * summing HyperSpy files against the decode limit and HyperSpy itself; {@code bench decompose}
 * ({@link BenchDecomposeCommand}) times decompositions against HyperSpy's.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    subcommands = {BenchFilesCommand.class, BenchSaveCommand.class, BenchDecomposeCommand.class,
        BenchLiveCommand.class},
    description = {
        "Measures the throughput (GB/s of input) and peak heap of the navigator (sum over the"
            + " frame axes) and the sum frame (sum over the scan) on generated and in-memory"
            + " uint16 data with 1 MiB and 32 MiB chunks, against a single-threaded plain Java"
            + " loop times the number of cores; prints JSON.",
        "One untimed warm-up run precedes the timed runs; the best of --repeat runs is the"
            + " headline figure, the median is reported too."})
public final class BenchCommand implements Callable<Integer> {
  static final int FRAME = 256;
  static final long FRAME_BYTES = (long) FRAME * FRAME * 2;
  static final String SMALL = "chunks_1MiB";
  static final String LARGE = "chunks_32MiB";

  @Spec
  CommandSpec spec;

  @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1g",
      converter = Units.ByteSize.class,
      description = "bytes of each dataset, rounded down to whole 128 KiB frames"
          + " (default: ${DEFAULT-VALUE})")
  long size;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
      description = "timed runs per measurement, after one untimed warm-up run"
          + " (default: ${DEFAULT-VALUE})")
  int repeat;

  @Option(names = "--budget", paramLabel = "SIZE", defaultValue = "512m",
      converter = Units.ByteSize.class,
      description = "memory budget of each execution (default: ${DEFAULT-VALUE})")
  long budget;

  @Option(names = "--out", paramLabel = "FILE", description = "also write the JSON report to FILE")
  Path outFile;

  private ExecOptions options;
  private PrintWriter log;

  /** Shape of the data and the two chunk grids. */
  record Layout(Shape shape, ChunkGrid small, ChunkGrid large) {
    static Layout of(long bytes) {
      long frames = Math.max(1, bytes / FRAME_BYTES);
      int sx = (int) Math.min(64, frames);
      int sy = (int) Math.max(1, Math.min(Integer.MAX_VALUE, frames / sx));
      Shape shape = Shape.of(sy, sx, FRAME, FRAME);
      ChunkGrid small = ChunkGrid.regular(shape, 1, Math.min(8, sx), FRAME, FRAME);
      int largeRows = Math.min(sy, Math.max(1, 256 / sx));
      ChunkGrid large = ChunkGrid.regular(shape, largeRows, sx, FRAME, FRAME);
      return new Layout(shape, small, large);
    }
  }

  @Override
  public Integer call() throws IOException {
    if (repeat < 1) {
      throw new ParameterException(spec.commandLine(),
          "--repeat must be at least 1, got " + repeat);
    }
    log = spec.commandLine().getErr();
    options = ExecOptions.defaults().withBudgetBytes(budget);
    int cores = options.parallelism();
    Layout layout = Layout.of(size);
    Shape shape = layout.shape();
    long inputBytes = shape.nbytes(DType.UINT16);
    SyntheticStem stem = new SyntheticStem((int) shape.dim(0), (int) shape.dim(1), FRAME, FRAME);
    log.printf(Locale.ROOT, "bench: uint16 %s = %s, %d cores, budget %s, max heap %s, %d+%d runs"
            + " per measurement%n", shape, Units.bytes(inputBytes), cores, Units.bytes(budget),
        Units.bytes(HeapMeter.maxBytes()), 1, repeat);
    log.flush();

    List<Map<String, Object>> results = new ArrayList<>();
    List<Map<String, Object>> baselines = new ArrayList<>();
    Map<String, Object> ratios = new LinkedHashMap<>();
    boolean agree = true;

    LazyArray generated = LazyArray.of(stem.source(layout.large()));
    Map<String, Object> genNav = measure("generated", LARGE, generated, "navigator", 2, 3);
    Map<String, Object> genSum = measure("generated", LARGE, generated, "sum_frame", 0, 1);
    agree &= genNav.get("total").equals(genSum.get("total"));
    results.add(genNav);
    results.add(genSum);

    for (String variant : List.of(SMALL, LARGE)) {
      ChunkGrid grid = variant.equals(SMALL) ? layout.small() : layout.large();
      short[][] chunks = fill(stem, grid);
      Map<String, Object> loop = measureLoop(variant, grid, chunks, cores);
      baselines.add(loop);
      LazyArray memory = LazyArray.of(memoryArray(grid, chunks));
      for (String op : List.of("navigator", "sum_frame")) {
        Map<String, Object> r = op.equals("navigator")
            ? measure("memory", variant, memory, op, 2, 3)
            : measure("memory", variant, memory, op, 0, 1);
        agree &= r.get("total").equals(loop.get("total"));
        results.add(r);
        ratios.put(op + "_" + variant.substring("chunks_".length()),
            round((Double) r.get("gbps") / (Double) loop.get("cores_x_single_thread_gbps"), 3));
      }
    }

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "hyperflux bench");
    report.put("version", new HyperfluxCommand.Version().getVersion()[0]);
    report.put("java", System.getProperty("java.version"));
    report.put("cores", cores);
    report.put("heap_max_bytes", HeapMeter.maxBytes());
    report.put("budget_bytes", budget);
    report.put("shape", shape.dims());
    report.put("dtype", "uint16");
    report.put("input_bytes", inputBytes);
    report.put("repeat", repeat);
    report.put("warmup_runs", 1);
    report.put("statistic", "gbps = best (minimum time) of the timed runs; gbps_median = median");
    report.put("units", "gbps: 10^9 bytes of input per second; *_bytes: bytes; seconds: seconds");
    report.put("gc", gc());
    report.put("results", results);
    report.put("baseline", baselines);
    report.put("ratio_definition",
        "best streaming sum GB/s / (cores x best single-thread loop GB/s),"
            + " in-memory uint16 chunks");
    report.put("ratios", ratios);
    report.put("totals_agree", agree);
    String json = Json.write(report);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json);
    out.flush();
    if (outFile != null) {
      Files.writeString(outFile, json);
      log.println("bench: wrote " + outFile);
    }
    if (!agree) {
      log.println("bench: the computed totals disagree with the plain loop's (see \"total\")");
    }
    log.flush();
    return agree ? 0 : 1;
  }

  /**
   * The collectors and, for G1, the region size: an array larger than half a region is
   * "humongous" and takes whole regions, so 1 MiB chunks with 1 MiB regions take twice their size
   * (visible in {@code heap_before_bytes} of the in-memory measurements).
   */
  private static Map<String, Object> gc() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("collectors", ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).toList());
    try {
      HotSpotDiagnosticMXBean hs =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      m.put("g1_region_bytes", Long.parseLong(hs.getVMOption("G1HeapRegionSize").getValue()));
    } catch (RuntimeException e) {
      m.put("g1_region_bytes", null);
    }
    return m;
  }

  /** One {@code short[]} per chunk of {@code grid}, filled with generated values in parallel. */
  private static short[][] fill(SyntheticStem stem, ChunkGrid grid) {
    short[][] chunks = new short[(int) grid.chunkCount()][];
    IntStream.range(0, chunks.length).parallel().forEach(i -> {
      Region r = grid.region(grid.index(i));
      chunks[i] = new short[r.size()];
      stem.fill(r, Block.wrap(DType.UINT16, chunks[i]));
    });
    return chunks;
  }

  private static MemoryArray memoryArray(ChunkGrid grid, short[][] chunks) {
    Block[] blocks = new Block[chunks.length];
    for (int i = 0; i < chunks.length; i++) blocks[i] = Block.wrap(DType.UINT16, chunks[i]);
    return MemoryArray.of(DType.UINT16, grid, blocks);
  }

  /** The plain loop every streaming figure is compared with: one thread, unsigned, into a long. */
  static long sumLoop(short[][] chunks) {
    long total = 0;
    for (short[] c : chunks) {
      for (short v : c) total += v & 0xFFFF;
    }
    return total;
  }

  /**
   * The same plain loop as a method called once per chunk. The JIT compiles the two forms
   * differently from run to run (seen: 2.9 and 5.0 GB/s for the same loop); the baseline is the
   * faster of the two, the harder target.
   */
  static long sumChunk(short[] c) {
    long total = 0;
    for (short v : c) total += v & 0xFFFF;
    return total;
  }

  static long sumLoopPerChunk(short[][] chunks) {
    long total = 0;
    for (short[] c : chunks) total += sumChunk(c);
    return total;
  }

  private Map<String, Object> measureLoop(String variant, ChunkGrid grid, short[][] chunks,
      int cores) {
    long bytes = grid.shape().nbytes(DType.UINT16);
    // Warm-up: short calls until the JIT compiles the whole method (not only an on-stack
    // replacement of its loop), then the untimed full run.
    short[][] few = Arrays.copyOf(chunks, Math.min(chunks.length, 8));
    for (int i = 0; i < 200; i++) {
      sumLoop(few);
      sumLoopPerChunk(few);
    }
    long total = sumLoop(chunks);
    if (sumLoopPerChunk(chunks) != total) throw new IllegalStateException("the plain loops disagree");
    // Each repeat times both forms of the loop and keeps the faster.
    double[] seconds = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      long t = sumLoop(chunks);
      long t1 = System.nanoTime();
      long u = sumLoopPerChunk(chunks);
      long t2 = System.nanoTime();
      seconds[i] = Math.min(t1 - t0, t2 - t1) / 1e9;
      if (t != total || u != total) throw new IllegalStateException("the plain loop is not deterministic");
    }
    double best = Arrays.stream(seconds).min().orElseThrow();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "memory/" + variant + "/single_thread_loop");
    m.put("chunks", variant);
    m.put("chunk_bytes", grid.maxChunkElements() * 2);
    m.put("input_bytes", bytes);
    m.put("seconds", rounded(seconds));
    m.put("single_thread_gbps", round(bytes / best / 1e9, 3));
    m.put("single_thread_gbps_median", round(bytes / median(seconds) / 1e9, 3));
    m.put("cores_x_single_thread_gbps", round(cores * bytes / best / 1e9, 3));
    m.put("total", total);
    log.printf(Locale.ROOT, "bench: %-40s %6.2f GB/s (x %d cores = %.2f GB/s)%n", m.get("name"),
        bytes / best / 1e9, cores, cores * bytes / best / 1e9);
    log.flush();
    return m;
  }

  private Map<String, Object> measure(String source, String variant, LazyArray data, String op,
      int... axes) {
    LazyArray reduced = data.sum(axes);
    long bytes = data.shape().nbytes(data.dtype());
    Plan plan = reduced.plan(options);
    long total = total(reduced.compute(options));
    HeapMeter.reset();
    long before = HeapMeter.usedBytes();
    double[] seconds = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      MemoryArray r = reduced.compute(options);
      seconds[i] = (System.nanoTime() - t0) / 1e9;
      long t = total(r);
      if (t != total) {
        throw new IllegalStateException(op + " on " + source + " gave " + t + " then " + total);
      }
    }
    long peak = HeapMeter.peakBytes();
    long afterGc = HeapMeter.peakAfterGcBytes();
    double best = Arrays.stream(seconds).min().orElseThrow();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", source + "/" + variant + "/" + op);
    m.put("source", source);
    m.put("chunks", variant);
    m.put("chunk_shape", maxChunk(data.grid()));
    m.put("chunk_bytes", data.grid().maxChunkElements() * data.dtype().itemSize());
    m.put("operation", "sum" + Units.tuple(Arrays.stream(axes).asLongStream().toArray()));
    m.put("result", reduced.dtype().numpyName() + reduced.shape());
    m.put("input_bytes", bytes);
    m.put("seconds", rounded(seconds));
    m.put("gbps", round(bytes / best / 1e9, 3));
    m.put("gbps_median", round(bytes / median(seconds) / 1e9, 3));
    m.put("plan_peak_bytes", plan.peakBytes());
    m.put("heap_before_bytes", before);
    m.put("heap_peak_bytes", peak);
    m.put("heap_peak_after_gc_bytes", afterGc);
    m.put("total", total);
    log.printf(Locale.ROOT, "bench: %-40s %6.2f GB/s, heap after GC <= %s, in use <= %s%n",
        m.get("name"), bytes / best / 1e9, Units.bytes(afterGc), Units.bytes(peak));
    log.flush();
    return m;
  }

  /** Sum of all elements of an integer result (uint64 kept as its bit pattern). */
  private static long total(MemoryArray result) {
    Block b = result.toBlock();
    long t = 0;
    for (int i = 0; i < b.length(); i++) t += b.getLong(i);
    return t;
  }

  private static long[] maxChunk(ChunkGrid grid) {
    long[] c = new long[grid.rank()];
    for (int a = 0; a < c.length; a++) c[a] = grid.maxExtent(a);
    return c;
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  private static double[] rounded(double[] seconds) {
    double[] r = new double[seconds.length];
    for (int i = 0; i < r.length; i++) r[i] = round(seconds[i], 4);
    return r;
  }
}
