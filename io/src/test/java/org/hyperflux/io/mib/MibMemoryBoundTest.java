package org.hyperflux.io.mib;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.testing.ForkedProbe;
import org.hyperflux.io.FrameFileProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §3 for Merlin files: a 1 GiB {@code .mib} (a 128 × 64 scan of 256 × 256 U16 frames,
 * 1.0029 GiB on disk with the headers) is summed, by the lazy sum, by a {@link
 * org.hyperflux.core.exec.Pass} and into its navigator, twice each, in a forked JVM with a 192
 * MiB heap: every sum equals what was written and the heap never holds the data. The
 * read+decode+sum throughputs are printed, not asserted (the machine is shared).
 */
class MibMemoryBoundTest {
  private static final long MAX_HEAP = 192L << 20;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void summingAOneGibibyteMibFitsA192MiBHeap() throws Exception {
    Map<String, String> v = ForkedProbe.run(MibMemoryProbe.class, 192, 4, dir.toString(),
        "128", "64", "2");
    FrameFileProbe.check(v, 1L << 29, MAX_HEAP, 448L << 20, "mib 1 GiB (U16) read+decode+sum");
  }
}
