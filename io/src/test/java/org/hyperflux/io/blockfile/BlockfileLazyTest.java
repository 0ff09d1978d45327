package org.hyperflux.io.blockfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.SourceReadException;
import org.hyperflux.core.signal.Index;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's example at its real size: a blockfile of 333 × 400 frames of 512 × 512 (34.9 GB of
 * pixels, HyperSpy's {@code (400, 333|512, 512)}) opens and becomes a signal without reading a
 * frame, and reading a few frames reads just those. The file is sparse: only the header, the
 * virtual bright-field image and four frames are written, every other frame reads as zeros, so
 * reading any of them would fail on its frame header.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BlockfileLazyTest {
  private static final long[] WRITTEN = {0, 1, 200 * 400 + 17, 333 * 400 - 1};

  @TempDir
  Path dir;

  private Path file;
  private TestBlockfiles w;

  @BeforeEach
  void writeSparseFile() throws IOException {
    w = new TestBlockfiles();
    w.nx = 400;
    w.ny = 333;
    w.dp = 512;
    file = dir.resolve("shish26.02-6.blo");
    w.writeSparse(file, WRITTEN);
  }

  @Test
  void seedSizedFileOpensLazilyWithHyperSpysDimensions() throws IOException {
    assertThat(Files.size(file)).isEqualTo(w.fileSize()).isGreaterThan(34_917_580_800L);
    Blockfile bf = Blockfile.open(file);
    Signal s = bf.signal(ExecOptions.defaults().withBudgetBytes(1L << 30).withParallelism(8));
    assertThat(s.toString()).isEqualTo("<LazySignal2D, title: , dimensions: (400, 333|512, 512)>");
    assertThat(s.data().shape().size()).isEqualTo(34_917_580_800L);
    ChunkGrid grid = s.data().grid();
    // Whole frames; chunks of at most min(128 MiB, 1 GiB / (4 × 8)) = 32 MiB.
    assertThat(grid.extents(2)).containsExactly(512);
    assertThat(grid.extents(3)).containsExactly(512);
    assertThat(grid.extents(0)[0] * grid.extents(1)[0] * 512L * 512).isLessThanOrEqualTo(32L << 20);
    assertThat(bf.header().frameCount()).isEqualTo(133_200);
  }

  @Test
  void readingFramesReadsOnlyThoseFrames() throws IOException {
    for (int buffer : new int[] {FrameSource.DEFAULT_BUFFER_BYTES, 1000}) {
      Signal s = Blockfile.open(file, buffer).signal();
      Signal one = s.inav(17, 200).compute();
      assertThat(one.toString()).isEqualTo("<Signal2D, title: , dimensions: (|512, 512)>");
      Block b = one.memory().orElseThrow().toBlock();
      for (int p = 0; p < b.length(); p += 997) {
        assertThat(b.getLong(p)).isEqualTo(TestBlockfiles.value(WRITTEN[2], p));
      }
      // A crop of the first two frames and of the last, straight from the file.
      Signal crop = s.inav(Index.range(0, 2), Index.of(0)).isig(Index.range(100, 103),
          Index.range(300, 302));
      Block c = crop.data().compute().toBlock();
      assertThat(c.length()).isEqualTo(2 * 2 * 3);
      for (int i = 0; i < c.length(); i++) {
        int frame = i / 6;
        int ky = 300 + (i % 6) / 3;
        int kx = 100 + i % 3;
        assertThat(c.getLong(i)).isEqualTo(TestBlockfiles.value(frame, ky * 512L + kx));
      }
      Signal last = s.inav(399, 332);
      assertThat(last.data().astype(org.hyperflux.core.array.DType.INT64).sum().compute().getLong())
          .isEqualTo(frameSum(WRITTEN[3]));
      // A frame never written fails on its frame header, naming it.
      assertThatThrownBy(() -> s.inav(2, 0).compute())
          .isInstanceOf(SourceReadException.class)
          .cause()
          .isInstanceOf(BlockfileFrameException.class)
          .hasMessageContaining("frame 2 (scan position y=0, x=2")
          .hasMessageContaining("starts with bytes 00 00");
    }
    Signal vbf = Blockfile.open(file).virtualBrightField();
    Block image = vbf.data().slice(0, 200, 201, 1).compute().toBlock();
    assertThat(image.getLong(17)).isEqualTo(TestBlockfiles.vbf(WRITTEN[2]));
    assertThat(Region.whole(vbf.data().shape()).size()).isEqualTo(333 * 400);
  }

  private static long frameSum(long frame) {
    long s = 0;
    for (long p = 0; p < 512L * 512; p++) s += TestBlockfiles.value(frame, p);
    return s;
  }
}
