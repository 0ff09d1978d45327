package org.hyperflux.io.blockfile;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.hyperflux.io.FrameFileProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §3 for blockfiles: a 1 GiB blockfile (128 × 128 frames of 256 × 256 uint8, written from
 * Java in the layout HyperSpy writes) is summed, by the lazy sum, by a {@link
 * org.hyperflux.core.exec.Pass} and into its virtual image, twice each, in a forked JVM with a
 * 256 MiB heap: every sum equals what was written and the heap never holds the data. The
 * read+sum throughputs are printed, not asserted (the machine is shared).
 */
class BlockfileMemoryBoundTest {
  private static final long MAX_HEAP = 256L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void summingAOneGibibyteBlockfileFitsA256MiBHeap() throws Exception {
    Map<String, String> v = ForkedProbe.run(BlockfileMemoryProbe.class, 256, 4, dir.toString(),
        "128", "2");
    FrameFileProbe.check(v, 1L << 30, MAX_HEAP, 512L << 20, "blockfile 1 GiB read+sum");
  }
}
