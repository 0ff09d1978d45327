package org.hyperflux.core.exec;

import java.util.LinkedHashSet;
import java.util.Set;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;

/**
 * A costed execution of an {@link ArrayNode} (DESIGN §3). Building a plan computes, without
 * reading data, the bytes held per chunk in flight, the bytes held for the whole run, the read
 * window the budget allows, the bytes read from sources (read amplification) and the number of
 * passes, and fails with a {@link PlanException} naming alternatives when the plan exceeds the
 * budget (first checking that every storage chunk that must be read whole fits it), re-reads its
 * sources more than twice, or needs more than one pass over a single-pass source.
 *
 * <p>Peak bytes = resident + (window + 1) × per-chunk bytes + extra state: the window of chunks
 * being read or computed, plus the chunk the consumer holds. The automatic window is twice the
 * cores, or more for small chunks (up to 64 MiB in flight), as far as the budget allows.
 */
public final class Plan {
  /** Beyond this many chunks, read bytes are estimated from an even sample of them. */
  private static final int EXACT_COST_CHUNKS = 1 << 14;
  /**
   * The most a plan may read its sources (DESIGN §3: "re-reads data more than twice" fails),
   * beyond an allowance of {@link ExecOptions#rereadAllowanceBytes()} for small data.
   */
  public static final double MAX_READ_AMPLIFICATION = 2.0;

  private final ArrayNode root;
  private final ChunkGrid grid;
  private final int window;
  private final long perChunkBytes;
  private final long residentBytes;
  private final long peakBytes;
  private final long readBytes;
  private final long sourceBytes;
  private final int passes;
  private final long budgetBytes;

  private Plan(ArrayNode root, ChunkGrid grid, int window, long perChunkBytes, long residentBytes,
      long peakBytes, long readBytes, long sourceBytes, int passes, long budgetBytes) {
    this.root = root;
    this.grid = grid;
    this.window = window;
    this.perChunkBytes = perChunkBytes;
    this.residentBytes = residentBytes;
    this.peakBytes = peakBytes;
    this.readBytes = readBytes;
    this.sourceBytes = sourceBytes;
    this.passes = passes;
    this.budgetBytes = budgetBytes;
  }

  /**
   * Costs streaming every chunk of {@code root}'s grid, each delivered as a block of its own
   * (counted per chunk in flight).
   */
  public static Plan build(ArrayNode root, ExecOptions options) {
    return build(root, root.grid(), options, root.deliveryBytes(largestRegion(root.grid())), 0);
  }

  /** Costs computing {@code root} into memory: the whole result is resident, chunks are assembled in it. */
  public static Plan buildCompute(ArrayNode root, ExecOptions options) {
    return build(root, root.grid(), options, 0, root.shape().nbytes(root.dtype()));
  }

  /**
   * Costs streaming {@code root} chunk by chunk along {@code grid}, with {@code perChunkExtra}
   * more bytes held per chunk in flight (accumulator states, output blocks) and
   * {@code residentExtra} bytes held for the whole run.
   */
  public static Plan build(ArrayNode root, ChunkGrid grid, ExecOptions options, long perChunkExtra,
      long residentExtra) {
    StreamCost stream = streamCost(root, grid, options.tileElements());
    long maxHeld = stream.maxHeldBytes();
    long read = stream.readBytes();
    read += root.passReadBytes();
    long perChunk = maxHeld + perChunkExtra;
    long resident = root.residentBytes() + residentExtra;

    Set<Source> sources = new LinkedHashSet<>();
    root.collectSources(sources);
    long srcBytes = 0;
    for (Source s : sources) srcBytes += s.shape().nbytes(s.dtype());
    int passes = root.passes();
    String what = root.label();

    long budget = options.budgetBytes();
    for (Source s : sources) {
      long chunkBytes = s.grid().maxChunkElements() * s.dtype().itemSize();
      if (chunkBytes > budget && !s.capabilities().contains(Capability.REGION_READ)) {
        throw new PlanException(String.format(
            "plan '%s' reads %s, whose largest storage chunk holds %d bytes (chunks %s), more than"
                + " the budget of %d bytes, and this source cannot read part of a chunk."
                + " Alternatives: a larger budget (at least %d bytes; ExecOptions.withBudgetBytes"
                + " or --budget), or save the data again with smaller chunks (e.g. to .zspy with"
                + " a smaller chunk shape) and read that.",
            what, s.description(), chunkBytes, s.grid().extentsString(), budget, 2 * chunkBytes));
      }
    }
    for (Source s : sources) {
      if (s.capabilities().contains(Capability.SINGLE_PASS) && (passes > 1 || read > srcBytes)) {
        throw new PlanException(
            "plan '" + what + "' needs " + passes + " passes and reads " + read + " bytes, but "
                + s.description() + " is single-pass (" + srcBytes + " bytes, read once, in"
                + " order). Alternatives: compute the multi-pass part from a saved copy"
                + " (save the stream first), or use accumulators that need one pass.");
      }
    }
    if (srcBytes > 0 && read > MAX_READ_AMPLIFICATION * srcBytes
        && read - MAX_READ_AMPLIFICATION * srcBytes > options.rereadAllowanceBytes()) {
      throw new PlanException(String.format(
          "plan '%s' would read %d bytes from sources of %d bytes (read amplification %.2f > %.1f)."
              + " Alternatives: choose output chunks aligned with the storage chunks"
              + " (rechunk to multiples of the source grid), or rechunk through a temporary store"
              + " first (write the data with the new chunks, then read that).",
          what, read, srcBytes, (double) read / srcBytes, MAX_READ_AMPLIFICATION));
    }

    long available = budget - resident;
    int window;
    if (options.prefetch() >= 0) {
      window = Math.max(1, options.prefetch());
    } else {
      long fit = perChunk == 0 ? Long.MAX_VALUE : available / perChunk - 1;
      window = (int) Math.max(1, Math.min(wantedWindow(options.parallelism(), perChunk), fit));
    }
    long peak = resident + (window + 1L) * perChunk;
    if (peak > budget) {
      throw new PlanException(String.format(
          "plan '%s' needs %d bytes (%d resident + (%d in flight + 1) x %d per chunk) but the"
              + " budget is %d bytes. Alternatives: a larger budget (ExecOptions.withBudgetBytes"
              + " or --budget), smaller chunks (rechunk, if the source can read regions),"
              + " a smaller prefetch%s.",
          what, peak, resident, window, perChunk, budget,
          resident > 0 ? ", or reduce fewer axes at once so that less is materialised" : ""));
    }
    return new Plan(root, grid, window, perChunk, resident, peak, read, srcBytes, passes, budget);
  }

  /** Bytes of chunks a plan keeps in flight when the budget allows: enough to hide scheduling latency. */
  static final long IN_FLIGHT_TARGET_BYTES = 64L << 20;
  /** The largest automatic window. */
  static final int MAX_WINDOW = 256;

  /**
   * The automatic window before the budget caps it: twice the cores, or more small chunks, up to
   * {@link #IN_FLIGHT_TARGET_BYTES} in flight (measured: with 1 MiB chunks a window of 4 left two
   * cores half idle between hops, 16 to 64 kept them busy), at most {@link #MAX_WINDOW}.
   */
  static long wantedWindow(int parallelism, long perChunk) {
    long byBytes = perChunk <= 0 ? MAX_WINDOW : (IN_FLIGHT_TARGET_BYTES + perChunk - 1) / perChunk;
    return Math.min(MAX_WINDOW, Math.max(2L * parallelism, byBytes));
  }

  /**
   * What streaming {@code node} chunk by chunk along {@code grid} costs: the most bytes one chunk
   * holds and the bytes read in all. Every chunk is costed, or an even sample of many chunks
   * (scaled up) plus the largest chunk exactly.
   */
  public static StreamCost streamCost(ArrayNode node, ChunkGrid grid, int tileElements) {
    long count = grid.chunkCount();
    long maxHeld = 0;
    long read = 0;
    long stride = Math.max(1, count / EXACT_COST_CHUNKS);
    long sampled = 0;
    for (long i = 0; i < count; i += stride) {
      Cost cost = new Cost(tileElements);
      node.cost(grid.region(grid.index(i)), cost);
      maxHeld = Math.max(maxHeld, cost.heldBytes());
      read += cost.readBytes();
      sampled++;
    }
    if (stride > 1) {
      // Also cost the largest chunk exactly: edge chunks are smaller than the sampled ones.
      Cost cost = new Cost(tileElements);
      node.cost(largestRegion(grid), cost);
      maxHeld = Math.max(maxHeld, cost.heldBytes());
      read = (long) ((double) read / sampled * count);
    }
    return new StreamCost(maxHeld, read);
  }

  /** The cost of streaming a node: the most one chunk holds, and all bytes read. */
  public record StreamCost(long maxHeldBytes, long readBytes) {}

  private static Region largestRegion(ChunkGrid grid) {
    int[] k = new int[grid.rank()];
    for (int a = 0; a < k.length; a++) {
      int[] e = grid.extents(a);
      int best = 0;
      for (int i = 1; i < e.length; i++) if (e[i] > e[best]) best = i;
      k[a] = best;
    }
    return grid.region(ChunkIndex.of(k));
  }

  public ArrayNode root() {
    return root;
  }

  /** The grid chunks are delivered on. */
  public ChunkGrid grid() {
    return grid;
  }

  /** Chunks read or computed concurrently ahead of consumption. */
  public int window() {
    return window;
  }

  public long perChunkBytes() {
    return perChunkBytes;
  }

  public long residentBytes() {
    return residentBytes;
  }

  /** The most bytes this plan holds at once (by its own accounting). */
  public long peakBytes() {
    return peakBytes;
  }

  /** Bytes read from sources over the whole run (all passes). */
  public long readBytes() {
    return readBytes;
  }

  /** Bytes of all sources the plan reads from. */
  public long sourceBytes() {
    return sourceBytes;
  }

  public double readAmplification() {
    return sourceBytes == 0 ? 0 : (double) readBytes / sourceBytes;
  }

  public int passes() {
    return passes;
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  /** A readable summary, e.g. for {@code --explain}. */
  public String describe() {
    return String.format(
        "%s: %d chunks, window %d, %d B/chunk, %d B resident, peak %d of %d B budget,"
            + " reads %d B of %d B (x%.2f), %d pass(es)",
        root.label(), grid.chunkCount(), window, perChunkBytes, residentBytes, peakBytes,
        budgetBytes, readBytes, sourceBytes, readAmplification(), passes);
  }

  @Override
  public String toString() {
    return describe();
  }
}
