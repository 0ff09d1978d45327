package org.hyperflux.io.blockfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.exec.AbstractSourceContractTest;
import org.hyperflux.core.exec.Source;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flux-core source contract for blockfile frames (assertions inherited), on files written by
 * {@link TestBlockfiles}: a 5 × 7 scan of 9 × 9 frames in chunks of 2 × 3 frames (dividing
 * neither scan axis), read through the default 1 MiB buffer; and a 4 × 6 scan with big-endian
 * frame headers numbered from 1, in chunks that also split the frames (3 × 4 × 4 × 5 of 11 × 11),
 * read through a 50-byte buffer so that frames and frame headers straddle buffer fills.
 */
class BlockfileSourceContractTest {
  @TempDir
  static Path dir;

  static Source source(String name, TestBlockfiles w, int buffer, int... chunks) {
    try {
      Path file = dir.resolve(name);
      w.write(file);
      Blockfile bf = Blockfile.open(file, buffer);
      return bf.frameSource(ChunkGrid.regular(bf.shape(), chunks));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Nested
  class WholeFrames extends AbstractSourceContractTest {
    @Override
    protected Source createSource() {
      TestBlockfiles w = new TestBlockfiles();
      w.nx = 7;
      w.ny = 5;
      w.dp = 9;
      return source("whole.blo", w, FrameSource.DEFAULT_BUFFER_BYTES, 2, 3, 9, 9);
    }
  }

  @Nested
  class SplitFramesSmallBuffer extends AbstractSourceContractTest {
    @Override
    protected Source createSource() {
      TestBlockfiles w = new TestBlockfiles();
      w.nx = 6;
      w.ny = 4;
      w.dp = 11;
      w.frameOrder = ByteOrder.BIG_ENDIAN;
      w.firstId = 1;
      return source("split.blo", w, 50, 3, 4, 4, 5);
    }
  }
}
