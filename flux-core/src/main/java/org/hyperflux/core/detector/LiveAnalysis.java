package org.hyperflux.core.detector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveConsumer;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link FrameAnalysis} running on a live acquisition while it is acquired (DESIGN §6): attach
 * it to a {@link org.hyperflux.core.live.LiveSignal}; its result is the final snapshot.
 *
 * <pre>{@code
 * LiveAnalysis analysis = FrameAnalysis.create().withNavigator().withSumFrame()
 *     .withDetector("vbf", DetectorMask.disc(128, 128, 20)).withCentreOfMass().live(options);
 * analysis.snapshots(Duration.ofSeconds(1)).subscribe(view::show);
 * var handle = live.attach(analysis);
 * live.start().subscribe();
 * analysis.replaceMask("vbf", DetectorMask.disc(120, 130, 25)); // the image restarts
 * }</pre>
 *
 * <p><b>How it runs.</b> Frame batches are handed, in acquisition order, to up to
 * {@code options.parallelism()} rails on {@code options.cpu()} (never on the source's thread,
 * which for a socket is its event loop; only the one-time set-up at {@code Started} runs there).
 * Each rail has its own sum frame and latest frame; navigation-shaped values are written straight
 * at each frame's position by the same fused {@link FrameKernel} as offline, so per-position
 * values equal {@link FrameAnalysis#offline} bit for bit. Demand: at most one batch per rail is
 * in flight, so under BLOCK the analysis paces the acquisition.
 *
 * <p><b>Snapshots</b> ({@link #snapshot()}, {@link #snapshots}) lock each rail between two
 * batches, so they are never concurrent with the fold of a rail's state; a slow viewer of
 * {@link #snapshots} only misses intervals and never slows the analysis.
 *
 * <p><b>Replacing a mask</b> ({@link #replaceMask}) takes effect at the next batch handed to a
 * rail; every position stores the version of the mask it was computed with, and an image's valid
 * mask covers only positions of its current version, so a batch still in flight with the old
 * mask never counts.
 *
 * <p><b>Failure.</b> When the acquisition fails, every batch that arrived is still analysed, a
 * last snapshot is published, and the result fails with the same error. Consumes one acquisition;
 * thread-safe.
 */
public final class LiveAnalysis implements LiveConsumer<FrameAnalysisSnapshot> {
  private final FrameAnalysis analysis;
  private final ExecOptions options;
  private final int rails;
  private final AtomicBoolean consumed = new AtomicBoolean();
  private final List<String> names;

  private final Object maskLock = new Object();
  private final DetectorMask[] masks;
  private final int[] versions;
  private volatile FrameKernel kernel;
  private volatile Run run;

  private final Sinks.One<Boolean> ended = Sinks.one();
  private volatile FrameAnalysisSnapshot last;
  private volatile Throwable failure;

  LiveAnalysis(FrameAnalysis analysis, ExecOptions options) {
    this.analysis = Objects.requireNonNull(analysis, "analysis");
    this.options = Objects.requireNonNull(options, "options");
    this.rails = options.parallelism();
    this.names = analysis.detectorNames();
    this.masks = analysis.detectors().values().toArray(new DetectorMask[0]);
    this.versions = new int[masks.length];
  }

  /** The analysis this runs. */
  public FrameAnalysis analysis() {
    return analysis;
  }

  /**
   * Replaces the mask of detector {@code name} from the next batch on; its image restarts (see
   * the class comment). Callable from any thread, before or during the scan.
   *
   * @throws IllegalArgumentException for an unknown name or a mask that does not fit the frames
   */
  public void replaceMask(String name, DetectorMask mask) {
    Objects.requireNonNull(mask, "mask");
    int m = analysis.detectorIndex(name);
    synchronized (maskLock) {
      FrameKernel k = kernel;
      if (k != null) {
        DetectorMask.Compiled c;
        try {
          c = mask.compile(k.height, k.width);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("detector '" + name + "': " + e.getMessage(), e);
        }
        kernel = k.withMask(m, c, versions[m] + 1);
      }
      versions[m]++;
      masks[m] = mask;
    }
  }

  @Override
  public Mono<FrameAnalysisSnapshot> consume(Flux<LiveEvent> events) {
    return Mono.defer(() -> {
      if (!consumed.compareAndSet(false, true)) {
        return Mono.error(new IllegalStateException(
            "a LiveAnalysis consumes one acquisition; make another for the next one"));
      }
      return events
          .<Work>handle((e, sink) -> {
            if (e instanceof LiveEvent.Started s) {
              try {
                start(s.geometry());
              } catch (RuntimeException x) {
                sink.error(x);
              }
            } else if (e instanceof FrameBatch b) {
              Run r = run;
              if (r == null) {
                sink.error(new IllegalStateException(
                    "the acquisition sent frames " + b.first() + ".." + (b.end() - 1)
                        + " before Started"));
              } else if (b.end() > r.positions || b.framePixels() != r.geometry.framePixels()
                  || b.pixels().dtype() != r.geometry.dtype()) {
                sink.error(new IllegalStateException(
                    "the acquisition sent frames " + b.first() + ".." + (b.end() - 1) + " of "
                        + b.framePixels() + " " + b.pixels().dtype().numpyName()
                        + " pixels, which do not fit its " + r.geometry));
              } else {
                sink.next(new Work(b, kernel));
              }
            }
          })
          .flatMapDelayError(w -> Mono.fromRunnable(() -> process(w)).subscribeOn(options.cpu()),
              rails, 1)
          .then(Mono.fromCallable(() -> {
            FrameAnalysisSnapshot s = snapshotNow();
            last = s;
            ended.tryEmitValue(Boolean.TRUE);
            return s;
          }))
          .onErrorResume(e -> {
            if (run != null) last = snapshotNow();
            failure = e;
            ended.tryEmitValue(Boolean.TRUE);
            return Mono.error(e);
          });
    });
  }

  /**
   * Snapshots every {@code every} while the analysis runs, then the final snapshot; then
   * completes, or fails with the acquisition's error. LATEST semantics: a slow subscriber misses
   * intervals, never slowing the analysis; nothing is emitted before the acquisition started.
   * Snapshots are taken on Reactor's parallel scheduler.
   */
  public Flux<FrameAnalysisSnapshot> snapshots(Duration every) {
    if (every == null || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("snapshot interval must be > 0, got " + every);
    }
    return Flux.interval(every, every, Schedulers.parallel())
        .onBackpressureDrop()
        .takeUntilOther(ended.asMono())
        .concatMap(t -> Mono.justOrEmpty(snapshot()), 1)
        .concatWith(Mono.defer(() -> Mono.justOrEmpty(last)))
        .concatWith(Flux.defer(() -> failure == null ? Flux.empty() : Flux.error(failure)));
  }

  /** A snapshot now, or empty before the acquisition started. Thread-safe. */
  public Optional<FrameAnalysisSnapshot> snapshot() {
    return run == null ? Optional.empty() : Optional.of(snapshotNow());
  }

  // ----------------------------------------------------------------------------- internals

  private record Work(FrameBatch batch, FrameKernel kernel) {}

  /** One rail's thread-confined state, guarded by its lock. */
  private static final class Rail {
    final ReentrantLock lock = new ReentrantLock();
    final Object sum;
    final BitSet valid = new BitSet();
    final FrameKernel.Scratch scratch;
    long frames;
    long latestIndex = -1;
    Block latest;

    Rail(FrameKernel k, boolean sumFrame) {
      sum = sumFrame ? k.newSum() : null;
      scratch = k.scratch();
    }
  }

  /** Everything allocated once the geometry is known. */
  private static final class Run {
    final ScanGeometry geometry;
    final int positions;
    final long[] navL;
    final double[] navD;
    final double[][] det;
    final int[][] version;
    final double[] comX;
    final double[] comY;
    final List<Rail> all = new ArrayList<>();
    final ConcurrentLinkedQueue<Rail> free = new ConcurrentLinkedQueue<>();

    Run(ScanGeometry g, FrameKernel k, int masks, boolean com, int rails, boolean sumFrame) {
      geometry = g;
      positions = (int) g.frames();
      navL = k.floating ? null : new long[positions];
      navD = k.floating ? new double[positions] : null;
      det = new double[masks][positions];
      version = new int[masks][positions];
      comX = com ? new double[positions] : null;
      comY = com ? new double[positions] : null;
      for (int i = 0; i < rails; i++) {
        Rail r = new Rail(k, sumFrame);
        all.add(r);
        free.add(r);
      }
    }
  }

  private void start(ScanGeometry g) {
    if (run != null) throw new IllegalStateException("the acquisition sent Started twice");
    if (g.frames() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a live analysis holds at most 2^31-9 positions, got " + g);
    }
    long positional = g.frames() * (8L * (1 + masks.length + 2) + 4L * masks.length);
    long perRail = g.framePixels() * 8L * 3 + g.frameBytes() + g.frameWidth() * 32L;
    long bytes = positional + rails * perRail;
    if (bytes > options.budgetBytes()) {
      throw new IllegalArgumentException(
          "the live analysis of " + g + " with " + masks.length + " detectors on " + rails
              + " rails holds " + bytes + " bytes, over the budget of " + options.budgetBytes()
              + " bytes: raise the budget or use fewer cores");
    }
    FrameKernel k = analysis.compile(g);
    synchronized (maskLock) {
      for (int m = 0; m < masks.length; m++) {
        DetectorMask.Compiled c;
        try {
          c = masks[m].compile(g.frameHeight(), g.frameWidth());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("detector '" + names.get(m) + "': " + e.getMessage(), e);
        }
        k = k.withMask(m, c, versions[m]);
      }
      run = new Run(g, k, masks.length, analysis.centreOfMass(), rails, analysis.sumFrame());
      kernel = k;
    }
  }

  private void process(Work w) {
    Run r = run;
    Rail rail = r.free.poll();
    if (rail == null) throw new IllegalStateException("more batches in flight than rails");
    rail.lock.lock();
    try {
      FrameBatch b = w.batch();
      FrameKernel k = w.kernel();
      FrameKernel.Scratch s = rail.scratch;
      int fp = b.framePixels();
      Object array = b.pixels().array();
      int at = b.pixels().offset();
      int masksN = k.masks.length;
      for (int i = 0; i < b.count(); i++, at += fp) {
        int f = (int) (b.first() + i);
        k.frame(array, at, rail.sum, s);
        if (r.navL != null) r.navL[f] = s.totalL;
        else r.navD[f] = s.totalD;
        for (int m = 0; m < masksN; m++) {
          r.det[m][f] = s.det[m];
          r.version[m][f] = k.versions[m];
        }
        if (r.comX != null) {
          r.comX[f] = s.comX;
          r.comY[f] = s.comY;
        }
      }
      rail.valid.set((int) b.first(), (int) b.end());
      rail.frames += b.count();
      if (analysis.latestFrame() && b.end() - 1 > rail.latestIndex) {
        if (rail.latest == null) rail.latest = Block.allocate(b.pixels().dtype(), fp);
        rail.latest.copyFrom(b.pixels(), (b.count() - 1) * fp, 0, fp);
        rail.latestIndex = b.end() - 1;
      }
    } finally {
      rail.lock.unlock();
      r.free.offer(rail);
    }
  }

  private FrameAnalysisSnapshot snapshotNow() {
    Run r = run;
    int[] current;
    synchronized (maskLock) {
      current = versions.clone();
    }
    ScanGeometry g = r.geometry;
    FrameKernel k = kernel;
    BitSet valid = new BitSet(r.positions);
    Object sum = analysis.sumFrame() ? k.newSum() : null;
    long frames = 0;
    long latestIndex = -1;
    Block latest = null;
    for (Rail rail : r.all) {
      rail.lock.lock();
      try {
        valid.or(rail.valid);
        if (sum != null) FrameAnalysisAccumulator.add(sum, rail.sum);
        frames += rail.frames;
        if (rail.latestIndex > latestIndex) {
          latestIndex = rail.latestIndex;
          latest = rail.latest.copy();
        }
      } finally {
        rail.lock.unlock();
      }
    }
    // Every position in valid was written before its rail's lock was released above.
    DType sumType = FrameAnalysis.sumType(g.dtype());
    Partial<Block> nav = null;
    if (analysis.navigator()) {
      Object values = r.navL != null ? r.navL.clone() : r.navD.clone();
      nav = FrameAnalysisSnapshot.image(sumType, values, valid, r.positions);
    }
    Map<String, Partial<Block>> dets = new LinkedHashMap<>();
    for (int m = 0; m < names.size(); m++) {
      BitSet v = (BitSet) valid.clone();
      int[] ver = r.version[m];
      for (int p = v.nextSetBit(0); p >= 0; p = v.nextSetBit(p + 1)) {
        if (ver[p] != current[m]) v.clear(p);
      }
      dets.put(names.get(m), FrameAnalysisSnapshot.image(DType.FLOAT64, r.det[m].clone(), v, r.positions));
    }
    Partial<Block> cx = r.comX == null ? null
        : FrameAnalysisSnapshot.image(DType.FLOAT64, r.comX.clone(), valid, r.positions);
    Partial<Block> cy = r.comY == null ? null
        : FrameAnalysisSnapshot.image(DType.FLOAT64, r.comY.clone(), valid, r.positions);
    return new FrameAnalysisSnapshot(g, frames, r.positions, nav, dets, cx, cy,
        sum == null ? null : Block.wrap(sumType, sum), latest, latestIndex);
  }
}
