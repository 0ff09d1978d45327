package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrays and groups written by hyperflux load in zarr-python (Debian's zarr 2.13) with equal
 * dtype, shape, chunks, fill value, values and attributes: every dtype, every compressor, both
 * byte orders and separators, edge chunks, chunks never written (NaN fill), a 0-d array and a
 * zero-length axis. Skipped (reported as skipped, never passed) when {@code /usr/bin/python3}
 * cannot import zarr; {@code .ci/run} installs {@code python3-zarr} where it can.
 */
@EnabledIf("org.hyperflux.io.zarr.PythonZarr#available")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ZarrPythonRoundTripTest {
  @TempDir
  Path tmp;

  @Test
  void arraysWrittenHereLoadInZarrPython() throws Exception {
    Path root = tmp.resolve("root.zarr");
    ZarrGroup group = ZarrGroup.create(root);
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("file_format", "ZSpy");
    attrs.put("nan", Double.NaN);
    attrs.put("inf", Double.NEGATIVE_INFINITY);
    attrs.put("big", 1L << 40);
    attrs.put("flag", false);
    attrs.put("none", null);
    attrs.put("nested", Map.of("list", List.of(1, 2.5, "x"), "_None_", "_None_"));
    group.writeAttributes(attrs);

    Map<String, Block> expected = new HashMap<>();
    Shape shape = Shape.of(9, 7, 5);
    int[] chunks = {4, 3, 5};
    List<ZarrCompressor> compressors = ZarrArrayWriteTest.compressors();
    int k = 0;
    for (DType dtype : DType.values()) {
      for (int j = 0; j < 2; j++) {
        ZarrCompressor c = compressors.get((k + 3 * j) % compressors.size());
        ByteOrder order = j == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        String sep = (k + j) % 2 == 0 ? "." : "/";
        String name = "a" + k++ + "_" + dtype.numpyName();
        ZarrArray a = group.createArray(name, ZarrArrayMetadata.of(shape, chunks, dtype)
            .withCompressor(c).withByteOrder(order).withDimensionSeparator(sep));
        LazyArray data = ZarrArrayWriteTest.ramp(dtype, shape, chunks);
        a.write(data, ExecOptions.defaults()).block(Duration.ofMinutes(1));
        expected.put(name, data.compute().toBlock());
      }
    }
    // Chunks never written read as NaN in zarr-python as well.
    ZarrArray holes = group.createArray("holes", ZarrArrayMetadata.of(Shape.of(5, 5), new int[] {3, 3}, DType.FLOAT32)
        .withFillValue(FillValue.of(Double.NaN)).withDimensionSeparator("/"));
    Block nine = Block.allocate(DType.FLOAT32, 9);
    for (int i = 0; i < 9; i++) nine.setDouble(i, i + 0.5);
    holes.writeChunk(ChunkIndex.of(0, 0), nine);
    expected.put("holes", holes.lazy().compute().toBlock());
    ZarrArray scalar = group.createGroup("sub").createArray("scalar",
        ZarrArrayMetadata.of(Shape.scalar(), new int[0], DType.INT64).withCompressor(ZarrCompressor.zstd(1)));
    Block one = Block.allocate(DType.INT64, 1);
    one.setLong(0, -1234567890123L);
    scalar.writeChunk(ChunkIndex.of(), one);
    expected.put("sub/scalar", one);
    ZarrArray empty = group.createArray("empty", ZarrArrayMetadata.of(Shape.of(0, 4), new int[] {2, 4}, DType.UINT16));
    expected.put("empty", Block.allocate(DType.UINT16, 0));

    List<String> lines = PythonZarr.run(script(), root.toString());
    Map<String, String[]> seen = new HashMap<>();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      seen.put(f[0] + ":" + f[1], f);
    }
    assertThat(seen).containsKeys("group:", "group:sub", "array:holes", "array:sub/scalar", "array:empty");
    assertThat(seen.get("group:")[2]).isEqualTo("{\"big\": 1099511627776, \"file_format\": \"ZSpy\","
        + " \"flag\": false, \"inf\": -Infinity, \"nan\": NaN, \"nested\": {\"_None_\": \"_None_\","
        + " \"list\": [1, 2.5, \"x\"]}, \"none\": null}");
    for (Map.Entry<String, Block> e : expected.entrySet()) {
      String[] f = seen.get("array:" + e.getKey());
      assertThat(f).as("zarr-python saw array %s; output:%n%s", e.getKey(), String.join("\n", lines)).isNotNull();
      ZarrArrayMetadata m = ZarrArray.open(root.resolve(e.getKey())).metadata();
      assertThat(f[2]).as("dtype of " + e.getKey()).isEqualTo(m.dtypeString());
      assertThat(f[3]).isEqualTo(csv(m.shape().dims()));
      assertThat(f[4]).isEqualTo(csv(m.chunkShape()));
      Fixtures.assertSameValues(Fixtures.block(m.dtype(), f[6]), e.getValue(), "zarr-python's " + e.getKey());
    }
    assertThat(seen.get("array:holes")[5]).isEqualTo("NaN");
    assertThat(seen.get("array:a0_bool")[5]).isEqualTo("false");
    assertThat(seen.get("array:empty")[6]).isEmpty();
  }

  private static String csv(long[] v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) b.append(i > 0 ? "," : "").append(v[i]);
    return b.toString();
  }

  private static String csv(int[] v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) b.append(i > 0 ? "," : "").append(v[i]);
    return b.toString();
  }

  private static Path script() throws IOException {
    try {
      return Path.of(ZarrPythonRoundTripTest.class.getResource("/zarr/read_with_zarr_python.py").toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }
}
