package org.hyperflux.io.blockfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.SourceHandle;

/**
 * Lazy equals eager for blockfile frames: files of random geometry (scan axes of length 0, 1 or
 * more, so squeezed or not; frames of 0 to 9 pixels a side; frame headers in either byte order
 * and numbered from 0 to 3) written by {@link TestBlockfiles}, read through random buffers (1 byte
 * up to several frames), give for any region exactly the plain-loop reference {@link
 * TestBlockfiles#value}, read directly by region and computed through a random regular chunk grid.
 */
class BlockfileRegionPropertiesTest {
  private static Path dir;
  private static final AtomicInteger FILES = new AtomicInteger();

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("blockfile-properties");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  @Property(tries = 150, seed = "20240917")
  void anyRegionThroughAnyBufferAndGridEqualsThePlainLoop(
      @ForAll @IntRange(min = 0, max = 6) int nx,
      @ForAll @IntRange(min = 0, max = 5) int ny,
      @ForAll @IntRange(min = 0, max = 9) int dp,
      @ForAll boolean bigEndian,
      @ForAll @IntRange(min = 0, max = 3) int firstId,
      @ForAll @IntRange(min = 1, max = 400) int buffer,
      @ForAll Random random) throws IOException {
    TestBlockfiles w = new TestBlockfiles();
    w.nx = nx;
    w.ny = ny;
    w.dp = dp;
    w.frameOrder = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    w.firstId = firstId;
    Path file = dir.resolve("p" + FILES.incrementAndGet() + ".blo");
    w.write(file);
    Blockfile bf = Blockfile.open(file, buffer);
    Shape shape = bf.shape();
    assertThat(shape.rank()).isEqualTo(2 + (nx == 1 ? 0 : 1) + (ny == 1 ? 0 : 1));

    FrameSource source = bf.frameSource(ChunkGrid.single(shape));
    try (SourceHandle h = source.open()) {
      for (int k = 0; k < 4; k++) {
        Region r = randomRegion(shape, random);
        assertThat(values(h.readRegion(r))).as("region %s", r).containsExactly(expected(w, r));
      }
    }
    int[] chunks = new int[shape.rank()];
    for (int a = 0; a < chunks.length; a++) {
      chunks[a] = 1 + random.nextInt((int) Math.max(1, shape.dim(a)));
    }
    Block all = bf.signal(ChunkGrid.regular(shape, chunks)).data().compute().toBlock();
    assertThat(values(all)).containsExactly(expected(w, Region.whole(shape)));
    Files.delete(file);
  }

  private static Region randomRegion(Shape shape, Random random) {
    long[] offset = new long[shape.rank()];
    int[] extent = new int[shape.rank()];
    for (int a = 0; a < offset.length; a++) {
      int dim = (int) shape.dim(a);
      offset[a] = random.nextInt(dim + 1);
      extent[a] = random.nextInt((int) (dim - offset[a]) + 1);
    }
    return Region.of(offset, extent);
  }

  /** The plain loop: every element of {@code r} from the writer's value function. */
  private static int[] expected(TestBlockfiles w, Region r) {
    int[] out = new int[r.size()];
    int rank = r.rank();
    long[] idx = new long[rank];
    for (int i = 0; i < out.length; i++) {
      long rem = i;
      for (int a = rank - 1; a >= 0; a--) {
        idx[a] = r.offset(a) + rem % r.extent(a);
        rem /= r.extent(a);
      }
      int a = 0;
      long y = w.ny == 1 ? 0 : idx[a++];
      long x = w.nx == 1 ? 0 : idx[a++];
      long ky = idx[a];
      long kx = idx[a + 1];
      out[i] = TestBlockfiles.value(y * w.nx + x, ky * w.dp + kx);
    }
    return out;
  }

  private static int[] values(Block b) {
    int[] out = new int[b.length()];
    for (int i = 0; i < out.length; i++) out[i] = (int) b.getLong(i);
    return out;
  }
}
