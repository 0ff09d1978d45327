package org.hyperflux.io.mib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Index;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Merlin {@code .mib} files written by {@link TestMibFiles} read back lazily through {@link
 * MibFile} and the {@link SignalFiles} facade: every value equals what was written (U08, U16,
 * U32, U64 single chip; raw quads), whole and cut in navigation and signal space, in chunks of
 * several frames; the navigation shape from the {@code .hdr}'s ScanX/ScanY, from the caller's
 * {@link LoadOptions#withNavigationShape}, or one axis of frames; the metadata and
 * original_metadata; and what {@code hyperflux info} prints of it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MibFileTest {
  @TempDir
  Path dir;

  private static void assertFrames(Signal s, TestMibFiles w, long firstFrame) {
    Block b = s.data().compute().toBlock();
    int n = w.framePixels();
    assertThat(b.dtype()).isEqualTo(w.dtype());
    for (int i = 0; i < b.length(); i++) {
      long f = firstFrame + i / n;
      long expected = w.value(f, i % n);
      if (b.getLong(i) != expected) {
        throw new AssertionError("frame " + f + " pixel " + i % n + ": read " + b.getLong(i)
            + ", written " + expected);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"U08", "U16", "U32", "U64"})
  void valuesEqualWhatWasWrittenWithTheScanOfTheHdr(String type) throws IOException {
    TestMibFiles w = TestMibFiles.of(16, 12, type);
    Path f = dir.resolve("scan_" + type + ".mib");
    w.write(f, 5 * 7);
    TestMibFiles.writeHdr(f, 7, 5, w.counterDepth);
    Signal s = SignalFiles.load(f);
    assertThat(s.isLazy()).isTrue();
    assertThat(s.toString()).isEqualTo("<LazySignal2D, title: scan_" + type
        + ", dimensions: (7, 5|16, 12)>");
    assertThat(s.dtype()).isEqualTo(w.dtype());
    assertFrames(s, w, 0);
    // In chunks of several frames that do not divide the scan, and cut in both spaces.
    MibFile mib = MibFile.open(f);
    Signal chunked = mib.signal(ChunkGrid.regular(mib.shape(), 2, 3, 12, 16));
    assertFrames(chunked, w, 0);
    Signal crop = chunked.inav(Index.range(2, 5), Index.range(1, 3)).isig(Index.range(3, 9),
        Index.range(4, 11));
    Block c = crop.data().compute().toBlock();
    int i = 0;
    for (int y = 1; y < 3; y++) {
      for (int x = 2; x < 5; x++) {
        for (int ky = 4; ky < 11; ky++) {
          for (int kx = 3; kx < 9; kx++) {
            assertThat(c.getLong(i++)).isEqualTo(w.value(y * 7L + x, ky * 16L + kx));
          }
        }
      }
    }
    assertThat(i).isEqualTo(c.length());
  }

  @Test
  void navigationShapeFromTheCallerTheOldHdrOrTheFrames() throws IOException {
    TestMibFiles w = TestMibFiles.of(8, 8, "U16");
    Path f = dir.resolve("old.mib");
    w.write(f, 24);
    // No .hdr: one axis of frames.
    assertThat(SignalFiles.load(f).toString())
        .isEqualTo("<LazySignal2D, title: old, dimensions: (24|8, 8)>");
    assertThat(SignalFiles.load(f).axes().axis(0).name()).isEqualTo("frame");
    // A .hdr of software before 1.5 (no ScanX/ScanY): still one axis; its fields are kept.
    TestMibFiles.writeOldHdr(f, 24);
    Signal old = SignalFiles.load(f);
    assertThat(old.toString()).isEqualTo("<LazySignal2D, title: old, dimensions: (24|8, 8)>");
    assertThat(old.originalMetadata().getString("hdr_file.Software Version")).hasValue("1.4.1.0");
    assertThat(old.originalMetadata().getString("mib.navigation_shape_from"))
        .hasValue("frames (no ScanX, ScanY in the .hdr)");
    // The caller's shape, (ScanY, ScanX), one extent inferred.
    LoadOptions rows = LoadOptions.defaults().withNavigationShape(4, 6);
    Signal s = SignalFiles.load(f, rows);
    assertThat(s.toString()).isEqualTo("<LazySignal2D, title: old, dimensions: (6, 4|8, 8)>");
    assertThat(s.axes().axis(0).name()).isEqualTo("y");
    assertThat(s.axes().axis(1).name()).isEqualTo("x");
    assertFrames(s, w, 0);
    assertThat(SignalFiles.load(f, LoadOptions.defaults().withNavigationShape(-1, 6)).toString())
        .isEqualTo("<LazySignal2D, title: old, dimensions: (6, 4|8, 8)>");
    assertThat(SignalFiles.load(f, LoadOptions.defaults().withNavigationShape(2, 3, 4)).toString())
        .isEqualTo("<LazySignal2D, title: old, dimensions: (4, 3, 2|8, 8)>");
    // Fewer than the file holds: the first frames.
    Signal firstTen = SignalFiles.load(f, LoadOptions.defaults().withNavigationShape(2, 5));
    assertFrames(firstTen, w, 0);
    assertThat(firstTen.originalMetadata().getLong("mib.frames_read")).hasValue(10);
    assertThat(firstTen.originalMetadata().getLong("mib.frames_in_file")).hasValue(24);
    // More: refused, naming the file and what it holds.
    assertThatThrownBy(() -> SignalFiles.load(f, LoadOptions.defaults().withNavigationShape(5, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 25 frames but Merlin file " + f + " holds 24 whole frames");
    assertThatThrownBy(() -> LoadOptions.defaults().withNavigationShape(-1, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most one -1");
    // The caller's shape overrides the .hdr's ScanX/ScanY.
    TestMibFiles.writeHdr(f, 6, 4, 12);
    assertThat(SignalFiles.load(f).toString())
        .isEqualTo("<LazySignal2D, title: old, dimensions: (6, 4|8, 8)>");
    assertThat(SignalFiles.load(f, LoadOptions.defaults().withNavigationShape(3, 8)).toString())
        .isEqualTo("<LazySignal2D, title: old, dimensions: (8, 3|8, 8)>");
  }

  @Test
  void anInterruptedScanReadsItsCompleteRowsAndExtraFramesAreLeftOut() throws IOException {
    TestMibFiles w = TestMibFiles.of(8, 4, "U08");
    Path f = dir.resolve("cut.mib");
    w.write(f, 17);
    TestMibFiles.writeHdr(f, 5, 6, 6);
    Signal s = SignalFiles.load(f);
    assertThat(s.toString()).isEqualTo("<LazySignal2D, title: cut, dimensions: (5, 3|8, 4)>");
    assertFrames(s, w, 0);
    assertThat(s.originalMetadata().getString("mib.navigation_shape_from").orElseThrow())
        .contains("complete rows of an interrupted scan (3 of 6)");
    TestMibFiles.writeHdr(f, 4, 4, 6);
    assertThat(SignalFiles.load(f).toString())
        .isEqualTo("<LazySignal2D, title: cut, dimensions: (4, 4|8, 4)>");
    TestMibFiles.writeHdr(f, 20, 4, 6);
    assertThat(SignalFiles.load(f).toString())
        .isEqualTo("<LazySignal2D, title: cut, dimensions: (17|8, 4)>");
  }

  @Test
  void metadataAndOriginalMetadata() throws IOException {
    TestMibFiles w = TestMibFiles.of(16, 12, "U16");
    Path f = dir.resolve("meta.mib");
    w.write(f, 6);
    TestMibFiles.writeHdr(f, 3, 2, 12);
    Signal s = MibFile.load(f);
    assertThat(s.metadata().title()).isEqualTo("meta");
    assertThat(s.metadata().getString(Metadata.ORIGINAL_FILENAME)).hasValue("meta.mib");
    Metadata om = s.originalMetadata();
    assertThat(om.getString("hdr_file.ScanX")).hasValue("3");
    assertThat(om.getString("hdr_file.Frames in Acquisition (Number)")).hasValue("6");
    assertThat(om.getString("frame_header.pixel_type")).hasValue("U16");
    assertThat(om.getLong("frame_header.counter_depth")).hasValue(12);
    assertThat(om.getLong("frame_header.data_offset")).hasValue(384);
    assertThat(om.getLong("frame_header.sequence")).hasValue(1);
    assertThat(om.getString("frame_header.text").orElseThrow()).startsWith("MQ1,000001,00384,01,0016,0012,U16,");
    assertThat(om.getLong("mib.frames_in_file")).hasValue(6);
    assertThat(om.getLong("mib.trailing_bytes")).hasValue(0);
    assertThat(om.getLong("mib.frame_bytes")).hasValue(384 + 2 * 16 * 12);
    assertThat(om.getString("mib.hdr_file_name")).hasValue("meta.hdr");
    assertThat(s.axes().axis(2).name()).isEqualTo("ky");
    assertThat(s.axes().axis(3).name()).isEqualTo("kx");
    assertThat(s.axes().axis(3).scale()).isEqualTo(1.0);
  }

  @Test
  void rawQuadFilesDecodeToTheAssembledFrame() throws IOException {
    for (String layout : new String[] {"2x2", "2x2G"}) {
      TestMibFiles w = TestMibFiles.rawQuad(layout, 12);
      Path f = dir.resolve("quad_" + layout + ".mib");
      w.write(f, 6);
      TestMibFiles.writeHdr(f, 3, 2, 12);
      Signal s = SignalFiles.load(f);
      int side = layout.equals("2x2G") ? 514 : 512;
      assertThat(s.toString()).isEqualTo("<LazySignal2D, title: quad_" + layout
          + ", dimensions: (3, 2|" + side + ", " + side + ")>");
      assertThat(s.dtype()).isEqualTo(DType.UINT16);
      assertFrames(s, w, 0);
      // A cut in signal space of a raw frame, across the chip boundary and the gap.
      Block c = s.inav(1, 1).isig(Index.range(250, 262), Index.range(500, side)).data().compute()
          .toBlock();
      int i = 0;
      for (int ky = 500; ky < side; ky++) {
        for (int kx = 250; kx < 262; kx++) {
          assertThat(c.getLong(i++)).isEqualTo(w.value(4, (long) ky * side + kx));
        }
      }
    }
    TestMibFiles one = TestMibFiles.rawSingle(256, 256, 1);
    Path f = dir.resolve("r1.mib");
    one.write(f, 3);
    Signal s = SignalFiles.load(f);
    assertThat(s.dtype()).isEqualTo(DType.UINT8);
    assertFrames(s, one, 0);
  }

  @Test
  void theAutomaticChunksHoldSeveralWholeFrames() throws IOException {
    TestMibFiles w = TestMibFiles.of(64, 64, "U16");
    Path f = dir.resolve("auto.mib");
    w.write(f, 40 * 30);
    TestMibFiles.writeHdr(f, 40, 30, 12);
    Signal s = MibFile.open(f).signal(ExecOptions.defaults().withBudgetBytes(8L << 20)
        .withParallelism(2));
    ChunkGrid grid = s.data().grid();
    assertThat(grid.extents(2)).containsExactly(64);
    assertThat(grid.extents(3)).containsExactly(64);
    long framesPerChunk = (long) grid.extents(0)[0] * grid.extents(1)[0];
    assertThat(framesPerChunk).isGreaterThan(1);
    assertThat(framesPerChunk * 64 * 64 * 2).isLessThanOrEqualTo(1L << 20);
    assertThat(grid.chunkCount()).isGreaterThan(1);
    Block sum = s.data().astype(DType.INT64).sum(0, 1).compute().toBlock();
    for (int p = 0; p < 64 * 64; p += 97) {
      long expected = 0;
      for (long fr = 0; fr < 1200; fr++) expected += w.value(fr, p);
      assertThat(sum.getLong(p)).isEqualTo(expected);
    }
  }

  @Test
  void theGenericLoaderDetectsMibByContentAndInfoDescribesIt() throws IOException {
    TestMibFiles w = TestMibFiles.of(16, 12, "U32");
    Path f = dir.resolve("renamed.dat");
    w.write(f, 6);
    assertThat(new MibFormat().canRead(f)).isTrue();
    assertThat(SignalFiles.formats()).anyMatch(p -> p.name().equals("mib"));
    Signal s = SignalFiles.load(f);
    assertThat(s.toString()).isEqualTo("<LazySignal2D, title: renamed.dat, dimensions: (6|16, 12)>");
    assertThat(s.axes().dimensionsString()).isEqualTo("(6|16, 12)");
    assertThat(s.data().shape().size()).isEqualTo(6L * 16 * 12);
    assertFrames(SignalFiles.load(f, LoadOptions.defaults().withLazy(false)), w, 0);
    // The navigation shape is refused for formats that store their own.
    Path zspy = dir.resolve("x.zspy");
    SignalFiles.save(s, zspy);
    assertThatThrownBy(() -> SignalFiles.load(zspy, LoadOptions.defaults().withNavigationShape(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withNavigationShape applies to files of frames");
    assertFrames(SignalFiles.load(zspy), w, 0);
  }
}
