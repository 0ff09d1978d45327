package org.hyperflux.io.live;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.FrameGap;
import org.hyperflux.core.live.LiveCancellationException;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.LearningResults;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.hyperspy.HyperSpyWriter;
import org.hyperflux.io.hyperspy.TreeArrayWriter;
import org.hyperflux.io.hyperspy.TreeGroupWriter;
import org.hyperflux.io.hyperspy.ZspyFormat;
import org.hyperflux.io.internal.FileTrees;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One acquisition written by a {@link LiveZspyWriter}: the subscriber of the events and the
 * state of the file.
 *
 * <p><b>Algorithm.</b> All state is owned by a serialised drain loop (the work-in-progress
 * counter pattern of reactor-core's operators): whichever thread signals (the source's onNext,
 * a write finishing on an IO thread, a cancel) enqueues what happened and runs the loop unless
 * another thread already does, which then runs it again. Nothing blocks in the loop: the store
 * is created, chunks are written and the file is finalised on {@code exec.io()}, and report back
 * through {@link #completions}. The loop requests one event at a time, and the next one only
 * when the current one has been copied whole; a frame whose chunk is not open needs a free slot
 * ({@link LiveWritePlan#slots()}: chunks assembling, waiting or being written), else the batch
 * waits, partly copied, until a write frees one — that is the backpressure.
 *
 * <p><b>Invariants.</b> Frames arrive in acquisition order ({@link #cursor} is the next frame
 * expected; anything before it is refused); a chunk is closed (queued for writing, or dropped
 * when it received no frame) as soon as the cursor passes its last frame, or when the run ends;
 * {@link #writtenMask} is true exactly for frames in chunk files written successfully, so the
 * stored mask never claims a frame that a failed write lost. The file is finalised once, after
 * the last write has ended, and the result emitted after it.
 */
final class LiveZspyRun implements CoreSubscriber<LiveEvent> {
  private static final int MAX_SUPPRESSED = 8;

  private final LiveZspyOptions options;
  private final Path target;
  private final MonoSink<LiveWriteReport> sink;
  private final Sinks.One<LiveWriteReport> finished;
  private final Scheduler io;

  // Signals from any thread, consumed by the drain loop.
  private final AtomicInteger wip = new AtomicInteger();
  private final Queue<Runnable> completions = new ConcurrentLinkedQueue<>();
  private volatile Subscription upstream;
  private volatile LiveEvent delivered;
  private volatile boolean upstreamDone;
  private volatile Throwable upstreamError;
  private volatile boolean cancelled;

  // Counters, readable from any thread.
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong bytesRaw = new AtomicLong();
  private final AtomicLong bytesStored = new AtomicLong();
  private final AtomicLong chunksWritten = new AtomicLong();
  private final AtomicLong maxLag = new AtomicLong();
  private volatile long startNanos;

  // Owned by the drain loop.
  private boolean requested;
  private LiveEvent pending;
  private int pendingPos;
  private Throwable failure;
  private String end;
  /** A write failed or the stream was malformed: no further frame is accepted. */
  private boolean broken;
  private boolean creating;
  private boolean created;
  private boolean flushed;
  private boolean finalising;
  private ScanGeometry geometry;
  private LiveWritePlan plan;
  private TreeArrayWriter data;
  private TreeGroupWriter acquisition;
  private TreeArrayWriter mask;
  private final Map<Long, Assembly> open = new LinkedHashMap<>();
  private final Deque<Assembly> ready = new ArrayDeque<>();
  private int writing;
  private int slotsUsed;
  private long cursor;
  private long lost;
  private boolean[] writtenMask;

  LiveZspyRun(LiveZspyOptions options, Path target, MonoSink<LiveWriteReport> sink,
      Sinks.One<LiveWriteReport> finished) {
    this.options = options;
    this.target = target;
    this.sink = sink;
    this.finished = finished;
    this.io = options.exec().io();
  }

  long lag() {
    return received.get() - written.get();
  }

  long framesReceived() {
    return received.get();
  }

  long framesWritten() {
    return written.get();
  }

  long bytesRaw() {
    return bytesRaw.get();
  }

  long maxLag() {
    return maxLag.get();
  }

  // ------------------------------------------------------------------------------ signals

  @Override
  public void onSubscribe(Subscription s) {
    startNanos = System.nanoTime();
    upstream = s;
    drain();
  }

  @Override
  public void onNext(LiveEvent event) {
    delivered = event;
    drain();
  }

  @Override
  public void onError(Throwable t) {
    upstreamError = t;
    upstreamDone = true;
    drain();
  }

  @Override
  public void onComplete() {
    upstreamDone = true;
    drain();
  }

  /** The consumer's subscription was cancelled: stop the acquisition, keep and finalise what arrived. */
  void cancel() {
    cancelled = true;
    drain();
  }

  // ------------------------------------------------------------------------------ drain loop

  private void drain() {
    if (wip.getAndIncrement() != 0) return;
    int missed = 1;
    for (;;) {
      step();
      missed = wip.addAndGet(-missed);
      if (missed == 0) return;
    }
  }

  private void step() {
    for (Runnable c; (c = completions.poll()) != null; ) c.run();
    if (upstream == null) return;
    if (cancelled && failure == null) {
      stop(new CancellationException("the live write to " + target + " was cancelled"), "cancelled");
    }
    LiveEvent e = delivered;
    if (e != null && pending == null) {
      delivered = null;
      requested = false;
      pending = e;
      pendingPos = 0;
    }
    if (pending != null && broken) pending = null;
    if (pending != null) process();
    startWrites();
    boolean ended = upstreamDone || failure != null;
    if (pending == null && delivered == null && !requested && !ended && !creating) {
      requested = true;
      upstream.request(1);
      return;
    }
    if (ended && pending == null && delivered == null && !creating) finish();
  }

  /** Handles {@link #pending}; leaves it set when a batch waits for a free slot. */
  private void process() {
    LiveEvent e = pending;
    try {
      if (e instanceof LiveEvent.Started s) {
        pending = null;
        started(s);
      } else if (!created) {
        if (creating) return;
        pending = null;
        throw new IllegalStateException("the live stream sent " + describe(e)
            + " before its Started event");
      } else if (e instanceof FrameBatch b) {
        if (batch(b)) pending = null;
      } else if (e instanceof FrameGap g) {
        pending = null;
        gap(g);
      }
    } catch (RuntimeException ex) {
      pending = null;
      stop(ex, "failed");
      broken = true;
    }
  }

  private static String describe(LiveEvent e) {
    if (e instanceof FrameBatch b) return "frames " + b.first() + ".." + (b.end() - 1);
    if (e instanceof FrameGap g) return "a gap of frames " + g.first() + ".." + (g.first() + g.count() - 1);
    return e.toString();
  }

  /** Stops the acquisition with {@code t} (the first reason wins; later ones are suppressed). */
  private void stop(Throwable t, String how) {
    if (failure == null) {
      failure = t;
      end = how;
    } else if (failure != t && failure.getSuppressed().length < MAX_SUPPRESSED) {
      failure.addSuppressed(t);
    }
    if (!upstreamDone) upstream.cancel();
  }

  // ------------------------------------------------------------------------------ events

  private void started(LiveEvent.Started s) {
    if (geometry != null) {
      throw new IllegalStateException("the live stream sent a second Started event (" + s.geometry()
          + ") after " + received.get() + " frames of " + geometry);
    }
    ScanGeometry g = s.geometry();
    if (g.frames() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a scan of " + g.frames() + " frames (" + g
          + ") is more than the live writer's valid-frame mask holds");
    }
    plan = LiveZspyWriter.checkBudget(g, options);
    geometry = g;
    writtenMask = new boolean[(int) g.frames()];
    creating = true;
    Map<String, String> header = s.header();
    schedule(() -> {
      try {
        create(header);
        completions.add(() -> {
          creating = false;
          created = true;
        });
      } catch (Throwable t) {
        completions.add(() -> {
          creating = false;
          broken = true;
          stop(t, "failed");
        });
      }
      drain();
    });
  }

  /** Copies the batch from {@link #pendingPos}; false when it must wait for a free slot. */
  private boolean batch(FrameBatch b) {
    ScanGeometry g = geometry;
    int fp = g.framePixels();
    if (pendingPos == 0) {
      if (b.pixels().dtype() != g.dtype() || b.framePixels() != fp) {
        throw new IllegalStateException("frames " + b.first() + ".." + (b.end() - 1) + " are "
            + b.pixels().dtype().numpyName() + " frames of " + b.framePixels() + " pixels but the"
            + " scan has " + g.dtype().numpyName() + " frames of " + fp + " (" + g + ")");
      }
      if (b.first() < cursor) {
        throw new IllegalStateException("frames " + b.first() + ".." + (b.end() - 1)
            + " arrived after frame " + (cursor - 1) + "; a live stream delivers frames in"
            + " acquisition order, once");
      }
      if (b.end() > g.frames()) {
        throw new IllegalStateException("frames " + b.first() + ".." + (b.end() - 1)
            + " go beyond the scan's " + g.frames() + " frames (" + g + ")");
      }
      if (b.first() > cursor) skipTo(b.first());
    }
    int scanX = g.scanX();
    int rowsPer = plan.rowsPerChunk();
    int colsPer = plan.columnsPerChunk();
    while (pendingPos < b.count()) {
      long k = b.first() + pendingPos;
      int y = (int) (k / scanX);
      int x = (int) (k % scanX);
      int cy = y / rowsPer;
      int cx = x / colsPer;
      long id = (long) cy * plan.chunkColumns() + cx;
      Assembly a = open.get(id);
      if (a == null) {
        if (slotsUsed >= plan.slots()) return false;
        a = openChunk(cy, cx, id);
      }
      int xEnd = Math.min(scanX, (cx + 1) * colsPer);
      int n = Math.min(b.count() - pendingPos, xEnd - x);
      int local = (y - cy * rowsPer) * a.width + (x - cx * colsPer);
      a.block.copyFrom(b.pixels(), pendingPos * fp, local * fp, n * fp);
      for (int i = 0; i < n; i++) a.valid[local + i] = true;
      a.validCount += n;
      pendingPos += n;
      cursor = k + n;
      long r = received.addAndGet(n);
      maxLag.accumulateAndGet(r - written.get(), Math::max);
      if (cursor > a.lastFrame) close(a);
    }
    return true;
  }

  private void gap(FrameGap gap) {
    if (gap.first() < cursor) {
      throw new IllegalStateException("a gap of frames " + gap.first() + ".."
          + (gap.first() + gap.count() - 1) + " arrived after frame " + (cursor - 1)
          + " had been received");
    }
    skipTo(Math.min(geometry.frames(), gap.first() + gap.count()));
  }

  /** Frames {@code [cursor, frame)} will not arrive: counts them lost and closes the chunks passed. */
  private void skipTo(long frame) {
    lost += frame - cursor;
    cursor = frame;
    for (Assembly a : new ArrayList<>(open.values())) {
      if (a.lastFrame < cursor) close(a);
    }
  }

  private Assembly openChunk(int cy, int cx, long id) {
    ScanGeometry g = geometry;
    int rows = Math.min(plan.rowsPerChunk(), g.scanY() - cy * plan.rowsPerChunk());
    int width = Math.min(plan.columnsPerChunk(), g.scanX() - cx * plan.columnsPerChunk());
    long firstRow = (long) cy * plan.rowsPerChunk();
    long x0 = (long) cx * plan.columnsPerChunk();
    long last = (firstRow + rows - 1) * g.scanX() + x0 + width - 1;
    Assembly a = new Assembly(id, ChunkIndex.of(cy, cx, 0, 0), rows, width, firstRow, x0, last,
        Block.allocate(g.dtype(), rows * width * g.framePixels()));
    open.put(id, a);
    slotsUsed++;
    return a;
  }

  private void close(Assembly a) {
    open.remove(a.id);
    if (a.validCount > 0) {
      ready.add(a);
    } else {
      slotsUsed--;
    }
  }

  // ------------------------------------------------------------------------------ writes

  private void startWrites() {
    while (writing < writers() && !ready.isEmpty()) {
      Assembly a = ready.poll();
      writing++;
      schedule(() -> {
        try {
          long stored = data.writeChunk(a.index, a.block);
          completions.add(() -> written(a, stored));
        } catch (Throwable t) {
          completions.add(() -> writeFailed(a, t));
        }
        drain();
      });
    }
  }

  private int writers() {
    return plan == null ? 0 : plan.writers();
  }

  private void written(Assembly a, long stored) {
    writing--;
    slotsUsed--;
    int scanX = geometry.scanX();
    for (int r = 0; r < a.rows; r++) {
      for (int c = 0; c < a.width; c++) {
        if (a.valid[r * a.width + c]) writtenMask[(int) ((a.firstRow + r) * scanX + a.x0 + c)] = true;
      }
    }
    bytesRaw.addAndGet(a.block.nbytes());
    bytesStored.addAndGet(stored);
    chunksWritten.incrementAndGet();
    written.addAndGet(a.validCount);
    a.block = null;
  }

  private void writeFailed(Assembly a, Throwable t) {
    writing--;
    slotsUsed--;
    a.block = null;
    IOException e = new IOException("live .zspy writer: chunk " + a.index + " of " + target
        + " (scan rows " + a.firstRow + ".." + (a.firstRow + a.rows - 1) + ", positions " + a.x0
        + ".." + (a.x0 + a.width - 1) + ") could not be written: " + t.getMessage(), t);
    broken = true;
    stop(e, "failed");
  }

  private void schedule(Runnable task) {
    try {
      io.schedule(task);
    } catch (RuntimeException rejected) {
      completions.add(() -> {
        broken = true;
        stop(rejected, "failed");
      });
    }
  }

  // ------------------------------------------------------------------------------ the end

  /** Flushes what is open, then, once every write has ended, finalises the file and emits the result. */
  private void finish() {
    if (finalising) return;
    if (!created) {
      finalising = true;
      Throwable error = failure != null ? failure : upstreamError;
      if (error == null) {
        error = new IllegalStateException("the live stream ended without a Started event;"
            + " nothing was written to " + target);
      }
      finished.tryEmitEmpty();
      sink.error(error);
      return;
    }
    if (!flushed) {
      flushed = true;
      for (Assembly a : new ArrayList<>(open.values())) close(a);
      startWrites();
    }
    if (writing > 0 || !ready.isEmpty()) return;
    finalising = true;
    Throwable error = failure != null ? failure : upstreamError;
    String how = failure != null ? end
        : upstreamError instanceof LiveCancellationException ? "cancelled"
        : upstreamError != null ? "failed" : "completed";
    long frames = geometry.frames();
    boolean[] maskCopy = writtenMask.clone();
    long framesWritten = written.get();
    boolean complete = error == null && framesWritten == frames;
    LiveWriteReport report = new LiveWriteReport(target, frames, received.get(), framesWritten,
        lost + (error == null ? frames - cursor : 0), chunksWritten.get(), bytesRaw.get(),
        bytesStored.get(), maxLag.get(), complete,
        Duration.ofNanos(System.nanoTime() - startNanos));
    schedule(() -> {
      Throwable result = error;
      try {
        acquisition.writeAttributes(acquisitionAttributes(report, how, error));
        mask.writeAll(Block.wrap(DType.BOOL, maskCopy));
      } catch (Throwable t) {
        IOException e = new IOException("live .zspy writer: finalising the metadata of " + target
            + " failed: " + t.getMessage(), t);
        if (result == null) {
          result = e;
        } else {
          result.addSuppressed(e);
        }
      }
      finished.tryEmitValue(report);
      if (result == null) {
        sink.success(report);
      } else {
        sink.error(result);
      }
    });
  }

  /** The attributes of {@code metadata.Acquisition}. */
  private static Map<String, Object> acquisitionAttributes(LiveWriteReport r, String how,
      Throwable error) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("complete", r.complete());
    m.put("end", how);
    m.put("error", error == null ? "_None_" : String.valueOf(error.getMessage()));
    m.put("frames_expected", r.framesExpected());
    m.put("frames_received", r.framesReceived());
    m.put("frames_written", r.framesWritten());
    m.put("frames_lost", r.framesLost());
    return m;
  }

  // ------------------------------------------------------------------------------ the store

  /** Creates the store with HyperSpy's layout (blocking, on the IO scheduler). */
  private void create(Map<String, String> header) throws IOException {
    if (options.overwrite()) {
      FileTrees.deleteTree(target);
    } else {
      LiveZspyWriter.checkTarget(target, false);
    }
    ScanGeometry g = geometry;
    TreeGroupWriter root = ZspyFormat.createStore(target, options.compressor(),
        options.dimensionSeparator());
    HyperSpyWriter.Layout layout = HyperSpyWriter.writeLayout(root, template(g, header),
        ZspyFormat.FILE_FORMAT, plan.chunkShape(), LearningResults.empty(), options.exec());
    TreeGroupWriter acq = layout.metadata().createGroup("Acquisition");
    LiveWriteReport initial = new LiveWriteReport(target, g.frames(), 0, 0, 0, 0, 0, 0, 0, false,
        Duration.ZERO);
    acq.writeAttributes(acquisitionAttributes(initial, "running", null));
    mask = acq.createArray("valid_frames", Shape.of(g.scanY(), g.scanX()), DType.BOOL,
        new int[] {g.scanY(), g.scanX()});
    acquisition = acq;
    data = layout.data();
  }

  /** The signal the file describes: its data reads as zeros until written (never read here). */
  private Signal template(ScanGeometry g, Map<String, String> header) {
    ChunkGrid grid = ChunkGrid.regular(g.shape(), plan.chunkShape());
    LazyArray zeros = LazyArray.of(GeneratedSource.of("live " + target.getFileName(), g.dtype(),
        grid, p -> 0));
    Axes axes = Axes.of(
        Axis.uniform(g.scanY(), options.scanStep(), 0).withName("y").withUnits(options.scanUnits())
            .withNavigate(true),
        Axis.uniform(g.scanX(), options.scanStep(), 0).withName("x").withUnits(options.scanUnits())
            .withNavigate(true),
        Axis.uniform(g.frameHeight(), options.pixelSize(), 0).withName("dy")
            .withUnits(options.pixelUnits()),
        Axis.uniform(g.frameWidth(), options.pixelSize(), 0).withName("dx")
            .withUnits(options.pixelUnits()));
    String title = options.title();
    if (title == null) {
      String name = target.getFileName().toString();
      int dot = name.lastIndexOf('.');
      title = dot > 0 ? name.substring(0, dot) : name;
    }
    Metadata md = Metadata.empty().withTitle(title).withSignalType(options.signalType());
    return Signal.lazy(zeros, axes).withMetadata(md)
        .withOriginalMetadata(Metadata.of(originalMetadata(header)));
  }

  /** The header as a flat dictionary; dots, which metadata paths use, become underscores. */
  static Map<String, Object> originalMetadata(Map<String, String> header) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : header.entrySet()) {
      String key = e.getKey().isEmpty() ? "_" : e.getKey().replace('.', '_');
      out.put(key, e.getValue());
    }
    return out;
  }

  /** The assembly buffer of one chunk. */
  private static final class Assembly {
    final long id;
    final ChunkIndex index;
    final int rows;
    final int width;
    final long firstRow;
    final long x0;
    final long lastFrame;
    final boolean[] valid;
    Block block;
    int validCount;

    Assembly(long id, ChunkIndex index, int rows, int width, long firstRow, long x0,
        long lastFrame, Block block) {
      this.id = id;
      this.index = index;
      this.rows = rows;
      this.width = width;
      this.firstRow = firstRow;
      this.x0 = x0;
      this.lastFrame = lastFrame;
      this.valid = new boolean[rows * width];
      this.block = block;
    }
  }
}
