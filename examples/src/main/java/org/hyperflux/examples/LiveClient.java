package org.hyperflux.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.hyperflux.core.detector.FrameAnalysis;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.detector.LiveAnalysis;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveConsumer;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.LiveSignal;
import org.hyperflux.core.live.LiveSource;
import org.hyperflux.core.live.OverflowPolicy;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.io.live.LiveWriteReport;
import org.hyperflux.io.live.LiveZspyOptions;
import org.hyperflux.io.live.LiveZspyWriter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The client side of {@code live acquire} and {@code bench live}: a detector's {@link LiveSource}, a
 * {@link LiveSignal} with a {@link FrameAnalysis} built when the acquisition's geometry is known
 * (so that masks can default to the frame's centre), optionally a {@link LiveZspyWriter}, and a
 * {@link Clock} that notes when the first and the last frame batch went by. Everything is
 * attached with BLOCK: no frame is dropped; the slowest consumer paces the socket.
 */
final class LiveClient {
  final LiveSource source;
  final LiveSignal live;
  final DeferredAnalysis analysis;
  final LiveSignal.Attachment<FrameAnalysisSnapshot> analysisResult;
  final LiveZspyWriter writer;
  final LiveSignal.Attachment<LiveWriteReport> writerResult;
  final Clock clock = new Clock();

  /**
   * @param source the detector stream
   * @param analysisOf the analysis for the acquisition's geometry
   * @param write the writer's options, or null for no file
   * @param exec budget and schedulers of the analysis
   */
  LiveClient(LiveSource source, Function<ScanGeometry, FrameAnalysis> analysisOf,
      LiveZspyOptions write, ExecOptions exec) {
    this.source = Objects.requireNonNull(source, "source");
    live = LiveSignal.of(source, exec);
    analysis = new DeferredAnalysis(analysisOf, exec);
    analysisResult = live.attach("analysis", analysis, OverflowPolicy.BLOCK);
    if (write != null) {
      writer = LiveZspyWriter.of(write);
      writerResult = live.attach("writer", writer, OverflowPolicy.BLOCK);
    } else {
      writer = null;
      writerResult = null;
    }
    live.attach("clock", clock, OverflowPolicy.BLOCK);
  }

  /**
   * A {@link LiveAnalysis} made when the acquisition's {@link LiveEvent.Started} arrives, from
   * the geometry it announces. {@link #analysis()} emits it then (or completes empty when the
   * acquisition failed before starting).
   */
  static final class DeferredAnalysis implements LiveConsumer<FrameAnalysisSnapshot> {
    private final Function<ScanGeometry, FrameAnalysis> analysisOf;
    private final ExecOptions exec;
    private final Sinks.One<LiveAnalysis> made = Sinks.one();

    DeferredAnalysis(Function<ScanGeometry, FrameAnalysis> analysisOf, ExecOptions exec) {
      this.analysisOf = Objects.requireNonNull(analysisOf, "analysisOf");
      this.exec = Objects.requireNonNull(exec, "exec");
    }

    /** The analysis, once the geometry is known. */
    Mono<LiveAnalysis> analysis() {
      return made.asMono();
    }

    /** Snapshots every {@code every}, then the final one (see {@link LiveAnalysis#snapshots}). */
    Flux<FrameAnalysisSnapshot> snapshots(Duration every) {
      return analysis().flatMapMany(a -> a.snapshots(every));
    }

    @Override
    public Mono<FrameAnalysisSnapshot> consume(Flux<LiveEvent> events) {
      return events.switchOnFirst((first, all) -> {
        if (first.hasValue() && first.get() instanceof LiveEvent.Started s) {
          LiveAnalysis a;
          try {
            a = analysisOf.apply(s.geometry()).live(exec);
          } catch (RuntimeException e) {
            return Flux.<FrameAnalysisSnapshot>error(e);
          }
          made.tryEmitValue(a);
          return a.consume(all).flux();
        }
        return all.thenMany(Flux.<FrameAnalysisSnapshot>error(new IllegalStateException(
            "the acquisition did not start with its geometry")));
      }).next().doFinally(s -> made.tryEmitEmpty());
    }
  }

  /**
   * Notes when the first frame batch arrived and when the last one did, and the bytes; costs
   * nothing per frame beyond a clock read per batch.
   */
  static final class Clock implements LiveConsumer<Void> {
    private final AtomicLong first = new AtomicLong();
    private final AtomicLong last = new AtomicLong();
    private final AtomicLong firstBatchBytes = new AtomicLong();

    @Override
    public Mono<Void> consume(Flux<LiveEvent> events) {
      return events.doOnNext(e -> {
        if (e instanceof FrameBatch b) {
          long now = System.nanoTime();
          if (first.compareAndSet(0, now)) firstBatchBytes.set(b.pixels().nbytes());
          last.set(now);
        }
      }).then();
    }

    /** {@link System#nanoTime()} when the first batch arrived, 0 before. */
    long firstNanos() {
      return first.get();
    }

    /** {@link System#nanoTime()} when the latest batch arrived, 0 before the first. */
    long lastNanos() {
      return last.get();
    }
  }

  /** Writer options for {@code --codec}: lz4, none, zstd or blosc (blosc-lz4 with byte shuffle). */
  static org.hyperflux.io.zarr.ZarrCompressor codec(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "lz4" -> org.hyperflux.io.zarr.ZarrCompressor.lz4(1);
      case "none" -> org.hyperflux.io.zarr.ZarrCompressor.none();
      case "zstd" -> org.hyperflux.io.zarr.ZarrCompressor.zstd(1);
      case "blosc" -> org.hyperflux.io.zarr.ZarrCompressor.blosc("lz4", 5,
          org.hyperflux.io.zarr.ZarrCompressor.Shuffle.BYTE, 0);
      default -> throw new IllegalArgumentException(
          "Unknown codec '" + name + "'; available: [blosc, lz4, none, zstd]");
    };
  }

  /** The target of a write, for messages. */
  static String describe(Path p) {
    return p == null ? "(no file)" : p.toAbsolutePath().toString();
  }
}
