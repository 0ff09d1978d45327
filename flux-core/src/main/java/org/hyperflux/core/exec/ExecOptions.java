package org.hyperflux.core.exec;

import java.util.Objects;
import org.hyperflux.core.array.Tiles;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How an execution runs: the memory budget every byte is counted against, the number of cores
 * for CPU work, the read-ahead, the tile size and the progress listener. Immutable; derive
 * variants with the {@code with*} methods.
 *
 * <pre>{@code ExecOptions o = ExecOptions.defaults().withBudgetBytes(256L << 20).withProgress(new ConsoleProgressBar());}</pre>
 */
public final class ExecOptions {
  /** The default {@link #rereadAllowanceBytes()}: 64 MiB. */
  public static final long DEFAULT_REREAD_ALLOWANCE_BYTES = 64L << 20;

  private final long budgetBytes;
  private final int parallelism;
  private final int prefetch;
  private final int tileElements;
  private final long rereadAllowanceBytes;
  private final ProgressListener progress;
  private final Scheduler cpu;
  private final Scheduler io;

  private ExecOptions(long budgetBytes, int parallelism, int prefetch, int tileElements,
      long rereadAllowanceBytes,
      ProgressListener progress, Scheduler cpu, Scheduler io) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("budget must be > 0 bytes, got " + budgetBytes);
    }
    if (parallelism <= 0) {
      throw new IllegalArgumentException("parallelism must be > 0, got " + parallelism);
    }
    if (prefetch < -1) {
      throw new IllegalArgumentException("prefetch must be >= 0 (or -1 for automatic), got " + prefetch);
    }
    if (tileElements <= 0) {
      throw new IllegalArgumentException("tile size must be > 0 elements, got " + tileElements);
    }
    this.budgetBytes = budgetBytes;
    this.parallelism = parallelism;
    this.prefetch = prefetch;
    this.tileElements = tileElements;
    if (rereadAllowanceBytes < 0) {
      throw new IllegalArgumentException(
          "re-read allowance must be >= 0 bytes, got " + rereadAllowanceBytes);
    }
    this.rereadAllowanceBytes = rereadAllowanceBytes;
    this.progress = Objects.requireNonNull(progress, "progress");
    this.cpu = Objects.requireNonNull(cpu, "cpu");
    this.io = Objects.requireNonNull(io, "io");
  }

  /**
   * Half the JVM's maximum heap as budget, all cores, automatic read-ahead, 1 MiB tiles, no
   * progress, hyperflux's work-sharing {@link CpuScheduler} for CPU work and Reactor's
   * bounded-elastic scheduler for blocking reads.
   */
  public static ExecOptions defaults() {
    return new ExecOptions(Runtime.getRuntime().maxMemory() / 2,
        Runtime.getRuntime().availableProcessors(), -1, Tiles.DEFAULT_TILE_ELEMENTS,
        DEFAULT_REREAD_ALLOWANCE_BYTES, ProgressListener.NONE, CpuScheduler.shared(),
        Schedulers.boundedElastic());
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Chunks read ahead of demand; -1 means derived from the budget and the cores. */
  public int prefetch() {
    return prefetch;
  }

  public int tileElements() {
    return tileElements;
  }

  /**
   * Bytes a plan may read beyond twice its sources' size before it is refused for read
   * amplification (DESIGN §3). Re-reading a few megabytes (a small broadcast operand, a tiny
   * array in awkward chunks) costs less than refusing it; the rule guards large data.
   */
  public long rereadAllowanceBytes() {
    return rereadAllowanceBytes;
  }

  /** Sets {@link #rereadAllowanceBytes()}; 0 applies the 2× read rule to any size. */
  public ExecOptions withRereadAllowanceBytes(long bytes) {
    return new ExecOptions(budgetBytes, parallelism, prefetch, tileElements, bytes, progress, cpu, io);
  }

  public ProgressListener progress() {
    return progress;
  }

  /** Scheduler for CPU work (kernels, accumulators). */
  public Scheduler cpu() {
    return cpu;
  }

  /** Scheduler for blocking reads. */
  public Scheduler io() {
    return io;
  }

  public ExecOptions withBudgetBytes(long bytes) {
    return new ExecOptions(bytes, parallelism, prefetch, tileElements, rereadAllowanceBytes, progress, cpu, io);
  }

  public ExecOptions withParallelism(int cores) {
    return new ExecOptions(budgetBytes, cores, prefetch, tileElements, rereadAllowanceBytes, progress, cpu, io);
  }

  /** A fixed read-ahead: at most {@code 1 + prefetch} chunks are being read or held ahead of consumption. */
  public ExecOptions withPrefetch(int chunks) {
    return new ExecOptions(budgetBytes, parallelism, chunks, tileElements, rereadAllowanceBytes, progress, cpu, io);
  }

  public ExecOptions withTileElements(int elements) {
    return new ExecOptions(budgetBytes, parallelism, prefetch, elements, rereadAllowanceBytes, progress, cpu, io);
  }

  public ExecOptions withProgress(ProgressListener listener) {
    return new ExecOptions(budgetBytes, parallelism, prefetch, tileElements, rereadAllowanceBytes, listener, cpu, io);
  }

  public ExecOptions withSchedulers(Scheduler cpu, Scheduler io) {
    return new ExecOptions(budgetBytes, parallelism, prefetch, tileElements, rereadAllowanceBytes, progress, cpu, io);
  }
}
