package org.hyperflux.io.mib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.SourceReadException;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening is lazy: a scan of 256 × 256 frames of 256 × 256 uint16 (8.6 GB of pixels) in a sparse
 * file where only four frames are written opens and becomes a signal reading only the first
 * frame's header; reading one frame reads just that frame (every other frame would fail on its
 * header of zeros), and reading an unwritten frame fails naming it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MibLazyTest {
  private static final long[] WRITTEN = {0, 1, 200 * 256 + 17, 256 * 256 - 1};

  @TempDir
  Path dir;

  @Test
  void aHugeSparseFileOpensAndReadsOnlyTheFramesAsked() throws IOException {
    TestMibFiles w = TestMibFiles.of(256, 256, "U16");
    Path f = dir.resolve("huge.mib");
    w.writeSparse(f, 256L * 256, WRITTEN);
    TestMibFiles.writeHdr(f, 256, 256, 12);
    assertThat(Files.size(f)).isEqualTo(65_536L * (384 + 131_072));
    Signal s = SignalFiles.load(f);
    assertThat(s.toString()).isEqualTo("<LazySignal2D, title: huge, dimensions: (256, 256|256, 256)>");
    assertThat(s.data().shape().size() * 2).isGreaterThan(8_500_000_000L);
    Block one = s.inav(17, 200).data().compute().toBlock();
    for (int p = 0; p < one.length(); p += 331) {
      assertThat(one.getLong(p)).isEqualTo(w.value(WRITTEN[2], p));
    }
    assertThat(s.inav(255, 255).data().astype(DType.INT64).sum().compute().getLong())
        .isEqualTo(frameSum(w, WRITTEN[3]));
    assertThatThrownBy(() -> s.inav(2, 0).data().compute())
        .isInstanceOf(SourceReadException.class)
        .cause().isInstanceOf(MibFrameException.class)
        .hasMessageContaining("frame 2 (at byte " + 2 * w.frameBytes() + ") of Merlin file " + f)
        .hasMessageContaining("does not start with 'MQ1,'");
  }

  private static long frameSum(TestMibFiles w, long frame) {
    long s = 0;
    for (int p = 0; p < w.framePixels(); p++) s += w.value(frame, p);
    return s;
  }
}
