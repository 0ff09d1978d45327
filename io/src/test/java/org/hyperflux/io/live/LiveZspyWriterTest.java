package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.live.LiveAcquisitionException;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.zarr.ZarrArray;
import org.hyperflux.io.zarr.ZarrCompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The live {@code .zspy} writer driven by in-memory scans: the file equals what was sent in
 * every chunking, with batches that do not align with rows or chunks, with gaps, after a
 * failure or a cancel (KEEP_PARTIAL: finalised, marked incomplete, the mask right, the error
 * propagated), and the target and budget are checked before any frame is accepted.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LiveZspyWriterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  /** Checks the file's data against the generator: frames that arrived equal, the others 0. */
  static void assertData(Path file, LiveScans.Stream s) throws Exception {
    ScanGeometry g = s.geometry;
    Signal back = SignalFiles.load(file);
    assertThat(back.data().shape()).isEqualTo(g.shape());
    assertThat(back.dtype()).isEqualTo(g.dtype());
    Block b = back.data().compute().toBlock();
    short[] a = (short[]) b.array();
    int fp = g.framePixels();
    for (long k = 0; k < g.frames(); k++) {
      boolean arrived = s.arrives(k);
      for (int py = 0; py < g.frameHeight(); py++) {
        for (int px = 0; px < g.frameWidth(); px++) {
          int expected = arrived ? LiveScans.pixel(g, k, py, px) : 0;
          int got = a[b.offset() + (int) k * fp + py * g.frameWidth() + px] & 0xFFFF;
          if (got != expected) {
            throw new AssertionError("frame " + k + " pixel (" + py + ", " + px + ") is " + got
                + ", expected " + expected + (arrived ? "" : " (never arrived)"));
          }
        }
      }
    }
    boolean[][] mask = LiveZspyFiles.validFrames(file);
    for (long k = 0; k < g.frames(); k++) {
      assertThat(mask[g.row(k)][g.column(k)]).as("valid frame %d", k).isEqualTo(s.arrives(k));
    }
  }

  static int[] chunkShape(Path file, String title) throws Exception {
    return ZarrArray.open(file.resolve("Experiments").resolve(title).resolve("data")).metadata()
        .chunkShape();
  }

  @Test
  void aCompleteScanIsWrittenInRowChunksAndLoadsWithItsAxesAndMetadata() throws Exception {
    ScanGeometry g = LiveScans.geometry(5, 7, 12, 10);
    LiveScans.Stream s = new LiveScans.Stream(g).batch(3);
    Path file = dir.resolve("scan.zspy");
    LiveZspyWriter w = LiveZspyWriter.of(LiveZspyOptions.to(file)
        .withScanCalibration(2.5, "nm").withDetectorCalibration(0.1, "1/nm")
        .withSignalType("electron_diffraction"));
    StepVerifier.create(w.consume(s.events()))
        .assertNext(r -> {
          assertThat(r.complete()).isTrue();
          assertThat(r.framesExpected()).isEqualTo(35);
          assertThat(r.framesReceived()).isEqualTo(35);
          assertThat(r.framesWritten()).isEqualTo(35);
          assertThat(r.framesLost()).isZero();
          assertThat(r.chunksWritten()).isEqualTo(5);
          assertThat(r.bytesRaw()).isEqualTo(g.frames() * g.frameBytes());
          assertThat(r.bytesStored()).isPositive();
          assertThat(r.path()).isEqualTo(file.toAbsolutePath().normalize());
        })
        .expectComplete()
        .verify(WAIT);
    assertThat(w.lag()).isZero();
    assertThat(chunkShape(file, "scan")).containsExactly(1, 7, 12, 10);
    assertData(file, s);

    Signal back = SignalFiles.load(file);
    assertThat(back.axes().rank()).isEqualTo(4);
    List<String> names = List.of("y", "x", "dy", "dx");
    for (int i = 0; i < 4; i++) {
      Axis a = back.axes().axis(i);
      assertThat(a.name()).isEqualTo(names.get(i));
      assertThat(a.navigate()).isEqualTo(i < 2);
      assertThat(a.scale()).isEqualTo(i < 2 ? 2.5 : 0.1);
      assertThat(a.units()).isEqualTo(i < 2 ? "nm" : "1/nm");
    }
    Metadata md = back.metadata();
    assertThat(md.title()).isEqualTo("scan");
    assertThat(md.signalType()).isEqualTo("electron_diffraction");
    assertThat(md.getBoolean("Acquisition.complete")).contains(true);
    assertThat(md.getString("Acquisition.end")).contains("completed");
    assertThat(md.getLong("Acquisition.frames_expected")).hasValue(35);
    assertThat(md.getLong("Acquisition.frames_received")).hasValue(35);
    assertThat(md.get("Acquisition.error")).isEmpty();
    assertThat(back.originalMetadata().getString("ScanX")).contains("7");
    assertThat(back.originalMetadata().getString("Bias_Voltage (V)")).contains("120.0");
    assertThat(LiveZspyFiles.isComplete(file)).isTrue();
  }

  @Test
  void chunksOfPartRowsOrSeveralRowsHoldWhatBatchesSpanningThemSent() throws Exception {
    ScanGeometry g = LiveScans.geometry(7, 9, 6, 5);
    int[][] chunkings = {{2, 4}, {3, 0}, {0, 4}, {7, 9}};
    int[] batches = {4, 11, 1, 63};
    for (int i = 0; i < chunkings.length; i++) {
      LiveScans.Stream s = new LiveScans.Stream(g).batch(batches[i]);
      Path file = dir.resolve("c" + i + ".zspy");
      LiveZspyOptions o = LiveZspyOptions.to(file).withCompressor(i % 2 == 0
          ? ZarrCompressor.none() : ZarrCompressor.zspyDefault());
      if (chunkings[i][0] > 0) o = o.withRowsPerChunk(chunkings[i][0]);
      if (chunkings[i][1] > 0) o = o.withColumnsPerChunk(chunkings[i][1]);
      LiveWriteReport r = LiveZspyWriter.of(o).consume(s.events()).block(WAIT);
      assertThat(r.complete()).as(o.toString()).isTrue();
      LiveWritePlan plan = LiveZspyWriter.checkBudget(g, o);
      assertThat(chunkShape(file, "c" + i)).as(o.toString()).containsExactly(plan.chunkShape());
      assertThat(plan.rowsPerChunk()).isEqualTo(chunkings[i][0] == 0 ? 1 : chunkings[i][0]);
      assertThat(plan.columnsPerChunk()).isEqualTo(chunkings[i][1] == 0 ? 9 : chunkings[i][1]);
      assertData(file, s);
    }
  }

  @Test
  void gapsLeaveTheirFramesUnwrittenAndTheFileIncomplete() throws Exception {
    ScanGeometry g = LiveScans.geometry(6, 5, 4, 4);
    // a gap inside a row, one spanning a row boundary, and a whole row (its chunk is not written)
    LiveScans.Stream s = new LiveScans.Stream(g).batch(4).gap(2, 1).gap(8, 4).gap(15, 5);
    Path file = dir.resolve("gaps.zspy");
    StepVerifier.create(LiveZspyWriter.of(LiveZspyOptions.to(file)).consume(s.events()))
        .assertNext(r -> {
          assertThat(r.complete()).isFalse();
          assertThat(r.framesLost()).isEqualTo(10);
          assertThat(r.framesWritten()).isEqualTo(20);
          assertThat(r.chunksWritten()).isEqualTo(5);
        })
        .expectComplete()
        .verify(WAIT);
    assertData(file, s);
    assertThat(Files.exists(file.resolve("Experiments/gaps/data/3/0/0/0"))).isFalse();
    Metadata acq = LiveZspyFiles.acquisition(file);
    assertThat(acq.getBoolean("complete")).contains(false);
    assertThat(acq.getString("end")).contains("completed");
    assertThat(acq.getLong("frames_lost")).hasValue(10);
  }

  @Test
  void aSenderThatDisconnectsMidScanLeavesAReadableIncompleteFileAndItsError() throws Exception {
    ScanGeometry g = LiveScans.geometry(6, 7, 8, 8);
    LiveScans.Stream s = new LiveScans.Stream(g).batch(5).failAfter(17);
    Path file = dir.resolve("failed.zspy");
    LiveZspyWriter w = LiveZspyWriter.of(LiveZspyOptions.to(file));
    StepVerifier.create(w.consume(s.events()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(LiveAcquisitionException.class)
            .hasMessageContaining("after 17 of 42 frames"))
        .verify(WAIT);
    LiveWriteReport r = w.report().block(WAIT);
    assertThat(r.complete()).isFalse();
    assertThat(r.framesWritten()).isEqualTo(17);
    assertThat(r.chunksWritten()).isEqualTo(3);
    assertData(file, s);
    Metadata acq = LiveZspyFiles.acquisition(file);
    assertThat(acq.getBoolean("complete")).contains(false);
    assertThat(acq.getString("end")).contains("failed");
    assertThat(acq.getString("error").orElseThrow()).contains("disconnected");
    assertThat(acq.getLong("frames_received")).hasValue(17);
    assertThat(acq.getLong("frames_expected")).hasValue(42);
  }

  @Test
  void cancellingTheWriterStopsTheAcquisitionAndFinalisesTheFile() throws Exception {
    ScanGeometry g = LiveScans.geometry(4, 6, 4, 4);
    LiveScans.Stream s = new LiveScans.Stream(g).batch(4).stallAfter(10);
    Flux<LiveEvent> stalls = s.events();
    Path file = dir.resolve("cancelled.zspy");
    LiveZspyWriter w = LiveZspyWriter.of(LiveZspyOptions.to(file));
    StepVerifier.create(w.consume(stalls))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50))
        .then(() -> awaitReceived(w, 10))
        .thenCancel()
        .verify(WAIT);
    LiveWriteReport r = w.report().block(WAIT);
    assertThat(s.cancelled).isTrue();
    assertThat(r.complete()).isFalse();
    assertThat(r.framesWritten()).isEqualTo(10);
    assertData(file, s);
    assertThat(LiveZspyFiles.acquisition(file).getString("end")).contains("cancelled");
  }

  static void awaitReceived(LiveZspyWriter w, long frames) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (w.framesReceived() < frames) {
      if (System.nanoTime() > end) throw new AssertionError("only " + w.framesReceived() + " frames arrived");
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void anExistingTargetIsRefusedBeforeAnyFrameUnlessOverwriting() throws Exception {
    Path file = dir.resolve("exists.zspy");
    Files.createDirectories(file);
    Files.writeString(file.resolve("keep.txt"), "mine");
    assertThatThrownBy(() -> LiveZspyWriter.of(LiveZspyOptions.to(file)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("withOverwrite(true)");

    // appearing after the writer was built: refused when the acquisition starts
    Path later = dir.resolve("later.zspy");
    LiveZspyWriter w = LiveZspyWriter.of(LiveZspyOptions.to(later));
    Files.createDirectories(later);
    Files.writeString(later.resolve("keep.txt"), "mine");
    LiveScans.Stream s = new LiveScans.Stream(LiveScans.geometry(2, 3, 4, 4));
    StepVerifier.create(w.consume(s.events()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(later.toString()))
        .verify(WAIT);
    assertThat(s.requested.get()).isEqualTo(1);
    assertThat(s.cancelled).isTrue();
    assertThat(Files.readString(later.resolve("keep.txt"))).isEqualTo("mine");

    LiveScans.Stream again = new LiveScans.Stream(LiveScans.geometry(2, 3, 4, 4));
    LiveWriteReport r = LiveZspyWriter.of(LiveZspyOptions.to(file).withOverwrite(true))
        .consume(again.events()).block(WAIT);
    assertThat(r.complete()).isTrue();
    assertThat(file.resolve("keep.txt")).doesNotExist();
    assertData(file, again);
  }

  @Test
  void theBudgetIsCheckedBeforeAnyFrameIsAcceptedOrWritten() throws Exception {
    ScanGeometry g = LiveScans.geometry(4, 8, 64, 64); // 8 KiB frames, 64 KiB rows
    Path file = dir.resolve("budget.zspy");
    LiveZspyOptions tight = LiveZspyOptions.to(file).withRowsPerChunk(2)
        .withExec(ExecOptions.defaults().withBudgetBytes(300_000));
    assertThatThrownBy(() -> LiveZspyWriter.checkBudget(g, tight))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("chunks of 2 scan rows x 8 positions are 0.1 MiB")
        .hasMessageContaining("budget is 0.3 MiB")
        .hasMessageContaining("withRowsPerChunk(1)");
    LiveScans.Stream s = new LiveScans.Stream(g);
    StepVerifier.create(LiveZspyWriter.of(tight).consume(s.events()))
        .expectError(PlanException.class)
        .verify(WAIT);
    assertThat(s.requested.get()).isEqualTo(1);
    assertThat(s.emittedFrames.get()).isZero();
    assertThat(file).doesNotExist();

    // by default a row that does not fit is split into equal parts that do
    LiveZspyOptions small = LiveZspyOptions.to(file)
        .withExec(ExecOptions.defaults().withBudgetBytes(200_000).withParallelism(2));
    LiveWritePlan plan = LiveZspyWriter.checkBudget(g, small);
    assertThat(plan.rowsPerChunk()).isEqualTo(1);
    assertThat(plan.columnsPerChunk()).isEqualTo(4);
    assertThat(plan.peakBytes()).isLessThanOrEqualTo(200_000);
    LiveScans.Stream split = new LiveScans.Stream(g).batch(5);
    assertThat(LiveZspyWriter.of(small).consume(split.events()).block(WAIT).complete()).isTrue();
    assertThat(chunkShape(file, "budget")).containsExactly(1, 4, 64, 64);
    assertData(file, split);

    assertThatThrownBy(() -> LiveZspyWriter.checkBudget(g, LiveZspyOptions.to(file)
        .withExec(ExecOptions.defaults().withBudgetBytes(30_000))))
        .isInstanceOf(PlanException.class).hasMessageContaining("a frame alone does not fit");
  }

  @Test
  void aMalformedStreamFailsAndKeepsWhatArrived() throws Exception {
    ScanGeometry g = LiveScans.geometry(3, 4, 4, 4);
    Path file = dir.resolve("malformed.zspy");
    Flux<LiveEvent> events = Flux.just(new LiveEvent.Started(g, Map.of()),
        new org.hyperflux.core.live.FrameBatch(0, 5, LiveScans.frames(g, 0, 5)),
        new org.hyperflux.core.live.FrameBatch(3, 2, LiveScans.frames(g, 3, 2)));
    StepVerifier.create(LiveZspyWriter.of(LiveZspyOptions.to(file)).consume(events))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("frames 3..4 arrived after frame 4"))
        .verify(WAIT);
    LiveScans.Stream s = new LiveScans.Stream(g).failAfter(5);
    assertData(file, s);
  }

  @Test
  void aWriteErrorNamesTheFileAndChunkAndKeepsWhatWasWritten() throws Exception {
    ScanGeometry g = LiveScans.geometry(4, 3, 4, 4);
    LiveScans.Stream s = new LiveScans.Stream(g).batch(3);
    Path file = dir.resolve("broken.zspy");
    // once the store exists, a file where row 2's chunk directory should be makes its write fail
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    Flux<LiveEvent> events = s.events().doOnRequest(n -> {
      if (requests.incrementAndGet() == 2) {
        try {
          Files.writeString(file.resolve("Experiments/broken/data/2"), "in the way");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    LiveZspyWriter w = LiveZspyWriter.of(LiveZspyOptions.to(file));
    StepVerifier.create(w.consume(events))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(java.io.IOException.class)
            .hasMessageContaining(file.toAbsolutePath().normalize().toString())
            .hasMessageContaining("chunk [2, 0, 0, 0]"))
        .verify(WAIT);
    boolean[][] mask = LiveZspyFiles.validFrames(file);
    assertThat(mask[0]).containsOnly(true);
    assertThat(mask[1]).containsOnly(true);
    assertThat(mask[2]).containsOnly(false);
    assertThat(LiveZspyFiles.isComplete(file)).isFalse();
    assertThat(w.report().block(WAIT).framesWritten()).isEqualTo(w.framesWritten());
  }

  @Test
  void aStreamThatFailsBeforeStartingWritesNothingAndAWriterIsUsedOnce() throws Exception {
    Path file = dir.resolve("never.zspy");
    LiveZspyWriter w = LiveZspyWriter.of(LiveZspyOptions.to(file));
    LiveAcquisitionException refused = new LiveAcquisitionException("test sender",
        "the connection was refused", 0, 0, null);
    StepVerifier.create(w.consume(Flux.error(refused)))
        .expectErrorSatisfies(e -> assertThat(e).isSameAs(refused))
        .verify(WAIT);
    StepVerifier.create(w.report()).expectComplete().verify(WAIT);
    assertThat(file).doesNotExist();
    StepVerifier.create(w.consume(Flux.empty()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("one writer per acquisition"))
        .verify(WAIT);
    StepVerifier.create(LiveZspyWriter.of(LiveZspyOptions.to(file)).consume(Flux.empty()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("without a Started event"))
        .verify(WAIT);
    assertThat(file).doesNotExist();
  }
}
