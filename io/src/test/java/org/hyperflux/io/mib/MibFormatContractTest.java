package org.hyperflux.io.mib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.exec.AbstractSourceContractTest;
import org.hyperflux.core.exec.Source;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.FormatProviderContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MibFormat} meets the {@link FormatProviderContract} with a small U16 file and its
 * {@code .hdr} as sample; its frame source meets the flux-core source contract on U32 frames in
 * chunks of 2 × 3 frames (dividing neither scan axis) read through the default buffer, and on
 * raw 2x2G quad frames in chunks that also split the frames (in y), read through a 100-byte buffer
 * (one frame per read).
 */
class MibFormatContractTest extends FormatProviderContract {
  @TempDir
  static Path samples;

  @Override
  protected FormatProvider provider() {
    return new MibFormat();
  }

  @Override
  protected Path sample() {
    try {
      Path f = samples.resolve("sample.mib");
      TestMibFiles w = TestMibFiles.of(16, 12, "U16");
      w.write(f, 12);
      TestMibFiles.writeHdr(f, 4, 3, 12);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Source source(String name, TestMibFiles w, long frames, long[] nav, int buffer,
      int... chunks) {
    try {
      Path file = samples.resolve(name);
      w.write(file, frames);
      MibFile mib = MibFile.open(file, nav, buffer);
      return mib.frameSource(ChunkGrid.regular(mib.shape(), chunks));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Nested
  class WholeFrames extends AbstractSourceContractTest {
    @Override
    protected Source createSource() {
      return source("whole.mib", TestMibFiles.of(9, 7, "U32"), 35, new long[] {5, 7},
          MibFrameSource.DEFAULT_BUFFER_BYTES, 2, 3, 7, 9);
    }
  }

  @Nested
  class SplitRawQuadFrames extends AbstractSourceContractTest {
    @Override
    protected Source createSource() {
      return source("quad.mib", TestMibFiles.rawQuad("2x2G", 6), 6, new long[] {2, 3}, 100,
          2, 2, 300, 514);
    }
  }
}
