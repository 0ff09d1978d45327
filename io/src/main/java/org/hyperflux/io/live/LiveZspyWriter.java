package org.hyperflux.io.live;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.live.LiveConsumer;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Writes the raw frames of one live acquisition to a {@code .zspy} store while it runs (issue 7,
 * DESIGN §5 and §6): a {@link LiveConsumer} that HyperSpy 1.7.3 and hyperflux ({@link
 * org.hyperflux.io.SignalFiles#load}) read when the scan has ended, and that stays readable,
 * marked incomplete, when it fails.
 *
 * <p><b>The file.</b> On {@link LiveEvent.Started} the store is created with HyperSpy's layout
 * (shared with {@code SignalFiles.save}: {@link org.hyperflux.io.hyperspy.HyperSpyWriter#writeLayout}):
 * the array {@code data} of shape {@code (scanY, scanX, frameHeight, frameWidth)} and the
 * geometry's dtype, four axes in array order {@code y}, {@code x} (navigation, scan step and
 * units of {@link LiveZspyOptions#withScanCalibration}) and {@code dy}, {@code dx} (signal,
 * detector pixel size), the names HyperSpy's 4D-STEM readers (blockfile) give them; metadata
 * {@code General.title}, {@code Signal.signal_type}; the detector's header as {@code
 * original_metadata} (dots in keys replaced by {@code _}). The node {@code metadata.Acquisition}
 * says what the file holds: {@code complete} (every frame of the scan is in the file), {@code
 * frames_expected}, {@code frames_received}, {@code frames_written}, {@code frames_lost}, {@code
 * end} ({@code "running"} until finalised, then {@code "completed"}, {@code "failed"} or {@code
 * "cancelled"}), {@code error} (the failure's message, or None) and {@code valid_frames}, a
 * boolean {@code (scanY, scanX)} dataset, true where a frame was written (HyperSpy loads it as a
 * numpy array; {@link LiveZspyFiles#validFrames} reads it). A frame that was never written reads
 * as 0 (the fill value): a chunk that received no frame is not written; a chunk that received
 * some is written with zeros for the others.
 *
 * <p><b>Chunks and memory.</b> Frames are copied into the assembly buffer of their chunk (by
 * default one scan row, see {@link #checkBudget}); a chunk is encoded and written, as one file
 * renamed into place, on {@code exec.io()} as soon as the acquisition has passed its last frame,
 * at most {@link LiveWritePlan#writers()} at a time. The assembly and write buffers are checked
 * against the budget when the acquisition starts, before any frame is accepted. The writer asks
 * for one event at a time, and for none while all its buffers are taken: when the disk is slower
 * than the detector, its demand is what holds the acquisition back (BLOCK); nothing is queued
 * without bound. {@link #lag()} is the number of frames received but not yet written.
 *
 * <p><b>Failures (KEEP_PARTIAL).</b> When the events fail (the sender disconnected, a timeout)
 * or the consumer's subscription is cancelled, every frame already received is still written,
 * complete or partial chunks alike; the metadata is finalised with {@code complete = False}, the
 * counts and the valid-frame mask; then the consumer fails with the original error. A write error
 * (disk full, permission) stops the acquisition and fails naming the file and chunk; what was
 * written is kept and finalised as far as the disk allows. A malformed stream (no {@code Started}
 * first, frames out of order, a frame of another size) fails as a write error does.
 *
 * <p>One writer writes one acquisition: {@link #consume} may be subscribed once. Its counters
 * are thread-safe and may be read at any time; {@link #report()} completes when the file is
 * finalised (after success, failure or cancel).
 *
 * <pre>{@code
 * LiveZspyOptions o = LiveZspyOptions.to(Path.of("scan.zspy"));
 * LiveZspyWriter.checkBudget(new ScanGeometry(128, 128, 256, 256, DType.UINT16), o); // before connecting
 * LiveZspyWriter writer = LiveZspyWriter.of(o);
 * LiveWriteReport r = writer.consume(source.acquire()).block();
 * }</pre>
 */
public final class LiveZspyWriter implements LiveConsumer<LiveWriteReport> {
  /** The largest chunk one Java array holds (bytes and elements). */
  static final long MAX_CHUNK_BYTES = Integer.MAX_VALUE - 16;

  private final LiveZspyOptions options;
  private final Path target;
  private final AtomicBoolean used = new AtomicBoolean();
  private final Sinks.One<LiveWriteReport> finished = Sinks.one();
  private volatile LiveZspyRun run;

  private LiveZspyWriter(LiveZspyOptions options, Path target) {
    this.options = options;
    this.target = target;
  }

  /**
   * A writer to {@code options.target()}. Checks the target now: its directory must exist, and
   * the target must not, unless {@link LiveZspyOptions#overwrite()} (it is checked again when the
   * acquisition starts). Writes nothing.
   *
   * @throws IllegalArgumentException when the directory is missing or the target exists without
   *     overwrite, naming the file and the fix
   */
  public static LiveZspyWriter of(LiveZspyOptions options) {
    Objects.requireNonNull(options, "options");
    Path target = options.target().toAbsolutePath().normalize();
    checkTarget(target, options.overwrite());
    return new LiveZspyWriter(options, target);
  }

  static void checkTarget(Path target, boolean overwrite) {
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("cannot write the acquisition to " + target
          + ": directory " + dir + " does not exist");
    }
    if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(target + " already exists; write with"
          + " LiveZspyOptions.withOverwrite(true) to replace it, or choose another file");
    }
  }

  /**
   * How a scan of {@code geometry} is chunked and buffered with {@code options}, checked against
   * {@code options.exec()}'s budget; reads and writes nothing (the CLI calls it before
   * connecting when the scan is known). Chunks hold {@code rowsPerChunk} whole rows when given;
   * otherwise one row, or, when {@code chunk bytes × (1 + 4)} (one chunk assembling, one being
   * encoded) exceeds the budget, the largest equal part of a row that fits ({@code
   * columnsPerChunk} when given).
   *
   * @throws PlanException when even the chosen or smallest chunking does not fit the budget,
   *     naming the numbers and the fix (fewer rows or columns per chunk, a larger budget)
   */
  public static LiveWritePlan checkBudget(ScanGeometry geometry, LiveZspyOptions options) {
    Objects.requireNonNull(geometry, "geometry");
    Objects.requireNonNull(options, "options");
    long budget = options.exec().budgetBytes();
    long frameBytes = geometry.frameBytes();
    int rows = options.rowsPerChunk() == 0 ? 1 : Math.min(options.rowsPerChunk(), geometry.scanY());
    int columns;
    if (options.columnsPerChunk() != 0) {
      columns = Math.min(options.columnsPerChunk(), geometry.scanX());
    } else if (options.rowsPerChunk() != 0) {
      columns = geometry.scanX();
    } else {
      columns = geometry.scanX();
      for (int parts = 1; parts <= geometry.scanX(); parts++) {
        columns = (geometry.scanX() + parts - 1) / parts;
        long bytes = columns * frameBytes;
        if (bytes <= MAX_CHUNK_BYTES && bytes * (1 + LiveWritePlan.WRITE_COPIES) <= budget) break;
      }
    }
    long chunkBytes = (long) rows * columns * frameBytes;
    int assembling = rows == 1 ? 1 : (geometry.scanX() + columns - 1) / columns;
    String what = "live .zspy writer for " + geometry + ": chunks of " + rows + " scan row"
        + (rows == 1 ? "" : "s") + " x " + columns + " position" + (columns == 1 ? "" : "s")
        + " are " + mib(chunkBytes);
    if (chunkBytes > MAX_CHUNK_BYTES) {
      throw new PlanException(what + ", more than one Java array holds (" + mib(MAX_CHUNK_BYTES)
          + "); write fewer rows per chunk (LiveZspyOptions.withRowsPerChunk) or part of a row"
          + " (withColumnsPerChunk)");
    }
    long need = chunkBytes * (assembling + LiveWritePlan.WRITE_COPIES);
    if (need > budget) {
      String fix = rows > 1 ? "write fewer rows per chunk (LiveZspyOptions.withRowsPerChunk(1))"
          : columns > 1 ? "write part of a row per chunk (LiveZspyOptions.withColumnsPerChunk("
              + Math.max(1, columns / 2) + "))"
          : "a frame alone does not fit";
      throw new PlanException(what + "; assembling " + assembling + " chunk"
          + (assembling == 1 ? "" : "s") + " while writing one (" + LiveWritePlan.WRITE_COPIES
          + " x its bytes while encoded) needs " + mib(need) + " but the budget is " + mib(budget)
          + "; " + fix + ", or raise the budget (ExecOptions.withBudgetBytes)");
    }
    long writers = Math.max(1, Math.min(options.exec().parallelism(),
        (budget / chunkBytes - assembling) / LiveWritePlan.WRITE_COPIES));
    long peak = chunkBytes * (assembling + LiveWritePlan.WRITE_COPIES * writers);
    return new LiveWritePlan(geometry, rows, columns, chunkBytes, assembling, (int) writers, peak,
        budget);
  }

  /** {@code bytes} as MiB with one decimal, for messages. */
  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
  }

  /**
   * Writes the acquisition's {@code events} to the target; the result is the report once the
   * file is complete and finalised. Subscribes to {@code events} once, when the returned Mono is
   * subscribed, and asks for one event at a time (none while its buffers are all taken). Fails,
   * after finalising the file as described in the class comment, with the events' error, the
   * first write error, or an {@link IllegalStateException} for a malformed stream; a cancel
   * finalises the file too ({@link #report()} tells when).
   *
   * @throws IllegalStateException (as the Mono's error) when this writer was already used
   */
  @Override
  public Mono<LiveWriteReport> consume(Flux<LiveEvent> events) {
    Objects.requireNonNull(events, "events");
    return Mono.defer(() -> {
      if (!used.compareAndSet(false, true)) {
        return Mono.error(new IllegalStateException("this LiveZspyWriter already wrote an"
            + " acquisition to " + target + "; create one writer per acquisition"));
      }
      return Mono.<LiveWriteReport>create(sink -> {
        LiveZspyRun r = new LiveZspyRun(options, target, sink, finished);
        run = r;
        sink.onCancel(r::cancel);
        events.subscribe(r);
      });
    });
  }

  /** The file written to (absolute). */
  public Path target() {
    return target;
  }

  /** Frames received but not yet durably written (0 before the acquisition starts). */
  public long lag() {
    LiveZspyRun r = run;
    return r == null ? 0 : r.lag();
  }

  /** Frames that reached the writer so far. */
  public long framesReceived() {
    LiveZspyRun r = run;
    return r == null ? 0 : r.framesReceived();
  }

  /** Frames in chunks written so far. */
  public long framesWritten() {
    LiveZspyRun r = run;
    return r == null ? 0 : r.framesWritten();
  }

  /** Decoded bytes in chunks written so far. */
  public long bytesWritten() {
    LiveZspyRun r = run;
    return r == null ? 0 : r.bytesRaw();
  }

  /** The largest lag seen so far. */
  public long maxLag() {
    LiveZspyRun r = run;
    return r == null ? 0 : r.maxLag();
  }

  /**
   * The report, emitted when the file has been finalised, whether the acquisition completed,
   * failed or was cancelled (then with {@code complete = false}); empty when the writer failed
   * before creating the file.
   */
  public Mono<LiveWriteReport> report() {
    return finished.asMono();
  }

  @Override
  public String toString() {
    return "LiveZspyWriter[" + options + "]";
  }
}
