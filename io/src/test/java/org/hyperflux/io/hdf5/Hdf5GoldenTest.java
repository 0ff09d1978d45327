package org.hyperflux.io.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperflux.io.hdf5.Hdf5Fixtures.assertSameValues;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Datasets and attributes written by h5py 3.7 / libhdf5 1.10.8 (Debian) load with equal values:
 * every integer and float dtype in both byte orders and bool, contiguous, compact and chunked
 * (gzip with and without shuffle, fletcher32, lzf with chunks whose filter was skipped, chunks
 * not dividing the shape, chunks never written), every chunk index of {@code libver='latest'},
 * scalar and empty datasets, nested groups; attributes of every kind. Each dataset is read three
 * ways: through the executor, chunk by chunk through a source handle, and by {@code values()}.
 */
class Hdf5GoldenTest {
  @TestFactory
  Stream<DynamicTest> goldenDatasetsLoadWithEqualValues() throws IOException {
    List<String[]> records = Hdf5Fixtures.records("hdf5_golden.txt");
    assertThat(records).hasSizeGreaterThan(60);
    return records.stream().map(r -> DynamicTest.dynamicTest(r[0] + ":" + r[1], () -> check(r)));
  }

  private static void check(String[] r) throws IOException {
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file(r[0]))) {
      Hdf5Dataset d = f.dataset(r[1]);
      Shape shape = r[3].isEmpty() ? Shape.scalar()
          : Shape.of(Arrays.stream(r[3].split(",")).mapToLong(Long::parseLong).toArray());
      assertThat(d.shape()).isEqualTo(shape);
      assertThat(d.layout().name().toLowerCase()).isEqualTo(r[4]);
      assertThat(d.chunkShape().map(Arrays::toString).orElse("-"))
          .isEqualTo(r[5].equals("-") ? "-" : Arrays.toString(
              Arrays.stream(r[5].split(",")).mapToInt(Integer::parseInt).toArray()));
      assertThat(String.join(",", d.filters())).isEqualTo(r[6].equals("none") ? "" : r[6]);
      if (r[2].equals("vlen-str")) {
        assertThat(d.type()).isEqualTo("vlen-str");
        assertThat(d.values()).isEqualTo(List.of(r[8].split(" ")));
        return;
      }
      assertThat(d.type()).isEqualTo(r[2]);
      DType dtype = d.dtype().orElseThrow();
      Block expected = Hdf5Fixtures.block(dtype, r[8]);

      // Through the executor: chunks read on the IO scheduler, assembled.
      MemoryArray computed = d.lazy().compute();
      assertSameValues(computed.toBlock(), expected, r[1] + " computed");

      // Chunk by chunk through one handle: each chunk equals its region of the expected values.
      Source s = d.source();
      ChunkGrid grid = s.grid();
      try (SourceHandle h = s.open()) {
        for (long i = 0; i < grid.chunkCount(); i++) {
          ChunkIndex idx = grid.index(i);
          Region region = grid.region(idx);
          assertSameValues(h.readChunk(idx), RegionCopy.extract(expected, Region.whole(shape), region),
              r[1] + " chunk " + idx);
        }
      }

      // values(): nested lists of plain values.
      List<Object> flat = Hdf5Fixtures.flatten(d.values());
      assertThat(flat).hasSize(expected.length());
      for (int i = 0; i < flat.size(); i++) {
        Object v = flat.get(i);
        if (dtype.isBool()) {
          assertThat(v).isEqualTo(expected.getLong(i) != 0);
        } else if (dtype.isFloat()) {
          assertThat(Double.doubleToLongBits((Double) v))
              .isEqualTo(Double.doubleToLongBits(expected.getDouble(i)));
        } else if (dtype == DType.UINT64 && expected.getLong(i) < 0) {
          assertThat(v).isEqualTo(new BigInteger(Long.toUnsignedString(expected.getLong(i))));
        } else {
          assertThat(v).isEqualTo(expected.getLong(i));
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> goldenAttributesLoadAsPlainValues() throws IOException {
    List<String[]> records = Hdf5Fixtures.records("hdf5_attrs.txt");
    assertThat(records).hasSizeGreaterThan(50);
    return records.stream().map(r -> DynamicTest.dynamicTest(
        r[0] + ":" + r[1] + "@" + r[2] + " (" + r[3] + ")", () -> {
          try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file(r[0]))) {
            Map<String, Object> attrs = f.isGroup(r[1]) ? f.group(r[1]).attributes()
                : f.dataset(r[1]).attributes();
            assertThat(attrs).containsKey(r[2]);
            Object actual = attrs.get(r[2]);
            Object expected = Hdf5Fixtures.expected(r[4], true);
            assertThat(actual).isEqualTo(expected);
          }
        }));
  }
}
