package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Arrays written by zarr-python 2.13 / numcodecs 0.11 (Debian) load with equal metadata and
 * values: every dtype in both byte orders, every compressor and Blosc shuffle, Blosc frames with
 * many blocks and a leftover block, both chunk-key separators, chunks never written (NaN,
 * integer, -inf and boolean fill values), a 0-d array, a zero-length axis and chunks larger than
 * the shape. Arrays hyperflux refuses fail naming the {@code .zarray} and the reason.
 */
class ZarrGoldenTest {
  @TestFactory
  Stream<DynamicTest> goldenArraysLoadWithEqualValues() throws IOException {
    List<String[]> records = Fixtures.records("zarr_golden.txt");
    assertThat(records).hasSizeGreaterThan(40);
    return records.stream().map(r -> DynamicTest.dynamicTest(r[0], () -> check(r)));
  }

  private static void check(String[] r) throws IOException {
    String name = r[0];
    ZarrArray a = ZarrArray.open(Fixtures.dir("arrays/" + name));
    ZarrArrayMetadata m = a.metadata();
    assertThat(m.dtypeString()).isEqualTo(r[1]);
    assertThat(m.shape()).isEqualTo(Shape.of(longs(r[2])));
    assertThat(m.chunkShape()).containsExactly(ints(r[3]));
    assertThat(m.dimensionSeparator()).isEqualTo(r[4]);
    String compressor = r[5];
    if (compressor.startsWith("blosc-")) {
      String[] c = compressor.split("-");
      assertThat(m.compressor().id()).isEqualTo("blosc");
      assertThat(m.compressor().config()).containsEntry("cname", c[1])
          .containsEntry("clevel", Integer.parseInt(c[2]))
          .containsEntry("shuffle", Integer.parseInt(c[3]))
          .containsEntry("blocksize", Integer.parseInt(c[4]));
    } else if (compressor.equals("none")) {
      assertThat(m.compressor().isNone()).isTrue();
    } else {
      assertThat(m.compressor().id()).isEqualTo(compressor);
    }
    assertThat(jsonOf(m)).isEqualTo(r[6]);

    Block expected = Fixtures.block(m.dtype(), r[7]);
    // Through the executor (reads scheduled on the IO scheduler, chunks assembled) ...
    MemoryArray computed = a.lazy().compute();
    Fixtures.assertSameValues(computed.toBlock(), expected, name);
    // ... and chunk by chunk through a handle.
    ChunkGrid grid = m.grid();
    Region all = Region.whole(m.shape());
    try (var h = a.source().open()) {
      for (long i = 0; i < grid.chunkCount(); i++) {
        ChunkIndex idx = grid.index(i);
        Region region = grid.region(idx);
        Block want = RegionCopy.extract(expected, all, region);
        Fixtures.assertSameValues(h.readChunk(idx), want, name + " chunk " + idx);
      }
    }
  }

  private static String jsonOf(ZarrArrayMetadata m) {
    Object j = m.fillValue().toJson(m.dtype());
    if (j == null) return "null";
    if (j instanceof String) return "\"" + j + "\"";
    if (j instanceof Double) {
      double d = (Double) j;
      return d == Math.rint(d) && Math.abs(d) < 1e16 ? String.format("%.1f", d) : Double.toString(d);
    }
    return j.toString();
  }

  private static long[] longs(String csv) {
    return csv.isEmpty() ? new long[0] : Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
  }

  private static int[] ints(String csv) {
    return csv.isEmpty() ? new int[0] : Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  @TestFactory
  Stream<DynamicTest> refusedArraysFailNamingTheFileAndTheReason() throws IOException {
    return Fixtures.records("zarr_bad.txt").stream().map(r -> DynamicTest.dynamicTest(r[0], () ->
        assertThatThrownBy(() -> ZarrArray.open(Fixtures.dir("bad/" + r[0])))
            .isInstanceOf(ZarrFormatException.class)
            .hasMessageContaining(r[1])
            .hasMessageContaining(Fixtures.dir("bad/" + r[0]).resolve(".zarray").toString())));
  }
}
